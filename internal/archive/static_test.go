package archive_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/archive"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/s3test"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// demoDB is a database filled with the demo, and its media folder.
func demoDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	db := storetest.SQLite(t)
	media := t.TempDir()
	if _, err := demo.Fill(context.Background(), db, time.Now, demo.WithMedia(media)); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return db, media
}

func exportSite(t *testing.T, db *store.DB, media, code, base string) (*archive.StaticResult, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "luu-tru")
	res, err := archive.Static(context.Background(), archive.StaticOptions{DB: db, MediaDir: media, Site: code, Dir: dir, BaseURL: base,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("export %s: %v", code, err)
	}
	// The English list of legal documents links each document under /en/,
	// where the portal has none (a broken link of the live site, not of
	// the copy): those pages alone may be missing.
	for _, f := range res.Failed {
		if !strings.Contains(f, "/en/van-ban/") || !strings.HasSuffix(f, "(404)") {
			t.Errorf("export %s: the portal did not serve %s", code, f)
		}
	}
	return res, dir
}

// checkLinks counts the links of the copy and fails on a broken one.
func checkLinks(t *testing.T, dir string) *archive.CheckResult {
	t.Helper()
	c, err := archive.Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d HTML files, %d links: %d relative, %d external, %d other; %d broken", c.Files, c.Links, c.Relative, c.External, c.Other, len(c.Broken))
	for i, b := range c.Broken {
		if i == 30 {
			t.Errorf("… and %d more", len(c.Broken)-30)
			break
		}
		t.Errorf("broken: %s", b)
	}
	if c.Relative == 0 {
		t.Error("no relative link at all")
	}
	return c
}

func read(t *testing.T, dir, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		t.Fatalf("the copy lacks %s: %v", file, err)
	}
	return string(b)
}

// TestStaticDemo exports the demo's main portal: every page kind is
// there, every relative link of every page names a file of the copy,
// search and forms are replaced by notes, staff pages and other sites
// are left to the live portal.
func TestStaticDemo(t *testing.T) {
	db, media := demoDB(t)
	res, dir := exportSite(t, db, media, "dong-nai", "https://dongnai.gov.vn")
	t.Logf("exported %d pages, %d files, %d theme files, %d media files, %d links made relative, %d bytes",
		res.Pages, res.Files, res.Assets, res.Media, res.Links, res.Bytes)
	checkLinks(t, dir)
	for _, f := range []string{"index.html", "en/index.html", "gioi-thieu/index.html", "lien-he/index.html", "so-do-trang/index.html",
		"van-ban/index.html", "van-ban/luat-thue-bao-ve-moi-truong/index.html", "hoi-dap/index.html", "to-chuc/index.html",
		"nguoi-phat-ngon/index.html", "lay-y-kien/index.html", "chuyen-muc/tin-tuc-su-kien/index.html",
		"tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027/index.html", "feed.atom", "static/archive.css"} {
		read(t, dir, f)
	}
	if res.Media == 0 || res.Assets < 3 {
		t.Errorf("media %d, theme files %d", res.Media, res.Assets)
	}
	// No staff page, no search page, nothing outside the site.
	for _, gone := range []string{"quan-tri", "dang-nhap", "tim-kiem", "so-khcn", "phuong-tran-bien", "bien-hoa", "api"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("the copy holds %s", gone)
		}
	}
	home := read(t, dir, "index.html")
	for _, want := range []string{
		`href="static/site.`, `src="static/display.`, `srcset="media/`, // fingerprinted theme files and pictures, relative
		`Bản lưu trữ không tìm kiếm, không lọc được`, `href="van-ban/index.html"`, // search: the lists instead
		`href="https://dongnai.gov.vn/dang-nhap"`, // sign-in: on the live portal
		`href="https://dongnai.gov.vn/so-khcn/"`,  // another site: on the live portal
		`href="https://dichvucong.gov.vn/"`,       // another web site: as it was
		`href="en/index.html"`,                    // the other language
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home lacks %s", want)
		}
	}
	if strings.Contains(home, "<form") || strings.Contains(home, `="/`) {
		t.Error("home keeps a form or a path from the portal's root")
	}
	article := read(t, dir, "tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027/index.html")
	for _, want := range []string{"Bản lưu trữ: không gửi được biểu mẫu.", "banbientap@dongnai.gov.vn", `href="../../static/site.`,
		`rel="canonical" href="index.html"`} {
		if !strings.Contains(article, want) {
			t.Errorf("article lacks %s", want)
		}
	}
	if strings.Contains(article, "captcha") {
		t.Error("the captcha script is left")
	}
	feedback := read(t, dir, "phan-anh-kien-nghi/index.html")
	if !strings.Contains(feedback, "Bản lưu trữ: không gửi được biểu mẫu.") || strings.Contains(feedback, "captcha.") {
		t.Error("the feedback form is not replaced by the note")
	}
}

