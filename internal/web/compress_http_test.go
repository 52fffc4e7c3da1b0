package web_test

import (
	"bytes"
	"compress/gzip"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store/storetest"
)

// encoded is a response fetched with a given Accept-Encoding: its headers,
// the bytes on the wire and the body they decode to.
type encoded struct {
	status int
	header http.Header
	wire   []byte
	body   []byte
}

// fetchEncoded gets path with Accept-Encoding accept (so that the
// transport decodes nothing itself) and decodes the body once, by its
// Content-Encoding.
func (b *browser) fetchEncoded(method, path, accept string) encoded {
	b.h.t.Helper()
	req, _ := http.NewRequest(method, b.h.srv.URL+path, nil)
	req.Header.Set("Accept-Encoding", accept)
	resp, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	wire, err := io.ReadAll(resp.Body)
	if err != nil {
		b.h.t.Fatalf("%s: %v", path, err)
	}
	e := encoded{status: resp.StatusCode, header: resp.Header, wire: wire, body: wire}
	var r io.Reader
	switch enc := resp.Header.Get("Content-Encoding"); {
	case enc == "" || method == http.MethodHead:
		return e
	case enc == "gzip":
		if r, err = gzip.NewReader(bytes.NewReader(wire)); err != nil {
			b.h.t.Fatalf("%s: not gzip: %v", path, err)
		}
	case enc == "br":
		r = brotli.NewReader(bytes.NewReader(wire))
	default:
		b.h.t.Fatalf("%s: Content-Encoding %q", path, resp.Header.Get("Content-Encoding"))
	}
	if e.body, err = io.ReadAll(r); err != nil {
		b.h.t.Fatalf("%s: the %s body does not decode: %v", path, resp.Header.Get("Content-Encoding"), err)
	}
	return e
}

// TestResponsesAreCompressed: pages the page cache does not keep (the
// feedback form, a signed-in view, search), a feed and the JSON API come
// back gzipped or in brotli when the client takes them, say so in Vary,
// and decode to the very bytes sent to a client that takes neither.
func TestResponsesAreCompressed(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	staff, anon := h.browser(), h.browser()
	staff.signIn("btv")
	// What differs from one rendering to the next.
	volatile := regexp.MustCompile(`name="idempotency_key" value="[^"]*"`)
	for _, c := range []struct {
		name  string
		b     *browser
		path  string
		ctype string
	}{
		{"feedback form", anon, "/phan-anh-kien-nghi", "text/html"},
		{"signed-in page", staff, "/quan-tri/", "text/html"},
		{"signed-in item list", staff, "/quan-tri/s/dong-nai/noi-dung", "text/html"},
		{"search", anon, "/tim-kiem?q=dong+nai", "text/html"},
		{"Atom feed", anon, "/feed.atom", "application/atom+xml"},
		{"Atom feed, signed in", staff, "/feed.atom", "application/atom+xml"},
		{"JSON API", anon, "/api/v1/search?q=dong+nai", "application/json"},
		{"OpenAPI description", anon, "/api/v1/openapi.json", "application/json"},
	} {
		plain := c.b.fetchEncoded("GET", c.path, "identity")
		if plain.status != http.StatusOK || !strings.HasPrefix(plain.header.Get("Content-Type"), c.ctype) {
			t.Fatalf("%s: %d %s; want 200 %s", c.name, plain.status, plain.header.Get("Content-Type"), c.ctype)
		}
		if plain.header.Get("Content-Encoding") != "" {
			t.Errorf("%s: Content-Encoding %q to a client that takes none", c.name, plain.header.Get("Content-Encoding"))
		}
		for _, a := range []struct{ accept, want string }{
			{"gzip, deflate, br", "gzip"}, // gzip where both are taken: the cache's own pages go out in brotli
			{"br", "br"},
			{"gzip;q=0, br;q=0", ""},
		} {
			got := c.b.fetchEncoded("GET", c.path, a.accept)
			enc := got.header.Get("Content-Encoding")
			if enc != a.want && !(a.want == "gzip" && enc == "br" && got.header.Get("X-Cache") != "bypass") {
				t.Errorf("%s, Accept-Encoding %q: Content-Encoding %q; want %q", c.name, a.accept, enc, a.want)
			}
			if !strings.Contains(got.header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("%s, Accept-Encoding %q: Vary %q", c.name, a.accept, got.header.Get("Vary"))
			}
			if enc != "" && len(got.wire) >= len(plain.wire) {
				t.Errorf("%s, %s: %d bytes on the wire for %d plain", c.name, enc, len(got.wire), len(plain.wire))
			}
			if !bytes.Equal(volatile.ReplaceAll(got.body, nil), volatile.ReplaceAll(plain.body, nil)) {
				t.Errorf("%s, Accept-Encoding %q: the decoded body differs from the plain one", c.name, a.accept)
			}
		}
		// HEAD answers carry no body to compress.
		if head := c.b.fetchEncoded("HEAD", c.path, "gzip"); head.header.Get("Content-Encoding") != "" && head.header.Get("X-Cache") == "bypass" {
			t.Errorf("%s: HEAD answered with Content-Encoding %q", c.name, head.header.Get("Content-Encoding"))
		}
	}
}

