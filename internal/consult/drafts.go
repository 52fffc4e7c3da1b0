package consult

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Limits of a draft. Text beyond them is refused with a message, never cut.
const (
	MaxTitle = 500
	MaxField = 300
	MaxBody  = 2 << 20 // bytes: a code of several hundred articles fits
)

// Details are the fields of a draft a person fills in.
type Details struct {
	Title       string
	DocKind     string
	Agency      string
	RecvUnit    string
	RecvAddress string
	RecvEmail   string
	RecvPhone   string
	Summary     string
}

// repaired is text pasted from a legacy-encoded document turned into
// Unicode ("Dù th¶o" → "Dự thảo"), then cleaned.
func repaired(s string, multiline bool) string {
	if t, _, _ := vn.FixMisdecoded(s); t != s {
		s = t
	}
	if multiline {
		return vn.CleanMultiline(s)
	}
	return vn.Clean(s)
}

func (d *Details) clean() {
	for _, f := range []*string{&d.Title, &d.DocKind, &d.Agency, &d.RecvUnit, &d.RecvAddress, &d.RecvEmail, &d.RecvPhone} {
		*f = repaired(*f, false)
	}
	d.Summary = repaired(d.Summary, true)
}

// validate reports every problem of the details at once, per field.
func (d *Details) validate(e *apperr.Error) {
	add := func(field, vi, en string) {
		if _, ok := e.Fields[field]; !ok {
			e.Fields[field] = apperr.Msg{VI: vi, EN: en}
		}
	}
	if d.Title == "" {
		add("title", "Xin ghi tên dự thảo.", "Give the draft's title.")
	}
	if utf8.RuneCountInString(d.Title) > MaxTitle {
		add("title", fmt.Sprintf("Tên dự thảo dài quá %d ký tự.", MaxTitle), fmt.Sprintf("The title is longer than %d characters.", MaxTitle))
	}
	if !slices.Contains(Kinds, d.DocKind) {
		add("kind", "Xin chọn loại văn bản.", "Choose the kind of document.")
	}
	if d.Agency == "" {
		add("agency", "Xin ghi cơ quan chủ trì soạn thảo.", "Give the drafting agency.")
	}
	for field, v := range map[string]string{"agency": d.Agency, "recv_unit": d.RecvUnit, "recv_address": d.RecvAddress, "recv_email": d.RecvEmail, "recv_phone": d.RecvPhone} {
		if utf8.RuneCountInString(v) > MaxField {
			add(field, fmt.Sprintf("Dài quá %d ký tự.", MaxField), fmt.Sprintf("Longer than %d characters.", MaxField))
		}
	}
	if d.RecvEmail != "" && !validEmail(d.RecvEmail) {
		add("recv_email", "Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid.")
	}
	if utf8.RuneCountInString(d.Summary) > 5000 {
		add("summary", "Tóm tắt dài quá 5000 ký tự.", "The summary is longer than 5000 characters.")
	}
}

func invalid(vi, en string) *apperr.Error {
	return &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: vi, EN: en}, Fields: map[string]apperr.Msg{}}
}

// CheckText parses a draft's text and refuses one with no Điều: every
// comment is anchored to a provision, and a text without articles has
// none to anchor to. It returns the text as it will be stored.
func CheckText(body string) (string, error) {
	body = repaired(body, true)
	if body == "" {
		return "", apperr.Field("body", "Xin dán toàn văn dự thảo.", "Paste the full text of the draft.")
	}
	if len(body) > MaxBody {
		return "", apperr.Field("body", fmt.Sprintf("Toàn văn dự thảo lớn quá %d MB.", MaxBody>>20), fmt.Sprintf("The text is larger than %d MB.", MaxBody>>20))
	}
	if len(vn.ParseLegal(body).Articles()) == 0 {
		return "", apperr.Field("body", "Không tìm thấy điều nào trong toàn văn: mỗi điều phải bắt đầu một dòng bằng \"Điều 1.\", \"Điều 2.\"… để người dân góp ý được vào từng điều, khoản, điểm.",
			"No article was found in the text: each must start a line with \"Điều 1.\", \"Điều 2.\"… so that people can comment on each article, clause and point.")
	}
	return body, nil
}

