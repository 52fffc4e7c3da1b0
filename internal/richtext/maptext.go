package richtext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MapText applies fn to every text node of body and returns the HTML
// again, for repairs that must not touch tags or attributes (such as
// converting text typed in a legacy Vietnamese encoding). The result is
// meant to be sanitised afterwards, like any input.
func MapText(body string, fn func(string) string) string {
	nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return body
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			n.Data = fn(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var b strings.Builder
	for _, n := range nodes {
		walk(n)
		if err := html.Render(&b, n); err != nil {
			return body
		}
	}
	return b.String()
}
