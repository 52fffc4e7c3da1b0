package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/disclosure"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/vn"
)

// The catalogue shows 50 generated lines a page; a download holds at
// most disclosureFileMax of them — a province's portal publishes some
// ten thousand items of the listed kinds a year, and a file of every
// year at once would be too long to read: the page then says to choose
// a year.
const (
	disclosurePer     = 50
	disclosureFileMax = 20_000
)

// disclosurePage is a site's catalogue of information to be published.
type disclosurePage struct {
	*Page
	Contact    *disclosure.Contact
	Lines      []*disclosure.Listed
	Entries    []*disclosure.Entry
	Year       int
	Years      []int
	PageNo     int
	Prev, Next string
	Truncated  bool // a download cut at disclosureFileMax lines
}

// ItemURL is the public address of a generated line's item.
func (p *disclosurePage) ItemURL(l *disclosure.Listed) string {
	return p.Link("/" + l.Kind.Path() + "/" + l.Slug)
}

// Day writes a YYYY-MM-DD day in words, "—" when there is none.
func (p *disclosurePage) Day(day string) string { return dayText(p.Lang, day) }

// PublishedOn is the day a line was first published, in words.
func (p *disclosurePage) PublishedOn(l *disclosure.Listed) string {
	return dayText(p.Lang, vn.Day(l.Published))
}

// Form is how a generated line was published: on this portal, in its
// section.
func (p *disclosurePage) Form(l *disclosure.Listed) string {
	form := translate(p.Lang, "disc.form.portal")
	if l.Section != "" {
		form += " (" + translate(p.Lang, "disc.form.section") + " " + l.Section + ")"
	}
	return form
}

// Duration is how long a generated line stays published.
func (p *disclosurePage) Duration(l *disclosure.Listed) string {
	switch {
	case l.Until == "":
		return translate(p.Lang, "disc.duration.none")
	case l.UntilExpiry:
		return translate(p.Lang, "disc.duration.expiry") + " (" + dayText(p.Lang, l.Until) + ")"
	}
	return translate(p.Lang, "disc.duration.until") + " " + dayText(p.Lang, l.Until)
}

// EntryDuration is how long an entered line stays published.
func (p *disclosurePage) EntryDuration(e *disclosure.Entry) string {
	if e.Duration == "" {
		return translate(p.Lang, "disc.duration.none")
	}
	return e.Duration
}

// Query is the address of the catalogue for a year (0: every year).
func (p *disclosurePage) Query(year int) string {
	if year == 0 {
		return p.Link("/tiep-can-thong-tin")
	}
	return p.Link("/tiep-can-thong-tin") + "?nam=" + strconv.Itoa(year)
}

// File is the address of a download of the catalogue of the page's year.
func (p *disclosurePage) File(ext string) string {
	u := p.Link("/tiep-can-thong-tin/danh-muc." + ext)
	if p.Year != 0 {
		u += "?nam=" + strconv.Itoa(p.Year)
	}
	return u
}

