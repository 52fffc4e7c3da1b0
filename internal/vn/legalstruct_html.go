package vn

import (
	"html"
	"strconv"
	"strings"
)

// HTML renders the document as an HTML fragment for a page that already
// has its own h1: an <article class="legal"> holding the preamble, then
// every part as a <section> with a heading (h2 for the outermost level,
// one deeper per level, never past h6) and every clause and point as a
// <div>, each carrying id = its anchor so that links such as
// #dieu-5-khoan-2 land on it. All text is escaped.
func (d *LegalDoc) HTML() string {
	var b strings.Builder
	b.WriteString(`<article class="legal">`)
	if d.Preamble != "" {
		b.WriteString(`<div class="legal-preamble">`)
		writeParas(&b, d.Preamble, "")
		b.WriteString(`</div>`)
	}
	for _, n := range d.Children {
		writeNode(&b, n, 2)
	}
	b.WriteString("</article>\n")
	return b.String()
}

// writeNode renders n and its children; level is the heading level for
// a part, chapter, section or article.
func writeNode(b *strings.Builder, n *Node, level int) {
	cls := html.EscapeString(string(n.Kind))
	id := html.EscapeString(n.Anchor)
	if n.Kind == KindClause || n.Kind == KindPoint {
		b.WriteString(`<div class="legal-` + cls + `" id="` + id + `">`)
		marker := n.Num + "."
		if n.Kind == KindPoint {
			marker = n.Num + ")"
		}
		writeParas(b, n.Text, marker)
		for _, c := range n.Children {
			writeNode(b, c, level)
		}
		b.WriteString("</div>")
		return
	}
	h := "h" + strconv.Itoa(min(level, 6))
	b.WriteString(`<section class="legal-` + cls + `" id="` + id + `"><` + h + `>`)
	b.WriteString(`<span class="legal-label">` + html.EscapeString(n.Label))
	if n.Kind == KindArticle && n.Title != "" {
		b.WriteString(".")
	}
	b.WriteString("</span>")
	if n.Title != "" {
		sep := " "
		if n.Kind != KindArticle {
			sep = "<br>"
		}
		b.WriteString(sep + `<span class="legal-title">` + html.EscapeString(n.Title) + `</span>`)
	}
	b.WriteString("</" + h + ">")
	writeParas(b, n.Text, "")
	for _, c := range n.Children {
		writeNode(b, c, level+1)
	}
	b.WriteString("</section>")
}

// writeParas writes each "\n"-separated paragraph as a <p>, the first
// one led by marker ("1.", "a)") when there is one.
func writeParas(b *strings.Builder, text, marker string) {
	if text == "" && marker == "" {
		return
	}
	for i, para := range strings.Split(text, "\n") {
		b.WriteString("<p>")
		if i == 0 && marker != "" {
			b.WriteString(`<span class="legal-num">` + html.EscapeString(marker) + "</span>")
			if para != "" {
				b.WriteByte(' ')
			}
		}
		b.WriteString(html.EscapeString(para))
		b.WriteString("</p>\n")
	}
}
