package web

import (
	"net/http"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// publicPage fills the common part of a public page for r's site,
// with the site's categories, which the main menu shows: every public
// page, error pages included, gets its menu here, so no page can show a
// shorter one. A handler that must not render a page without them (one
// the page cache keeps) calls loadMenu, which reads them again only if
// this read failed.
func (s *Server) publicPage(r *http.Request, title string) *Page {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	st := siteOf(r)
	if st == nil {
		st = main
	}
	p := &Page{Lang: langOf(r), Title: title, Site: st, Main: main, Path: sitePathOf(r), Base: s.baseURL(r),
		assets: s.assets, Version: s.version, Upkeep: s.banner(r)}
	if st != nil {
		_ = s.loadMenu(r, p) // an error page still shows the rest of the menu
		if p.Path == "/" {
			p.channels = s.siteChannels(r.Context(), st.ID) // the home page's JSON-LD (channel_public.go)
		}
	}
	return p
}

// AdminPage is the common part of every staff page.
type AdminPage struct {
	Page
	CanUsers, CanSites, CanAudit bool
	CanBackups                   bool // backup.run: the backup screen
	CanGazette                   bool // the gazette office, or the overseer reading its figures
	CanOversee                   bool // oversight.read: the province's report and the dashboard
	CanOwnRoyalties              bool // royalty.own on some site: the author's statement
}

// adminPage fills the common part of a staff page; u may be nil (sign-in).
func (s *Server) adminPage(r *http.Request, u *account.User, title string) *AdminPage {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	if main == nil {
		main = &site.Site{Name: "Cổng"}
	}
	p := &AdminPage{Page: Page{Lang: langOf(r), Title: title, Site: main, Main: main, User: u, Path: r.URL.Path,
		assets: s.assets, Version: s.version, Invalid: invalidOf(r)}}
	if u != nil {
		p.CanUsers = u.Can(main.ID, main.ID, account.ManageUsers)
		p.CanSites = u.Can(main.ID, main.ID, account.ManageSites)
		p.CanAudit = u.Can(main.ID, main.ID, account.ReadAudit)
		p.CanBackups = u.Can(main.ID, main.ID, account.RunBackups)
		p.CanOversee = u.Can(main.ID, main.ID, account.ReadAllOversight)
		for _, g := range u.Grants {
			p.CanOwnRoyalties = p.CanOwnRoyalties || account.Allows(g.Role, account.SeeOwnRoyalties)
		}
		p.CanGazette = u.Can(main.ID, main.ID, account.GazetteIntake) || u.Can(main.ID, main.ID, account.GazettePublish) ||
			u.Can(main.ID, main.ID, account.ReadAllOversight)
	}
	return p
}

// messagePage is a staff page that only says something.
type messagePage struct {
	*AdminPage
	Messages []string
}

// teaserData is what the teaser partial prints of an item, made in Go
// so that the partial reads plain fields: its URL on its own site, the
// source site's name when it is another site's, its title, summary and
// date of publication (ISO and in words; "" when it has none).
type teaserData struct {
	URL, SiteName          string
	Title, Summary         string
	PublishedOn, Published string
}

// teasers makes the teasers of items on page p; with sites (the main
// portal's aggregated home), an item of another site is labelled with
// that site's name and linked there.
func teasers(p *Page, items []*content.Item, sites map[int64]*site.Site) []teaserData {
	out := make([]teaserData, len(items))
	for i, it := range items {
		t := &out[i]
		if st, ok := sites[it.SiteID]; ok && it.SiteID != p.Site.ID {
			t.URL, t.SiteName = st.URL(it.URL()), st.DisplayName(p.Lang)
		} else {
			t.URL = p.Link(it.URL()[len(langPrefix(it)):])
		}
		t.Title, t.Summary = it.Rev.Title, it.Rev.Summary
		if it.PublishedAt != nil {
			day := it.PublishedAt.In(vn.ICT)
			t.PublishedOn, t.Published = day.Format("2006-01-02"), p.Date(day)
		}
	}
	return out
}
