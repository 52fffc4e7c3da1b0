package royalty

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// BenchmarkProvinceRoyaltyYear times a province's royalty year (issue
// 19, proof: "a year's statements for a province (100 sites, 50,000
// approved lines) < 3 s on both databases"), on SQLite and PostgreSQL:
// "figures" is the year's figures of the 100 sites (Figures: total, per
// site, kind and month), "statements" every author's statement of the
// year across them (Statements, one query), "year" both, the proof.
//
// The set-up, outside the timer and written with multi-row INSERTs in
// one transaction per table: benchSites sites, benchAuthors accounts
// and benchOutside outside authors (half with a tax code), and
// benchLines lines of approved proposals on items first published over
// the 365 days of 2026 — one to three lines a proposal (co-authors, a
// photo credited separately), mostly news, then photos, commentary,
// reportage, interviews and multimedia; each site's writers mostly its
// own, with some writing for several sites. The lines of January to
// September are paid, one in a hundred is closed as unclaimed, the rest
// are still to pay. Beside ns/op it reports peak-rss-B (the process's
// resident memory, sampled every 10 ms), peak-heap-B, alloc-B/op and
// cpu-ms/op (the process's CPU time per op: on SQLite all the work, on
// PostgreSQL the client's share).
//
//	go test ./internal/royalty -run '^$' -bench ProvinceRoyaltyYear -benchtime 5x -timeout 30m
func BenchmarkProvinceRoyaltyYear(b *testing.B) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var db *store.DB
			if backend == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			start := time.Now()
			ids := fillProvince(b, db)
			b.Logf("%s: %d sites, %d lines written in %s", backend, len(ids), benchLines, time.Since(start).Round(time.Millisecond))
			rs := NewStore(db, nil, nil)
			year, err := report.ParsePeriod("2026")
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			// Checked once, outside the timer: every line is there.
			fig, err := rs.Figures(ctx, ids, year)
			if err != nil {
				b.Fatal(err)
			}
			if fig.Total.Lines != benchLines || len(fig.BySite) != benchSites || len(fig.ByMonth) != 12 {
				b.Fatalf("figures: %d lines, %d sites, %d months", fig.Total.Lines, len(fig.BySite), len(fig.ByMonth))
			}
			sts, err := rs.Statements(ctx, ids, year)
			if err != nil {
				b.Fatal(err)
			}
			var lines int
			var total int64
			for _, st := range sts {
				lines += len(st.Lines)
				total += st.Total
			}
			if lines != benchLines || total != fig.Total.Owed() {
				b.Fatalf("statements: %d lines, %d đồng; figures %d lines, %d đồng", lines, total, fig.Total.Lines, fig.Total.Owed())
			}
			b.Logf("%s: %d statements, %d authors in the figures, %s đồng owed (%d approved, %d paid, %d unclaimed)", backend,
				len(sts), fig.Total.Authors, strconv.FormatInt(fig.Total.Owed(), 10), fig.Total.Approved, fig.Total.Paid, fig.Total.Unclaimed)
			sts, fig = nil, nil
			for _, part := range []struct {
				name string
				run  func() error
			}{
				{"figures", func() error { _, err := rs.Figures(ctx, ids, year); return err }},
				{"statements", func() error { _, err := rs.Statements(ctx, ids, year); return err }},
				{"year", func() error {
					if _, err := rs.Figures(ctx, ids, year); err != nil {
						return err
					}
					_, err := rs.Statements(ctx, ids, year)
					return err
				}},
			} {
				b.Run(part.name, func(b *testing.B) {
					benchMemory(b, func() {
						for i := 0; i < b.N; i++ {
							if err := part.run(); err != nil {
								b.Fatal(err)
							}
						}
					})
				})
			}
		})
	}
}

const (
	benchSites   = 100
	benchAuthors = 1_000 // accounts
	benchOutside = 400   // outside authors
	benchLines   = 50_000
)

