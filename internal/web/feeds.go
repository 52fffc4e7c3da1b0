package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
)

// baseURL is the scheme and host the request came to, for the absolute
// URLs that feeds and sitemaps need.
func (s *Server) baseURL(r *http.Request) string {
	scheme := "http"
	if s.behindTLS || r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Link      atomLink   `xml:"link"`
	Author    atomPerson `xml:"author"`
	Summary   string     `xml:"summary,omitempty"`
	Category  *atomCat   `xml:"category,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feed serves /feed.atom of a site, and /chuyen-muc/{slug}/feed.atom of
// one category: the 20 newest published items, for readers and for the
// Government portal that aggregates provinces' news (REQ-03).
func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	q := content.Public{SiteIDs: []int64{st.ID}, Lang: lang, Limit: 20}
	self := st.URL(langPath(lang, "/feed.atom"))
	title := st.DisplayName(lang)
	var cat *content.Category
	if slug := r.PathValue("slug"); slug != "" {
		c, err := s.content.CategoryBySlug(r.Context(), st.ID, slug)
		if err != nil {
			return err
		}
		cat, q.CategoryID = c, c.ID
		self = st.URL(langPath(lang, "/chuyen-muc/"+c.Slug+"/feed.atom"))
		title = c.DisplayName(lang) + " – " + title
	}
	items, _, err := s.content.Published(r.Context(), q)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := atomFeed{Lang: lang, ID: base + self, Title: title, Author: atomPerson{Name: st.DisplayName(lang)},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + st.URL(langPath(lang, "/"))}}}
	updated := st.CreatedAt
	for _, it := range items {
		e := atomEntry{ID: base + st.URL(it.URL()), Title: it.Rev.Title, Link: atomLink{Href: base + st.URL(it.URL())},
			Author: atomPerson{Name: it.Rev.Author}, Summary: it.Rev.Summary}
		if it.PublishedAt != nil {
			e.Updated = it.PublishedAt.UTC().Format(time.RFC3339)
			if it.PublishedAt.After(updated) {
				updated = *it.PublishedAt
			}
		}
		if it.FirstPublishedAt != nil {
			e.Published = it.FirstPublishedAt.UTC().Format(time.RFC3339)
		}
		if cat != nil {
			e.Category = &atomCat{Term: cat.Slug, Label: cat.DisplayName(lang)}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(w, "application/atom+xml; charset=utf-8", f)
}

// langPath puts the /en prefix before an English path.
func langPath(lang, p string) string {
	if lang == "en" {
		return "/en" + p
	}
	return p
}

// robots tells crawlers what not to index: the staff area and sign-in.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	var b strings.Builder
	b.WriteString("User-agent: *\nDisallow: /quan-tri/\nDisallow: /dang-nhap\n")
	if st != nil {
		b.WriteString("Sitemap: " + s.baseURL(r) + st.URL("/sitemap.xml") + "\n")
		if st.Main {
			all, err := s.sites.List(r.Context())
			if err != nil {
				return err
			}
			for _, o := range all {
				if !o.Main && o.Host == "" && o.Status == site.Active {
					b.WriteString("Sitemap: " + s.baseURL(r) + o.URL("/sitemap.xml") + "\n")
				}
			}
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte(b.String()))
	return err
}

func writeXML(w http.ResponseWriter, ctype string, v any) error {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Write([]byte(xml.Header))
	_, err = w.Write(out)
	return err
}
