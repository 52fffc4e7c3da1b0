package search

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
	"github.com/congportal/cong/internal/vn"
)

// BenchmarkRank measures the common ranking of 110 candidates (a broad
// search's newest matches, title and legal groups) cut from the news
// corpus, for a two-word query typed with tones: about a fifth of a
// search's time on PostgreSQL before it was made to allocate less.
func BenchmarkRank(b *testing.B) {
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus", "news.jsonl"))
	if err != nil {
		testenv.Missing(b, "the shared corpus is not here: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var cs []*candidate
	for sc.Scan() && len(cs) < 110 {
		var r struct{ Title, Body string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		e, fo := leadWords(r.Body)
		cs = append(cs, &candidate{ID: int64(len(cs) + 1), Kind: "article", Title: r.Title, LeadExact: e, LeadFolded: fo, native: len(cs)})
	}
	st := stats{docs: 100000, df: map[string]int{"thanh": 20000, "pho": 15000}}
	q := Parse("thành phố")
	b.ReportAllocs()
	for b.Loop() {
		rank(q, cs, st)
	}
}

// FuzzRankWords: the words rankWords cuts without writing the texts
// again are those of the lowercased and folded texts mapped by
// keepWordRune and cut at the spaces, as before; and hasExact with its
// shortcut (foldable) answers as strings.EqualFold over every word did.
func FuzzRankWords(f *testing.F) {
	for _, s := range []string{"Quy hoạch tỉnh Đồng Nai", "  UBND\tTP.HCM: 43/2011/NĐ-CP ", "ſoát Kế", "\xff\xfeé", "ǅa ΣΑΣ σας", ""} {
		f.Add(s, "hoạch")
		f.Add(s, "soát ς Hoạch ǆa")
	}
	f.Fuzz(func(t *testing.T, s, e string) {
		exact := strings.Fields(strings.Map(keepWordRune, strings.ToLower(s)))
		folded := strings.Fields(strings.Map(keepWordRune, vn.Fold(s)))
		want := words(s)
		if len(exact) == len(folded) {
			want = make([]word, len(exact))
			for i := range exact {
				want[i] = word{exact: exact[i], folded: folded[i]}
			}
		}
		got := rankWords(s)
		if !slices.Equal(got, want) {
			t.Fatalf("rankWords(%q) = %v, want %v", s, got, want)
		}
		old := true
		for _, x := range strings.Fields(e) {
			found := false
			for _, w := range got {
				if w.exact == x || strings.EqualFold(w.exact, x) {
					found = true
					break
				}
			}
			old = old && found
		}
		if h := hasExact(strings.Fields(e), got); h != old {
			t.Fatalf("hasExact(%q, %q) = %v, want %v", e, s, h, old)
		}
	})
}
