package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/congportal/cong/internal/vn"
)

// blocks are the elements that end a line of plain text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.Hr: true, atom.Div: true, atom.Li: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Tr: true, atom.Table: true,
	atom.Caption: true, atom.Figcaption: true, atom.Figure: true, atom.Ul: true, atom.Ol: true,
	atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Dt: true, atom.Dd: true,
}

// PlainText returns the text a reader sees in html, one line per block
// (paragraph, heading, list item, table row), with the spaces inside each
// line collapsed and the result cleaned as [vn.CleanMultiline] does. It
// feeds summaries, the search index and word counts; script and style
// content, should unsanitised HTML reach it, is not text.
func PlainText(html string) string {
	return strings.Join(lines(parse(html), vn.Clean), "\n")
}

// lines returns the non-empty lines of text below root, each passed
// through clean (Check passes the identity, to see text as stored).
func lines(root *html.Node, clean func(string) string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if line := strings.Join(strings.Fields(clean(cur.String())), " "); line != "" {
			out = append(out, line)
		}
		cur.Reset()
	}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				cur.WriteString(c.Data)
			case c.Type != html.ElementNode || dropped[c.Data]:
			case c.DataAtom == atom.Td || c.DataAtom == atom.Th:
				cur.WriteByte(' ')
				visit(c)
				cur.WriteByte(' ')
			case blocks[c.DataAtom]:
				flush()
				visit(c)
				flush()
			default:
				visit(c)
			}
		}
	}
	visit(root)
	flush()
	return out
}

// Excerpt returns at most n runes of the plain text of html, for listings
// and meta descriptions. A cut text ends at a word boundary followed by
// "…", which counts towards n; a single word longer than n is cut inside.
func Excerpt(html string, n int) string {
	if n <= 0 {
		return ""
	}
	text := strings.Join(lines(parse(html), vn.Clean), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := byteIndex(text, n-1) // leave room for the ellipsis
	if end := wordEnd(text, cut); end > 0 {
		cut = end
	}
	return strings.TrimRightFunc(text[:cut], isCutRune) + "…"
}

// byteIndex returns the byte offset of the rune at index n in s.
func byteIndex(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// wordEnd returns the end of the last whole word in s[:cut], or 0 when the
// first word already runs past cut.
func wordEnd(s string, cut int) int {
	if r, _ := utf8.DecodeRuneInString(s[cut:]); unicode.IsSpace(r) {
		return cut
	}
	return strings.LastIndexFunc(s[:cut], unicode.IsSpace)
}

// isCutRune reports whether r should not end an excerpt: spaces and the
// punctuation that would dangle before "…".
func isCutRune(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—(", r)
}