// TestNothingIsCompressedTwice: a page from the page cache goes out as
// it was stored (compressed once), a static file as it was precompressed,
// and an image is never compressed.
func TestNothingIsCompressedTwice(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	anon := h.browser()
	for _, path := range []string{"/", "/gioi-thieu"} {
		plain := anon.fetchEncoded("GET", path, "identity")
		for _, how := range []string{"miss", "hit"} {
			for _, accept := range []string{"gzip", "br"} {
				got := anon.fetchEncoded("GET", path, accept)
				if got.header.Get("Content-Encoding") != accept || len(got.header.Values("Content-Encoding")) != 1 {
					t.Errorf("%s (%s): Content-Encoding %q; want %s once", path, how, got.header.Values("Content-Encoding"), accept)
				}
				if !bytes.Equal(got.body, plain.body) {
					t.Errorf("%s (%s, %s): the body decoded once is not the page:\n%.80q", path, how, accept, got.body)
				}
				if got.header.Get("Content-Length") == "" {
					t.Errorf("%s (%s, %s): no Content-Length: compressed as it went", path, how, accept)
				}
			}
		}
	}

	home := anon.fetchEncoded("GET", "/", "identity")
	for _, re := range []string{`/static/site\.[0-9a-f]+\.css`, `/static/emblem\.[0-9a-f]+\.svg`, `/static/favicon\.[0-9a-f]+\.svg`} {
		path := regexp.MustCompile(re).FindString(string(home.body))
		if path == "" {
			t.Fatalf("the home page links no %s", re)
		}
		plain := anon.fetchEncoded("GET", path, "identity")
		for _, accept := range []string{"gzip", "br", "gzip, br"} {
			got := anon.fetchEncoded("GET", path, accept)
			enc := got.header.Values("Content-Encoding")
			if len(enc) > 1 || !bytes.Equal(got.body, plain.body) {
				t.Errorf("%s, Accept-Encoding %s: Content-Encoding %q and a body that does not decode once to the file", path, accept, enc)
			}
			if strings.HasPrefix(got.header.Get("Content-Type"), "image/") && accept == "br" && len(enc) > 0 {
				t.Errorf("%s: an image compressed on the fly (%q)", path, enc)
			}
		}
	}

	// An uploaded photo is served as it is stored.
	h.person("btv", account.Editor, "dong-nai")
	staff := h.browser()
	staff.signIn("btv")
	if p := staff.upload("anh.png", testPNG(), map[string]string{"alt": "Ảnh thử"}); p.status != http.StatusSeeOther {
		t.Fatalf("upload = %d", p.status)
	}
	list := staff.fetchEncoded("GET", "/quan-tri/s/dong-nai/tep", "identity")
	img := regexp.MustCompile(`/media/[^"]+\.(?:png|webp|jpe?g)`).FindString(string(list.body))
	if img == "" {
		t.Fatalf("the uploads page links no image:\n%.2000s", list.body)
	}
	for _, b := range []*browser{anon, staff} {
		plain := b.fetchEncoded("GET", img, "identity")
		got := b.fetchEncoded("GET", img, "gzip, br")
		if plain.status != http.StatusOK || !strings.HasPrefix(got.header.Get("Content-Type"), "image/") {
			t.Fatalf("%s = %d %s", img, plain.status, got.header.Get("Content-Type"))
		}
		if got.header.Get("Content-Encoding") != "" || !bytes.Equal(got.wire, plain.wire) {
			t.Errorf("%s: an image sent with Content-Encoding %q", img, got.header.Get("Content-Encoding"))
		}
	}
}

// testPNG is a small photo-like PNG.
func testPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for x := range 400 {
		for y := range 300 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
