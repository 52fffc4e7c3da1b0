package document

import (
	_ "embed"
	"io"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Liberation Serif is metric-compatible with Times New Roman, covers
// Vietnamese fully and is under the SIL Open Font License 1.1
// (fonts/LICENSE.txt). fpdf embeds the subset of glyphs a document uses.
var (
	//go:embed fonts/LiberationSerif-Regular.ttf
	fontRegular []byte
	//go:embed fonts/LiberationSerif-Bold.ttf
	fontBold []byte
	//go:embed fonts/LiberationSerif-Italic.ttf
	fontItalic []byte
	//go:embed fonts/LiberationSerif-BoldItalic.ttf
	fontBoldItalic []byte
)

// fontStyles are the fonts by fpdf style.
var fontStyles = map[string][]byte{"": fontRegular, "B": fontBold, "I": fontItalic, "BI": fontBoldItalic}

const (
	pdfFont     = "LiberationSerif"
	sizeBody    = 13.0
	sizeSmall   = 12.0 // the header block's agency lines and tables
	sizeTitle   = 14.0
	lineFactor  = 1.2
	cellPadV    = 1.0 // mm above and below a table cell's text
	ptPerMM     = 72 / 25.4
	tableSpaceB = 3.0 // mm after a table
)

// lh is the line height in mm for a font size in points.
func lh(size float64) float64 { return size / ptPerMM * lineFactor }

// WritePDF writes d as a PDF with Liberation Serif embedded.
func WritePDF(w io.Writer, d *Doc) error {
	orient := "P"
	if d.Landscape {
		orient = "L"
	}
	f := fpdf.New(orient, "mm", "A4", "")
	f.AddUTF8FontFromBytes(pdfFont, "", fontRegular) // the others when first used
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetTitle(oneLine(d.Title), true)
	f.SetAuthor(oneLine(d.Agency), true)
	f.SetCreator("Cong", true)
	f.SetLang(d.lang())
	f.SetCompression(false) // compressPDF compresses the pages
	if !d.Date.IsZero() {
		f.SetCreationDate(d.Date)
		f.SetModificationDate(d.Date)
	}
	p := &pdfw{f: f, d: d, widths: map[string][]int32{}, loaded: map[string]bool{"": true}}
	p.pageW, p.pageH = f.GetPageSize()
	p.textW = p.pageW - marginLeft - marginRight
	p.bottom = p.pageH - marginBottom
	// Decree 30/2020: the page number centred in the top margin, not on
	// the first page.
	f.SetHeaderFunc(func() {
		if n := f.PageNo(); n > 1 {
			f.SetFont(pdfFont, "", sizeBody) // AddPage restores the font after
			f.SetXY(marginLeft, headerDist)
			f.CellFormat(p.textW, lh(sizeBody), strconv.Itoa(n), "", 0, "C", false, 0, "")
		}
		f.SetXY(marginLeft, marginTop)
	})
	f.AddPage()
	p.headerBlock()
	for _, b := range d.blocks() {
		switch b := b.(type) {
		case Paragraph:
			p.paragraph(b)
		case Heading:
			p.heading(b)
		case Table:
			p.table(b)
		}
		if f.Err() {
			break
		}
	}
	if err := f.Error(); err != nil {
		return err
	}
	var out captured
	if err := f.Output(&out); err != nil {
		return err
	}
	return compressPDF(w, out.data)
}

// captured holds what fpdf's Output writes: one Write of fpdf's own
// buffer, which stays untouched while the Fpdf lives, so it is kept
// without a copy; a second Write (not fpdf's way today) makes a copy.
type captured struct {
	data   []byte
	copied bool
}

func (c *captured) Write(p []byte) (int, error) {
	switch {
	case c.data == nil:
		c.data = p
	case !c.copied:
		c.data = append(append(make([]byte, 0, len(c.data)+len(p)), c.data...), p...)
		c.copied = true
	default:
		c.data = append(c.data, p...)
	}
	return len(p), nil
}

type pdfw struct {
	style  string             // the current font style
	size   float64            // the current font size
	widths map[string][]int32 // glyph widths (1/1000 em) by style, -1 unknown
	loaded map[string]bool    // the font styles added to the PDF

	f                   *fpdf.Fpdf
	d                   *Doc
	pageW, pageH, textW float64
	bottom              float64 // the y where the text area ends
}

// pdfText is s cleaned for the PDF: tabs become spaces (the font has no
// glyph for a tab), and characters beyond the Basic Multilingual Plane,
// which fpdf cannot write (nor Liberation Serif show), U+FFFD.
func pdfText(s string) string {
	s = clean(s)
	if !strings.ContainsRune(s, '\t') && !hasAstral(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r > 0xFFFF:
			return '\uFFFD'
		}
		return r
	}, s)
}

