package vn

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// heading is a structural line recognised by classify.
type heading struct {
	kind  Kind
	num   string // normalised number ("IV", "thứ nhất", "10a", "đ")
	value int    // numeric value for anchors; 0 for points
	sfx   string // article suffix letter ("a" in "Điều 10a")
	title string // heading text on the same line
	fault string // how the number was mistyped, for a warning
}

// The heading patterns. A heading without a title must end the line or
// be followed by punctuation, so "Điều 6, khoản 2" and "Chương II của
// Luật này" at the start of a wrapped line stay text.
var (
	rePart = regexp.MustCompile(`^(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)\s+(\pL+)|([IVXLC]+|\d{1,2}))\s*(?:[.:\-–]\s*(.*)|\s+(\P{Ll}+))?$`)
	reChap = regexp.MustCompile(`^(?:Chương|CHƯƠNG)\s*([IVXLCl]+|\d{1,3})\s*(?:[.:\-–]\s*(.*)|\s+(\P{Ll}+))?$`)
	reSect = regexp.MustCompile(`^(?:Mục|MỤC)\s*\.?\s*([IVXLC]+|\d{1,3})\s*(?:[.:\-–]\s*(.*)|\s+(\P{Ll}+))?$`)
	reSub  = regexp.MustCompile(`^(?:Tiểu mục|TIỂU MỤC)\s*(\d{1,3})\s*(?:[.:\-–]\s*(.*)|\s+(\P{Ll}+))?$`)
	reArt  = regexp.MustCompile(`^(?:Điều|ĐIỀU)\s*(\d{1,4})([a-zđ]?)\s*(?:(\.{1,3}|[:\-–])\s*(.*))?$`)
	reCl   = regexp.MustCompile(`^(\d{1,3})(\.{1,3})(\s*)(.*)$`)
	rePt   = regexp.MustCompile(`^([a-zA-ZđĐ])\)\s*(.*)$`)
	reNois = regexp.MustCompile(`^(?:[-–]\s*\d{1,4}\s*[-–]|(?:Trang|TRANG)\s+\d{1,4}(?:\s*/\s*\d{1,4})?)$`)
)

// ordinals are the words of "Phần thứ nhất" … "Phần thứ mười".
var ordinals = map[string]int{
	"nhat": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5,
	"sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10,
}

// classify recognises a heading, clause or point line.
func classify(line string) (heading, bool) {
	if m := reArt.FindStringSubmatch(line); m != nil {
		v, _ := strconv.Atoi(m[1])
		h := heading{kind: KindArticle, num: m[1] + m[2], value: v, sfx: m[2], title: m[4]}
		if len(m[3]) > 1 {
			h.fault = "Điều " + m[1] + m[3]
		}
		return h, true
	}
	if m := reCl.FindStringSubmatch(line); m != nil {
		rest := m[4]
		if m[3] == "" && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) {
				return heading{}, false
			}
		}
		v, _ := strconv.Atoi(m[1])
		h := heading{kind: KindClause, num: strconv.Itoa(v), value: v, title: rest}
		if m[2] != "." {
			h.fault = m[1] + m[2]
		}
		return h, true
	}
	if m := rePt.FindStringSubmatch(line); m != nil {
		h := heading{kind: KindPoint, num: strings.ToLower(m[1]), title: m[2]}
		if m[1] != h.num {
			h.fault = m[1] + ")"
		}
		return h, true
	}
	if m := reChap.FindStringSubmatch(line); m != nil {
		return numbered(KindChapter, m[1], m[2]+m[3])
	}
	if m := reSect.FindStringSubmatch(line); m != nil {
		return numbered(KindSection, m[1], m[2]+m[3])
	}
	if m := reSub.FindStringSubmatch(line); m != nil {
		return numbered(KindSubsection, m[1], m[2]+m[3])
	}
	if m := rePart.FindStringSubmatch(line); m != nil {
		if m[1] != "" {
			v, ok := ordinals[Fold(m[1])]
			if !ok {
				return heading{}, false
			}
			return heading{kind: KindPart, num: "thứ " + strings.ToLower(m[1]), value: v, title: m[3] + m[4]}, true
		}
		return numbered(KindPart, m[2], m[3]+m[4])
	}
	return heading{}, false
}

