package demo

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/store"
)

// demoDraftText is an invented draft regulation with chapters, articles,
// clauses and points, so every kind of comment control shows.
const demoDraftText = `ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
QUYẾT ĐỊNH
Ban hành Quy định về quản lý, vận hành hệ thống camera giám sát công cộng trên địa bàn tỉnh

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc đầu tư, quản lý, vận hành, khai thác và bảo vệ dữ liệu của hệ thống camera giám sát công cộng trên địa bàn tỉnh Đồng Nai.

Điều 2. Đối tượng áp dụng
1. Cơ quan, đơn vị quản lý, vận hành hệ thống camera giám sát công cộng.
2. Tổ chức, cá nhân có camera kết nối vào hệ thống của tỉnh.

Điều 3. Nguyên tắc quản lý
1. Hình ảnh chỉ được sử dụng cho mục đích bảo đảm an ninh, trật tự, an toàn giao thông và quản lý đô thị.
2. Dữ liệu hình ảnh có chứa thông tin cá nhân được bảo vệ theo Luật Bảo vệ dữ liệu cá nhân:
a) Không công khai hình ảnh nhận dạng được cá nhân, trừ trường hợp luật định;
b) Chỉ người được giao nhiệm vụ mới được truy cập dữ liệu;
c) Mọi lần truy cập đều được ghi nhật ký.

Chương II
VẬN HÀNH VÀ LƯU TRỮ

Điều 4. Thời gian lưu trữ dữ liệu
Dữ liệu hình ảnh được lưu trữ tối thiểu 30 ngày kể từ ngày ghi hình.

Điều 5. Kết nối camera của tổ chức, cá nhân
1. Việc kết nối là tự nguyện, trên cơ sở thỏa thuận bằng văn bản.
2. Chi phí kết nối do ngân sách tỉnh bảo đảm.

Điều 6. Tổ chức thực hiện
Sở Khoa học và Công nghệ chủ trì, phối hợp với Công an tỉnh hướng dẫn thực hiện Quy định này.
`

