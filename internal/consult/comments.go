package consult

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Limits of one comment.
const (
	MaxComment   = 20000 // characters
	MaxFileBytes = 5 << 20
)

// Upload is a file sent with a comment.
type Upload struct {
	Name string
	Data []byte
}

// Submission is a comment as a citizen sends it, or as staff enter one
// received by mail, email or in a meeting.
type Submission struct {
	DraftID      int64
	Anchor       string // "" for the draft as a whole
	Version      int    // the version the form showed; 0 = the current one
	AuthorKind   AuthorKind
	Name         string
	Organisation string
	Display      Display
	Email        string
	Phone        string
	Body         string
	File         *Upload
	Channel      Channel // Web for the public form
	IP           string
	// ReceivedAt is when a comment entered by staff reached the unit;
	// zero for now.
	ReceivedAt time.Time
	// Also, when set, runs last in the transaction that stores the
	// comment (the captcha solution spent, an idempotency answer kept).
	Also func(ctx context.Context, tx *store.Tx, c *Comment) error
}

func (sub *Submission) validate(staff bool) *apperr.Error {
	sub.Name, sub.Organisation = repaired(sub.Name, false), repaired(sub.Organisation, false)
	sub.Email, sub.Phone = vn.Clean(sub.Email), vn.Clean(sub.Phone)
	sub.Body = repaired(sub.Body, true)
	sub.Anchor = strings.TrimPrefix(vn.Clean(sub.Anchor), "#")
	e := invalid("Ý kiến chưa gửi được: xin sửa các mục được nêu.", "The comment was not sent: please correct the fields named.")
	add := func(field, vi, en string) {
		if _, ok := e.Fields[field]; !ok {
			e.Fields[field] = apperr.Msg{VI: vi, EN: en}
		}
	}
	if sub.AuthorKind == "" {
		sub.AuthorKind = Citizen
	}
	if !slices.Contains(AuthorKinds, sub.AuthorKind) {
		add("author_kind", "Xin chọn người góp ý là cá nhân, tổ chức, cơ quan hay chuyên gia.", "Choose who is commenting.")
	}
	if sub.Display == "" {
		sub.Display = ShowFull
	}
	if sub.Display != ShowFull && sub.Display != ShowInitials && sub.Display != ShowAnonymous {
		add("display", "Xin chọn cách hiển thị tên.", "Choose how the name is shown.")
	}
	if sub.Name == "" && sub.Organisation == "" {
		add("name", "Xin ghi họ và tên, hoặc tên tổ chức.", "Give your name or your organisation's.")
	}
	if sub.AuthorKind != Citizen && sub.Organisation == "" {
		add("organisation", "Xin ghi tên tổ chức, cơ quan.", "Give the organisation's name.")
	}
	if !staff && sub.Email == "" && sub.Phone == "" {
		add("email", "Xin ghi thư điện tử hoặc số điện thoại (không công khai) để cơ quan soạn thảo liên hệ khi cần.", "Give an email address or a phone number (never published) so the drafting agency can reach you.")
	}
	if sub.Email != "" {
		if a, err := mail.ParseAddress(sub.Email); err != nil || a.Address != sub.Email || len(sub.Email) > 254 {
			add("email", "Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid.")
		}
	}
	if sub.Phone != "" && !feedback.ValidPhone(sub.Phone) {
		add("phone", "Số điện thoại không hợp lệ (8 đến 15 chữ số).", "The phone number is not valid (8 to 15 digits).")
	}
	if sub.Body == "" {
		add("body", "Xin ghi nội dung góp ý.", "Write your comment.")
	}
	if n := utf8.RuneCountInString(sub.Body); n > MaxComment {
		add("body", fmt.Sprintf("Nội dung góp ý dài %d ký tự, quá mức %d ký tự: xin rút gọn, hoặc gửi phần chi tiết thành tệp PDF đính kèm.", n, MaxComment),
			fmt.Sprintf("The comment is %d characters long, over the %d limit: shorten it, or attach the details as a PDF.", n, MaxComment))
	}
	for field, v := range map[string]string{"name": sub.Name, "organisation": sub.Organisation} {
		if utf8.RuneCountInString(v) > MaxField {
			add(field, fmt.Sprintf("Dài quá %d ký tự.", MaxField), fmt.Sprintf("Longer than %d characters.", MaxField))
		}
	}
	if staff && !slices.Contains(StaffChannels, sub.Channel) {
		add("channel", "Xin chọn ý kiến nhận được qua đường nào.", "Choose how the comment was received.")
	}
	return e
}