// disclosureOf reads the catalogue of the request's site: the year
// (?nam=, 0 = every year), the page of generated lines (?trang=; limit
// lines from offset, one more to know whether a next page exists), the
// entries of the year and the focal point.
func (s *Server) disclosureOf(r *http.Request, limit, offset int) (*disclosurePage, error) {
	ctx, st, lang := r.Context(), siteOf(r), langOf(r)
	year := 0
	if v := r.URL.Query().Get("nam"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 1945 || y > 2200 {
			return nil, apperr.Field("nam", "Năm không hợp lệ.", "Invalid year.")
		}
		year = y
	}
	_, secs, err := s.sections.Required(ctx, st)
	if err != nil {
		return nil, err
	}
	q := disclosure.Query{SiteID: st.ID, Year: year, Limit: limit + 1, Offset: offset}
	for _, sec := range secs {
		q.Sections = append(q.Sections, sec.Slug)
	}
	ds := disclosure.NewStore(s.db, s.now)
	lines, err := ds.Generated(ctx, q)
	if err != nil {
		return nil, err
	}
	entries, err := ds.Entries(ctx, st.ID, year)
	if err != nil {
		return nil, err
	}
	contact, err := ds.ContactOf(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	p := &disclosurePage{Page: s.publicPage(r, translate(lang, "disc.title")), Contact: contact, Lines: lines, Entries: entries, Year: year}
	if len(lines) > limit {
		p.Lines, p.Truncated = lines[:limit], true
	}
	this := s.now().In(vn.ICT).Year()
	for y := this; y > this-10; y-- {
		p.Years = append(p.Years, y)
	}
	tagPage(r, siteTag(st.ID))
	return p, nil
}

// disclosurePublic serves /tiep-can-thong-tin: the focal point for
// information requests, the catalogue generated from the published
// items, a page at a time, and the entries published elsewhere.
func (s *Server) disclosurePublic(w http.ResponseWriter, r *http.Request) error {
	n := pageNumber(r.URL.Query().Get("trang"))
	p, err := s.disclosureOf(r, disclosurePer, (n-1)*disclosurePer)
	if err != nil {
		return err
	}
	p.PageNo = n
	page := func(k int) string {
		u := p.Query(p.Year)
		sep := "?"
		if p.Year != 0 {
			sep = "&"
		}
		return u + sep + "trang=" + strconv.Itoa(k)
	}
	if n > 1 {
		p.Prev = page(n - 1)
	}
	if p.Truncated {
		p.Next, p.Truncated = page(n+1), false
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/disclosure", p)
}

// disclosureFile serves the catalogue of a year (or of every year) as
// XLSX (Decree 30/2020's presentation, the documents package) or CSV
// (UTF-8, for other systems): the generated lines, then the entries.
func (s *Server) disclosureFile(w http.ResponseWriter, r *http.Request) error {
	p, err := s.disclosureOf(r, disclosureFileMax, 0)
	if err != nil {
		return err
	}
	ext := r.URL.Path[strings.LastIndexByte(r.URL.Path, '.')+1:]
	name := "danh-muc-thong-tin-cong-khai-" + p.Site.Code
	if p.Year != 0 {
		name += "-" + strconv.Itoa(p.Year)
	}
	rows := disclosureRows(p)
	if ext == "csv" {
		var buf bytes.Buffer
		buf.WriteString("\ufeff") // spreadsheet programs then read the file as UTF-8
		if err := csv.NewWriter(&buf).WriteAll(append([][]string{disclosureHeader(p.Lang)}, rows...)); err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
		_, err := w.Write(buf.Bytes())
		return err
	}
	return s.writeRoyaltyDoc(w, ext, name+"."+ext, disclosureDoc(p, rows, s))
}

// disclosureHeader is the columns of the catalogue (Decree 13/2018 Art.
// 6(3)).
func disclosureHeader(lang string) []string {
	return []string{pick(lang, "STT", "No."), pick(lang, "Tên thông tin", "Information"), pick(lang, "Số, ký hiệu", "Number"),
		pick(lang, "Ngày tạo ra", "Made on"), pick(lang, "Hình thức công khai", "Form of publication"),
		pick(lang, "Thời điểm công khai", "Published on"), pick(lang, "Thời hạn công khai", "Published until"),
		pick(lang, "Địa chỉ truy cập, tải về", "Address")}
}

// disclosureRows are the lines of a download: the generated ones with
// their absolute addresses, then the entries.
func disclosureRows(p *disclosurePage) [][]string {
	var rows [][]string
	n := 0
	for _, l := range p.Lines {
		n++
		rows = append(rows, []string{strconv.Itoa(n), l.Name, l.Number, p.Day(l.CreatedOn), p.Form(l), p.PublishedOn(l), p.Duration(l), p.Base + p.ItemURL(l)})
	}
	for _, e := range p.Entries {
		n++
		link := e.URL
		if strings.HasPrefix(link, "/") {
			link = p.Base + link
		}
		rows = append(rows, []string{strconv.Itoa(n), e.Name, e.Number, p.Day(e.CreatedOn), e.Form, p.Day(e.PublishedOn), p.EntryDuration(e), link})
	}
	return rows
}

// disclosureDoc is the catalogue as an official document.
func disclosureDoc(p *disclosurePage, rows [][]string, s *Server) *document.Doc {
	lang := p.Lang
	period := pick(lang, "tất cả các năm", "every year")
	if p.Year != 0 {
		period = pick(lang, "năm ", "year ") + strconv.Itoa(p.Year)
	}
	d := royaltyDocHead(p.Site, p.Main, lang, pick(lang, "DANH MỤC THÔNG TIN PHẢI ĐƯỢC CÔNG KHAI", "CATALOGUE OF INFORMATION TO BE PUBLISHED"), period, s.now())
	widths := []float64{0.5, 4, 1.6, 1.4, 2.2, 1.4, 1.6, 3}
	tab := document.Table{}
	for i, h := range disclosureHeader(lang) {
		tab.Columns = append(tab.Columns, document.Column{Title: h, Width: widths[i]})
	}
	for _, row := range rows {
		tab.Rows = append(tab.Rows, document.Row{Cells: row})
	}
	d.Blocks = append(d.Blocks, tab)
	if c := p.Contact; !c.Empty() {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: pick(lang, "Đầu mối cung cấp thông tin: ", "Focal point for information requests: ") +
			strings.Join(nonEmpty(c.Unit, c.Person, c.Position, c.Phone, c.Email, c.Address), "; ")})
	}
	if p.Truncated {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: fmt.Sprintf(pick(lang, "Danh mục có hơn %d dòng: chọn từng năm để tải đủ.",
			"The catalogue has more than %d lines: download it year by year."), disclosureFileMax), Italic: true})
	}
	return d
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