// TestStaticComponentSite exports a department's site (a path prefix):
// its pages at the root of the copy, the main portal's pages left to the
// live portal, or as text when its address is not given.
func TestStaticComponentSite(t *testing.T) {
	db, media := demoDB(t)
	_, dir := exportSite(t, db, media, "so-khcn", "")
	checkLinks(t, dir)
	home := read(t, dir, "index.html")
	if !strings.Contains(home, "Sở Khoa học và Công nghệ") || strings.Contains(home, `href="/`) {
		t.Error("the department's home is not at the root of the copy, or keeps a path from the portal's root")
	}
	if _, err := os.Stat(filepath.Join(dir, "so-khcn")); err == nil {
		t.Error("the copy keeps the site's prefix as a folder")
	}
	if strings.Contains(home, "dang-nhap") {
		t.Error("sign-in is linked without a live address")
	}

	// The archived site: its banner's link to the main portal goes live.
	_, dir = exportSite(t, db, media, "bien-hoa", "https://dongnai.gov.vn")
	checkLinks(t, dir)
	if home := read(t, dir, "index.html"); !strings.Contains(home, `href="https://dongnai.gov.vn/"`) {
		t.Error("the archived site's link to the main portal does not go live")
	}
}

// TestStaticRefusesFullFolder: a copy is never mixed into another folder.
func TestStaticRefusesFullFolder(t *testing.T) {
	db, media := demoDB(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), []byte("x"), 0o644)
	_, err := archive.Static(context.Background(), archive.StaticOptions{DB: db, MediaDir: media, Site: "dong-nai", Dir: dir})
	if err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Fatalf("err = %v", err)
	}
	if _, err := archive.Static(context.Background(), archive.StaticOptions{DB: db, MediaDir: media, Site: "khong-co", Dir: t.TempDir()}); err == nil {
		t.Fatal("an unknown site exported")
	}
}

