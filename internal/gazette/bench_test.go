package gazette

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// The sizes of issue 16's goals: an issue of 50 documents of 20 pages
// compiled and published in under 10 s and 300 MB; `cong gazette verify`
// over 100,000 log entries in under 30 s.
const (
	benchDocs    = 50
	benchPages   = 20
	benchEntries = 100_000
	benchFileLen = 1024 // bytes of each logged file in BenchmarkVerify
)

// benchBackends runs fn on a fresh SQLite database and on PostgreSQL.
func benchBackends(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, storetest.Postgres(b)) })
}

// benchOffice makes the main portal, the dated rules and a gazette
// officer on db and returns the store and the officer.
func benchOffice(b *testing.B, db *store.DB) (*Store, *site.Site, Person) {
	b.Helper()
	ctx := context.Background()
	st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh Thử"}
	if err := site.NewSites(db, time.Now).Create(ctx, st, audit.CLI); err != nil {
		b.Fatal(err)
	}
	if err := rules.NewStore(db, time.Now).EnsureDefaults(ctx); err != nil {
		b.Fatal(err)
	}
	users := account.NewUsers(db, time.Now)
	u, err := users.Create(ctx, account.NewUser{Username: "congbao", FullName: "Cán bộ Công báo", Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
	if err != nil {
		b.Fatal(err)
	}
	if err := users.Grant(ctx, u.ID, st.ID, account.Gazette, audit.CLI); err != nil {
		b.Fatal(err)
	}
	if u, err = users.ByID(ctx, u.ID); err != nil {
		b.Fatal(err)
	}
	return NewStore(db, Options{}), st, Person{User: u, MainID: st.ID, IP: "127.0.0.1"}
}

// benchPDF is document i of the issue: a Quyết định of exactly pages
// pages made with document.WritePDF, signed with a throwaway certificate.
func benchPDF(b *testing.B, i, pages int, cert pdfdoctest.Cert) []byte {
	b.Helper()
	para := func(n int) document.Paragraph {
		return document.Paragraph{Align: document.Justify, Text: fmt.Sprintf("Điều %d. Văn bản %d, đoạn %d: ủy ban nhân dân các huyện, thành phố "+
			"tổ chức thực hiện việc quản lý, duy tu cây xanh đô thị, bảo đảm an toàn cho người và phương tiện tham gia giao thông; "+
			"kinh phí thực hiện từ nguồn ngân sách địa phương theo phân cấp hiện hành và các nguồn hợp pháp khác.", n, i, n)}
	}
	d := pdfdoctest.Doc("")
	d.Number = fmt.Sprintf("Số: %d/2026/QĐ-UBND", 100+i)
	d.Blocks = nil
	n := 60
	for range 8 {
		d.Blocks = d.Blocks[:0]
		for j := range n {
			d.Blocks = append(d.Blocks, para(j+1))
		}
		var buf bytes.Buffer
		if err := document.WritePDF(&buf, d); err != nil {
			b.Fatal(err)
		}
		info, err := pdfdoc.Inspect(buf.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		if info.Pages == pages {
			return pdfdoctest.Sign(b, buf.Bytes(), cert, time.Now())
		}
		// Paragraphs are alike: scale their number to the pages wanted.
		next := n * pages / info.Pages
		if info.Pages < pages {
			next = max(next, n+1)
		} else {
			next = min(next, n-1)
		}
		n = next
	}
	b.Fatalf("no document of exactly %d pages", pages)
	return nil
}

// peak samples the live heap and, through /proc, the resident set while
// the timed part of a benchmark runs.
type peak struct {
	mu     sync.Mutex
	heap   uint64
	stop   chan struct{}
	done   chan struct{}
	sample []metrics.Sample
}

func startPeak() *peak {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM (Linux); best effort
	p := &peak{stop: make(chan struct{}), done: make(chan struct{}),
		sample: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
	go func() {
		defer close(p.done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(p.sample)
			p.mu.Lock()
			p.heap = max(p.heap, p.sample[0].Value.Uint64())
			p.mu.Unlock()
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// end stops sampling and returns the peak live heap and the peak resident
// set (0 when /proc does not tell), in MB.
func (p *peak) end() (heapMB, rssMB float64) {
	close(p.stop)
	<-p.done
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(status)) {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				rssMB = kb / 1024
			}
		}
	}
	return float64(p.heap) / (1 << 20), rssMB
}

// BenchmarkPublishIssue compiles and publishes an issue of 50 signed
// documents of 20 pages each (1,001 pages with the cover): the PDFs are
// made and signed, received (their signatures checked) and put in an
// issue outside the timer; PublishIssue is timed — reading the 50 files
// back, the cover and table of contents, the merge with bookmarks, the
// stored issue PDF, 51 log entries and 50 legal documents. Besides ns/op
// and B/op it reports the peak live heap and the peak resident set of
// the process during PublishIssue.
//
//	go test ./internal/gazette -run '^$' -bench BenchmarkPublishIssue -benchtime 3x -benchmem
func BenchmarkPublishIssue(b *testing.B) {
	cert := pdfdoctest.NewCert(b, "Nguyễn Văn An", "Ủy ban nhân dân tỉnh Thử", time.Time{}, time.Time{})
	pdfs := make([][]byte, benchDocs)
	size := 0
	for i := range pdfs {
		pdfs[i] = benchPDF(b, i, benchPages, cert)
		size += len(pdfs[i])
	}
	b.Logf("%d documents of %d pages, %.1f MB of signed PDF", benchDocs, benchPages, float64(size)/(1<<20))
	benchBackends(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		gz, st, officer := benchOffice(b, db)
		signed := vn.Day(time.Now().Add(-24 * time.Hour))
		var heapMax, rssMax float64
		iter := 0
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			iter++
			ids := make([]int64, benchDocs)
			for i, pdf := range pdfs {
				d, err := gz.Receive(ctx, st.ID, Intake{Number: fmt.Sprintf("%d/2026/QĐ-UBND", iter*1000+i), DocType: "Quyết định",
					Issuer: "Ủy ban nhân dân tỉnh", Signer: "Nguyễn Văn An", Field: "Xây dựng", SignedOn: signed, EffectiveOn: signed,
					Abstract: fmt.Sprintf("Ban hành Quy định quản lý cây xanh đô thị, văn bản %d của số %d", i+1, iter), PDF: pdf}, officer)
				if err != nil {
					b.Fatal(err)
				}
				if d.SigStatus != SigVerified {
					b.Fatalf("document %d: signature %s (%s)", i, d.SigStatus, d.SigProblem)
				}
				ids[i] = d.ID
			}
			is, err := gz.CreateIssue(ctx, st.ID, IssueRequest{Year: 2026, NumFrom: iter, IssueDate: vn.Day(time.Now()), DocIDs: ids}, officer)
			if err != nil {
				b.Fatal(err)
			}
			pk := startPeak()
			b.StartTimer()
			is, err = gz.PublishIssue(ctx, is.ID, Cover{ParentAgency: "ỦY BAN NHÂN DÂN TỈNH THỬ", Agency: "VĂN PHÒNG", Place: "Thử"}, officer)
			b.StopTimer()
			heapMB, rssMB := pk.end()
			if err != nil {
				b.Fatal(err)
			}
			if want := 1 + benchDocs*benchPages; is.Pages < want {
				b.Fatalf("the issue has %d pages, want at least %d", is.Pages, want)
			}
			heapMax, rssMax = max(heapMax, heapMB), max(rssMax, rssMB)
			b.StartTimer()
		}
		b.ReportMetric(heapMax, "peak-heap-MB")
		b.ReportMetric(rssMax, "peak-RSS-MB")
	})
}

// benchLog appends n entries to the publication log directly, chained
// exactly as appendLog chains them (entryHash over the previous hash),
// each naming a file of its own of benchFileLen bytes that is stored
// too, so that Verify checks n files as well as the chain. Inserted in
// batches within one transaction.
func benchLog(b *testing.B, db *store.DB, n int) {
	b.Helper()
	ctx := context.Background()
	const batch = 500
	prev := genesis
	start := time.Now().UTC().Truncate(time.Microsecond)
	file := make([]byte, benchFileLen)
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for from := 0; from < n; from += batch {
			to := min(from+batch, n)
			var files, entries []any
			for i := from; i < to; i++ {
				copy(file, fmt.Sprintf("tệp %d ", i))
				sum := sha256.Sum256(file)
				hash := hex.EncodeToString(sum[:])
				at := start.Add(time.Duration(i) * time.Second)
				kind, ref := "doc.publish", "van-ban/"+strconv.Itoa(i+1)
				if i%51 == 50 {
					kind, ref = "issue.publish", fmt.Sprintf("so/%d-%02d", 2000+i/51/99, i/51%99+1)
				}
				record := fmt.Sprintf(`{"id":%d,"number":"%d/2026/QĐ-UBND","type":"Quyết định","issuer":"Ủy ban nhân dân tỉnh",`+
					`"signer":"Nguyễn Văn An","signed_on":"2026-03-08","abstract":"Ban hành Quy định quản lý cây xanh đô thị trên địa bàn tỉnh",`+
					`"file_sha256":%q,"signature":"verified","issue":"2026-01","page":%d,"state":"published"}`, i+1, i+1, hash, 2+i%50*20)
				h := entryHash(prev, at, kind, ref, hash, record)
				files = append(files, hash, len(file), 1, base64.StdEncoding.EncodeToString(file), at)
				entries = append(entries, at, kind, ref, hash, record, prev, h)
				prev = h
			}
			rows := to - from
			if _, err := tx.Exec(ctx, `INSERT INTO gazette_files (sha256, size, pages, data, created_at) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", rows), ", "), files...); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO gazette_log (at, kind, ref, file_sha256, record, prev_hash, hash) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?), ", rows), ", "), entries...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerify recomputes the chain of 100,000 log entries and the
// hash of each entry's file (100,000 files of 1 KiB), as `cong gazette
// verify` does; the entries are inserted outside the timer, chained as
// appendLog chains them. Verify must find nothing. Besides ns/op and B/op
// it reports the peak live heap and the peak resident set during Verify.
//
//	go test ./internal/gazette -run '^$' -bench BenchmarkVerify -benchtime 3x -benchmem
func BenchmarkVerify(b *testing.B) {
	benchBackends(b, func(b *testing.B, db *store.DB) {
		start := time.Now()
		benchLog(b, db, benchEntries)
		b.Logf("%d entries inserted in %s", benchEntries, time.Since(start).Round(time.Millisecond))
		gz := NewStore(db, Options{})
		ctx := context.Background()
		var heapMax, rssMax float64
		b.ReportAllocs()
		for b.Loop() {
			checked := 0
			b.StopTimer()
			pk := startPeak()
			b.StartTimer()
			problems, err := gz.Verify(ctx, func(n int) { checked = n })
			b.StopTimer()
			heapMB, rssMB := pk.end()
			b.StartTimer()
			heapMax, rssMax = max(heapMax, heapMB), max(rssMax, rssMB)
			if err != nil {
				b.Fatal(err)
			}
			if len(problems) > 0 || checked != benchEntries {
				b.Fatalf("verify checked %d entries and found %d problems: %v", checked, len(problems), problems[:min(len(problems), 3)])
			}
		}
		b.ReportMetric(heapMax, "peak-heap-MB")
		b.ReportMetric(rssMax, "peak-RSS-MB")
	})
}
