package demo

import (
	"context"

	"github.com/congportal/cong/internal/procedure"
	"github.com/congportal/cong/internal/vn"
)

// The province's catalogue of administrative procedures: ten made-up
// procedures (their codes are not the national database's) in four
// fields, at the province and commune levels, fully and partly online,
// with this year's and last year's figures.
func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"procedures", fillProcedures})
}

// dvcLink is the (made-up) address of a service on the National Public
// Service Portal.
func dvcLink(code string) string {
	return "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=" + code
}

func demoProcedures() []*procedure.Procedure {
	const (
		civil    = "Hộ tịch"
		land     = "Đất đai"
		science  = "Khoa học và công nghệ"
		trade    = "Công thương"
		commune  = "Ủy ban nhân dân cấp xã"
		methods  = "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia; trực tiếp tại Bộ phận Một cửa; hoặc qua dịch vụ bưu chính công ích. Nhận kết quả trực tuyến, tại Bộ phận Một cửa hoặc qua bưu chính."
		steps    = "Bước 1: Người yêu cầu nộp hồ sơ.\nBước 2: Bộ phận Một cửa kiểm tra, tiếp nhận hồ sơ và hẹn ngày trả kết quả.\nBước 3: Cơ quan có thẩm quyền giải quyết hồ sơ.\nBước 4: Trả kết quả cho người yêu cầu."
		presence = "Người yêu cầu phải có mặt để ký vào sổ, nhận kết quả (Nghị định 224/2026/NĐ-CP, Điều 14: yêu cầu có mặt trực tiếp)"
		site     = "Phải kiểm tra, xác minh thực địa trước khi cấp (Nghị định 224/2026/NĐ-CP, Điều 14: xác minh tại chỗ)"
	)
	p := func(code, name, field, agency string, level procedure.Level, full bool, proactive int, limit, fee, result string, dossier []procedure.Component, forms []procedure.Form, basis, reason string) *procedure.Procedure {
		x := &procedure.Procedure{Code: code, Name: name, Field: field, Level: level, Agency: agency, ServiceLevel: procedure.Full,
			Proactive: proactive, Steps: steps, Methods: methods, Dossier: dossier, TimeLimit: limit, Fees: fee, Result: result, Forms: forms,
			Subjects: "Công dân Việt Nam; tổ chức, doanh nghiệp có yêu cầu", LegalBasis: basis,
			Decision:   "Quyết định số 1234/QĐ-UBND ngày 15/8/2026 của Chủ tịch Ủy ban nhân dân tỉnh Đồng Nai (giả định, dữ liệu mẫu)",
			ServiceURL: dvcLink(code)}
		if !full {
			x.ServiceLevel, x.PartialReason, x.PartialBasis = procedure.Partial, reason, "Điều 14 Nghị định số 224/2026/NĐ-CP"
		}
		return x
	}
	one := func(name string) procedure.Component { return procedure.Component{Name: name, Originals: 1} }
	copyOf := func(name string) procedure.Component { return procedure.Component{Name: name, Copies: 1} }
	civilLaw := "Luật Hộ tịch năm 2014.\nNghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch."
	return []*procedure.Procedure{
		p("1.009101", "Đăng ký khai sinh", civil, commune, procedure.Commune, true, 2, "Ngay trong ngày tiếp nhận hồ sơ", "Miễn lệ phí",
			"Giấy khai sinh (bản chính) và trích lục khai sinh điện tử",
			[]procedure.Component{one("Tờ khai đăng ký khai sinh theo mẫu"), one("Giấy chứng sinh")},
			[]procedure.Form{{Name: "Tờ khai đăng ký khai sinh", URL: "https://example.gov.vn/mau/to-khai-khai-sinh.docx"}}, civilLaw, ""),
		p("1.009102", "Đăng ký kết hôn", civil, commune, procedure.Commune, false, 0, "Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh không quá 05 ngày làm việc", "Miễn lệ phí",
			"Giấy chứng nhận kết hôn", []procedure.Component{one("Tờ khai đăng ký kết hôn theo mẫu"), one("Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không cư trú)")},
			[]procedure.Form{{Name: "Tờ khai đăng ký kết hôn", URL: "https://example.gov.vn/mau/to-khai-ket-hon.docx"}}, civilLaw, presence),
		p("1.009103", "Đăng ký khai tử", civil, commune, procedure.Commune, true, 1, "Ngay trong ngày tiếp nhận hồ sơ", "Miễn lệ phí",
			"Trích lục khai tử", []procedure.Component{one("Tờ khai đăng ký khai tử theo mẫu"), one("Giấy báo tử hoặc giấy tờ thay giấy báo tử")}, nil, civilLaw, ""),
		p("1.009104", "Cấp bản sao trích lục hộ tịch", civil, commune, procedure.Commune, true, 0, "Ngay trong ngày tiếp nhận yêu cầu", "8.000 đồng/bản sao trích lục",
			"Bản sao trích lục hộ tịch", []procedure.Component{one("Tờ khai cấp bản sao trích lục hộ tịch theo mẫu")}, nil, civilLaw, ""),
		p("1.009201", "Đăng ký biến động quyền sử dụng đất, tài sản gắn liền với đất do thay đổi thông tin", land, "Sở Nông nghiệp và Môi trường", procedure.Province, false, 0,
			"Không quá 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Theo nghị quyết của Hội đồng nhân dân tỉnh về phí, lệ phí",
			"Giấy chứng nhận đã xác nhận nội dung biến động", []procedure.Component{one("Đơn đăng ký biến động đất đai, tài sản gắn liền với đất theo mẫu"), one("Giấy chứng nhận đã cấp"), copyOf("Giấy tờ chứng minh nội dung thay đổi")},
			[]procedure.Form{{Name: "Mẫu số 11/ĐK. Đơn đăng ký biến động", URL: "https://example.gov.vn/mau/11-dk.docx"}}, "Luật Đất đai năm 2024.\nNghị định số 101/2024/NĐ-CP về điều tra cơ bản đất đai; đăng ký, cấp giấy chứng nhận.", site),
		p("1.009202", "Cấp đổi giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", land, "Sở Nông nghiệp và Môi trường", procedure.Province, false, 0,
			"Không quá 07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Theo nghị quyết của Hội đồng nhân dân tỉnh về phí, lệ phí",
			"Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", []procedure.Component{one("Đơn đăng ký biến động theo mẫu"), one("Giấy chứng nhận đã cấp")}, nil,
			"Luật Đất đai năm 2024.\nNghị định số 101/2024/NĐ-CP.", site),
		p("1.009301", "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", science, "Sở Khoa học và Công nghệ", procedure.Province, true, 0,
			"10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Không", "Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
			[]procedure.Component{one("Đơn đăng ký hoạt động khoa học và công nghệ"), one("Quyết định thành lập tổ chức"), copyOf("Điều lệ tổ chức và hoạt động")},
			[]procedure.Form{{Name: "Mẫu 01. Đơn đăng ký hoạt động khoa học và công nghệ", URL: "https://example.gov.vn/mau/khcn-01.docx"}},
			"Luật Khoa học, công nghệ và đổi mới sáng tạo năm 2025.\nNghị định hướng dẫn về tổ chức khoa học và công nghệ (giả định).", ""),
		p("1.009302", "Cấp giấy phép tiến hành công việc bức xạ – sử dụng thiết bị X-quang chẩn đoán trong y tế", science, "Sở Khoa học và Công nghệ", procedure.Province, true, 3,
			"15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Phí thẩm định theo thông tư của Bộ Tài chính", "Giấy phép tiến hành công việc bức xạ",
			[]procedure.Component{one("Đơn đề nghị cấp giấy phép"), copyOf("Chứng chỉ nhân viên bức xạ của người phụ trách an toàn"), one("Báo cáo đánh giá an toàn bức xạ")}, nil,
			"Luật Năng lượng nguyên tử năm 2025 (giả định).", ""),
		p("1.009401", "Cấp giấy phép bán lẻ sản phẩm rượu", trade, "Sở Công Thương", procedure.Province, true, 0,
			"10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Theo thông tư của Bộ Tài chính về phí thẩm định kinh doanh hàng hóa hạn chế kinh doanh",
			"Giấy phép bán lẻ sản phẩm rượu", []procedure.Component{one("Đơn đề nghị cấp giấy phép bán lẻ sản phẩm rượu"), copyOf("Hợp đồng nguyên tắc với thương nhân sản xuất, phân phối rượu")},
			[]procedure.Form{{Name: "Mẫu số 01. Đơn đề nghị", URL: "https://example.gov.vn/mau/ruou-01.docx"}}, "Nghị định số 105/2017/NĐ-CP về kinh doanh rượu.", ""),
		p("1.009402", "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", trade, "Sở Công Thương", procedure.Province, false, 0,
			"20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ", "Phí thẩm định theo thông tư của Bộ Tài chính", "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
			[]procedure.Component{one("Đơn đề nghị cấp giấy chứng nhận"), one("Bản thuyết minh về cơ sở vật chất, trang thiết bị"), copyOf("Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất")}, nil,
			"Luật An toàn thực phẩm năm 2010.", "Phải thẩm định thực tế điều kiện an toàn thực phẩm tại cơ sở (Nghị định 224/2026/NĐ-CP, Điều 14: xác minh tại chỗ)"),
	}
}

