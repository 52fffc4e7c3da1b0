package document

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// diacritics holds every Vietnamese letter with a diacritic.
const diacritics = "Điều 3 Khoản 2: ạ ả ã à á â ầ ấ ẩ ẫ ậ ă ằ ắ ẳ ẵ ặ ê ề ế ể ễ ệ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ ư ừ ứ ử ữ ự đ Đ ỳ ý ỷ ỹ ỵ " +
	"Ạ Ả Ã À Á Â Ầ Ấ Ẩ Ẫ Ậ Ă Ằ Ắ Ẳ Ẵ Ặ Ê Ề Ế Ể Ễ Ệ Ô Ồ Ố Ổ Ỗ Ộ Ơ Ờ Ớ Ở Ỡ Ợ Ư Ừ Ứ Ử Ữ Ự Ỳ Ý Ỷ Ỹ Ỵ " +
	"ẹ ẻ ẽ è é ị ỉ ĩ ì í ọ ỏ õ ò ó ụ ủ ũ ù ú"

// special is text with XML-special and control characters; only the
// control character may be dropped.
const special = "Ký tự <>&\"' \x01 hết"

var specialKept = strings.ReplaceAll(special, "\x01", "")

// marker is the unique string of row i of the sample table.
func marker(i int) string { return fmt.Sprintf("MKR%03dZ", i) }

const comment = "Đề nghị làm rõ khái niệm “cơ quan chủ trì soạn thảo” và bổ sung quy định về trách nhiệm phối hợp của Ủy ban nhân dân cấp huyện, bảo đảm thống nhất với Luật Ban hành văn bản quy phạm pháp luật năm 2025"

// sample is a landscape synthesis whose table spans several pages.
func sample() (*Doc, []string) {
	d := &Doc{
		ParentAgency: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
		Agency:       "SỞ TƯ PHÁP",
		Number:       "Số: 12/BC-STP",
		Place:        "Đồng Nai",
		Date:         time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC),
		Title:        "Bản tổng hợp, tiếp thu, giải trình ý kiến",
		Subtitle:     "đối với dự thảo Nghị quyết quy định mức chi hỗ trợ\ncông tác xây dựng văn bản quy phạm pháp luật",
		Landscape:    true,
	}
	var markers []string
	d.Blocks = append(d.Blocks,
		Paragraph{Text: "Thực hiện Luật Ban hành văn bản quy phạm pháp luật, Sở Tư pháp tổng hợp ý kiến góp ý như sau. " + diacritics, Align: Justify},
		Paragraph{Text: special, Italic: true},
		Heading{Text: "I. TỔNG HỢP Ý KIẾN"},
	)
	t := Table{Columns: []Column{
		{Title: "STT", Width: 1, Align: Center},
		{Title: "Điều, khoản", Width: 2},
		{Title: "Cơ quan góp ý", Width: 3},
		{Title: "Nội dung ý kiến", Width: 8, Align: Justify},
		{Title: "Tiếp thu, giải trình", Width: 5},
	}}
	n := 0
	for g := 1; g <= 6; g++ {
		m := marker(1000 + g)
		markers = append(markers, m)
		t.Rows = append(t.Rows, Row{Group: true, Cells: []string{fmt.Sprintf("Điều %d. Phạm vi điều chỉnh — 10 ý kiến %s", g, m)}})
		for k := 0; k < 10; k++ {
			n++
			m := marker(n)
			markers = append(markers, m)
			text := comment + " " + m
			if n%7 == 0 {
				text = comment + "\nỞ dòng mới: " + comment + " " + m
			}
			if n == 5 {
				text = special + " " + diacritics + " " + m
			}
			t.Rows = append(t.Rows, Row{Cells: []string{
				strconv.Itoa(n), fmt.Sprintf("Điều %d khoản %d", g, k+1), "Sở Tài chính", text,
				"Tiếp thu, đã chỉnh sửa tại khoản " + strconv.Itoa(k+1),
			}, Bold: n == 3})
		}
	}
	d.Blocks = append(d.Blocks, t, Paragraph{Text: "Trên đây là bản tổng hợp ý kiến. KẾTTHÚC", Align: Right, Bold: true})
	markers = append(markers, "KẾTTHÚC")
	return d, markers
}

