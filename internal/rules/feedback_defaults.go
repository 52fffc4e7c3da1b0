package rules

// The deadlines of citizen feedback (issue 6), a set of kind "feedback":
//
//	feedback.forward    classify, and forward what is outside competence,
//	                    within 5 working days of reception (Decree 20/2008 Art. 9)
//	feedback.answer     answer (or a progress notice) within 15 working days
//	                    (Decree 43/2011 Art. 17(1)(đ), the historic Q&A limit
//	                    kept as the default; REQ-48 found no newer number)
//	feedback.remind     remind the unit this long before a deadline
//	feedback.retention  erase a closed request's contacts this long after
//	                    it closed (Law 91/2025: no longer than needed)
//
// Administrators edit the values in the rule-set page; the unit of each
// (working days, calendar days, hours) is part of the rule.

// KindFeedback is the kind of the feedback deadline sets.
const KindFeedback = "feedback"

// FeedbackDecree20 is the code of the default feedback set.
const FeedbackDecree20 = "feedback-nd20-2008"

// feedbackDefaults are the feedback sets; Defaults appends them.
func feedbackDefaults() []*Set {
	const decree20 = "Nghị định 20/2008/NĐ-CP"
	return []*Set{{Code: FeedbackDecree20, Kind: KindFeedback, Name: "Thời hạn xử lý phản ánh, kiến nghị và hỏi đáp",
		Source:    decree20 + " Điều 9 (chuyển trong 05 ngày làm việc); " + decree43 + " Điều 17 khoản 1 điểm đ (trả lời trong 15 ngày làm việc); Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
		ValidFrom: "2008-02-14", Rules: []*Rule{
			{Key: "feedback.forward", Value: "5", Unit: WorkingDays, Note: decree20 + " Điều 9: phân loại, chuyển cơ quan có thẩm quyền trong 05 ngày làm việc kể từ ngày tiếp nhận"},
			{Key: "feedback.answer", Value: "15", Unit: WorkingDays, Note: "Trả lời hoặc thông báo tiến độ trong 15 ngày làm việc kể từ ngày tiếp nhận (mặc định, sửa được)"},
			{Key: "feedback.remind", Value: "2", Unit: WorkingDays, Note: "Nhắc đơn vị trước thời hạn"},
			{Key: "feedback.retention", Value: "730", Unit: CalendarDays, Note: "Xóa thông tin liên hệ của người gửi sau khi đã đóng phản ánh (Luật 91/2025: lưu không quá thời gian cần thiết)"},
		}}}
}
