package rules

import "slices"

// The default rule sets, with the numbers and lists of REGULATIONS.md.
// They are inserted once by EnsureDefaults; from then on they are data
// that administrators edit in the admin UI.
//
// Sections sets have one rule per kind of site and section:
//
//	key   "section.<site kind>.<slug>"   (site kind: portal, department, commune)
//	value the section's Vietnamese name
//	note  the legal point that requires it
//
// The slug (last part of the key) is the path of the category that holds
// the section on each site (/chuyen-muc/<slug>).
//
// Deadlines sets have one rule per kind of information, in a unit:
//
//	key   "deadline.<slug>"   the section slug that holds that information,
//	      or "deadline.default" for everything without its own limit
//	value a whole number; unit working_days | calendar_days | hours

// One set of a kind is in force on a day: the one with the latest
// valid_from. From 2018-07-01 (Law 104/2016 in force) to 2022-08-15
// (Decree 43/2011 replaced) both deadline texts applied; the Law 104 set
// is the one picked then, and an administrator who needs the per-type
// limits for that period adds them to it. The spokesperson's 24 hours
// (Decree 244/2026 Art. 3(3)) apply from 2026-07-01, the decree's
// effect: a set of their own supersedes the Law 104 set from that day.

// Codes of the default sets.
const (
	SectionsDecree224  = "sections-nd224-2026"
	SectionsDecree43   = "sections-nd43-2011"
	SectionsDecree42   = "sections-nd42-2022"
	DeadlinesLaw104    = "deadlines-law104-2016"
	DeadlinesDecree244 = "deadlines-nd244-2026"
	DeadlinesDecree43  = "deadlines-nd43-2011"
	decree224          = "Nghị định 224/2026/NĐ-CP"
	accessLaw          = "Luật Tiếp cận thông tin 104/2016/QH13"
	decree43           = "Nghị định 43/2011/NĐ-CP"
	decree42           = "Nghị định 42/2022/NĐ-CP"
	decree244          = "Nghị định 244/2026/NĐ-CP"
	sectionKindsAll    = "portal department commune"
	sectionKindsAgency = "portal department"
)

// section is one required section of a default set and the kinds of site
// that need it.
type section struct {
	slug, name, note, kinds string
}

var currentSections = []section{
	{"gioi-thieu", "Giới thiệu", decree224 + " Điều 9 khoản 1 điểm b (sở, ngành: sơ đồ tổ chức, chức năng, nhiệm vụ, quyền hạn, lịch sử, tiểu sử và nhiệm vụ lãnh đạo) và điểm c (UBND tỉnh, xã: bộ máy hành chính, bản đồ địa giới, điều kiện tự nhiên, lịch sử, truyền thống văn hóa, di tích, danh thắng, lãnh đạo); " + accessLaw + " Điều 19 khoản 1 điểm đ", sectionKindsAll},
	{"thu-tuc-hanh-chinh", "Thủ tục hành chính, dịch vụ công trực tuyến", decree224 + " Điều 9 khoản 1 điểm a; " + accessLaw + " Điều 19 khoản 1 điểm a", sectionKindsAll},
	{"van-ban-phap-luat", "Văn bản pháp luật", accessLaw + " Điều 19 khoản 1 điểm a", sectionKindsAll},
	{"pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật", accessLaw + " Điều 19 khoản 1 điểm b", sectionKindsAll},
	{"chien-luoc-quy-hoach-ke-hoach", "Chiến lược, quy hoạch, kế hoạch", accessLaw + " Điều 19 khoản 1 điểm c", sectionKindsAll},
	{"du-an-dau-tu-dau-thau", "Dự án đầu tư công, mua sắm công", accessLaw + " Điều 19 khoản 1 điểm d", sectionKindsAll},
	{"ngan-sach-tai-chinh", "Báo cáo tài chính, ngân sách", accessLaw + " Điều 19 khoản 1 điểm e", sectionKindsAll},
	{"thong-ke", "Thống kê chuyên ngành", accessLaw + " Điều 19 khoản 1 điểm e", sectionKindsAgency},
	{"khoa-hoc-cong-nghe", "Chương trình, đề tài khoa học", accessLaw + " Điều 19 khoản 1 điểm e", sectionKindsAgency},
	{"tiep-can-thong-tin", "Tiếp cận thông tin", accessLaw + " Điều 19 khoản 1 điểm g; Nghị định 13/2018/NĐ-CP Điều 6 khoản 3 (danh mục thông tin phải công khai)", sectionKindsAll},
	{"lien-he", "Thông tin liên hệ", accessLaw + " Điều 19 khoản 1 điểm đ (địa chỉ, điện thoại, fax, thư điện tử của cơ quan và đầu mối cung cấp thông tin)", sectionKindsAll},
	{"nguoi-phat-ngon", "Người phát ngôn, thông tin báo chí", decree244 + " Điều 3 khoản 3, Điều 5", sectionKindsAgency},
	{"kenh-thong-tin-chinh-thuc", "Kênh thông tin chính thức", decree224 + " Điều 10 khoản 1–3; " + decree244 + " Điều 5 khoản 2", sectionKindsAll},
}

