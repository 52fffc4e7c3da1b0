package web

import (
	"net/http"
)

// public adapts a public handler: errors become the site's own error page.
func (s *Server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err, true)
		}
	})
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	p := &homePage{Page: s.publicPage(r, "")}
	if p.Site.Main {
		all, err := s.sites.List(r.Context())
		if err != nil {
			return err
		}
		for _, st := range all {
			if !st.Main {
				p.Components = append(p.Components, st)
			}
		}
	}
	return s.tmpl.render(w, http.StatusOK, "public/home", p)
}

func (s *Server) intro(w http.ResponseWriter, r *http.Request) error {
	return s.tmpl.render(w, http.StatusOK, "public/intro", s.publicPage(r, translate(langOf(r), "intro")))
}

func (s *Server) services(w http.ResponseWriter, r *http.Request) error {
	return s.tmpl.render(w, http.StatusOK, "public/services", s.publicPage(r, translate(langOf(r), "services")))
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) error {
	return s.tmpl.render(w, http.StatusOK, "public/contact", s.publicPage(r, translate(langOf(r), "contact")))
}

func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	p := s.publicPage(r, translate(langOf(r), "sitemap"))
	all, err := s.sites.List(r.Context())
	if err != nil {
		return err
	}
	p.Sites = all
	return s.tmpl.render(w, http.StatusOK, "public/sitemap", p)
}

func (s *Server) publicNotFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers, so a load balancer
// sends no traffic to a node that cannot serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Warn("readyz: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
