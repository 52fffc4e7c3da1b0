package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of operations (maintenance notices, read-only mode), added
// to the list at start.
func init() {
	for _, a := range []action{
		{"maintenance.schedule", apperr.Msg{VI: "Bảo trì: lên lịch tạm ngừng", EN: "Maintenance scheduled"}},
		{"maintenance.cancel", apperr.Msg{VI: "Bảo trì: hủy lịch tạm ngừng", EN: "Maintenance cancelled"}},
		{"maintenance.finish", apperr.Msg{VI: "Bảo trì: kết thúc sớm", EN: "Maintenance ended early"}},
		{"site.rename", apperr.Msg{VI: "Đổi tên, địa chỉ trang (theo quyết định)", EN: "Site renamed"}},
		{"site.rename.apply", apperr.Msg{VI: "Áp dụng việc đổi tên trang đến ngày hiệu lực", EN: "Site renaming applied on its date"}},
		{"site.merge", apperr.Msg{VI: "Sáp nhập trang (theo quyết định)", EN: "Sites merged"}},
		{"site.merge.source", apperr.Msg{VI: "Chuyển một trang được sáp nhập vào trang nhận", EN: "A merged site passed to the receiving site"}},
		{"maintenance.readonly", apperr.Msg{VI: "Bật, tắt chế độ chỉ đọc", EN: "Read-only mode switched"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
