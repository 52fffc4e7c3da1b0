package search

import (
	"html/template"
	"strings"
)

// Snippet returns a passage of text around the best cluster of the
// query's words, at most about n bytes of text, escaped, with each of the
// words marked <mark>…</mark>. The text is the reader's own content: it
// is escaped here and nothing of it is ever trusted as markup.
func Snippet(text string, terms map[string]bool, n int) template.HTML {
	if text == "" {
		return ""
	}
	ws := words(text)
	var hits []int // indexes into ws
	for i, w := range ws {
		if terms[w.folded] {
			hits = append(hits, i)
		}
	}
	start, end := 0, min(len(text), n)
	if len(hits) > 0 {
		// The window of n bytes holding the most hits, starting a little
		// before its first hit.
		bestI, bestCount := 0, 0
		j := 0
		for i := range hits {
			for j < len(hits) && ws[hits[j]].end-ws[hits[i]].start <= n*3/4 {
				j++
			}
			if j-i > bestCount {
				bestI, bestCount = i, j-i
			}
		}
		first := ws[hits[bestI]].start
		start = max(0, first-n/4)
		end = min(len(text), start+n)
	}
	start = wordBoundary(text, start, ws, false)
	end = wordBoundary(text, end, ws, true)
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, i := range hits {
		w := ws[i]
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

// wordBoundary moves a cut at i out of the middle of a word: backwards
// for a start, forwards for an end.
func wordBoundary(text string, i int, ws []word, forward bool) int {
	for _, w := range ws {
		if w.start < i && i < w.end {
			if forward {
				return w.end
			}
			return w.start
		}
	}
	return i
}
