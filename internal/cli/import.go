package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/corpus"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
)

// importer is the actor of imported items in the audit log.
var importer = audit.Actor{Name: "import", IP: "local"}

// moreImports are the imports kept in their own files, by kind
// (registered by init).
var moreImports = map[string]func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error{}

// importCmd loads the record formats of ../shared/corpus (see SOURCES.md
// there): `cong import legal|news FILE.jsonl [--site CODE]`. Each record's
// id becomes the item's source id, so importing again updates rather
// than duplicates.
func importCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && moreImports[args[0]] != nil {
		return moreImports[args[0]](ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "legal" && args[0] != "news") {
		return &usageError{"cách dùng: cong import legal|news TỆP.jsonl [--site MÃ] (usage)"}
	}
	kind := args[0]
	fs, c, apply := config.FlagSet("import "+kind, stderr, getenv)
	var siteCode string
	fs.StringVar(&siteCode, "site", "", "mã trang nhận dữ liệu (mặc định: cổng chính)")
	var files []string
	rest := args[1:]
	for len(rest) > 0 { // flags may come before or after the file
		if err := parse(fs, rest, func() {}, stdout); err != nil && !strings.Contains(err.Error(), "đối số thừa") {
			return helpOK(err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	apply()
	if len(files) != 1 {
		return &usageError{"hãy chỉ ra đúng một tệp .jsonl (give one .jsonl file)"}
	}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("không mở được %s: %v", files[0], err)
	}
	defer f.Close()
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	sites := site.NewSites(db, time.Now)
	var st *site.Site
	if siteCode == "" {
		st, err = sites.Main(ctx)
	} else {
		st, err = sites.ByCode(ctx, siteCode)
	}
	if err != nil {
		return fmt.Errorf("trang nhận dữ liệu: %w", err)
	}
	total, err := countLines(f)
	if err != nil {
		return err
	}
	cs := content.NewStore(db, time.Now)
	im := &corpus.Importer{Content: cs, Legal: legal.NewStore(db, time.Now),
		SiteID: st.ID, SiteCode: st.Code, Kind: kind, Actor: importer}
	// Into the site's required section, when it has one: legal documents
	// to the legal-documents section, news to news and events (a news
	// record that names its category goes to that one).
	section := map[string]string{"legal": "van-ban-phap-luat", "news": "tin-tuc-su-kien"}[kind]
	if c, err := cs.CategoryBySlug(ctx, st.ID, section); err == nil {
		im.CategoryID = c.ID
	}
	// The search index follows: the items the import changed are indexed
	// in batches once their legal metadata is in too.
	var changed []int64
	cs.OnSaved = func(id int64) { changed = append(changed, id) }
	if err := im.Run(ctx, f, total, stdout); err != nil {
		return err
	}
	start := time.Now()
	ix := search.New(db, time.Now)
	if err := ix.Refresh(ctx, changed...); err != nil {
		return fmt.Errorf("chỉ mục tìm kiếm: %w (chạy cong search reindex)", err)
	}
	fmt.Fprintf(stdout, "Đã cập nhật chỉ mục tìm kiếm: %d mục trong %s.\n", len(changed), time.Since(start).Round(time.Millisecond))
	// After a bulk load the index is tidied as a reindex does (PostgreSQL:
	// VACUUM (ANALYZE) moves the GIN pending lists into the indexes and
	// gives the planner the new words' frequencies; SQLite: FTS optimize):
	// without it the first searches read the pending lists and the
	// planner's estimates are those of the table before.
	if len(changed) >= optimizeAfter {
		start = time.Now()
		if err := ix.Optimize(ctx); err != nil {
			return fmt.Errorf("chỉ mục tìm kiếm: %w (chạy cong search reindex)", err)
		}
		fmt.Fprintf(stdout, "Đã tối ưu chỉ mục tìm kiếm trong %s.\n", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// optimizeAfter is the import size from which the search index is tidied.
const optimizeAfter = 1000

func countLines(f *os.File) (int, error) {
	buf := make([]byte, 1<<20)
	n := 0
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	_, err := f.Seek(0, io.SeekStart)
	return n, err
}
