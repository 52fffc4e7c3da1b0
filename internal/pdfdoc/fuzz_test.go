package pdfdoc

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
)

// FuzzInspect: Inspect never panics, and either accepts a PDF within the
// limits or refuses it as an Invalid error on the field "file".
// go test ./internal/pdfdoc -run '^$' -fuzz FuzzInspect -fuzztime 30s
func FuzzInspect(f *testing.F) {
	signed := pdfdoctest.Signed(f, "Quyết định số 12", "Nguyễn Văn An")
	for _, seed := range [][]byte{
		pdfdoctest.Unsigned(f, "Văn bản"),
		signed,
		pdfdoctest.Tamper(signed),
		pdfdoctest.AppendAfterSigning(f, signed),
		[]byte("%PDF-1.7\n"),
		[]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := inspectWithin(t, data, 10*time.Second)
		if err != nil {
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Fields["file"].VI == "" {
				t.Fatalf("error %v is not an Invalid message on the file", err)
			}
			return
		}
		if info.Pages < 1 || info.Pages > MaxPages {
			t.Fatalf("accepted %d pages", info.Pages)
		}
		for _, s := range info.Signatures {
			if (s.Problem == apperr.Msg{}) != (s.Intact && s.WholeFile) {
				t.Fatalf("signature %+v: problem and facts disagree", s)
			}
		}
	})
}

// inspectWithin runs Inspect, failing with every goroutine's stack
// (and the input kept in the fuzz corpus) when it takes longer than d.
func inspectWithin(t *testing.T, data []byte, d time.Duration) (*Info, error) {
	type result struct {
		info *Info
		err  error
	}
	done := make(chan result, 1)
	go func() {
		info, err := Inspect(data)
		done <- result{info, err}
	}()
	select {
	case r := <-done:
		return r.info, r.err
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		os.WriteFile(filepath.Join(os.TempDir(), "pdfdoc-fuzz-hang.txt"), append(buf, data...), 0o600)
		t.Fatalf("Inspect of %d bytes took over %v:\n%s", len(data), d, buf)
		return nil, nil
	}
}

// BenchmarkMerge compiles an issue of 50 documents of 20 pages each.
func BenchmarkMerge(b *testing.B) {
	parts := make([]Part, 50)
	for i := range parts {
		d := pdfdoctest.Doc("Văn bản số " + strconv.Itoa(i+1))
		for len(d.Blocks) < 20*34-8 {
			d.Blocks = append(d.Blocks, document.Paragraph{Text: "Khoản " + strconv.Itoa(len(d.Blocks)) + ": nội dung quy định chi tiết của văn bản."})
		}
		parts[i] = Part{Title: "Văn bản số " + strconv.Itoa(i+1), PDF: pdfdoctest.Write(b, d)}
	}
	info, err := Inspect(parts[0].PDF)
	if err != nil || info.Pages != 20 {
		b.Fatalf("a part has %v pages (%v), want 20", info, err)
	}
	var out bytes.Buffer
	if err := Merge(&out, parts); err != nil {
		b.Fatal(err)
	}
	if info, err := Inspect(out.Bytes()); err != nil || info.Pages != 1000 {
		b.Fatalf("merged: %+v %v", info, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := Merge(io.Discard, parts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(out.Len())/(1<<20), "MB-out")
}