// provisionOf finds the provision an anchor names in a text and says it
// the way the synthesis does: "Điều 3, Khoản 2, Điểm a".
func provisionOf(doc *vn.LegalDoc, anchor string) (string, bool) {
	if anchor == "" {
		return "", true
	}
	n := doc.Find(anchor)
	if n == nil {
		return "", false
	}
	return ProvisionLabel(doc, n), true
}

// errClosed is the answer to a comment after the closing time.
func errClosed(d *Draft) error {
	if d.ClosesAt == nil {
		return apperr.New(apperr.Conflict, "Dự thảo chưa mở lấy ý kiến.", "The draft is not open for comment.")
	}
	t := d.ClosesAt.In(vn.ICT)
	return apperr.New(apperr.Conflict,
		"Đã hết thời hạn lấy ý kiến dự thảo lúc "+vn.DateTimeWords(t)+": ý kiến của Ông/Bà không được nhận qua cổng. Nội dung Ông/Bà đã viết vẫn còn trong biểu mẫu để lưu lại.",
		"The consultation closed at "+t.Format("15:04, 2 January 2006")+": your comment could not be received. What you wrote is still in the form for you to keep.")
}

// Submit stores a citizen's comment from the public form: screened for
// prohibited terms (a match holds it for review), never public before a
// person publishes it, with a receipt mail through the outbox.
func (s *Store) Submit(ctx context.Context, sub Submission) (*Comment, error) {
	sub.Channel = Web
	e := sub.validate(false)
	return s.store(ctx, sub, e, nil)
}

// Enter stores a comment staff received outside the portal (a letter, an
// email, a meeting), with its scan. It is published at once: a person
// entered it.
func (s *Store) Enter(ctx context.Context, sub Submission, p Person) (*Comment, error) {
	siteID, err := s.SiteOf(ctx, sub.DraftID)
	if err != nil {
		return nil, err
	}
	if !p.May(siteID, account.ManageConsult) {
		return nil, errForbidden
	}
	e := sub.validate(true)
	return s.store(ctx, sub, e, &p)
}

