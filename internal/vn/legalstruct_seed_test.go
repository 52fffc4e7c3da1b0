package vn

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
)

// legalCorpusPath is the corpus of laws in shared/corpus, reached from
// this package directory.
const legalCorpusPath = "../../../shared/corpus/legal.jsonl"

// readShared reads a file under shared/, skipping the test when it is
// absent outside CI.
func readShared(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		testenv.Missing(t, "shared file not available: %v", err)
	}
	return raw
}

// checkAnchors fails when two nodes share an anchor or Find disagrees.
func checkAnchors(t *testing.T, name string, d *LegalDoc) {
	t.Helper()
	seen := map[string]bool{}
	d.Walk(func(n *Node) {
		if n.Anchor == "" || seen[n.Anchor] {
			t.Errorf("%s: anchor %q empty or repeated (%s, line %d)", name, n.Anchor, n.Label, n.Line)
		}
		seen[n.Anchor] = true
		if d.Find(n.Anchor) != n {
			t.Errorf("%s: Find(%q) does not return its node", name, n.Anchor)
		}
	})
}

func TestParseLegalSeed(t *testing.T) {
	d := ParseLegal(string(readShared(t, seedPath)))
	checkAnchors(t, "seed", d)

	// The seed has five chapter headings (I, II, III, IV, IV again) and
	// articles 1 to 20.
	var chapters, articles []string
	d.Walk(func(n *Node) {
		switch n.Kind {
		case KindChapter:
			chapters = append(chapters, n.Anchor+"="+n.Label)
		case KindArticle:
			articles = append(articles, n.Num)
		}
	})
	wantCh := "chuong-1=Chương I chuong-2=Chương II chuong-3=Chương III chuong-4=Chương IV chuong-4-2=Chương IV"
	if got := strings.Join(chapters, " "); got != wantCh {
		t.Errorf("chapters = %s\nwant %s", got, wantCh)
	}
	if len(articles) != 20 {
		t.Errorf("got %d articles, want 20: %v", len(articles), articles)
	}
	for i, a := range articles {
		if a != strconv.Itoa(i+1) {
			t.Errorf("article %d numbered %q", i+1, a)
		}
	}
	perChapter := map[string]int{}
	for _, c := range d.Children {
		perChapter[c.Anchor] = len(c.Children)
	}
	for a, want := range map[string]int{"chuong-1": 6, "chuong-2": 3, "chuong-3": 5, "chuong-4": 4, "chuong-4-2": 2} {
		if perChapter[a] != want {
			t.Errorf("%s has %d articles, want %d", a, perChapter[a], want)
		}
	}

	c4, c42 := d.Find("chuong-4"), d.Find("chuong-4-2")
	if c4 == nil || c42 == nil || c4.Title != "TRÁCH NHIỆM CUNG CẤP THÔNG TIN CỦA CÁC ĐƠN VỊ, ĐỊA PHƯƠNG" || c42.Title != "TỔ CHỨC THỰC HIỆN" {
		t.Errorf("the two Chương IV: %+v / %+v", c4, c42)
	}
	dup := false
	for _, w := range d.Warnings {
		dup = dup || (strings.Contains(w, "Chương IV") && strings.Contains(w, "chuong-4-2"))
	}
	if !dup {
		t.Errorf("no warning about the second Chương IV: %q", d.Warnings)
	}

	k9 := d.Find("dieu-12-khoan-9")
	if k9 == nil || !strings.HasPrefix(k9.Text, "Giúp Ban Biên tập kiểm tra") {
		t.Errorf("Điều 12 khoản 9 = %+v", k9)
	}
	if n := len(d.Find("dieu-12").Children); n != 10 {
		t.Errorf("Điều 12 has %d clauses, want 10", n)
	}
	if a := d.Find("dieu-1"); a == nil || a.Title != "Phạm vi điều chỉnh và đối tượng áp dụng" {
		t.Errorf("Điều 1 title not repaired: %+v", a)
	}
	if a := d.Find("dieu-13"); a == nil || a.Title != "Nhiệm vụ của Ban Biên tập Trang Thông tin điện tử thành phần" {
		t.Errorf("Điều 13 wrapped title: %+v", a)
	}
	if p := d.Find("dieu-14-khoan-2-diem-j"); p == nil {
		t.Error(`"J)" in Điều 14 not read as a point`)
	}
	if h := d.HTML(); strings.ContainsRune(h, '\u01a3') || !strings.Contains(h, `id="dieu-12-khoan-9"`) {
		t.Error("HTML keeps the ƣ artefact or lacks dieu-12-khoan-9")
	}
}

func TestParseLegalCorpus(t *testing.T) {
	f, err := os.Open(legalCorpusPath)
	if err != nil {
		readShared(t, legalCorpusPath) // skips or fails
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	docs, withArticles := 0, 0
	for docs < 50 && sc.Scan() {
		var r struct {
			ID   string `json:"id"`
			Body string `json:"body"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("record %d: %v", docs+1, err)
		}
		docs++
		d := ParseLegal(r.Body)
		checkAnchors(t, r.ID, d)
		if len(d.Articles()) > 0 {
			withArticles++
		}
		_ = d.HTML()
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if docs < 50 {
		t.Fatalf("read %d records, want 50", docs)
	}
	if withArticles*10 < docs*9 {
		t.Errorf("only %d of %d documents have an Điều", withArticles, docs)
	}
	t.Logf("%d of %d documents have at least one Điều", withArticles, docs)
}
