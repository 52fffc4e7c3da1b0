package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/workflow"
)

//go:embed all:templates
var templateFS embed.FS

// Page is what every page template gets: the language, the site, the
// person signed in (if any) and the helpers the layouts need.
type Page struct {
	Lang  string
	Title string
	Site  *site.Site   // the site being viewed (public) or worked on (admin)
	Main  *site.Site   // the main portal
	Sites []*site.Site // for menus and the site map
	User  *account.User
	Path  string // the request path within the site, for the language switch
	// Categories of the site, for the menu (those marked in_menu) and the
	// site map.
	Categories []*content.Category
	Notice     string
	// Description is the page's meta description; the site's by default.
	Description string
	Errors      []string
	// Invalid holds, by form field name, the message of each field of a
	// form sent back with errors: render marks those fields aria-invalid
	// and ties each to its message (see markInvalid).
	Invalid map[string]string
	// Base is the scheme and host of a public page's request, for the
	// absolute URLs some links need (hreflang).
	Base string
	// Upkeep is the maintenance banner of a public page (maintenance.go),
	// nil when there is nothing to announce.
	Upkeep  *upkeepBanner
	assets  *assets
	Version string
	// channels are the site's official channels on its home page, for
	// the JSON-LD that names them (SiteJSONLD, channel_public.go).
	channels []*channel.Channel
}

// T translates a catalogue key into the page's language. A key written
// in a template as a constant ({{.T "home"}}) is translated once, when
// the templates are loaded (writeInPhrases); T serves the others.
func (p *Page) T(key string) string { return translate(p.Lang, key) }

// language is the page's language, which picks its templates.
func (p *Page) language() string { return p.Lang }

// Common is the page itself. The layouts bind it once ({{$p := .Common}})
// and read its fields from it: a field that a page struct has through
// its embedded Page would otherwise be searched for, level by level, at
// every use (text/template looks fields up by name each time).
func (p *Page) Common() *Page { return p }

// navLink is an entry of a public page's main menu.
type navLink struct {
	URL, Label string
	AccessKey  string // "1" for the home page, "3" for the site map (accessibility guidelines)
	Current    bool   // the page shown: aria-current
}

// Nav is the main menu of a public page: the home and introduction
// pages, the categories marked for the menu, then the sections every
// site has.
func (p *Page) Nav() []navLink {
	nav := make([]navLink, 0, 9+len(p.Categories))
	add := func(path, label, key string) {
		nav = append(nav, navLink{URL: p.Link(path), Label: label, AccessKey: key, Current: p.Path == path})
	}
	add("/", p.T("home"), "1")
	add("/gioi-thieu", p.T("intro"), "")
	for _, c := range p.Categories {
		if c.InMenu {
			add(c.URL("vi"), c.DisplayName(p.Lang), "")
		}
	}
	for _, s := range []struct{ path, key string }{{"/van-ban", "legal.menu"}, {"/lay-y-kien", "cs.menu"}, {"/to-chuc", "dir.menu"},
		{"/dich-vu-cong", "services"}, {"/hoi-dap", "qa.title"}, {"/lien-he", "contact"}} {
		add(s.path, p.T(s.key), "")
	}
	add("/so-do-trang", p.T("sitemap"), "3")
	return nav
}

// Asset returns a fingerprinted static URL.
func (p *Page) Asset(name string) string { return p.assets.URL(name) }

// HasAsset reports whether a static file was built into the binary: the
// editor bundle exists only after `npm run build`, and the item form works
// without it.
func (p *Page) HasAsset(name string) bool { _, ok := p.assets.url[name]; return ok }

// Home is the URL of the current site's home page in the page's language.
func (p *Page) Home() string { return p.Link("/") }

// Link turns a site-relative path into a URL on the current site, in the
// page's language.
func (p *Page) Link(path string) string {
	if p.Lang == "en" {
		if path == "/" {
			path = "/en/"
		} else {
			path = "/en" + path
		}
	}
	if p.Site == nil {
		return path
	}
	return p.Site.URL(path)
}

// OtherLang is the URL of the same page in the other language.
func (p *Page) OtherLang() string {
	other := &Page{Lang: "en", Site: p.Site}
	if p.Lang == "en" {
		other.Lang = "vi"
	}
	return other.Link(p.Path)
}

// Date writes t as Vietnamese words ("ngày 13 tháng 6 năm 2011") or English.
func (p *Page) Date(t time.Time) string {
	if p.Lang == "en" {
		return vn.DateWordsEN(t.In(vn.ICT))
	}
	return vn.DateWords(t.In(vn.ICT))
}

// DateTime writes t with hour and date in the page's language.
func (p *Page) DateTime(t time.Time) string {
	t = t.In(vn.ICT)
	return t.Format("15:04") + ", " + p.Date(t)
}

// Year is the current year, for the copyright line.
func (p *Page) Year() int { return time.Now().In(vn.ICT).Year() }

