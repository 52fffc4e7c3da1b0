package cache

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
)

// Header values of X-Cache, which says how a response was produced (for
// tests, and for operators reading a CDN's logs).
const (
	Hit    = "hit"    // from memory
	Miss   = "miss"   // rendered for this request
	Shared = "shared" // rendered once for several concurrent requests
	Bypass = "bypass" // not looked up (staff, a POST)
)

type tagsKey struct{}

// tagSet collects the tags a handler adds while rendering.
type tagSet struct{ tags []string }

// Tag adds tags to the page being rendered for r, so that invalidating
// any of them drops it: a handler that shows an item tags "item:ID", one
// that shows several sites tags each of them. Outside Serve it does
// nothing.
func Tag(r *http.Request, tags ...string) {
	if ts, ok := r.Context().Value(tagsKey{}).(*tagSet); ok {
		ts.tags = append(ts.tags, tags...)
	}
}

// Serve answers a GET or HEAD from the page stored under key; on a miss
// a GET renders it with next (once for all concurrent requests for key)
// and stores it with tags and whatever next added with Tag. Only 200 and
// 404 responses without Set-Cookie or a Cache-Control of their own are
// stored; anything else reaches the client as next wrote it.
// ServeHit writes the stored page for key, if there is one, and reports
// whether it did. It lets a server answer a hit before its other work
// (routing, the cross-origin check) and fall back to Serve otherwise.
func (c *Cache) ServeHit(w http.ResponseWriter, r *http.Request, key string) bool {
	p := c.Get(key)
	if p == nil {
		return false
	}
	r.Pattern = p.Route
	c.write(w, r, p, Hit)
	return true
}

func (c *Cache) Serve(w http.ResponseWriter, r *http.Request, key string, tags []string, next http.Handler) {
	if p := c.Get(key); p != nil {
		c.write(w, r, p, Hit)
		return
	}
	if r.Method != http.MethodGet {
		next.ServeHTTP(w, r)
		return
	}
	var rec *recorder
	p, leader := c.Fill(r.Context(), key, func() *Page {
		ts := &tagSet{tags: append([]string(nil), tags...)}
		rec = &recorder{header: http.Header{}}
		rr := r.WithContext(context.WithValue(r.Context(), tagsKey{}, ts))
		next.ServeHTTP(rec, rr)
		r.Pattern = rr.Pattern
		p := rec.page(ts.tags)
		if p != nil {
			p.Route = rr.Pattern
		}
		return p
	})
	switch {
	case p != nil && leader:
		c.write(w, r, p, Miss)
	case p != nil:
		c.write(w, r, p, Shared)
	case rec != nil: // rendered here, not to be shared
		rec.replay(w)
	default: // the leader's response was not shareable: render our own
		next.ServeHTTP(w, r)
	}
}

// xCache holds the X-Cache header values, made once.
var xCache = map[string][]string{Hit: {Hit}, Miss: {Miss}, Shared: {Shared}}

// write sends p in the best encoding the client accepts, or 304 when
// the client already holds it. Header values are assigned, not Set:
// they were made when the page was stored (or the cache created) and are
// shared read-only by every response, which keeps a hit from allocating
// for them. Each is a full slice (len == cap), so a handler further out
// that appends to one gets a copy.
func (c *Cache) write(w http.ResponseWriter, r *http.Request, p *Page, how string) {
	r.Pattern = p.Route // as ServeMux would have set it, for the metrics
	h := w.Header()
	for k, v := range p.Header {
		h[k] = v[:len(v):len(v)]
	}
	h["Cache-Control"] = c.cacheControl
	h["Cdn-Cache-Control"] = c.cdnCacheControl
	h["Vary"] = varyEncoding
	h["X-Cache"] = xCache[how]
	rep := &p.reps[identity]
	switch Negotiate(r.Header.Get("Accept-Encoding"), p.Brotli != nil, p.Gzip != nil) {
	case "br":
		rep = &p.reps[brotliRep]
	case "gzip":
		rep = &p.reps[gzipRep]
	}
	// Conditional requests apply to successful responses only (RFC 9110
	// §13.2.1); a 404 has no validator.
	if p.Status == http.StatusOK {
		h["Etag"] = rep.etag
		if inm := r.Header.Get("If-None-Match"); inm != "" && matches(inm, p.ETag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if rep.encoding != nil {
		h["Content-Encoding"] = rep.encoding
	}
	h["Content-Length"] = rep.length
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		w.Write(rep.body)
	}
}

var varyEncoding = []string{"Accept-Encoding"}

// matches reports whether an If-None-Match list names the page in any of
// its encodings: they are the same content, so a client holding the gzip
// copy need not download the brotli one. The comparison is weak, as
// RFC 9110 §13.1.2 requires for If-None-Match.
func matches(inm, etag string) bool {
	base := strings.TrimSuffix(etag, `"`)
	for t := range strings.SplitSeq(inm, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag || t == base+`-br"` || t == base+`-gz"` {
			return true
		}
	}
	return false
}

// Negotiate picks br, gzip or "" (identity) from an Accept-Encoding
// header, given which encodings the server has, honouring q=0 refusals;
// brotli wins when both are acceptable since it is the smaller. The web
// server's compression of responses the cache does not keep reads the
// header with it too, so that both agree on what a client takes.
func Negotiate(accept string, haveBr, haveGzip bool) string {
	if accept == "" || (!haveBr && !haveGzip) {
		return ""
	}
	br, gz, star := -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case haveBr && br > 0 && (br >= gz || !haveGzip):
		return "br"
	case haveGzip && gz > 0:
		return "gzip"
	case haveBr && br > 0:
		return "br"
	}
	return ""
}

// recorder captures a response in memory instead of sending it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// page turns the recording into a Page, or nil when it must not be
// stored: another status (a redirect, an error), a cookie being set, or a
// caching policy of the handler's own.
func (r *recorder) page(tags []string) *Page {
	if r.status != http.StatusOK && r.status != http.StatusNotFound {
		return nil
	}
	if _, ok := r.header["Set-Cookie"]; ok {
		return nil
	}
	if _, ok := r.header["Cache-Control"]; ok {
		return nil
	}
	h := r.header.Clone()
	h.Del("Content-Length")
	h.Del("Date")
	return NewPage(r.status, h, bytes.Clone(r.body.Bytes()), tags)
}

// replay sends the recording as it was written.
func (r *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	h.Set("X-Cache", Miss)
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
