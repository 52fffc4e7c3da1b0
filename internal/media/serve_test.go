package media

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestHandler(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, siteID := newTestStore(t, db, Limits{})
		img, err := s.Upload(ctx, siteID, "anh.jpg", bytes.NewReader(jpegBytes(t, photo(800, 600))), editor)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := s.Upload(ctx, siteID, "Báo cáo.docx", bytes.NewReader(minimalDOCX(t)), editor)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		defer srv.Close()

		var smallestWebP Variant
		for _, v := range img.Variants {
			if v.Format == "webp" && (smallestWebP.Width == 0 || v.Width < smallestWebP.Width) {
				smallestWebP = v
			}
		}
		if smallestWebP.Width == 0 {
			t.Fatalf("a photograph got no WebP variant: %+v", img.Variants)
		}
		tests := []struct {
			method, path string
			status       int
			ctype, disp  string
		}{
			{"GET", img.URL(), 200, "image/jpeg", ""},
			{"HEAD", smallestWebP.URL(), 200, "image/webp", ""},
			{"GET", doc.URL(), 200, formats["docx"].mime, "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o.docx"},
			{"GET", "/media/../../etc/passwd", 404, "", ""},
			{"GET", "/media/" + img.SHA256[:2] + "/00/" + img.SHA256 + "-w800.jpg", 404, "", ""},
			{"GET", "/media/" + img.SHA256[:2] + "/" + img.SHA256[2:4] + "/" + img.SHA256 + "-w9999.jpg", 404, "", ""},
			{"GET", "/media/" + img.SHA256[:2] + "/" + img.SHA256[2:4] + "/" + img.SHA256 + "-w800.exe", 404, "", ""},
			{"POST", img.URL(), 405, "", ""},
		}
		for _, tt := range tests {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Errorf("%s %s = %d; want %d", tt.method, tt.path, res.StatusCode, tt.status)
				continue
			}
			if tt.status != 200 {
				continue
			}
			h := res.Header
			if h.Get("Content-Type") != tt.ctype || h.Get("Content-Disposition") != tt.disp {
				t.Errorf("%s: Content-Type %q, Content-Disposition %q; want %q, %q", tt.path,
					h.Get("Content-Type"), h.Get("Content-Disposition"), tt.ctype, tt.disp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "public, max-age=31536000, immutable" {
				t.Errorf("%s: nosniff %q, Cache-Control %q", tt.path, h.Get("X-Content-Type-Options"), h.Get("Cache-Control"))
			}
		}

		req, _ := http.NewRequest("GET", srv.URL+img.URL(), nil)
		req.Header.Set("If-None-Match", `"`+img.SHA256+`-w800"`)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation = %d; want 304", res.StatusCode)
		}
	})
}
