package feedback

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Limits of what one request may carry. Text beyond them is refused with
// a message, never cut: a sender must know what was stored.
const (
	MaxTitle       = 300
	MaxBody        = 20000
	MaxField       = 300
	MaxAttachments = 3
	MaxFileBytes   = 5 << 20
)

// File is an attachment as uploaded.
type File struct {
	Name string
	Data []byte
}

// Submission is what a sender fills in (Decree 20/2008 Art. 7).
type Submission struct {
	SiteID   int64
	Category Category
	UnitID   int64
	Title    string
	Body     string
	Name     string
	Address  string
	Phone    string
	Email    string
	Consent  bool
	Files    []File
	Source   string // "web" or "open311"
	Lat, Lon string
	IP       string
	// Also, when set, runs last in the transaction that stores the
	// request, with the request and its private link's secret: what the
	// caller records there (the captcha solution spent, the answer kept
	// for an idempotency key) is stored if and only if the request is.
	Also func(ctx context.Context, tx *store.Tx, r *Request, token string) error
}

// validate cleans the text of a submission and reports every problem at
// once, per form field, so the sender can fix them in one go.
func (sub *Submission) validate() error {
	sub.Title, sub.Name, sub.Address = vn.Clean(sub.Title), vn.Clean(sub.Name), vn.Clean(sub.Address)
	sub.Phone, sub.Email, sub.Body = vn.Clean(sub.Phone), vn.Clean(sub.Email), vn.CleanMultiline(sub.Body)
	e := &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Phản ánh chưa gửi được: xin sửa các mục được nêu.", EN: "The request was not sent: please correct the fields named."},
		Fields: map[string]apperr.Msg{}}
	add := func(field, vi, en string) {
		if _, ok := e.Fields[field]; !ok {
			e.Fields[field] = apperr.Msg{VI: vi, EN: en}
		}
	}
	tooLong := func(field, label, en, v string, max int) {
		if utf8.RuneCountInString(v) > max {
			add(field, fmt.Sprintf("%s dài quá %d ký tự.", label, max), fmt.Sprintf("%s is longer than %d characters.", en, max))
		}
	}
	if sub.Name == "" {
		add("name", "Xin ghi họ và tên.", "Give your full name.")
	}
	if sub.Address == "" {
		add("address", "Xin ghi địa chỉ liên hệ.", "Give your address.")
	}
	if sub.Phone == "" && sub.Email == "" {
		add("phone", "Xin ghi số điện thoại hoặc thư điện tử để cơ quan liên hệ.", "Give a phone number or an email address.")
	}
	if sub.Phone != "" && !ValidPhone(sub.Phone) {
		add("phone", "Số điện thoại không hợp lệ (8 đến 15 chữ số).", "The phone number is not valid (8 to 15 digits).")
	}
	if sub.Email != "" {
		if a, err := mail.ParseAddress(sub.Email); err != nil || a.Address != sub.Email || len(sub.Email) > 254 {
			add("email", "Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid.")
		}
	}
	if !sub.Category.Valid() {
		add("category", "Xin chọn nội dung phản ánh, kiến nghị.", "Choose what the request is about.")
	}
	if sub.Title == "" {
		add("title", "Xin ghi tiêu đề.", "Give a title.")
	}
	if sub.Body == "" {
		add("body", "Xin ghi nội dung phản ánh, kiến nghị.", "Write the request.")
	}
	tooLong("name", "Họ và tên", "The name", sub.Name, MaxField)
	tooLong("address", "Địa chỉ", "The address", sub.Address, MaxField)
	tooLong("title", "Tiêu đề", "The title", sub.Title, MaxTitle)
	tooLong("body", "Nội dung", "The text", sub.Body, MaxBody)
	if len(sub.Files) > MaxAttachments {
		add("files", fmt.Sprintf("Chỉ gửi được tối đa %d tệp đính kèm.", MaxAttachments), fmt.Sprintf("At most %d attachments.", MaxAttachments))
	}
	if len(e.Fields) > 0 {
		return e
	}
	return nil
}

// ValidPhone reports whether p looks like a phone number: 8 to 15 digits
// with the usual separators.
func ValidPhone(p string) bool {
	digits := 0
	for _, r := range p {
		switch {
		case unicode.IsDigit(r):
			digits++
		case r == '+' || r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// Initials are the first letters of each word of a name: "Nguyễn Văn An"
// → "N.V.A.".
func Initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			b.WriteString(strings.ToUpper(string(r)) + ".")
		}
	}
	return b.String()
}

