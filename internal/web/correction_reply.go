package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/workflow"
)

// replyToReader queues the answer to a reader who reported an error on a
// page and left an address (REQ-21), in the transaction that resolves
// the report: the page, what they wrote, what was done, and the public
// correction of the item when there is one. The mail is in Vietnamese
// with an English line, since reports come from the site's readers.
func (s *Server) replyToReader(ctx context.Context, tx *store.Tx, r workflow.ErrorReport, resolution string) error {
	name := "Cổng thông tin điện tử"
	if st, err := s.sites.ByID(ctx, r.SiteID); err == nil {
		name = st.DisplayName("vi")
	}
	page := s.absoluteURL(r.SiteID, r.Page)
	if r.ItemID != 0 {
		if it, err := s.content.Get(ctx, r.ItemID); err == nil && it.Live {
			page = s.absoluteURL(r.SiteID, it.URL())
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi bạn đọc,\n\n%s đã nhận phản ánh của bạn %s về trang:\n%s\n\n", name, vn.DateWords(r.CreatedAt.In(vn.ICT)), page)
	fmt.Fprintf(&b, "Nội dung bạn phản ánh:\n%s\n\nKết quả kiểm tra, xử lý:\n%s\n", r.Message, resolution)
	if r.ItemID != 0 {
		if list, err := s.corrections().ForItem(ctx, r.ItemID); err == nil && len(list) > 0 {
			fmt.Fprintf(&b, "\nThông báo đính chính:\n%s\n", s.absoluteURL(r.SiteID, fmt.Sprintf("/dinh-chinh/%d", list[0].ID)))
		}
	}
	b.WriteString("\nCảm ơn bạn đã giúp chúng tôi đưa thông tin chính xác hơn. Địa chỉ thư của bạn chỉ dùng để gửi thư này và đã được xóa khỏi hệ thống.\n")
	b.WriteString("\n(Answer to your report of an error on our portal; this message is in Vietnamese.)\n")
	return s.mail.Enqueue(ctx, tx, mail.Message{To: r.Email, Subject: "Trả lời phản ánh lỗi thông tin – " + name, Text: b.String()})
}

// reportInvalid turns a refused error report (a message too short or too
// long, an address that is not one) into the message the error page
// shows, since the form lives at the foot of the article: the reader
// reads what to fix and goes back to the form, which the browser keeps.
func reportInvalid(err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		return err
	}
	for _, m := range e.Fields {
		return apperr.New(apperr.Invalid, m.VI+" Hãy quay lại trang trước để sửa: nội dung bạn đã viết vẫn còn trong ô.",
			m.EN+" Go back to the previous page to fix it: what you wrote is still in the form.")
	}
	return err
}
