package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/merge"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// siteMoves is the one rule that keeps the addresses of a renamed or
// merged site working (issue 17): a request to a host or a path prefix that a site
// has left answers 301 to the same path, query and all, under the site's
// host or prefix of today — items, categories, legal documents, feeds,
// media, feedback tracking links, /en/ pages, whatever the route. After
// several renamings an old address leads to today's in one step (the
// resolver maps every old address to the site, not to the next name).
// It stands before the page cache and every handler; a write sent to an
// old address gets 308, which keeps its method and body.
func (s *Server) siteMoves(next http.Handler) http.Handler {
	// A renaming that comes into force on its date changes every page
	// of its site (header, links): the resolver says when.
	s.resolver.OnRenamed = s.sitesChanged
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if target := s.movedTo(r); target != "" {
			code := http.StatusMovedPermanently
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				code = http.StatusPermanentRedirect
			}
			http.Redirect(w, r, target, code)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// movedTo is where a request to a renamed site's old address goes now,
// or "" when the address is nobody's old one.
func (s *Server) movedTo(r *http.Request) string {
	switch r.URL.Path {
	case "/healthz", "/readyz", "/metrics": // a load balancer's checks stay where they are
		return ""
	}
	path := r.URL.EscapedPath()
	mv := s.resolver.Moved(r.Context(), r.Host, path)
	if mv == nil {
		return ""
	}
	st, rest, byHost := mv.To, mv.Rest, mv.ByHost
	// A merged site's addresses that changed on the way (a slug taken on
	// the receiving site, an archive section) follow the merge's path map.
	for _, via := range mv.Via {
		next, err := merge.MapPath(r.Context(), s.db, via.ID, rest)
		if err != nil {
			s.log.Error("merge path map", "site", via.Code, "err", err)
			break
		}
		rest = next
	}
	scheme := "http"
	if s.behindTLS || r.TLS != nil {
		scheme = "https"
	}
	var target string
	switch {
	case byHost && st.Host != "":
		target = scheme + "://" + st.Host + rest
	case !byHost && st.PathPrefix != "":
		target = st.URL(rest) // on this host, which serves prefixes
	case st.Host != "":
		target = scheme + "://" + st.Host + rest
	default: // the site is found by its prefix only: on the main portal's host
		target = st.URL(rest)
		if main := s.resolver.Main(); main != nil && main.Host != "" && byHost {
			target = scheme + "://" + main.Host + target
		}
	}
	if strings.HasPrefix(target, "/") {
		// Never a protocol-relative address, never the same address.
		if _, ok := localTarget(target); !ok || target == path {
			return ""
		}
	}
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	return target
}

// renameOrder reads the rename form of the admin's site page.
func renameOrder(r *http.Request) (site.RenameOrder, error) {
	o := site.RenameOrder{
		To: site.Identity{Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
			Host: r.PostFormValue("host"), PathPrefix: r.PostFormValue("path_prefix"), Kind: site.Kind(r.PostFormValue("kind"))},
		DecisionNo: r.PostFormValue("decision_no"), DecisionText: r.PostFormValue("decision_text"),
	}
	var err error
	if o.EffectiveAt, err = parseEffective(r.PostFormValue("effective")); err != nil {
		return o, err
	}
	return o, nil
}

// parseEffective reads the date a renaming takes effect, from its first
// minute in Viet Nam ("2025-07-01"), or a date and time ("2025-07-01 08:00").
func parseEffective(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, ok := vn.ParseDay(v); ok {
		return t, nil
	}
	if t, ok := vn.ParseMoment(v); ok {
		return t, nil
	}
	return time.Time{}, apperr.Field("effective", "Ngày có hiệu lực phải là một ngày, ví dụ 01/07/2025 (ngày/tháng/năm).",
		"The effective date must be a day, e.g. 01/07/2025 (day/month/year).")
}

// ParseEffective is parseEffective for the command line.
func ParseEffective(v string) (time.Time, error) { return parseEffective(v) }
