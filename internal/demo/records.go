package demo

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/records"
	"github.com/congportal/cong/internal/workflow"
)

// Typed records on the province's portal (issue 20 point 3): a few
// projects, budget reports, statistics, science programmes and plans,
// each an item published through the workflow with its record. The
// names, figures and people are made up.
func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"records", fillRecords})
}

// recordItem is an item of the demo with the record it carries.
type recordItem struct {
	category string
	edit     content.Edit
	save     func(ctx context.Context, rs *records.Store, itemID, siteID int64) error
}

func fillRecords(ctx context.Context, env *fillEnv) error {
	const code = "dong-nai"
	siteID := env.sites[code]
	cs := content.NewStore(env.db, env.now)
	flow := workflow.New(env.db, cs, env.now)
	rs := records.NewStore(env.db, env.now)
	ed, head := env.editors[code], env.heads[code]
	by := audit.Actor{ID: ed.User.ID, Name: ed.User.Username, IP: "local"}
	for _, d := range demoRecords {
		e := d.edit
		e.Author, e.Source = "Ban Biên tập", "Văn phòng Ủy ban nhân dân tỉnh"
		if c, err := cs.CategoryBySlug(ctx, siteID, d.category); err == nil {
			e.CategoryID = c.ID
		}
		it, err := cs.Create(ctx, siteID, e, by)
		if err != nil {
			return fmt.Errorf("%s: %w", e.Title, err)
		}
		if err := d.save(ctx, rs, it.ID, siteID); err != nil {
			return fmt.Errorf("%s: %w", e.Title, err)
		}
		for _, s := range []struct {
			a  workflow.Action
			by workflow.Person
		}{{workflow.Submit, ed}, {workflow.Send, ed}, {workflow.Approve, head}} {
			if _, err := flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: s.a}, s.by); err != nil {
				return fmt.Errorf("%s: %w", e.Title, err)
			}
		}
	}
	return nil
}

func project(p records.Project) func(context.Context, *records.Store, int64, int64) error {
	return func(ctx context.Context, rs *records.Store, itemID, siteID int64) error {
		p.ItemID = itemID
		return rs.SaveProject(ctx, &p, siteID, demoActor)
	}
}

func budget(b records.Budget) func(context.Context, *records.Store, int64, int64) error {
	return func(ctx context.Context, rs *records.Store, itemID, siteID int64) error {
		b.ItemID = itemID
		return rs.SaveBudget(ctx, &b, siteID, demoActor)
	}
}

func statistic(s records.Statistic) func(context.Context, *records.Store, int64, int64) error {
	return func(ctx context.Context, rs *records.Store, itemID, siteID int64) error {
		s.ItemID = itemID
		return rs.SaveStatistic(ctx, &s, siteID, demoActor)
	}
}

func science(s records.Science) func(context.Context, *records.Store, int64, int64) error {
	return func(ctx context.Context, rs *records.Store, itemID, siteID int64) error {
		s.ItemID = itemID
		return rs.SaveScience(ctx, &s, siteID, demoActor)
	}
}

func plan(p records.Plan) func(context.Context, *records.Store, int64, int64) error {
	return func(ctx context.Context, rs *records.Store, itemID, siteID int64) error {
		p.ItemID = itemID
		return rs.SavePlan(ctx, &p, siteID, demoActor)
	}
}

