package audit

import "github.com/congportal/cong/internal/apperr"

// The actions of the official channels registry, the accessibility
// statement and the text alternatives of recordings (issue 20, points 7
// and 8), added to the list at start.
func init() {
	for _, a := range []action{
		{"channel.add", apperr.Msg{VI: "Kênh chính thức: thêm kênh", EN: "Official channels: channel added"}},
		{"channel.update", apperr.Msg{VI: "Kênh chính thức: sửa kênh", EN: "Official channels: channel changed"}},
		{"channel.remove", apperr.Msg{VI: "Kênh chính thức: bỏ kênh khỏi danh sách", EN: "Official channels: channel removed"}},
		{"a11y.statement.save", apperr.Msg{VI: "Lưu tuyên bố về khả năng tiếp cận", EN: "Accessibility statement saved"}},
		{"media.access", apperr.Msg{VI: "Phụ đề, bản ghi lời của video hoặc âm thanh", EN: "Captions or transcript of a recording"}},
	} {
		actions = append(actions, a)
		actionNames[a.code] = a.name
	}
	// What a "denied" entry of those pages names.
	refusals["channel.read"] = apperr.Msg{VI: "Xem danh sách kênh chính thức của trang (quản trị)", EN: "Open the site's official channels (staff)"}
	refusals["channel.save"] = apperr.Msg{VI: "Thêm, sửa kênh chính thức của trang", EN: "Add or change an official channel of the site"}
	refusals["channel.remove"] = apperr.Msg{VI: "Bỏ kênh chính thức của trang", EN: "Remove an official channel of the site"}
	refusals["a11y.read"] = apperr.Msg{VI: "Xem tuyên bố về khả năng tiếp cận của trang (quản trị)", EN: "Open the site's accessibility statement (staff)"}
	refusals["a11y.save"] = apperr.Msg{VI: "Sửa tuyên bố về khả năng tiếp cận của trang", EN: "Change the site's accessibility statement"}
	refusals["media.access"] = apperr.Msg{VI: "Đặt phụ đề, bản ghi lời cho video hoặc âm thanh", EN: "Set the captions or transcript of a recording"}
}
