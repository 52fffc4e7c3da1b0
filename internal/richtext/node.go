package richtext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parse reads s as the inside of a <body>, the way a browser reads an
// article body, and returns a detached body element holding the result.
func parse(s string) *html.Node {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil { // only reader errors, impossible for a strings.Reader
		return body
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return body
}

// render writes the children of root back as HTML.
func render(root *html.Node) string {
	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&b, c) // a strings.Builder never fails
	}
	return b.String()
}

// walk calls f on every node below n in document order, descending into a
// node only when f returns true. f may remove the node it is given and any
// of the siblings after it, but not those before it.
func walk(n *html.Node, f func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		prev := c.PrevSibling
		if f(c) && c.Parent == n {
			walk(c, f)
		}
		switch {
		case c.Parent == n:
			c = c.NextSibling
		case prev != nil:
			c = prev.NextSibling
		default:
			c = n.FirstChild
		}
	}
}

// unwrap replaces n by its children.
func unwrap(n *html.Node) {
	for c := n.FirstChild; c != nil; c = n.FirstChild {
		n.RemoveChild(c)
		n.Parent.InsertBefore(c, n)
	}
	n.Parent.RemoveChild(n)
}

// lookup returns the value of n's attribute key and whether it is present.
func lookup(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	v, _ := lookup(n, key)
	return v
}

// setAttr sets n's attribute key to val; when add is false an absent
// attribute stays absent.
func setAttr(n *html.Node, key, val string, add bool) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	if add {
		n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
	}
}

// removeAttrs deletes every attribute of n for which drop returns true.
func removeAttrs(n *html.Node, drop func(key string) bool) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if !drop(a.Key) {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}

// removeAttr deletes n's attribute key.
func removeAttr(n *html.Node, key string) {
	removeAttrs(n, func(k string) bool { return k == key })
}

// dropLeadingMarks removes combining marks at the start of a text node:
// with no base letter they would compose with the ">" of the tag before
// them and the output would no longer be NFC.
func dropLeadingMarks(s string) string {
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.Is(unicode.M, r) {
			break
		}
		s = s[n:]
	}
	return s
}