// renderer holds one parsed template set per page and language.
type renderer struct {
	// pages holds each page's templates by language: the catalogue's
	// fixed phrases are written into them (see writeInPhrases).
	pages map[string]map[string]*template.Template
}

// languages are those a page can be rendered in (Page.Lang).
var languages = []string{"vi", "en"}

var funcs = template.FuncMap{
	"kindLabel": func(k site.Kind, lang string) string { return k.Label(lang) },
	"roleLabel": func(r account.Role, lang string) string { return r.Label(lang) },
	"kindName":  func(k content.Kind, lang string) string { return k.Label(lang) },
	"stateName": func(s content.State, lang string) string { return s.Label(lang) },
	"stepName":  func(a workflow.Action, lang string) string { return a.Label(lang) },
	"msg":       func(m apperr.Msg, lang string) string { return m.In(lang) },
	// safe marks HTML that the richtext sanitiser produced on the way in.
	"safe": func(s string) template.HTML { return template.HTML(s) },
	"localTime": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(vn.ICT).Format("2006-01-02T15:04")
	},
	// The fields of dates in forms, day first (formdates.go).
	"dayField":   dayField,
	"momentText": momentText,
	"momentOf":   momentOf,
	"queueList": func(p *workspacePage, key string, items []*content.Item) queueBlock {
		return queueBlock{Page: p.AdminPage, Work: p.Work, Key: key, Items: items}
	},
	"srcset": media.Srcset,
	// isoWords writes an ISO date (YYYY-MM-DD) in the page's words.
	"isoWords":   func(p *articlePage, day string) string { return dayWords(p.Page, day) },
	"statuses":   func() []legal.Status { return legal.Statuses },
	"legalKinds": func() []legal.Kind { return legal.Kinds },
	"legalKindLabel": func(k legal.Kind, lang string) string {
		return legal.Relation{Kind: k, Outgoing: true}.Label(lang)
	},
	"isoDate": func(t *time.Time) string { return t.In(vn.ICT).Format("2006-01-02") },
	// teasers and teasersFrom make the teasers of a list (see teasers).
	"teasers": func(p *Page, items []*content.Item) []teaserData { return teasers(p, items, nil) },
	"teasersFrom": func(p *Page, items []*content.Item, sites map[int64]*site.Site) []teaserData {
		return teasers(p, items, sites)
	},
	"upper": strings.ToUpper,
}

// langPrefix is the /en of an English item's URL, which Page.Link adds.
func langPrefix(it *content.Item) string {
	if it.Lang == "en" {
		return "/en"
	}
	return ""
}

// queueBlock is one list of the work queue.
type queueBlock struct {
	Page  *AdminPage
	Work  *site.Site
	Key   string
	Items []*content.Item
}

// loadTemplates parses each page in templates/public and templates/admin
// together with its layout and partials, once per language, with the
// catalogue's phrases written in.
func loadTemplates() (*renderer, error) { return parseTemplates(true) }

// parseTemplates is loadTemplates; without writeIn the phrases stay
// actions, which the test comparing the two needs.
func parseTemplates(writeIn bool) (*renderer, error) {
	rd := &renderer{pages: map[string]map[string]*template.Template{}}
	for _, lang := range languages {
		for _, area := range []string{"public", "admin"} {
			base, err := template.New(area).Funcs(funcs).ParseFS(templateFS, "templates/"+area+"/_*.html")
			if err != nil {
				return nil, fmt.Errorf("parse %s layout: %w", area, err)
			}
			files, err := fs.Glob(templateFS, "templates/"+area+"/[a-z]*.html")
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
				if err != nil {
					return nil, fmt.Errorf("parse %s: %w", f, err)
				}
				if writeIn {
					if err := writeInPhrases(t, lang); err != nil {
						return nil, fmt.Errorf("%s: %w", f, err)
					}
				}
				name := area + "/" + strings.TrimSuffix(strings.TrimPrefix(f, "templates/"+area+"/"), ".html")
				if rd.pages[name] == nil {
					rd.pages[name] = map[string]*template.Template{}
				}
				rd.pages[name][lang] = t
			}
		}
	}
	return rd, nil
}

// pageData is what pages are rendered from: a Page, or a struct that
// embeds a Page or an AdminPage, whose language picks the templates.
type pageData interface{ language() string }

// render executes page name into a buffer first, so that a template error
// becomes a clean error page rather than half a page.
func (rd *renderer) render(w http.ResponseWriter, status int, name string, data pageData) error {
	t, ok := rd.pages[name][data.language()]
	if !ok {
		return fmt.Errorf("no template %q in %q", name, data.language())
	}
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	out := buf.Bytes()
	if f, ok := data.(invalidForm); ok {
		if fields := f.invalidFields(); len(fields) > 0 {
			out = markInvalid(out, fields)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(out)
	return err
}