// Create stores a new draft (not yet public) with the first version of
// its text.
func (s *Store) Create(ctx context.Context, siteID int64, det Details, body string, p Person) (*Draft, error) {
	if !p.May(siteID, account.ManageConsult) {
		return nil, errForbidden
	}
	det.clean()
	e := invalid("Dự thảo chưa lưu được: xin sửa các mục được nêu.", "The draft was not saved: please correct the fields named.")
	det.validate(e)
	text, err := CheckText(body)
	if err != nil {
		ae, _ := apperr.As(err)
		for k, v := range ae.Fields {
			e.Fields[k] = v
		}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	now := s.o.Now().UTC()
	d := &Draft{SiteID: siteID, State: Preparing, Version: 1, Body: text, CreatedAt: now, UpdatedAt: now}
	d.setDetails(det)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		slug, err := uniqueSlug(ctx, tx, siteID, vn.Slug(det.Title))
		if err != nil {
			return err
		}
		d.Slug = slug
		if err := tx.QueryRow(ctx, `INSERT INTO consult_drafts (site_id, slug, title, doc_kind, agency, recv_unit, recv_address,
			recv_email, recv_phone, summary, state, version, created_by, created_at, updated_at, folded)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id`,
			siteID, d.Slug, d.Title, d.DocKind, d.Agency, d.RecvUnit, d.RecvAddress, d.RecvEmail, d.RecvPhone, d.Summary,
			d.State, p.User.ID, now, now, folded(d)).Scan(&d.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consult_versions (draft_id, version, body, note, created_at) VALUES (?, 1, ?, '', ?)`,
			d.ID, text, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.create", siteID, d.Slug, d.Title))
	})
	if err != nil {
		return nil, fmt.Errorf("create draft: %w", err)
	}
	return d, nil
}

func (d *Draft) setDetails(det Details) {
	d.Title, d.DocKind, d.Agency, d.RecvUnit, d.RecvAddress = det.Title, det.DocKind, det.Agency, det.RecvUnit, det.RecvAddress
	d.RecvEmail, d.RecvPhone, d.Summary = det.RecvEmail, det.RecvPhone, det.Summary
}

// DetailsOf returns the fields of d a person edits.
func DetailsOf(d *Draft) Details {
	return Details{Title: d.Title, DocKind: d.DocKind, Agency: d.Agency, RecvUnit: d.RecvUnit, RecvAddress: d.RecvAddress,
		RecvEmail: d.RecvEmail, RecvPhone: d.RecvPhone, Summary: d.Summary}
}

func folded(d *Draft) string { return vn.Fold(d.Title + " " + d.Agency + " " + d.DocKind) }

// load reads a draft for a step by p with action a on its site.
func (s *Store) load(ctx context.Context, id int64, p Person, a account.Action) (*Draft, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.May(d.SiteID, a) {
		return nil, errForbidden
	}
	return d, nil
}

// Update changes a draft's details while it is not closed.
func (s *Store) Update(ctx context.Context, id int64, det Details, p Person) (*Draft, error) {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return nil, err
	}
	now := s.o.Now().UTC()
	if st := d.StateAt(now); st != Preparing && st != Open {
		return nil, errClosedEdit
	}
	det.clean()
	e := invalid("Dự thảo chưa lưu được: xin sửa các mục được nêu.", "The draft was not saved: please correct the fields named.")
	det.validate(e)
	if len(e.Fields) > 0 {
		return nil, e
	}
	d.setDetails(det)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE consult_drafts SET title = ?, doc_kind = ?, agency = ?, recv_unit = ?, recv_address = ?,
			recv_email = ?, recv_phone = ?, summary = ?, folded = ?, updated_at = ? WHERE id = ?`,
			d.Title, d.DocKind, d.Agency, d.RecvUnit, d.RecvAddress, d.RecvEmail, d.RecvPhone, d.Summary, folded(d), now, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.update", d.SiteID, d.Slug, d.Title))
	})
	if err != nil {
		return nil, err
	}
	s.o.Changed(d.SiteID, d.ID)
	return d, nil
}

var errClosedEdit = apperr.New(apperr.Conflict, "Dự thảo đã hết thời hạn lấy ý kiến: không sửa được nữa.", "The consultation has ended: the draft can no longer be changed.")