// Screen finds the prohibited terms (Art. 6) of the site's list in the
// text of a submission. A match holds the request for a person to
// review; it is never dropped.
func Screen(ctx context.Context, q store.Querier, siteID int64, texts ...string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT term FROM prohibited_terms WHERE site_id = ? OR site_id IS NULL ORDER BY term`, siteID)
	if err != nil {
		return nil, err
	}
	var terms []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		terms = append(terms, t)
	}
	rows.Close()
	if len(terms) == 0 {
		return nil, rows.Err()
	}
	var found []string
	seen := map[string]bool{}
	for _, t := range texts {
		// Check reads HTML: the plain text is escaped so that a "<" in a
		// request is text, as it will be on every page.
		for _, p := range richtext.Check("<p>"+html.EscapeString(t)+"</p>", richtext.CheckOptions{Prohibited: terms}) {
			if p.Code == richtext.CodeProhibited && !seen[p.Term] {
				seen[p.Term] = true
				found = append(found, p.Term)
			}
		}
	}
	return found, nil
}

// Submit stores a new request with its attachments, deadlines, first
// timeline entry, audit entry and confirmation mail in one transaction,
// and returns it with the secret of its private link (shown once).
// msgArchivedSite refuses a request to an archived site.
var msgArchivedSite = apperr.Msg{
	VI: "Trang này đã ngừng cập nhật và được lưu trữ, không nhận phản ánh, kiến nghị. Xin gửi đến cổng thông tin chính.",
	EN: "This site is archived and accepts no feedback. Please write to the main portal."}

// openSite is the site that takes a request sent to siteID: a merged
// site's goes to the site it was merged into (today's, after several
// merges), and an archived site takes none. Every way in — the form, the
// Open311 API — passes through Submit, so that no request lands where
// nobody handles it.
func (s *Store) openSite(ctx context.Context, siteID int64) (int64, error) {
	for range 16 { // a merge never makes a cycle; 16 is far more than any chain
		var status string
		var into sql.NullInt64
		err := s.db.QueryRow(ctx, `SELECT status, merged_into FROM sites WHERE id = ?`, siteID).Scan(&status, &into)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, apperr.New(apperr.NotFound, "Không tìm thấy trang nhận phản ánh.", "No such site.")
		}
		if err != nil {
			return 0, err
		}
		switch {
		case into.Valid:
			siteID = into.Int64
		case status == "archived":
			return 0, apperr.New(apperr.Forbidden, msgArchivedSite.VI, msgArchivedSite.EN)
		default:
			return siteID, nil
		}
	}
	return 0, fmt.Errorf("site %d: merged into a chain of more than 16 sites", siteID)
}

func (s *Store) Submit(ctx context.Context, sub Submission) (*Request, string, error) {
	// Whether the site takes requests at all comes first: the sender of a
	// request nobody would handle is told that, not what to fill in.
	siteID, err := s.openSite(ctx, sub.SiteID)
	if err != nil {
		return nil, "", err
	}
	sub.SiteID = siteID
	if err := sub.validate(); err != nil {
		return nil, "", err
	}
	if sub.Source == "" {
		sub.Source = "web"
	}
	var files []*media.Cleaned
	for _, f := range sub.Files {
		c, err := media.Clean(ctx, f.Name, f.Data, MaxFileBytes)
		if err != nil {
			if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
				m := e.Fields["file"]
				return nil, "", apperr.Field("files", vn.Clean(f.Name)+": "+m.VI, vn.Clean(f.Name)+": "+m.EN)
			}
			return nil, "", err
		}
		files = append(files, c)
	}
	if sub.UnitID != 0 {
		var n int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM directory_units WHERE id = ? AND site_id = ?`, sub.UnitID, sub.SiteID).Scan(&n); err != nil {
			return nil, "", err
		}
		if n == 0 {
			return nil, "", apperr.Field("unit", "Đơn vị được chọn không thuộc cổng này.", "The unit chosen is not one of this site's.")
		}
	}
	now := s.o.Now().UTC()
	d, err := s.deadlines(ctx, now, sub.Category)
	if err != nil {
		return nil, "", err
	}
	token, hash := newToken()
	// The site's address is looked up before the transaction: inside it,
	// a second connection from the pool could wait for ever behind the
	// transactions that hold them all (PostgreSQL).
	base := s.o.BaseURL(sub.SiteID, "")
	r := &Request{SiteID: sub.SiteID, Category: sub.Category, UnitID: sub.UnitID, Title: sub.Title, Body: sub.Body,
		Name: sub.Name, Initials: Initials(sub.Name), Address: sub.Address, Phone: sub.Phone, Email: sub.Email,
		Consent: sub.Consent, State: Received, Source: sub.Source, Lat: sub.Lat, Lon: sub.Lon, ReceivedAt: now,
		ForwardDue: d.forward.UTC(), AnswerDue: d.answer.UTC(), UpdatedAt: now}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		held, err := Screen(ctx, tx, sub.SiteID, sub.Title, sub.Body, sub.Name, sub.Address)
		if err != nil {
			return err
		}
		if len(held) > 0 {
			r.State, r.HeldTerms = Held, strings.Join(held, ", ")
		}
		// The row goes in under a provisional code (the secret's hash is
		// unique) until its id gives it its number.
		if err := tx.QueryRow(ctx, `INSERT INTO feedback_requests (code, token_hash, site_id, category, unit_id, title, body,
			name, initials, address, phone, email, consent, state, held_terms, source, lat, lon, client_ip, received_at,
			forward_due, answer_due, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			"tam-"+hash, hash, r.SiteID, r.Category, nullID(r.UnitID), r.Title, r.Body, r.Name, r.Initials, r.Address, r.Phone,
			r.Email, r.Consent, r.State, r.HeldTerms, r.Source, r.Lat, r.Lon, sub.IP, now, r.ForwardDue, r.AnswerDue,
			now).Scan(&r.ID); err != nil {
			return err
		}
		for _, f := range files {
			a := &Attachment{RequestID: r.ID, Name: f.Name, Mime: f.Mime, Size: int64(len(f.Data))}
			if err := tx.QueryRow(ctx, `INSERT INTO feedback_attachments (request_id, name, mime, size, data)
				VALUES (?, ?, ?, ?, ?) RETURNING id`, r.ID, a.Name, a.Mime, a.Size,
				base64.StdEncoding.EncodeToString(f.Data)).Scan(&a.ID); err != nil {
				return err
			}
			r.Attachments = append(r.Attachments, a)
		}
		// The sender sees "received" even while the request is held:
		// the hold is the staff's business, and nothing is lost.
		if err := event(ctx, tx, r.ID, now, 0, "", "submit", Received, true, ""); err != nil {
			return err
		}
		if r.State == Held {
			if err := event(ctx, tx, r.ID, now, 0, "", "held", Held, false, r.HeldTerms); err != nil {
				return err
			}
		}
		r.Code = codeFor(r.ID, now)
		if _, err := tx.Exec(ctx, `UPDATE feedback_requests SET code = ? WHERE id = ?`, r.Code, r.ID); err != nil {
			return err
		}
		actor := audit.Actor{Name: "citizen", IP: sub.IP}
		if err := audit.Record(ctx, tx, actor.Entry("feedback.submit", r.SiteID, r.Code, string(r.State))); err != nil {
			return err
		}
		if err := s.confirm(ctx, tx, r, base+LinkPath(r.Code, token)); err != nil {
			return err
		}
		if sub.Also != nil {
			return sub.Also(ctx, tx, r, token)
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("submit feedback: %w", err)
	}
	return r, token, nil
}

// LinkPath is the site path of a request's private page.
func LinkPath(code, token string) string { return "/phan-anh-kien-nghi/" + code + "/" + token }

// confirm queues the receipt mail to the sender, if they gave an email.
func (s *Store) confirm(ctx context.Context, tx *store.Tx, r *Request, link string) error {
	if s.o.Notify == nil || r.Email == "" {
		return nil
	}
	text := fmt.Sprintf("Kính gửi %s,\n\nCổng thông tin đã tiếp nhận phản ánh, kiến nghị của Ông/Bà:\n\n  Mã số: %s\n  Tiêu đề: %s\n  Ngày tiếp nhận: %s\n\n"+
		"Ông/Bà theo dõi tình trạng xử lý tại:\n%s\n\nĐường dẫn này là riêng của Ông/Bà; xin không chia sẻ.\n\n"+
		"--\nReceipt of your request %s. Follow it at the link above.\n",
		r.Name, r.Code, r.Title, vn.DateWords(r.ReceivedAt.In(vn.ICT)), link, r.Code)
	return s.o.Notify(ctx, tx, r.Email, "Đã tiếp nhận phản ánh, kiến nghị "+r.Code, text)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
