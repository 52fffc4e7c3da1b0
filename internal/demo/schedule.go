package demo

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/schedule"
	"github.com/congportal/cong/internal/vn"
)

// The province's leaders' working schedule for the current week of the
// demo's clock, published, with one change made after publication. The
// names are made up; the titles are those of a provincial people's
// committee.
func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"schedule", fillSchedule})
}

func fillSchedule(ctx context.Context, env *fillEnv) error {
	main := env.sites["dong-nai"]
	week := schedule.WeekOf(env.now())
	days := schedule.Days(week)
	// The week was entered and published on the Friday before, at 16:00;
	// the change below came on its Monday at 07:30.
	friday, _ := time.ParseInLocation(schedule.DayLayout, schedule.AddWeeks(week, -1), vn.ICT)
	at := friday.AddDate(0, 0, 4).Add(16 * time.Hour)
	ss := schedule.NewStore(env.db, func() time.Time { return at })
	editor := audit.Actor{Name: "bientap.demo", IP: "local"}
	head := audit.Actor{Name: "truongban", IP: "local"}
	chu, pho1, pho2 := "Hoàng Văn K", "Phan Thị L", "Đặng Văn M"
	const chuT, phoT = "Chủ tịch UBND tỉnh", "Phó Chủ tịch UBND tỉnh"
	vp := "Văn phòng UBND tỉnh"
	entries := []*schedule.Entry{
		{Day: days[0], Start: "07:30", End: "09:00", Leader: chu, Title: chuT, Content: "Chào cờ đầu tuần và họp giao ban Thường trực Ủy ban nhân dân tỉnh",
			Place: "Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh", Chair: chuT, Participants: "Các Phó Chủ tịch UBND tỉnh; Chánh Văn phòng UBND tỉnh",
			Unit: vp, Recurring: true},
		{Day: days[0], Start: "14:00", End: "16:30", Leader: pho1, Title: phoT, Content: "Làm việc với Sở Xây dựng về tiến độ các dự án giao thông trọng điểm",
			Place: "Phòng họp số 2, trụ sở Ủy ban nhân dân tỉnh", Chair: phoT + " " + pho1, Participants: "Lãnh đạo Sở Xây dựng, Sở Tài chính; Ban Quản lý dự án tỉnh",
			Unit: "Sở Xây dựng"},
		{Day: days[1], Start: "08:00", Leader: chu, Title: chuT, Content: "Tiếp công dân định kỳ",
			Place: "Trụ sở Tiếp công dân tỉnh", Chair: chuT, Participants: "Ban Tiếp công dân tỉnh; Thanh tra tỉnh; các sở, ngành liên quan", Unit: "Ban Tiếp công dân tỉnh"},
		{Day: days[1], Start: "14:00", End: "17:00", Leader: pho2, Title: phoT, Content: "Kiểm tra công tác phòng, chống dịch bệnh trên đàn gia súc tại các xã phía Bắc",
			Place: "Các xã phía Bắc tỉnh", Participants: "Sở Nông nghiệp và Môi trường; Ủy ban nhân dân các xã", Unit: "Sở Nông nghiệp và Môi trường"},
		{Day: days[2], Start: "08:00", End: "11:30", Leader: chu, Title: chuT, Content: "Phiên họp thường kỳ Ủy ban nhân dân tỉnh tháng này",
			Place: "Hội trường A, trụ sở Ủy ban nhân dân tỉnh", Chair: chuT, Participants: "Thành viên Ủy ban nhân dân tỉnh; thủ trưởng các sở, ngành", Unit: vp},
		{Day: days[3], Start: "09:00", End: "11:00", Leader: pho1, Title: phoT, Content: "Đối thoại với doanh nghiệp về thủ tục đầu tư và đất đai",
			Place: "Trung tâm Hành chính công tỉnh", Chair: phoT + " " + pho1, Participants: "Hiệp hội Doanh nghiệp tỉnh; Sở Tài chính; Sở Nông nghiệp và Môi trường",
			Unit: "Sở Tài chính", Note: "Doanh nghiệp đăng ký câu hỏi trước qua Trung tâm Hành chính công tỉnh."},
		{Day: days[4], Start: "14:00", End: "16:00", Leader: pho2, Title: phoT, Content: "Họp Ban Chỉ đạo chuyển đổi số tỉnh",
			Place: "Phòng họp trực tuyến, trụ sở Ủy ban nhân dân tỉnh", Chair: phoT + " " + pho2, Participants: "Thành viên Ban Chỉ đạo", Unit: "Sở Khoa học và Công nghệ"},
		{Day: days[4], Start: "16:30", Leader: chu, Title: chuT, Content: "Họp Thường trực Ủy ban nhân dân tỉnh cho ý kiến lịch công tác tuần sau",
			Place: "Phòng họp số 1, trụ sở Ủy ban nhân dân tỉnh", Unit: vp, Recurring: true},
	}
	for _, e := range entries {
		e.SiteID, e.Week = main, week
		if err := ss.Save(ctx, e, editor); err != nil {
			return err
		}
	}
	if err := ss.Publish(ctx, main, week, head); err != nil {
		return err
	}
	// Changed after publication: the field trip moved to the afternoon
	// of Wednesday.
	// (or a minute ago, if the demo's clock is earlier on that Monday).
	at = at.AddDate(0, 0, 2).Add(15*time.Hour + 30*time.Minute)
	if now := env.now().Add(-time.Minute); now.Before(at) {
		at = now
	}
	moved := *entries[3]
	moved.Day, moved.Start, moved.End = days[2], "14:00", "17:00"
	moved.Week = ""
	return ss.Save(ctx, &moved, editor)
}
