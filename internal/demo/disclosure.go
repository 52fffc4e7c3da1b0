package demo

import (
	"context"

	"github.com/congportal/cong/internal/disclosure"
)

// The province's focal point for information requests and two pieces of
// information it published outside the portal (made up).
func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"disclosure", fillDisclosure})
}

func fillDisclosure(ctx context.Context, env *fillEnv) error {
	ds := disclosure.NewStore(env.db, env.now)
	main := env.sites["dong-nai"]
	if err := ds.SaveContact(ctx, &disclosure.Contact{SiteID: main, Unit: "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
		Person: "Bộ phận tiếp nhận yêu cầu cung cấp thông tin", Phone: "0251 3822 403", Email: "tiepcanthongtin@dongnai.gov.vn",
		Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Hours: "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu"},
		demoActor); err != nil {
		return err
	}
	for _, e := range []*disclosure.Entry{
		{SiteID: main, Name: "Thông báo kết quả lựa chọn nhà thầu gói thầu sửa chữa trụ sở", Number: "112/TB-VP", CreatedOn: "2026-10-05",
			Form: "Niêm yết tại trụ sở Văn phòng Ủy ban nhân dân tỉnh", PublishedOn: "2026-10-06", Duration: "30 ngày"},
		{SiteID: main, Name: "Công khai dự toán ngân sách năm 2026 của Văn phòng Ủy ban nhân dân tỉnh", Number: "05/QĐ-VP", CreatedOn: "2026-01-10",
			Form: "Đăng trên Báo Đồng Nai số ra ngày 15/01/2026", PublishedOn: "2026-01-15"},
	} {
		if err := ds.SaveEntry(ctx, e, demoActor); err != nil {
			return err
		}
	}
	return nil
}
