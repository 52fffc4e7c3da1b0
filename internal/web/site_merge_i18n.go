package web

// The interface text of site merges, merged into the catalogue at start.
func init() {
	for k, v := range map[string][2]string{
		"site.merge": {"Sáp nhập trang", "Merge sites"},
		"site.merge.lead": {"Theo quyết định sắp xếp đơn vị hành chính hoặc tổ chức lại cơ quan, các trang được chọn chuyển toàn bộ nội dung, chuyên mục, văn bản, cơ cấu tổ chức, người phát ngôn, tệp, phản ánh kiến nghị (giữ nguyên thời hạn; người gửi được báo qua thư), dự thảo lấy ý kiến, hồ sơ phát ngôn, đánh giá của bạn đọc, số lượt xem, đăng ký nhận báo cáo, người dùng và vai trò vào trang này. Mọi địa chỉ cũ chuyển hướng vĩnh viễn (301) tới nơi mới. Hãy xem trước rồi mới sáp nhập.",
			"Following a decision that reorganises the administrative units or the agencies, the chosen sites pass all their content, sections, documents, directory, spokespersons, files, feedback (deadlines kept; senders told by mail), consultations, spokesperson records, readers' ratings, page views, report subscriptions, users and roles to this site. Every old address redirects permanently (301) to its new place. Preview first, then merge."},
		"site.merge.sources":       {"Các trang được sáp nhập", "Sites to merge"},
		"site.merge.none":          {"Không có trang nào có thể sáp nhập vào trang này.", "No site can be merged into this one."},
		"site.merge.mode":          {"Cách sáp nhập chuyên mục", "What becomes of their sections"},
		"site.merge.preview":       {"Xem trước", "Preview"},
		"site.merge.go":            {"Sáp nhập", "Merge"},
		"site.merge.done":          {"Đã sáp nhập. Các địa chỉ cũ chuyển hướng tới trang này.", "Merged. The old addresses redirect to this site."},
		"site.merge.plan":          {"Xem trước việc sáp nhập", "Preview of the merge"},
		"site.merge.nothing":       {"Chưa thay đổi gì. Bấm “Sáp nhập” để thực hiện.", "Nothing has changed yet. Press “Merge” to carry it out."},
		"site.merge.counts":        {"Số liệu", "Figures"},
		"site.merge.what":          {"Nội dung", "What"},
		"site.merge.number":        {"Số lượng", "Number"},
		"site.merge.conflicts":     {"Vướng mắc", "Conflicts"},
		"site.merge.roles":         {"Người dùng và vai trò", "Users and roles"},
		"site.merge.paths":         {"Địa chỉ thay đổi", "Addresses that change"},
		"site.merge.paths.rest":    {"Mọi địa chỉ khác giữ nguyên đường dẫn dưới địa chỉ của trang nhận.", "Every other address keeps its path under the receiving site's address."},
		"site.merge.paths.more":    {"địa chỉ khác (xem bằng lệnh cong site merge)", "more addresses (see them with cong site merge)"},
		"site.merge.old":           {"Địa chỉ cũ", "Old address"},
		"site.merge.new":           {"Địa chỉ mới", "New address"},
		"site.merge.why":           {"Lý do", "Why"},
		"site.merge.already":       {"Đã sáp nhập trước đó.", "Already merged."},
		"site.merge.history":       {"Các lần sáp nhập vào trang này", "Merges into this site"},
		"site.merge.history.none":  {"Chưa có trang nào được sáp nhập vào trang này.", "No site has been merged into this one."},
		"site.merge.state.done":    {"Đã xong", "Done"},
		"site.merge.state.running": {"Đang dở (chạy lại để hoàn tất)", "Unfinished (run it again to finish)"},
		"site.merged.into":         {"Đã sáp nhập vào", "Merged into"},
		"site.merged.from":         {"Các trang đã hợp nhất vào trang này", "Sites merged into this one"},
		"site.merged.on":           {"từ", "from"},
		"site.merged.by":           {"theo", "under"},
	} {
		messages[k] = v
	}
}
