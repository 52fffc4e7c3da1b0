package web

// The interface text of the staff pages added with issue 13, merged into
// the catalogue at start.
func init() {
	for k, v := range map[string][2]string{
		"roles.none":      {"Chưa có vai trò", "No role yet"},
		"q.fb.held":       {"Phản ánh bị giữ lại, chờ kiểm tra nội dung", "Requests held for review"},
		"q.fb.received":   {"Phản ánh mới, chờ vào sổ tiếp nhận", "New requests to register"},
		"q.fb.registered": {"Phản ánh đã vào sổ, chờ xác định thẩm quyền", "Registered requests to classify"},
		"q.fb.in_scope":   {"Phản ánh chờ giao đơn vị xử lý", "Requests to assign to a unit"},
		"q.fb.assigned":   {"Phản ánh giao đơn vị của bạn, chờ trả lời", "Requests assigned to your unit, to answer"},
		"q.fb.answered":   {"Trả lời phản ánh chờ duyệt", "Answers awaiting approval"},
		"q.fb.code":       {"Mã phản ánh", "Tracking code"},
		"q.fb.at":         {"Ngày nhận", "Received"},
		"q.fb.due":        {"Hạn xử lý", "Due"},
		"q.fb.all":        {"Xem tất cả", "See them all"},
	} {
		messages[k] = v
	}
}
