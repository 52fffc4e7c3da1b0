package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
)

// statusWriter remembers the status code for the access log and metrics,
// and when the request started, which its deadline counts from (admit).
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	start  time.Time
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs every request and counts it for /metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, start: start}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(route, r.Method, sw.status, d)
		level := slog.LevelInfo
		switch {
		case sw.status >= 500:
			level = slog.LevelError
		case !s.accessLogAll && sw.status < 400 && r.Method == http.MethodGet && d < time.Second:
			return // counted in /metrics; the log keeps what needs a look
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("host", r.Host), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", d), slog.String("ip", s.clientIP(r)))
	})
}

// recoverer turns a panic into a logged 500 page, never a stack trace for
// the visitor.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.plainError(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only the portal's own scripts and styles:
// no inline script or style, no framing by other sites.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaderList are set on every response. The keys are already in
// canonical form and the values are shared slices, so setting them is a
// map assignment each: they are on the path of every cached page.
var securityHeaderList = [][2]string{
	{"Content-Security-Policy", contentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "strict-origin-when-cross-origin"},
	{"X-Frame-Options", "DENY"},
	{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

var (
	securityValues = func() map[string][]string {
		m := map[string][]string{}
		for _, kv := range securityHeaderList {
			m[kv[0]] = []string{kv[1]}
		}
		return m
	}()
	hstsValue = []string{"max-age=63072000; includeSubDomains"}
)

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range securityValues {
			h[k] = v
		}
		if s.behindTLS || r.TLS != nil {
			h["Strict-Transport-Security"] = hstsValue
		}
		next.ServeHTTP(w, r)
	})
}

// csrf refuses state-changing requests that a browser says come from
// another origin (Sec-Fetch-Site, Origin), using the standard library's
// protection. A refusal is a clear page and an audit entry.
func (s *Server) csrf(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		audit.Record(r.Context(), s.db, audit.Entry{At: s.now(), Action: "csrf.reject",
			Target: r.Method + " " + r.URL.Path, Detail: "origin=" + r.Header.Get("Origin"), IP: s.clientIP(r)})
		p := s.adminPage(r, nil, translate(langOf(r), "forbidden"))
		s.tmpl.render(w, http.StatusForbidden, "admin/error", &messagePage{AdminPage: p, Messages: []string{translate(p.Lang, "csrf")}})
	}))
	return cop.Handler(next)
}

// clientIP is the address of the person making the request: the peer,
// or — when the peer is one of the operator's trusted proxies — the
// nearest address in X-Forwarded-For that is not a trusted proxy. From
// anyone else the header is ignored, since it is trivially forged. Rate
// limits and the audit log depend on it.
func (s *Server) clientIP(r *http.Request) string {
	peer, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		peer = r.RemoteAddr
	}
	if !s.trusted(peer) {
		return peer
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if net.ParseIP(hop) == nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return peer
}

// trusted reports whether ip is one of the configured proxies.
func (s *Server) trusted(ip string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	for _, p := range s.proxies {
		if p.Contains(addr.Unmap()) {
			return true
		}
	}
	return false
}
