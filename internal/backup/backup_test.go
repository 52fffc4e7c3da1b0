package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// portal is a filled database with its media folder.
type portal struct {
	db     *store.DB
	url    string // PostgreSQL's, for the backup's snapshot connection
	media  string
	logins []demo.Login
}

// fixed is the clock of both the original and the restored portal, so
// that their pages can be compared byte for byte.
var fixed = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

func openSQLite(t *testing.T, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t *testing.T) (*store.DB, string) {
	t.Helper()
	url := storetest.PostgresURL(t)
	db, err := store.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, url
}

// filled makes a portal on dialect with the demo content, its cover
// images, and a picture uploaded on another site.
func filled(t *testing.T, dialect store.Dialect) *portal {
	t.Helper()
	ctx := context.Background()
	p := &portal{media: t.TempDir()}
	if dialect == store.Postgres {
		p.db, p.url = openPostgres(t)
	} else {
		p.db = openSQLite(t, t.TempDir())
	}
	if _, err := p.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var err error
	if p.logins, err = demo.Fill(ctx, p.db, time.Now, demo.WithMedia(p.media)); err != nil {
		t.Fatalf("demo: %v", err)
	}
	uploadPicture(t, p, "so-khcn", 1)
	return p
}

// uploadPicture uploads a small PNG, different for each n, as an editor
// would.
func uploadPicture(t *testing.T, p *portal, code string, n int) {
	t.Helper()
	ctx := context.Background()
	st, err := site.NewSites(p.db, time.Now).ByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			img.Set(x, y, color.RGBA{uint8(x * n), uint8(y + n), uint8(n * 40), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if _, err := media.NewStore(p.db, p.media, time.Now, media.DefaultLimits()).Upload(ctx, st.ID, "ảnh-thử.png", &buf, audit.CLI); err != nil {
		t.Fatalf("upload: %v", err)
	}
}

func takeBackup(t *testing.T, p *portal, dest backup.Destination) *backup.Result {
	t.Helper()
	res, err := backup.Run(context.Background(), backup.Options{DB: p.db, DatabaseURL: p.url, MediaDir: p.media, Dest: dest, CongVersion: "test"})
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	return res
}

func local(t *testing.T) *backup.Local {
	t.Helper()
	d, err := backup.NewLocal(filepath.Join(t.TempDir(), "sao-luu"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRoundTrip restores a backup of a SQLite portal into PostgreSQL and
// one of a PostgreSQL portal into SQLite, and finds the same rows in
// every table, the same pages, the same logins and the same audit log.
func TestRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to store.Dialect
	}{
		{"sqlite-to-postgres", store.SQLite, store.Postgres},
		{"postgres-to-sqlite", store.Postgres, store.SQLite},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			src := filled(t, c.from)
			dest := local(t)
			res := takeBackup(t, src, dest)
			if res.Rows == 0 || res.MediaCopied == 0 || res.MediaSkipped != 0 {
				t.Fatalf("backup result %+v", res)
			}
			m, err := backup.Verify(ctx, dest, res.Name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if m.Dialect != string(c.from) || m.SchemaVersion != store.LatestVersion() || len(m.Media) != res.MediaCopied {
				t.Fatalf("manifest: dialect %s, schema %d, %d media", m.Dialect, m.SchemaVersion, len(m.Media))
			}

			dst := &portal{media: t.TempDir()}
			if c.to == store.Postgres {
				dst.db, _ = openPostgres(t)
			} else {
				dst.db = openSQLite(t, t.TempDir())
			}
			rr, err := backup.Restore(ctx, backup.RestoreOptions{Dest: dest, Name: res.Name, DB: dst.db, MediaDir: dst.media})
			if err != nil {
				t.Fatalf("restore: %v", err)
			}
			t.Logf("backup of %d tables, %d rows, %d media (%d bytes) in %v; restore in %v", res.Tables, res.Rows, res.MediaCopied, res.Bytes, res.Elapsed.Round(time.Millisecond), rr.Elapsed.Round(time.Millisecond))
			if rr.Rows != res.Rows || rr.MediaCopied != len(m.Media) || rr.Indexed == 0 {
				t.Fatalf("restore result %+v, backup %+v", rr, res)
			}

			// Table by table: the same rows, and those the manifest names.
			want, err := backup.Digest(ctx, src.db)
			if err != nil {
				t.Fatal(err)
			}
			got, err := backup.Digest(ctx, dst.db)
			if err != nil {
				t.Fatal(err)
			}
			compareDigests(t, want, got)
			for _, tb := range m.Tables {
				if g := got[tb.Name]; g.Rows != tb.Rows || g.Digest != tb.Digest {
					t.Errorf("table %s restored %d rows %s, manifest %d rows %s", tb.Name, g.Rows, g.Digest[:12], tb.Rows, tb.Digest[:12])
				}
			}
			for _, name := range []string{"audit_log", "users", "items", "media", "sessions"} {
				if want[name].Rows == 0 && name != "sessions" {
					t.Errorf("table %s is empty in the source: the check proves nothing", name)
				}
			}
			// The media folder, file for file.
			if a, b := mediaFiles(t, src.media), mediaFiles(t, dst.media); strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("media differ:\n%v\n%v", a, b)
			}

			// The same pages.
			start := time.Now()
			samePages(t, src, dst)
			t.Logf("pages compared in %v", time.Since(start).Round(time.Millisecond))
			start = time.Now()

			// The demo people sign in with their passwords.
			users := account.NewUsers(dst.db, time.Now)
			for _, l := range src.logins[:2] { // each check hashes a password: two are enough
				if _, err := users.Authenticate(ctx, l.Username, l.Password, "127.0.0.1"); err != nil {
					t.Errorf("sign in as %s on the restored portal: %v", l.Username, err)
				}
			}
			t.Logf("sign-ins in %v", time.Since(start).Round(time.Millisecond))
			// New rows get new ids (PostgreSQL's identities were moved on).
			uploadPicture(t, dst, "dong-nai", 7)
		})
	}
}

func compareDigests(t *testing.T, want, got map[string]backup.TableDigest) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%d tables in the source, %d restored", len(want), len(got))
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if want[n] != got[n] {
			t.Errorf("table %s: source %d rows %.12s, restored %d rows %.12s", n, want[n].Rows, want[n].Digest, got[n].Rows, got[n].Digest)
		}
	}
}

func mediaFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out = append(out, fmt.Sprintf("%s %x", rel, sha256.Sum256(b)))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// variable parts of a page: the CSP nonce and the form tokens.
var variable = regexp.MustCompile(`(nonce|value|content|data-[a-z-]+)="[A-Za-z0-9+/=_-]{16,}"`)

// samePages starts the portal on both databases and compares the home
// page, a few pages it links to, and a search.
func samePages(t *testing.T, a, b *portal) {
	t.Helper()
	get := func(p *portal) func(path string) (int, string) {
		srv, err := web.New(context.Background(), web.Options{DB: p.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Version: "test", MediaDir: p.media, Now: func() time.Time { return fixed }})
		if err != nil {
			t.Fatalf("web.New: %v", err)
		}
		return func(path string) (int, string) {
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			return w.Code, variable.ReplaceAllString(w.Body.String(), `$1="…"`)
		}
	}
	ga, gb := get(a), get(b)
	code, home := ga("/")
	if code != 200 {
		t.Fatalf("home page of the original: %d", code)
	}
	paths := []string{"/", "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`href="(/[a-z0-9-]+/[a-z0-9/.-]+)"`).FindAllStringSubmatch(home, -1) {
		if !seen[m[1]] && !strings.HasPrefix(m[1], "/static/") && !strings.HasPrefix(m[1], "/media/") && len(paths) < 8 {
			seen[m[1]] = true
			paths = append(paths, m[1])
		}
	}
	if len(paths) < 4 {
		t.Fatalf("the home page links to too few pages: %v", paths)
	}
	for _, p := range paths {
		ca, ba := ga(p)
		cb, bb := gb(p)
		if ca != cb || ba != bb {
			t.Errorf("GET %s: original %d (%d bytes), restored %d (%d bytes)\n%s", p, ca, len(ba), cb, len(bb), firstDiff(ba, bb))
		}
	}
	// The media the pages show are served from the restored folder.
	for _, m := range regexp.MustCompile(`(/media/[0-9a-f/]+-[a-z0-9]+\.[a-z]+)`).FindAllString(home, 3) {
		if c, _ := gb(m); c != 200 {
			t.Errorf("GET %s on the restored portal: %d", m, c)
		}
	}
}

func firstDiff(a, b string) string {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			lo := max(0, i-80)
			return "…" + a[lo:min(len(a), i+80)] + "\n…" + b[lo:min(len(b), i+80)]
		}
	}
	return "(one is a prefix of the other)"
}

