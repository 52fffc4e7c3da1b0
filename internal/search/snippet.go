package search

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/vn"
)

// Snippet returns a passage of text around the best cluster of the
// query's words, at most about n bytes of text, escaped, with each of the
// words marked <mark>…</mark>. The text is the reader's own content: it
// is escaped here and nothing of it is ever trusted as markup.
func Snippet(text string, terms map[string]bool, n int) template.HTML {
	if text == "" {
		return ""
	}
	hits := marked(text, terms)
	start, end := 0, min(len(text), n)
	if len(hits) > 0 {
		// The window of n bytes holding the most hits, starting a little
		// before its first hit.
		bestI, bestCount := 0, 0
		j := 0
		for i := range hits {
			for j < len(hits) && hits[j].end-hits[i].start <= n*3/4 {
				j++
			}
			if j-i > bestCount {
				bestI, bestCount = i, j-i
			}
		}
		first := hits[bestI].start
		start = max(0, first-n/4)
		end = min(len(text), start+n)
	}
	start = wordBoundary(text, start, false)
	end = wordBoundary(text, end, true)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, w := range hits {
		if w.start < start || w.end > end {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:w.start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[w.start:w.end]))
		b.WriteString("</mark>")
		pos = w.end
	}
	b.WriteString(template.HTMLEscapeString(text[pos:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return template.HTML(strings.ReplaceAll(b.String(), "\n", " "))
}

// span is where a word lies in a text.
type span struct{ start, end int }

// wordRune is a rune of a word as words() cuts them.
func wordRune(r rune) bool { return isWordRune(r) && r != utf8.RuneError }

// marked finds, among the words words() would cut text into, those that
// fold to one of terms. It folds each word into one buffer with
// vn.FoldRune instead of making two strings of every word, as words()
// does: a snippet reads the whole text of every hit shown, and that was
// half of a search's time in Go.
func marked(text string, terms map[string]bool) (hits []span) {
	var buf []byte
	start, slow := -1, false
	end := func(i int) {
		var hit bool
		if slow { // a rune no table folds: fold the word as words() does
			hit = terms[foldToken(text[start:i])]
		} else {
			hit = terms[string(buf)]
		}
		if hit {
			hits = append(hits, span{start, i})
		}
		start, slow, buf = -1, false, buf[:0]
	}
	for i, r := range text {
		if !wordRune(r) {
			if start >= 0 {
				end(i)
			}
			continue
		}
		if start < 0 {
			start = i
		}
		if slow {
			continue
		}
		switch f := vn.FoldRune(r); {
		case f != 0:
			buf = utf8.AppendRune(buf, f)
		case unicode.Is(unicode.Mn, r):
			// a mark of decomposed text: Fold drops it
		default:
			slow = true
		}
	}
	if start >= 0 {
		end(len(text))
	}
	return hits
}

// wordBoundary moves a cut at byte i to the start of its rune, then out
// of the middle of a word: backwards for a start, forwards for an end.
func wordBoundary(text string, i int, forward bool) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	if i <= 0 || i >= len(text) {
		return i
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	p, _ := utf8.DecodeLastRuneInString(text[:i])
	if !wordRune(r) || !wordRune(p) {
		return i
	}
	if forward {
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !wordRune(r) {
				break
			}
			i += n
		}
		return i
	}
	for i > 0 {
		p, n := utf8.DecodeLastRuneInString(text[:i])
		if !wordRune(p) {
			break
		}
		i -= n
	}
	return i
}
