package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the spokesperson's records (issue 18 point 3, Decree
// 244/2026), added to the list at start.
func init() {
	for _, a := range []action{
		{"spokes.meeting.save", apperr.Msg{VI: "Người phát ngôn: ghi nhận họp báo, giao ban báo chí", EN: "Spokesperson: press conference or briefing recorded"}},
		{"spokes.event.save", apperr.Msg{VI: "Người phát ngôn: ghi nhận sự kiện bất ngờ, đột xuất", EN: "Spokesperson: unexpected event recorded"}},
		{"spokes.question.save", apperr.Msg{VI: "Người phát ngôn: ghi nhận câu hỏi của báo chí", EN: "Spokesperson: press question recorded"}},
		{"spokes.correction.save", apperr.Msg{VI: "Người phát ngôn: ghi nhận văn bản đề nghị cải chính", EN: "Spokesperson: correction request recorded"}},
		{"spokes.remind", apperr.Msg{VI: "Nhắc tổ chức họp báo trong quý", EN: "Quarterly press conference reminder"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of those pages names.
	refusals["spokes.read"] = apperr.Msg{VI: "Xem hồ sơ công tác phát ngôn của trang", EN: "Read the site's spokesperson records"}
	refusals["spokes.save"] = apperr.Msg{VI: "Ghi hồ sơ công tác phát ngôn của trang", EN: "Record the site's spokesperson work"}
}