var demoRecords = []recordItem{
	{"du-an-dau-tu-dau-thau", content.Edit{Kind: content.Project, Slug: "duong-ven-song-doan-tran-bien",
		Title:   "Dự án đường ven sông Đồng Nai đoạn qua phường Trấn Biên",
		Summary: "Xây dựng tuyến đường ven sông dài 6,2 km kết hợp kè chống sạt lở và công viên ven sông.",
		Body:    `<p>Dự án gồm tuyến đường hai làn xe, vỉa hè, hệ thống thoát nước, chiếu sáng và kè bảo vệ bờ sông. Người dân theo dõi tiến độ và phản ánh tại mục Phản ánh, kiến nghị của Cổng.</p>`},
		project(records.Project{Code: "DA-GT-2025-014", Objective: "Kết nối giao thông ven sông, chống sạt lở bờ sông và tạo không gian công cộng cho người dân.",
			Field: "Giao thông", Type: "dau-tu-cong", Location: "Phường Trấn Biên, tỉnh Đồng Nai", Start: "2025-03-01", End: "2027-12-31",
			Budget: 1_250_000_000_000, Funding: "ngan-sach", Investor: "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh",
			Status: "dang-thuc-hien", Results: "Đến tháng 10 năm 2026 hoàn thành 58% khối lượng; đã thông xe kỹ thuật 2,1 km."})},
	{"du-an-dau-tu-dau-thau", content.Edit{Kind: content.Project, Slug: "mua-sam-thiet-bi-day-hoc-thcs-2026",
		Title:   "Gói thầu mua sắm thiết bị dạy học tối thiểu cho trường trung học cơ sở năm 2026",
		Summary: "Mua sắm thiết bị dạy học theo chương trình giáo dục phổ thông cho 24 trường trung học cơ sở.",
		Body:    `<p>Gói thầu được tổ chức đấu thầu rộng rãi qua mạng trên Hệ thống mạng đấu thầu quốc gia.</p>`},
		project(records.Project{Code: "MS-GD-2026-03", Objective: "Bảo đảm thiết bị dạy học tối thiểu cho lớp 6 đến lớp 9.", Field: "Giáo dục",
			Type: "mua-sam-cong", Location: "24 trường trung học cơ sở trên địa bàn tỉnh", Start: "2026-02-15", End: "2026-08-30",
			Budget: 38_600_000_000, Funding: "ngan-sach", Investor: "Sở Giáo dục và Đào tạo", Status: "hoan-thanh",
			Contractor: "Liên danh Thiết bị Giáo dục Phương Nam – Hòa Bình (tên minh họa)", ContractValue: 36_915_400_000,
			Results: "Đã bàn giao thiết bị cho 24 trường trước năm học 2026–2027."})},
	{"du-an-dau-tu-dau-thau", content.Edit{Kind: content.Project, Slug: "cap-nuoc-sach-nong-thon-ven-song",
		Title:   "Dự án cấp nước sạch nông thôn các xã ven sông",
		Summary: "Xây dựng nhà máy nước công suất 20.000 m³/ngày đêm và mạng lưới đường ống cho 5 xã.",
		Body:    `<p>Dự án sử dụng vốn vay ưu đãi và vốn đối ứng của tỉnh, đang hoàn thiện báo cáo nghiên cứu khả thi.</p>`},
		project(records.Project{Code: "DA-NN-2026-02", Objective: "Cung cấp nước sạch đạt quy chuẩn cho khoảng 60.000 người dân.", Field: "Nông nghiệp và môi trường",
			Type: "dau-tu-cong", Location: "Các xã ven sông Đồng Nai", Start: "2026-06-01", End: "2029-12-31",
			Budget: 420_000_000_000, Funding: "oda", Donor: "Ngân hàng Phát triển châu Á (ADB)",
			Investor: "Ban Quản lý dự án đầu tư xây dựng các công trình nông nghiệp tỉnh", Status: "chuan-bi"})},
	{"ngan-sach-tai-chinh", content.Edit{Kind: content.Statistics, Slug: "cong-khai-du-toan-ngan-sach-2026",
		Title:   "Công khai dự toán ngân sách địa phương năm 2026",
		Summary: "Số liệu dự toán thu, chi ngân sách địa phương năm 2026 đã được Hội đồng nhân dân tỉnh quyết định.",
		Body:    `<p>Thực hiện Luật Ngân sách nhà nước, Ủy ban nhân dân tỉnh công khai dự toán ngân sách địa phương năm 2026. Các biểu mẫu chi tiết kèm theo.</p>`},
		budget(records.Budget{Period: "2026", Type: "du-toan"})},
	{"ngan-sach-tai-chinh", content.Edit{Kind: content.Statistics, Slug: "thuc-hien-du-toan-ngan-sach-quy-3-2026",
		Title:   "Tình hình thực hiện dự toán ngân sách quý III năm 2026",
		Summary: "Thu ngân sách chín tháng đạt 78% dự toán; chi đầu tư phát triển đạt 65% kế hoạch.",
		Body:    `<p>Báo cáo tình hình thực hiện dự toán thu, chi ngân sách địa phương quý III năm 2026.</p>`},
		budget(records.Budget{Period: "2026-Q3", Type: "thuc-hien"})},
	{"thong-ke", content.Edit{Kind: content.Statistics, Slug: "ho-so-truc-tuyen-2025",
		Title:   "Hồ sơ thủ tục hành chính tiếp nhận trực tuyến năm 2025",
		Summary: "Số hồ sơ tiếp nhận, giải quyết và tỷ lệ đúng hạn theo quý năm 2025 (số liệu minh họa).",
		Body:    `<p>Số liệu tổng hợp từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.</p>`},
		statistic(records.Statistic{Period: "2025", Indicator: "Hồ sơ thủ tục hành chính tiếp nhận trực tuyến theo quý", Unit: "hồ sơ",
			Data:        "Quý,Tiếp nhận trực tuyến,Đã giải quyết,Tỷ lệ đúng hạn (%)\nQuý I,48.210,46.905,97.2\nQuý II,52.774,51.630,97.8\nQuý III,55.102,53.991,98.1\nQuý IV,58.465,56.012,98.4\n",
			Methodology: "Đếm hồ sơ nộp qua Cổng dịch vụ công của tỉnh; tỷ lệ đúng hạn tính trên số hồ sơ đã giải quyết trong kỳ.",
			Source:      "Trung tâm Phục vụ hành chính công tỉnh"})},
	{"thong-ke", content.Edit{Kind: content.Statistics, Slug: "gia-tri-san-xuat-nong-nghiep-thang-9-2026",
		Title:   "Giá trị sản xuất nông nghiệp tháng 9 năm 2026",
		Summary: "Giá trị sản xuất theo ngành trong tháng 9 năm 2026 (số liệu minh họa).",
		Body:    `<p>Số liệu ước tính, sẽ được điều chỉnh khi có số liệu chính thức.</p>`},
		statistic(records.Statistic{Period: "2026-09", Indicator: "Giá trị sản xuất nông nghiệp theo ngành", Unit: "tỷ đồng",
			Data:        "Ngành,Tháng 9 năm 2026,Cùng kỳ năm trước\nTrồng trọt,3.412,3.285\nChăn nuôi,2.950,2.874\nDịch vụ nông nghiệp,418,395\n",
			Methodology: "Ước tính theo giá so sánh năm 2010.", Source: "Sở Nông nghiệp và Môi trường"})},
	{"khoa-hoc-cong-nghe", content.Edit{Kind: content.Plan, Slug: "cam-bien-tuoi-tieu-cay-an-trai",
		Title:   "Nghiên cứu ứng dụng cảm biến trong tưới tiêu cho vườn cây ăn trái",
		Summary: "Nhiệm vụ khoa học cấp tỉnh xây dựng mô hình tưới tiết kiệm nước dựa trên cảm biến độ ẩm đất.",
		Body:    `<p>Nhiệm vụ xây dựng mô hình trình diễn tại hai hợp tác xã và chuyển giao quy trình cho nông dân.</p>`},
		science(records.Science{Code: "ĐTKHCN.2025-07", Level: "tinh", Field: "Nông nghiệp", Host: "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ tỉnh",
			Leader: "ThS. Lê Hoàng Minh (tên minh họa)", Start: "2025-04-01", End: "2027-03-31", Budget: 1_850_000_000, Status: "dang-thuc-hien",
			Results: "Đã lắp đặt hệ thống cảm biến tại 12 ha vườn thử nghiệm."})},
	{"khoa-hoc-cong-nghe", content.Edit{Kind: content.Plan, Slug: "du-lieu-mo-dich-vu-cong",
		Title:   "Xây dựng bộ dữ liệu mở phục vụ đánh giá chất lượng dịch vụ công",
		Summary: "Nhiệm vụ cấp cơ sở đã nghiệm thu, công bố bộ dữ liệu mở về hồ sơ thủ tục hành chính.",
		Body:    `<p>Bộ dữ liệu được công bố theo giấy phép mở, không chứa thông tin cá nhân.</p>`},
		science(records.Science{Code: "CS.2024-03", Level: "co-so", Field: "Công nghệ thông tin", Host: "Sở Khoa học và Công nghệ",
			Leader: "KS. Trần Thu Hà (tên minh họa)", Start: "2024-03-01", End: "2025-02-28", Budget: 320_000_000, Status: "hoan-thanh",
			Results: "Nghiệm thu đạt loại khá; bộ dữ liệu được đăng trên Cổng dữ liệu của tỉnh."})},
	{"chien-luoc-quy-hoach-ke-hoach", content.Edit{Kind: content.Plan, Slug: "ke-hoach-chuyen-doi-so-2026-2030",
		Title:   "Kế hoạch chuyển đổi số tỉnh giai đoạn 2026–2030",
		Summary: "Mục tiêu, nhiệm vụ và giải pháp chuyển đổi số trong cơ quan nhà nước, kinh tế số và xã hội số.",
		Body:    `<p>Kế hoạch xác định ba trụ cột: chính quyền số, kinh tế số và xã hội số, với các chỉ tiêu theo từng năm.</p>`},
		plan(records.Plan{Type: "ke-hoach", FromYear: 2026, ToYear: 2030, Decision: "215/QĐ-UBND", Decided: "2026-01-20",
			Results: "Năm 2026: 100% thủ tục đủ điều kiện được cung cấp trực tuyến toàn trình."})},
	{"chien-luoc-quy-hoach-ke-hoach", content.Edit{Kind: content.Plan, Slug: "chuong-trinh-phat-trien-du-lich-2025-2030",
		Title:   "Chương trình phát triển du lịch tỉnh giai đoạn 2025–2030",
		Summary: "Phát triển du lịch sinh thái, văn hóa ven sông và kết nối vùng.",
		Body:    `<p>Chương trình gồm các dự án hạ tầng du lịch, quảng bá và đào tạo nguồn nhân lực.</p>`},
		plan(records.Plan{Type: "chuong-trinh", FromYear: 2025, ToYear: 2030, Decision: "1048/QĐ-UBND", Decided: "2025-05-12"})},
}
