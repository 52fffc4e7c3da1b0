package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the leaders' weekly working schedule (internal/schedule,
// issue 20 point 3).
func init() {
	for _, a := range []action{
		{"schedule.entry.create", apperr.Msg{VI: "Lịch công tác: thêm mục", EN: "Working schedule: entry added"}},
		{"schedule.entry.update", apperr.Msg{VI: "Lịch công tác: sửa mục", EN: "Working schedule: entry changed"}},
		{"schedule.entry.remove", apperr.Msg{VI: "Lịch công tác: xóa mục chưa công bố", EN: "Working schedule: unpublished entry removed"}},
		{"schedule.entry.cancel", apperr.Msg{VI: "Lịch công tác: hủy mục đã công bố", EN: "Working schedule: published entry cancelled"}},
		{"schedule.week.publish", apperr.Msg{VI: "Lịch công tác: công bố lịch tuần", EN: "Working schedule: week published"}},
		{"schedule.week.copy", apperr.Msg{VI: "Lịch công tác: sao chép mục lặp lại từ tuần trước", EN: "Working schedule: recurring entries copied from last week"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	refusals["schedule.write"] = apperr.Msg{VI: "Lập, sửa lịch công tác của lãnh đạo", EN: "Enter or change the leaders' working schedule"}
	refusals["schedule.publish"] = apperr.Msg{VI: "Công bố lịch công tác tuần của lãnh đạo", EN: "Publish the leaders' weekly working schedule"}
}
