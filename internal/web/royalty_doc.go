package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/site"
)

// writeRoyaltyDoc sends d as a file of the format ext (xlsx, docx, pdf).
func (s *Server) writeRoyaltyDoc(w http.ResponseWriter, ext, name string, d *document.Doc) error {
	f, ok := synthesisFormats[ext]
	if !ok {
		return errNotFound
	}
	var buf bytes.Buffer
	if err := f.write(&buf, d); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.mime)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}

// royaltyDocHead is the heading of a royalty document: the agency (the
// site, under the province's portal), place and date, title and period.
func royaltyDocHead(st, main *site.Site, lang, title, period string, now time.Time) *document.Doc {
	parent := ""
	if main != nil && st.ID != main.ID {
		parent = main.Name
	}
	if period != "" {
		period = strings.ToUpper(period[:1]) + period[1:]
	}
	return &document.Doc{ParentAgency: strings.ToUpper(parent), Agency: strings.ToUpper(st.Name), Place: provinceOf(main), Date: now,
		Title: title, Subtitle: period, Landscape: true, Language: lang}
}

// royaltyColumns are the columns of a line: the work, kind, coefficient,
// share, amount, due day and state; the payment list adds the author.
func royaltyColumns(lang string, site bool) []document.Column {
	cols := []document.Column{{Title: pick(lang, "TT", "No."), Width: 0.5, Align: document.Center}}
	if site {
		cols = append(cols, document.Column{Title: pick(lang, "Trang", "Site"), Width: 2})
	}
	return append(cols,
		document.Column{Title: pick(lang, "Tác phẩm", "Work"), Width: 4},
		document.Column{Title: pick(lang, "Thể loại", "Kind"), Width: 2},
		document.Column{Title: pick(lang, "Hệ số", "Coefficient"), Width: 1, Align: document.Right},
		document.Column{Title: pick(lang, "Tỷ lệ", "Share"), Width: 1, Align: document.Right},
		document.Column{Title: pick(lang, "Số tiền (đồng)", "Amount (đồng)"), Width: 1.6, Align: document.Right},
		document.Column{Title: pick(lang, "Hạn chi trả", "Due"), Width: 1.4},
		document.Column{Title: pick(lang, "Trạng thái", "State"), Width: 1.6})
}

func royaltyRow(t *royaltyText, n int, l *royalty.Line, site bool) document.Row {
	due := "—"
	if l.DueDay != "" {
		if d, err := time.Parse("2006-01-02", l.DueDay); err == nil {
			due = d.Format("02/01/2006")
		}
	}
	cells := []string{strconv.Itoa(n)}
	if site {
		cells = append(cells, t.SiteName(l.SiteID))
	}
	return document.Row{Cells: append(cells, t.ItemTitle(l.ItemID), t.KindName(l.Kind), t.Coef(l.Coefficient), t.Share(l.ShareBP),
		t.Money(l.Amount), due, t.State(l))}
}

// royaltyListDoc is a site's payment list of a period as an official
// document (Decree 30/2020's presentation): each author with tax code and
// bank details, their lines and total, then the list's total in figures
// and in words.
func royaltyListDoc(p *royaltyListPage, main *site.Site, now time.Time) *document.Doc {
	lang, t := p.Lang, p.royaltyText
	d := royaltyDocHead(p.Work, main, lang, pick(lang, "BẢNG KÊ THANH TOÁN NHUẬN BÚT, THÙ LAO", "ROYALTY AND FEE PAYMENT LIST"),
		p.Period.Label(lang), now)
	d.Subtitle += "\n" + p.Work.Name
	tab := document.Table{Columns: royaltyColumns(lang, false)}
	n := 0
	for _, a := range p.List.Authors {
		head := []string{a.Name}
		if p.Private {
			if a.TaxCode != "" {
				head = append(head, pick(lang, "Mã số thuế: ", "Tax code: ")+a.TaxCode)
			}
			if a.BankAccount != "" {
				head = append(head, pick(lang, "Tài khoản: ", "Account: ")+a.BankAccount+" — "+a.BankName)
			}
		}
		tab.Rows = append(tab.Rows, document.Row{Cells: []string{strings.Join(head, "; ")}, Group: true})
		for _, l := range a.Lines {
			n++
			tab.Rows = append(tab.Rows, royaltyRow(t, n, l, false))
		}
		tab.Rows = append(tab.Rows, document.Row{Cells: []string{"", pick(lang, "Cộng", "Subtotal") + ": " + a.Name, "", "", "", t.Money(a.Total), "", ""}, Bold: true})
	}
	tab.Rows = append(tab.Rows, document.Row{Cells: []string{"", pick(lang, "TỔNG CỘNG", "TOTAL"), "", "", "", t.Money(p.List.Total), "", ""}, Bold: true})
	d.Blocks = append(d.Blocks, tab,
		document.Paragraph{Text: pick(lang, "Tổng số tiền: ", "Total: ") + t.Money(p.List.Total) + pick(lang, " đồng", " đồng")},
		document.Paragraph{Text: pick(lang, "Bằng chữ: ", "In words: ") + p.List.TotalWords + ".", Italic: true})
	if p.List.Unpaid > 0 {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: fmt.Sprintf(pick(lang, "Số dòng chưa chi: %d.", "Lines not yet paid: %d."), p.List.Unpaid)})
	}
	if p.List.Unclaimed > 0 {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: fmt.Sprintf(pick(lang, "Không nhận, đã chuyển quỹ năm sau (không tính vào tổng cộng): %d dòng, %s đồng.",
			"Unclaimed, moved to next year's fund (not in the total): %d lines, %s đồng."), p.List.Unclaimed, t.Money(p.List.UnclaimedTotal))})
	}
	return d
}

// royaltyStatementDoc is an author's statement of a period, on every site.
func royaltyStatementDoc(p *royaltyMinePage, main *site.Site, now time.Time) *document.Doc {
	lang, t := p.Lang, p.royaltyText
	agency := main
	if agency == nil {
		agency = &site.Site{Name: "Cổng"}
	}
	d := royaltyDocHead(agency, main, lang, pick(lang, "SAO KÊ NHUẬN BÚT, THÙ LAO", "ROYALTY AND FEE STATEMENT"), p.Period.Label(lang), now)
	d.Subtitle += "\n" + pick(lang, "Tác giả: ", "Author: ") + p.St.Author.Name
	tab := document.Table{Columns: royaltyColumns(lang, true)}
	for i, l := range p.St.Lines {
		tab.Rows = append(tab.Rows, royaltyRow(t, i+1, l, true))
	}
	tab.Rows = append(tab.Rows, document.Row{Cells: []string{"", "", pick(lang, "TỔNG CỘNG", "TOTAL"), "", "", "", t.Money(p.St.Total), "", ""}, Bold: true})
	d.Blocks = append(d.Blocks, tab,
		document.Paragraph{Text: pick(lang, "Tổng số tiền: ", "Total: ") + t.Money(p.St.Total) + " đồng"},
		document.Paragraph{Text: pick(lang, "Bằng chữ: ", "In words: ") + p.St.TotalWords + ".", Italic: true},
		document.Paragraph{Text: pick(lang, "Đã chi: ", "Paid: ") + t.Money(p.St.Paid) + " đồng"})
	if p.St.Unclaimed > 0 {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: pick(lang, "Không nhận, đã chuyển quỹ năm sau (không tính vào tổng cộng): ",
			"Unclaimed, moved to next year's fund (not in the total): ") + t.Money(p.St.Unclaimed) + " đồng"})
	}
	return d
}
