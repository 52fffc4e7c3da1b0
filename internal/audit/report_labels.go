package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the reports, added to the list at start.
func init() {
	for _, a := range []action{
		{"report.settings", apperr.Msg{VI: "Cài đặt giám sát: số ngày đánh dấu trang không đăng tin", EN: "Oversight settings changed"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
