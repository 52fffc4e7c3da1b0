package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of public corrections and of the answers to readers'
// error reports (issue 20, point 5; REQ-21), added to the list at start.
func init() {
	for _, a := range []action{
		{"correction.publish", apperr.Msg{VI: "Công bố đính chính tin bài", EN: "Correction published"}},
		{"report.reply", apperr.Msg{VI: "Trả lời bạn đọc báo lỗi qua thư điện tử", EN: "Reader's error report answered by mail"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of the correction pages names.
	refusals["correction.publish"] = apperr.Msg{VI: "Công bố đính chính tin bài", EN: "Publish a correction"}
}
