package web

import (
	"net/http"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
)

// publicPage fills the common part of a public page for r's site.
func (s *Server) publicPage(r *http.Request, title string) *Page {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	st := siteOf(r)
	if st == nil {
		st = main
	}
	return &Page{Lang: langOf(r), Title: title, Site: st, Main: main, Path: sitePathOf(r), assets: s.assets, Version: s.version}
}

// AdminPage is the common part of every staff page.
type AdminPage struct {
	Page
	CanUsers, CanSites, CanAudit bool
}

// adminPage fills the common part of a staff page; u may be nil (sign-in).
func (s *Server) adminPage(r *http.Request, u *account.User, title string) *AdminPage {
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	if main == nil {
		main = &site.Site{Name: "Cổng"}
	}
	p := &AdminPage{Page: Page{Lang: langOf(r), Title: title, Site: main, Main: main, User: u, Path: r.URL.Path,
		assets: s.assets, Version: s.version}}
	if u != nil {
		p.CanUsers = u.Can(main.ID, main.ID, account.ManageUsers)
		p.CanSites = u.Can(main.ID, main.ID, account.ManageSites)
		p.CanAudit = u.Can(main.ID, main.ID, account.ReadAudit)
	}
	return p
}

// messagePage is a staff page that only says something.
type messagePage struct {
	*AdminPage
	Messages []string
}

// homePage is a site's home page: featured items, the latest (on the
// main portal, from every site, labelled by source), and a block per
// category that editors put on the home page.
type homePage struct {
	*Page
	Components []*site.Site
	Featured   []*content.Item
	Latest     []*content.Item
	Blocks     []homeBlock
	SiteNames  map[int64]*site.Site // component sites, to label and link their items
}

type homeBlock struct {
	Category *content.Category
	Items    []*content.Item
}

// teaserData is what the teaser partial needs: the item, its URL on its
// own site, and the source site's name when it is another site's.
type teaserData struct {
	Page     *Page
	Item     *content.Item
	URL      string
	SiteName string
}