// benchKinds are the kinds of work and how often they come, out of 20.
var benchKinds = []struct {
	kind  string
	coef  int64 // thousandths
	share int
}{{"tin", 5000, 11}, {"anh", 3000, 4}, {"binh-luan", 12000, 2}, {"phong-su", 20000, 1}, {"phong-van", 15000, 1}, {"da-phuong-tien", 30000, 1}}

// fillProvince writes the sites, authors, items, approved proposals and
// their lines, and returns the sites' ids.
func fillProvince(b testing.TB, db *store.DB) []int64 {
	b.Helper()
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT) }
	sites := site.NewSites(db, now)
	var ids []int64
	for i := range benchSites {
		st := &site.Site{Code: fmt.Sprintf("xa-%03d", i+1), Kind: site.Commune, Name: fmt.Sprintf("Xã Thử Nghiệm %03d", i+1),
			Workflow: "short", PostCheckHours: 24, Main: i == 0}
		if i == 0 {
			st.Code, st.Kind, st.Name = "tinh", site.Portal, "Cổng thông tin điện tử tỉnh"
		} else {
			st.PathPrefix = "/" + st.Code
		}
		if err := sites.Create(ctx, st, audit.CLI); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, st.ID)
	}
	created := now().UTC()
	err := db.InTx(ctx, func(tx *store.Tx) error {
		rows := make([][]any, benchAuthors)
		for i := range rows {
			rows[i] = []any{fmt.Sprintf("tacgia%04d", i), fmt.Sprintf("Tác Giả %04d", i), "x", created}
		}
		return insertRows(ctx, tx, `INSERT INTO users (username, full_name, password_hash, created_at) VALUES `, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	users := readIDs(b, db, `SELECT id FROM users ORDER BY id`)

	// Proposals of one to three lines until benchLines: proposal k has
	// 1 + k%3 lines, of site k%benchSites, published on day k%365.
	type prop struct{ site, lines, day int }
	var props []prop
	for k, n := 0, 0; n < benchLines; k++ {
		p := prop{site: k % benchSites, lines: min(1+k%3, benchLines-n), day: (k * 7) % 365}
		props = append(props, p)
		n += p.lines
	}
	yearStart := time.Date(2026, 1, 1, 8, 0, 0, 0, vn.ICT)
	pubAt := func(p prop) time.Time { return yearStart.AddDate(0, 0, p.day).Add(time.Duration(p.day%9) * time.Hour) }
	err = db.InTx(ctx, func(tx *store.Tx) error {
		rows := make([][]any, len(props))
		for k, p := range props {
			at := pubAt(p).UTC()
			rows[k] = []any{ids[p.site], "article", "published", "vi", "bai-" + strconv.Itoa(k), true, at, at, at, at}
		}
		return insertRows(ctx, tx, `INSERT INTO items (site_id, kind, state, lang, slug, live, first_published_at, published_at, created_at, updated_at) VALUES `, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	items := readIDs(b, db, `SELECT id FROM items ORDER BY id`)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		rows := make([][]any, len(props))
		for k, p := range props {
			at := pubAt(p)
			day := vn.Day(at)
			salary := int64(2_340_000)
			if day >= "2026-07-01" {
				salary = 2_530_000
			}
			due := at.AddDate(0, 0, 60).Format("2006-01-02")
			rows[k] = []any{ids[p.site], items[k], "approved", at.UTC(), day, "royalties-nd18-2014", salary, due, "bientap", at.UTC(), "truongban", at.UTC()}
		}
		return insertRows(ctx, tx, `INSERT INTO royalty_proposals (site_id, item_id, state, published_at, pub_day, schedule_code, base_salary,
			due_day, proposed_by_name, proposed_at, decided_by_name, decided_at) VALUES `, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	proposals := readIDs(b, db, `SELECT id FROM royalty_proposals ORDER BY id`)
	err = db.InTx(ctx, func(tx *store.Tx) error {
		paid := time.Date(2026, 10, 15, 9, 0, 0, 0, vn.ICT).UTC()
		closed := time.Date(2026, 11, 20, 9, 0, 0, 0, vn.ICT).UTC()
		var rows [][]any
		n := 0
		for k, p := range props {
			at := pubAt(p)
			for j := range p.lines {
				n++
				// The kind: by the line's number, in the shares of benchKinds.
				r, kind := (n*7)%20, benchKinds[0]
				for _, x := range benchKinds {
					if r < x.share {
						kind = x
						break
					}
					r -= x.share
				}
				// The author: mostly one of the site's ten writers, one
				// line in five someone from elsewhere, one in eight an
				// outside author (half of them with a tax code).
				var user, tax, name any = nil, "", ""
				switch {
				case n%8 == 0:
					o := (n / 8) % benchOutside
					name = fmt.Sprintf("Cộng Tác Viên %03d", o)
					if o%2 == 0 {
						tax = fmt.Sprintf("03%08d", o)
					}
				case n%5 == 0:
					u := users[(n*31)%len(users)]
					user, name = u, fmt.Sprintf("Tác Giả %04d", (n*31)%len(users))
				default:
					u := (p.site*10 + (k+j)%10) % len(users)
					user, name = users[u], fmt.Sprintf("Tác Giả %04d", u)
				}
				share := int64(10000)
				if p.lines == 3 && j < 2 {
					share = 5000 // two co-authors of the article, then a photo
				}
				salary := int64(2_340_000)
				if vn.Day(at) >= "2026-07-01" {
					salary = 2_530_000
				}
				amount := kind.coef * salary / 10 / 1000 * share / 10000
				var paidAt, unclaimedAt any
				switch {
				case n%100 == 0:
					unclaimedAt = closed
				case at.Month() <= time.September:
					paidAt = paid
				}
				rows = append(rows, []any{proposals[k], ids[p.site], j + 1, user, name, tax, kind.kind, kind.coef, share, amount, paidAt, unclaimedAt})
			}
		}
		return insertRows(ctx, tx, `INSERT INTO royalty_lines (proposal_id, site_id, work_no, user_id, author_name, tax_code, kind, coefficient,
			share_bp, amount, paid_at, unclaimed_at) VALUES `, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(ctx, `ANALYZE`); err != nil { // as after a day's use
		b.Fatal(err)
	}
	return ids
}

// insertRows writes rows with multi-row INSERTs of up to 500 rows.
func insertRows(ctx context.Context, tx *store.Tx, head string, rows [][]any) error {
	const batch = 500
	for len(rows) > 0 {
		n := min(batch, len(rows))
		var sb strings.Builder
		sb.WriteString(head)
		var args []any
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(" + store.Placeholders(len(r)) + ")")
			args = append(args, r...)
		}
		if _, err := tx.Exec(ctx, sb.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func readIDs(b testing.TB, db *store.DB, q string) []int64 {
	b.Helper()
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// benchMemory runs fn, sampling the heap in use and the resident memory
// every 10 ms, as internal/web's report benchmark does.
func benchMemory(b *testing.B, fn func()) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	peak, peakRSS := before.HeapInuse, residentBytes()
	cpu := cpuTime()
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				peakRSS = max(peakRSS, residentBytes())
			}
		}
	}()
	fn()
	cpu = cpuTime() - cpu
	close(stop)
	<-sampled
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(max(peak, after.HeapInuse)), "peak-heap-B")
	b.ReportMetric(float64(peakRSS), "peak-rss-B")
	if b.N > 0 {
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N), "alloc-B/op")
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

// cpuTime is the CPU time the process has used (user and system, from
// /proc/self/stat, in clock ticks of 10 ms), 0 where /proc is not: on a
// machine other jobs load, it tells the work of an op from the wait.
// With PostgreSQL it leaves out the server's share.
func cpuTime() time.Duration {
	data, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	s := string(data)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]) // after the command's name
	if len(fields) < 13 {
		return 0
	}
	user, _ := strconv.ParseInt(fields[11], 10, 64)
	sys, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(user+sys) * 10 * time.Millisecond
}

// residentBytes is the process's resident memory, 0 where /proc is not.
func residentBytes() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(fields[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}