// need returns the path of a command the test needs.
func need(t testing.TB, cmd, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(cmd)
	if err != nil {
		t.Fatalf("%s not found: install the Debian package %s", cmd, pkg)
	}
	return p
}

func run(t testing.TB, timeout time.Duration, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out.String()
}

// write writes d in one format to dir (and to $DOCUMENT_OUT if set, to
// look at) and returns the file's path.
func write(t testing.TB, dir, name string, fn func(io.Writer, *Doc) error, d *Doc) string {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b, d); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("DOCUMENT_OUT"); out != "" {
		_ = os.MkdirAll(out, 0o755)
		_ = os.WriteFile(filepath.Join(out, name), b.Bytes(), 0o644)
	}
	return p
}

// extractPDF extracts a PDF's text with pdftotext (poppler-utils), in NFC.
func extractPDF(t testing.TB, file string) string {
	t.Helper()
	need(t, "pdftotext", "poppler-utils")
	return norm.NFC.String(run(t, time.Minute, "pdftotext", "-layout", file, "-"))
}

// checkText fails for every marker and diacritic not in text.
func checkText(t testing.TB, what, text string, markers []string) {
	t.Helper()
	missing := 0
	for _, m := range markers {
		if !strings.Contains(text, m) {
			t.Errorf("%s: marker %q missing", what, m)
			missing++
		}
	}
	for _, r := range diacritics {
		if r != ' ' && !strings.ContainsRune(text, r) {
			t.Errorf("%s: character %q missing", what, r)
			missing++
		}
	}
	for _, s := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Đồng Nai, ngày 2 tháng 12 năm 2026", "SỞ TƯ PHÁP", "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN", `<>&"'`} {
		if !strings.Contains(text, s) {
			t.Errorf("%s: %q missing", what, s)
			missing++
		}
	}
	if missing > 0 {
		t.Logf("%s text:\n%s", what, text)
	}
}

func pages(t testing.TB, file string) int {
	t.Helper()
	need(t, "pdfinfo", "poppler-utils")
	for _, l := range strings.Split(run(t, time.Minute, "pdfinfo", file), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo %s: no page count", file)
	return 0
}

func TestPDF(t *testing.T) {
	d, markers := sample()
	dir := t.TempDir()
	p := write(t, dir, "sample.pdf", WritePDF, d)
	checkText(t, "PDF", extractPDF(t, p), markers)
	if n := pages(t, p); n < 2 {
		t.Errorf("PDF has %d pages, want several", n)
	}
	need(t, "pdffonts", "poppler-utils")
	fonts := run(t, time.Minute, "pdffonts", p)
	seen := 0
	for _, l := range strings.Split(fonts, "\n") {
		if !strings.Contains(strings.ToLower(l), "liberationserif") { // fpdf names it utf8liberationserif
			continue
		}
		seen++
		f := strings.Fields(l)
		if len(f) < 5 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
	if seen < 3 { // regular, bold, italic at least
		t.Errorf("pdffonts shows %d LiberationSerif fonts:\n%s", seen, fonts)
	}
}

// TestPDFStructure: the cross-reference table compressPDF rewrites
// points at every object, the pages are compressed, and poppler reads
// the file without a complaint.
func TestPDFStructure(t *testing.T) {
	d, _ := sample()
	var b bytes.Buffer
	if err := WritePDF(&b, d); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	at, offsets, _, ok := readXref(data)
	if !ok {
		t.Fatal("no cross-reference table of fpdf's form")
	}
	for n := 1; n < len(offsets); n++ {
		if !bytes.HasPrefix(data[offsets[n]:], []byte(strconv.Itoa(n)+" 0 obj\n")) {
			t.Errorf("object %d: offset %d points at %q", n, offsets[n], data[offsets[n]:min(len(data), offsets[n]+20)])
		}
	}
	if !bytes.Contains(data[at:], []byte("startxref\n"+strconv.Itoa(at)+"\n%%EOF")) {
		t.Error("startxref does not point at the table")
	}
	p := filepath.Join(t.TempDir(), "s.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	n := pages(t, p)
	if c := bytes.Count(data, []byte("/Filter /FlateDecode /Length")); c < n {
		t.Errorf("%d compressed streams for %d pages", c, n)
	}
	if regexp.MustCompile(`<</Length \d+>>\nstream\n`).Match(data) {
		t.Error("an uncompressed stream is left")
	}
	cmd := exec.Command(need(t, "pdfinfo", "poppler-utils"), p)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("pdfinfo: %v %s", err, stderr.String())
	}
	// data that is not fpdf's layout is copied unchanged
	var c bytes.Buffer
	if err := compressPDF(&c, []byte("%PDF-1.4\nnot fpdf")); err != nil || c.String() != "%PDF-1.4\nnot fpdf" {
		t.Errorf("compressPDF changed foreign data: %q %v", c.String(), err)
	}
}

// TestPDFPageNumbers: no number on the first page (Decree 30/2020), the
// number centred at the top of the others.
func TestPDFPageNumbers(t *testing.T) {
	d, _ := sample()
	p := write(t, t.TempDir(), "sample.pdf", WritePDF, d)
	n := pages(t, p)
	for i := 1; i <= n; i++ {
		txt := run(t, time.Minute, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), "-layout", p, "-")
		first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(txt, "\n "), "\n", 2)[0])
		if i == 1 && first == "1" {
			t.Errorf("page 1 starts with %q", first)
		}
		if i > 1 && first != strconv.Itoa(i) {
			t.Errorf("page %d starts with %q, want its number", i, first)
		}
	}
}

