package search

import (
	"slices"
	"strings"
	"testing"
)

// FuzzTSVWords: the words read back from a tsvector's text are the
// words written, whatever they hold (quotes, backslashes, colons,
// spaces), with or without positions; and no text makes it panic.
func FuzzTSVWords(f *testing.F) {
	f.Add("hoi nghi", true)
	f.Add("it's a\\b c:1", false)
	f.Add("'' ' \\\\", true)
	f.Add("uy_ban_nhan_dan 2019", false)
	f.Fuzz(func(t *testing.T, text string, positions bool) {
		for range tsvWords(text) { // any text: no panic
		}
		words := strings.Fields(text)
		var b strings.Builder
		for i, w := range words {
			if i > 0 {
				b.WriteByte(' ')
			}
			lexeme(&b, w)
			if positions {
				b.WriteString(":1,3A")
			}
		}
		var got []string
		for w := range tsvWords(b.String()) {
			got = append(got, w)
		}
		if !slices.Equal(got, words) && !(len(got) == 0 && len(words) == 0) {
			t.Fatalf("from %q read %q; want %q", b.String(), got, words)
		}
	})
}

// The words as PostgreSQL writes a tsvector: quotes doubled, positions
// after a colon.
func TestTSVWords(t *testing.T) {
	var got []string
	for w := range tsvWords(`'2019' 'it''s' 'nghi':2,5A 'uy_ban_nhan_dan' 'a\\b'`) {
		got = append(got, w)
	}
	want := []string{"2019", "it's", "nghi", "uy_ban_nhan_dan", `a\b`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
}
