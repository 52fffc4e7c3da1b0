package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the catalogue of information to be published
// (internal/disclosure, issue 20 point 2).
func init() {
	for _, a := range []action{
		{"disclosure.entry.create", apperr.Msg{VI: "Danh mục thông tin công khai: thêm mục", EN: "Disclosure catalogue: entry added"}},
		{"disclosure.entry.update", apperr.Msg{VI: "Danh mục thông tin công khai: sửa mục", EN: "Disclosure catalogue: entry changed"}},
		{"disclosure.entry.remove", apperr.Msg{VI: "Danh mục thông tin công khai: bỏ mục", EN: "Disclosure catalogue: entry removed"}},
		{"disclosure.contact", apperr.Msg{VI: "Cập nhật đầu mối cung cấp thông tin", EN: "Focal point for information requests changed"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	refusals["disclosure.manage"] = apperr.Msg{VI: "Quản lý danh mục thông tin phải công khai", EN: "Keep the catalogue of information to be published"}
}