// NewVersion replaces the text with a new version during preparation or
// the period. The earlier versions stay readable, and every comment keeps
// the version and the provision it was made on.
func (s *Store) NewVersion(ctx context.Context, id int64, body, note string, p Person) (*Draft, error) {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return nil, err
	}
	now := s.o.Now().UTC()
	if st := d.StateAt(now); st != Preparing && st != Open {
		return nil, errClosedEdit
	}
	text, err := CheckText(body)
	if err != nil {
		return nil, err
	}
	if text == d.Body {
		return nil, apperr.Field("body", "Toàn văn không thay đổi so với phiên bản hiện tại.", "The text is the same as the current version.")
	}
	note = repaired(note, false)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// The version is taken inside the transaction: two editors
		// saving together get 2 and 3, not 2 twice.
		var v int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM consult_versions WHERE draft_id = ?`, d.ID).Scan(&v); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consult_versions (draft_id, version, body, note, created_at) VALUES (?, ?, ?, ?, ?)`,
			d.ID, v, text, note, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE consult_drafts SET version = ?, updated_at = ? WHERE id = ?`, v, now, d.ID); err != nil {
			return err
		}
		d.Version, d.Body = v, text
		return audit.Record(ctx, tx, p.Actor().Entry("consult.version", d.SiteID, d.Slug, "phiên bản "+strconv.Itoa(v)))
	})
	if err != nil {
		return nil, err
	}
	s.o.Changed(d.SiteID, d.ID)
	return d, nil
}

// OpenRequest is what opening a draft for comment asks.
type OpenRequest struct {
	OpensAt  time.Time
	ClosesAt time.Time
	// Shortened chooses the shortened procedure (thủ tục rút gọn), which
	// allows a period under the minimum; Basis is its legal basis.
	Shortened bool
	Basis     string
}

// MinPeriod is the minimum period in force on the day a draft opens, in
// calendar days, and the rule set that gives it.
func (s *Store) MinPeriod(ctx context.Context, opens time.Time) (int, string, error) {
	set, err := s.o.Rules.InForce(ctx, rules.KindConsult, vn.Day(opens))
	if err != nil {
		return 0, "", err
	}
	r := set.Rule("consult.min_period")
	if r == nil {
		return 0, "", fmt.Errorf("rule set %s has no consult.min_period", set.Code)
	}
	n, err := r.Int()
	if err != nil {
		return 0, "", fmt.Errorf("rule set %s: consult.min_period %q: %w", set.Code, r.Value, err)
	}
	return n, set.Code, nil
}

// Open makes a draft public and sets its period. A period shorter than
// the minimum in force on the opening day is refused, unless the
// shortened procedure is chosen with its legal basis written down.
func (s *Store) Open(ctx context.Context, id int64, req OpenRequest, p Person) (*Draft, error) {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return nil, err
	}
	if d.State != Preparing {
		return nil, apperr.New(apperr.Conflict, "Dự thảo đã được mở lấy ý kiến.", "The draft is already open for comment.")
	}
	now := s.o.Now().UTC()
	req.Basis = repaired(req.Basis, true)
	e := invalid("Chưa mở lấy ý kiến được: xin sửa các mục được nêu.", "The draft was not opened: please correct the fields named.")
	if req.OpensAt.IsZero() {
		req.OpensAt = now
	}
	if req.OpensAt.Before(now.Add(-time.Hour)) {
		e.Fields["opens_at"] = apperr.Msg{VI: "Thời điểm bắt đầu đã qua.", EN: "The opening time is in the past."}
	}
	if req.ClosesAt.IsZero() || !req.ClosesAt.After(req.OpensAt) {
		e.Fields["closes_at"] = apperr.Msg{VI: "Thời điểm kết thúc phải sau thời điểm bắt đầu.", EN: "The closing time must come after the opening time."}
	}
	min, code, err := s.MinPeriod(ctx, req.OpensAt)
	if err != nil {
		return nil, err
	}
	short := req.ClosesAt.Sub(req.OpensAt) < time.Duration(min)*24*time.Hour
	if short && len(e.Fields) == 0 {
		switch {
		case !req.Shortened:
			e.Fields["closes_at"] = apperr.Msg{
				VI: fmt.Sprintf("Thời gian lấy ý kiến phải ít nhất %d ngày (bộ quy định %s). Muốn rút ngắn, xin chọn thủ tục rút gọn và ghi căn cứ pháp lý.", min, code),
				EN: fmt.Sprintf("The period must be at least %d days (rule set %s). To shorten it, choose the shortened procedure and give its legal basis.", min, code)}
		case req.Basis == "":
			e.Fields["basis"] = apperr.Msg{VI: "Xin ghi căn cứ pháp lý của thủ tục rút gọn.", EN: "Give the legal basis of the shortened procedure."}
		}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	if !short {
		req.Shortened, req.Basis = false, ""
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE consult_drafts SET state = 'open', opens_at = ?, closes_at = ?, min_days = ?, rule_code = ?,
			shortened = ?, shortened_basis = ?, updated_at = ? WHERE id = ? AND state = 'draft'`,
			req.OpensAt.UTC(), req.ClosesAt.UTC(), min, code, req.Shortened, req.Basis, now, d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "Dự thảo vừa được người khác mở lấy ý kiến.", "Someone else has just opened the draft.")
		}
		detail := fmt.Sprintf("%s – %s; tối thiểu %d ngày (%s)", vn.DateTimeWords(req.OpensAt.In(vn.ICT)), vn.DateTimeWords(req.ClosesAt.In(vn.ICT)), min, code)
		if req.Shortened {
			detail += "; thủ tục rút gọn: " + req.Basis
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.open", d.SiteID, d.Slug, detail))
	})
	if err != nil {
		return nil, err
	}
	s.o.Changed(d.SiteID, d.ID)
	return s.Get(ctx, d.ID)
}

