package web

import (
	"fmt"
	"net/http"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// public adapts a public handler: errors become the site's own error
// page. A page being rendered (not served from the page cache) takes its
// place among the public reads first (admit).
func (s *Server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		release, err := s.admitPage(r)
		if err != nil {
			s.fail(w, r, err, true)
			return
		}
		defer release()
		s.run(w, r, h, true)
	})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := &homePage{Page: s.publicPage(r, ""), SiteNames: map[int64]*site.Site{}}
	ids := []int64{p.Site.ID}
	if p.Site.Main {
		all, err := s.sites.List(ctx)
		if err != nil {
			return err
		}
		for _, st := range all {
			if !st.Main {
				p.Components = append(p.Components, st)
				if st.Status == site.Active {
					ids = append(ids, st.ID)
					p.SiteNames[st.ID] = st
				}
			}
		}
	}
	lang := langOf(r)
	var err error
	if p.Featured, _, err = s.content.Published(ctx, content.Public{SiteIDs: []int64{p.Site.ID}, Lang: lang, Featured: true, Limit: 3}); err != nil {
		return err
	}
	// The latest news are articles: legal documents, announcements and
	// the other kinds have their own pages and blocks, and a law imported
	// with its date of 2010 is not news.
	if p.Latest, _, err = s.content.Published(ctx, content.Public{SiteIDs: ids, Kind: content.Article, Lang: lang, HideCopied: true, Limit: 10}); err != nil {
		return err
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	for _, c := range p.Categories {
		if !c.HomeBlock {
			continue
		}
		items, _, err := s.content.Published(ctx, content.Public{SiteIDs: []int64{p.Site.ID}, CategoryID: c.ID, Lang: lang, Limit: 5})
		if err != nil {
			return err
		}
		if len(items) > 0 { // a block with nothing in this language is left out
			p.Blocks = append(p.Blocks, homeBlock{Category: c, Items: items})
		}
	}
	return s.tmpl.render(w, http.StatusOK, "public/home", p)
}

func (s *Server) intro(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "intro"))
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/intro", p)
}

func (s *Server) services(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "services"))
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/services", p)
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "contact"))
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/contact", p)
}

func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "sitemap"))
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p.Sites = all
	if err := s.loadMenu(r, p); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/sitemap", p)
}

func (s *Server) publicNotFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database takes a write now, so a load
// balancer sends no traffic to a node that cannot serve it: a database
// that is unreachable, locked beyond the busy timeout, out of disk or
// read-only is 503 with the cause in the body, such as
// "not ready: ổ đĩa đầy (disk full: 0 B free on the file system of /srv/cong)".
// A change between ready and not ready is logged once (ERROR, with the
// cause; INFO when it is ready again), not at every poll.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	err := s.db.ProbeWrite(r.Context(), s.now(), min(store.BusyTimeout, s.requestTimeout))
	if err != nil {
		cause := s.db.Cause(err)
		if !s.notReady.Swap(true) {
			f, _ := s.db.Diagnose(err)
			s.log.Error("readyz: not ready", "fault", f.String(), "cause", cause)
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %s\n", cause)
		return
	}
	if s.notReady.Swap(false) {
		s.log.Info("readyz: ready again")
	}
	w.Write([]byte("ready\n"))
}
