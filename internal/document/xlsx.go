package document

import (
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

const (
	xlFont       = "Times New Roman"
	xlWidthP     = 85.0  // the text width of portrait A4 in column-width units
	xlWidthL     = 130.0 // landscape
	xlMaxHeight  = 409.0 // Excel's largest row height, in points
	xlFrozenMax  = 30    // freeze the header rows only when they are this near the top
	mmPerInch    = 25.4
	xlHeaderText = `&C&"Times New Roman,Regular"&13&P`
)

// xlStyle is a cell style, the key of the style cache.
type xlStyle struct {
	bold, italic, underline bool
	size                    float64
	align                   Align
	border, fill            bool
}

type xlsxw struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	sheet  string
	styles map[xlStyle]int
	widths []float64 // of the grid's columns, in column-width units
	row    int       // the last row written
	err    error
}

// WriteXLSX writes d as an Excel workbook of one sheet: the header block
// and title in merged cells at the top, then the blocks; a table's
// header row is frozen and printed on every page.
func WriteXLSX(w io.Writer, d *Doc) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	sheet := "Văn bản"
	if d.lang() == "en-US" {
		sheet = "Document"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := f.SetDefaultFont(xlFont); err != nil {
		return err
	}
	x := &xlsxw{f: f, sheet: sheet, styles: map[xlStyle]int{}}
	blocks := d.blocks()

	// The grid: the columns of the widest table (at least two, for the
	// header block).
	var widest *grid
	for _, b := range blocks {
		if t, ok := b.(Table); ok {
			g := makeGrid(t)
			if widest == nil || len(g.cols) > len(widest.cols) {
				widest = &g
			}
		}
	}
	weights := []float64{leftShare, 1 - leftShare}
	if widest != nil && len(widest.cols) >= 2 {
		weights = widest.weights
	}
	total := xlWidthP
	if d.Landscape {
		total = xlWidthL
	}
	x.widths = make([]float64, len(weights))
	for i, w := range weights {
		x.widths[i] = math.Round(w*total*100) / 100
	}

	if err := x.pageSetup(d); err != nil {
		return err
	}
	x.sw, err = f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, w := range x.widths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	// The frozen rows must be known before the first row is written: the
	// first table's header row.
	headRow, next := 0, x.headerRows(d)+1
	for _, b := range blocks {
		if t, ok := b.(Table); ok {
			if len(t.Columns) > 0 {
				headRow = next
			}
			break
		}
		next++
	}
	if headRow > 0 && headRow <= xlFrozenMax {
		if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headRow,
			TopLeftCell: cell(1, headRow+1), ActivePane: "bottomLeft"}); err != nil {
			return err
		}
	}
	x.headerBlock(d)
	for _, b := range blocks {
		switch b := b.(type) {
		case Paragraph:
			x.merged(clean(b.Text), xlStyle{bold: b.Bold, italic: b.Italic, size: sizeBody, align: b.Align})
		case Heading:
			x.merged(clean(b.Text), xlStyle{bold: true, size: sizeBody})
		case Table:
			x.table(b)
		}
	}
	if x.err != nil {
		return x.err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if headRow > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: "'" + sheet + "'!$" + itoa(headRow) + ":$" + itoa(headRow), Scope: sheet}); err != nil {
			return err
		}
	}
	props := &excelize.DocProperties{Title: oneLine(d.Title), Creator: oneLine(d.Agency), Language: d.lang()}
	if !d.Date.IsZero() {
		props.Created = d.Date.UTC().Format("2006-01-02T15:04:05Z")
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

func cell(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// pageSetup sets A4, the orientation, the margins, fit to width, and
// the page number centred in the header from the second page on.
func (x *xlsxw) pageSetup(d *Doc) error {
	f, s := x.f, x.sheet
	size, orient, one, zero := 9, "portrait", 1, 0 // 9: A4
	if d.Landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(s, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	in := func(mm float64) *float64 { v := mm / mmPerInch; return &v }
	if err := f.SetPageMargins(s, &excelize.PageLayoutMarginsOptions{Top: in(marginTop), Bottom: in(marginBottom),
		Left: in(marginLeft), Right: in(marginRight), Header: in(headerDist), Footer: in(headerDist)}); err != nil {
		return err
	}
	return f.SetHeaderFooter(s, &excelize.HeaderFooterOptions{DifferentFirst: true, OddHeader: xlHeaderText})
}

func (x *xlsxw) style(s xlStyle) int {
	if id, ok := x.styles[s]; ok {
		return id
	}
	h := [...]string{Left: "left", Center: "center", Right: "right", Justify: "justify"}
	a := s.align
	if a < Left || a > Justify {
		a = Left
	}
	st := &excelize.Style{
		Font:      &excelize.Font{Family: xlFont, Size: s.size, Bold: s.bold, Italic: s.italic},
		Alignment: &excelize.Alignment{Horizontal: h[a], Vertical: "top", WrapText: true},
	}
	if s.underline {
		st.Font.Underline = "single"
	}
	if s.border {
		st.Alignment.Vertical = "center"
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if s.fill {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
	}
	id, err := x.f.NewStyle(st)
	if err != nil && x.err == nil {
		x.err = err
	}
	x.styles[s] = id
	return id
}

// lines estimates how many lines text takes in a cell width wide (in
// column-width units) at size points: generously, since a row too short
// hides text where one too tall only leaves space.
func lines(text string, width, size float64) int {
	perLine := width * 0.9 * sizeSmall / size
	if perLine < 1 {
		perLine = 1
	}
	n := 0
	for _, p := range strings.Split(text, "\n") {
		n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(p))/perLine)))
	}
	return n
}

