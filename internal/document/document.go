// Package document writes official documents — draft-consultation
// syntheses now, later the gazette, reports and royalty statements — as
// DOCX, XLSX and PDF from one description, a Doc.
//
// The three formats follow the presentation of Decree 30/2020/NĐ-CP
// (Nghị định 30/2020/NĐ-CP về công tác văn thư): A4 paper, Times New
// Roman (in PDF its metric twin Liberation Serif, embedded), body text
// 13 pt, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the
// same in landscape), the two-column header block — the issuing agency
// on the left, the national title and motto on the right, then the
// number and the place and date — the title in bold capitals, and page
// numbers centred in the top margin from the second page on (the decree
// does not number the first page).
//
// Text is written exactly as given (Vietnamese in NFC stays NFC); the
// only characters dropped are those XML 1.0 cannot carry (control
// characters other than tab, line feed and carriage return, U+FFFE and
// U+FFFF), so that the three formats hold the same text.
package document

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/vn"
)

// Doc is one official document.
type Doc struct {
	ParentAgency string    // optional, e.g. "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI" (upper case line above the agency)
	Agency       string    // the issuing body, e.g. "SỞ TƯ PHÁP" — printed bold, upper case
	Number       string    // optional, e.g. "Số: 12/BC-STP"
	Place        string    // e.g. "Đồng Nai"; with Date gives the italic line "Đồng Nai, ngày 2 tháng 12 năm 2026"
	Date         time.Time // zero = no date line; the day is taken in Vietnam's time (vn.ICT)
	Title        string    // bold, centred, upper case, e.g. "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN"
	Subtitle     string    // bold centred line(s) under the title (may contain "\n")
	Landscape    bool
	Blocks       []Block
	Language     string // "vi" (default) or "en": the documents' metadata language
}

// Block is a Paragraph, a Heading or a Table.
type Block interface{ isBlock() }

// Align is a horizontal alignment.
type Align int

// The alignments.
const (
	Left Align = iota
	Center
	Right
	Justify
)

// Paragraph is a paragraph of body text; "\n" in Text is a line break.
type Paragraph struct {
	Text         string
	Bold, Italic bool
	Align        Align
}

// Heading is a bold section heading (e.g. an "Điều 3" group) inside the
// document.
type Heading struct{ Text string }

// Table is a table whose header row (the column titles) is repeated at
// the top of every page in DOCX and PDF, frozen and printed on every
// page in XLSX. A table without Columns has no header row and as many
// equal columns as its widest row.
type Table struct {
	Columns []Column
	Rows    []Row
}

// Column is a table column: its title, its width as a relative weight
// (zero or less counts as 1) and the alignment of its cells.
type Column struct {
	Title string
	Width float64
	Align Align
}

// Row is a table row. A row with more cells than the table has columns
// keeps the extra cells' text in its last cell, one per line.
type Row struct {
	Cells []string
	Group bool // a full-width group row: its cells, one per line, span all columns, in bold
	Bold  bool
}

func (Paragraph) isBlock() {}
func (Heading) isBlock()   {}
func (Table) isBlock()     {}

// The fixed lines of the header block.
const (
	nationalTitle = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	nationalMotto = "Độc lập - Tự do - Hạnh phúc"
)

// Page geometry in millimetres (Decree 30/2020: A4, margins top and
// bottom 20, left 30, right 15; the page number sits in the top margin).
const (
	a4Short      = 210.0
	a4Long       = 297.0
	marginTop    = 20.0
	marginBottom = 20.0
	marginLeft   = 30.0
	marginRight  = 15.0
	headerDist   = 10.0 // from the top edge to the page number
	leftShare    = 0.4  // the agency column's share of the header block
)

// lang is the document's language as a BCP 47 tag.
func (d *Doc) lang() string {
	if strings.EqualFold(d.Language, "en") {
		return "en-US"
	}
	return "vi-VN"
}

// dateLine is the italic "Place, ngày … tháng … năm …" line, or "".
func (d *Doc) dateLine() string {
	if d.Date.IsZero() {
		return clean(d.Place)
	}
	s := vn.DateWords(d.Date.In(vn.ICT))
	if p := clean(d.Place); p != "" {
		return p + ", " + s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// blocks returns the document's blocks with pointers resolved.
func (d *Doc) blocks() []Block {
	out := make([]Block, 0, len(d.Blocks))
	for _, b := range d.Blocks {
		switch v := b.(type) {
		case *Paragraph:
			if v != nil {
				out = append(out, *v)
			}
		case *Heading:
			if v != nil {
				out = append(out, *v)
			}
		case *Table:
			if v != nil {
				out = append(out, *v)
			}
		case Paragraph, Heading, Table:
			out = append(out, v)
		}
	}
	return out
}

// validXML reports whether r may appear in an XML 1.0 document.
func validXML(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	case r < 0x10000:
		return false
	}
	return r <= 0x10FFFF
}

// clean drops the characters XML 1.0 cannot carry and turns "\r\n" and
// a lone "\r" into "\n"; everything else is kept as it is.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r == '\r' || !validXML(r) {
			ok = false
			break
		}
	}
	if ok && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case validXML(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// grid is a table made regular: every row has exactly n cells.
type grid struct {
	cols    []Column // len n; titles "" when the table had no Columns
	header  bool     // the table has a header row
	weights []float64
	rows    []Row
}

func makeGrid(t Table) grid {
	n := len(t.Columns)
	g := grid{header: n > 0}
	if n == 0 {
		for _, r := range t.Rows {
			if !r.Group && len(r.Cells) > n {
				n = len(r.Cells)
			}
		}
		if n == 0 {
			n = 1
		}
		g.cols = make([]Column, n)
	} else {
		g.cols = make([]Column, n)
		copy(g.cols, t.Columns)
	}
	g.weights = make([]float64, n)
	total := 0.0
	for i, c := range g.cols {
		w := c.Width
		if !(w > 0) {
			w = 1
		}
		g.weights[i] = w
		total += w
	}
	for i := range g.weights {
		g.weights[i] /= total
	}
	g.rows = t.Rows
	return g
}

// cells returns row r's cells fitted to n columns (a group row: one
// cell); the extra cells' text goes into the last cell, one per line.
func (g *grid) cells(r Row) []string { return g.cellsInto(nil, r) }

// cellsInto is cells reusing dst.
func (g *grid) cellsInto(dst []string, r Row) []string {
	n := len(g.cols)
	if r.Group {
		text := ""
		for _, c := range r.Cells {
			if c = clean(c); c != "" {
				if text != "" {
					text += "\n"
				}
				text += c
			}
		}
		return append(dst[:0], text)
	}
	dst = dst[:0]
	for range n {
		dst = append(dst, "")
	}
	for i, c := range r.Cells {
		c = clean(c)
		if i < n {
			dst[i] = c
		} else {
			dst[n-1] += "\n" + c
		}
	}
	return dst
}
