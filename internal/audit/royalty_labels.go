package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of royalties (internal/royalty, issue 19), added to the
// list at start; kept here so the feature's codes read in one place.
func init() {
	for _, a := range []action{
		{"royalty.propose", apperr.Msg{VI: "Nhuận bút: đề nghị cho tin bài", EN: "Royalty proposed"}},
		{"royalty.approve", apperr.Msg{VI: "Nhuận bút: duyệt đề nghị", EN: "Royalty approved"}},
		{"royalty.return", apperr.Msg{VI: "Nhuận bút: trả lại đề nghị", EN: "Royalty proposal returned"}},
		{"royalty.paid", apperr.Msg{VI: "Nhuận bút: đánh dấu đã chi danh sách của kỳ", EN: "Royalty list marked paid"}},
		{"royalty.notice", apperr.Msg{VI: "Nhuận bút: ghi nhận đã thông báo tác giả đến nhận", EN: "Royalty notice to the author recorded"}},
		{"royalty.unclaimed", apperr.Msg{VI: "Nhuận bút: chuyển quỹ năm sau vì tác giả không nhận", EN: "Royalty closed as unclaimed (next year's fund)"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of the royalty pages names.
	refusals["royalty.read"] = apperr.Msg{VI: "Xem nhuận bút của tin bài", EN: "Read an item's royalty"}
	refusals["royalty.propose"] = apperr.Msg{VI: "Đề nghị nhuận bút cho tin bài", EN: "Propose an item's royalty"}
	refusals["royalty.decide"] = apperr.Msg{VI: "Duyệt hoặc trả lại đề nghị nhuận bút", EN: "Approve or return a royalty proposal"}
}
