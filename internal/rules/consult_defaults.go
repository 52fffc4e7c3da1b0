package rules

// The dated rules of draft consultation (issue 14), sets of kind "consult":
//
//	consult.min_period     the shortest time a draft stays open for comment
//	                       on the portal, in calendar days (Law 64/2025: 20;
//	                       Law 80/2015 Art. 57(2): 60)
//	consult.remind         remind the unit that receives comments this long
//	                       before the period ends
//	consult.handle_remind  remind it this long after closing while comments
//	                       still wait for their handling (tiếp thu, giải trình)
//
// The set in force on the day a draft opens applies to that draft for good.

// KindConsult is the kind of the consultation sets.
const KindConsult = "consult"

// Codes of the default consultation sets.
const (
	ConsultLaw64 = "consult-law64-2025"
	ConsultLaw80 = "consult-law80-2015"
)

func consultDefaults() []*Set {
	const law64 = "Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15"
	const law80 = "Luật Ban hành văn bản quy phạm pháp luật 80/2015/QH13"
	reminders := func() []*Rule {
		return []*Rule{
			{Key: "consult.remind", Value: "3", Unit: CalendarDays, Note: "Nhắc đơn vị tiếp nhận ý kiến trước khi hết thời hạn lấy ý kiến (mặc định, sửa được)"},
			{Key: "consult.handle_remind", Value: "7", Unit: CalendarDays, Note: "Nhắc đơn vị khi còn ý kiến chưa được tiếp thu, giải trình sau khi hết thời hạn (mặc định, sửa được)"},
		}
	}
	return []*Set{
		{Code: ConsultLaw64, Kind: KindConsult, Name: "Thời hạn lấy ý kiến dự thảo văn bản quy phạm pháp luật",
			Source:    law64 + " (đăng tải dự thảo trên cổng thông tin điện tử ít nhất 20 ngày; công khai việc tiếp thu, giải trình); Nghị định 78/2025/NĐ-CP",
			ValidFrom: "2025-04-01", Rules: append([]*Rule{
				{Key: "consult.min_period", Value: "20", Unit: CalendarDays, Note: law64 + ": thời gian đăng tải lấy ý kiến ít nhất 20 ngày, trừ trường hợp xây dựng, ban hành theo trình tự, thủ tục rút gọn"},
			}, reminders()...)},
		{Code: ConsultLaw80, Kind: KindConsult, Name: "Thời hạn lấy ý kiến dự thảo theo Luật 80/2015 (lịch sử)",
			Source:    law80 + " Điều 57 khoản 2 (hết hiệu lực từ 01/04/2025)",
			ValidFrom: "2016-07-01", ValidTo: "2025-04-01", Rules: append([]*Rule{
				{Key: "consult.min_period", Value: "60", Unit: CalendarDays, Note: law80 + " Điều 57 khoản 2: đăng tải toàn văn dự thảo trong thời gian ít nhất 60 ngày"},
			}, reminders()...)},
	}
}
