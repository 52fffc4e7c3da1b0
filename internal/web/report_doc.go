package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/site"
)

// reportDoc is the report as an official document (Decree 30/2020's
// presentation, internal/document): the same figures as the page.
func reportDoc(p *reportPage, main *site.Site, now time.Time) *document.Doc {
	lang := p.Lang
	a := p.A
	agency := p.Site.Name
	parent := ""
	if main != nil && p.Site.ID != main.ID {
		parent = main.Name
	}
	title := pick(lang, "BÁO CÁO HOẠT ĐỘNG CỔNG THÔNG TIN ĐIỆN TỬ", "ACTIVITY REPORT OF THE E-INFORMATION PORTAL")
	d := &document.Doc{ParentAgency: strings.ToUpper(parent), Agency: strings.ToUpper(agency), Place: provinceOf(main), Date: now,
		Title: title, Subtitle: strings.ToUpper(p.Period.Label(lang)[:1]) + p.Period.Label(lang)[1:], Language: lang}
	if !p.Province {
		d.Subtitle += "\n" + p.Site.Name
	}
	n := func(v int) string { return strconv.Itoa(v) }
	two := []document.Column{{Title: pick(lang, "Nội dung", "Figure"), Width: 4}, {Title: pick(lang, "Số lượng", "Number"), Width: 1, Align: document.Right}}
	add := func(heading string, rows [][2]string) {
		d.Blocks = append(d.Blocks, document.Heading{Text: heading})
		t := document.Table{Columns: two}
		for _, r := range rows {
			t.Rows = append(t.Rows, document.Row{Cells: []string{r[0], r[1]}})
		}
		d.Blocks = append(d.Blocks, t)
	}
	var pub [][2]string
	pub = append(pub, [2]string{pick(lang, "Tổng số tin, bài đăng mới", "Items first published"), n(a.Total)})
	for _, k := range a.Published {
		pub = append(pub, [2]string{"  " + k.Kind.Label(lang), n(k.N)})
	}
	add(pick(lang, "1. Thông tin được đăng", "1. Publications"), pub)
	if p.Province {
		t := document.Table{Columns: []document.Column{{Title: pick(lang, "Trang", "Site"), Width: 4},
			{Title: pick(lang, "Tin, bài", "Items"), Width: 1, Align: document.Right}, {Title: pick(lang, "Lượt xem", "Views"), Width: 1, Align: document.Right}}}
		for _, s := range a.BySite {
			t.Rows = append(t.Rows, document.Row{Cells: []string{s.Site.Name, n(s.Published), n(s.Views)}})
		}
		d.Blocks = append(d.Blocks, document.Heading{Text: pick(lang, "2. Theo từng trang", "2. By site")}, t)
	}
	if len(a.Sections) > 0 {
		t := document.Table{Columns: []document.Column{{Title: pick(lang, "Chuyên mục", "Section"), Width: 4},
			{Title: pick(lang, "Tin, bài", "Items"), Width: 1, Align: document.Right}, {Title: pick(lang, "Lượt xem", "Views"), Width: 1, Align: document.Right}}}
		for _, s := range a.Sections {
			name := s.Name
			if p.Province {
				name += " (" + s.Site + ")"
			}
			t.Rows = append(t.Rows, document.Row{Cells: []string{name, n(s.Published), n(s.Views)}})
		}
		d.Blocks = append(d.Blocks, document.Heading{Text: pick(lang, "3. Theo chuyên mục", "3. By section")}, t)
	}
	if f := a.Required; f.Judged {
		add(pick(lang, "4. Chuyên mục bắt buộc và thời hạn đăng (từng tin, bài tạo trong kỳ)", "4. Required sections and posting deadlines (each item created in the period)"), [][2]string{
			{pick(lang, "Tạo trong kỳ", "Created in the period"), n(f.Created)},
			{pick(lang, "Đăng đúng hạn", "Posted on time"), n(f.OnTime)},
			{pick(lang, "Đăng trễ hạn", "Posted late"), n(f.Late)},
			{pick(lang, "Quá hạn chưa đăng", "Overdue, not posted"), n(f.Overdue)},
			{pick(lang, "Chưa đến hạn", "Not yet due"), n(f.Waiting)},
			{pick(lang, "Chuyên mục chưa có trên trang", "Sections the site lacks"), n(f.Missing)},
			{pick(lang, "Chuyên mục chưa có thông tin", "Sections with nothing online"), n(f.Empty)},
		})
		t := document.Table{Columns: []document.Column{{Title: pick(lang, "Chuyên mục", "Section"), Width: 4},
			{Title: pick(lang, "Tạo", "Created"), Width: 1, Align: document.Right}, {Title: pick(lang, "Đúng hạn", "On time"), Width: 1, Align: document.Right},
			{Title: pick(lang, "Trễ hạn", "Late"), Width: 1, Align: document.Right}, {Title: pick(lang, "Quá hạn", "Overdue"), Width: 1, Align: document.Right}}}
		if p.Province {
			t.Columns[0].Title = pick(lang, "Trang", "Site")
			for _, x := range f.BySite() {
				t.Rows = append(t.Rows, document.Row{Cells: []string{x.Site, n(x.Created), n(x.OnTime), n(x.Late), n(x.Overdue)}})
			}
		} else {
			for _, x := range f.Flagged() {
				name := x.Name
				switch {
				case x.Missing:
					name += pick(lang, " (chưa có chuyên mục)", " (no such section)")
				case x.Empty:
					name += pick(lang, " (chưa có thông tin)", " (nothing online)")
				}
				t.Rows = append(t.Rows, document.Row{Cells: []string{name, n(x.Created), n(x.OnTime), n(x.Late), n(x.Overdue)}})
			}
		}
		if len(t.Rows) > 0 {
			d.Blocks = append(d.Blocks, t)
		}
	}
	add(pick(lang, "5. Thời gian duyệt (từ khi gửi đến khi đăng)", "5. Approval time (submitted to published)"), [][2]string{
		{pick(lang, "Số tin, bài", "Items"), n(a.Approval.N)},
		{pick(lang, "Trung vị (giờ)", "Median (hours)"), p.Hours(a.Approval.Median)},
		{pick(lang, "90% tin, bài được duyệt trong (giờ)", "90th percentile (hours)"), p.Hours(a.Approval.P90)},
	})
	add(pick(lang, "6. Kiểm tra sau đăng", "6. Post-publication checks"), [][2]string{
		{pick(lang, "Đến hạn trong kỳ", "Due in the period"), n(a.Checks.Due)},
		{pick(lang, "Đã kiểm tra đúng hạn", "Checked on time"), n(a.Checks.Done)},
		{pick(lang, "Kiểm tra trễ hạn", "Checked late"), n(a.Checks.Late)},
		{pick(lang, "Quá hạn chưa kiểm tra", "Overdue, not checked"), n(a.Checks.Overdue)},
	})
	add(pick(lang, "7. Phản ánh lỗi của bạn đọc", "7. Readers' error reports"), [][2]string{
		{pick(lang, "Tiếp nhận", "Received"), n(a.Errors.Received)}, {pick(lang, "Đã xử lý", "Resolved"), n(a.Errors.Resolved)},
	})
	fb := [][2]string{
		{pick(lang, "Tiếp nhận trong kỳ", "Received in the period"), n(a.Feedback.Received)},
		{pick(lang, "Trả lời đúng hạn", "Answered on time"), n(a.Feedback.OnTime)},
		{pick(lang, "Trả lời trễ hạn", "Answered late"), n(a.Feedback.Late)},
		{pick(lang, "Đang xử lý", "Open"), n(a.Feedback.Open)},
		{pick(lang, "Quá hạn chưa trả lời", "Overdue"), n(a.Feedback.Overdue)},
	}
	add(pick(lang, "8. Phản ánh, kiến nghị của người dân", "8. Citizens' feedback"), fb)
	if len(a.Feedback.Units) > 0 {
		t := document.Table{Columns: []document.Column{{Title: pick(lang, "Đơn vị", "Unit"), Width: 3},
			{Title: pick(lang, "Tiếp nhận", "Received"), Width: 1, Align: document.Right}, {Title: pick(lang, "Đúng hạn", "On time"), Width: 1, Align: document.Right},
			{Title: pick(lang, "Trễ hạn", "Late"), Width: 1, Align: document.Right}, {Title: pick(lang, "Đang xử lý", "Open"), Width: 1, Align: document.Right}}}
		for _, u := range a.Feedback.Units {
			name := u.Unit
			if name == "" {
				name = pick(lang, "(chưa giao đơn vị)", "(no unit)")
			}
			t.Rows = append(t.Rows, document.Row{Cells: []string{name, n(u.Received), n(u.OnTime), n(u.Late), n(u.Open)}})
		}
		d.Blocks = append(d.Blocks, t)
	}
	add(pick(lang, "9. Lấy ý kiến dự thảo và Công báo", "9. Consultations and the gazette"), [][2]string{
		{pick(lang, "Dự thảo mở lấy ý kiến", "Drafts opened for comments"), n(a.Consult.Opened)},
		{pick(lang, "Ý kiến góp ý nhận được", "Comments received"), n(a.Consult.Comments)},
		{pick(lang, "Văn bản đăng Công báo", "Documents published in the gazette"), n(a.Gazette)},
	})
	views := [][2]string{{pick(lang, "Tổng lượt xem trang", "Page views"), n(a.Views.Total)}}
	for _, it := range a.Views.Items {
		views = append(views, [2]string{"  " + it.Title, n(it.Views)})
	}
	add(pick(lang, "10. Lượt truy cập (không dùng cookie, không lưu địa chỉ)", "10. Traffic (no cookies, no addresses kept)"), views)
	for i, x := range a.Extras {
		if len(x.Columns) > 0 { // a table: the labels, then each line's cells
			t := document.Table{Columns: []document.Column{{Title: x.Columns[0], Width: 3}}}
			for _, c := range x.Columns[1:] {
				t.Columns = append(t.Columns, document.Column{Title: c, Width: 1, Align: document.Right})
			}
			for _, l := range x.Lines {
				t.Rows = append(t.Rows, document.Row{Cells: append([]string{l.Label}, l.Cells...)})
			}
			d.Blocks = append(d.Blocks, document.Heading{Text: fmt.Sprintf("%d. %s", 11+i, x.Title)}, t)
			continue
		}
		var rows [][2]string
		for _, l := range x.Lines {
			v := n(l.N)
			if l.Of > 0 {
				v = fmt.Sprintf("%d/%d", l.N, l.Of)
			}
			rows = append(rows, [2]string{l.Label, v})
		}
		add(fmt.Sprintf("%d. %s", 11+i, x.Title), rows)
	}
	return d
}
