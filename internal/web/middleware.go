package web

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/cache"
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
		s.countView(r, sw.status) // the page counters of the reports (report_routes.go)
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

// minCompress is the smallest body worth compressing: below it the
// encoding headers cost about what compression saves (the page cache
// uses the same threshold).
const minCompress = 512

// dynamicBrotliLevel is the brotli level of responses compressed as they
// are sent, paid on every request rather than once per stored page as in
// the cache: level 4 costs about what gzip's default does.
const dynamicBrotliLevel = 4

var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, dynamicBrotliLevel) }}
)

// compress is the one rule for compressing responses: every text
// response (HTML, JSON, XML, Atom, CSS, JavaScript) of at least
// minCompress bytes goes out gzipped — or in brotli to a client that
// takes brotli and not gzip — when the client accepts it, with "Vary:
// Accept-Encoding". It leaves alone what is already encoded (the page
// cache's stored pages, the precompressed static files: both set
// Content-Encoding), media and images, HEAD requests, 204, 206 and 304
// answers, and anything marked no-transform. Nothing is held back beyond
// the first minCompress bytes, so a response written as it goes (a
// sitemap) still streams, and Flush reaches the client.
//
// Cache hits never come here (cacheHits answers them before), so the
// hottest path costs nothing more.
func (s *Server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &compressWriter{ResponseWriter: w, encoding: dynamicEncoding(r.Header.Get("Accept-Encoding"))}
		next.ServeHTTP(cw, r)
		// Not deferred: after a panic (a sitemap cut short aborts its
		// connection) the stream must not be ended as if it were whole.
		cw.close()
	})
}

// dynamicEncoding is the encoding of a response compressed as it is
// sent: gzip when the client takes it (the cheaper to produce), else
// brotli when it takes that, else "" (identity).
func dynamicEncoding(accept string) string {
	if accept == "" {
		return ""
	}
	if enc := cache.Negotiate(accept, false, true); enc != "" {
		return enc
	}
	return cache.Negotiate(accept, true, false)
}

// The states of a compressWriter.
const (
	undecided   = iota // the status is not written yet
	sniffing           // the status is, without a type: the first bytes will tell
	buffering          // compressible, waiting for minCompress bytes or the end
	passing            // sent as the handler writes it
	compressing        // sent through enc
)

// compressWriter compresses a response when it turns out to be worth it
// (see compress).
type compressWriter struct {
	http.ResponseWriter
	encoding string // what the client takes: "gzip", "br" or ""
	state    int
	status   int
	buf      []byte // the first bytes, while buffering
	err      error  // the first write that failed (the client gone): Write returns it
	enc      interface {
		io.WriteCloser
		Flush() error
	}
}

func (c *compressWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *compressWriter) WriteHeader(code int) {
	if c.state != undecided {
		return
	}
	if code >= 100 && code < 200 { // informational: the real status follows
		c.ResponseWriter.WriteHeader(code)
		return
	}
	c.status = code
	h := c.Header()
	if h.Get("Content-Type") == "" && code != http.StatusNoContent && code != http.StatusNotModified {
		c.state = sniffing
		return
	}
	c.decide()
}

