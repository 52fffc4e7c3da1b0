package web

import (
	"context"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/royalty"
	"github.com/congportal/cong/internal/site"
)

// royaltyFigures are the royalties in an activity report (issue 19,
// point 5; royalty.Store.Figures): for the report's period, approved and
// still to pay, paid, and closed as unclaimed (gone to next year's
// fund), with the number of lines and of authors — in total, per site in
// the province's report, per kind of work and per month.
//
// They are shown to whoever holds royalty.manage (the site's accountant
// and board) or oversight.read on a site, counting those sites only; to
// nobody else, and so not in the letters of the periodic reports, read
// without a viewer. A figure links to the site's payment list of the
// period (of the month, for a month's) when the viewer may open it
// (royalty.manage on that site).
func (s *Server) royaltyFigures(ctx context.Context, sc report.Scope) (*report.Table, error) {
	u, _ := ctx.Value(keyUser).(*account.User)
	main := s.resolver.Main()
	if u == nil || main == nil {
		return nil, nil
	}
	var sites []*site.Site
	var ids []int64
	manages := map[int64]bool{}
	for _, st := range sc.Sites {
		m := u.Can(st.ID, main.ID, account.ManageRoyalties)
		if m || u.Can(st.ID, main.ID, account.ReadAllOversight) {
			sites, ids = append(sites, st), append(ids, st.ID)
			manages[st.ID] = m
		}
	}
	if len(sites) == 0 {
		return nil, nil
	}
	fig, err := s.royaltyLists().Figures(ctx, ids, sc.Period)
	if err != nil {
		return nil, err
	}
	lang := sc.Lang
	list := func(st *site.Site, period string) string {
		if st == nil || !manages[st.ID] {
			return ""
		}
		return "/quan-tri/s/" + st.Code + "/nhuan-but?ky=" + period
	}
	var only *site.Site // the site of a one-site report: its lists open from every figure
	if len(sites) == 1 {
		only = sites[0]
	}
	t := &report.Table{Title: pick(lang, "Nhuận bút", "Royalties"), Columns: []string{
		pick(lang, "Trang, loại tác phẩm, tháng", "Site, kind of work, month"),
		pick(lang, "Đã duyệt, chưa chi (đồng)", "Approved, to pay (VND)"),
		pick(lang, "Đã chi (đồng)", "Paid (VND)"),
		pick(lang, "Chuyển quỹ năm sau, tác giả không nhận (đồng)", "Unclaimed, to next year's fund (VND)"),
		pick(lang, "Số dòng", "Lines"),
		pick(lang, "Số tác giả", "Authors"),
	}}
	row := func(label string, f royalty.Figure, link string) {
		t.Lines = append(t.Lines, report.Line{Label: label, Link: link, Cells: []string{groupedDong(lang, f.Approved),
			groupedDong(lang, f.Paid), groupedDong(lang, f.Unclaimed), groupedDong(lang, int64(f.Lines)), groupedDong(lang, int64(f.Authors))}})
	}
	row(pick(lang, "Tổng cộng", "Total"), fig.Total, list(only, sc.Period.Value))
	if sc.Province {
		byID := make(map[int64]*site.Site, len(sites))
		for _, st := range sites {
			byID[st.ID] = st
		}
		for _, f := range fig.BySite {
			if st := byID[f.SiteID]; st != nil {
				row(st.DisplayName(lang), f, list(st, sc.Period.Value))
			}
		}
	}
	names := &royaltyText{lang: lang}
	for _, f := range fig.ByKind {
		row(pick(lang, "Loại tác phẩm: ", "Kind of work: ")+names.KindName(f.Key), f, list(only, sc.Period.Value))
	}
	for _, f := range fig.ByMonth {
		label := f.Key
		if len(label) == 7 { // YYYY-MM
			label = label[5:] + "/" + label[:4]
		}
		row(pick(lang, "Tháng ", "Month ")+label, f, list(only, f.Key))
	}
	return t, nil
}