// CloseEarly ends the period now, before its closing time; like a short
// period it needs the legal basis of the shortened procedure.
func (s *Store) CloseEarly(ctx context.Context, id int64, basis string, p Person) (*Draft, error) {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return nil, err
	}
	now := s.o.Now().UTC()
	if d.StateAt(now) != Open {
		return nil, apperr.New(apperr.Conflict, "Dự thảo không đang trong thời hạn lấy ý kiến.", "The draft is not open for comment.")
	}
	basis = repaired(basis, true)
	if basis == "" {
		return nil, apperr.Field("basis", "Kết thúc sớm phải theo thủ tục rút gọn: xin ghi căn cứ pháp lý.", "Closing early follows the shortened procedure: give its legal basis.")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE consult_drafts SET state = 'closed', closes_at = ?, closed_early_basis = ?, updated_at = ?
			WHERE id = ? AND state = 'open'`, now, basis, now, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.close", d.SiteID, d.Slug, basis))
	})
	if err != nil {
		return nil, err
	}
	s.o.Changed(d.SiteID, d.ID)
	return s.Get(ctx, d.ID)
}

// CloseExpired records as closed the open drafts whose period has ended
// (a job; the pages already treat them as closed), and returns them.
func (s *Store) CloseExpired(ctx context.Context, now time.Time) ([]*Draft, error) {
	rows, err := s.db.Query(ctx, `SELECT `+draftColumns+`, '' FROM consult_drafts d WHERE d.state = 'open' AND d.closes_at <= ? ORDER BY d.id LIMIT 500`, now.UTC())
	if err != nil {
		return nil, err
	}
	var list []*Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range list {
		if _, err := s.db.Exec(ctx, `UPDATE consult_drafts SET state = 'closed', updated_at = ? WHERE id = ? AND state = 'open'`, now.UTC(), d.ID); err != nil {
			return nil, err
		}
		s.o.Changed(d.SiteID, d.ID)
	}
	return list, nil
}

// Attachment is a document posted with a draft.
type Attachment struct {
	ID      int64
	MediaID int64
	Label   string
}

// Attach posts an upload of the media library (already checked there)
// with the draft, under a label ("Tờ trình", "Báo cáo đánh giá tác động").
func (s *Store) Attach(ctx context.Context, id, mediaID int64, label string, p Person) error {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return err
	}
	label = repaired(label, false)
	if label == "" || utf8.RuneCountInString(label) > MaxField {
		return apperr.Field("label", "Xin ghi tên tài liệu (tối đa 300 ký tự), ví dụ: Tờ trình, Báo cáo đánh giá tác động.", "Name the document (at most 300 characters), e.g. the submission or the impact assessment.")
	}
	var site int64
	if err := s.db.QueryRow(ctx, `SELECT site_id FROM media WHERE id = ?`, mediaID).Scan(&site); err != nil || site != d.SiteID {
		return apperr.Field("file", "Tệp không thuộc thư viện của trang này.", "The file is not in this site's library.")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO consult_attachments (draft_id, media_id, label) VALUES (?, ?, ?)`, d.ID, mediaID, label); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.attach", d.SiteID, d.Slug, label))
	})
	if err == nil {
		s.o.Changed(d.SiteID, d.ID)
	}
	return err
}

// Detach removes an attachment from a draft still being prepared or open.
func (s *Store) Detach(ctx context.Context, id, attachmentID int64, p Person) error {
	d, err := s.load(ctx, id, p, account.ManageConsult)
	if err != nil {
		return err
	}
	if st := d.StateAt(s.o.Now()); st != Preparing && st != Open {
		return errClosedEdit
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM consult_attachments WHERE id = ? AND draft_id = ?`, attachmentID, d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "Không có tài liệu đính kèm này.", "No such attachment.")
		}
		return audit.Record(ctx, tx, p.Actor().Entry("consult.detach", d.SiteID, d.Slug, strconv.FormatInt(attachmentID, 10)))
	})
	if err == nil {
		s.o.Changed(d.SiteID, d.ID)
	}
	return err
}

// Attachments lists a draft's attachments in the order they were added.
func (s *Store) Attachments(ctx context.Context, id int64) ([]*Attachment, error) {
	rows, err := s.db.Query(ctx, `SELECT id, media_id, label FROM consult_attachments WHERE draft_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.MediaID, &a.Label); err != nil {
			return nil, err
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && !strings.ContainsAny(s, " <>,;\"") && len(s) <= 254
}