func (s *Store) store(ctx context.Context, sub Submission, e *apperr.Error, staff *Person) (*Comment, error) {
	d, err := s.Get(ctx, sub.DraftID)
	if err != nil {
		return nil, err
	}
	now := s.o.Now().UTC()
	if staff == nil {
		if !d.Public() {
			return nil, errNotFound
		}
		if !d.Accepting(now) {
			return nil, errClosed(d)
		}
	} else if d.State == Preparing {
		return nil, apperr.New(apperr.Conflict, "Dự thảo chưa mở lấy ý kiến.", "The draft is not open for comment.")
	}
	// The provision is looked up in the version the form showed: a
	// comment made on a version replaced while the form was open is
	// anchored where its writer saw it, and says which version.
	version := d.Version
	body := d.Body
	if sub.Version != 0 && sub.Version != d.Version {
		v, err := s.version(ctx, d.ID, sub.Version)
		if err != nil {
			return nil, err
		}
		version, body = sub.Version, v
	}
	var doc *vn.LegalDoc
	if sub.Anchor != "" {
		doc = s.parse(d.ID, version, body)
	}
	prov, ok := provisionOf(doc, sub.Anchor)
	if !ok {
		if _, has := e.Fields["anchor"]; !has {
			e.Fields["anchor"] = apperr.Msg{VI: "Điều, khoản hoặc điểm được chọn không có trong phiên bản hiện tại của dự thảo: xin chọn lại trên toàn văn mới, hoặc góp ý chung cho cả dự thảo.",
				EN: "The article, clause or point chosen is not in the current version of the draft: choose again on the new text, or comment on the draft as a whole."}
		}
	}
	var file *media.Cleaned
	if sub.File != nil && len(sub.File.Data) > 0 {
		file, err = media.Clean(ctx, sub.File.Name, sub.File.Data, MaxFileBytes)
		if err != nil {
			ae, ok := apperr.As(err)
			if !ok || ae.Kind != apperr.Invalid {
				return nil, err
			}
			m := ae.Fields["file"]
			e.Fields["file"] = apperr.Msg{VI: vn.Clean(sub.File.Name) + ": " + m.VI, EN: vn.Clean(sub.File.Name) + ": " + m.EN}
		}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	c := &Comment{DraftID: d.ID, Version: version, Anchor: sub.Anchor, Provision: prov, AuthorKind: sub.AuthorKind,
		Name: sub.Name, Organisation: sub.Organisation, Initials: feedback.Initials(sub.Name), Display: sub.Display,
		Email: sub.Email, Phone: sub.Phone, Body: sub.Body, Channel: sub.Channel, State: Pending, ReceivedAt: now}
	var enteredBy any
	if staff != nil {
		c.State = Shown
		c.ModeratedAt = &now
		enteredBy = staff.User.ID
		if !sub.ReceivedAt.IsZero() && sub.ReceivedAt.Before(now) {
			c.ReceivedAt = sub.ReceivedAt.UTC()
		}
	}
	base := s.o.BaseURL(d.SiteID, Path(d.Slug))
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if staff == nil {
			held, err := feedback.Screen(ctx, tx, d.SiteID, sub.Body, sub.Name, sub.Organisation)
			if err != nil {
				return err
			}
			if len(held) > 0 {
				c.State, c.HeldTerms = Held, strings.Join(held, ", ")
			}
		}
		if err := tx.QueryRow(ctx, `INSERT INTO consult_comments (draft_id, version, anchor, provision, author_kind, name,
			organisation, initials, display, email, phone, body, channel, state, held_terms, client_ip, received_at,
			moderated_at, entered_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.DraftID, c.Version, c.Anchor, c.Provision, c.AuthorKind, c.Name, c.Organisation, c.Initials, c.Display,
			c.Email, c.Phone, c.Body, c.Channel, c.State, c.HeldTerms, sub.IP, c.ReceivedAt, c.ModeratedAt, enteredBy).Scan(&c.ID); err != nil {
			return err
		}
		if file != nil {
			f := &File{Name: file.Name, Mime: file.Mime, Size: int64(len(file.Data))}
			if err := tx.QueryRow(ctx, `INSERT INTO consult_comment_files (comment_id, name, mime, size, data) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				c.ID, f.Name, f.Mime, f.Size, base64.StdEncoding.EncodeToString(file.Data)).Scan(&f.ID); err != nil {
				return err
			}
			c.Files = append(c.Files, f)
		}
		if staff != nil {
			if err := audit.Record(ctx, tx, staff.Actor().Entry("consult.enter", d.SiteID, d.Slug, commentRef(c)+" "+string(c.Channel))); err != nil {
				return err
			}
		} else {
			if err := audit.Record(ctx, tx, audit.Actor{Name: "citizen", IP: sub.IP}.Entry("consult.comment", d.SiteID, d.Slug, commentRef(c)+" "+string(c.State))); err != nil {
				return err
			}
			if err := s.receipt(ctx, tx, d, c, base); err != nil {
				return err
			}
		}
		if sub.Also != nil {
			return sub.Also(ctx, tx, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store comment: %w", err)
	}
	if c.State == Shown {
		s.o.Changed(d.SiteID, d.ID)
	}
	return c, nil
}

func commentRef(c *Comment) string {
	ref := "#" + strconv.FormatInt(c.ID, 10)
	if c.Provision != "" {
		ref += " (" + c.Provision + ")"
	}
	return ref
}

// receipt queues the receipt mail, if the commenter gave an email.
func (s *Store) receipt(ctx context.Context, tx *store.Tx, d *Draft, c *Comment, link string) error {
	if s.o.Notify == nil || c.Email == "" {
		return nil
	}
	where := "toàn bộ dự thảo"
	if c.Provision != "" {
		where = c.Provision
	}
	text := fmt.Sprintf("Kính gửi %s,\n\nCổng thông tin đã nhận ý kiến góp ý của Ông/Bà về dự thảo:\n\n  %s\n  Góp ý về: %s (phiên bản %d)\n  Thời điểm nhận: %s\n\n"+
		"Ý kiến được công khai sau khi được kiểm duyệt; thông tin liên hệ của Ông/Bà không bao giờ được công khai. Kết quả tiếp thu, giải trình được đăng tại:\n%s\n\n"+
		"--\nYour comment on the draft was received; it is published after moderation. The synthesis will be published at the link above.\n",
		c.Who("vi"), d.Title, where, c.Version, vn.DateTimeWords(c.ReceivedAt.In(vn.ICT)), link)
	return s.o.Notify(ctx, tx, c.Email, "Đã nhận ý kiến góp ý dự thảo", text)
}

func (s *Store) version(ctx context.Context, draftID int64, v int) (string, error) {
	var body string
	err := s.db.QueryRow(ctx, `SELECT body FROM consult_versions WHERE draft_id = ? AND version = ?`, draftID, v).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "Không có phiên bản này của dự thảo.", "No such version of the draft.")
	}
	return body, err
}

