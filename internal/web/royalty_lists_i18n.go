package web

// The interface text of the royalty payment lists and statements.
func init() {
	for k, v := range map[string][2]string{
		"rlist.title":          {"Bảng kê thanh toán nhuận bút, thù lao", "Royalty payment list"},
		"rlist.mine":           {"Nhuận bút, thù lao của tôi", "My royalties"},
		"rlist.period":         {"Kỳ (theo ngày đăng lần đầu)", "Period (by first publication)"},
		"rlist.download":       {"Tải về", "Download"},
		"rlist.none":           {"Không có dòng nhuận bút đã duyệt nào trong kỳ này.", "No approved royalty line in this period."},
		"rlist.no":             {"TT", "No."},
		"rlist.site":           {"Trang", "Site"},
		"rlist.item":           {"Tác phẩm", "Work"},
		"rlist.author":         {"Tác giả", "Author"},
		"rlist.taxcode":        {"Mã số thuế", "Tax code"},
		"rlist.bank":           {"Tài khoản", "Bank account"},
		"rlist.kind":           {"Thể loại", "Kind"},
		"rlist.coefficient":    {"Hệ số", "Coefficient"},
		"rlist.share":          {"Tỷ lệ", "Share"},
		"rlist.amount":         {"Số tiền (đồng)", "Amount (đồng)"},
		"rlist.state":          {"Trạng thái", "State"},
		"rlist.due":            {"Hạn chi trả", "Due"},
		"rlist.state.approved": {"Đã duyệt, chưa chi", "Approved, not paid"},
		"rlist.state.paid":     {"Đã chi", "Paid"},
		"rlist.subtotal":       {"Cộng", "Subtotal"},
		"rlist.total":          {"Tổng cộng", "Total"},
		"rlist.inwords":        {"Bằng chữ", "In words"},
		"rlist.paidpart":       {"Đã chi", "Paid"},
		"rlist.unpaid":         {"Số dòng chưa chi", "Lines not yet paid"},
		"rlist.pay":            {"Đánh dấu đã chi toàn bộ các dòng chưa chi của kỳ này", "Mark every unpaid line of this period paid"},
		"rlist.pay.confirm":    {"Tôi xác nhận đã chi trả đủ cho các tác giả trong danh sách này", "I confirm the authors of this list were paid in full"},
		"rlist.pay.note":       {"Thao tác được ghi vào nhật ký hệ thống và không hoàn tác được.", "This is written to the audit log and cannot be undone."},
		"rlist.marked":         {"Đã đánh dấu đã chi số dòng:", "Lines marked paid:"},
		"rlist.allpaid":        {"Mọi dòng của kỳ này đã chi.", "Every line of this period is paid."},
		"rlist.private":        {"Mã số thuế và tài khoản là dữ liệu cá nhân: chỉ kế toán, Ban Biên tập và tác giả được xem.", "Tax codes and bank details are personal data: only the accountant, the board and the author see them."},
		"rlist.mine.lead":      {"Nhuận bút, thù lao đã duyệt cho các tác phẩm của bạn đăng lần đầu trong kỳ, trên mọi trang.", "Approved royalties for your works first published in the period, on every site."},
		"rlist.pending":        {"Tin bài cần quyết định nhuận bút", "Items needing a royalty decision"},
	} {
		messages[k] = v
	}
}
