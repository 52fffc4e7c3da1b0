package audit

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/apperr"
)

// refusals names what a person was refused, as a "denied" entry records
// it in its detail: a right of the role matrix (account.Action), or the
// page or step a handler refused by its own name. A refused step whose
// code is also an action of the log (item.save, role.grant…) or a
// workflow step (submit → item.submit) is named by that action.
// TestEveryRefusalIsNamed finds the codes in the source.
var refusals = map[string]apperr.Msg{
	// The rights of the role matrix (internal/account/matrix.go).
	"content.write":    {VI: "Viết bài", EN: "Write drafts"},
	"content.submit":   {VI: "Gửi bài đi biên tập", EN: "Send drafts for editing"},
	"content.edit":     {VI: "Biên tập bài của người khác", EN: "Edit others' items"},
	"content.return":   {VI: "Trả lại bài", EN: "Return items"},
	"content.approve":  {VI: "Duyệt đăng bài", EN: "Approve for publication"},
	"content.publish":  {VI: "Đăng, gỡ bài", EN: "Publish and unpublish"},
	"content.override": {VI: "Đăng khi bài chưa đạt kiểm tra", EN: "Publish over failed checks"},
	"content.check":    {VI: "Kiểm tra bài sau khi đăng", EN: "Check items after publication"},
	"feedback.intake":  {VI: "Tiếp nhận, phân loại phản ánh", EN: "Register and classify requests"},
	"feedback.route":   {VI: "Giao phản ánh cho đơn vị", EN: "Assign requests to units"},
	"feedback.answer":  {VI: "Trả lời phản ánh giao đơn vị", EN: "Answer a unit's requests"},
	"feedback.approve": {VI: "Duyệt trả lời phản ánh", EN: "Approve answers"},
	"inbox.submit":     {VI: "Đề xuất bài lên cổng chính", EN: "Propose items to the main portal"},
	"inbox.accept":     {VI: "Nhận hoặc trả lại bài đề xuất", EN: "Accept or return proposals"},
	"consult.manage":   {VI: "Lấy ý kiến dự thảo", EN: "Run consultations"},
	"gazette.read":     {VI: "Xem trang Công báo của cán bộ", EN: "Open the gazette's staff pages"},
	"consult.read":     {VI: "Xem trang lấy ý kiến dự thảo của trang", EN: "Open the site's consultation pages"},
	"consult.approve":  {VI: "Duyệt bản tổng hợp tiếp thu, giải trình", EN: "Approve consultation syntheses"},
	"gazette.intake":   {VI: "Tiếp nhận văn bản đăng Công báo", EN: "Receive documents for the gazette"},
	"gazette.publish":  {VI: "Phát hành số Công báo", EN: "Publish gazette issues"},
	"royalty.own":      {VI: "Xem nhuận bút của mình", EN: "See one's royalties"},
	"royalty.manage":   {VI: "Quản lý nhuận bút", EN: "Manage royalties"},
	"report.read":      {VI: "Xem báo cáo của trang", EN: "Read the site's reports"},
	"board.manage":     {VI: "Giao, thu hồi vai trò Ban Biên tập", EN: "Grant and revoke board roles"},
	"team.manage":      {VI: "Giao, thu hồi vai trò trong nhóm biên tập", EN: "Grant and revoke team roles"},
	"site.manage":      {VI: "Quản lý các trang thông tin", EN: "Manage sites"},
	"user.manage":      {VI: "Quản lý người dùng", EN: "Manage users"},
	"backup.run":       {VI: "Sao lưu, khôi phục", EN: "Back up and restore"},
	"settings.manage":  {VI: "Sửa thiết lập, bộ quy định", EN: "Change settings and rule sets"},
	"audit.read":       {VI: "Xem nhật ký hệ thống", EN: "Read the audit log"},
	"oversight.read":   {VI: "Theo dõi hoạt động mọi trang", EN: "Oversee every site"},
	// Pages and steps refused by name (s.deny in internal/web).
	"calendar.read":     {VI: "Xem lịch nghỉ lễ, Tết", EN: "Open the holiday calendar"},
	"calendar.save":     {VI: "Sửa lịch nghỉ lễ, Tết", EN: "Change the holiday calendar"},
	"calendar.remove":   {VI: "Xóa ngày nghỉ", EN: "Remove a holiday"},
	"content.read":      {VI: "Xem bài của trang", EN: "Open the site's items"},
	"item.restore":      {VI: "Khôi phục phiên bản cũ của bài", EN: "Restore an earlier revision"},
	"rules.read":        {VI: "Xem bộ quy định", EN: "Open the rule sets"},
	"feedback.read":     {VI: "Xem phản ánh, kiến nghị", EN: "Open citizens' requests"},
	"sections.read":     {VI: "Xem chuyên mục bắt buộc", EN: "Open the required sections"},
	"directory.read":    {VI: "Xem cơ cấu tổ chức (quản trị)", EN: "Open the directory (staff)"},
	"directory.save":    {VI: "Sửa cơ cấu tổ chức", EN: "Edit the directory"},
	"directory.publish": {VI: "Đăng thông tin người phát ngôn", EN: "Post a spokesperson"},
}

