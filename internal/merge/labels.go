package merge

import (
	"github.com/congportal/cong/internal/apperr"
)

// Line is one figure of a preview, with its label.
type Line struct {
	Label string
	N     int
}

// Lines are the counts as a preview shows them, in lang.
func (c Counts) Lines(lang string) []Line {
	all := []struct {
		m apperr.Msg
		n int
	}{
		{apperr.Msg{VI: "Bài, trang (tất cả)", EN: "Items (all)"}, c.Items},
		{apperr.Msg{VI: "Bài đang đăng", EN: "Items published"}, c.Live},
		{apperr.Msg{VI: "Văn bản pháp luật", EN: "Legal documents"}, c.Legal},
		{apperr.Msg{VI: "Chuyên mục", EN: "Sections"}, c.Categories},
		{apperr.Msg{VI: "Chuyên mục nhập vào chuyên mục cùng địa chỉ", EN: "Sections joining one of the same address"}, c.CategoriesJoined},
		{apperr.Msg{VI: "Tệp, ảnh", EN: "Files, images"}, c.Media},
		{apperr.Msg{VI: "Tệp đã có trên trang nhận", EN: "Files already on the receiving site"}, c.MediaShared},
		{apperr.Msg{VI: "Đơn vị trong cơ cấu tổ chức", EN: "Units of the directory"}, c.Units},
		{apperr.Msg{VI: "Cán bộ trong danh bạ", EN: "People of the directory"}, c.People},
		{apperr.Msg{VI: "Người phát ngôn", EN: "Spokespersons"}, c.Spokespersons},
		{apperr.Msg{VI: "Phản ánh, kiến nghị đang xử lý", EN: "Feedback open"}, c.FeedbackOpen},
		{apperr.Msg{VI: "Phản ánh, kiến nghị đã đóng", EN: "Feedback closed"}, c.FeedbackClosed},
		{apperr.Msg{VI: "Người gửi được báo qua thư điện tử", EN: "Senders told by mail"}, c.Senders},
		{apperr.Msg{VI: "Dự thảo lấy ý kiến", EN: "Drafts for consultation"}, c.Drafts},
		{apperr.Msg{VI: "Ý kiến góp ý", EN: "Comments"}, c.Comments},
		{apperr.Msg{VI: "Văn bản Công báo", EN: "Gazette documents"}, c.GazetteDocs},
		{apperr.Msg{VI: "Người dùng có vai trò", EN: "People with a role"}, c.Users},
		{apperr.Msg{VI: "Vai trò", EN: "Roles"}, c.Roles},
		{apperr.Msg{VI: "Mục trong chỉ mục tìm kiếm", EN: "Search entries"}, c.SearchDocs},
		{apperr.Msg{VI: "Đánh giá mức độ hài lòng của người đọc", EN: "Readers' satisfaction ratings"}, c.Ratings},
		{apperr.Msg{VI: "Đánh giá có kèm ý kiến", EN: "Ratings with a comment"}, c.RatingComments},
		{apperr.Msg{VI: "Họp báo, cung cấp thông tin cho báo chí", EN: "Press conferences and briefings"}, c.Conferences},
		{apperr.Msg{VI: "Sự kiện, vấn đề bất ngờ, đột xuất", EN: "Unexpected events"}, c.Events},
		{apperr.Msg{VI: "Câu hỏi, yêu cầu cung cấp thông tin của báo chí", EN: "Questions from the press"}, c.PressQuestions},
		{apperr.Msg{VI: "Văn bản đề nghị cải chính", EN: "Correction requests"}, c.Corrections},
		{apperr.Msg{VI: "Lượt xem trang (cộng vào số liệu của trang nhận)", EN: "Page views (added to the receiving site's)"}, c.PageViews},
		{apperr.Msg{VI: "Địa chỉ có lượt xem được đổi theo địa chỉ mới", EN: "Counted addresses mapped to their new address"}, c.ViewPaths},
		{apperr.Msg{VI: "Đăng ký nhận báo cáo định kỳ", EN: "Subscriptions to periodic reports"}, c.Subscriptions},
		{apperr.Msg{VI: "Đăng ký trùng với đăng ký trên trang nhận (bỏ)", EN: "Subscriptions already held on the receiving site (dropped)"}, c.SubscriptionsDropped},
		{apperr.Msg{VI: "Thủ tục hành chính", EN: "Administrative procedures"}, c.Procedures},
		{apperr.Msg{VI: "Thủ tục cùng mã đã có trên trang nhận (cộng số liệu)", EN: "Procedures of a code the receiving site lists (figures added)"}, c.ProceduresShared},
		{apperr.Msg{VI: "Kênh thông tin chính thức", EN: "Official channels"}, c.Channels},
		{apperr.Msg{VI: "Mục trong danh mục thông tin phải công khai", EN: "Entries of the disclosure catalogue"}, c.Disclosure},
		{apperr.Msg{VI: "Mục trong lịch công tác", EN: "Entries of the leaders' schedule"}, c.ScheduleEntries},
		{apperr.Msg{VI: "Người nhận tin qua thư điện tử (được báo qua thư)", EN: "Mail subscribers (told by mail)"}, c.Subscribers},
		{apperr.Msg{VI: "Dòng nhuận bút", EN: "Royalty lines"}, c.RoyaltyLines},
	}
	out := make([]Line, 0, len(all))
	for _, x := range all {
		out = append(out, Line{x.m.In(lang), x.n})
	}
	return out
}

// Label says what becomes of the role, in lang.
func (r RoleMove) Label(lang string) string {
	from := r.Role.Label(lang)
	switch {
	case r.To == "":
		return from + apperr.Msg{VI: ": đã có trên trang nhận", EN: ": already held on the receiving site"}.In(lang)
	case r.To != r.Role:
		return from + " → " + r.To.Label(lang) + apperr.Msg{VI: " (trang nhận đã có người giữ)", EN: " (the receiving site has one)"}.In(lang)
	}
	return from + apperr.Msg{VI: ": giữ nguyên trên trang nhận", EN: ": kept on the receiving site"}.In(lang)
}