func hasAstral(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			return true
		}
	}
	return false
}

// setFont selects the font unless it is selected already.
func (p *pdfw) setFont(style string, size float64) {
	if style != p.style || size != p.size {
		if !p.loaded[style] {
			p.f.AddUTF8FontFromBytes(pdfFont, style, fontStyles[style])
			p.loaded[style] = true
		}
		p.f.SetFont(pdfFont, style, size)
		p.style, p.size = style, size
	}
}

// width is the width of r in the current font, in 1/1000 em, as fpdf
// measures it.
func (p *pdfw) width(r rune) int {
	t := p.widths[p.style]
	if t == nil {
		t = make([]int32, 0x10000)
		for i := range t {
			t[i] = -1
		}
		p.widths[p.style] = t
	}
	if r < 0 || r > 0xFFFF {
		r = 0xFFFD
	}
	if t[r] < 0 {
		t[r] = int32(p.f.GetStringSymbolWidth(string(r)))
	}
	return int(t[r])
}

var alignStr = [...]string{Left: "L", Center: "C", Right: "R", Justify: "J"}

func pdfAlign(a Align) string {
	if a < Left || a > Justify {
		a = Left
	}
	return alignStr[a]
}

// lines wraps text to a cell of width w in the current font, breaking
// lines at spaces (the space at a break is not shown) or, in a word
// longer than a line, between characters; "\n" breaks a line. The lines
// are substrings of text.
func (p *pdfw) lines(text string, w float64) []string { return p.linesInto(nil, text, w) }

// linesInto is lines appending to out.
func (p *pdfw) linesInto(out []string, text string, w float64) []string {
	wmax := int((w - 2*p.f.GetCellMargin()) * 1000 / (p.size / ptPerMM))
	for {
		para, rest, more := strings.Cut(text, "\n")
		out = p.wrap(out, para, wmax)
		if !more {
			return out
		}
		text = rest
	}
}

// wrap appends the lines of para (no "\n") at most wmax wide.
func (p *pdfw) wrap(out []string, para string, wmax int) []string {
	start, lineW, space := 0, 0, -1
	for i, r := range para {
		cw := p.width(r)
		if lineW+cw > wmax && i > start {
			switch {
			case r == ' ':
				out = append(out, para[start:i])
				start, lineW, space = i+1, 0, -1
				continue
			case space > start:
				out = append(out, para[start:space])
				start, space = space+1, -1
				lineW = 0
				for _, q := range para[start:i] {
					lineW += p.width(q)
				}
				if lineW+cw > wmax && i > start { // a word longer than a line
					out = append(out, para[start:i])
					start, lineW = i, 0
				}
			default:
				out = append(out, para[start:i])
				start, lineW, space = i, 0, -1
			}
		}
		if r == ' ' {
			space = i
		}
		lineW += cw
	}
	return append(out, para[start:])
}

// text writes one line in a box at (x, top) w wide and lh(p.size)
// high, aligned "L", "C" or "R", where CellFormat would (but with
// fpdf's lighter Text).
func (p *pdfw) text(x, top, w float64, align, line string) {
	if line == "" {
		return
	}
	sizeMM := p.size / ptPerMM
	cm := p.f.GetCellMargin()
	switch align {
	case "C", "R":
		lw := 0
		for _, r := range line {
			lw += p.width(r)
		}
		tw := float64(lw) * sizeMM / 1000
		if align == "C" {
			x += (w - tw) / 2
		} else {
			x += w - cm - tw
		}
	default:
		x += cm
	}
	p.f.Text(x, top+0.5*lh(p.size)+0.3*sizeMM, line)
}

