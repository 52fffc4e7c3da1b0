package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
)

// The lists a report's figures count (issue 18: "each figure links to
// the list it counts"): the staff item list narrowed by section, kind
// and the period of first publication or of creation, and the feedback
// list narrowed to the requests received in a period.

// reportFilters reads the item list's report parameters — chuyen-muc
// (a category id of the site), loai (a kind), dang and tao (periods of
// first publication and creation, as ?ky= of the reports) — into f, and
// says them in words. An unknown value is an error the reader sees, not
// a silently wider list.
func (s *Server) reportFilters(r *http.Request, st *site.Site, f *content.Filter) ([]string, map[string]string, error) {
	q, lang := r.URL.Query(), langOf(r)
	var said []string
	keep := map[string]string{}
	if v := q.Get("chuyen-muc"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		cats, err := s.content.Categories(r.Context(), st.ID)
		if err != nil {
			return nil, nil, err
		}
		var name string
		for _, c := range cats {
			if c.ID == id {
				name = c.DisplayName(lang)
			}
		}
		if name == "" {
			return nil, nil, errNotFound
		}
		f.CategoryID, keep["chuyen-muc"] = id, v
		said = append(said, translate(lang, "report.list.section")+" "+name)
	}
	if v := q.Get("loai"); v != "" {
		k := content.Kind(v)
		if !k.Valid() {
			return nil, nil, errNotFound
		}
		f.Kind, keep["loai"] = k, v
		said = append(said, k.Label(lang))
	}
	for _, x := range []struct {
		param, label string
		span         *content.Span
	}{{"dang", "report.list.published", &f.Published}, {"tao", "report.list.created", &f.Created}} {
		v := q.Get(x.param)
		if v == "" {
			continue
		}
		p, err := report.ParsePeriod(v)
		if err != nil {
			return nil, nil, err
		}
		*x.span, keep[x.param] = content.Span{From: p.From, To: p.To}, v
		said = append(said, translate(lang, x.label)+" "+p.Label(lang))
	}
	return said, keep, nil
}

// ItemsLink is the staff list of a site's items narrowed by the
// parameters given in pairs (name, value), for a report's figure.
func (p *reportPage) ItemsLink(st *site.Site, pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return "/quan-tri/s/" + st.Code + "/noi-dung?" + v.Encode()
}

// SiteOf is the site of a report's line by id (the report's own site
// for a site report).
func (p *reportPage) SiteOf(id int64) *site.Site {
	for _, s := range p.A.Scope.Sites {
		if s.ID == id {
			return s
		}
	}
	return p.Site
}

// SectionLink is the list of a required section's items created in the
// period.
func (p *reportPage) SectionLink(t *report.SectionTimeliness) string {
	return p.ItemsLink(p.SiteOf(t.SiteID), "chuyen-muc", strconv.FormatInt(t.CategoryID, 10), "tao", p.Period.Value)
}

// PublishedLink is the list of the site's items first published in the
// period, of kind k when given.
func (p *reportPage) PublishedLink(k content.Kind) string {
	if k == "" {
		return p.ItemsLink(p.Site, "dang", p.Period.Value)
	}
	return p.ItemsLink(p.Site, "dang", p.Period.Value, "loai", string(k))
}

// CategoryLink is the list of one section's items first published in
// the period.
func (p *reportPage) CategoryLink(c *report.SectionCount) string {
	return p.ItemsLink(p.SiteOf(c.SiteID), "chuyen-muc", strconv.FormatInt(c.CategoryID, 10), "dang", p.Period.Value)
}

// FeedbackLink is the site's requests received in the period, every
// state.
func (p *reportPage) FeedbackLink() string {
	return "/quan-tri/s/" + p.Site.Code + "/kien-nghi?ky=" + url.QueryEscape(p.Period.Value)
}
