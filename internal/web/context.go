package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/site"
)

type ctxKey int

const (
	keyPlace ctxKey = iota // *place: the site, language and path of a public page
	keyUser
	keySession
)

// place is where a public request landed: one context value rather than
// three, since every page view sets it.
type place struct {
	site *site.Site
	lang string
	path string
}

func placeOf(r *http.Request) *place {
	p, _ := r.Context().Value(keyPlace).(*place)
	return p
}

func withValue(r *http.Request, k ctxKey, v any) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), k, v))
}

func siteOf(r *http.Request) *site.Site {
	if p := placeOf(r); p != nil {
		return p.site
	}
	return nil
}

func userOf(r *http.Request) *account.User {
	u, _ := r.Context().Value(keyUser).(*account.User)
	return u
}

func sessionOf(r *http.Request) *account.Session {
	s, _ := r.Context().Value(keySession).(*account.Session)
	return s
}

// langOf is the language of the request: the /en prefix for public pages,
// the lang cookie for staff pages; Vietnamese otherwise.
func langOf(r *http.Request) string {
	if p := placeOf(r); p != nil {
		return p.lang
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "vi"
}

// sitePathOf is the path within the current site, without prefixes.
func sitePathOf(r *http.Request) string {
	if p := placeOf(r); p != nil {
		return p.path
	}
	return r.URL.Path
}

// sitePages finds the site a request is for (host name, then path
// prefix, then the main portal), takes the site prefix and the /en
// language prefix off the path, and hands the rest to next.
func (s *Server) sitePages(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		outer := r // the request the access log and metrics see
		st, rest := s.resolver.Resolve(r.Context(), r.Host, r.URL.Path)
		if st == nil {
			s.plainError(w, r, http.StatusServiceUnavailable)
			return
		}
		if rest == "/" && st.PathPrefix != "" && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, st.PathPrefix+"/", http.StatusMovedPermanently)
			return
		}
		lang := "vi"
		if rest == "/en" || strings.HasPrefix(rest, "/en/") {
			lang, rest = "en", strings.TrimPrefix(rest, "/en")
			if rest == "" {
				http.Redirect(w, r, st.URL("/en/"), http.StatusMovedPermanently)
				return
			}
		}
		r2 := withValue(r, keyPlace, &place{site: st, lang: lang, path: rest})
		u := *r.URL // the inner mux routes on the path within the site
		u.Path, u.RawPath = rest, ""
		r2.URL = &u
		next.ServeHTTP(w, r2)
		// Label metrics by the page's pattern within a site ("site GET
		// /gioi-thieu"), not by the catch-all "/" of the outer mux.
		outer.Pattern = "site " + r2.Pattern
	})
}
