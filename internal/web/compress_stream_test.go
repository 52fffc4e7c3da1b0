package web

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestCompressionKeepsStreaming: a response written as it goes (as a
// sitemap is: sitemapWriter sends each 32 KB as it fills) reaches the
// client compressed while the handler is still writing, and a Flush
// sends what was written so far: compress holds back no more than its
// first minCompress bytes. Through a real HTTP server.
func TestCompressionKeepsStreaming(t *testing.T) {
	read := make(chan struct{})
	done := make(chan struct{})
	first := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<urlset>\n" + strings.Repeat("<url><loc>https://example.vn/tin-tuc/bai</loc></url>\n", 40)
	h := (&Server{}).compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		io.WriteString(w, first)
		http.NewResponseController(w).Flush()
		select { // the rest only once the client has read the first part
		case <-read:
		case <-time.After(10 * time.Second):
			t.Error("the client never got the first part: the response was held back")
			return
		}
		io.WriteString(w, "</urlset>\n")
	}))
	ts := httptest.NewServer(h)
	defer ts.Close()
	req, _ := http.NewRequest("GET", ts.URL+"/sitemap.xml", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.ContentLength != -1 {
		t.Fatalf("Content-Encoding %q, length %d; want gzip, streamed", resp.Header.Get("Content-Encoding"), resp.ContentLength)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(first))
	if _, err := io.ReadFull(zr, got); err != nil || string(got) != first {
		t.Fatalf("first part: %v %.80q", err, got)
	}
	close(read)
	rest, err := io.ReadAll(bufio.NewReader(zr))
	if err != nil || string(rest) != "</urlset>\n" {
		t.Errorf("the end: %v %q", err, rest)
	}
	<-done
}

// TestCompressDecides: which responses compress compresses, by status,
// method and headers.
func TestCompressDecides(t *testing.T) {
	long := strings.Repeat("Cổng thông tin điện tử tỉnh Đồng Nai. ", 40)
	for _, c := range []struct {
		name, method, ctype, encoding, accept string
		status                                int
		body                                  string
		want                                  string
	}{
		{"html", "GET", "text/html; charset=utf-8", "", "gzip", 200, long, "gzip"},
		{"brotli only", "GET", "text/html; charset=utf-8", "", "br", 200, long, "br"},
		{"both: gzip", "GET", "text/html; charset=utf-8", "", "br, gzip", 200, long, "gzip"},
		{"refused", "GET", "text/html", "", "gzip;q=0", 200, long, ""},
		{"none asked", "GET", "text/html", "", "", 200, long, ""},
		{"small", "GET", "text/html", "", "gzip", 200, "<p>ngắn</p>", ""},
		{"json", "GET", "application/json", "", "gzip", 200, long, "gzip"},
		{"problem json", "GET", "application/problem+json", "", "gzip", 422, long, "gzip"},
		{"atom", "GET", "application/atom+xml", "", "gzip", 200, long, "gzip"},
		{"css", "GET", "text/css", "", "gzip", 200, long, "gzip"},
		{"javascript", "GET", "text/javascript", "", "gzip", 200, long, "gzip"},
		{"not found page", "GET", "text/html", "", "gzip", 404, long, "gzip"},
		{"svg image", "GET", "image/svg+xml", "", "gzip", 200, long, ""},
		{"png image", "GET", "image/png", "", "gzip", 200, long, ""},
		{"pdf", "GET", "application/pdf", "", "gzip", 200, long, ""},
		{"already encoded", "GET", "text/html", "br", "gzip", 200, long, "br"},
		{"sniffed html", "GET", "", "", "gzip", 200, "<!DOCTYPE html>" + long, "gzip"},
		{"head", "HEAD", "text/html", "", "gzip", 200, "", ""},
		{"no content", "GET", "text/html", "", "gzip", 204, "", ""},
	} {
		h := (&Server{}).compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c.ctype != "" {
				w.Header().Set("Content-Type", c.ctype)
			}
			if c.encoding != "" {
				w.Header().Set("Content-Encoding", c.encoding)
			}
			w.WriteHeader(c.status)
			io.WriteString(w, c.body)
		}))
		req := httptest.NewRequest(c.method, "/", nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("Content-Encoding"); got != c.want || rec.Code != c.status {
			t.Errorf("%s: %d Content-Encoding %q; want %d %q", c.name, rec.Code, got, c.status, c.want)
		}
		if c.want == "gzip" {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if b, _ := io.ReadAll(zr); string(b) != c.body {
				t.Errorf("%s: the body decodes to %.40q", c.name, b)
			}
		}
		if c.want == "" && c.encoding == "" && rec.Body.String() != c.body {
			t.Errorf("%s: the plain body changed", c.name)
		}
	}
}