// column writes centred lines in a column from y and returns the y
// under them.
func (p *pdfw) column(x, y, w float64, style string, size float64, text string) float64 {
	if text == "" {
		return y
	}
	p.setFont(style, size)
	for _, l := range p.lines(text, w) {
		p.text(x, y, w, "C", l)
		y += lh(size)
	}
	return y
}

// headerBlock writes the Decree 30/2020 header: the agency on the left,
// the national title and motto on the right, then the number and the
// place and date on one level, then the title and subtitle.
func (p *pdfw) headerBlock() {
	f, d := p.f, p.d
	leftW := p.textW * leftShare
	rightW := p.textW - leftW
	x0, x1 := marginLeft, marginLeft+leftW
	y := marginTop
	yl := p.column(x0, y, leftW, "", sizeSmall, strings.ToUpper(pdfText(d.ParentAgency)))
	yl = p.column(x0, yl, leftW, "B", sizeSmall, strings.ToUpper(pdfText(d.Agency)))
	yl += 1
	f.SetLineWidth(0.3)
	f.Line(x0+leftW/3, yl, x0+2*leftW/3, yl)
	yr := p.column(x1, y, rightW, "B", sizeSmall, nationalTitle)
	yr = p.column(x1, yr, rightW, "B", sizeBody, nationalMotto)
	mw := f.GetStringWidth(nationalMotto)
	f.Line(x1+(rightW-mw)/2, yr+0.5, x1+(rightW+mw)/2, yr+0.5)
	y = math.Max(yl, yr) + 3
	yl = p.column(x0, y, leftW, "", sizeBody, pdfText(d.Number))
	yr = p.column(x1, y, rightW, "I", sizeBody, d.dateLine())
	y = math.Max(yl, yr) + 10
	f.SetXY(marginLeft, y)
	p.setFont("B", sizeTitle)
	if t := pdfText(d.Title); t != "" {
		f.MultiCell(p.textW, lh(sizeTitle), strings.ToUpper(t), "", "C", false)
	}
	if s := pdfText(d.Subtitle); s != "" {
		f.MultiCell(p.textW, lh(sizeTitle), s, "", "C", false)
	}
	f.Ln(6)
}

func (p *pdfw) paragraph(b Paragraph) {
	style := ""
	if b.Bold {
		style += "B"
	}
	if b.Italic {
		style += "I"
	}
	p.setFont(style, sizeBody)
	p.f.SetX(marginLeft)
	p.f.MultiCell(p.textW, lh(sizeBody), pdfText(b.Text), "", pdfAlign(b.Align), false)
	p.f.Ln(2)
}

func (p *pdfw) heading(b Heading) {
	p.setFont("B", sizeBody)
	p.f.Ln(2)
	// keep the heading with at least two lines of what follows
	if p.f.GetY()+3*lh(sizeBody) > p.bottom {
		p.f.AddPage()
	}
	p.f.SetX(marginLeft)
	p.f.MultiCell(p.textW, lh(sizeBody), pdfText(b.Text), "", "L", false)
	p.f.Ln(1)
}

// pdfCell is one cell of a laid-out row.
type pdfCell struct {
	x, w  float64
	lines []string
	align string
	style string
}

// layoutRow wraps the cells of a row, reusing dst.
func (p *pdfw) layoutRow(dst []pdfCell, g *grid, xs []float64, texts []string, group, bold, header bool) []pdfCell {
	style := ""
	if bold || group || header {
		style = "B"
	}
	p.setFont(style, sizeSmall)
	n := len(texts)
	if group {
		n = 1
	}
	for len(dst) < n {
		dst = append(dst, pdfCell{})
	}
	dst = dst[:n]
	if group {
		dst[0] = pdfCell{x: marginLeft, w: p.textW, lines: p.linesInto(dst[0].lines[:0], texts[0], p.textW), align: "L", style: style}
		return dst
	}
	for i, t := range texts {
		a := pdfAlign(g.cols[i].Align)
		if header {
			a = "C"
		} else if a == "J" {
			a = "L"
		}
		w := xs[i+1] - xs[i]
		dst[i] = pdfCell{x: xs[i], w: w, lines: p.linesInto(dst[i].lines[:0], t, w), align: a, style: style}
	}
	return dst
}