var historicSections = []section{
	{"gioi-thieu", "Giới thiệu", decree43 + " Điều 10 điểm a", sectionKindsAll},
	{"tin-tuc-su-kien", "Tin tức – Sự kiện", decree43 + " Điều 10 điểm b", sectionKindsAll},
	{"chi-dao-dieu-hanh", "Chỉ đạo điều hành", decree43 + " Điều 10 điểm c (ý kiến chỉ đạo, trả lời kiến nghị, khen thưởng, xử phạt, lịch làm việc của lãnh đạo)", sectionKindsAll},
	{"pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật", decree43 + " Điều 10 điểm d", sectionKindsAll},
	{"chien-luoc-quy-hoach-ke-hoach", "Chiến lược, định hướng, quy hoạch, kế hoạch", decree43 + " Điều 10 điểm đ", sectionKindsAll},
	{"van-ban-phap-luat", "Văn bản quy phạm pháp luật", decree43 + " Điều 10 điểm e", sectionKindsAll},
	{"cong-bao", "Công báo điện tử", decree43 + " Điều 10 điểm g (cổng của Chính phủ và của tỉnh)", "portal"},
	{"du-an-dau-tu-dau-thau", "Dự án, hạng mục đầu tư, đấu thầu, mua sắm công", decree43 + " Điều 10 điểm h", sectionKindsAll},
	{"lay-y-kien", "Lấy ý kiến góp ý dự thảo", decree43 + " Điều 10 điểm i", sectionKindsAll},
	{"lien-he", "Thông tin liên hệ", decree43 + " Điều 10 điểm k, l", sectionKindsAll},
	{"khoa-hoc-cong-nghe", "Chương trình, đề tài khoa học", decree43 + " Điều 11", sectionKindsAll},
	{"thong-ke", "Thống kê", decree43 + " Điều 12", sectionKindsAll},
	{"hoi-dap", "Hỏi đáp, góp ý", decree43 + " Điều 15", sectionKindsAll},
}

