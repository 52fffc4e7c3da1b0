package richtext

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Highlight returns body sanitised as by [Sanitize], with every whole-word
// occurrence of terms (case- and diacritic-insensitive, as [Check] finds
// them) wrapped in <mark>, for the staff preview of an item that failed
// the prohibited-terms check. Only text nodes are touched, so a term can
// never split a tag, an attribute or an entity; a term broken across
// inline tags ("<b>ma</b> túy") is reported by Check but not marked.
func Highlight(body string, terms []string) string {
	root := parse(Sanitize(body))
	m := newMatcher(terms)
	if m.empty() {
		return render(root)
	}
	var texts []*html.Node // collected first: marking adds text nodes
	walk(root, func(n *html.Node) bool {
		if n.Type == html.TextNode {
			texts = append(texts, n)
		}
		return true
	})
	for _, n := range texts {
		markText(n, m.find(n.Data))
	}
	return render(root)
}

// markText splits the text node n around the matches and wraps each match
// in a <mark> element.
func markText(n *html.Node, ms []match) {
	if len(ms) == 0 {
		return
	}
	text, parent, pos := n.Data, n.Parent, 0
	for _, m := range ms {
		if m.start > pos {
			parent.InsertBefore(textNode(text[pos:m.start]), n)
		}
		mark := &html.Node{Type: html.ElementNode, Data: "mark", DataAtom: atom.Mark}
		mark.AppendChild(textNode(text[m.start:m.end]))
		parent.InsertBefore(mark, n)
		pos = m.end
	}
	if pos < len(text) {
		parent.InsertBefore(textNode(text[pos:]), n)
	}
	parent.RemoveChild(n)
}

func textNode(s string) *html.Node { return &html.Node{Type: html.TextNode, Data: s} }
