package web

// The interface text of a site's renamings, merged into the catalogue at
// start.
func init() {
	for k, v := range map[string][2]string{
		"issuer":              {"Cơ quan", "Agency"},
		"site.formerly":       {"Lịch sử tên gọi", "Former names"},
		"site.formerly.was":   {"Trước đây là", "Formerly"},
		"site.formerly.from":  {"từ", "from"},
		"site.formerly.until": {"đến hết", "until"}, // the day in words begins with "ngày"
		"site.formerly.by":    {"đổi tên theo", "renamed under"},
		"site.rename":         {"Đổi tên, địa chỉ trang", "Rename the site"},
		"site.rename.lead": {"Theo quyết định sắp xếp đơn vị hành chính hoặc tổ chức lại cơ quan. Từ ngày có hiệu lực, trang dùng tên và địa chỉ mới; mọi địa chỉ cũ (tên miền, tiền tố) chuyển hướng vĩnh viễn (301) đến cùng trang ở địa chỉ mới; tin bài đăng trước giữ tên cơ quan tại thời điểm đăng.",
			"Following a decision that reorganises the administrative units or the agency. From the effective date the site has its new name and address; every old address (host, prefix) redirects permanently (301) to the same page at the new one; items published before keep the agency's name of their date."},
		"site.rename.name":      {"Tên mới", "New name"},
		"site.rename.name.en":   {"Tên tiếng Anh mới", "New English name"},
		"site.rename.host":      {"Tên miền mới", "New host name"},
		"site.rename.prefix":    {"Tiền tố đường dẫn mới", "New path prefix"},
		"site.rename.kind":      {"Loại trang", "Kind of site"},
		"site.rename.effective": {"Ngày có hiệu lực", "Effective date"},
		"site.rename.decision":  {"Số, ký hiệu quyết định", "Decision number"},
		"site.rename.text":      {"Trích yếu quyết định", "Decision summary"},
		"site.rename.go":        {"Đổi tên", "Rename"},
		"site.rename.pending":   {"Đổi tên chờ hiệu lực", "Renaming waiting for its date"},
		"site.rename.done":      {"Đã ghi nhận việc đổi tên.", "The renaming is recorded."},
		"site.history":          {"Các lần đổi tên", "Renamings"},
		"site.history.none":     {"Trang chưa đổi tên lần nào.", "The site has never been renamed."},
		"site.history.when":     {"Hiệu lực", "Effective"},
		"site.history.old":      {"Trước", "Before"},
		"site.history.new":      {"Sau", "After"},
		"site.history.decision": {"Quyết định", "Decision"},
	} {
		messages[k] = v
	}
}