// TestPDFTallRow: a row taller than a page goes on over the next pages
// without losing a line.
func TestPDFTallRow(t *testing.T) {
	var long []string
	for i := 0; i < 150; i++ {
		long = append(long, marker(i))
	}
	d := &Doc{Agency: "SỞ TƯ PHÁP", Title: "Thử", Blocks: []Block{
		Table{Columns: []Column{{Title: "A"}, {Title: "B", Width: 3}}, Rows: []Row{
			{Cells: []string{"1", "đầu"}},
			{Cells: []string{"2", strings.Join(long, "\n")}},
			{Cells: []string{"3", "cuối MKREND"}},
		}},
	}}
	p := write(t, t.TempDir(), "tall.pdf", WritePDF, d)
	txt := extractPDF(t, p)
	for _, m := range append(long, "MKREND", "đầu") {
		if !strings.Contains(txt, m) {
			t.Errorf("%q missing", m)
		}
	}
	if n := pages(t, p); n < 3 {
		t.Errorf("%d pages, want at least 3", n)
	}
}

// unzip returns the parts of a zip archive.
func unzip(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name] = b
	}
	return parts
}

// wellFormed parses every XML part to its end.
func wellFormed(t testing.TB, parts map[string][]byte) {
	t.Helper()
	for name, b := range parts {
		if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				break
			}
		}
	}
}

// docxText is the text of the w:t elements of document.xml.
func docxText(t testing.TB, doc []byte) string {
	t.Helper()
	var b strings.Builder
	dec := xml.NewDecoder(bytes.NewReader(doc))
	inT := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inT = tok.Name.Local == "t"
			if tok.Name.Local == "br" || tok.Name.Local == "p" {
				b.WriteByte('\n')
			}
		case xml.EndElement:
			inT = false
		case xml.CharData:
			if inT {
				b.Write(tok)
			}
		}
	}
	return b.String()
}