// The Decree 42/2022 list (15/08/2022 – 30/06/2026), Art. 4(1) and 7, as
// the summaries cited in REGULATIONS.md give it: the Decree 43 menu with
// the old levels 1–4 replaced by "toàn trình / một phần" online services,
// financial reports and international treaties added, and English for
// the organisation and contacts (Art. 7(2)). The points are not read
// from the decree's own text; an administrator who has it corrects the
// notes in the admin UI.
var decree42Sections = []section{
	{"gioi-thieu", "Giới thiệu", decree42 + " Điều 4 khoản 1 (sơ đồ, cơ cấu tổ chức, chức năng, nhiệm vụ, tiểu sử lãnh đạo)", sectionKindsAll},
	{"tin-tuc-su-kien", "Tin tức – Sự kiện", decree42 + " Điều 4 khoản 1", sectionKindsAll},
	{"chi-dao-dieu-hanh", "Chỉ đạo điều hành", decree42 + " Điều 4 khoản 1 (ý kiến chỉ đạo, lịch làm việc của lãnh đạo, thông tin khen thưởng, xử phạt)", sectionKindsAll},
	{"van-ban-phap-luat", "Văn bản pháp luật", decree42 + " Điều 4 khoản 1 (văn bản quy phạm pháp luật, văn bản quản lý hành chính)", sectionKindsAll},
	{"pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật", decree42 + " Điều 4 khoản 1", sectionKindsAll},
	{"chien-luoc-quy-hoach-ke-hoach", "Chiến lược, quy hoạch, kế hoạch", decree42 + " Điều 4 khoản 1", sectionKindsAll},
	{"thu-tuc-hanh-chinh", "Thủ tục hành chính, dịch vụ công trực tuyến", decree42 + " Điều 4 khoản 1; Điều 11 (dịch vụ công trực tuyến toàn trình, một phần)", sectionKindsAll},
	{"du-an-dau-tu-dau-thau", "Dự án, đầu tư, đấu thầu, mua sắm công", decree42 + " Điều 4 khoản 1", sectionKindsAll},
	{"ngan-sach-tai-chinh", "Báo cáo tài chính, ngân sách", decree42 + " Điều 4 khoản 1 (bổ sung so với Nghị định 43/2011)", sectionKindsAll},
	{"dieu-uoc-quoc-te", "Điều ước quốc tế, thỏa thuận quốc tế", decree42 + " Điều 4 khoản 1 (bổ sung so với Nghị định 43/2011)", sectionKindsAgency},
	{"thong-ke", "Thống kê", decree42 + " Điều 4 khoản 1", sectionKindsAgency},
	{"khoa-hoc-cong-nghe", "Chương trình, đề tài khoa học", decree42 + " Điều 4 khoản 1", sectionKindsAgency},
	{"lay-y-kien", "Lấy ý kiến góp ý dự thảo", decree42 + " Điều 4 khoản 1", sectionKindsAll},
	{"hoi-dap", "Hỏi đáp, phản ánh kiến nghị", decree42 + " Điều 7 (chức năng hỏi đáp, theo dõi tình trạng xử lý)", sectionKindsAll},
	{"lien-he", "Thông tin liên hệ", decree42 + " Điều 4 khoản 1 (địa chỉ, điện thoại, thư điện tử của cán bộ có thẩm quyền)", sectionKindsAll},
	{"nguoi-phat-ngon", "Người phát ngôn, thông tin báo chí", "Nghị định 09/2017/NĐ-CP Điều 4 khoản 2 (người phát ngôn đăng trên cổng)", sectionKindsAgency},
	{"english", "English", decree42 + " Điều 7 khoản 2 (cơ cấu tổ chức và danh bạ liên hệ bằng tiếng Anh)", sectionKindsAgency},
}

func sectionRules(list []section) []*Rule {
	var out []*Rule
	for _, kind := range []string{"portal", "department", "commune"} {
		for _, s := range list {
			if !containsWord(s.kinds, kind) {
				continue
			}
			out = append(out, &Rule{Key: "section." + kind + "." + s.slug, Value: s.name, Note: s.note})
		}
	}
	return out
}

func containsWord(list, w string) bool {
	for len(list) > 0 {
		i := 0
		for i < len(list) && list[i] != ' ' {
			i++
		}
		if list[:i] == w {
			return true
		}
		if i == len(list) {
			break
		}
		list = list[i+1:]
	}
	return false
}