// numbered builds a part, chapter or section heading from a Roman or
// Arabic number; "l" typed for "I" is read as "I" with a warning.
func numbered(k Kind, num, title string) (heading, bool) {
	h := heading{kind: k, title: title}
	if num[0] >= '0' && num[0] <= '9' {
		h.value, _ = strconv.Atoi(num)
		h.num = strconv.Itoa(h.value)
		return h, h.value > 0
	}
	fixed := strings.ReplaceAll(num, "l", "I")
	if fixed != num {
		h.fault = num
	}
	h.value = roman(fixed)
	h.num = fixed
	return h, h.value > 0 && h.value < 400
}

// roman returns the value of an upper-case Roman numeral, 0 if invalid.
func roman(s string) int {
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	total := 0
	for i := 0; i < len(s); i++ {
		v := val[s[i]]
		if v == 0 {
			return 0
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 {
		return 0
	}
	return total
}

// label is how citations name a node: "Chương IV", "Điều 5", "Khoản 2".
func (h heading) label() string {
	switch h.kind {
	case KindPart:
		return "Phần " + h.num
	case KindChapter:
		return "Chương " + h.num
	case KindSection:
		return "Mục " + h.num
	case KindSubsection:
		return "Tiểu mục " + h.num
	case KindArticle:
		return "Điều " + h.num
	case KindClause:
		return "Khoản " + h.num
	}
	return "Điểm " + h.num
}

// anchorNum is the number as it appears in an anchor: ASCII, with đ
// written "dd" so that "điểm đ" and "điểm d" stay apart.
func anchorNum(h heading) string {
	switch h.kind {
	case KindPoint:
		return strings.ReplaceAll(h.num, "đ", "dd")
	case KindArticle:
		return strconv.Itoa(h.value) + strings.ReplaceAll(h.sfx, "đ", "dd")
	}
	return strconv.Itoa(h.value)
}

// isCaps reports whether s has letters and none of them lower case, as
// chapter headings are written.
func isCaps(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// endsSentence reports whether a line ends with sentence punctuation,
// closing quotes aside.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, "\"”’'» ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".;:!?…", r)
}

// startsLower reports whether s begins with a lower-case letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// isBullet reports whether a line starts a dash or bullet item.
func isBullet(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("-–—+•*", r)
}

// paragraphs joins text lines into paragraphs separated by "\n": a line
// continues the previous one when that did not end a sentence and either
// was long (a PDF wrap) or this one starts in lower case.
func paragraphs(lines []string) string {
	var b strings.Builder
	prev := ""
	for i, l := range lines {
		if i > 0 {
			if !endsSentence(prev) && !isBullet(l) &&
				(startsLower(l) || utf8.RuneCountInString(prev) >= 50) {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l)
		prev = l
	}
	return b.String()
}

// LegalHeading reads a line that opens a part, chapter, section,
// subsection or article of a legal text ("Chương II", "Điều 5. Phạm vi
// điều chỉnh"): its kind, its label as citations write it ("Điều 5"),
// the title on the same line, and its number as anchors write it ("2"
// for Chương II, as ParseLegal's anchors). Any other line, a clause or a
// point included, is not one (ok false).
func LegalHeading(line string) (k Kind, label, title, num string, ok bool) {
	h, ok := classify(strings.TrimSpace(line))
	if !ok || h.kind == KindClause || h.kind == KindPoint {
		return "", "", "", "", false
	}
	return h.kind, h.label(), strings.TrimSpace(h.title), anchorNum(h), true
}
