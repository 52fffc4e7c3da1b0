package rules

// The dated rules of royalties (issue 19; REQ-23, REQ-50–52), read by
// internal/royalty. Two kinds of set.
//
// "base-salary" (mức lương cơ sở), one rule:
//
//	base_salary   đồng per month, a whole number
//
// "royalties" (khung nhuận bút / tiền bản quyền), the schedule in force on
// a work's publication day:
//
//	unit.percent_base_salary  the value of one coefficient unit, as a
//	                          percentage of the base salary in force on
//	                          the publication day (Decree 18/2014: 10)
//	kind.<slug>               a kind of work: value "min-max", its
//	                          coefficient range (decimals with "." or
//	                          ","); note "<name> — <legal point>"
//	ratio.<slug>              an add-on that pays a percentage of the
//	                          work's amount instead of all of it
//	                          (translation): value "min-max" percent
//	bonus.<slug>              an add-on that adds a percentage to the
//	                          work's amount (works for children or ethnic
//	                          minorities, difficult conditions): value
//	                          "min-max" percent
//	pay.due_days              the payment deadline after publication,
//	                          calendar days (Decree 18/2014: 60)
//	pay.unclaimed_notices     the unanswered notices after which an
//	                          unpaid line is closed as unclaimed and its
//	                          amount goes to the next year's fund
//	                          (Decree 18/2014: 3)
//
// The provincial schedule from 2026-09-01 ships empty: the Chairperson of
// the provincial People's Committee sets it (Decree 287/2026; REQ-52) and
// administrators enter it; until then no royalty of a work published on or
// after that day can be computed, and the royalty package says so.

// Kinds of the royalty sets.
const (
	KindRoyalties  = "royalties"
	KindBaseSalary = "base-salary"
)

// Codes of the default royalty and base-salary sets.
const (
	RoyaltiesDecree18    = "royalties-nd18-2014"
	RoyaltiesProvince    = "royalties-province-2026"
	BaseSalaryDecree73   = "base-salary-nd73-2024"
	BaseSalaryDecree161  = "base-salary-nd161-2026"
	decree18             = "Nghị định 18/2014/NĐ-CP"
	decree18Annex        = decree18 + " Điều 7 và Phụ lục (khung nhuận bút tác phẩm báo in, báo điện tử)"
	decree18MinUnchecked = "; hệ số tối đa theo REGULATIONS.md REQ-50, hệ số tối thiểu 1 " + Unchecked + " — quản trị viên kiểm tra lại theo Phụ lục"
)

// Unchecked, in a rule's note, says that its value was not found in the
// texts read (REGULATIONS.md: "not found" numbers are configurable, with
// a sensible default, and the UI says so): the royalty form lists such
// values for the editor, and an administrator corrects them from the text.
const Unchecked = "chưa đối chiếu văn bản"

// decree18ForeignLanguage is the add-on for a work written directly in a
// foreign language or an ethnic minority's language: REGULATIONS.md
// (REQ-50) names it without its figure, so its range is a default, the
// same as the works for children or ethnic minorities, marked Unchecked.
// A new Rule each call: saving a set writes its rules' ids.
func decree18ForeignLanguage() *Rule {
	return &Rule{Key: "bonus.viet-truc-tiep-ngoai-ngu", Value: "10-20",
		Note: "Tác phẩm viết trực tiếp bằng tiếng nước ngoài, tiếng dân tộc thiểu số — cộng thêm; " + decree18 +
			" (REGULATIONS.md REQ-50 không ghi mức); mức 10–20% là mặc định, " + Unchecked + " — quản trị viên kiểm tra lại"}
}