func fillProcedures(ctx context.Context, env *fillEnv) error {
	ps := procedure.NewStore(env.db, env.now)
	main := env.sites["dong-nai"]
	var recs []procedure.Parsed[*procedure.Procedure]
	for i, p := range demoProcedures() {
		recs = append(recs, procedure.Parsed[*procedure.Procedure]{Line: i + 1, Record: p})
	}
	if _, err := ps.Import(ctx, main, recs, "dữ liệu mẫu", demoActor); err != nil {
		return err
	}
	year := env.now().In(vn.ICT).Year()
	var stats []procedure.Parsed[*procedure.Stats]
	for i, p := range demoProcedures() {
		k := i + 1
		online, total := 40*k+15, 60*k+90
		if p.ServiceLevel == procedure.Full {
			online = total - 7*k
		}
		resolved := total - 3*k
		stats = append(stats,
			procedure.Parsed[*procedure.Stats]{Line: 2 * k, Record: &procedure.Stats{Code: p.Code, Year: year, ReceivedOnline: online, ReceivedTotal: total,
				Resolved: resolved, OnTime: resolved - k%4}},
			procedure.Parsed[*procedure.Stats]{Line: 2*k + 1, Record: &procedure.Stats{Code: p.Code, Year: year - 1, ReceivedOnline: online / 2, ReceivedTotal: total + 20,
				Resolved: total + 18, OnTime: total + 18 - k}})
	}
	_, err := ps.ImportStats(ctx, main, stats, "dữ liệu mẫu", demoActor)
	return err
}