// decide chooses, by the status and headers, how the response goes out.
func (c *compressWriter) decide() {
	h := c.Header()
	if !c.eligible(h) {
		c.pass()
		return
	}
	addVary(h)
	if c.encoding == "" {
		c.pass()
		return
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil {
		if n < minCompress {
			c.pass()
		} else {
			c.start()
		}
		return
	}
	c.state = buffering
}

// eligible reports whether the response, by its status and headers, is
// one to compress.
func (c *compressWriter) eligible(h http.Header) bool {
	switch c.status {
	case http.StatusNoContent, http.StatusNotModified, http.StatusPartialContent:
		return false
	}
	if h.Get("Content-Encoding") != "" || strings.Contains(h.Get("Cache-Control"), "no-transform") {
		return false
	}
	return compressible(h.Get("Content-Type"))
}

// compressible reports whether a media type is text that compresses:
// text/*, JSON, XML, JavaScript and their +json and +xml kinds (Atom,
// problem details), but no image (an SVG is served precompressed with
// the static files) and no event stream.
func compressible(ctype string) bool {
	mt, _, _ := strings.Cut(ctype, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if sub, ok := strings.CutPrefix(mt, "text/"); ok {
		return sub != "event-stream"
	}
	if sub, ok := strings.CutPrefix(mt, "application/"); ok {
		return sub == "json" || sub == "xml" || sub == "javascript" ||
			strings.HasSuffix(sub, "+json") || strings.HasSuffix(sub, "+xml")
	}
	return false
}

// addVary adds Accept-Encoding to the Vary header unless it is there.
func addVary(h http.Header) {
	for _, v := range h.Values("Vary") {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, "Accept-Encoding") {
				return
			}
		}
	}
	h.Add("Vary", "Accept-Encoding")
}

// pass sends the response as written, with what was buffered.
func (c *compressWriter) pass() {
	c.state = passing
	c.ResponseWriter.WriteHeader(c.status)
	if len(c.buf) > 0 {
		_, c.err = c.ResponseWriter.Write(c.buf)
		c.buf = nil
	}
}

// start sends the headers of the compressed response and what was
// buffered through the encoder.
func (c *compressWriter) start() {
	c.state = compressing
	h := c.Header()
	h.Set("Content-Encoding", c.encoding)
	h.Del("Content-Length")
	h.Del("Accept-Ranges")
	if et := h.Get("Etag"); et != "" && !strings.HasPrefix(et, "W/") {
		h.Set("Etag", "W/"+et) // the bytes differ from the identity body's
	}
	if c.encoding == "br" {
		bw := brotliWriters.Get().(*brotli.Writer)
		bw.Reset(c.ResponseWriter)
		c.enc = bw
	} else {
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(c.ResponseWriter)
		c.enc = zw
	}
	c.ResponseWriter.WriteHeader(c.status)
	if len(c.buf) > 0 {
		_, c.err = c.enc.Write(c.buf)
		c.buf = nil
	}
}

func (c *compressWriter) Write(b []byte) (int, error) {
	if c.state == undecided {
		c.WriteHeader(http.StatusOK)
	}
	if c.state == sniffing {
		// net/http would sniff the type from these bytes; do it here,
		// where the type decides the encoding.
		c.Header().Set("Content-Type", http.DetectContentType(b))
		c.decide()
	}
	switch c.state {
	case buffering:
		c.buf = append(c.buf, b...)
		if len(c.buf) >= minCompress {
			c.start()
		}
		return len(b), c.err
	case compressing:
		return c.enc.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

// Flush sends what the handler wrote so far: a handler that flushes wants
// its bytes on their way, so a response still buffering is compressed
// from here on.
func (c *compressWriter) Flush() {
	switch c.state {
	case undecided:
		c.WriteHeader(http.StatusOK)
	case sniffing: // nothing written to tell the type by
		c.pass()
	}
	if c.state == buffering {
		c.start()
	}
	if c.state == compressing && c.err == nil {
		c.err = c.enc.Flush()
	}
	// A writer that cannot flush (http.ErrNotSupported) still delivers
	// at the end; any other failure is the client gone.
	if err := http.NewResponseController(c.ResponseWriter).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) && c.err == nil {
		c.err = err
	}
}

// close ends the response: a short one goes out as it is, a compressed
// one gets the end of its stream and its encoder goes back to the pool.
func (c *compressWriter) close() {
	switch c.state {
	case sniffing, buffering:
		c.pass()
	case compressing:
		if err := c.enc.Close(); err != nil && c.err == nil {
			c.err = err // the end of the stream did not reach the client: nothing more to do
		}
		switch e := c.enc.(type) {
		case *gzip.Writer:
			e.Reset(nil)
			gzipWriters.Put(e)
		case *brotli.Writer:
			e.Reset(nil)
			brotliWriters.Put(e)
		}
		c.enc = nil
	}
}
