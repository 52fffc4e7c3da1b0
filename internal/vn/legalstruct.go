package vn

// Kind is the level of a part of a legal text; its value is the word
// anchors use.
type Kind string

// The levels of Vietnamese legal texts, outermost first.
const (
	KindPart       Kind = "phan"     // Phần (part), "Phần thứ nhất"
	KindChapter    Kind = "chuong"   // Chương (chapter), Roman numerals
	KindSection    Kind = "muc"      // Mục (section) inside a chapter
	KindSubsection Kind = "tieu-muc" // Tiểu mục (subsection) inside a Mục
	KindArticle    Kind = "dieu"     // Điều (article), numbered through the text
	KindClause     Kind = "khoan"    // Khoản (clause), "1.", "2." in an article
	KindPoint      Kind = "diem"     // Điểm (point), "a)", "đ)" in a clause
)

// rank orders the kinds; a node holds only kinds of higher rank.
func (k Kind) rank() int {
	switch k {
	case KindPart:
		return 1
	case KindChapter:
		return 2
	case KindSection:
		return 3
	case KindSubsection:
		return 4
	case KindArticle:
		return 5
	case KindClause:
		return 6
	case KindPoint:
		return 7
	}
	return 0
}

// Node is one addressable part of a legal text.
type Node struct {
	Kind Kind
	// Num is the number as the text gives it, normalised: "IV" for a
	// chapter, "thứ nhất" for a part, "5" or "10a" for an article, "2"
	// for a clause, "a" or "đ" for a point.
	Num string
	// Label names the node the way citations do: "Chương IV", "Điều 5",
	// "Khoản 2", "Điểm a".
	Label string
	// Title is the heading text: "NHỮNG QUY ĐỊNH CHUNG" for a chapter,
	// "Phạm vi điều chỉnh" for an article; clauses and points have none.
	Title string
	// Anchor is the stable fragment id: "chuong-4", "chuong-4-muc-1",
	// "dieu-5", "dieu-5-khoan-2", "dieu-5-khoan-2-diem-a" ("diem-dd" for
	// đ). Articles are numbered through the document, so their anchors
	// leave the chapter out. A repeated anchor gets "-2", "-3"… and a
	// warning.
	Anchor string
	// Text is the node's own text without its marker and without the
	// text of its children: paragraphs separated by "\n", with lines
	// that a PDF wrapped in mid-sentence joined again.
	Text string
	// Line is the 1-based line of the input where the node starts.
	Line int
	// Children are the nested parts in document order.
	Children []*Node

	lines []string // raw text lines, joined into Text at the end
}

// LegalDoc is a legal text parsed into its structure by [ParseLegal].
type LegalDoc struct {
	// Preamble is the text before the first heading (issuing body,
	// number, title, legal bases), paragraphs separated by "\n".
	Preamble string
	// Children are the top-level parts: parts, chapters, or articles
	// when the text has no chapters.
	Children []*Node
	// Warnings describe faults the parser tolerated, each starting with
	// "line N: ", e.g. a second "Chương IV" or the clause number "9..".
	Warnings []string

	byAnchor map[string]*Node
}

// Find returns the node with the given anchor (a leading "#" is ignored),
// or nil.
func (d *LegalDoc) Find(anchor string) *Node {
	if d == nil {
		return nil
	}
	if len(anchor) > 0 && anchor[0] == '#' {
		anchor = anchor[1:]
	}
	return d.byAnchor[anchor]
}

// Walk calls fn for every node in document order, parents before their
// children.
func (d *LegalDoc) Walk(fn func(*Node)) {
	var walk func([]*Node)
	walk = func(ns []*Node) {
		for _, n := range ns {
			fn(n)
			walk(n.Children)
		}
	}
	walk(d.Children)
}

// Articles returns the articles (Điều) in document order.
func (d *LegalDoc) Articles() []*Node {
	var out []*Node
	d.Walk(func(n *Node) {
		if n.Kind == KindArticle {
			out = append(out, n)
		}
	})
	return out
}
