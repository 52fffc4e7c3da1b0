package web

// The interface text of corrections, readers' error reports, the print
// view and PDF, and read-aloud (issue 20, points 5, 6 and 8).
func init() {
	for k, v := range map[string][2]string{
		// Public corrections.
		"cr.list.title":    {"Thông tin đính chính", "Corrections"},
		"cr.list.lead":     {"Khi thông tin đã đăng chưa chính xác, chúng tôi sửa lại và công bố đính chính tại đây, kèm nội dung trước và sau khi sửa.", "When published information was inaccurate, we correct it and publish the correction here, with the text before and after."},
		"cr.list.none":     {"Chưa có thông tin đính chính nào.", "No correction has been published."},
		"cr.one.title":     {"Đính chính", "Correction"},
		"cr.heading":       {"Đính chính", "Corrections"},
		"cr.item.link":     {"Xem tin bài đã đính chính", "Read the corrected item"},
		"cr.notice":        {"Đính chính", "Correction of"},
		"cr.see":           {"Xem nội dung đính chính", "See what was corrected"},
		"cr.changes":       {"Nội dung đã sửa", "What changed"},
		"cr.legend":        {"Chú thích:", "Key:"},
		"cr.removed":       {"nội dung cũ, đã bỏ", "old text, removed"},
		"cr.added":         {"nội dung đúng, đã thêm", "correct text, added"},
		"cr.nochange":      {"Đính chính này không sửa chữ nào của bài (ví dụ chỉ đổi ảnh hoặc tệp đính kèm).", "This correction changed no words of the item (for example an image or an attachment)."},
		"cr.field.title":   {"Tiêu đề", "Title"},
		"cr.field.summary": {"Tóm tắt", "Summary"},
		"cr.field.body":    {"Nội dung", "Text"},
		"cr.field.author":  {"Tác giả", "Author"},
		"cr.field.source":  {"Nguồn", "Source"},
		// The staff item page.
		"cr.staff.heading":     {"Đính chính công khai", "Public correction"},
		"cr.staff.lead":        {"Khi bản đang đăng sửa một thông tin chưa chính xác của bản đã đăng trước, hãy công bố đính chính: trang tin bài sẽ hiện thông báo có ngày và nội dung trước, sau khi sửa (Luật Tiếp cận thông tin, Điều 22).", "When the published revision corrects inaccurate information of one published before, publish a correction: the item's page will show a dated notice and the text before and after (Access to Information Law, Art. 22)."},
		"cr.staff.before":      {"Bản bạn đọc đã xem trước khi sửa", "Revision the public saw before"},
		"cr.staff.latest":      {"bản đăng ngay trước", "the one published just before"},
		"cr.staff.revision":    {"Bản", "Revision"},
		"cr.staff.notice":      {"Nội dung thông báo đính chính", "Correction notice"},
		"cr.staff.notice.help": {"Ghi rõ thông tin nào chưa chính xác và nay đúng là gì; thông báo hiện công khai cùng ngày công bố.", "Say which information was inaccurate and what is correct now; the notice is public, with today's date."},
		"cr.staff.publish":     {"Công bố đính chính", "Publish the correction"},
		"cr.staff.done":        {"Đã công bố đính chính.", "The correction is published."},
		"cr.staff.none":        {"Tin bài chưa có đính chính nào.", "The item has no correction."},
		"cr.staff.nothing":     {"Chưa có bản nào đã đăng trước bản đang đăng: hãy đăng bản sửa trước, rồi công bố đính chính.", "No revision was published before the current one: publish the corrected revision first, then the correction."},
		"cr.staff.by":          {"người công bố", "by"},
		"cr.staff.view":        {"Xem công khai", "View publicly"},
		"cr.minor.notice":      {"Thông báo đính chính công khai (không bắt buộc)", "Public correction notice (optional)"},
		"cr.minor.help":        {"Khi đính chính nhỏ sửa một thông tin chưa chính xác, ghi ở đây điều gì sai và nay đúng là gì: thông báo được công bố cùng bản sửa.", "When the minor correction fixes inaccurate information, say here what was wrong and what is correct: the notice is published with the revision."},
		// Readers' error reports.
		"cr.report.email":      {"Thư điện tử để nhận trả lời (không bắt buộc)", "Email for the answer (optional)"},
		"cr.report.email.help": {"Chúng tôi kiểm tra và trả lời trong 15 ngày. Địa chỉ chỉ dùng để gửi thư trả lời và được xóa ngay sau đó.", "We check and answer within 15 days. The address is used only for the answer and erased right after."},
		"cr.report.due":        {"Chúng tôi sẽ kiểm tra và trả lời trong 15 ngày.", "We will check and answer within 15 days."},
		"cr.queue.due":         {"Hạn trả lời", "Answer by"},
		"cr.queue.overdue":     {"Quá hạn", "Overdue"},
		"cr.queue.mail":        {"Bạn đọc để lại địa chỉ thư: cách xử lý sẽ được gửi cho họ.", "The reader left an address: the resolution will be mailed to them."},
		// Print and PDF.
		"pr.title":   {"Bản in", "Printable version"},
		"pr.tools":   {"In và lưu", "Print and save"},
		"pr.view":    {"Bản in", "Print view"},
		"pr.print":   {"In trang này", "Print this page"},
		"pr.pdf":     {"Tải PDF", "Download PDF"},
		"pr.back":    {"Quay lại tin bài", "Back to the item"},
		"pr.field":   {"Mục", "Field"},
		"pr.value":   {"Thông tin", "Value"},
		"pr.site":    {"Trang thông tin", "Site"},
		"pr.kind":    {"Loại tin", "Kind"},
		"pr.first":   {"Ngày đăng", "Published"},
		"pr.updated": {"Cập nhật", "Updated"},
		"pr.url":     {"Địa chỉ", "Address"},
		"pr.from":    {"Bản in từ", "Printed from"},
		// Read-aloud.
		"ra.label":     {"Đọc bài", "Listen"},
		"ra.start":     {"Đọc bài", "Listen"},
		"ra.pause":     {"Tạm dừng", "Pause"},
		"ra.resume":    {"Đọc tiếp", "Resume"},
		"ra.stop":      {"Dừng đọc", "Stop"},
		"ra.reading":   {"Đang đọc bài.", "Reading the item aloud."},
		"ra.paused":    {"Đã tạm dừng.", "Paused."},
		"ra.stopped":   {"Đã dừng đọc.", "Stopped."},
		"ra.novoice":   {"Thiết bị này chưa có giọng đọc tiếng Việt: trình duyệt đọc bằng giọng sẵn có, có thể không đúng dấu.", "This device has no English voice: the browser reads with the voice it has."},
		"ra.nosupport": {"Trình duyệt này không hỗ trợ đọc bài thành tiếng.", "This browser cannot read the item aloud."},
	} {
		messages[k] = v
	}
}
