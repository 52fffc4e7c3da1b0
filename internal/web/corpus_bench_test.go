package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/corpus"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"

	"github.com/congportal/cong/internal/testenv"
)

// The corpus benchmarks render pages of a portal holding the whole of
// ../shared/corpus (about 14,000 items, imported as `cong import` does,
// into SQLite), with the page cache off: the database reads, the
// templates and the middleware of a first, uncached request (issue 12,
// point 6). The import takes a minute and is done once per test binary,
// for every benchmark that needs it.
var corpusPortal struct {
	once sync.Once
	dir  string // the temporary data folder, removed by TestMain
	srv  *web.Server
	err  error
}

// TestMain removes the corpus benchmarks' database after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if corpusPortal.dir != "" {
		os.RemoveAll(corpusPortal.dir)
	}
	os.Exit(code)
}

// corpusDir is ../shared/corpus seen from the module root.
func corpusDir(b testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	for _, f := range []string{"news.jsonl", "legal.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			testenv.Missing(b, "the shared corpus is not at %s: the corpus benchmarks need it", dir)
		}
	}
	return dir
}

// corpusServer returns the portal with the corpus imported.
func corpusServer(b *testing.B) *web.Server {
	dir := corpusDir(b)
	corpusPortal.once.Do(func() {
		start := time.Now()
		corpusPortal.srv, corpusPortal.err = importCorpus(dir)
		b.Logf("corpus imported in %s", time.Since(start).Round(time.Second))
	})
	if corpusPortal.err != nil {
		b.Fatal(corpusPortal.err)
	}
	return corpusPortal.srv
}

// importCorpus fills a new SQLite database with the demo and the corpus,
// filed in the main portal's sections as `cong import` files them.
func importCorpus(src string) (*web.Server, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "cong-bench-corpus-")
	if err != nil {
		return nil, err
	}
	corpusPortal.dir = dir
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		return nil, err
	}
	main, err := site.NewSites(db, time.Now).Main(ctx)
	if err != nil {
		return nil, err
	}
	for _, kind := range []string{"news", "legal"} {
		if _, err := importInto(ctx, db, main, kind, filepath.Join(src, kind+".jsonl")); err != nil {
			return nil, err
		}
	}
	return web.New(ctx, web.Options{DB: db, Log: discard(), MediaDir: filepath.Join(dir, "media"), PageCacheBytes: -1})
}

// importInto files a corpus file of kind ("news" or "legal") in site
// st's section for it, as `cong import` does, and returns the ids of the
// items saved.
func importInto(ctx context.Context, db *store.DB, st *site.Site, kind, path string) ([]int64, error) {
	cs := content.NewStore(db, time.Now)
	im := &corpus.Importer{Content: cs, Legal: legal.NewStore(db, time.Now), SiteID: st.ID, SiteCode: st.Code,
		Kind: kind, Actor: audit.Actor{Name: "import", IP: "local"}}
	section := map[string]string{"legal": "van-ban-phap-luat", "news": "tin-tuc-su-kien"}[kind]
	if c, err := cs.CategoryBySlug(ctx, st.ID, section); err == nil {
		im.CategoryID = c.ID
	}
	var saved []int64
	cs.OnSaved = func(id int64) { saved = append(saved, id) }
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return saved, im.Run(ctx, f, 0, io.Discard)
}

// benchBackends runs fn once per database, SQLite then PostgreSQL, each
// a sub-benchmark with a fresh database.
func benchBackends(b *testing.B, fn func(b *testing.B, backend string, db *store.DB)) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *store.DB
			if backend == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			fn(b, backend, db)
		})
	}
}

// benchPage asks srv for path b.N times, as an anonymous reader would,
// after checking that it answers 200.
func benchPage(b *testing.B, srv http.Handler, path string) {
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != http.StatusOK {
		b.Fatalf("%s answers %d", path, rec.Code)
	}
	b.SetBytes(int64(rec.Body.Len()))
	b.ReportAllocs()
	defer web.CPUPerOp(b)()
	for i := 0; i < b.N; i++ {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	}
}

// BenchmarkHomeUncached renders the main portal's home page with the
// corpus loaded: featured items, the latest of every site, the home
// blocks of its categories and the menu.
func BenchmarkHomeUncached(b *testing.B) {
	benchPage(b, corpusServer(b), "/")
}

// BenchmarkCategoryUncached renders the first page of the news category,
// which holds most of the corpus (about 11,000 items).
func BenchmarkCategoryUncached(b *testing.B) {
	benchPage(b, corpusServer(b), "/chuyen-muc/tin-tuc-su-kien")
}

// BenchmarkCorpusArticle renders one news article of the corpus, beside
// BenchmarkArticleUncached's demo article on a nearly empty database
// (named so that -bench ArticleUncached still runs that one alone).
func BenchmarkCorpusArticle(b *testing.B) {
	benchPage(b, corpusServer(b), "/tin-tuc/vinamilk-lot-top-1-000-thuong-hieu-hang-dau-chau-a")
}