// Defaults returns fresh copies of the default sets.
func Defaults() []*Set {
	return append([]*Set{
		{Code: SectionsDecree224, Kind: KindSections, Name: "Chuyên mục bắt buộc theo Nghị định 224/2026 và Luật Tiếp cận thông tin",
			Source:    decree224 + " Điều 9 khoản 1; " + accessLaw + " Điều 19 khoản 1; Nghị định 13/2018/NĐ-CP Điều 6 khoản 3; " + decree244 + " Điều 3, Điều 5",
			ValidFrom: "2026-07-01", Rules: sectionRules(currentSections)},
		{Code: SectionsDecree43, Kind: KindSections, Name: "Chuyên mục bắt buộc theo Nghị định 43/2011 (lịch sử)",
			Source:    decree43 + " Điều 10, 11, 12, 15 (hết hiệu lực)",
			ValidFrom: "2011-08-01", ValidTo: "2022-08-15", Rules: sectionRules(historicSections)},
		{Code: SectionsDecree42, Kind: KindSections, Name: "Chuyên mục bắt buộc theo Nghị định 42/2022 (lịch sử)",
			Source:    decree42 + " Điều 4, Điều 7 (thay Nghị định 43/2011 từ 15/08/2022; bị bãi bỏ từ 01/07/2026 theo Nghị định 224/2026 Điều 90 khoản 2 điểm b)",
			ValidFrom: "2022-08-15", ValidTo: "2026-07-01", Rules: sectionRules(decree42Sections)},
		{Code: DeadlinesLaw104, Kind: KindDeadlines, Name: "Thời hạn đăng thông tin theo Luật Tiếp cận thông tin",
			Source:    accessLaw + " Điều 18 khoản 4 (chậm nhất 05 ngày làm việc khi luật không quy định thời hạn; có hiệu lực từ 01/07/2018)",
			ValidFrom: "2018-07-01", ValidTo: "2026-07-01", Rules: []*Rule{
				{Key: "deadline.default", Value: "5", Unit: WorkingDays, Note: accessLaw + " Điều 18 khoản 4"},
			}},
		{Code: DeadlinesDecree244, Kind: KindDeadlines, Name: "Thời hạn đăng thông tin theo Luật Tiếp cận thông tin và Nghị định 244/2026 (người phát ngôn)",
			Source:    accessLaw + " Điều 18 khoản 4 (chậm nhất 05 ngày làm việc khi luật không quy định thời hạn); " + decree244 + " Điều 3 khoản 3 (người phát ngôn: 24 giờ; có hiệu lực từ 01/07/2026)",
			ValidFrom: "2026-07-01", Rules: []*Rule{
				{Key: "deadline.default", Value: "5", Unit: WorkingDays, Note: accessLaw + " Điều 18 khoản 4"},
				{Key: "deadline.nguoi-phat-ngon", Value: "24", Unit: Hours, Note: decree244 + " Điều 3 khoản 3: tính từ quyết định giao nhiệm vụ phát ngôn"},
			}},
		{Code: DeadlinesDecree43, Kind: KindDeadlines, Name: "Thời hạn cập nhật theo Nghị định 43/2011 (lịch sử, phương án thay thế)",
			Source:    decree43 + " Điều 17 (hết hiệu lực; vẫn được các quy chế cấp tỉnh dùng làm mặc định)",
			ValidFrom: "2011-08-01", ValidTo: "2022-08-15", Rules: []*Rule{
				{Key: "deadline.van-ban-phap-luat", Value: "2", Unit: WorkingDays, Note: "Văn bản quy phạm pháp luật, văn bản quản lý hành chính: 02 ngày làm việc kể từ ngày ban hành (cơ quan ban hành)"},
				{Key: "deadline.van-ban-pham-vi", Value: "10", Unit: WorkingDays, Note: "Văn bản của cơ quan cấp trên thuộc phạm vi quản lý: 10 ngày làm việc"},
				{Key: "deadline.pho-bien-phap-luat", Value: "15", Unit: WorkingDays, Note: "Phổ biến, hướng dẫn pháp luật: 15 ngày làm việc kể từ ngày ban hành"},
				{Key: "deadline.chien-luoc-quy-hoach-ke-hoach", Value: "10", Unit: WorkingDays, Note: "Chiến lược, quy hoạch, kế hoạch: 10 ngày làm việc kể từ ngày phê duyệt"},
				{Key: "deadline.du-an-dau-tu-dau-thau", Value: "10", Unit: WorkingDays, Note: "Dự án, đầu tư, đấu thầu, mua sắm công: 10 ngày làm việc kể từ ngày phê duyệt"},
				{Key: "deadline.hoi-dap", Value: "15", Unit: WorkingDays, Note: "Hỏi đáp: trả lời hoặc thông báo tiến độ trong 15 ngày làm việc"},
				{Key: "deadline.khoa-hoc-cong-nghe", Value: "20", Unit: WorkingDays, Note: "Chương trình, đề tài khoa học: 20 ngày làm việc"},
				{Key: "deadline.thong-ke", Value: "10", Unit: WorkingDays, Note: "Thống kê: 10 ngày làm việc kể từ khi thủ trưởng quyết định công bố"},
			}},
	}, slices.Concat(feedbackDefaults(), consultDefaults(), maintenanceDefaults(), gazetteDefaults(), holidayDefaults(), royaltyDefaults())...)
}
