package web

// The interface text of the ratings: the control on every item page and
// the editors' page.
func init() {
	for k, v := range map[string][2]string{
		"rating.question":  {"Thông tin này có hữu ích không?", "Was this information useful?"},
		"rating.yes":       {"Có", "Yes"},
		"rating.no":        {"Không", "No"},
		"rating.comment":   {"Góp ý thêm (không bắt buộc, tối đa 500 ký tự)", "Anything to add? (optional, up to 500 characters)"},
		"rating.privacy":   {"Không cần đăng nhập. Cổng không lưu địa chỉ hay danh tính của người đánh giá.", "No account needed. The portal keeps neither the address nor the identity of who rates."},
		"rating.thanks":    {"Cảm ơn bạn đã đánh giá. Ý kiến của bạn đã được gửi tới Ban Biên tập.", "Thank you for rating this page. Your answer has reached the editorial board."},
		"rating.staff":     {"Đánh giá của bạn đọc", "Readers' ratings"},
		"rating.lead":      {"Câu trả lời cho câu hỏi “Thông tin này có hữu ích không?” trong 30 ngày qua, và các góp ý kèm theo. Bạn đọc không đăng nhập; cổng không lưu địa chỉ của họ.", "Answers to “Was this information useful?” over the last 30 days, and the comments sent with them. Readers do not sign in; the portal keeps no address."},
		"rating.total":     {"Số lượt đánh giá", "Answers"},
		"rating.useful":    {"Hữu ích", "Useful"},
		"rating.notuseful": {"Không hữu ích", "Not useful"},
		"rating.byitem":    {"Theo tin, bài", "By item"},
		"rating.item":      {"Tin, bài", "Item"},
		"rating.none":      {"Chưa có đánh giá trong 30 ngày qua.", "No answers in the last 30 days."},
		"rating.comments":  {"Góp ý của bạn đọc", "Readers' comments"},
		"rating.nocomment": {"Chưa có góp ý.", "No comments yet."},
		"rating.when":      {"Thời gian (theo giờ)", "When (to the hour)"},
		"rating.answer":    {"Trả lời", "Answer"},
		"rating.text":      {"Góp ý", "Comment"},
		"rating.state":     {"Sàng lọc", "Screening"},
		"rating.received":  {"Đã nhận", "Received"},
		"rating.held":      {"Tạm giữ: có từ ngữ bị cấm", "Held: names a prohibited term"},
	} {
		messages[k] = v
	}
}
