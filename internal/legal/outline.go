package legal

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/vn"
)

// The outline of a legal text (issue 20, point 4; REQ-13, REQ-14): its
// parts — Phần, Chương, Mục, Tiểu mục, Điều — listed in a table of
// contents, each a heading with an id and a visible link to itself, so
// that a citizen can open "Điều 12" of a law from a link and quote its
// address.
//
// Imported texts are already structured (vn.ParseLegal: a <section> per
// part, with its anchor as id); their headings are read as they are. A
// text typed into the rich-text editor is paragraphs: a paragraph that
// opens a part (vn.LegalHeading, the importer's own reading of a line)
// becomes its heading, with the importer's anchors; everything else —
// tables, lists, images — passes through untouched.

// Heading is an entry of a text's outline.
type Heading struct {
	ID    string // the anchor: "chuong-1", "chuong-2-muc-1", "dieu-12"
	Label string // "Chương I", "Điều 12"
	Title string // what follows: "Phạm vi điều chỉnh"
	Level int    // the HTML heading level, from 2
}

// A structured part's heading, as vn.LegalDoc.HTML writes it (the
// sanitiser keeps sections, ids and spans).
var (
	sectionRE = regexp.MustCompile(`<section class="legal-(?:phan|chuong|muc|tieu-muc|dieu)" id="([^"]+)"><h([2-6])>(.*?)</h[2-6]>`)
	labelRE   = regexp.MustCompile(`<span class="legal-label">(.*?)</span>`)
	titleRE   = regexp.MustCompile(`<span class="legal-title">(.*?)</span>`)
	paraRE    = regexp.MustCompile(`(?s)<p(?:\s[^>]*)?>(.*?)</p>`)
	tagRE     = regexp.MustCompile(`<[^>]*>`)
)

// plain is the text of a fragment of HTML, on one line.
func plain(fragment string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(fragment, " "))), " ")
}

// anchorLink is the visible link of a heading to itself.
func anchorLink(id, label string, link func(string) string) string {
	return ` <a class="anchor" href="#` + html.EscapeString(id) + `">#<span class="visually-hidden"> ` + html.EscapeString(link(label)) + `</span></a>`
}

// Outline returns body with a visible link in each part's heading, and
// the outline. link writes the hidden words of that link ("Liên kết đến
// Điều 1") in the page's language. A body with no part is returned as it
// is, with no outline.
func Outline(body string, link func(label string) string) (string, []Heading) {
	if ms := sectionRE.FindAllStringSubmatchIndex(body, -1); len(ms) > 0 {
		return outlineSections(body, ms, link)
	}
	return outlineParagraphs(body, link)
}

func outlineSections(body string, ms [][]int, link func(string) string) (string, []Heading) {
	var b strings.Builder
	out := make([]Heading, 0, len(ms))
	last := 0
	for _, m := range ms {
		inner := body[m[6]:m[7]]
		h := Heading{ID: html.UnescapeString(body[m[2]:m[3]]), Label: plain(inner)}
		h.Level, _ = strconv.Atoi(body[m[4]:m[5]])
		if l := labelRE.FindStringSubmatch(inner); l != nil {
			h.Label = strings.TrimSuffix(plain(l[1]), ".")
			if t := titleRE.FindStringSubmatch(inner); t != nil {
				h.Title = plain(t[1])
			}
		} else {
			// Stored texts lost the spans to the sanitiser: "Chương
			// I<br/>TÊN" and "Điều 1. Tên" read as the importer wrote them.
			head, rest := inner, ""
			if i := strings.Index(inner, "<br"); i >= 0 {
				head, rest = inner[:i], inner[i:]
			}
			if _, label, title, _, ok := vn.LegalHeading(plain(head)); ok {
				h.Label, h.Title = label, title
				if h.Title == "" {
					h.Title = plain(rest)
				}
			}
		}
		out = append(out, h)
		b.WriteString(body[last:m[7]])
		b.WriteString(anchorLink(h.ID, h.Label, link))
		last = m[7]
	}
	b.WriteString(body[last:])
	return b.String(), out
}

// shouting reports whether s is a part's name written in capitals, as
// texts put a chapter's name on the line after "Chương I".
func shouting(s string) bool {
	return s != "" && len([]rune(s)) <= 300 && strings.ToUpper(s) == s && strings.ToLower(s) != s
}

func outlineParagraphs(body string, link func(string) string) (string, []Heading) {
	paras := paraRE.FindAllStringSubmatchIndex(body, -1)
	type found struct {
		start, end int // of the paragraph(s) replaced
		kind       vn.Kind
		num        string
		h          Heading
	}
	var hs []found
	present := map[vn.Kind]bool{}
	for i := 0; i < len(paras); i++ {
		m := paras[i]
		kind, label, title, num, ok := vn.LegalHeading(plain(body[m[2]:m[3]]))
		if !ok {
			continue
		}
		f := found{start: m[0], end: m[1], kind: kind, num: num, h: Heading{Label: label, Title: title}}
		// "Chương I" alone, its name in capitals in the next paragraph.
		if title == "" && kind != vn.KindArticle && i+1 < len(paras) {
			next := paras[i+1]
			if strings.TrimSpace(body[m[1]:next[0]]) == "" {
				if t := plain(body[next[2]:next[3]]); shouting(t) {
					if _, _, _, _, isHeading := vn.LegalHeading(t); !isHeading {
						f.h.Title, f.end = t, next[1]
						i++
					}
				}
			}
		}
		present[kind] = true
		hs = append(hs, f)
	}
	if len(hs) == 0 {
		return body, nil
	}
	// Levels by the parts the text has: its largest part is h2.
	level, next := map[vn.Kind]int{}, 2
	for _, k := range []vn.Kind{vn.KindPart, vn.KindChapter, vn.KindSection, vn.KindSubsection, vn.KindArticle} {
		if present[k] {
			level[k] = min(next, 6)
			next++
		}
	}
	// Anchors as ParseLegal writes them: a section's within its chapter;
	// one seen twice (a decision's Điều 1 and the Điều 1 of the
	// regulation it issues) takes "-2".
	used := map[string]int{}
	chapter := ""
	var b strings.Builder
	out := make([]Heading, 0, len(hs))
	last := 0
	for _, f := range hs {
		id := string(f.kind) + "-" + f.num
		switch f.kind {
		case vn.KindChapter:
			chapter = id
		case vn.KindSection:
			if chapter != "" {
				id = chapter + "-" + id
			}
		}
		for base, n := id, 1; used[id] > 0; {
			n++
			id = base + "-" + strconv.Itoa(n)
		}
		used[id]++
		f.h.ID, f.h.Level = id, level[f.kind]
		out = append(out, f.h)
		lv := strconv.Itoa(f.h.Level)
		b.WriteString(body[last:f.start])
		b.WriteString(`<h` + lv + ` id="` + id + `" class="legal-part">` + html.EscapeString(f.h.Label))
		if f.h.Title != "" {
			if f.kind == vn.KindArticle {
				b.WriteString(". ")
			} else {
				b.WriteString("<br>")
			}
			b.WriteString(html.EscapeString(f.h.Title))
		}
		b.WriteString(anchorLink(id, f.h.Label, link) + `</h` + lv + `>`)
		last = f.end
	}
	b.WriteString(body[last:])
	return b.String(), out
}
