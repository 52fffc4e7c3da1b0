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
		"q.fb.from":       {"Gửi đến", "Sent to"},
		"rc.title":        {"Mã dự phòng", "Recovery codes"},
		"rc.warning": {"Hãy lưu ngay 10 mã dự phòng này: in ra hoặc chép vào nơi an toàn, tách khỏi điện thoại. Trang này chỉ hiện các mã một lần; cổng chỉ giữ bản băm của chúng nên không thể cho xem lại.",
			"Keep these 10 recovery codes now: print them or copy them somewhere safe, apart from your phone. This page shows them once; the portal keeps only their hashes and cannot show them again."},
		"rc.use": {"Mất điện thoại thì đăng nhập bằng một mã trong số này thay cho mã 6 chữ số. Mỗi mã dùng được một lần. Tạo bộ mã mới ở trang Tài khoản của tôi; bộ cũ khi đó hết hiệu lực.",
			"If you lose your phone, sign in with one of these instead of the 6-digit code. Each code works once. Make a new set from My account; the old set then stops working."},
		"rc.print":       {"Để in: dùng lệnh In của trình duyệt (Ctrl+P); bản in chỉ có các mã và lời dặn.", "To print: use the browser's Print command (Ctrl+P); the printout holds the codes and this advice only."},
		"rc.done":        {"Tôi đã lưu các mã, vào trang quản trị", "I have kept the codes: go to the dashboard"},
		"rc.left":        {"Mã dự phòng chưa dùng", "Unused recovery codes"},
		"rc.renew":       {"Tạo bộ mã dự phòng mới", "Make new recovery codes"},
		"rc.renew.help":  {"Bộ mã cũ sẽ hết hiệu lực. Nhập mã 6 chữ số đang hiển thị trên ứng dụng xác thực để xác nhận.", "The old set stops working. Enter the 6-digit code your authenticator app shows to confirm."},
		"rc.signin":      {"Dùng mã dự phòng", "Use a recovery code"},
		"rc.signin.help": {"Mất điện thoại? Nhập một mã dự phòng (dạng xxxxx-xxxxx) đã nhận khi thiết lập xác thực hai bước. Mỗi mã dùng được một lần.", "Lost your phone? Enter one of the recovery codes (xxxxx-xxxxx) you were given when you set up two-step verification. Each works once."},
		"rc.code":        {"Mã dự phòng", "Recovery code"},
		"rc.low":         {"Sắp hết mã dự phòng: hãy tạo bộ mới.", "Few recovery codes left: make a new set."},
	} {
		messages[k] = v
	}
}