func TestDOCX(t *testing.T) {
	d, markers := sample()
	var b bytes.Buffer
	if err := WriteDOCX(&b, d); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, b.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
		"word/settings.xml", "word/header1.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml"} {
		if parts[name] == nil {
			t.Errorf("part %s missing", name)
		}
	}
	wellFormed(t, parts)
	doc, styles := string(parts["word/document.xml"]), string(parts["word/styles.xml"])
	for _, s := range []string{`w:ascii="Times New Roman"`, `w:hAnsi="Times New Roman"`, `w:cs="Times New Roman"`, `<w:sz w:val="26"/>`, `w:val="vi-VN"`} {
		if !strings.Contains(styles, s) {
			t.Errorf("styles.xml lacks %s", s)
		}
	}
	for _, s := range []string{`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>`,
		`<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701"`, `<w:tblHeader/>`, `<w:gridSpan w:val="5"/>`, `<w:titlePg/>`} {
		if !strings.Contains(doc, s) {
			t.Errorf("document.xml lacks %s", s)
		}
	}
	if !strings.Contains(string(parts["word/header1.xml"]), "PAGE") {
		t.Error("header1.xml has no PAGE field")
	}
	text := docxText(t, parts["word/document.xml"])
	for _, m := range markers {
		if !strings.Contains(text, m) {
			t.Errorf("marker %s missing", m)
		}
	}
	if !strings.Contains(text, diacritics) || !strings.Contains(text, specialKept) {
		t.Error("the diacritics or the special characters are not kept exactly")
	}

	d.Landscape = false
	b.Reset()
	if err := WriteDOCX(&b, d); err != nil {
		t.Fatal(err)
	}
	if doc := string(unzip(t, b.Bytes())["word/document.xml"]); !strings.Contains(doc, `<w:pgSz w:w="11906" w:h="16838"/>`) {
		t.Error("portrait DOCX is not A4 portrait")
	}
}

// libreOffice converts file to PDF with a fresh LibreOffice profile and
// returns the PDF's path.
func libreOffice(t *testing.T, file string) string {
	t.Helper()
	soffice := need(t, "soffice", "libreoffice-writer-nogui and libreoffice-calc-nogui")
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	out := filepath.Join(dir, "out")
	run(t, 4*time.Minute, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+profile,
		"--convert-to", "pdf", "--outdir", out, file)
	p := filepath.Join(out, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+".pdf")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("LibreOffice made no PDF: %v", err)
	}
	if o := os.Getenv("DOCUMENT_OUT"); o != "" {
		b, _ := os.ReadFile(p)
		_ = os.WriteFile(filepath.Join(o, filepath.Base(file)+".pdf"), b, 0o644)
	}
	return p
}

func TestDOCXLibreOffice(t *testing.T) {
	d, markers := sample()
	p := write(t, t.TempDir(), "sample.docx", WriteDOCX, d)
	pdf := libreOffice(t, p)
	checkText(t, "DOCX via LibreOffice", extractPDF(t, pdf), markers)
	if n := pages(t, pdf); n < 2 {
		t.Errorf("%d pages", n)
	}
}

func TestXLSXLibreOffice(t *testing.T) {
	d, markers := sample()
	p := write(t, t.TempDir(), "sample.xlsx", WriteXLSX, d)
	pdf := libreOffice(t, p)
	checkText(t, "XLSX via LibreOffice", extractPDF(t, pdf), markers)
	if n := pages(t, pdf); n < 2 {
		t.Errorf("%d pages", n)
	}
}

