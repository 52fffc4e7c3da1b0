package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/mail"
)

// The outbox page's text, merged into the catalogue at start.
func init() {
	for k, v := range map[string][2]string{
		"mail.title":    {"Thư đi", "Outgoing mail"},
		"mail.help":     {"Thư gửi công dân và cán bộ đi qua hàng đợi này: khi máy chủ thư không nhận, thư được gửi lại sau; sau lần thử cuối thư được giữ ở trạng thái lỗi. Địa chỉ người nhận được che một phần.", "Mail to citizens and staff goes through this queue: when the mail server refuses, it is tried again later; after the last attempt it stays here as failed. Recipients' addresses are partly hidden."},
		"mail.smtp.off": {"Chưa cấu hình máy chủ SMTP (--smtp-addr): thư đang chờ trong hàng đợi, chưa được gửi.", "No SMTP server is configured (--smtp-addr): mail waits in the queue and is not sent."},
		"mail.queued":   {"Đang chờ gửi", "Queued"},
		"mail.sent":     {"Đã gửi", "Sent"},
		"mail.failed":   {"Lỗi", "Failed"},
		"mail.to":       {"Người nhận", "To"},
		"mail.subject":  {"Tiêu đề", "Subject"},
		"mail.status":   {"Trạng thái", "Status"},
		"mail.attempts": {"Số lần thử", "Attempts"},
		"mail.error":    {"Lỗi gần nhất", "Last error"},
		"mail.created":  {"Tạo lúc", "Queued at"},
		"mail.retry":    {"Gửi lại", "Send again"},
		"mail.retried":  {"Đã đưa thư vào hàng đợi để gửi lại.", "The message is queued to be sent again."},
		"mail.none":     {"Chưa có thư nào.", "No mail yet."},
	} {
		messages[k] = v
	}
}

type mailPage struct {
	*AdminPage
	Counts     map[string]listCount
	Entries    []mail.Entry
	Configured bool
	Retried    bool
}

// Masked hides most of a recipient's address (personal data).
func (p *mailPage) Masked(addr string) string { return mail.Masked(addr) }

// StatusLabel names an outbox status in the page's language.
func (p *mailPage) StatusLabel(status string) string { return p.T("mail." + status) }

// mailList is GET /quan-tri/thu-di: the outbox, for administrators of the
// installation (settings.manage).
func (s *Server) mailList(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSettings); err != nil {
		return err
	}
	counts, err := s.mail.Counts(r.Context())
	if err != nil {
		return err
	}
	entries, err := s.mail.List(r.Context(), r.URL.Query().Get("trang-thai"), 200)
	if err != nil {
		return err
	}
	shown := map[string]listCount{}
	for st, n := range counts {
		shown[st] = countOf(n, mail.CountCap)
	}
	p := &mailPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "mail.title")), Counts: shown, Entries: entries,
		Configured: s.mail.Configured(), Retried: r.URL.Query().Get("gui-lai") == "1"}
	return s.tmpl.render(w, http.StatusOK, "admin/mail", p)
}

// mailRetry is POST /quan-tri/thu-di/{id}/gui-lai: a failed message back
// in the queue.
func (s *Server) mailRetry(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.ManageSettings); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.mail.Retry(r.Context(), id, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/thu-di?gui-lai=1", http.StatusSeeOther)
	return nil
}
