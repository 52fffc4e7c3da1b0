package gazette

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Options wires a Store.
type Options struct {
	Now     func() time.Time
	Rules   *rules.Store
	Content *content.Store
	Legal   *legal.Store
	// Changed is told after a publication or withdrawal (the page cache
	// and the search index follow); nil tells no one.
	Changed func(siteID int64, docIDs []int64)
	// Roots are the certification authorities whose signatures the
	// gazette trusts (pdfdoc.LoadRoots of --gazette-roots): a document
	// signed with a certificate that does not chain to one of them needs
	// the override to be published. Nil checks integrity only.
	Roots *x509.CertPool
}

// Store keeps the gazette.
type Store struct {
	db *store.DB
	o  Options
}

// NewStore returns the gazette store on db.
func NewStore(db *store.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rules == nil {
		o.Rules = rules.NewStore(db, o.Now)
	}
	if o.Content == nil {
		o.Content = content.NewStore(db, o.Now)
	}
	if o.Legal == nil {
		o.Legal = legal.NewStore(db, o.Now)
	}
	if o.Changed == nil {
		o.Changed = func(int64, []int64) {}
	}
	return &Store{db: db, o: o}
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.o.Now() }

// Today is the day in Vietnam, as documents' dates are written.
func (s *Store) Today() string { return vn.Day(s.o.Now()) }

// Intake is what the gazette office types in for a signed document.
type Intake struct {
	Number      string
	DocType     string
	Issuer      string
	Signer      string
	Field       string
	SignedOn    string // YYYY-MM-DD
	EffectiveOn string
	Abstract    string
	// Text is the document's full text, optional: copied from its source
	// file, it makes the document found by the words of its text and
	// gives its legal document an addressable body.
	Text       string
	Relations  []Relation
	CorrectsID int64 // a correction (đính chính) of that published document
	FileName   string
	PDF        []byte
}

// Types are the kinds of document a provincial gazette publishes.
var Types = []string{"Nghị quyết", "Quyết định", "Chỉ thị", "Quy chế", "Quy định", "Kế hoạch", "Văn bản đính chính", "Văn bản khác"}

func clean(s string) string {
	if t, _, _ := vn.FixMisdecoded(s); t != s {
		s = t
	}
	return vn.Clean(s)
}

