package demo

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
)

// demoRequests are invented citizen requests: two answered and
// published, one waiting for routing.
var demoRequests = []struct {
	sub    feedback.Submission
	answer string
}{
	{feedback.Submission{Category: feedback.Unsuitable, Title: "Giấy tờ nộp khi đăng ký hộ kinh doanh",
		Body: "Khi đăng ký hộ kinh doanh tôi được yêu cầu nộp bản sao chứng thực căn cước dù đã có dữ liệu dân cư. Đề nghị bỏ yêu cầu này.",
		Name: "Phạm Minh Tuấn", Address: "Phường Trấn Biên", Phone: "0900000001", Consent: true},
		"Theo quy định hiện hành, cơ quan đăng ký kinh doanh khai thác thông tin công dân từ Cơ sở dữ liệu quốc gia về dân cư; người đăng ký không phải nộp bản sao căn cước. Sở đã nhắc các bộ phận một cửa thực hiện đúng."},
	{feedback.Submission{Category: feedback.Obstacle, Title: "Chậm trả kết quả cấp đổi giấy phép lái xe",
		Body: "Hồ sơ cấp đổi giấy phép lái xe của tôi quá hẹn 7 ngày mà chưa có kết quả.",
		Name: "Đỗ Thị Hoa", Address: "Xã Long Thành", Email: "hoa@example.vn"},
		"Hồ sơ đã được giải quyết; đơn vị đã xin lỗi người dân vì trễ hẹn và bổ sung nhân lực tại bộ phận tiếp nhận."},
	{feedback.Submission{Category: feedback.Initiative, Title: "Đề nghị cho phép nộp hồ sơ xây dựng hoàn toàn trực tuyến",
		Body: "Đề nghị tỉnh cho phép nộp toàn bộ hồ sơ cấp phép xây dựng nhà ở riêng lẻ qua mạng, không phải nộp bản giấy.",
		Name: "Lê Quốc Bảo", Address: "Phường Long Bình", Phone: "0900000003"}, ""},
}

// fillFeedback files the demo requests on the main portal and takes the
// answered ones through the whole workflow, routed to the first unit of
// the directory and answered by the department editor as liaison.
func fillFeedback(ctx context.Context, db *store.DB, now func() time.Time, mainID int64, head *account.User) error {
	units, err := directory.NewStore(db, now).Units(ctx, mainID)
	if err != nil {
		return err
	}
	var unitID int64
	for _, u := range units {
		if u.ID != 0 {
			unitID = u.ID
			break
		}
	}
	// The department's editor is its liaison to the province's portal
	// (no new account: a password hash costs more than the rest).
	users := account.NewUsers(db, now)
	liaison, err := users.ByUsername(ctx, "bientap.khcn")
	if err != nil {
		return err
	}
	if err := users.Grant(ctx, liaison.ID, mainID, account.Liaison, demoActor); err != nil {
		return err
	}
	if liaison, err = users.ByID(ctx, liaison.ID); err != nil {
		return err
	}
	fb := feedback.NewStore(db, feedback.Options{Now: now})
	boss := feedback.Person{User: head, MainID: mainID, IP: "local"}
	answerer := feedback.Person{User: liaison, MainID: mainID, IP: "local"}
	for _, d := range demoRequests {
		sub := d.sub
		sub.SiteID, sub.IP = mainID, "local"
		r, _, err := fb.Submit(ctx, sub)
		if err != nil {
			return err
		}
		if d.answer == "" || unitID == 0 {
			continue
		}
		for _, st := range []struct {
			p   feedback.Person
			req feedback.StepRequest
		}{
			{boss, feedback.StepRequest{Action: feedback.Register}},
			{boss, feedback.StepRequest{Action: feedback.Accept}},
			{boss, feedback.StepRequest{Action: feedback.Assign, UnitID: unitID}},
			{answerer, feedback.StepRequest{Action: feedback.Answer, Answer: d.answer}},
			{boss, feedback.StepRequest{Action: feedback.Approve}},
		} {
			st.req.ID = r.ID
			if _, err := fb.Step(ctx, st.req, st.p); err != nil {
				return err
			}
		}
	}
	return nil
}
