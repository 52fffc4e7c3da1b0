package demo

import (
	"context"

	"github.com/congportal/cong/internal/a11y"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/vn"
)

// The official channels of the main portal and the department (made-up
// addresses and numbers, no one's personal data), and the main portal's
// accessibility statement; the department keeps the default statement,
// so both kinds show.
func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"channels", fillChannels})
}

func fillChannels(ctx context.Context, env *fillEnv) error {
	now := env.now()
	daysAgo := func(n int) string { return vn.Day(now.AddDate(0, 0, -n)) }
	main, dept := env.sites["dong-nai"], env.sites["so-khcn"]
	cs := channel.NewStore(env.db, env.now)
	for _, c := range []*channel.Channel{
		{SiteID: main, Kind: channel.Social, Name: "Trang Facebook “Thông tin Đồng Nai” (bản thử nghiệm)", Link: "https://www.facebook.com/thongtindongnai.demo", VerifiedOn: daysAgo(12)},
		{SiteID: main, Kind: channel.Social, Name: "Zalo Official Account của Ủy ban nhân dân tỉnh (bản thử nghiệm)", Link: "https://zalo.me/thongtindongnai-demo", VerifiedOn: daysAgo(12),
			Note: "Nhận phản ánh, kiến nghị trong giờ hành chính"},
		{SiteID: main, Kind: channel.Social, Name: "Kênh YouTube “Đồng Nai hôm nay” (bản thử nghiệm)", Link: "https://www.youtube.com/@dongnaihomnay-demo", VerifiedOn: daysAgo(30)},
		{SiteID: main, Kind: channel.App, Name: "Ứng dụng “Đồng Nai số” trên Android (bản thử nghiệm)", Link: "https://play.google.com/store/apps/details?id=vn.gov.dongnai.demo", VerifiedOn: daysAgo(30)},
		{SiteID: main, Kind: channel.Hotline, Name: "Tổng đài tiếp nhận phản ánh", Link: "0251 3822 404", VerifiedOn: daysAgo(5), Note: "Từ 7 giờ đến 21 giờ hằng ngày"},
		{SiteID: dept, Kind: channel.Social, Name: "Trang Facebook của Sở Khoa học và Công nghệ (bản thử nghiệm)", Link: "https://www.facebook.com/sokhcndongnai.demo", VerifiedOn: daysAgo(20)},
		{SiteID: dept, Kind: channel.Hotline, Name: "Đường dây nóng về đo lường, chất lượng", Link: "0251 3822 298", VerifiedOn: daysAgo(20), Note: "Giờ hành chính, thứ Hai đến thứ Sáu"},
	} {
		if err := cs.Save(ctx, c, demoActor); err != nil {
			return err
		}
	}
	return a11y.NewStore(env.db, env.now).Save(ctx, &a11y.Statement{SiteID: main, Standard: "WCAG 2.1", Level: "AA",
		Methods: "Kiểm tra tự động bằng axe-core (tiêu chí mức A và AA của WCAG 2.1) trên mọi loại trang, ở độ rộng 320 và 1280 điểm ảnh, mỗi lần cập nhật phần mềm.\n" +
			"Dùng thử mọi biểu mẫu chỉ bằng bàn phím.\n" +
			"Nghe các trang chính bằng trình đọc màn hình NVDA (Windows) và TalkBack (Android).\n" +
			"Đo độ tương phản giữa chữ và nền (tối thiểu 4,5:1) ở cả chế độ thường và chế độ tương phản cao.",
		KnownIssues: "Bản đồ địa giới hành chính ở trang Giới thiệu là ảnh; bản mô tả bằng chữ đang được soạn.\n" +
			"Một số tệp PDF văn bản đăng trước năm 2020 là ảnh quét, chưa có lớp chữ; hãy liên hệ để nhận bản chữ.",
		Contact:    "Ban Biên tập Cổng thông tin điện tử tỉnh\nThư điện tử: banbientap@dongnai.gov.vn\nĐiện thoại: 0251 3822 403 (giờ hành chính)",
		ReviewedOn: daysAgo(7)}, demoActor)
}
