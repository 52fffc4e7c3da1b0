package web

import (
	"net/http"

	"github.com/congportal/cong/internal/account"
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

// homePage is a site's home page.
type homePage struct {
	*Page
	Components []*site.Site
}