func TestXLSX(t *testing.T) {
	d, _ := sample()
	var b bytes.Buffer
	if err := WriteXLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range rows {
		for _, c := range r {
			have[c] = true
		}
	}
	var want []string
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Paragraph:
			want = append(want, strings.ReplaceAll(b.Text, "\x01", ""))
		case Heading:
			want = append(want, b.Text)
		case Table:
			for _, c := range b.Columns {
				want = append(want, c.Title)
			}
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					want = append(want, strings.ReplaceAll(c, "\x01", ""))
				}
			}
		}
	}
	want = append(want, "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "SỞ TƯ PHÁP", "Số: 12/BC-STP", nationalTitle, nationalMotto,
		"Đồng Nai, ngày 2 tháng 12 năm 2026", "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN", d.Subtitle)
	for _, s := range want {
		if !have[s] {
			t.Errorf("no cell holds exactly %q", s)
		}
	}

	lay, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if lay.Size == nil || *lay.Size != 9 || lay.Orientation == nil || *lay.Orientation != "landscape" ||
		lay.FitToWidth == nil || *lay.FitToWidth != 1 {
		t.Errorf("page layout %+v", lay)
	}
	m, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]struct {
		got  *float64
		want float64
	}{"top": {m.Top, marginTop}, "bottom": {m.Bottom, marginBottom}, "left": {m.Left, marginLeft}, "right": {m.Right, marginRight}} {
		if v.got == nil || (*v.got*25.4-v.want) > 0.01 || (v.want-*v.got*25.4) > 0.01 {
			t.Errorf("%s margin %v, want %v mm", name, v.got, v.want)
		}
	}
	hf, err := f.GetHeaderFooter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "&P") || !hf.DifferentFirst {
		t.Errorf("header/footer %+v", hf)
	}
	titles := ""
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles = dn.RefersTo
		}
	}
	if titles == "" {
		t.Error("no print titles")
	}
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit == 0 || !strings.HasSuffix(titles, "$"+strconv.Itoa(panes.YSplit)) {
		t.Errorf("panes %+v, print titles %q", panes, titles)
	}
	if v, _ := f.GetCellValue(sheet, "A"+strconv.Itoa(panes.YSplit)); v != "STT" {
		t.Errorf("frozen row %d starts with %q, want the table's header", panes.YSplit, v)
	}
	if props, err := f.GetDocProps(); err != nil || props.Language != "vi-VN" {
		t.Errorf("doc props %+v %v", props, err)
	}
}

// TestSpecialCharacters: XML-special characters and a control character
// everywhere break none of the formats; only the control character is
// dropped.
func TestSpecialCharacters(t *testing.T) {
	d := &Doc{
		ParentAgency: special, Agency: special, Number: special, Place: special, Title: special, Subtitle: special,
		Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), Language: "en",
		Blocks: []Block{
			Paragraph{Text: special}, Heading{Text: special},
			Table{Columns: []Column{{Title: special}, {Title: "b"}}, Rows: []Row{
				{Cells: []string{special, special + "\ttab\r\nCRLF"}}, {Group: true, Cells: []string{special}},
				{Cells: []string{"a", "b", "extra " + special}},
			}},
			&Paragraph{Text: "pointer"},
		},
	}
	var b bytes.Buffer
	if err := WriteDOCX(&b, d); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, b.Bytes())
	wellFormed(t, parts)
	text := docxText(t, parts["word/document.xml"])
	if strings.Contains(text, "\x01") || strings.Count(text, specialKept) < 9 || !strings.Contains(text, "pointer") {
		t.Errorf("DOCX text:\n%q", text)
	}
	if !strings.Contains(string(parts["docProps/core.xml"]), "en-US") {
		t.Error("DOCX language is not en-US")
	}

	b.Reset()
	if err := WriteXLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, unzip(t, b.Bytes()))
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		for _, c := range r {
			if strings.Contains(c, "\x01") {
				t.Errorf("XLSX cell keeps a control character: %q", c)
			}
			n += strings.Count(c, specialKept)
		}
	}
	if n < 9 {
		t.Errorf("XLSX holds the special text %d times:\n%q", n, rows)
	}

	p := write(t, t.TempDir(), "special.pdf", WritePDF, d)
	if txt := extractPDF(t, p); strings.Count(txt, `<>&"'`) < 9 || !strings.Contains(txt, "pointer") {
		t.Errorf("PDF text:\n%s", txt)
	}
}

