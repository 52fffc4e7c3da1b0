package content_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"

	"github.com/congportal/cong/internal/testenv"
)

// TestLegacyTextIsRepairedOnTheWayIn pastes an article typed in TCVN3
// (read as if it were Windows-1252, as a browser shows .VnTime text) and
// checks that the stored revision is proper Unicode.
func TestLegacyTextIsRepairedOnTheWayIn(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/corpus/legacy-encodings/tcvn3-abc/001.tcvn3")
	want, err2 := os.ReadFile("../../../shared/corpus/legacy-encodings/tcvn3-abc/001.expected.txt")
	if err != nil || err2 != nil {
		testenv.Missing(t, "corpus not found")
	}
	garbled := windows1252(raw)
	db := storetest.SQLite(t)
	ctx := context.Background()
	s := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
	site.NewSites(db, time.Now).Create(ctx, s, audit.CLI)
	cs := content.NewStore(db, time.Now)
	it, err := cs.Create(ctx, s.ID, content.Edit{Kind: content.Article, Title: "Bài dán từ tệp .VnTime",
		Body: "<p>" + garbled + "</p>", Author: "A", Source: "B"}, audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(vn.Clean(stripP(it.Rev.Body)))
	if text != vn.Clean(string(want)) {
		t.Errorf("stored body:\n%q\nwant:\n%q", text, vn.Clean(string(want)))
	}
	if !strings.Contains(it.Rev.Note, "TCVN3") {
		t.Errorf("the revision note %q does not say what was converted", it.Rev.Note)
	}
	// Proper Unicode is never touched.
	plain := content.Edit{Kind: content.Article, Title: "Đồng Nai", Body: "<p>" + string(want) + "</p>", Author: "A", Source: "B"}
	it2, _ := cs.Create(ctx, s.ID, plain, audit.CLI)
	if it2.Rev.Note != "" {
		t.Errorf("Unicode text was converted: note %q", it2.Rev.Note)
	}
}

// windows1252 shows bytes as Windows-1252 text, as a browser would.
func windows1252(b []byte) string {
	high := []rune("€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ")
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c >= 0x80 && c < 0xa0:
			sb.WriteRune(high[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

func stripP(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>")
}

func TestMojibakeIsRepairedOnTheWayIn(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	s := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
	site.NewSites(db, time.Now).Create(ctx, s, audit.CLI)
	cs := content.NewStore(db, time.Now)
	want := "Thủ tướng Chính phủ chỉ đạo các bộ, ngành"
	garbled := windows1252([]byte(want)) // UTF-8 read as Windows-1252
	it, err := cs.Create(ctx, s.ID, content.Edit{Kind: content.Article, Title: garbled,
		Body: "<p>" + garbled + "</p><p>" + garbled + "</p>", Author: "A", Source: "B"}, audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	if it.Rev.Title != want || !strings.Contains(it.Rev.Body, want) {
		t.Errorf("title %q, body %q; want the repaired text", it.Rev.Title, it.Rev.Body)
	}
}
