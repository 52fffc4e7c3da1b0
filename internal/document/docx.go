package document

import (
	"archive/zip"
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// DOCX is written by hand: WordprocessingML needs only a handful of
// parts, and there is no well-kept Go library for it. Lengths are in
// twentieths of a point (twips; 1 mm = 56.7 twips), font sizes in half
// points.
const (
	twA4Short    = 11906
	twA4Long     = 16838
	twTop        = 1134 // 20 mm
	twBottom     = 1134 // 20 mm
	twLeft       = 1701 // 30 mm
	twRight      = 851  // 15 mm
	twHeaderDist = 567  // 10 mm: the page number in the top margin

	nsW     = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// WriteDOCX writes d as a Word document (Office Open XML).
func WriteDOCX(w io.Writer, d *Doc) error {
	z := zip.NewWriter(w)
	parts := []struct {
		name string
		fn   func(*xw)
	}{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"docProps/core.xml", func(x *xw) { docxCore(x, d) }},
		{"docProps/app.xml", docxApp},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/styles.xml", func(x *xw) { docxStyles(x, d) }},
		{"word/settings.xml", func(x *xw) { docxSettings(x, d) }},
		{"word/header1.xml", func(x *xw) { docxHeader(x, true) }},
		{"word/header2.xml", func(x *xw) { docxHeader(x, false) }},
		{"word/document.xml", func(x *xw) { docxDocument(x, d) }},
	}
	for _, p := range parts {
		f, err := z.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		x := &xw{w: bufio.NewWriterSize(f, 64<<10)}
		p.fn(x)
		if x.err != nil {
			return x.err
		}
		if err := x.w.Flush(); err != nil {
			return err
		}
	}
	return z.Close()
}

// xw writes XML text, keeping the first error.
type xw struct {
	w   *bufio.Writer
	err error
}

func (x *xw) s(ss ...string) {
	for _, s := range ss {
		if x.err == nil {
			_, x.err = x.w.WriteString(s)
		}
	}
}

// esc writes s escaped for XML character data or an attribute value; s
// has been cleaned already.
func (x *xw) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case '&':
			r = "&amp;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '"':
			r = "&quot;"
		case '\'':
			r = "&apos;"
		default:
			continue
		}
		x.s(s[last:i], r)
		last = i + 1
	}
	x.s(s[last:])
}

func itoa(i int) string { return strconv.Itoa(i) }

func docxContentTypes(x *xw) {
	x.s(xmlHead, `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`,
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`,
		`<Default Extension="xml" ContentType="application/xml"/>`,
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`,
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`,
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`,
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`,
		`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`,
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`,
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`,
		`</Types>`)
}

func docxRootRels(x *xw) {
	x.s(xmlHead, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`,
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`,
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`,
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>`,
		`</Relationships>`)
}

func docxDocRels(x *xw) {
	x.s(xmlHead, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`,
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`,
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`,
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`,
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>`,
		`</Relationships>`)
}

func docxCore(x *xw, d *Doc) {
	x.s(xmlHead, `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	x.s(`<dc:title>`)
	x.esc(oneLine(d.Title))
	x.s(`</dc:title><dc:creator>`)
	x.esc(oneLine(d.Agency))
	x.s(`</dc:creator><dc:language>`, d.lang(), `</dc:language>`)
	if !d.Date.IsZero() {
		ts := d.Date.UTC().Format("2006-01-02T15:04:05Z")
		x.s(`<dcterms:created xsi:type="dcterms:W3CDTF">`, ts, `</dcterms:created>`,
			`<dcterms:modified xsi:type="dcterms:W3CDTF">`, ts, `</dcterms:modified>`)
	}
	x.s(`</cp:coreProperties>`)
}

func docxApp(x *xw) {
	x.s(xmlHead, `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Cong</Application></Properties>`)
}

func docxStyles(x *xw, d *Doc) {
	const tnr = `"Times New Roman"`
	x.s(xmlHead, `<w:styles xmlns:w="`, nsW, `">`,
		`<w:docDefaults><w:rPrDefault><w:rPr>`,
		`<w:rFonts w:ascii=`, tnr, ` w:hAnsi=`, tnr, ` w:eastAsia=`, tnr, ` w:cs=`, tnr, `/>`,
		`<w:sz w:val="26"/><w:szCs w:val="26"/>`,
		`<w:lang w:val="`, d.lang(), `" w:eastAsia="`, d.lang(), `" w:bidi="ar-SA"/>`,
		`</w:rPr></w:rPrDefault>`,
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>`,
		`</w:docDefaults>`,
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`,
		`<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>`,
		`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/>`,
		`<w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>`,
		`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:qFormat/>`,
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>`,
		`<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/>`,
		`<w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>`,
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>`,
		`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>`,
		`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`,
		`</w:styles>`)
}

func docxSettings(x *xw, d *Doc) {
	x.s(xmlHead, `<w:settings xmlns:w="`, nsW, `">`,
		`<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>`,
		`<w:characterSpacingControl w:val="doNotCompress"/>`,
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>`,
		`<w:themeFontLang w:val="`, d.lang(), `"/>`,
		`</w:settings>`)
}

