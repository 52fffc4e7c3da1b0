package vn

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxTitleRunes bounds a sentence-case heading taken from the line after
// "Chương 1:"; longer lines are body text.
const maxTitleRunes = 160

// ParseLegal parses a Vietnamese legal text into its parts: Phần, Chương,
// Mục, Tiểu mục, Điều, Khoản ("1.") and Điểm ("a)"). Each line goes
// through [Clean] first, which repairs the "ƣ" artefact of PDF copies;
// blank lines and page-number lines ("- 3 -", "Trang 3") are skipped.
//
// It never fails and tolerates the usual faults: headings in capitals on
// the lines after "Chương I", article titles wrapped onto the next line,
// a chapter number used twice (the second copy gets a unique anchor and
// a warning), "9.." for a clause number, "J)" for a point, "Chương l"
// for "Chương I". Numbers far out of sequence ("2015." at the start of a
// wrapped line) stay text.
func ParseLegal(text string) *LegalDoc {
	p := &parser{doc: &LegalDoc{byAnchor: map[string]*Node{}}}
	text = Repair(text)
	for i, raw := range strings.Split(strings.ReplaceAll(text, "\r", "\n"), "\n") {
		line := Clean(raw)
		if line == "" || reNois.MatchString(line) {
			continue
		}
		p.line(i+1, line)
	}
	p.finish()
	return p.doc
}

// parser holds the state of one ParseLegal run.
type parser struct {
	doc      *LegalDoc
	stack    []*Node // open nodes, outermost first
	preamble []string
	seq      map[*Node]int // last clause number in an article
}

// top returns the innermost open node, or nil.
func (p *parser) top() *Node {
	if len(p.stack) == 0 {
		return nil
	}
	return p.stack[len(p.stack)-1]
}

// open returns the innermost open node of kind k, or nil.
func (p *parser) open(k Kind) *Node {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].Kind == k {
			return p.stack[i]
		}
	}
	return nil
}

func (p *parser) warn(line int, format string, args ...any) {
	p.doc.Warnings = append(p.doc.Warnings, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
}

// line handles one cleaned, non-empty line.
func (p *parser) line(n int, s string) {
	if h, ok := classify(s); ok && p.accept(h) {
		p.add(n, h)
		return
	}
	p.text(s)
}

// accept decides whether a recognised clause or point fits where it
// stands; other headings always do.
func (p *parser) accept(h heading) bool {
	switch h.kind {
	case KindClause:
		art := p.open(KindArticle)
		if art == nil {
			return false
		}
		last := p.seq[art]
		return h.value == 1 || (h.value > last && h.value <= last+3)
	case KindPoint:
		return p.open(KindArticle) != nil
	}
	return true
}

// add opens a node for heading h found on line n.
func (p *parser) add(n int, h heading) {
	art := p.open(KindArticle)
	if h.kind == KindClause {
		p.foldWrappedTitle(art)
	}
	for len(p.stack) > 0 && p.top().Kind.rank() >= h.kind.rank() {
		p.stack = p.stack[:len(p.stack)-1]
	}
	node := &Node{Kind: h.kind, Num: h.num, Label: h.label(), Line: n}
	parent := p.top()
	node.Anchor = p.unique(n, node.Label, p.anchor(h, parent))
	switch h.kind {
	case KindClause, KindPoint:
		if h.title != "" {
			node.lines = append(node.lines, h.title)
		}
		if h.kind == KindClause {
			if p.seq == nil {
				p.seq = map[*Node]int{}
			}
			p.seq[art] = h.value
		}
	default:
		node.Title = h.title
	}
	if h.fault != "" {
		p.warn(n, "%q read as %s", h.fault, node.Label)
	}
	if parent == nil {
		p.doc.Children = append(p.doc.Children, node)
	} else {
		parent.Children = append(parent.Children, node)
	}
	p.stack = append(p.stack, node)
}

// anchor builds the anchor of heading h under parent.
func (p *parser) anchor(h heading, parent *Node) string {
	own := string(h.kind) + "-" + anchorNum(h)
	switch h.kind {
	case KindSection:
		if c := p.open(KindChapter); c != nil {
			return c.Anchor + "-" + own
		}
		if c := p.open(KindPart); c != nil {
			return c.Anchor + "-" + own
		}
	case KindSubsection:
		if c := p.open(KindSection); c != nil {
			return c.Anchor + "-" + own
		}
	case KindClause, KindPoint:
		if parent != nil {
			return parent.Anchor + "-" + own
		}
	}
	return own
}

// unique returns a, or a with "-2", "-3"… when a is taken, and records
// the node under it.
func (p *parser) unique(line int, label, a string) string {
	if p.doc.byAnchor[a] == nil {
		p.doc.byAnchor[a] = &Node{} // placeholder until finish
		return a
	}
	for i := 2; ; i++ {
		b := fmt.Sprintf("%s-%d", a, i)
		if p.doc.byAnchor[b] == nil {
			p.doc.byAnchor[b] = &Node{}
			p.warn(line, "%s appears again (anchor %s already used); anchored as %s", label, a, b)
			return b
		}
	}
}

// text handles a line that is not a heading: a continuation of a heading
// title, or text of the innermost open node.
func (p *parser) text(s string) {
	t := p.top()
	if t == nil {
		p.preamble = append(p.preamble, s)
		return
	}
	fresh := len(t.lines) == 0 && len(t.Children) == 0
	switch t.Kind {
	case KindPart, KindChapter, KindSection, KindSubsection:
		if fresh && isCaps(s) {
			t.Title = joinTitle(t.Title, s)
			return
		}
		if fresh && t.Title == "" && !endsSentence(s) && utf8.RuneCountInString(s) <= maxTitleRunes {
			t.Title = s
			return
		}
	case KindArticle:
		if fresh && t.Title != "" && !endsSentence(t.Title) && startsLower(s) {
			t.Title = joinTitle(t.Title, s)
			return
		}
	}
	t.lines = append(t.lines, s)
}

// foldWrappedTitle moves a single line between an article heading and
// its first clause into the title when the title was cut off there
// ("Điều 17. Trách nhiệm của …, UBND huyện, thành phố" / "Long Khánh, …").
func (p *parser) foldWrappedTitle(art *Node) {
	if art == nil || p.top() != art || len(art.Children) > 0 || len(art.lines) != 1 {
		return
	}
	l := art.lines[0]
	if art.Title == "" || endsSentence(art.Title) || endsSentence(l) || utf8.RuneCountInString(l) > maxTitleRunes {
		return
	}
	art.Title = joinTitle(art.Title, l)
	art.lines = nil
}

func joinTitle(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// finish joins text lines into paragraphs and indexes the anchors.
func (p *parser) finish() {
	d := p.doc
	d.Preamble = paragraphs(p.preamble)
	d.byAnchor = make(map[string]*Node, len(d.byAnchor))
	d.Walk(func(n *Node) {
		n.Text = paragraphs(n.lines)
		n.lines = nil
		d.byAnchor[n.Anchor] = n
	})
}
