package audit

import "github.com/congportal/cong/internal/apperr"

// The action of the required sections (internal/rules): the categories a
// sections set gave a site, when it was made or when the set took effect.
func init() {
	for _, a := range []action{
		{"sections.apply", apperr.Msg{VI: "Tạo chuyên mục bắt buộc cho trang", EN: "Required sections given to a site"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
}