// VersionText returns the text of one version of a draft.
func (s *Store) VersionText(ctx context.Context, draftID int64, v int) (string, error) {
	return s.version(ctx, draftID, v)
}

const commentColumns = `id, draft_id, version, anchor, provision, author_kind, name, organisation, initials, display, email,
	phone, body, channel, state, held_terms, reason, COALESCE(duplicate_of, 0), handling, explanation, summary, received_at,
	moderated_at, handled_at, erased_at`

func scanComment(row interface{ Scan(...any) error }) (*Comment, error) {
	var c Comment
	var moderated, handled, erased sql.NullTime
	err := row.Scan(&c.ID, &c.DraftID, &c.Version, &c.Anchor, &c.Provision, &c.AuthorKind, &c.Name, &c.Organisation,
		&c.Initials, &c.Display, &c.Email, &c.Phone, &c.Body, &c.Channel, &c.State, &c.HeldTerms, &c.Reason,
		&c.DuplicateOf, &c.Handling, &c.Explanation, &c.Summary, &c.ReceivedAt, &moderated, &handled, &erased)
	if err != nil {
		return nil, err
	}
	c.ModeratedAt, c.HandledAt, c.ErasedAt = timePtr(moderated), timePtr(handled), timePtr(erased)
	return &c, nil
}

// CommentFilter selects a draft's comments.
type CommentFilter struct {
	States []CommentState // none: every state
	Anchor *string        // only those on this provision
	After  int64          // ids above this (paging)
	Limit  int            // 0: all
}