// TestItemsYear: the JSON lines export of a year holds, one valid object a
// line, every item of the site first published that year, with its
// metadata; another year holds none of them.
func TestItemsYear(t *testing.T) {
	db, _ := demoDB(t)
	ctx := context.Background()
	var siteID int64
	if err := db.QueryRow(ctx, `SELECT id FROM sites WHERE code = ?`, "dong-nai").Scan(&siteID); err != nil {
		t.Fatal(err)
	}
	// The years of the demo's live items, counted apart from the export.
	rows, err := db.Query(ctx, `SELECT first_published_at, published_at FROM items WHERE site_id = ? AND live`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int{}
	for rows.Next() {
		var first, pub sql.NullTime
		if err := rows.Scan(&first, &pub); err != nil {
			t.Fatal(err)
		}
		at := pub.Time
		if first.Valid {
			at = first.Time
		}
		for y := at.Year() - 1; y <= at.Year()+1; y++ {
			if from, to := archive.YearRange(y); !at.Before(from) && at.Before(to) {
				want[y]++
			}
		}
	}
	rows.Close()
	if len(want) == 0 {
		t.Fatal("the demo has no live item")
	}
	legalSeen := false
	for year, n := range want {
		var buf strings.Builder
		got, err := archive.Items(ctx, archive.ItemsOptions{DB: db, Site: "dong-nai", Year: year, BaseURL: "https://dongnai.gov.vn"}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		sc := bufio.NewScanner(strings.NewReader(buf.String()))
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			lines++
			var r archive.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("line %d is not JSON: %v", lines, err)
			}
			if r.ID == 0 || r.Title == "" || r.Kind == "" || r.Site != "dong-nai" || r.PublishedAt == nil || r.FirstPublishedAt == nil ||
				!strings.HasPrefix(r.URL, "https://dongnai.gov.vn/") || r.Path == "" {
				t.Errorf("line %d lacks metadata: %+v", lines, r)
			}
			if from, to := archive.YearRange(year); r.FirstPublishedAt.Before(from) || !r.FirstPublishedAt.Before(to) {
				t.Errorf("item %d first published %s, not in %d", r.ID, r.FirstPublishedAt, year)
			}
			if r.Kind == "legal" {
				legalSeen = true
				if r.Legal == nil || r.Legal.Number == "" || r.Legal.Status == "" || r.SourceID == "" {
					t.Errorf("legal document %d without its metadata: %+v", r.ID, r.Legal)
				}
			}
		}
		if got != n || lines != n {
			t.Errorf("%d: %d items written, %d lines, want %d", year, got, lines, n)
		}
		t.Logf("%d: %d items", year, n)
	}
	if !legalSeen {
		t.Error("no legal document exported")
	}
	var buf strings.Builder
	if n, err := archive.Items(ctx, archive.ItemsOptions{DB: db, Site: "dong-nai", Year: 1990}, &buf); err != nil || n != 0 || buf.Len() != 0 {
		t.Errorf("1990: %d items, %v", n, err)
	}
}

// TestStaticMediaOnS3 exports a site whose media are in an S3-compatible
// store (cong serve --media s3://…), on a real MinIO, with an empty media
// folder: the pictures of its pages are in the copy all the same, the
// same bytes as in the bucket, and no link of the copy is broken.
func TestStaticMediaOnS3(t *testing.T) {
	s3 := s3test.Start(t)
	db, local := demoDB(t)
	ctx := context.Background()
	bucket := s3.Bucket(t, "cong-archive")
	files, err := media.OpenBlobs(bucket+"/portal/media", s3.Config)
	if err != nil {
		t.Fatal(err)
	}
	if err := files.(*media.S3Blobs).Check(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := media.Copy(ctx, media.NewLocalBlobs(local), files, nil); err != nil {
		t.Fatalf("media into the bucket: %v", err)
	}
	empty := t.TempDir() // the node has no media folder of its own
	dir := filepath.Join(t.TempDir(), "luu-tru")
	res, err := archive.Static(ctx, archive.StaticOptions{DB: db, MediaDir: empty, Media: files, Site: "dong-nai", Dir: dir,
		BaseURL: "https://dongnai.gov.vn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Failed {
		if strings.HasPrefix(f, "/media/") {
			t.Errorf("the portal did not serve %s from the bucket", f)
		}
	}
	if res.Media == 0 {
		t.Fatal("no media file in the copy")
	}
	checkLinks(t, dir)
	// Every picture of the home page is a file of the copy, with the
	// bucket's bytes.
	home := read(t, dir, "index.html")
	refs := regexp.MustCompile(`["\s,](media/[^"\s,]+)`).FindAllStringSubmatch(home, -1)
	if len(refs) == 0 {
		t.Fatal("the home page shows no picture from media/")
	}
	for _, m := range refs {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(m[1])))
		if err != nil {
			t.Errorf("the home page's picture %s is not in the copy: %v", m[1], err)
			continue
		}
		rc, err := files.Open(ctx, strings.TrimPrefix(m[1], "media/"))
		if err != nil {
			t.Errorf("%s is not in the bucket: %v", m[1], err)
			continue
		}
		want, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes in the copy, %d in the bucket", m[1], len(got), len(want))
		}
	}
	t.Logf("%d media files from the bucket; the home page shows %d", res.Media, len(refs))
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the export wrote %d entries into the media folder", len(entries))
	}
}
