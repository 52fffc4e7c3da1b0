package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the electronic gazette (internal/gazette), added to the
// list at start.
func init() {
	for _, a := range []action{
		{"gazette.receive", apperr.Msg{VI: "Công báo: tiếp nhận văn bản", EN: "Gazette: document received"}},
		{"gazette.override", apperr.Msg{VI: "Công báo: cho đăng văn bản chưa xác thực chữ ký số", EN: "Gazette: unverified signature accepted"}},
		{"gazette.format", apperr.Msg{VI: "Công báo: đặt mẫu số Công báo", EN: "Gazette: issue numbering set"}},
		{"gazette.issue", apperr.Msg{VI: "Công báo: lập số Công báo", EN: "Gazette: issue prepared"}},
		{"gazette.publish", apperr.Msg{VI: "Công báo: phát hành số Công báo", EN: "Gazette: issue published"}},
		{"gazette.withdraw", apperr.Msg{VI: "Công báo: thu hồi văn bản", EN: "Gazette: document withdrawn"}},
		{"gazette.remove", apperr.Msg{VI: "Công báo: bỏ văn bản khỏi số đang chuẩn bị", EN: "Gazette: document taken out of an issue"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
