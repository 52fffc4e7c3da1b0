package web

// The interface text of the public home and list pages added with issue
// 13, merged into the catalogue at start.
func init() {
	for k, v := range map[string][2]string{
		"quick":           {"Liên kết nhanh", "Quick links"},
		"quick.legal":     {"Văn bản pháp luật", "Legal documents"},
		"quick.feedback":  {"Gửi phản ánh, kiến nghị", "Send feedback or a question"},
		"quick.qa":        {"Hỏi đáp", "Questions and answers"},
		"quick.directory": {"Tổ chức bộ máy", "Organisation and contacts"},
		"quick.spokesman": {"Người phát ngôn", "Spokespersons"},
		"quick.search":    {"Tìm kiếm", "Search"},
		"feed.latest":     {"Nguồn cấp tin mới (Atom)", "Feed of the latest news (Atom)"},
		"feed.category":   {"Nguồn cấp tin của chuyên mục (Atom)", "Feed of this section (Atom)"},
		"en.lead":         {"Đây là phiên bản tiếng Anh của Cổng. Tin bài, thông báo được đăng bằng tiếng Việt trước; các trang dưới đây có bằng tiếng Anh.", "This is the English edition of the portal. News and announcements are published in Vietnamese first; the pages below are available in English."},
		"en.vi":           {"Tin bài mới nhất bằng tiếng Việt", "The latest news in Vietnamese"},
	} {
		messages[k] = v
	}
}