// Refusal is the name of what a "denied" entry's detail says was
// refused, and whether it has one.
func Refusal(code, lang string) (string, bool) {
	if m, ok := refusals[code]; ok {
		return m.In(lang), true
	}
	if Known(code) {
		return Label(code, lang), true
	}
	if Known("item." + code) { // a workflow step
		return Label("item."+code, lang), true
	}
	return code, false
}

// The details the account package writes in English for the log.
var (
	wrongRE   = regexp.MustCompile(`^(wrong password|wrong code|unknown user) (\d+)/(\d+)(, locked)?$`)
	leftRE    = regexp.MustCompile(`^left (\d+)$`)
	removedRE = regexp.MustCompile(`^(\d+) second factors removed$`)
)

// Detail is an entry's detail for people in lang: what a refusal
// refused, how many failures led to a lock, how many recovery codes are
// left, a feedback step refused. Details that are free text (a title, a
// reason, a note) are shown as they are.
func Detail(action, detail, lang string) string {
	vi := lang != "en"
	switch action {
	case "denied":
		if name, ok := Refusal(detail, lang); ok {
			return name
		}
	case "feedback.denied":
		if Known("feedback." + detail) {
			return Label("feedback."+detail, lang)
		}
	case "login.fail", "totp.fail", "login.locked":
		switch detail {
		case "disabled":
			return pickLang(vi, "tài khoản đã bị khóa", "the account is disabled")
		case "unknown user":
			return pickLang(vi, "tên đăng nhập không có", "no such username")
		}
		if m := wrongRE.FindStringSubmatch(detail); m != nil {
			var what string
			switch m[1] {
			case "wrong password":
				what = pickLang(vi, "sai mật khẩu", "wrong password")
			case "wrong code":
				what = pickLang(vi, "sai mã xác thực", "wrong code")
			default:
				what = pickLang(vi, "tên đăng nhập không có", "no such username")
			}
			out := fmt.Sprintf("%s, %s/%s %s", what, m[2], m[3], pickLang(vi, "lần", "times"))
			if m[4] != "" {
				out += pickLang(vi, ", đã tạm khóa", ", locked")
			}
			return out
		}
	case "totp.recovery":
		if m := leftRE.FindStringSubmatch(detail); m != nil {
			return pickLang(vi, "còn "+m[1]+" mã dự phòng chưa dùng", m[1]+" recovery codes left")
		}
	case "totp.forget-key":
		if m := removedRE.FindStringSubmatch(detail); m != nil {
			n, _ := strconv.Atoi(m[1])
			return pickLang(vi, fmt.Sprintf("đã xóa xác thực hai bước của %d tài khoản", n), fmt.Sprintf("%d second factors removed", n))
		}
	case "feedback.view":
		if detail == "personal data shown" {
			return pickLang(vi, "đã hiện thông tin cá nhân của người gửi", "the sender's personal data shown")
		}
	case "csrf.reject":
		if origin, ok := strings.CutPrefix(detail, "origin="); ok {
			if origin == "" {
				return pickLang(vi, "không rõ trang gửi", "no origin given")
			}
			return pickLang(vi, "gửi từ ", "sent from ") + origin
		}
	}
	return detail
}

func pickLang(vi bool, v, e string) string {
	if vi {
		return v
	}
	return e
}
