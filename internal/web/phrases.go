package web

import (
	"errors"
	"html/template"
	"io"
	"slices"
	"strings"
	"text/template/parse"
)

// writeInPhrases replaces, in every template of t, each action that
// prints a catalogue phrase by a constant key — {{.T "home"}},
// {{$.T "home"}}, {{.Page.T "home"}} — with the phrase in lang as
// html/template would have escaped it there: the text a page in lang
// always gets, without the method call and the escaping at every render
// (an article page prints some forty of them).
//
// It runs after html/template has escaped the templates, so it knows the
// context of each action from the escapers html/template chose for it,
// and it writes in only the phrases whose escapers it reproduces exactly
// (HTML text, quoted attribute values, RCDATA); the others stay actions.
// Nothing an editor or a citizen typed passes here: the phrases are the
// program's own constants. TestPhrasesWrittenIn checks that every page
// renders byte for byte as it does with the actions.
func writeInPhrases(t *template.Template, lang string) error {
	// html/template escapes a set at its first execution; with no data
	// the execution stops at the first field, after the escaping.
	err := t.ExecuteTemplate(io.Discard, "layout", nil)
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) {
		return err
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			writeInList(tt.Tree.Root, lang)
		}
	}
	return nil
}

// writeInList rewrites the actions of a list and of the lists in it.
func writeInList(list *parse.ListNode, lang string) {
	if list == nil {
		return
	}
	for i, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.ActionNode:
			if text, ok := phraseOf(n, lang); ok {
				list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: []byte(text)}
			}
		case *parse.IfNode:
			writeInList(n.List, lang)
			writeInList(n.ElseList, lang)
		case *parse.RangeNode:
			writeInList(n.List, lang)
			writeInList(n.ElseList, lang)
		case *parse.WithNode:
			writeInList(n.List, lang)
			writeInList(n.ElseList, lang)
		case *parse.ListNode:
			writeInList(n, lang)
		}
	}
}

// phraseOf returns what action n prints, escaped, when it prints a phrase
// of the catalogue by a constant key through escapers that htmlEscape
// reproduces.
func phraseOf(n *parse.ActionNode, lang string) (string, bool) {
	p := n.Pipe
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) < 2 || len(p.Cmds[0].Args) != 2 {
		return "", false
	}
	key, ok := p.Cmds[0].Args[1].(*parse.StringNode)
	if !ok || !callsT(p.Cmds[0].Args[0]) {
		return "", false
	}
	text := translate(lang, key.Text)
	for _, c := range p.Cmds[1:] {
		if len(c.Args) != 1 {
			return "", false
		}
		id, ok := c.Args[0].(*parse.IdentifierNode)
		if !ok || !htmlEscapers[id.Ident] {
			return "", false
		}
		text = htmlEscape(text)
	}
	return text, true
}

// callsT reports whether node names the method Page.T: .T, $.T, .Page.T
// or $.Page.T (Page.T is the only method T of the package's page types).
func callsT(node parse.Node) bool {
	switch n := node.(type) {
	case *parse.FieldNode:
		return slices.Equal(n.Ident, []string{"T"}) || slices.Equal(n.Ident, []string{"Page", "T"})
	case *parse.VariableNode:
		return slices.Equal(n.Ident, []string{"$", "T"}) || slices.Equal(n.Ident, []string{"$", "Page", "T"})
	}
	return false
}

// htmlEscapers are html/template's escapers that, for a plain string,
// replace the same few characters (its htmlReplacementTable): in text,
// in a quoted attribute value and in RCDATA (title, textarea).
var htmlEscapers = map[string]bool{
	"_html_template_htmlescaper":   true,
	"_html_template_attrescaper":   true,
	"_html_template_rcdataescaper": true,
}

// htmlEscape is those escapers applied to a plain string.
var htmlEscape = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;",
).Replace
