package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/vn"
)

// draftText renders a draft's text for its public page: the structure of
// vn.LegalDoc.HTML (every provision carries its anchor as id, so
// #dieu-3-khoan-2 lands on it), and after each Điều, Khoản and Điểm its
// comment control: how many published comments it has (a link to them)
// and, while the period is open, a link to the form for it. Each link
// names its provision, so a screen reader's list of links says where each
// goes. All text is escaped.
type draftText struct {
	b       strings.Builder
	doc     *vn.LegalDoc
	labels  map[*vn.Node]string // consult.ProvisionLabels(doc)
	counts  map[string]int
	form    func(anchor string) string // "" when comments are not taken
	list    func(anchor string) string
	lang    string
	heading int // the level of the outermost headings
}

func renderDraftText(doc *vn.LegalDoc, counts map[string]int, form, list func(string) string, lang string) template.HTML {
	t := &draftText{doc: doc, labels: consult.ProvisionLabels(doc), counts: counts, form: form, list: list, lang: lang, heading: 3}
	t.b.Grow(64 << 10)
	t.b.WriteString(`<article class="legal draft-text">`)
	if doc.Preamble != "" {
		t.b.WriteString(`<div class="legal-preamble">`)
		t.paras(doc.Preamble, "")
		t.b.WriteString(`</div>`)
	}
	for _, n := range doc.Children {
		t.node(n, t.heading)
	}
	t.b.WriteString("</article>\n")
	return template.HTML(t.b.String())
}

func (t *draftText) paras(text, marker string) {
	for i, para := range strings.Split(text, "\n") {
		if para == "" && (i > 0 || marker == "") {
			continue
		}
		t.b.WriteString("<p>")
		if i == 0 && marker != "" {
			t.b.WriteString(`<span class="legal-num">` + html.EscapeString(marker) + "</span> ")
		}
		t.b.WriteString(html.EscapeString(para))
		t.b.WriteString("</p>\n")
	}
}

func (t *draftText) node(n *vn.Node, level int) {
	id := html.EscapeString(n.Anchor)
	cls := html.EscapeString(string(n.Kind))
	switch n.Kind {
	case vn.KindClause, vn.KindPoint:
		marker := n.Num + "."
		if n.Kind == vn.KindPoint {
			marker = n.Num + ")"
		}
		t.b.WriteString(`<div class="legal-` + cls + `" id="` + id + `">`)
		t.paras(n.Text, marker)
		t.control(n)
		for _, c := range n.Children {
			t.node(c, level)
		}
		t.b.WriteString("</div>")
		return
	}
	h := "h" + strconv.Itoa(min(level, 6))
	t.b.WriteString(`<section class="legal-` + cls + `" id="` + id + `"><` + h + `><span class="legal-label">` + html.EscapeString(n.Label))
	if n.Kind == vn.KindArticle && n.Title != "" {
		t.b.WriteString(".</span> " + html.EscapeString(n.Title))
	} else {
		t.b.WriteString("</span>")
		if n.Title != "" {
			t.b.WriteString(`<br><span class="legal-title">` + html.EscapeString(n.Title) + `</span>`)
		}
	}
	t.b.WriteString("</" + h + ">")
	t.paras(n.Text, "")
	if n.Kind == vn.KindArticle {
		t.control(n)
	}
	for _, c := range n.Children {
		t.node(c, level+1)
	}
	t.b.WriteString("</section>")
}

// control writes the comment control of a provision.
func (t *draftText) control(n *vn.Node) {
	label := t.labels[n]
	count := t.counts[n.Anchor]
	if t.form == nil && count == 0 {
		return
	}
	t.b.WriteString(`<p class="cs-ctl">`)
	if t.form != nil {
		t.b.WriteString(`<a class="cs-add" href="` + html.EscapeString(t.form(n.Anchor)) + `">` +
			html.EscapeString(translate(t.lang, "cs.comment.on")+" "+label) + `</a>`)
	}
	if count > 0 {
		t.b.WriteString(` <a class="cs-count" href="` + html.EscapeString(t.list(n.Anchor)) + `">` +
			strconv.Itoa(count) + " " + html.EscapeString(translate(t.lang, "cs.n.comments")) +
			`<span class="visually-hidden"> – ` + html.EscapeString(label) + `</span></a>`)
	}
	t.b.WriteString("</p>")
}

// provisionChoice is an entry of the comment form's list of provisions.
type provisionChoice struct {
	Anchor, Label string
	Depth         int
}

// provisionChoices lists every Điều, Khoản and Điểm of a text in order.
func provisionChoices(doc *vn.LegalDoc) []provisionChoice {
	var out []provisionChoice
	labels := consult.ProvisionLabels(doc)
	doc.Walk(func(n *vn.Node) {
		switch n.Kind {
		case vn.KindArticle:
			label := labels[n]
			if n.Title != "" {
				label += ". " + n.Title
			}
			out = append(out, provisionChoice{n.Anchor, label, 0})
		case vn.KindClause:
			out = append(out, provisionChoice{n.Anchor, labels[n], 1})
		case vn.KindPoint:
			out = append(out, provisionChoice{n.Anchor, labels[n], 2})
		}
	})
	return out
}

// provisionText is the text of a provision and of what it holds, as
// plain paragraphs, for the comment form to quote.
func provisionText(n *vn.Node) []string {
	var out []string
	var walk func(n *vn.Node)
	walk = func(n *vn.Node) {
		prefix := ""
		switch n.Kind {
		case vn.KindClause:
			prefix = n.Num + ". "
		case vn.KindPoint:
			prefix = n.Num + ") "
		case vn.KindArticle:
			out = append(out, n.Label+". "+n.Title)
		}
		for i, p := range strings.Split(n.Text, "\n") {
			if p == "" {
				continue
			}
			if i == 0 {
				p = prefix + p
			}
			out = append(out, p)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(n)
	return out
}
