package cache

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// fakeClock is a settable time source.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var html = strings.Repeat("<p>Ủy ban nhân dân tỉnh Đồng Nai thông báo lịch tiếp công dân.</p>\n", 200)

// server puts c in front of h on a real HTTP server, keyed by the path.
func server(t *testing.T, c *Cache, h http.HandlerFunc) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.Serve(w, r, r.URL.RequestURI(), []string{"site:1"}, h)
	}))
	t.Cleanup(ts.Close)
	return ts
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, url string, header ...string) response {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", "identity") // the transport must not decode for us
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, body}
}

func page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(html))
}

func TestHitMissAndEncodings(t *testing.T) {
	c := New(Options{})
	var renders atomic.Int32
	ts := server(t, c, func(w http.ResponseWriter, r *http.Request) { renders.Add(1); page(w, r) })

	first := get(t, ts.URL+"/a")
	if first.status != 200 || first.header.Get("X-Cache") != Miss || string(first.body) != html {
		t.Fatalf("first GET = %d %q", first.status, first.header.Get("X-Cache"))
	}
	second := get(t, ts.URL+"/a")
	if second.header.Get("X-Cache") != Hit || string(second.body) != html || renders.Load() != 1 {
		t.Fatalf("second GET = %q, %d renders; want a hit", second.header.Get("X-Cache"), renders.Load())
	}
	for _, h := range []string{"Vary", "Cache-Control", "ETag", "Content-Type"} {
		if second.header.Get(h) == "" {
			t.Errorf("a hit lacks %s", h)
		}
	}
	if got := second.header.Get("Cache-Control"); got != DefaultCacheControl {
		t.Errorf("Cache-Control = %q", got)
	}

	tests := []struct {
		accept, enc string
		decode      func(io.Reader) (io.Reader, error)
	}{
		{"gzip, deflate, br", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"gzip", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"br;q=0.5, gzip;q=1", "gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"br;q=0, gzip;q=0", "", nil},
		{"*", "br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
		{"identity", "", nil},
	}
	etags := map[string]bool{}
	for _, tt := range tests {
		p := get(t, ts.URL+"/a", "Accept-Encoding", tt.accept)
		if got := p.header.Get("Content-Encoding"); got != tt.enc {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q; want %q", tt.accept, got, tt.enc)
			continue
		}
		etags[p.header.Get("ETag")] = true
		body := p.body
		if tt.decode != nil {
			if len(body) >= len(html)/2 {
				t.Errorf("%s body is %d bytes of %d", tt.enc, len(body), len(html))
			}
			r, err := tt.decode(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ = io.ReadAll(r)
		}
		if string(body) != html {
			t.Errorf("Accept-Encoding %q: the decoded body differs from the page", tt.accept)
		}
	}
	if len(etags) != 3 {
		t.Errorf("ETags per encoding = %v; want three distinct (a strong ETag names one representation)", etags)
	}
}

func TestConditionalGET(t *testing.T) {
	c := New(Options{})
	ts := server(t, c, page)
	first := get(t, ts.URL+"/a", "Accept-Encoding", "gzip")
	etag := first.header.Get("ETag")
	for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, strings.Replace(etag, "-gz", "-br", 1)} {
		p := get(t, ts.URL+"/a", "If-None-Match", inm, "Accept-Encoding", "br")
		if p.status != http.StatusNotModified || len(p.body) != 0 {
			t.Errorf("If-None-Match %s = %d with %d bytes; want 304 and no body", inm, p.status, len(p.body))
		}
	}
	if p := get(t, ts.URL+"/a", "If-None-Match", `"stale"`); p.status != 200 || string(p.body) != html {
		t.Errorf("a stale ETag = %d; want the page", p.status)
	}
}

func TestOnlyShareableResponsesAreStored(t *testing.T) {
	c := New(Options{})
	var renders atomic.Int32
	ts := server(t, c, func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		switch r.URL.Path {
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "s", Value: "secret"})
		case "/redirect":
			http.Redirect(w, r, "/a", http.StatusMovedPermanently)
			return
		case "/error":
			w.WriteHeader(http.StatusInternalServerError)
		case "/missing":
			w.WriteHeader(http.StatusNotFound)
		case "/private":
			w.Header().Set("Cache-Control", "no-store")
		}
		w.Write([]byte("body"))
	})
	tests := []struct {
		path   string
		stored bool
	}{{"/cookie", false}, {"/redirect", false}, {"/error", false}, {"/private", false}, {"/missing", true}, {"/ok", true}}
	for _, tt := range tests {
		renders.Store(0)
		a, b := get(t, ts.URL+tt.path), get(t, ts.URL+tt.path)
		if stored := renders.Load() == 1; stored != tt.stored {
			t.Errorf("%s: stored %v (%d renders); want %v", tt.path, stored, renders.Load(), tt.stored)
		}
		if a.status != b.status || string(a.body) != string(b.body) {
			t.Errorf("%s: answers differ: %d, %d", tt.path, a.status, b.status)
		}
		if tt.path == "/cookie" && b.header.Get("Set-Cookie") == "" {
			t.Errorf("the cookie response lost its cookie")
		}
	}
	if p := get(t, ts.URL+"/missing", "Accept-Encoding", "gzip"); p.status != 404 || p.header.Get("ETag") != "" {
		t.Errorf("a stored 404 = %d with ETag %q; want 404 without a validator", p.status, p.header.Get("ETag"))
	}
}