// Comments lists a draft's comments in the order received.
func (s *Store) Comments(ctx context.Context, draftID int64, f CommentFilter) ([]*Comment, error) {
	q := `SELECT ` + commentColumns + ` FROM consult_comments WHERE draft_id = ? AND id > ?`
	args := []any{draftID, f.After}
	if len(f.States) > 0 {
		q += ` AND state IN (` + store.Placeholders(len(f.States)) + `)`
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.Anchor != nil {
		q += ` AND anchor = ?`
		args = append(args, *f.Anchor)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []*Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comment returns one comment with its files' names.
func (s *Store) Comment(ctx context.Context, id int64) (*Comment, error) {
	c, err := scanComment(s.db.QueryRow(ctx, `SELECT `+commentColumns+` FROM consult_comments WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoComment
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, name, mime, size FROM consult_comment_files WHERE comment_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var f File
		if err := rows.Scan(&f.ID, &f.Name, &f.Mime, &f.Size); err != nil {
			return nil, err
		}
		c.Files = append(c.Files, &f)
	}
	return c, rows.Err()
}

// FileData returns a comment file's bytes, for staff of the draft's site.
func (s *Store) FileData(ctx context.Context, commentID, fileID int64, p Person) (*File, []byte, error) {
	c, err := s.Comment(ctx, commentID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s.load(ctx, c.DraftID, p, account.ManageConsult); err != nil {
		return nil, nil, err
	}
	var f File
	var data string
	err = s.db.QueryRow(ctx, `SELECT id, name, mime, size, data FROM consult_comment_files WHERE id = ? AND comment_id = ?`, fileID, commentID).
		Scan(&f.ID, &f.Name, &f.Mime, &f.Size, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, apperr.New(apperr.NotFound, "Không có tệp này.", "No such file.")
	}
	if err != nil {
		return nil, nil, err
	}
	b, err := base64.StdEncoding.DecodeString(data)
	return &f, b, err
}

// Counts returns how many published comments each provision of a draft
// has ("" for the draft as a whole), across versions.
func (s *Store) Counts(ctx context.Context, draftID int64) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `SELECT anchor, COUNT(*) FROM consult_comments WHERE draft_id = ? AND state = 'published' GROUP BY anchor`, draftID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, err
		}
		out[a] = n
	}
	return out, rows.Err()
}

// Moderation is a moderator's decision on a comment.
type Moderation string

// The decisions.
const (
	Publish Moderation = "publish"
	Hold    Moderation = "hold"
	Reject  Moderation = "reject"
)

// Moderate publishes, holds or rejects (with a reason) a comment.
func (s *Store) Moderate(ctx context.Context, id int64, m Moderation, reason string, p Person) (*Comment, error) {
	c, d, err := s.commentFor(ctx, id, p)
	if err != nil {
		return nil, err
	}
	reason = repaired(reason, true)
	to := map[Moderation]CommentState{Publish: Shown, Hold: Held, Reject: Rejected}[m]
	switch {
	case to == stateNone:
		return nil, apperr.New(apperr.Invalid, "Bước kiểm duyệt không hợp lệ.", "Unknown moderation step.")
	case to == Rejected && reason == "":
		return nil, apperr.Field("reason", "Xin ghi lý do không đăng ý kiến.", "Give the reason for rejecting the comment.")
	}
	now := s.o.Now().UTC()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE consult_comments SET state = ?, reason = ?, moderated_at = ? WHERE id = ?`, to, reason, now, c.ID); err != nil {
			return err
		}
		detail := commentRef(c) + " " + string(to)
		if reason != "" {
			detail += ": " + reason
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.moderate", d.SiteID, d.Slug, detail))
	})
	if err != nil {
		return nil, err
	}
	c.State, c.Reason, c.ModeratedAt = to, reason, &now
	s.o.Changed(d.SiteID, d.ID)
	return c, nil
}

func (s *Store) commentFor(ctx context.Context, id int64, p Person) (*Comment, *Draft, error) {
	c, err := s.Comment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.load(ctx, c.DraftID, p, account.ManageConsult)
	if err != nil {
		return nil, nil, err
	}
	return c, d, nil
}

// MarkDuplicate groups a comment under another of the same draft that
// says the same: the synthesis answers them once, naming both authors.
// of = 0 takes it out of its group.
func (s *Store) MarkDuplicate(ctx context.Context, id, of int64, p Person) error {
	c, d, err := s.commentFor(ctx, id, p)
	if err != nil {
		return err
	}
	if of != 0 {
		o, err := s.Comment(ctx, of)
		if err != nil || o.DraftID != c.DraftID || o.ID == c.ID {
			return apperr.Field("of", "Ý kiến được gộp vào phải là một ý kiến khác của cùng dự thảo.", "The comment grouped into must be another comment on the same draft.")
		}
		if o.DuplicateOf != 0 {
			of = o.DuplicateOf // groups stay one level deep
		}
		if of == c.ID {
			return apperr.Field("of", "Ý kiến này đang là ý kiến chính của nhóm đó.", "This comment heads that group.")
		}
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var target any
		if of != 0 {
			target = of
			// Comments grouped under c follow it into the new group.
			if _, err := tx.Exec(ctx, `UPDATE consult_comments SET duplicate_of = ? WHERE duplicate_of = ?`, of, c.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE consult_comments SET duplicate_of = ? WHERE id = ?`, target, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.duplicate", d.SiteID, d.Slug, fmt.Sprintf("%s → #%d", commentRef(c), of)))
	})
	if err == nil {
		s.o.Changed(d.SiteID, d.ID)
	}
	return err
}

// Handle records what the drafting unit did with a comment (tiếp thu,
// tiếp thu một phần, không tiếp thu) and its explanation (giải trình);
// summary, when given, is what the synthesis shows of the comment.
func (s *Store) Handle(ctx context.Context, id int64, h Handling, explanation, summary string, p Person) (*Comment, error) {
	c, d, err := s.commentFor(ctx, id, p)
	if err != nil {
		return nil, err
	}
	if d.State == Published {
		return nil, apperr.New(apperr.Conflict, "Bản tổng hợp đã công khai: không sửa được việc tiếp thu, giải trình.", "The synthesis is published: the handling can no longer change.")
	}
	explanation, summary = repaired(explanation, true), repaired(summary, true)
	e := invalid("Chưa lưu được việc tiếp thu, giải trình: xin sửa các mục được nêu.", "The handling was not saved: please correct the fields named.")
	if !slices.Contains(Handlings, h) {
		e.Fields["handling"] = apperr.Msg{VI: "Xin chọn tiếp thu, tiếp thu một phần hoặc không tiếp thu.", EN: "Choose accepted, partly accepted or not accepted."}
	}
	if h != Accepted && explanation == "" {
		e.Fields["explanation"] = apperr.Msg{VI: "Ý kiến không được tiếp thu hoặc chỉ tiếp thu một phần phải có giải trình.", EN: "A comment not accepted, or partly accepted, needs an explanation."}
	}
	if utf8.RuneCountInString(explanation) > MaxComment || utf8.RuneCountInString(summary) > MaxComment {
		e.Fields["explanation"] = apperr.Msg{VI: fmt.Sprintf("Dài quá %d ký tự.", MaxComment), EN: fmt.Sprintf("Longer than %d characters.", MaxComment)}
	}
	if c.State != Shown {
		e.Fields["handling"] = apperr.Msg{VI: "Chỉ ý kiến đã được kiểm duyệt, công khai mới được tiếp thu, giải trình.", EN: "Only a published comment can be handled."}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	now := s.o.Now().UTC()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE consult_comments SET handling = ?, explanation = ?, summary = ?, handled_at = ? WHERE id = ?`,
			h, explanation, summary, now, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.handle", d.SiteID, d.Slug, commentRef(c)+" "+string(h)))
	})
	if err != nil {
		return nil, err
	}
	c.Handling, c.Explanation, c.Summary, c.HandledAt = h, explanation, summary, &now
	return c, nil
}

// Seen records that p was shown a commenter's contacts (Law 91/2025).
func (s *Store) Seen(ctx context.Context, c *Comment, siteID int64, p Person) error {
	if c.ErasedAt != nil || (c.Email == "" && c.Phone == "") {
		return nil
	}
	return audit.Record(ctx, s.db, p.Actor().Entry("consult.view", siteID, commentRef(c), "contacts shown"))
}

// Erase removes a commenter's name and contacts at their request; the
// comment stays, shown by its initials.
func (s *Store) Erase(ctx context.Context, id int64, p Person) error {
	c, d, err := s.commentFor(ctx, id, p)
	if err != nil {
		return err
	}
	if c.ErasedAt != nil {
		return nil
	}
	now := s.o.Now().UTC()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE consult_comments SET name = '', email = '', phone = '', client_ip = '',
			display = CASE WHEN display = 'anonymous' THEN 'anonymous' ELSE 'initials' END, erased_at = ? WHERE id = ?`, now, c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.erase", d.SiteID, d.Slug, commentRef(c)))
	})
	if err == nil {
		s.o.Changed(d.SiteID, d.ID)
	}
	return err
}

// Recent returns a draft's n latest published comments, newest first.
func (s *Store) Recent(ctx context.Context, draftID int64, n int) ([]*Comment, error) {
	return s.commentList(ctx, `WHERE draft_id = ? AND state = 'published' ORDER BY id DESC LIMIT ?`, draftID, n)
}

// Published returns a page of the published comments on one provision
// ("" for the draft as a whole), in the order received.
func (s *Store) Published(ctx context.Context, draftID int64, anchor string, offset, limit int) ([]*Comment, error) {
	return s.commentList(ctx, `WHERE draft_id = ? AND anchor = ? AND state = 'published' ORDER BY id LIMIT ? OFFSET ?`,
		draftID, anchor, limit, offset)
}

func (s *Store) commentList(ctx context.Context, where string, args ...any) ([]*Comment, error) {
	rows, err := s.db.Query(ctx, `SELECT `+commentColumns+` FROM consult_comments `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []*Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