// fillConsult posts two drafts on the main portal: one open for comment
// with a few published comments, and one whose period ended, with every
// comment handled and the synthesis published.
func fillConsult(ctx context.Context, db *store.DB, now func() time.Time, mainID int64, editor, head *account.User) error {
	ed := consult.Person{User: editor, MainID: mainID, IP: "local"}
	hd := consult.Person{User: head, MainID: mainID, IP: "local"}
	det := consult.Details{DocKind: "Quyết định", Agency: "Sở Khoa học và Công nghệ", RecvUnit: "Phòng Bưu chính, Viễn thông và Chuyển đổi số",
		RecvAddress: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", RecvEmail: "gopy@example.vn", RecvPhone: "0251 3822 000"}

	// The closed one: opened 30 days ago for 21 days.
	past := now().Add(-30 * 24 * time.Hour)
	pastStore := consult.NewStore(db, consult.Options{Now: func() time.Time { return past }})
	det.Title = "Dự thảo Quyết định ban hành Quy định về quản lý, vận hành hệ thống camera giám sát công cộng trên địa bàn tỉnh"
	det.Summary = "Dự thảo quy định việc đầu tư, vận hành, khai thác và bảo vệ dữ liệu của hệ thống camera giám sát công cộng."
	d, err := pastStore.Create(ctx, mainID, det, demoDraftText, ed)
	if err != nil {
		return err
	}
	if _, err := pastStore.Open(ctx, d.ID, consult.OpenRequest{OpensAt: past, ClosesAt: past.Add(21 * 24 * time.Hour)}, ed); err != nil {
		return err
	}
	closed := []struct {
		sub         consult.Submission
		handling    consult.Handling
		explanation string
	}{
		{consult.Submission{Anchor: "dieu-4", Name: "Nguyễn Thị Lan", Display: consult.ShowFull, Email: "lan@example.vn",
			Body: "Đề nghị nâng thời gian lưu trữ lên 90 ngày để phục vụ điều tra các vụ việc phát hiện muộn."},
			consult.Partly, "Nâng thời gian lưu trữ tối thiểu lên 60 ngày; dữ liệu liên quan vụ việc được lưu đến khi giải quyết xong."},
		{consult.Submission{Anchor: "dieu-3-khoan-2-diem-a", Name: "Trần Văn Hùng", Display: consult.ShowInitials, Phone: "0900000011",
			Body: "Cần quy định rõ các trường hợp luật định được công khai hình ảnh."},
			consult.Accepted, "Đã bổ sung dẫn chiếu các trường hợp tại Luật Bảo vệ dữ liệu cá nhân."},
		{consult.Submission{Anchor: "dieu-5-khoan-2", AuthorKind: consult.Organisation, Organisation: "Hiệp hội Doanh nghiệp tỉnh", Name: "Lê Minh", Email: "hiephoi@example.vn",
			Body: "Đề nghị doanh nghiệp tự chịu chi phí kết nối để giảm gánh nặng ngân sách."},
			consult.NotAccepted, "Giữ như dự thảo: kết nối là tự nguyện, ngân sách bảo đảm để khuyến khích tham gia."},
	}
	for _, c := range closed {
		c.sub.DraftID = d.ID
		got, err := pastStore.Submit(ctx, c.sub)
		if err != nil {
			return err
		}
		if _, err := pastStore.Moderate(ctx, got.ID, consult.Publish, "", ed); err != nil {
			return err
		}
	}
	cs := consult.NewStore(db, consult.Options{Now: now})
	list, err := cs.Comments(ctx, d.ID, consult.CommentFilter{})
	if err != nil {
		return err
	}
	for i, c := range list {
		if _, err := cs.Handle(ctx, c.ID, closed[i].handling, closed[i].explanation, "", ed); err != nil {
			return err
		}
	}
	if _, err := cs.PublishSynthesis(ctx, d.ID, "Sở Khoa học và Công nghệ đã tiếp thu, hoàn thiện dự thảo và trình Ủy ban nhân dân tỉnh.", hd); err != nil {
		return err
	}

	// The open one: opened yesterday for 20 days.
	det.Title = "Dự thảo Nghị quyết quy định mức hỗ trợ chuyển đổi số cho hợp tác xã trên địa bàn tỉnh"
	det.DocKind, det.Summary = "Nghị quyết", "Mức và điều kiện hỗ trợ hợp tác xã ứng dụng công nghệ số trong sản xuất, kinh doanh."
	open := now().Add(-24 * time.Hour)
	openStore := consult.NewStore(db, consult.Options{Now: func() time.Time { return open }})
	d, err = openStore.Create(ctx, mainID, det, demoOpenText, ed)
	if err != nil {
		return err
	}
	if _, err := openStore.Open(ctx, d.ID, consult.OpenRequest{OpensAt: open, ClosesAt: open.Add(20 * 24 * time.Hour)}, ed); err != nil {
		return err
	}
	for _, sub := range []consult.Submission{
		{Anchor: "dieu-2-khoan-1", Name: "Võ Thanh Tâm", Display: consult.ShowFull, Email: "tam@example.vn",
			Body: "Đề nghị mở rộng đối tượng cho cả tổ hợp tác, không chỉ hợp tác xã."},
		{Anchor: "", Name: "Hồ Thị Mai", Display: consult.ShowAnonymous, Phone: "0900000012",
			Body: "Dự thảo cần có lộ trình giải ngân rõ ràng theo từng năm."},
	} {
		sub.DraftID = d.ID
		got, err := cs.Submit(ctx, sub)
		if err != nil {
			return err
		}
		if _, err := cs.Moderate(ctx, got.ID, consult.Publish, "", ed); err != nil {
			return err
		}
	}
	return nil
}

const demoOpenText = `HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG NAI
NGHỊ QUYẾT
Quy định mức hỗ trợ chuyển đổi số cho hợp tác xã trên địa bàn tỉnh

Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định nội dung, mức hỗ trợ hợp tác xã ứng dụng công nghệ số giai đoạn 2027 – 2030.

Điều 2. Đối tượng áp dụng
1. Hợp tác xã, liên hiệp hợp tác xã đang hoạt động trên địa bàn tỉnh.
2. Cơ quan, tổ chức, cá nhân có liên quan.

Điều 3. Nội dung và mức hỗ trợ
1. Hỗ trợ 50% chi phí thuê phần mềm quản lý, tối đa 20 triệu đồng mỗi năm.
2. Hỗ trợ 100% chi phí đào tạo kỹ năng số cho cán bộ quản lý hợp tác xã:
a) Tối đa 2 người mỗi hợp tác xã mỗi năm;
b) Khóa đào tạo do cơ sở được cấp phép tổ chức.

Điều 4. Nguồn kinh phí
Ngân sách tỉnh bố trí trong dự toán hằng năm của Sở Khoa học và Công nghệ.

Điều 5. Tổ chức thực hiện
Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này.
`
