package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/vn"
)

// word is one run of letters and digits in a text, with where it lies.
type word struct {
	start, end int    // byte offsets in the text
	exact      string // lowercased NFC, tones kept
	folded     string // vn.Fold: no tones, đ→d
}

// isWordRune says which runes make up words: letters, digits and the
// combining marks of decomposed text that slipped past NFC.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// words cuts s into words. Both databases index exactly these words
// (joined by spaces), so their tokenizers never decide anything.
func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		if isWordRune(r) && r != utf8.RuneError {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, newWord(s, start, i))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, newWord(s, start, len(s)))
	}
	return out
}

func newWord(s string, start, end int) word {
	w := s[start:end]
	return word{start: start, end: end, exact: strings.ToLower(w), folded: foldToken(w)}
}

// foldToken folds one word and keeps only letters and digits (vn.Fold
// may leave a mark it does not know).
func foldToken(w string) string {
	f := vn.Fold(w)
	if strings.IndexFunc(f, func(r rune) bool { return !isWordRune(r) || unicode.Is(unicode.Mn, r) }) < 0 {
		return f
	}
	return strings.Map(func(r rune) rune {
		if isWordRune(r) && !unicode.Is(unicode.Mn, r) {
			return r
		}
		return -1
	}, f)
}

// foldedText is the text as the full-text index sees it: the folded words
// joined by single spaces.
func foldedText(s string) string {
	ws := words(s)
	var b strings.Builder
	b.Grow(len(s))
	for i, w := range ws {
		if w.folded == "" {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.folded)
	}
	return b.String()
}

// numberToken turns a document-number key ("43/2011/nd-cp", see
// vn.DocNumber.Key) into one index word, "so43x2011xndxcp": every typing
// of the number gives the same word, which no ordinary word can be.
func numberToken(key string) string {
	var b strings.Builder
	b.WriteString("so")
	sep := false
	for _, r := range key {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if sep && b.Len() > 2 {
				b.WriteByte('x')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return b.String()
}

// numberTokens lists the number words for the document numbers that text
// mentions.
func numberTokens(text string) []string {
	var out []string
	for _, d := range vn.FindDocNumbers(text) {
		out = append(out, numberToken(d.Key()))
	}
	return out
}