// TestXLSXLongCell: text longer than an Excel cell holds goes on in
// the rows below, not cut.
func TestXLSXLongCell(t *testing.T) {
	long := strings.Repeat("Ý kiến rất dài 😀 ", 3000) + "MKRLONG" // 54,007 UTF-16 units
	d := &Doc{Agency: "SỞ TƯ PHÁP", Blocks: []Block{
		Paragraph{Text: long},
		Table{Columns: []Column{{Title: "STT"}, {Title: "Nội dung"}}, Rows: []Row{{Cells: []string{"1", long}}}},
	}}
	var b bytes.Buffer
	if err := WriteXLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var para, cell strings.Builder
	for _, r := range rows { // the chunks are the cells holding part of long
		if len(r) > 0 && r[0] != "" && strings.Contains(long, r[0]) {
			para.WriteString(r[0])
		}
		if len(r) > 1 && r[1] != "" && strings.Contains(long, r[1]) {
			cell.WriteString(r[1])
		}
	}
	if para.String() != long || cell.String() != long {
		t.Errorf("long text not kept: paragraph %d, cell %d of %d bytes", para.Len(), cell.Len(), len(long))
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"a\x00b\x01c\x1fd": "abcd",
		"x\r\ny\rz":        "x\ny\nz",
		"tab\tnl\n":        "tab\tnl\n",
		"\uFFFE\uFFFFok":   "ok",
		diacritics:         diacritics,
		"bad\xffutf8":      "bad\uFFFDutf8",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDateLine(t *testing.T) {
	d := &Doc{Place: "Hà Nội", Date: time.Date(2026, 1, 5, 20, 0, 0, 0, time.UTC)}
	if got := d.dateLine(); got != "Hà Nội, ngày 6 tháng 1 năm 2026" { // 03:00 on the 6th in Vietnam
		t.Errorf("dateLine = %q", got)
	}
	d.Place = ""
	if got := d.dateLine(); got != "Ngày 6 tháng 1 năm 2026" {
		t.Errorf("dateLine = %q", got)
	}
}

// fragments make the benchmark's comments differ from row to row.
var fragments = [...]string{
	"Đề nghị làm rõ khái niệm “cơ quan chủ trì soạn thảo”",
	"bổ sung quy định về trách nhiệm phối hợp của Ủy ban nhân dân cấp huyện",
	"bảo đảm thống nhất với Luật Ban hành văn bản quy phạm pháp luật năm 2025",
	"rà soát các điều khoản chuyển tiếp cho phù hợp thực tiễn địa phương",
	"xem xét mức chi hỗ trợ đối với cán bộ, công chức trực tiếp tham gia soạn thảo",
	"quy định rõ thời hạn lấy ý kiến và công khai bản tổng hợp trên Cổng thông tin điện tử",
	"thay cụm từ “đơn vị liên quan” bằng cụm từ “cơ quan, tổ chức có liên quan”",
}

// synthesis is a synthesis of 10,000 comments of about 300 characters.
func synthesis() *Doc {
	d, _ := sample()
	t := Table{Columns: d.Blocks[3].(Table).Columns}
	for i := 1; i <= 10000; i++ {
		if i%50 == 1 {
			t.Rows = append(t.Rows, Row{Group: true, Cells: []string{fmt.Sprintf("Điều %d. Phạm vi điều chỉnh — 50 ý kiến", i/50+1)}})
		}
		c := fragments[i%7] + "; " + fragments[(i/7)%7] + "; " + fragments[(i/49)%7] + "; " + fragments[(i/3)%7] +
			" (ý kiến số " + strconv.Itoa(i) + ")."
		t.Rows = append(t.Rows, Row{Cells: []string{strconv.Itoa(i), fmt.Sprintf("Điều %d khoản %d", i%40+1, i%7+1),
			"Ủy ban nhân dân huyện Long Thành", c, "Tiếp thu, đã chỉnh sửa tại khoản 2 Điều 3 của dự thảo"}})
	}
	d.Blocks = []Block{d.Blocks[0], t}
	return d
}

func benchmark(b *testing.B, fn func(io.Writer, *Doc) error) {
	d := synthesis()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var n countWriter
		if err := fn(&n, d); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n)/1e6, "MB-out")
	}
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

func BenchmarkSynthesisDOCX(b *testing.B) { benchmark(b, WriteDOCX) }
func BenchmarkSynthesisXLSX(b *testing.B) { benchmark(b, WriteXLSX) }
func BenchmarkSynthesisPDF(b *testing.B)  { benchmark(b, WritePDF) }
