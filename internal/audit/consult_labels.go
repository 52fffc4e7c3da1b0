package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of draft consultation (internal/consult), added to the
// list at start; kept here so the feature's codes read in one place.
func init() {
	for _, a := range []action{
		{"consult.create", apperr.Msg{VI: "Dự thảo: tạo mới", EN: "Draft created"}},
		{"consult.update", apperr.Msg{VI: "Dự thảo: sửa thông tin", EN: "Draft details changed"}},
		{"consult.version", apperr.Msg{VI: "Dự thảo: đăng phiên bản mới", EN: "Draft: new version"}},
		{"consult.open", apperr.Msg{VI: "Dự thảo: mở lấy ý kiến", EN: "Draft opened for comment"}},
		{"consult.close", apperr.Msg{VI: "Dự thảo: kết thúc lấy ý kiến sớm", EN: "Consultation closed early"}},
		{"consult.attach", apperr.Msg{VI: "Dự thảo: đính kèm tài liệu", EN: "Draft: document attached"}},
		{"consult.detach", apperr.Msg{VI: "Dự thảo: bỏ tài liệu đính kèm", EN: "Draft: attachment removed"}},
		{"consult.comment", apperr.Msg{VI: "Ý kiến góp ý dự thảo: tiếp nhận", EN: "Comment received"}},
		{"consult.enter", apperr.Msg{VI: "Ý kiến góp ý dự thảo: nhập ý kiến nhận ngoài cổng", EN: "Comment entered by staff"}},
		{"consult.moderate", apperr.Msg{VI: "Ý kiến góp ý dự thảo: kiểm duyệt", EN: "Comment moderated"}},
		{"consult.duplicate", apperr.Msg{VI: "Ý kiến góp ý dự thảo: gộp ý kiến trùng", EN: "Comment grouped as a duplicate"}},
		{"consult.handle", apperr.Msg{VI: "Ý kiến góp ý dự thảo: tiếp thu, giải trình", EN: "Comment handled"}},
		{"consult.erase", apperr.Msg{VI: "Ý kiến góp ý dự thảo: xóa thông tin liên hệ", EN: "Commenter's contacts erased"}},
		{"consult.view", apperr.Msg{VI: "Xem thông tin người góp ý", EN: "Commenter's details viewed"}},
		{"consult.publish", apperr.Msg{VI: "Dự thảo: duyệt, công khai bản tổng hợp tiếp thu, giải trình", EN: "Synthesis approved and published"}},
		{"consult.remind", apperr.Msg{VI: "Dự thảo: nhắc hạn", EN: "Consultation reminder"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
