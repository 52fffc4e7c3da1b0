package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the administrative procedures catalogue
// (internal/procedure, issue 20 point 1), added to the list at start.
func init() {
	for _, a := range []action{
		{"procedure.create", apperr.Msg{VI: "Thủ tục hành chính: thêm thủ tục", EN: "Administrative procedures: procedure added"}},
		{"procedure.update", apperr.Msg{VI: "Thủ tục hành chính: sửa thủ tục", EN: "Administrative procedures: procedure changed"}},
		{"procedure.remove", apperr.Msg{VI: "Thủ tục hành chính: bỏ thủ tục khỏi danh mục", EN: "Administrative procedures: procedure removed"}},
		{"procedure.import", apperr.Msg{VI: "Thủ tục hành chính: nhập danh mục từ tệp", EN: "Administrative procedures: catalogue imported"}},
		{"procedure.stats.import", apperr.Msg{VI: "Thủ tục hành chính: nhập số liệu giải quyết hồ sơ", EN: "Administrative procedures: statistics imported"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of those pages names.
	refusals["procedure.manage"] = apperr.Msg{VI: "Quản lý danh mục thủ tục hành chính của trang", EN: "Keep the site's administrative procedures catalogue"}
}
