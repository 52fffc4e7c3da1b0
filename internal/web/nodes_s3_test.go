package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/s3test"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestMediaOnS3AcrossNodes runs two nodes on one PostgreSQL database
// with their media in one MinIO bucket and no shared disk: an image and
// a PDF uploaded through node A are served by node B, whole and in
// ranges, with their types and the year-long cache headers, read from
// the bucket; node A's media folder stays empty.
func TestMediaOnS3AcrossNodes(t *testing.T) {
	s3 := s3test.Start(t)
	db := storetest.Postgres(t)
	ctx := context.Background()
	bucket := s3.Bucket(t, "cong-nodes")
	open := func() media.Blobs {
		b, err := media.OpenBlobs(bucket+"/portal/media", s3.Config)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.(*media.S3Blobs).Check(ctx); err != nil {
			t.Fatal(err)
		}
		return b
	}
	dirA := t.TempDir()
	h := newHarness(t, db, func(o *web.Options) { o.MediaDir, o.Media = dirA, open() }) // node A
	nodeB, err := web.New(ctx, web.Options{DB: db, Log: discard(), Now: h.clock.Now, MediaDir: t.TempDir(), Media: open()})
	if err != nil {
		t.Fatal(err)
	}
	srvB := httptest.NewServer(nodeB)
	defer srvB.Close()

	h.person("s3.btv", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("s3.btv")
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	b.uploadTo("dong-nai", "anh-hai-may.png", tinyPNG(42), "Ảnh tải lên máy A")
	b.uploadTo("dong-nai", "Báo cáo quý.pdf", pdf, "")

	ms := media.NewStoreOn(db, open(), h.clock.Now, media.DefaultLimits())
	list, err := ms.List(ctx, h.main.ID, 1)
	if err != nil || len(list) != 2 {
		t.Fatalf("uploads = %d, %v; want 2", len(list), err)
	}
	doc, img := list[0], list[1]
	if img.Kind != media.Image || len(img.Variants) == 0 || doc.Kind != media.File {
		t.Fatalf("uploads: %+v, %+v", img, doc)
	}
	if entries, _ := os.ReadDir(dirA); len(entries) != 0 {
		t.Errorf("node A wrote %d entries into its media folder; want none (the files are in the bucket)", len(entries))
	}

	get := func(path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srvB.URL+path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, body
	}
	client := s3.Client(t)
	object := func(path string) []byte {
		t.Helper()
		o, err := client.GetObject(ctx, "cong-nodes", "portal/media/"+path, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		data, err := io.ReadAll(o)
		if err != nil {
			t.Fatalf("object %s: %v", path, err)
		}
		return data
	}

	for _, v := range img.Variants {
		resp, body := get(v.URL())
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("node B: %s = %d", v.URL(), resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "image/"+v.Format {
			t.Errorf("%s: Content-Type %q; want image/%s", v.URL(), ct, v.Format)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", v.URL(), cc)
		}
		if int64(len(body)) != v.Size || !bytes.Equal(body, object(v.Path)) {
			t.Errorf("%s: node B served %d bytes, not the %d of the object", v.URL(), len(body), v.Size)
		}
		// A range, and a conditional request on the ETag.
		resp, part := get(v.URL(), "Range", "bytes=10-29")
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(part, body[10:30]) ||
			resp.Header.Get("Content-Range") != "bytes 10-29/"+strconv.Itoa(len(body)) {
			t.Errorf("%s bytes=10-29: %d %q, %d bytes", v.URL(), resp.StatusCode, resp.Header.Get("Content-Range"), len(part))
		}
		resp, part = get(v.URL(), "Range", "bytes=-7")
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(part, body[len(body)-7:]) {
			t.Errorf("%s bytes=-7: %d, %d bytes", v.URL(), resp.StatusCode, len(part))
		}
		if resp, _ := get(v.URL(), "If-None-Match", resp.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s If-None-Match: %d; want 304", v.URL(), resp.StatusCode)
		}
	}

	resp, body := get(doc.URL())
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("node B: %s = %d %q %q, %d bytes", doc.URL(), resp.StatusCode, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), len(body))
	}
	// What the bucket lacks is not found, on either node.
	missing := strings.Replace(img.Variants[0].URL(), img.SHA256, strings.Repeat("0", 64), 1)
	missing = "/media/00/00/" + missing[strings.LastIndex(missing, "/")+1:]
	if resp, _ := get(missing); resp.StatusCode != http.StatusNotFound {
		t.Errorf("node B: %s = %d; want 404", missing, resp.StatusCode)
	}
}