func rowLines(cells []pdfCell) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return n
}

// drawRow draws lines [from, to) of the cells at y, framed, and returns
// the height used.
func (p *pdfw) drawRow(cells []pdfCell, from, to int, y float64, fill bool) float64 {
	f := p.f
	h := float64(to-from)*lh(sizeSmall) + 2*cellPadV
	if len(cells) > 0 {
		p.setFont(cells[0].style, sizeSmall)
	}
	for _, c := range cells {
		if fill {
			f.Rect(c.x, y, c.w, h, "FD")
		} else {
			f.Rect(c.x, y, c.w, h, "D")
		}
		off := 0.0 // a whole row's cells are centred vertically
		if from == 0 && to == rowLines(cells) {
			off = float64(to-len(c.lines)) * lh(sizeSmall) / 2
		}
		for i := from; i < to && i < len(c.lines); i++ {
			p.text(c.x, y+off+cellPadV+float64(i-from)*lh(sizeSmall), c.w, c.align, c.lines[i])
		}
	}
	return h
}

// table draws t with wrapped cells, breaking pages between rows (or
// inside a row taller than a page) and repeating the header row at the
// top of each page.
func (p *pdfw) table(t Table) {
	f := p.f
	g := makeGrid(t)
	xs := make([]float64, len(g.cols)+1)
	xs[0] = marginLeft
	for i, w := range g.weights {
		xs[i+1] = xs[i] + w*p.textW
	}
	xs[len(g.cols)] = marginLeft + p.textW
	f.SetAutoPageBreak(false, marginBottom)
	defer f.SetAutoPageBreak(true, marginBottom)
	f.SetLineWidth(0.2)
	f.SetFillColor(0xF2, 0xF2, 0xF2)
	lineH := lh(sizeSmall)

	var head []pdfCell
	headH := 0.0
	if g.header {
		titles := make([]string, len(g.cols))
		for i, c := range g.cols {
			titles[i] = pdfText(c.Title)
		}
		head = p.layoutRow(nil, &g, xs, titles, false, false, true)
		headH = float64(rowLines(head))*lineH + 2*cellPadV
	}
	y := f.GetY()
	fresh := false // no body row on this page yet
	newPage := func() {
		f.AddPage()
		y = f.GetY()
		if head != nil {
			y += p.drawRow(head, 0, rowLines(head), y, true)
		}
		fresh = true
	}
	// the header row and at least one line of the first row on this page
	if head != nil && y+headH+lineH+2*cellPadV > p.bottom {
		newPage()
	} else if head != nil {
		y += p.drawRow(head, 0, rowLines(head), y, true)
		fresh = true
	} else {
		fresh = true
	}
	pageRoom := p.bottom - marginTop - headH // a fresh page's room for rows
	var texts []string
	var cells []pdfCell
	for _, r := range g.rows {
		texts = g.cellsInto(texts, r)
		cells = p.layoutRow(cells, &g, xs, texts, r.Group, r.Bold, false)
		n := rowLines(cells)
		// a group row keeps with at least two lines of the next row
		need := float64(n)*lineH + 2*cellPadV
		if r.Group {
			need += 2*lineH + 2*cellPadV
		}
		for start := 0; start < n; {
			fit := int(math.Floor((p.bottom - y - 2*cellPadV + 1e-9) / lineH))
			if fit < 1 && fresh {
				fit = 1
			}
			rest := n - start
			if rest <= fit && (start > 0 || fresh || y+need <= p.bottom || need > pageRoom) {
				y += p.drawRow(cells, start, n, y, r.Group)
				break
			}
			if fit < 1 || (start == 0 && !fresh && need <= pageRoom) {
				newPage()
				continue
			}
			// taller than a page: fill this one, go on on the next
			k := min(fit, rest)
			y += p.drawRow(cells, start, start+k, y, r.Group)
			start += k
			if start < n {
				newPage()
			}
		}
		fresh = false
	}
	f.SetXY(marginLeft, y+tableSpaceB)
}