// validDay checks a YYYY-MM-DD date.
func validDay(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// Receive stores a signed document received for the gazette: its
// metadata checked, its number parsed in any typing, its PDF checked (a
// real PDF, not encrypted, within the limits) and its signatures
// validated; the deadline for posting is set from the rule in force on
// the day it was signed.
func (s *Store) Receive(ctx context.Context, siteID int64, in Intake, p Person) (*Doc, error) {
	if !p.May(siteID, account.GazetteIntake) {
		return nil, errForbidden
	}
	e := &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Chưa tiếp nhận được văn bản: xin sửa các mục được nêu.", EN: "The document was not received: please correct the fields named."},
		Fields: map[string]apperr.Msg{}}
	add := func(field, vi, en string) {
		if _, ok := e.Fields[field]; !ok {
			e.Fields[field] = apperr.Msg{VI: vi, EN: en}
		}
	}
	for _, f := range []*string{&in.Number, &in.DocType, &in.Issuer, &in.Signer, &in.Field, &in.SignedOn, &in.EffectiveOn, &in.Abstract} {
		*f = clean(*f)
	}
	num, ok := vn.ParseDocNumber(in.Number)
	if !ok {
		add("number", "Số ký hiệu không đọc được: ghi theo dạng 15/2026/QĐ-UBND.", "The number cannot be read: write it like 15/2026/QĐ-UBND.")
	}
	if in.DocType == "" {
		add("type", "Xin chọn loại văn bản.", "Choose the type of document.")
	}
	if in.Issuer == "" {
		add("issuer", "Xin ghi cơ quan ban hành.", "Give the issuing body.")
	}
	if in.Signer == "" {
		add("signer", "Xin ghi người ký.", "Give the signer.")
	}
	if in.Abstract == "" {
		add("abstract", "Xin ghi trích yếu.", "Give the abstract.")
	}
	for field, v := range map[string]string{"issuer": in.Issuer, "signer": in.Signer, "field": in.Field, "type": in.DocType} {
		if utf8.RuneCountInString(v) > 300 {
			add(field, "Dài quá 300 ký tự.", "Longer than 300 characters.")
		}
	}
	if t, _, _ := vn.FixMisdecoded(in.Text); t != in.Text {
		in.Text = t
	}
	in.Text = vn.CleanMultiline(in.Text)
	if len(in.Text) > 4<<20 {
		add("text", "Toàn văn lớn quá 4 MB.", "The text is larger than 4 MB.")
	}
	if utf8.RuneCountInString(in.Abstract) > 2000 {
		add("abstract", "Trích yếu dài quá 2000 ký tự.", "The abstract is longer than 2000 characters.")
	}
	today := s.Today()
	switch {
	case !validDay(in.SignedOn):
		add("signed_on", "Ngày ký phải có dạng ngày/tháng/năm, ví dụ 02/12/2026.", "The signing date is day/month/year, e.g. 02/12/2026.")
	case in.SignedOn > today:
		add("signed_on", "Ngày ký ở tương lai: xin kiểm tra lại.", "The signing date is in the future.")
	}
	if in.EffectiveOn != "" && !validDay(in.EffectiveOn) {
		add("effective_on", "Ngày có hiệu lực phải có dạng ngày/tháng/năm, ví dụ 02/12/2026.", "The date of effect is day/month/year, e.g. 02/12/2026.")
	}
	for i, r := range in.Relations {
		in.Relations[i].Number = clean(r.Number)
		if !r.Kind.Valid() {
			add("relations", "Quan hệ văn bản không hợp lệ.", "Unknown relation.")
		}
		if _, ok := vn.ParseDocNumber(in.Relations[i].Number); !ok {
			add("relations", "Số ký hiệu của văn bản liên quan không đọc được: "+in.Relations[i].Number, "The related document's number cannot be read: "+in.Relations[i].Number)
		}
	}
	var info *pdfdoc.Info
	if len(in.PDF) == 0 {
		add("file", "Xin chọn tệp PDF đã ký số của văn bản.", "Choose the signed PDF of the document.")
	} else {
		var err error
		info, err = pdfdoc.Inspect(in.PDF)
		if err != nil {
			ae, ok := apperr.As(err)
			if !ok {
				return nil, err
			}
			for k, m := range ae.Fields {
				add(k, m.VI, m.EN)
			}
			if len(ae.Fields) == 0 {
				add("file", ae.Msg.VI, ae.Msg.EN)
			}
		}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	d := &Doc{SiteID: siteID, Number: num.Canonical(), NumberKey: num.Key(), DocType: in.DocType, Issuer: in.Issuer,
		Signer: in.Signer, Field: in.Field, SignedOn: in.SignedOn, EffectiveOn: in.EffectiveOn, Abstract: in.Abstract,
		Text: in.Text, Pages: info.Pages, Size: int64(len(in.PDF)), State: Received, CorrectsID: in.CorrectsID, Relations: in.Relations,
		ReceivedAt: s.o.Now().UTC()}
	sum := sha256.Sum256(in.PDF)
	d.PDFSHA256 = hex.EncodeToString(sum[:])
	d.signature(info, s.o.Roots, s.o.Now())
	due, code, err := s.dueOn(ctx, d.SignedOn)
	if err != nil {
		return nil, err
	}
	d.DueOn, d.RuleCode = due, code
	if in.CorrectsID != 0 {
		c, err := s.Get(ctx, in.CorrectsID)
		if err != nil || c.SiteID != siteID || c.State == Received {
			return nil, apperr.Field("corrects", "Văn bản được đính chính phải là văn bản đã đăng Công báo.", "The corrected document must be a published one.")
		}
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_docs WHERE site_id = ? AND number_key = ? AND state <> 'withdrawn'`,
			siteID, d.NumberKey).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("number", "Văn bản số "+d.Number+" đã được tiếp nhận.", "Document "+d.Number+" has already been received.")
		}
		if err := putFile(ctx, tx, d.PDFSHA256, in.PDF, d.Pages, d.ReceivedAt); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO gazette_docs (site_id, number, number_key, doc_type, issuer, signer, field, signed_on,
			effective_on, abstract, body_text, pdf_sha256, sig_status, sig_signer, sig_issuer, sig_time, sig_problem, due_on, rule_code, state,
			corrects_id, received_at, folded, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			siteID, d.Number, d.NumberKey, d.DocType, d.Issuer, d.Signer, d.Field, d.SignedOn, d.EffectiveOn, d.Abstract, d.Text,
			d.PDFSHA256, d.SigStatus, d.SigSigner, d.SigIssuer, d.SigTime, d.SigProblem, d.DueOn, d.RuleCode, d.State,
			nullID(d.CorrectsID), d.ReceivedAt, folded(d), p.User.ID).Scan(&d.ID); err != nil {
			return err
		}
		for _, r := range d.Relations {
			if _, err := tx.Exec(ctx, `INSERT INTO gazette_relations (doc_id, kind, target_number, partial) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, d.ID, r.Kind, r.Number, r.Partial); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.receive", siteID, d.Number, string(d.SigStatus)))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// signature records what the check of the PDF's signatures found; with
// roots, whether each signer's certificate chains to one of them.
func (d *Doc) signature(info *pdfdoc.Info, roots *x509.CertPool, now time.Time) {
	certOK := true
	for _, sg := range info.Signatures {
		certOK = certOK && sg.CertValidAt
	}
	var untrusted string // the first untrusted signature's reason
	for _, sg := range info.Signatures {
		if roots == nil {
			break
		}
		if m := sg.Trust(roots, now); m.VI != "" {
			untrusted = m.VI
			break
		}
	}
	switch {
	case len(info.Signatures) == 0:
		d.SigStatus = SigUnsigned
	case !info.Verified():
		d.SigStatus = SigAltered
	case !certOK:
		// Intact, but signed with a certificate outside its validity:
		// not a valid signature, whatever the bytes say.
		d.SigStatus = SigCertInvalid
	case untrusted != "":
		d.SigStatus = SigUntrusted
	case roots != nil:
		d.SigStatus = SigTrusted
	default:
		d.SigStatus = SigVerified
	}
	for _, sg := range info.Signatures {
		d.SigSigner, d.SigIssuer = sg.Signer, sg.Issuer
		if !sg.SigningTime.IsZero() {
			t := sg.SigningTime.UTC()
			d.SigTime = &t
		}
		if sg.Problem.VI != "" {
			d.SigProblem = sg.Problem.VI
			break // the first signature with a problem is the one to show
		}
		if !sg.CertValidAt {
			d.SigProblem = "Chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký."
			break
		}
	}
	if d.SigStatus == SigUntrusted {
		d.SigProblem = untrusted
	}
}

func folded(d *Doc) string {
	return vn.Fold(d.Number + " " + d.DocType + " " + d.Issuer + " " + d.Abstract + " " + d.Field)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// putFile stores a file under its hash (once).
func putFile(ctx context.Context, tx *store.Tx, sum string, data []byte, pages int, at time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO gazette_files (sha256, size, pages, data, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, sum, len(data), pages, base64.StdEncoding.EncodeToString(data), at)
	return err
}

// File returns a stored file by its hash, checking the bytes against it:
// a file changed in the database is never served as the original.
func (s *Store) File(ctx context.Context, sum string) ([]byte, error) {
	var data string
	err := s.db.QueryRow(ctx, `SELECT data FROM gazette_files WHERE sha256 = ?`, sum).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không có tệp này.", "No such file.")
	}
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, fmt.Errorf("gazette file %s: %w", sum, err)
	}
	got := sha256.Sum256(b)
	if hex.EncodeToString(got[:]) != sum {
		return nil, fmt.Errorf("gazette file %s: its bytes no longer match its hash", sum)
	}
	return b, nil
}

// dueOn is the last day to post a document signed on day, from the rule
// in force that day (calendar days, REQ-67).
func (s *Store) dueOn(ctx context.Context, signed string) (string, string, error) {
	set, err := s.o.Rules.InForce(ctx, rules.KindGazette, signed)
	if err != nil {
		return "", "", err
	}
	r := set.Rule("gazette.send")
	if r == nil {
		return "", "", fmt.Errorf("rule set %s has no gazette.send", set.Code)
	}
	n, err := r.Int()
	if err != nil {
		return "", "", fmt.Errorf("rule set %s: gazette.send: %w", set.Code, err)
	}
	if r.Unit != rules.CalendarDays {
		return "", "", fmt.Errorf("rule set %s: gazette.send counts %s, not calendar days", set.Code, r.Unit)
	}
	t, _ := time.Parse("2006-01-02", signed)
	return t.AddDate(0, 0, n).Format("2006-01-02"), set.Code, nil
}

const docColumns = `d.id, d.site_id, d.number, d.number_key, d.doc_type, d.issuer, d.signer, d.field, d.signed_on,
	d.effective_on, d.abstract, d.pdf_sha256, d.sig_status, d.sig_signer, d.sig_issuer, d.sig_time, d.sig_problem,
	d.override_reason, d.due_on, d.rule_code, d.state, COALESCE(d.issue_id, 0), d.position, d.page_start,
	COALESCE(d.corrects_id, 0), COALESCE(d.item_id, 0), d.received_at, d.published_at, d.late_days, d.withdrawn_reason,
	d.withdrawn_at, f.size, f.pages, d.body_text`

const docFrom = ` FROM gazette_docs d JOIN gazette_files f ON f.sha256 = d.pdf_sha256 `

func scanDoc(row interface{ Scan(...any) error }) (*Doc, error) {
	var d Doc
	var sigTime, published, withdrawn sql.NullTime
	err := row.Scan(&d.ID, &d.SiteID, &d.Number, &d.NumberKey, &d.DocType, &d.Issuer, &d.Signer, &d.Field, &d.SignedOn,
		&d.EffectiveOn, &d.Abstract, &d.PDFSHA256, &d.SigStatus, &d.SigSigner, &d.SigIssuer, &sigTime, &d.SigProblem,
		&d.Override, &d.DueOn, &d.RuleCode, &d.State, &d.IssueID, &d.Position, &d.PageStart, &d.CorrectsID, &d.ItemID,
		&d.ReceivedAt, &published, &d.LateDays, &d.Withdrawn, &withdrawn, &d.Size, &d.Pages, &d.Text)
	if err != nil {
		return nil, err
	}
	d.SigTime, d.PublishedAt, d.WithdrawnAt = timePtr(sigTime), timePtr(published), timePtr(withdrawn)
	return &d, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// Get returns a document with its relations.
func (s *Store) Get(ctx context.Context, id int64) (*Doc, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColumns+docFrom+`WHERE d.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoDoc
	}
	if err != nil {
		return nil, err
	}
	return d, s.loadRelations(ctx, []*Doc{d})
}

func (s *Store) loadRelations(ctx context.Context, docs []*Doc) error {
	if len(docs) == 0 {
		return nil
	}
	byID := map[int64]*Doc{}
	args := make([]any, len(docs))
	for i, d := range docs {
		byID[d.ID], args[i] = d, d.ID
	}
	rows, err := s.db.Query(ctx, `SELECT doc_id, kind, target_number, partial FROM gazette_relations WHERE doc_id IN (`+
		store.Placeholders(len(docs))+`) ORDER BY doc_id, kind, target_number`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Relation
		if err := rows.Scan(&id, &r.Kind, &r.Number, &r.Partial); err != nil {
			return err
		}
		byID[id].Relations = append(byID[id].Relations, r)
	}
	return rows.Err()
}

// Filter selects documents.
type Filter struct {
	SiteID  int64
	States  []State
	IssueID int64
	Year    int // of signing
	Issuer  string
	Type    string
	Field   string
	Q       string // a number in any typing, or words of the abstract
	Limit   int
	Offset  int
}

// Docs lists documents: waiting ones by their last day, published ones
// newest first; and how many match.
func (s *Store) Docs(ctx context.Context, f Filter) ([]*Doc, int, error) {
	where := []string{"d.site_id = ?"}
	args := []any{f.SiteID}
	if len(f.States) > 0 {
		where = append(where, "d.state IN ("+store.Placeholders(len(f.States))+")")
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.IssueID != 0 {
		where = append(where, "d.issue_id = ?")
		args = append(args, f.IssueID)
	}
	if f.Year != 0 {
		where = append(where, "d.signed_on >= ? AND d.signed_on < ?")
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	for col, v := range map[string]string{"d.issuer": f.Issuer, "d.doc_type": f.Type, "d.field": f.Field} {
		if v != "" {
			where = append(where, col+" = ?")
			args = append(args, v)
		}
	}
	if q := vn.Clean(f.Q); q != "" {
		if n, ok := vn.ParseDocNumber(q); ok {
			where = append(where, "d.number_key = ?")
			args = append(args, n.Key())
		} else {
			for _, w := range strings.Fields(vn.Fold(q)) {
				where = append(where, "d.folded LIKE ?")
				args = append(args, "%"+strings.NewReplacer(`%`, ``, `_`, ``, `\`, ``).Replace(w)+"%")
			}
		}
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_docs d`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	order := ` ORDER BY CASE WHEN d.state = 'received' THEN 0 ELSE 1 END, CASE WHEN d.state = 'received' THEN d.due_on END,
		d.published_at DESC, d.issue_id DESC, d.position, d.id DESC`
	if f.IssueID != 0 {
		order = ` ORDER BY d.position, d.id`
	}
	rows, err := s.db.Query(ctx, `SELECT `+docColumns+docFrom+cond+order+` LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Doc
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.loadRelations(ctx, out)
}

// Facets are the values the public filters offer: years of signing,
// issuing bodies, types and fields of published documents.
func (s *Store) Facets(ctx context.Context, siteID int64) (years []int, issuers, types, fields []string, err error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT signed_on, issuer, doc_type, field FROM gazette_docs WHERE site_id = ? AND state <> 'received'`, siteID)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var day, issuer, typ, field string
		if err := rows.Scan(&day, &issuer, &typ, &field); err != nil {
			return nil, nil, nil, nil, err
		}
		var y int
		if _, err := fmt.Sscanf(day, "%d", &y); err == nil && !seen[fmt.Sprint("y", y)] {
			seen[fmt.Sprint("y", y)] = true
			years = append(years, y)
		}
		for _, v := range []struct {
			key  string
			into *[]string
		}{{"i" + issuer, &issuers}, {"t" + typ, &types}, {"f" + field, &fields}} {
			if v.key[1:] != "" && !seen[v.key] {
				seen[v.key] = true
				*v.into = append(*v.into, v.key[1:])
			}
		}
	}
	slices.SortFunc(years, func(a, b int) int { return b - a })
	for _, l := range [][]string{issuers, types, fields} {
		vn.SortStrings(l)
	}
	return years, issuers, types, fields, rows.Err()
}

// Override records why a document whose signature is not verified may
// still be published (the original sent on paper, a certificate the
// check does not know…).
func (s *Store) Override(ctx context.Context, id int64, reason string, p Person) error {
	d, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if !p.May(d.SiteID, account.GazetteIntake) {
		return errForbidden
	}
	reason = vn.CleanMultiline(reason)
	if reason == "" {
		return apperr.Field("reason", "Xin ghi lý do cho đăng văn bản chưa xác thực được chữ ký số.", "Give the reason for publishing a document whose signature is not verified.")
	}
	if d.State != Received {
		return apperr.New(apperr.Conflict, "Văn bản đã đăng Công báo.", "The document is already published.")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE gazette_docs SET override_reason = ? WHERE id = ?`, reason, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.override", d.SiteID, d.Number, reason))
	})
}

// ByItem returns the published gazette document of a legal document, if
// any (the legal document's page shows its issue and page).
func (s *Store) ByItem(ctx context.Context, itemID int64) (*Doc, *Issue, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColumns+docFrom+`WHERE d.item_id = ? AND d.state <> 'received' ORDER BY d.id DESC LIMIT 1`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	is, err := s.Issue(ctx, d.IssueID)
	if err != nil {
		return nil, nil, err
	}
	return d, is, nil
}

// PublicFile reports whether a stored file is one the public may fetch:
// a published (or withdrawn, which stays on record) document's PDF or a
// published issue's.
func (s *Store) PublicFile(ctx context.Context, siteID int64, sum string) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM gazette_docs WHERE site_id = ? AND pdf_sha256 = ? AND state <> 'received')
		+ (SELECT COUNT(*) FROM gazette_issues WHERE site_id = ? AND pdf_sha256 = ? AND state = 'published')`, siteID, sum, siteID, sum).Scan(&n)
	return n > 0, err
}
