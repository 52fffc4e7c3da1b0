package search

import (
	"iter"
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
	if isLowerASCII(w) { // most words of folded or English text: no copy
		return word{start: start, end: end, exact: w, folded: w}
	}
	return word{start: start, end: end, exact: strings.ToLower(w), folded: foldToken(w)}
}

func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
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
// joined by single spaces. It folds the whole text at once (vn.Fold is
// table-driven) and then keeps runs of letters and digits, the same
// words that words() finds.
func foldedText(s string) string {
	f := vn.Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	pending := false // a separator was seen since the last word rune
	for _, r := range f {
		var keep bool
		switch {
		case r < 0x80:
			keep = r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		case unicode.Is(unicode.Mn, r):
			continue // a mark inside a word is dropped, not a break
		default:
			keep = (unicode.IsLetter(r) || unicode.IsDigit(r)) && r != utf8.RuneError
		}
		if !keep {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
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
// mentions. It reads only the space-separated fields holding a digit
// followed by "/" or "-", and parses each as vn.FindDocNumbers would
// accept it (with a year, or a known type), which is much faster than
// running the full finder over a whole code of law.
func numberTokens(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.Fields(text) {
		if !maybeNumber(f) {
			continue
		}
		f = strings.Trim(f, ",.;:()[]{}\"'“”‘’")
		d, ok := vn.ParseDocNumber(f)
		if !ok || d.Year == 0 && d.Type == "" {
			continue
		}
		if t := numberToken(d.Key()); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// maybeNumber is a quick test: a digit directly followed by "/" or "-".
func maybeNumber(f string) bool {
	for i := 0; i+1 < len(f); i++ {
		if f[i] >= '0' && f[i] <= '9' && (f[i+1] == '/' || f[i+1] == '-') {
			return true
		}
	}
	return false
}

// rankWords is words without the offsets, for ranking: the text is
// lowercased and folded whole (much faster than word by word), and the
// two runs of words are paired; should they not pair up, words decides.
func rankWords(s string) []word { return rankWordsInto(s, nil) }

// rankWordsInto is rankWords into buf's space when it has enough. The
// words are cut from the lowercased and the folded text where
// keepWordRune would put a space, without writing those texts again.
func rankWordsInto(s string, buf []word) []word {
	out := buf[:0]
	lower := strings.ToLower(s)
	for w := range wordRuns(lower) {
		out = append(out, word{exact: w})
	}
	i := 0
	for w := range wordRuns(vn.Fold(s)) {
		if i == len(out) {
			return words(s)
		}
		out[i].folded = w
		i++
	}
	if i != len(out) {
		return words(s)
	}
	return out
}

// wordRuns yields the runs of s that keepWordRune keeps, in order: the
// fields of strings.Map(keepWordRune, s).
func wordRuns(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			if keepWordRune(r) != ' ' {
				if start < 0 {
					start = i
				}
				continue
			}
			if start >= 0 {
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}

// keepWordRune maps every rune that is not part of a word to a space.
func keepWordRune(r rune) rune {
	if r < 0x80 {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			return r
		}
		return ' '
	}
	if isWordRune(r) && r != utf8.RuneError {
		return r
	}
	return ' '
}
