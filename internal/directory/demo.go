package directory

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// FillDemo gives the demonstration portal (internal/demo) its directory:
// two units of the main portal with a leader each, a spokesperson of the
// provincial People's Committee and one of the department of science and
// technology, a spokesperson delegated for one case, and an appointment
// entered but not yet posted (the 24-hour alert). The names are invented.
func FillDemo(ctx context.Context, db *store.DB, now func() time.Time, mainID, deptID int64, by audit.Actor) error {
	s := NewStore(db, now)
	for _, x := range []struct {
		unit   Unit
		leader Person
	}{
		{Unit{SiteID: mainID, Name: "Văn phòng UBND tỉnh", Kind: "Văn phòng", Position: 1,
			Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 403", Email: "vanphong@dongnai.gov.vn",
			Functions: "Tham mưu, giúp việc Ủy ban nhân dân tỉnh; tổ chức hoạt động chung của Ủy ban nhân dân tỉnh."},
			Person{Title: "Chánh Văn phòng", FullName: "Nguyễn Văn A", Phone: "0251 3822 404", Email: "nva@dongnai.gov.vn", Leader: true}},
		{Unit{SiteID: mainID, Name: "Ban Tiếp công dân", Kind: "Ban", Position: 2,
			Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 500", Email: "tiepcongdan@dongnai.gov.vn",
			Functions: "Tiếp công dân, tiếp nhận khiếu nại, tố cáo, kiến nghị, phản ánh."},
			Person{Title: "Trưởng ban", FullName: "Trần Thị B", Phone: "0251 3822 501", Email: "ttb@dongnai.gov.vn", Leader: true}},
	} {
		u := x.unit
		if err := s.SaveUnit(ctx, &u, by); err != nil {
			return err
		}
		p := x.leader
		p.SiteID, p.UnitID = mainID, u.ID
		if err := s.SavePerson(ctx, &p, by); err != nil {
			return err
		}
	}
	at := func(day string, hour int) *time.Time {
		t, _ := time.ParseInLocation(DateLayout, day, vn.ICT)
		t = t.Add(time.Duration(hour) * time.Hour)
		return &t
	}
	today := now().In(vn.ICT)
	recent := today.Add(-20 * time.Hour) // an entry still inside its 24 hours, to show the alert
	for _, sp := range []Spokesperson{
		{SiteID: mainID, FullName: "Lê Văn C", Title: "Phó Chánh Văn phòng UBND tỉnh", Phone: "0912 345 678",
			Email: "phatngon@dongnai.gov.vn", Decision: "1234/QĐ-UBND", DecidedAt: at("2026-06-30", 15), AppointedOn: "2026-07-01", Publish: true},
		{SiteID: mainID, Kind: Delegated, FullName: "Võ Minh E", Title: "Phó Giám đốc Sở Nông nghiệp và Môi trường", Phone: "0914 222 333",
			Email: "vme@dongnai.gov.vn", Decision: "88/UQ-UBND", DecidedAt: &recent, AppointedOn: today.AddDate(0, 0, -1).Format(DateLayout),
			ValidUntil: today.AddDate(0, 1, 0).Format(DateLayout), DelegatedBy: "Chủ tịch UBND tỉnh",
			Case: "Thông tin về tình hình ngập úng sau mưa lớn", Publish: true},
		{SiteID: deptID, FullName: "Phạm Thị D", Title: "Phó Giám đốc Sở Khoa học và Công nghệ", Phone: "0913 456 789",
			Email: "phatngon.khcn@dongnai.gov.vn", Decision: "56/QĐ-SKHCN", DecidedAt: at("2026-07-14", 10), AppointedOn: "2026-07-15", Publish: true},
		{SiteID: deptID, FullName: "Đỗ Văn G", Title: "Chánh Văn phòng Sở Khoa học và Công nghệ", Phone: "0915 111 222",
			Email: "dvg.khcn@dongnai.gov.vn", Decision: "97/QĐ-SKHCN", DecidedAt: &recent, AppointedOn: today.Format(DateLayout)},
	} {
		if err := s.SaveSpokesperson(ctx, &sp, by); err != nil {
			return err
		}
	}
	return nil
}
