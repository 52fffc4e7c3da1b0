package richtext

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/congportal/cong/internal/vn"
)

// dropped are elements removed with everything inside them: active
// content, document furniture and Word's embedded XML. Removing them before
// the allow-list runs keeps their text (a script's source, Word's
// <xml> settings) out of the article.
var dropped = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "svg": true, "math": true,
	"noscript": true, "noembed": true, "noframes": true, "template": true,
	"textarea": true, "select": true, "title": true, "xmp": true, "plaintext": true,
	"head": true, "meta": true, "link": true, "base": true, "xml": true,
	"input": true, "button": true, "audio": true, "video": true, "canvas": true,
}

// cleanPaste removes what Microsoft Word (and other office suites) put into
// the clipboard besides the text: comments and conditional comments, the
// fake list bullets between <![if !supportLists]> and <![endif]>, <xml>
// islands and VML shapes, <o:p> and other namespaced tags, style and class
// attributes (mso-*, MsoNormal), empty spans, and runs of &nbsp;. It also
// turns h1 into h2 and repairs text to NFC without the "ƣ" artefact.
func cleanPaste(root *html.Node) *html.Node {
	walk(root, func(n *html.Node) bool {
		switch n.Type {
		case html.CommentNode:
			if isSupportLists(n.Data) {
				dropUntilEndif(n)
			}
			n.Parent.RemoveChild(n)
			return false
		case html.DoctypeNode:
			n.Parent.RemoveChild(n)
			return false
		case html.TextNode:
			n.Data = cleanText(n.Data)
			return false
		case html.ElementNode:
			return cleanElement(n)
		}
		return true
	})
	// Unwrapping is done bottom-up in a second pass so that walk never
	// loses its place among siblings that moved.
	unwrapAll(root)
	return root
}

// cleanElement drops or renames one element and strips Word's attributes;
// it reports whether walk should descend into it.
func cleanElement(n *html.Node) bool {
	if dropped[n.Data] || strings.HasPrefix(n.Data, "v:") || n.Namespace != "" {
		n.Parent.RemoveChild(n)
		return false
	}
	if n.DataAtom == atom.H1 {
		n.Data, n.DataAtom = "h2", atom.H2
	}
	legal := legalClass.MatchString(attr(n, "class")) // the structure of a legal text keeps its class
	removeAttrs(n, func(k string) bool {
		return k == "style" || (k == "class" && !legal) || k == "lang" || strings.HasPrefix(k, "on")
	})
	return true
}

// unwrapAll replaces spans, fonts and namespaced tags such as <o:p> and
// <st1:place> by their content, children first.
func unwrapAll(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		unwrapAll(c)
		if c.Type == html.ElementNode && (c.DataAtom == atom.Span || c.DataAtom == atom.Font || strings.Contains(c.Data, ":")) {
			unwrap(c)
		}
		c = next
	}
}

// isSupportLists reports whether a comment opens Word's block of fake list
// markers ("·", "1.", "a)") that precede every list paragraph.
func isSupportLists(data string) bool {
	d := strings.TrimSpace(data)
	return strings.HasPrefix(d, "[if !supportLists]")
}

// dropUntilEndif removes the siblings after n up to the comment that
// closes its conditional block; without one nothing is removed.
func dropUntilEndif(n *html.Node) {
	var end *html.Node
	for c := n.NextSibling; c != nil; c = c.NextSibling {
		if c.Type == html.CommentNode && strings.HasPrefix(strings.TrimSpace(c.Data), "[endif]") {
			end = c
			break
		}
	}
	for end != nil && n.NextSibling != end {
		n.Parent.RemoveChild(n.NextSibling)
	}
}

// cleanText applies the portal's text normaliser (NFC, "ƣ" repaired) to one
// text node and turns every run of spaces that contains a no-break space
// into one plain space. A single no-break space ("Điều&nbsp;5") is kept.
func cleanText(s string) string {
	s = vn.Repair(s)
	if !strings.Contains(s, "\u00a0") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j, nbsp, runes := spaceRun(s, i)
		switch {
		case j == i:
			b.WriteByte(s[i])
			i++
			continue
		case nbsp && runes > 1:
			b.WriteByte(' ')
		default:
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// spaceRun returns the end of the run of white space starting at byte i,
// whether it holds a no-break space and how many runes it has.
func spaceRun(s string, i int) (end int, nbsp bool, runes int) {
	end = i
	for _, r := range s[i:] {
		if !unicode.IsSpace(r) {
			break
		}
		nbsp = nbsp || r == '\u00a0'
		runes++
		end += len(string(r))
	}
	return end, nbsp, runes
}