// copyTree copies a destination folder, so that each damage is done to
// its own copy.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "ban-sao")
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// TestDamagedBackupRefused damages a backup in each way a disk or a copy
// can — one byte changed, a media file missing, a file cut short, the
// manifest missing — and finds each refused by Verify and by Restore with
// the name of what is wrong, before anything is written.
func TestDamagedBackupRefused(t *testing.T) {
	ctx := context.Background()
	src := filled(t, store.SQLite)
	dest := local(t)
	res := takeBackup(t, src, dest)
	m, err := backup.Verify(ctx, dest, res.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	md := m.Media[len(m.Media)/2]
	mediaObj := "media/" + md.SHA256[:2] + "/" + md.SHA256
	for _, c := range []struct {
		name   string
		damage func(dir string) error
		want   []string
	}{
		{"one byte changed", func(dir string) error {
			p := filepath.Join(dir, res.Name, "tables", "items.jsonl.gz")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[len(b)/3] ^= 0x20
			return os.WriteFile(p, b, 0o600)
		}, []string{res.Name + "/tables/items.jsonl.gz", "mã băm SHA-256 không khớp"}},
		{"a media file missing", func(dir string) error {
			return os.Remove(filepath.Join(dir, filepath.FromSlash(mediaObj)))
		}, []string{mediaObj, "thiếu tệp", md.Path}},
		{"a file cut short", func(dir string) error {
			p := filepath.Join(dir, res.Name, "tables", "audit_log.jsonl.gz")
			fi, err := os.Stat(p)
			if err != nil {
				return err
			}
			return os.Truncate(p, fi.Size()-7)
		}, []string{res.Name + "/tables/audit_log.jsonl.gz", "bị cắt ngắn"}},
		{"a table file missing", func(dir string) error {
			return os.Remove(filepath.Join(dir, res.Name, "tables", "sites.jsonl.gz"))
		}, []string{res.Name + "/tables/sites.jsonl.gz", "thiếu tệp"}},
		{"the manifest missing", func(dir string) error {
			return os.Remove(filepath.Join(dir, res.Name, backup.ManifestName))
		}, []string{res.Name + "/manifest.json", "không có tệp kê khai"}},
		{"the manifest changed", func(dir string) error {
			p := filepath.Join(dir, res.Name, backup.ManifestName)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, bytes.Replace(b, []byte(`"rows": `), []byte(`"rows": 1`), 1), 0o600)
		}, []string{res.Name + "/tables/", "dòng"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyTree(t, dest.Dir)
			if err := c.damage(dir); err != nil {
				t.Fatal(err)
			}
			d := &backup.Local{Dir: dir}
			_, verr := backup.Verify(ctx, d, res.Name, nil)
			target := openSQLite(t, t.TempDir())
			_, rerr := backup.Restore(ctx, backup.RestoreOptions{Dest: d, Name: res.Name, DB: target, MediaDir: t.TempDir()})
			if c.name == "the manifest changed" {
				// The hashes still match: the row count is found wrong
				// while loading, and the load's transaction is undone.
				if verr != nil {
					t.Fatalf("verify: %v", verr)
				}
				verr = rerr
			}
			for _, err := range []error{verr, rerr} {
				if err == nil {
					t.Fatal("a damaged backup was accepted")
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
			}
			if n := countRows(t, target); n != 0 {
				t.Errorf("a refused restore left %d rows", n)
			}
		})
	}
}

// countRows counts the rows of every table beyond what a freshly
// migrated database holds (a migration may write a row, such as the
// health probe's).
func countRows(t *testing.T, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	fresh := openSQLite(t, t.TempDir())
	if _, err := fresh.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	base, err := backup.Digest(ctx, fresh)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := backup.Digest(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for name, d := range ds {
		if d.Rows != base[name].Rows {
			t.Logf("table %s: %d rows", name, d.Rows)
			n += d.Rows
		}
	}
	return n
}

// TestIncrementalMedia takes a second backup after one new picture into
// the same destination: it copies only the files of that picture, and a
// third backup with nothing new copies none.
func TestIncrementalMedia(t *testing.T) {
	src := filled(t, store.SQLite)
	dest := local(t)
	first := takeBackup(t, src, dest)
	before := len(mediaFiles(t, src.media))
	uploadPicture(t, src, "dong-nai", 3)
	added := len(mediaFiles(t, src.media)) - before
	time.Sleep(1100 * time.Millisecond) // the backups are named by the second
	second := takeBackup(t, src, dest)
	if second.MediaCopied != added || second.MediaSkipped != first.MediaCopied {
		t.Errorf("second backup copied %d and skipped %d media files; the new picture has %d files, the first backup copied %d",
			second.MediaCopied, second.MediaSkipped, added, first.MediaCopied)
	}
	// One new file, whatever it is, is one copy.
	os.MkdirAll(filepath.Join(src.media, "ab", "cd"), 0o750)
	if err := os.WriteFile(filepath.Join(src.media, "ab", "cd", "mot-tep-moi.pdf"), []byte("%PDF-1.4 một tệp\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	third := takeBackup(t, src, dest)
	if third.MediaCopied != 1 || third.MediaSkipped != first.MediaCopied+added {
		t.Errorf("third backup copied %d, skipped %d", third.MediaCopied, third.MediaSkipped)
	}
	t.Logf("first backup %d media files, %d bytes; after one picture (%d files, its variants) the second copied %d (%d bytes of media); one more file: the third copied %d",
		first.MediaCopied, first.Bytes, added, second.MediaCopied, second.MediaBytes, third.MediaCopied)
	names, err := backup.Backups(context.Background(), dest)
	if err != nil || len(names) != 3 {
		t.Errorf("backups %v, %v", names, err)
	}
}