// docxHeader writes the page header: the page number, centred (Decree
// 30/2020), or for the first page nothing.
func docxHeader(x *xw, number bool) {
	x.s(xmlHead, `<w:hdr xmlns:w="`, nsW, `" xmlns:r="`, nsR, `"><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>`)
	if number {
		x.s(`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`,
			`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`,
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`,
			`<w:r><w:t>2</w:t></w:r>`,
			`<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	}
	x.s(`</w:p></w:hdr>`)
}

// textWidth is the width between the margins in twips.
func (d *Doc) twWidth() int {
	if d.Landscape {
		return twA4Long - twLeft - twRight
	}
	return twA4Short - twLeft - twRight
}

// split divides total into integer parts in proportion to the weights
// (which sum to 1), the parts summing to total exactly.
func split(total int, weights []float64) []int {
	out := make([]int, len(weights))
	acc, prev := 0.0, 0
	for i, w := range weights {
		acc += w
		end := int(math.Round(acc * float64(total)))
		if i == len(weights)-1 {
			end = total
		}
		out[i] = end - prev
		prev = end
	}
	return out
}

// run writes text (cleaned) as one or more runs with the given run
// properties: "\n" becomes a line break, a tab a tab.
func (x *xw) run(text, rPr string) {
	if text == "" {
		return
	}
	x.s(`<w:r>`)
	if rPr != "" {
		x.s(`<w:rPr>`, rPr, `</w:rPr>`)
	}
	start := 0
	flush := func(end int) {
		if end > start {
			x.s(`<w:t xml:space="preserve">`)
			x.esc(text[start:end])
			x.s(`</w:t>`)
		}
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			flush(i)
			x.s(`<w:br/>`)
			start = i + 1
		case '\t':
			flush(i)
			x.s(`<w:tab/>`)
			start = i + 1
		}
	}
	flush(len(text))
	x.s(`</w:r>`)
}

// para writes one paragraph.
func (x *xw) para(pPr, text, rPr string) {
	x.s(`<w:p>`)
	if pPr != "" {
		x.s(`<w:pPr>`, pPr, `</w:pPr>`)
	}
	x.run(text, rPr)
	x.s(`</w:p>`)
}

var jcVal = [...]string{Left: "left", Center: "center", Right: "right", Justify: "both"}

func jc(a Align) string {
	if a < Left || a > Justify {
		a = Left
	}
	return `<w:jc w:val="` + jcVal[a] + `"/>`
}

const (
	rBold   = `<w:b/><w:bCs/>`
	rItalic = `<w:i/><w:iCs/>`
	rSz12   = `<w:sz w:val="24"/><w:szCs w:val="24"/>`
	rSz14   = `<w:sz w:val="28"/><w:szCs w:val="28"/>`
)

func docxDocument(x *xw, d *Doc) {
	x.s(xmlHead, `<w:document xmlns:w="`, nsW, `" xmlns:r="`, nsR, `"><w:body>`)
	docxHeaderBlock(x, d)
	if t := clean(d.Title); t != "" {
		x.para(`<w:pStyle w:val="Title"/><w:spacing w:before="480"/>`, strings.ToUpper(t), "")
	}
	if s := clean(d.Subtitle); s != "" {
		x.para(`<w:pStyle w:val="Title"/>`, s, "")
	}
	x.para(`<w:spacing w:after="240"/>`, "", "")
	for _, b := range d.blocks() {
		switch b := b.(type) {
		case Paragraph:
			pPr := `<w:spacing w:after="120" w:line="276" w:lineRule="auto"/>`
			if b.Align == Justify {
				pPr += `<w:ind w:firstLine="567"/>`
			}
			rPr := ""
			if b.Bold {
				rPr += rBold
			}
			if b.Italic {
				rPr += rItalic
			}
			x.para(pPr+jc(b.Align), clean(b.Text), rPr)
		case Heading:
			x.para(`<w:pStyle w:val="Heading2"/>`, clean(b.Text), "")
		case Table:
			docxTable(x, d, b)
		}
	}
	x.s(`<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:headerReference w:type="first" r:id="rId4"/>`)
	if d.Landscape {
		x.s(`<w:pgSz w:w="`, itoa(twA4Long), `" w:h="`, itoa(twA4Short), `" w:orient="landscape"/>`)
	} else {
		x.s(`<w:pgSz w:w="`, itoa(twA4Short), `" w:h="`, itoa(twA4Long), `"/>`)
	}
	x.s(`<w:pgMar w:top="`, itoa(twTop), `" w:right="`, itoa(twRight), `" w:bottom="`, itoa(twBottom),
		`" w:left="`, itoa(twLeft), `" w:header="`, itoa(twHeaderDist), `" w:footer="`, itoa(twHeaderDist), `" w:gutter="0"/>`,
		`<w:cols w:space="720"/><w:titlePg/></w:sectPr></w:body></w:document>`)
}

