package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/congportal/cong/internal/vn"
)

// source is what the generated documents and the queries are made of.
type source struct {
	news      []newsRecord // real records whose title fits (under 200 bytes)
	paras     []string     // real paragraphs of 80–800 bytes
	laws      int          // records of legal.jsonl (0 without -legal)
	legalPath string
	numbers   []string // the laws' numbers
}

// newsRecord is a record of news.jsonl (see ../shared/corpus/SOURCES.md).
type newsRecord struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Body        string `json:"body"`
	PublishedAt string `json:"published_at"`
	Category    string `json:"category,omitempty"`
	SourceURL   string `json:"source_url,omitempty"`
	Source      string `json:"source,omitempty"`
}

func readCorpus(dir string, legal bool) (*source, error) {
	s := &source{}
	err := eachLine(filepath.Join(dir, "news.jsonl"), func(line []byte) {
		var r newsRecord
		if json.Unmarshal(line, &r) != nil {
			return
		}
		r.Title = strings.TrimSpace(r.Title)
		if r.Title != "" && len(r.Title) < 200 {
			s.news = append(s.news, r)
		}
		for _, p := range strings.Split(r.Body, "\n") {
			if p = strings.TrimSpace(p); len(p) > 80 && len(p) < 800 {
				s.paras = append(s.paras, p)
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%w (run from the module root, next to ../shared)", err)
	}
	if len(s.news) == 0 || len(s.paras) == 0 {
		return nil, errors.New("news.jsonl: no usable records")
	}
	if legal {
		s.legalPath = filepath.Join(dir, "legal.jsonl")
		err := eachLine(s.legalPath, func(line []byte) {
			var r struct{ Number string }
			if json.Unmarshal(line, &r) != nil {
				return
			}
			s.laws++
			if n := strings.TrimSpace(r.Number); n != "" {
				s.numbers = append(s.numbers, n)
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func eachLine(path string, f func([]byte)) error {
	file, err := os.Open(path) // #nosec G304 -- the corpus the operator names (-corpus)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		f(sc.Bytes())
	}
	return sc.Err()
}

// makeQueries draws n queries: two-word (60 %) and three-word (30 %)
// phrases of real titles, a third of them typed without diacritics, and
// the laws' numbers (10 %) as written, folded in lower case, with dashes
// or spaces, or after "số".
func makeQueries(s *source, n int, seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, 7)) // #nosec G404 -- queries reproducible from -seed, not a secret
	punct := func(r rune) rune {
		if strings.ContainsRune(`,.:;!?"'“”‘’()[]-–—/…%`, r) {
			return ' '
		}
		return r
	}
	qs := make([]string, 0, n)
	for len(qs) < n {
		if k := rng.IntN(10); k == 0 && len(s.numbers) > 0 {
			num := s.numbers[rng.IntN(len(s.numbers))]
			switch rng.IntN(4) {
			case 1:
				num = strings.ToLower(vn.Fold(num))
			case 2:
				num = strings.ToLower(strings.ReplaceAll(num, "/", "-"))
			case 3:
				num = "số " + num
			}
			qs = append(qs, num)
			continue
		}
		words := 2
		if rng.IntN(3) == 0 {
			words = 3
		}
		ws := strings.Fields(strings.Map(punct, s.news[rng.IntN(len(s.news))].Title))
		if len(ws) < words {
			continue
		}
		i := rng.IntN(len(ws) - words + 1)
		q := strings.ToLower(strings.Join(ws[i:i+words], " "))
		if rng.IntN(3) == 0 {
			q = vn.Fold(q)
		}
		qs = append(qs, q)
	}
	return qs
}

// congCmd runs the built `cong` against the bench's database.
type congCmd struct {
	bin, dbURL, data, dir string
}

// command is `cong ARGS… --database URL --data DIR` with an environment
// without CONG_ settings of the caller's.
func (c *congCmd) command(ctx context.Context, args ...string) *exec.Cmd {
	args = append(args, "--database", c.dbURL, "--data", c.data)
	cmd := exec.CommandContext(ctx, c.bin, args...) // #nosec G204 -- the cong this program built, with its own arguments
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CONG_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	// Its own process group: a Ctrl+C reaches the bench, which stops the
	// children in order; and the children die with the bench.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	return cmd
}

// output runs cong and returns what it printed, failing with it.
func (c *congCmd) output(ctx context.Context, args ...string) (string, error) {
	var out bytes.Buffer
	cmd := c.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("cong %s: %w\n%s", args[0]+" "+args[1], err, tail(out.String(), 20))
	}
	return out.String(), nil
}

// loaded says what was loaded and how long it took.
type loaded struct {
	news, laws, indexed int
	importProcs         int
	textMB              float64
	took, analyze       time.Duration
	retried             int
}

// load makes the main portal and loads the documents, then checks that
// every live item is in the search index.
func load(ctx context.Context, c *congCmd, db *sql.DB, s *source, o options) (*loaded, error) {
	ld := &loaded{news: o.n, importProcs: max(1, o.importProcs)}
	if _, err := c.output(ctx, "site", "add", "--main", "--kind", "portal", "--code", "dong-nai",
		"--name", "Ủy ban nhân dân tỉnh Đồng Nai", "--name-en", "Dong Nai Provincial People's Committee"); err != nil {
		return nil, err
	}
	files, textBytes, err := generate(c.dir, s, o.n, ld.importProcs, o.seed)
	if err != nil {
		return nil, err
	}
	ld.textMB = float64(textBytes) / 1e6
	logf("generated %d news articles (%.0f MB of text) in %d files; importing with %d processes", o.n, ld.textMB, len(files), len(files))
	start := time.Now()
	if err := importAll(ctx, c, db, files, o.n); err != nil {
		return nil, err
	}
	// A record skipped by one process (two titles racing for one slug,
	// or for a category made on first use) is imported again, alone.
	missing, err := missingIDs(ctx, db, o.n)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		ld.retried = len(missing)
		logf("%d records were skipped; importing them again alone", len(missing))
		retry := filepath.Join(c.dir, "retry.jsonl")
		if err := writeRecords(retry, s, missing, o.seed); err != nil {
			return nil, err
		}
		if _, err := c.output(ctx, "import", "news", retry); err != nil {
			return nil, err
		}
		if missing, err = missingIDs(ctx, db, o.n); err != nil {
			return nil, err
		}
		if len(missing) > 0 {
			return nil, fmt.Errorf("%d generated records are still not loaded (the first: gen-%d)", len(missing), missing[0])
		}
	}
	if s.legalPath != "" {
		logf("importing the %d laws of %s", s.laws, s.legalPath)
		out, err := c.output(ctx, "import", "legal", s.legalPath)
		if err != nil {
			return nil, err
		}
		logf("  %s", lastLines(out, 2))
		ld.laws = s.laws
	}
	ld.took = time.Since(start)
	// autovacuum would gather the statistics after a bulk load (it is off
	// on some servers, this one included), and move the GIN indexes'
	// pending entries into them: the search's plans depend on both.
	t := time.Now()
	if _, err := db.ExecContext(ctx, "VACUUM (ANALYZE)"); err != nil {
		return nil, err
	}
	ld.analyze = time.Since(t)
	var live, unindexed int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE live`).Scan(&live); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items i WHERE i.live
		AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.item_id = i.id AND d.live)`).Scan(&unindexed); err != nil {
		return nil, err
	}
	if unindexed > 0 {
		return nil, fmt.Errorf("%d of %d published items are not in the search index", unindexed, live)
	}
	ld.indexed = live
	logf("loaded and indexed %d published items in %s (%.0f items/s), then VACUUM (ANALYZE) in %s",
		live, ld.took.Round(time.Second), float64(live)/ld.took.Seconds(), ld.analyze.Round(time.Millisecond))
	if ld.took > 10*time.Minute {
		logf("note: loading took more than 10 minutes")
	}
	return ld, nil
}

// reused describes a database loaded by an earlier run (-reuse).
func reused(ctx context.Context, db *sql.DB) (*loaded, error) {
	ld := &loaded{}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE source_id LIKE 'gen-%'`).Scan(&ld.news); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE live`).Scan(&ld.indexed); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM legal_docs`).Scan(&ld.laws); err != nil {
		return nil, err
	}
	if ld.indexed == 0 {
		return nil, errors.New("-reuse: the database holds no published items")
	}
	logf("reusing %d published items (%d generated news articles, %d laws)", ld.indexed, ld.news, ld.laws)
	return ld, nil
}

// generate writes the n records in procs files, each record in the file
// of its title's slug, so that two processes never make the same slug.
func generate(dir string, s *source, n, procs int, seed uint64) (files []string, textBytes int64, err error) {
	ws := make([]*bufio.Writer, procs)
	for i := range ws {
		name := filepath.Join(dir, fmt.Sprintf("news-%d.jsonl", i))
		f, err := os.Create(name) // #nosec G304 -- a file of this program's temporary folder
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		ws[i] = bufio.NewWriterSize(f, 1<<20)
		files = append(files, name)
	}
	g := newGenerator(s, seed)
	for i := 1; i <= n; i++ {
		r := g.record(i)
		textBytes += int64(len(r.Title) + len(r.Summary) + len(r.Body))
		line, err := json.Marshal(r)
		if err != nil {
			return nil, 0, err
		}
		w := ws[slugShard(r.Title, procs)]
		_, _ = w.Write(line)
		_ = w.WriteByte('\n')
	}
	for _, w := range ws {
		if err := w.Flush(); err != nil {
			return nil, 0, err
		}
	}
	return files, textBytes, nil
}

// slugShard is the file (of procs) of a title: by its slug, so that the
// titles that make one slug go to one import process.
func slugShard(title string, procs int) int {
	h := 0
	for _, b := range []byte(vn.Slug(title)) {
		h = (h*31 + int(b)) % 1000003
	}
	return h % procs
}

// writeRecords writes the records of the given numbers again (the
// generator is deterministic).
func writeRecords(name string, s *source, nums []int, seed uint64) error {
	f, err := os.Create(name) // #nosec G304 -- a file of this program's temporary folder
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	want := map[int]bool{}
	last := 0
	for _, n := range nums {
		want[n] = true
		last = max(last, n)
	}
	g := newGenerator(s, seed)
	for i := 1; i <= last; i++ {
		r := g.record(i)
		if !want[i] {
			continue
		}
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, _ = w.Write(line)
		_ = w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil { // the writer's first error, if any
		return err
	}
	return f.Close()
}

// generator makes the records: a real title with its summary and
// category, two to four real paragraphs, a date in 2017–2021.
type generator struct {
	s   *source
	rng *rand.Rand
}

func newGenerator(s *source, seed uint64) *generator {
	return &generator{s: s, rng: rand.New(rand.NewPCG(seed, 2))} // #nosec G404 -- documents reproducible from -seed, not a secret
}

func (g *generator) record(i int) newsRecord {
	base := g.s.news[g.rng.IntN(len(g.s.news))]
	var body strings.Builder
	for k := 2 + g.rng.IntN(3); k > 0; k-- {
		body.WriteString(g.s.paras[g.rng.IntN(len(g.s.paras))])
		body.WriteByte('\n')
	}
	day := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(5*365))
	return newsRecord{ID: fmt.Sprintf("gen-%d", i), Title: base.Title, Summary: base.Summary, Body: body.String(),
		PublishedAt: day.Format("2006-01-02"), Category: base.Category,
		SourceURL: fmt.Sprintf("https://dongnai.gov.vn/tin-tuc/bai-%d", i), Source: "bench/searchload, from " + base.ID}
}

// importAll runs one `cong import news` per file at once, reporting
// progress from the database.
func importAll(ctx context.Context, c *congCmd, db *sql.DB, files []string, n int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, len(files))
	for i, f := range files {
		go func() {
			out, err := c.output(ctx, "import", "news", f)
			if err == nil {
				logf("  import %d: %s", i, lastLines(out, 2))
			}
			errs <- err
		}()
	}
	start := time.Now()
	tick := time.NewTicker(15 * time.Second)
	defer tick.Stop()
	// The statistics of items, as autovacuum keeps them (it is off on some
	// servers): without them the import's lookup by source id, a prepared
	// statement, gets a generic plan that cannot use the partial index
	// items_source and reads every item of the site, so that each record
	// costs more than the one before (see docs/search.md).
	analyze := time.NewTicker(10 * time.Second)
	defer analyze.Stop()
	var firstErr error
	for left := len(files); left > 0; {
		select {
		case err := <-errs:
			left--
			if err != nil && firstErr == nil {
				firstErr = err
				cancel()
			}
		case <-analyze.C:
			if _, err := db.ExecContext(ctx, `ANALYZE items`); err != nil && ctx.Err() == nil {
				logf("  ANALYZE items: %v", err)
			}
		case <-tick.C:
			var items, indexed int
			// Progress only: a failed count shows 0.
			_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM items WHERE source_id LIKE 'gen-%'`).Scan(&items)
			_ = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&indexed)
			el := time.Since(start)
			logf("  %d of %d items stored, %d indexed, in %s (%.0f items/s)", items, n, indexed, el.Round(time.Second), float64(items)/el.Seconds())
		}
	}
	return firstErr
}

// missingIDs are the generated records not stored as items.
func missingIDs(ctx context.Context, db *sql.DB, n int) ([]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT source_id FROM items WHERE source_id LIKE 'gen-%'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		have[s] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []int
	for i := 1; i <= n; i++ {
		if !have[fmt.Sprintf("gen-%d", i)] {
			missing = append(missing, i)
		}
	}
	return missing, nil
}

func lastLines(s string, n int) string {
	return strings.ReplaceAll(tail(s, n), "\n", " / ")
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
