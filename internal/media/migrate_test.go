package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/s3conf"
	"github.com/congportal/cong/internal/s3test"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestMigrateToS3AndBack moves a media library from its folder into a
// MinIO bucket and back with Copy (cong media migrate): everything is
// copied once, a second run copies nothing, a damaged or cut copy in the
// destination is written again, a damaged original is refused, and the
// store serves the same bytes from the bucket, in ranges too.
func TestMigrateToS3AndBack(t *testing.T) {
	ctx := context.Background()
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-migrate")
	db := storetest.SQLite(t)
	s, root, siteID := newTestStore(t, db, Limits{})
	img, err := s.Upload(ctx, siteID, "hội-nghị.jpg", bytes.NewReader(jpegBytes(t, photo(900, 600))), editor)
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	doc, err := s.Upload(ctx, siteID, "ke-hoach.pdf", bytes.NewReader(pdf), editor)
	if err != nil {
		t.Fatal(err)
	}
	local := NewLocalBlobs(root)
	bucket, err := NewS3Blobs(s3.Config, s3conf.Location{Bucket: "cong-migrate", Prefix: "media"})
	if err != nil {
		t.Fatal(err)
	}
	if err := bucket.Check(ctx); err != nil {
		t.Fatal(err)
	}
	want := listing(t, local)
	if len(want) != len(img.Variants)+1 {
		t.Fatalf("%d files in the folder; want %d variants and the PDF", len(want), len(img.Variants))
	}

	res, err := Copy(ctx, local, bucket, nil)
	if err != nil || res.Copied != len(want) || res.Skipped != 0 || res.Files != len(want) {
		t.Fatalf("local → S3: %+v, %v", res, err)
	}
	if got := listing(t, bucket); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the bucket holds\n%v\nwant\n%v", got, want)
	}
	res, err = Copy(ctx, local, bucket, nil)
	if err != nil || res.Copied != 0 || res.Skipped != len(want) {
		t.Fatalf("second run: %+v, %v; want every file skipped", res, err)
	}
	// One object changed (same size), one cut short: both written again.
	v0, v1 := img.Variants[0].Path, img.Variants[1].Path
	st, _ := bucket.Stat(ctx, v0)
	if err := bucket.Put(ctx, v0, bytes.NewReader(make([]byte, st.Size)), st.Size); err != nil {
		t.Fatal(err)
	}
	if err := bucket.Put(ctx, v1, strings.NewReader("cut"), 3); err != nil {
		t.Fatal(err)
	}
	res, err = Copy(ctx, local, bucket, nil)
	if err != nil || res.Repaired != 2 || res.Skipped != len(want)-2 {
		t.Fatalf("run after damage: %+v, %v; want 2 written again", res, err)
	}
	if got := listing(t, bucket); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("after repair the bucket holds\n%v", got)
	}

	// The store serves from the bucket.
	onS3 := NewStoreOn(db, bucket, func() time.Time { return testNow }, Limits{})
	srv := httptest.NewServer(onS3.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + doc.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Equal(body, pdf) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("GET %s from the bucket = %d %q, %d bytes", doc.URL(), resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	req, _ := http.NewRequest("GET", srv.URL+img.URL(), nil)
	req.Header.Set("Range", "bytes=100-")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	part, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	whole, _ := os.ReadFile(filepath.Join(root, filepath.FromSlash(img.Path())))
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(part, whole[100:]) || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET %s bytes=100- from the bucket = %d %q, %d bytes; want 206 and %d", img.URL(), resp.StatusCode,
			resp.Header.Get("Content-Type"), len(part), len(whole)-100)
	}

	// And back into an empty folder.
	back := NewLocalBlobs(filepath.Join(t.TempDir(), "media"))
	res, err = Copy(ctx, bucket, back, nil)
	if err != nil || res.Copied != len(want) {
		t.Fatalf("S3 → local: %+v, %v", res, err)
	}
	if got := listing(t, back); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the folder holds\n%v\nwant\n%v", got, want)
	}

	// An original whose bytes do not match its name is refused, and
	// nothing is left of it in the destination.
	if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(doc.Path())), []byte("%PDF-1.4 đã bị sửa\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	fresh, err := NewS3Blobs(s3.Config, s3conf.Location{Bucket: "cong-migrate", Prefix: "khac"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Copy(ctx, local, fresh, nil); err == nil || !strings.Contains(err.Error(), "hỏng") {
		t.Errorf("copying a damaged original: %v; want it refused", err)
	}
	if _, err := fresh.Stat(ctx, doc.Path()); err == nil {
		t.Error("the damaged original was left in the destination")
	}
}

// listing names each file of b with the hash of its bytes.
func listing(t *testing.T, b Blobs) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := b.Walk(ctx, func(name string, size int64) error {
		f, err := b.Open(ctx, name)
		if err != nil {
			return err
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		if int64(len(data)) != size {
			return fmt.Errorf("%s: listed %d bytes, read %d", name, size, len(data))
		}
		out = append(out, fmt.Sprintf("%s %x", name, sha256.Sum256(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