// docxHeaderBlock writes the Decree 30/2020 header block as a borderless
// table of two columns and two rows: the agency and the national title
// and motto, then the number and the place and date on one level.
func docxHeaderBlock(x *xw, d *Doc) {
	tw := d.twWidth()
	cols := split(tw, []float64{leftShare, 1 - leftShare})
	x.s(`<w:tbl><w:tblPr><w:tblW w:w="`, itoa(tw), `" w:type="dxa"/><w:tblLayout w:type="fixed"/>`,
		`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>`,
		`<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="`, itoa(cols[0]), `"/><w:gridCol w:w="`, itoa(cols[1]), `"/></w:tblGrid>`)
	cell := func(i int, body func()) {
		x.s(`<w:tc><w:tcPr><w:tcW w:w="`, itoa(cols[i]), `" w:type="dxa"/></w:tcPr>`)
		body()
		x.s(`</w:tc>`)
	}
	const c = `<w:jc w:val="center"/>`
	x.s(`<w:tr>`)
	cell(0, func() {
		if p := clean(d.ParentAgency); p != "" {
			x.para(c, strings.ToUpper(p), rSz12)
		}
		x.para(c, strings.ToUpper(clean(d.Agency)), rBold+rSz12)
		// the short rule under the agency: a third of the column
		ind := itoa(cols[0] / 3)
		x.s(`<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`,
			`<w:spacing w:after="0" w:line="80" w:lineRule="exact"/><w:ind w:left="`, ind, `" w:right="`, ind, `"/>`,
			`<w:rPr><w:sz w:val="8"/></w:rPr></w:pPr></w:p>`)
	})
	cell(1, func() {
		x.para(c, nationalTitle, rBold+rSz12)
		x.para(c, nationalMotto, rBold+`<w:u w:val="single"/>`)
	})
	x.s(`</w:tr><w:tr>`)
	cell(0, func() { x.para(`<w:spacing w:before="160"/>`+c, clean(d.Number), "") })
	cell(1, func() { x.para(`<w:spacing w:before="160"/>`+c, d.dateLine(), rItalic) })
	x.s(`</w:tr></w:tbl>`)
}

func docxTable(x *xw, d *Doc, t Table) {
	g := makeGrid(t)
	tw := d.twWidth()
	widths := split(tw, g.weights)
	n := len(g.cols)
	x.s(`<w:tbl><w:tblPr><w:tblW w:w="`, itoa(tw), `" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.s(`<w:`, side, ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	x.s(`</w:tblBorders><w:tblLayout w:type="fixed"/>`,
		`<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>`,
		`<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		x.s(`<w:gridCol w:w="`, itoa(w), `"/>`)
	}
	x.s(`</w:tblGrid>`)
	cellOpen := func(w, span int, fill bool) {
		x.s(`<w:tc><w:tcPr><w:tcW w:w="`, itoa(w), `" w:type="dxa"/>`)
		if span > 1 {
			x.s(`<w:gridSpan w:val="`, itoa(span), `"/>`)
		}
		if fill {
			x.s(`<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>`)
		}
		x.s(`<w:vAlign w:val="center"/></w:tcPr>`)
	}
	const pTable = `<w:pStyle w:val="TableText"/>`
	if g.header {
		x.s(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		for i, c := range g.cols {
			cellOpen(widths[i], 1, true)
			x.para(pTable+jc(Center), clean(c.Title), rBold)
			x.s(`</w:tc>`)
		}
		x.s(`</w:tr>`)
	}
	for _, r := range g.rows {
		cells := g.cells(r)
		x.s(`<w:tr>`)
		rPr := ""
		if r.Bold || r.Group {
			rPr = rBold
		}
		if r.Group {
			x.s(`<w:trPr><w:cantSplit/></w:trPr>`)
			cellOpen(tw, n, true)
			x.para(pTable+`<w:keepNext/>`, cells[0], rPr)
			x.s(`</w:tc>`)
		} else {
			for i, c := range cells {
				cellOpen(widths[i], 1, false)
				a := g.cols[i].Align
				if a == Justify {
					a = Left
				}
				x.para(pTable+jc(a), c, rPr)
				x.s(`</w:tc>`)
			}
		}
		x.s(`</w:tr>`)
	}
	x.s(`</w:tbl>`)
	x.para(`<w:spacing w:after="120"/>`, "", "")
}

// oneLine is s cleaned with its line breaks as spaces, for metadata.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(clean(s), "\n", " ")), " ")
}
