package richtext

import (
	"strings"
	"unicode"

	"github.com/congportal/cong/internal/vn"
)

// matcher finds whole-word occurrences of terms in text, ignoring case and
// diacritics: the list of prohibited terms (Art. 6) is edited by people who
// type "ma tuy" as often as "ma túy", and the text may say "MA TÚY".
type matcher struct {
	byFirst map[string][]phrase // by the folded first word
}

// phrase is one term and its folded words.
type phrase struct {
	term  string
	words []string
}

// wordSpan is one word of a text: its byte range and folded form.
type wordSpan struct {
	start, end int
	folded     string
}

// match is one occurrence of a term in a text.
type match struct {
	start, end int
	term       string
}

// newMatcher prepares terms; blank terms and repeats are ignored.
func newMatcher(terms []string) *matcher {
	m := &matcher{byFirst: map[string][]phrase{}}
	seen := map[string]bool{}
	for _, t := range terms {
		ws := foldedWords(t)
		key := strings.Join(ws, " ")
		if len(ws) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		m.byFirst[ws[0]] = append(m.byFirst[ws[0]], phrase{strings.TrimSpace(t), ws})
	}
	return m
}

// empty reports whether there is nothing to look for.
func (m *matcher) empty() bool { return len(m.byFirst) == 0 }

// find returns the non-overlapping occurrences in text, leftmost first and,
// at one position, the term with the most words.
func (m *matcher) find(text string) []match {
	if m.empty() {
		return nil
	}
	words := splitWords(text)
	var out []match
	for i := 0; i < len(words); {
		best := 0
		var term string
		for _, p := range m.byFirst[words[i].folded] {
			if len(p.words) > best && matchesAt(words[i:], p.words) {
				best, term = len(p.words), p.term
			}
		}
		if best == 0 {
			i++
			continue
		}
		out = append(out, match{words[i].start, words[i+best-1].end, term})
		i += best
	}
	return out
}

// matchesAt reports whether the text words begin with the phrase words.
func matchesAt(text []wordSpan, words []string) bool {
	if len(text) < len(words) {
		return false
	}
	for j, w := range words {
		if text[j].folded != w {
			return false
		}
	}
	return true
}

// isWordRune reports whether r belongs to a word: letters, digits and the
// combining marks of decomposed Vietnamese.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
}

// splitWords returns the words of s with their byte ranges, folded.
func splitWords(s string) []wordSpan {
	var out []wordSpan
	start := -1
	for i, r := range s {
		switch {
		case isWordRune(r) && start < 0:
			start = i
		case !isWordRune(r) && start >= 0:
			out = append(out, wordSpan{start, i, vn.Fold(s[start:i])})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, wordSpan{start, len(s), vn.Fold(s[start:])})
	}
	return out
}

// foldedWords returns the folded words of s.
func foldedWords(s string) []string {
	var out []string
	for _, w := range splitWords(s) {
		out = append(out, w.folded)
	}
	return out
}