func rowHeight(n int, size float64) float64 {
	return math.Min(xlMaxHeight, float64(n)*size*1.2+4)
}

// put writes one row of cells (one per grid column) with row height h.
func (x *xlsxw) put(cells []any, h float64) {
	if x.err != nil {
		return
	}
	x.row++
	opts := []excelize.RowOpts{}
	if h > 0 {
		opts = append(opts, excelize.RowOpts{Height: h})
	}
	x.err = x.sw.SetRow(cell(1, x.row), cells, opts...)
}

func (x *xlsxw) merge(c1, c2 int) {
	if x.err == nil && c2 > c1 {
		x.err = x.sw.MergeCell(cell(c1, x.row), cell(c2, x.row))
	}
}

// span is the width of grid columns [from, to).
func (x *xlsxw) span(from, to int) float64 {
	w := 0.0
	for _, v := range x.widths[from:to] {
		w += v
	}
	return w
}

// merged writes text in one row merged across the grid (in more than
// one if it exceeds a cell's limit).
func (x *xlsxw) merged(text string, s xlStyle) {
	n := len(x.widths)
	id := x.style(s)
	for _, chunk := range xlChunks(text) {
		row := make([]any, n)
		for i := range row {
			row[i] = excelize.Cell{StyleID: id}
		}
		row[0] = excelize.Cell{StyleID: id, Value: chunk}
		x.put(row, rowHeight(lines(chunk, x.span(0, n), s.size), s.size))
		x.merge(1, n)
	}
}

// xlCellMax is the most UTF-16 code units a cell holds (Excel's limit;
// excelize cuts longer text).
const xlCellMax = excelize.TotalCellChars

// xlChunks splits s into pieces a cell can hold, at character
// boundaries, so that text longer than a cell goes on in the rows
// below instead of being cut.
func xlChunks(s string) []string {
	var out []string
	units, start := 0, 0
	for i, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > xlCellMax {
			out = append(out, s[start:i])
			start, units = i, 0
		}
		units += u
	}
	return append(out, s[start:])
}

