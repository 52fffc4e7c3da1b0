package audit

import "github.com/congportal/cong/internal/apperr"

// action is one code the portal records, with its name for people.
type action struct {
	code string
	name apperr.Msg
}

// actions names every action the portal records, grouped as a reader of
// the log looks for them. TestEveryRecordedActionIsNamed finds the codes
// in the source and fails on one missing here.
var actions = []action{
	// Signing in and the second factor.
	{"login.ok", apperr.Msg{VI: "Đăng nhập", EN: "Signed in"}},
	{"login.fail", apperr.Msg{VI: "Đăng nhập không thành công", EN: "Failed sign-in"}},
	{"login.locked", apperr.Msg{VI: "Tạm khóa đăng nhập do sai nhiều lần", EN: "Sign-in locked after failures"}},
	{"logout", apperr.Msg{VI: "Đăng xuất", EN: "Signed out"}},
	{"logout.all", apperr.Msg{VI: "Đăng xuất khỏi mọi thiết bị", EN: "Signed out everywhere"}},
	{"session.expired", apperr.Msg{VI: "Phiên làm việc hết hạn", EN: "Session expired"}},
	{"totp.ok", apperr.Msg{VI: "Xác thực hai bước thành công", EN: "Second factor given"}},
	{"totp.fail", apperr.Msg{VI: "Nhập sai mã xác thực hai bước", EN: "Wrong second-factor code"}},
	{"totp.locked", apperr.Msg{VI: "Tạm khóa do sai mã xác thực nhiều lần", EN: "Locked after wrong codes"}},
	{"totp.enroll", apperr.Msg{VI: "Thiết lập xác thực hai bước", EN: "Second factor set up"}},
	{"totp.reenroll", apperr.Msg{VI: "Chuyển xác thực hai bước sang thiết bị mới", EN: "Second factor moved to a new device"}},
	{"totp.recovery", apperr.Msg{VI: "Đăng nhập bằng mã dự phòng", EN: "Signed in with a recovery code"}},
	{"totp.recovery.renew", apperr.Msg{VI: "Tạo bộ mã dự phòng mới", EN: "New recovery codes made"}},
	{"totp.reset", apperr.Msg{VI: "Quản trị viên đặt lại xác thực hai bước", EN: "Second factor reset by an administrator"}},
	{"totp.forget-key", apperr.Msg{VI: "Xóa mọi xác thực hai bước (mất tệp khóa)", EN: "Every second factor cleared (key file lost)"}},
	// Refusals.
	{"denied", apperr.Msg{VI: "Từ chối do không có quyền", EN: "Refused: not allowed"}},
	{"csrf.reject", apperr.Msg{VI: "Chặn yêu cầu gửi từ trang khác (CSRF)", EN: "Request from another site refused (CSRF)"}},
	// Accounts, roles, sites, settings.
	{"user.create", apperr.Msg{VI: "Tạo tài khoản", EN: "Account created"}},
	{"user.password", apperr.Msg{VI: "Đặt mật khẩu mới", EN: "Password set"}},
	{"user.disable", apperr.Msg{VI: "Khóa tài khoản", EN: "Account disabled"}},
	{"user.enable", apperr.Msg{VI: "Mở khóa tài khoản", EN: "Account enabled"}},
	{"role.grant", apperr.Msg{VI: "Giao vai trò", EN: "Role granted"}},
	{"role.revoke", apperr.Msg{VI: "Thu hồi vai trò", EN: "Role revoked"}},
	{"site.create", apperr.Msg{VI: "Tạo trang thông tin", EN: "Site created"}},
	{"site.update", apperr.Msg{VI: "Sửa trang thông tin", EN: "Site changed"}},
	{"site.archive", apperr.Msg{VI: "Lưu trữ trang thông tin", EN: "Site archived"}},
	{"rules.save", apperr.Msg{VI: "Sửa bộ quy định", EN: "Rule set saved"}},
	{"terms.set", apperr.Msg{VI: "Cập nhật danh sách từ cấm", EN: "Prohibited terms set"}},
	{"mail.retry", apperr.Msg{VI: "Gửi lại thư", EN: "Mail sent again"}},
	{"open311.key.issue", apperr.Msg{VI: "Cấp khóa Open311", EN: "Open311 key issued"}},
	{"open311.key.revoke", apperr.Msg{VI: "Thu hồi khóa Open311", EN: "Open311 key revoked"}},
	// Content and the editorial workflow.
	{"item.create", apperr.Msg{VI: "Tạo bài", EN: "Item created"}},
	{"item.save", apperr.Msg{VI: "Lưu bài", EN: "Item saved"}},
	{"item.conflict", apperr.Msg{VI: "Lưu bài trùng lúc người khác sửa (xung đột)", EN: "Conflicting save kept"}},
	{"item.import", apperr.Msg{VI: "Nhập bài từ tệp", EN: "Item imported"}},
	{"item.submit", apperr.Msg{VI: "Gửi biên tập", EN: "Sent for editing"}},
	{"item.send", apperr.Msg{VI: "Trình duyệt", EN: "Sent for approval"}},
	{"item.return", apperr.Msg{VI: "Trả lại bài", EN: "Item returned"}},
	{"item.approve", apperr.Msg{VI: "Duyệt đăng", EN: "Approved"}},
	{"item.publish", apperr.Msg{VI: "Đăng theo lịch", EN: "Published on schedule"}},
	{"item.correct", apperr.Msg{VI: "Đính chính nhỏ", EN: "Minor correction"}},
	{"item.unpublish", apperr.Msg{VI: "Gỡ bài", EN: "Unpublished"}},
	{"item.republish", apperr.Msg{VI: "Đăng lại", EN: "Republished"}},
	{"item.archive", apperr.Msg{VI: "Lưu trữ bài", EN: "Archived"}},
	{"item.accept", apperr.Msg{VI: "Nhận đăng bài đề xuất", EN: "Proposal accepted"}},
	{"item.postcheck", apperr.Msg{VI: "Kiểm tra sau khi đăng", EN: "Post-publication check"}},
	{"inbox.propose", apperr.Msg{VI: "Đề xuất đăng lên cổng chính", EN: "Proposed to the main portal"}},
	{"inbox.return", apperr.Msg{VI: "Cổng chính trả lại bài đề xuất", EN: "Proposal returned"}},
	{"report.resolve", apperr.Msg{VI: "Xử lý báo lỗi của bạn đọc", EN: "Reader's report resolved"}},
	{"category.save", apperr.Msg{VI: "Lưu chuyên mục", EN: "Category saved"}},
	{"media.upload", apperr.Msg{VI: "Tải tệp lên", EN: "File uploaded"}},
	{"media.alt", apperr.Msg{VI: "Sửa mô tả ảnh", EN: "Image description changed"}},
	{"legal.save", apperr.Msg{VI: "Lưu thông tin văn bản", EN: "Legal document saved"}},
	{"legal.relate", apperr.Msg{VI: "Thêm liên kết giữa văn bản", EN: "Document relation added"}},
	{"legal.unrelate", apperr.Msg{VI: "Bỏ liên kết giữa văn bản", EN: "Document relation removed"}},
	{"directory.unit.save", apperr.Msg{VI: "Lưu đơn vị trong cơ cấu tổ chức", EN: "Unit saved"}},
	{"directory.person.save", apperr.Msg{VI: "Lưu lãnh đạo, cán bộ", EN: "Person saved"}},
	{"directory.spokesperson.save", apperr.Msg{VI: "Lưu người phát ngôn", EN: "Spokesperson saved"}},
	{"directory.spokesperson.publish", apperr.Msg{VI: "Đăng thông tin người phát ngôn", EN: "Spokesperson posted"}},
	{"directory.statement", apperr.Msg{VI: "Ghi người phát ngôn của thông tin báo chí", EN: "Statement's spokesperson set"}},
	// Citizen feedback.
	{"feedback.submit", apperr.Msg{VI: "Tiếp nhận phản ánh, kiến nghị", EN: "Request received"}},
	{"feedback.view", apperr.Msg{VI: "Xem thông tin người gửi", EN: "Sender's details viewed"}},
	{"feedback.release", apperr.Msg{VI: "Phản ánh: bỏ giữ, tiếp nhận", EN: "Request released"}},
	{"feedback.register", apperr.Msg{VI: "Phản ánh: vào sổ tiếp nhận", EN: "Request registered"}},
	{"feedback.reject", apperr.Msg{VI: "Phản ánh: không tiếp nhận", EN: "Request rejected"}},
	{"feedback.forward", apperr.Msg{VI: "Phản ánh: chuyển cơ quan có thẩm quyền", EN: "Request forwarded"}},
	{"feedback.accept", apperr.Msg{VI: "Phản ánh: thuộc thẩm quyền", EN: "Request in scope"}},
	{"feedback.assign", apperr.Msg{VI: "Phản ánh: giao đơn vị xử lý", EN: "Request assigned to a unit"}},
	{"feedback.answer", apperr.Msg{VI: "Phản ánh: đơn vị trả lời", EN: "Request answered"}},
	{"feedback.return", apperr.Msg{VI: "Phản ánh: trả lại đơn vị", EN: "Answer returned to the unit"}},
	{"feedback.approve", apperr.Msg{VI: "Phản ánh: duyệt và công khai", EN: "Answer approved and published"}},
	{"feedback.close", apperr.Msg{VI: "Phản ánh: duyệt, không công khai", EN: "Answer approved, not published"}},
	{"feedback.merge", apperr.Msg{VI: "Phản ánh: gộp với phản ánh trùng", EN: "Request merged"}},
	{"feedback.note", apperr.Msg{VI: "Phản ánh: ghi chú nội bộ", EN: "Request: internal note"}},
	{"feedback.remind", apperr.Msg{VI: "Phản ánh: nhắc hạn", EN: "Request: deadline reminder"}},
	{"feedback.escalate", apperr.Msg{VI: "Phản ánh: quá hạn, báo cấp trên", EN: "Request overdue, escalated"}},
	{"feedback.erase", apperr.Msg{VI: "Phản ánh: xóa thông tin liên hệ người gửi", EN: "Sender's contacts erased"}},
	{"feedback.denied", apperr.Msg{VI: "Phản ánh: từ chối bước xử lý", EN: "Request step refused"}},
	{"feedback.liaison", apperr.Msg{VI: "Phân công đầu mối đơn vị", EN: "Unit liaison set"}},
	{"feedback.template", apperr.Msg{VI: "Sửa mẫu trả lời", EN: "Reply template saved"}},
}

var actionNames = func() map[string]apperr.Msg {
	m := make(map[string]apperr.Msg, len(actions))
	for _, a := range actions {
		m[a.code] = a.name
	}
	return m
}()

// Label is the name of an action code for people, in lang; an unknown
// code is shown as it is.
func Label(code, lang string) string {
	if m, ok := actionNames[code]; ok {
		return m.In(lang)
	}
	return code
}

// Known reports whether code is one of the actions the portal records.
func Known(code string) bool { _, ok := actionNames[code]; return ok }

// Actions lists every action code the portal records, in the order of
// the log's filter.
func Actions() []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		out[i] = a.code
	}
	return out
}
