package search

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// FuzzMarkedIsWords: the snippet's scanner marks the words of words()
// that fold to a term, whatever the text: NFC or decomposed, upper
// case, đ, letters no table folds, invalid bytes.
func FuzzMarkedIsWords(f *testing.F) {
	for _, s := range []string{
		"Giá XĂNG dầu tăng; Đồng Nai quy hoạch 2030",
		norm.NFD.String("Ủy ban nhân dân tỉnh Đồng Nai"),
		"Ꜳ ǅemal ΣΊΣΥΦΟΣ straße ﬁnance İstanbul",
		"\xff\xfe quy hoach \u0301a",
		"số 43/2011/NĐ-CP ngày 13/6/2011",
	} {
		f.Add(s, "xang dong nai quy hoach uy ban 2030 istanbul sisyphos")
	}
	f.Fuzz(func(t *testing.T, text, query string) {
		terms := map[string]bool{}
		for _, w := range words(query) {
			terms[w.folded] = true
		}
		hits := marked(text, terms)
		var wantHits []span
		for _, w := range words(text) {
			if terms[w.folded] {
				wantHits = append(wantHits, span{w.start, w.end})
			}
		}
		if len(hits) != len(wantHits) {
			t.Fatalf("hits %v, want %v (terms %v)", hits, wantHits, terms)
		}
		for i := range hits {
			if hits[i] != wantHits[i] {
				t.Fatalf("hits %v, want %v", hits, wantHits)
			}
		}
	})
}

// BenchmarkSnippet: a snippet of a long article (about 2,500 words), as
// each hit of a results page needs.
func BenchmarkSnippet(b *testing.B) {
	var text []byte
	for len(text) < 16000 {
		text = append(text, "Ủy ban nhân dân tỉnh Đồng Nai triển khai kế hoạch chuyển đổi số, quy hoạch đô thị và phát triển kinh tế xã hội năm 2026. "...)
	}
	terms := map[string]bool{"quy": true, "hoach": true, "2026": true}
	b.ReportAllocs()
	for b.Loop() {
		Snippet(string(text), terms, 240)
	}
}