// split is the number of grid columns of the header block's left part:
// the share of the width nearest to the agency column's.
func (x *xlsxw) split() int {
	n := len(x.widths)
	best, bestD, acc := 1, math.Inf(1), 0.0
	for k := 1; k < n; k++ {
		acc += x.widths[k-1] / x.span(0, n)
		if d := math.Abs(acc - leftShare); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// headerRows is the number of rows headerBlock writes.
func (x *xlsxw) headerRows(d *Doc) int {
	n := 4 // three header lines, a blank
	if clean(d.Title) != "" {
		n++
	}
	if clean(d.Subtitle) != "" {
		n++
	}
	return n + 1 // a blank
}

// headerBlock writes the Decree 30/2020 header block in merged cells:
// the agency on the left, the national title and motto on the right, the
// number and the date, then the title and subtitle.
func (x *xlsxw) headerBlock(d *Doc) {
	n := len(x.widths)
	k := x.split()
	lw, rw := x.span(0, k), x.span(k, n)
	pair := func(l string, ls xlStyle, r string, rs xlStyle) {
		row := make([]any, n)
		ls.align, rs.align = Center, Center
		row[0] = excelize.Cell{StyleID: x.style(ls), Value: l}
		row[k] = excelize.Cell{StyleID: x.style(rs), Value: r}
		h := max(lines(l, lw, ls.size), lines(r, rw, rs.size))
		x.put(row, rowHeight(h, max(ls.size, rs.size)))
		x.merge(1, k)
		x.merge(k+1, n)
	}
	parent := strings.ToUpper(clean(d.ParentAgency))
	agency := strings.ToUpper(clean(d.Agency))
	if parent == "" {
		parent, agency = agency, ""
		pair(parent, xlStyle{bold: true, size: sizeSmall}, nationalTitle, xlStyle{bold: true, size: sizeSmall})
		pair("", xlStyle{size: sizeSmall}, nationalMotto, xlStyle{bold: true, underline: true, size: sizeBody})
	} else {
		pair(parent, xlStyle{size: sizeSmall}, nationalTitle, xlStyle{bold: true, size: sizeSmall})
		pair(agency, xlStyle{bold: true, size: sizeSmall}, nationalMotto, xlStyle{bold: true, underline: true, size: sizeBody})
	}
	pair(clean(d.Number), xlStyle{size: sizeBody}, d.dateLine(), xlStyle{italic: true, size: sizeBody})
	x.put(nil, 0)
	if t := clean(d.Title); t != "" {
		x.merged(strings.ToUpper(t), xlStyle{bold: true, size: sizeTitle, align: Center})
	}
	if s := clean(d.Subtitle); s != "" {
		x.merged(s, xlStyle{bold: true, size: sizeTitle, align: Center})
	}
	x.put(nil, 0)
}

// table writes t: its header row, then its rows, bordered; a group row
// merged across the grid; a table narrower than the grid has its last
// column merged to the grid's edge.
func (x *xlsxw) table(t Table) {
	g := makeGrid(t)
	n := len(x.widths)
	m := min(len(g.cols), n)
	// width of table column i in grid columns: the last takes the rest
	colW := func(i int) float64 {
		if i == m-1 {
			return x.span(i, n)
		}
		return x.span(i, i+1)
	}
	write := func(texts []string, s func(i int) xlStyle) {
		chunks := make([][]string, m)
		rows := 1
		for i := 0; i < m && i < len(texts); i++ {
			chunks[i] = xlChunks(texts[i])
			rows = max(rows, len(chunks[i]))
		}
		for k := 0; k < rows; k++ {
			row := make([]any, n)
			h := 1
			for i := 0; i < n; i++ {
				st := s(min(i, m-1))
				v := ""
				if i < m && k < len(chunks[i]) {
					v = chunks[i][k]
					h = max(h, lines(v, colW(i), st.size))
				}
				row[i] = excelize.Cell{StyleID: x.style(st), Value: v}
			}
			x.put(row, rowHeight(h, sizeSmall))
			x.merge(m, n)
		}
	}
	if g.header {
		titles := make([]string, len(g.cols))
		for i, c := range g.cols {
			titles[i] = clean(c.Title)
		}
		write(titles, func(int) xlStyle {
			return xlStyle{bold: true, size: sizeSmall, align: Center, border: true, fill: true}
		})
	}
	for _, r := range g.rows {
		cells := g.cells(r)
		if r.Group {
			x.merged(cells[0], xlStyle{bold: true, size: sizeSmall, border: true, fill: true})
			continue
		}
		write(cells, func(i int) xlStyle {
			a := g.cols[i].Align
			if a == Justify {
				a = Left
			}
			return xlStyle{bold: r.Bold, size: sizeSmall, align: a, border: true}
		})
	}
	x.put(nil, 0)
}
