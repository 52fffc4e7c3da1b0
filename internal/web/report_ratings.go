package web

import (
	"context"
	"strconv"

	"github.com/congportal/cong/internal/report"
)

// figures are the readers' ratings in an activity report (issue 18,
// point 4): the answers in the period, "useful" out of all; for one
// site, per section and for the most rated items too. Each line opens
// the site's ratings and comments.
func (rs *ratingState) figures(ctx context.Context, sc report.Scope) (*report.Table, error) {
	ids := make([]int64, len(sc.Sites))
	for i, st := range sc.Sites {
		ids[i] = st.ID
	}
	totals, err := rs.store.Totals(ctx, ids, sc.Period.From, sc.Period.To)
	if err != nil {
		return nil, err
	}
	t := &report.Table{Title: pick(sc.Lang, "Mức hài lòng của bạn đọc", "Readers' satisfaction")}
	var yes, all int
	for _, c := range totals {
		yes, all = yes+c.Yes, all+c.Total()
	}
	link := func(code string) string { return "/quan-tri/s/" + code + "/danh-gia" }
	first := ""
	if len(sc.Sites) == 1 {
		first = link(sc.Sites[0].Code)
	}
	t.Lines = append(t.Lines, report.Line{Label: pick(sc.Lang, "Câu trả lời “có ích” trên tổng số câu trả lời", "“Useful” answers out of all answers"), N: yes, Of: all, Link: first})
	if sc.Province {
		for _, st := range sc.Sites {
			if c, ok := totals[st.ID]; ok {
				t.Lines = append(t.Lines, report.Line{Label: st.Name, N: c.Yes, Of: c.Total(), Link: link(st.Code)})
			}
		}
		return t, nil
	}
	if len(sc.Sites) != 1 {
		return t, nil
	}
	st := sc.Sites[0]
	cats, err := rs.store.ByCategory(ctx, st.ID, sc.Period.From, sc.Period.To)
	if err != nil {
		return nil, err
	}
	for _, c := range cats {
		name := c.Name
		if name == "" {
			name = pick(sc.Lang, "(không thuộc chuyên mục)", "(no section)")
		}
		t.Lines = append(t.Lines, report.Line{Label: pick(sc.Lang, "Chuyên mục ", "Section ") + name, N: c.Yes, Of: c.Yes + c.No, Link: first})
	}
	items, err := rs.store.ByItem(ctx, st.ID, sc.Period.From, sc.Period.To, 10)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		title := it.Title
		if title == "" {
			title = "#" + strconv.FormatInt(it.ItemID, 10)
		}
		t.Lines = append(t.Lines, report.Line{Label: title, N: it.Yes, Of: it.Yes + it.No, Link: "/quan-tri/s/" + st.Code + "/noi-dung/" + strconv.FormatInt(it.ItemID, 10)})
	}
	return t, nil
}