func TestInvalidateByTag(t *testing.T) {
	var told [][]string
	c := New(Options{OnInvalidate: func(tags []string) { told = append(told, tags) }})
	store := func(key string, tags ...string) {
		c.Fill(context.Background(), key, func() *Page { return NewPage(200, nil, []byte(key), tags) })
	}
	store("a", "site:1", "item:1")
	store("b", "site:1")
	store("c", "site:2", "home")
	c.Invalidate("item:1")
	if c.Get("a") != nil || c.Get("b") == nil || c.Get("c") == nil {
		t.Errorf("item:1 dropped the wrong pages")
	}
	c.Invalidate("home")
	if c.Get("c") != nil || c.Get("b") == nil {
		t.Errorf("home dropped the wrong pages")
	}
	store("c", "site:2")
	c.InvalidateLocal(TagAll)
	if s := c.Stats(); s.Pages != 0 || s.Bytes != 0 {
		t.Errorf("after all: %+v; want empty", s)
	}
	if len(told) != 2 || told[0][0] != "item:1" || told[1][0] != "home" {
		t.Errorf("OnInvalidate told %v; want item:1 then home, not the local one", told)
	}
}

func TestTTL(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)}
	c := New(Options{TTL: time.Minute, Now: clk.Now})
	c.Fill(context.Background(), "a", func() *Page { return NewPage(200, nil, []byte("x"), nil) })
	clk.Add(59 * time.Second)
	if c.Get("a") == nil {
		t.Fatal("expired before the TTL")
	}
	clk.Add(2 * time.Second)
	if c.Get("a") != nil {
		t.Fatal("served after the TTL")
	}
}

func TestSizeBoundEvictsUnusedFirst(t *testing.T) {
	const max = 64 << 10
	c := New(Options{MaxBytes: max})
	body := bytes.Repeat([]byte{'x'}, 1000) // with its compressed copies, about 1.3 KB a page
	fill := func(key string) {
		c.Fill(context.Background(), key, func() *Page { return NewPage(200, nil, append([]byte(key), body...), []string{"t:" + key}) })
	}
	fill("hot")
	for i := range 500 {
		c.Get("hot") // used between every insertion: the clock keeps it
		fill(fmt.Sprint("cold", i))
		if s := c.Stats(); s.Bytes > max {
			t.Fatalf("after %d pages: %d bytes > %d", i, s.Bytes, max)
		}
	}
	s := c.Stats()
	if s.Evictions == 0 || s.Pages >= 500 {
		t.Fatalf("nothing evicted: %+v", s)
	}
	if c.Get("hot") == nil {
		t.Error("the page in use was evicted")
	}
	if c.Get("cold0") != nil {
		t.Error("the oldest unused page survived")
	}
	// A page over an eighth of the bound is served but not stored.
	big := NewPage(200, nil, bytes.Repeat([]byte("ab"), max), nil)
	c.Fill(context.Background(), "big", func() *Page { return big })
	if c.Get("big") != nil {
		t.Error("a page larger than an eighth of the bound was stored")
	}
}

func TestSingleFlight(t *testing.T) {
	c := New(Options{})
	var renders atomic.Int32
	release := make(chan struct{})
	ts := server(t, c, func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		<-release
		page(w, r)
	})
	const n = 40
	var wg sync.WaitGroup
	states := make(chan string, n)
	for range n {
		wg.Go(func() {
			p := get(t, ts.URL+"/slow")
			if string(p.body) != html {
				t.Errorf("a waiter got %d bytes", len(p.body))
			}
			states <- p.header.Get("X-Cache")
		})
	}
	time.Sleep(200 * time.Millisecond) // let them all arrive while the first renders
	close(release)
	wg.Wait()
	close(states)
	count := map[string]int{}
	for s := range states {
		count[s]++
	}
	if renders.Load() != 1 || count[Miss] != 1 || count[Shared] == 0 {
		t.Errorf("%d renders for %d concurrent misses (%v); want 1", renders.Load(), n, count)
	}
}

// A rendering that raced an invalidation may hold the old data: it is
// answered to its waiters but never stored.
func TestInvalidationDuringRenderIsNotStored(t *testing.T) {
	c := New(Options{})
	p, leader := c.Fill(context.Background(), "a", func() *Page {
		c.Invalidate("site:1") // the unpublishing commits while we render
		return NewPage(200, nil, []byte("old"), []string{"site:1"})
	})
	if p == nil || !leader {
		t.Fatal("the leader got no page")
	}
	if c.Get("a") != nil {
		t.Error("a page rendered across an invalidation was stored")
	}
}

func TestRenderPanicReleasesWaiters(t *testing.T) {
	c := New(Options{})
	started := make(chan struct{})
	go func() {
		defer func() { recover() }()
		c.Fill(context.Background(), "a", func() *Page { close(started); time.Sleep(50 * time.Millisecond); panic("boom") })
	}()
	<-started
	done := make(chan struct{})
	go func() {
		p, leader := c.Fill(context.Background(), "a", func() *Page { return nil })
		if p != nil || leader {
			t.Errorf("waiter after a panic: %v %v", p, leader)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("a waiter hangs after the rendering panicked")
	}
}

func TestNegotiate(t *testing.T) {
	tests := []struct {
		accept string
		br, gz bool
		want   string
	}{
		{"", true, true, ""},
		{"gzip, deflate, br, zstd", true, true, "br"},
		{"gzip, deflate, br", false, true, "gzip"},
		{"br", false, true, ""},
		{"BR;q=0.8, GZIP;q=0.9", true, true, "gzip"},
		{"gzip;q=0, br;q=0.1", true, true, "br"},
		{"*;q=0", true, true, ""},
		{"deflate", true, true, ""},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.accept, tt.br, tt.gz); got != tt.want {
			t.Errorf("negotiate(%q, br=%v, gzip=%v) = %q; want %q", tt.accept, tt.br, tt.gz, got, tt.want)
		}
	}
}