func royaltyDefaults() []*Set {
	kind := func(slug, maxCoef, name string) *Rule {
		return &Rule{Key: "kind." + slug, Value: "1-" + maxCoef, Note: name + " — " + decree18Annex + decree18MinUnchecked}
	}
	return []*Set{
		{Code: BaseSalaryDecree73, Kind: KindBaseSalary, Name: "Mức lương cơ sở theo Nghị định 73/2024",
			Source:    "Nghị định 73/2024/NĐ-CP (mức lương cơ sở 2.340.000 đồng/tháng từ 01/07/2024; được thay thế từ 01/07/2026)",
			ValidFrom: "2024-07-01", ValidTo: "2026-07-01", Rules: []*Rule{
				{Key: "base_salary", Value: "2340000", Note: "Nghị định 73/2024/NĐ-CP: 2.340.000 đồng/tháng"},
			}},
		{Code: BaseSalaryDecree161, Kind: KindBaseSalary, Name: "Mức lương cơ sở theo Nghị định 161/2026",
			Source:    "Nghị định 161/2026/NĐ-CP (mức lương cơ sở 2.530.000 đồng/tháng từ 01/07/2026)",
			ValidFrom: "2026-07-01", Rules: []*Rule{
				{Key: "base_salary", Value: "2530000", Note: "Nghị định 161/2026/NĐ-CP: 2.530.000 đồng/tháng"},
			}},
		{Code: RoyaltiesDecree18, Kind: KindRoyalties, Name: "Khung nhuận bút báo điện tử theo Nghị định 18/2014 (áp dụng cho tác phẩm đăng trước 01/09/2026)",
			Source: decree18 + " Điều 7 và Phụ lục (áp dụng tương tự cho cổng thông tin điện tử; Nghị định 224/2026/NĐ-CP Điều 20 khoản 3); " +
				"bị bãi bỏ từ 01/09/2026 bởi Nghị định 287/2026/NĐ-CP, tác phẩm đăng trước ngày đó vẫn theo khung này (Điều 19, chuyển tiếp)",
			ValidFrom: "2014-06-01", ValidTo: "2026-09-01", Rules: []*Rule{
				{Key: "unit.percent_base_salary", Value: "10", Note: "Giá trị một đơn vị hệ số nhuận bút bằng 10% mức lương cơ sở — " + decree18 + " Điều 7"},
				kind("tin", "10", "Tin tức, trả lời bạn đọc"),
				kind("tranh", "10", "Tranh (minh họa, biếm họa)"),
				kind("anh", "10", "Ảnh"),
				kind("binh-luan", "30", "Bình luận, chính luận, chuyên luận"),
				kind("phong-su", "30", "Phóng sự, ký sự (một kỳ), ký"),
				kind("phong-van", "30", "Phỏng vấn"),
				kind("van-hoc", "30", "Sáng tác văn học"),
				kind("nghien-cuu", "30", "Nghiên cứu"),
				kind("da-phuong-tien", "50", "Tác phẩm trực tuyến, đa phương tiện"),
				{Key: "ratio.dich", Value: "40-65", Note: "Tác phẩm dịch — 40–65% nhuận bút của tác phẩm sáng tác cùng thể loại; " + decree18 + " (REGULATIONS.md REQ-50)"},
				{Key: "ratio.phu-de", Value: "20-50", Note: "Tác giả lời bình, lời thoại, phụ đề — 20–50%; " + decree18 + " (REGULATIONS.md REQ-50)"},
				{Key: "bonus.thieu-nhi-dan-toc", Value: "10-20", Note: "Tác phẩm cho thiếu nhi, đồng bào dân tộc thiểu số — cộng thêm 10–20%; " + decree18 + " (REGULATIONS.md REQ-50)"},
				decree18ForeignLanguage(),
				{Key: "bonus.dieu-kien-kho-khan", Value: "0-100", Note: "Tác phẩm thực hiện trong điều kiện khó khăn, nguy hiểm — cộng thêm đến 100%; " + decree18 + " (REGULATIONS.md REQ-50)"},
				{Key: "pay.due_days", Value: "60", Unit: CalendarDays, Note: "Trả nhuận bút chậm nhất 60 ngày kể từ ngày tác phẩm được đăng — " + decree18 + " (REGULATIONS.md REQ-50)"},
				{Key: "pay.unclaimed_notices", Value: "3", Note: "Sau 03 lần thông báo mà tác giả không nhận, nhuận bút chuyển vào quỹ nhuận bút năm sau — " + decree18 + " (REGULATIONS.md REQ-50)"},
			}},
		{Code: RoyaltiesProvince, Kind: KindRoyalties, Name: "Khung tiền bản quyền của tỉnh theo Nghị định 287/2026 (chờ quyết định của Chủ tịch UBND tỉnh)",
			Source:    "Nghị định 287/2026/NĐ-CP Điều 3, 14, 19, 20, 21 (có hiệu lực từ 01/09/2026); quyết định của Chủ tịch Ủy ban nhân dân tỉnh quy định khung cụ thể — chưa ban hành, quản trị viên nhập khi có (REQ-52)",
			ValidFrom: "2026-09-01"},
	}
}
