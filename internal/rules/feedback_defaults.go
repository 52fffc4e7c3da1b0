package rules

// The deadlines of citizen feedback (issue 6), sets of kind "feedback":
//
//	feedback.forward               classify, and forward what is outside
//	                               competence, within 5 working days of
//	                               reception (Decree 20/2008 Art. 9)
//	feedback.answer                answer (or a progress notice) within 15
//	                               working days: Decree 43/2011 Art. 17(1)(đ)
//	                               from 01/08/2011 to 15/08/2022; before and
//	                               after, no text gives a number (REQ-48) and
//	                               the platform keeps 15 as its default
//	feedback.answer.<category>     the answer deadline of one category
//	feedback.forward.<category>    (REQ-48: configurable per category; the
//	                               category's slug, e.g. vuong-mac); without
//	                               it, feedback.answer / feedback.forward
//	feedback.remind                remind the unit this long before a deadline
//	feedback.retention             erase a closed request's contacts this long
//	                               after it closed (Law 91/2025: no longer
//	                               than needed)
//
// The set in force on the day a request arrives applies to it for good.
// Administrators edit the values and supersede a set from a date in the
// rule-set pages; the unit of each (working days, calendar days, hours)
// is part of the rule.

// KindFeedback is the kind of the feedback deadline sets.
const KindFeedback = "feedback"

// Codes of the default feedback sets.
const (
	FeedbackDecree20 = "feedback-nd20-2008" // Decree 20/2008 alone, until Decree 43/2011 took effect
	FeedbackDecree43 = "feedback-nd43-2011" // with Decree 43/2011's 15 working days, 01/08/2011–15/08/2022
	FeedbackCurrent  = "feedback-nd20-2022" // since Decree 43/2011 ended: 15 working days kept as the default
)

const decree20 = "Nghị định 20/2008/NĐ-CP"

// feedbackCommon are the rules every feedback set has but the answer.
func feedbackCommon(answer *Rule) []*Rule {
	return []*Rule{
		{Key: "feedback.forward", Value: "5", Unit: WorkingDays, Note: decree20 + " Điều 9: phân loại, chuyển cơ quan có thẩm quyền trong 05 ngày làm việc kể từ ngày tiếp nhận"},
		answer,
		{Key: "feedback.remind", Value: "2", Unit: WorkingDays, Note: "Nhắc đơn vị trước thời hạn"},
		{Key: "feedback.retention", Value: "730", Unit: CalendarDays, Note: "Xóa thông tin liên hệ của người gửi sau khi đã đóng phản ánh (Luật 91/2025: lưu không quá thời gian cần thiết)"},
	}
}

// feedbackDefaults are the feedback sets; Defaults appends them.
func feedbackDefaults() []*Set {
	const pdp = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15"
	return []*Set{
		{Code: FeedbackDecree20, Kind: KindFeedback, Name: "Thời hạn xử lý phản ánh, kiến nghị theo Nghị định 20/2008 (lịch sử)",
			Source:    decree20 + " Điều 9 (chuyển trong 05 ngày làm việc; ký ngày 14/02/2008); nghị định không quy định thời hạn trả lời (REQ-48)",
			ValidFrom: "2008-02-14", ValidTo: "2011-08-01", Rules: feedbackCommon(
				&Rule{Key: "feedback.answer", Value: "15", Unit: WorkingDays, Note: "Nghị định 20/2008 không quy định thời hạn trả lời (REQ-48: chưa tìm thấy): mặc định của Cổng, sửa được"})},
		{Code: FeedbackDecree43, Kind: KindFeedback, Name: "Thời hạn xử lý phản ánh, kiến nghị và hỏi đáp theo Nghị định 43/2011 (lịch sử)",
			Source:    decree20 + " Điều 9 (chuyển trong 05 ngày làm việc); " + decree43 + " Điều 17 khoản 1 điểm đ (trả lời trong 15 ngày làm việc; có hiệu lực từ 01/08/2011, được thay thế từ 15/08/2022)",
			ValidFrom: "2011-08-01", ValidTo: "2022-08-15", Rules: feedbackCommon(
				&Rule{Key: "feedback.answer", Value: "15", Unit: WorkingDays, Note: decree43 + " Điều 17 khoản 1 điểm đ: trả lời hoặc thông báo tiến độ trong 15 ngày làm việc"})},
		{Code: FeedbackCurrent, Kind: KindFeedback, Name: "Thời hạn xử lý phản ánh, kiến nghị và hỏi đáp",
			Source: decree20 + " Điều 9 (chuyển trong 05 ngày làm việc); thời hạn trả lời: Nghị định 42/2022/NĐ-CP và " + decree224 +
				" không quy định số ngày (REQ-48, REQ-49), giữ 15 ngày làm việc của " + decree43 + " làm mặc định; " + pdp,
			ValidFrom: "2022-08-15", Rules: feedbackCommon(
				&Rule{Key: "feedback.answer", Value: "15", Unit: WorkingDays, Note: "Trả lời hoặc thông báo tiến độ trong 15 ngày làm việc kể từ ngày tiếp nhận (mặc định theo mức cũ của Nghị định 43/2011, sửa được; thêm feedback.answer.<nhóm> cho từng nhóm nội dung)"})},
	}
}
