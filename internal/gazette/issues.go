package gazette

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// DefaultFormat is how issues are numbered until the province sets its
// own: {so} is the number (or "01 + 02" for an issue taking two), {nam}
// the year.
const DefaultFormat = "Số {so}/{nam}"

// Format returns the site's numbering pattern.
func (s *Store) Format(ctx context.Context, siteID int64) (string, error) {
	var f string
	err := s.db.QueryRow(ctx, `SELECT number_format FROM gazette_settings WHERE site_id = ?`, siteID).Scan(&f)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultFormat, nil
	}
	return f, err
}

// SetFormat sets the site's numbering pattern; it must hold {so}.
func (s *Store) SetFormat(ctx context.Context, siteID int64, format string, p Person) error {
	if !p.May(siteID, account.GazettePublish) {
		return errForbidden
	}
	format = vn.Clean(format)
	if !strings.Contains(format, "{so}") || len(format) > 100 {
		return apperr.Field("format", "Mẫu số Công báo phải có {so} (số) và có thể có {nam} (năm), ví dụ: Số {so}/{nam}.", "The pattern needs {so} (the number) and may hold {nam} (the year), e.g. Số {so}/{nam}.")
	}
	now := s.o.Now().UTC()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO gazette_settings (site_id, number_format, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (site_id) DO UPDATE SET number_format = excluded.number_format, updated_at = excluded.updated_at`, siteID, format, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.format", siteID, "", format))
	})
}

// label writes an issue's number in the pattern.
func label(format string, year, from, to int) string {
	n := fmt.Sprintf("%02d", from)
	for i := from + 1; i <= to; i++ {
		n += fmt.Sprintf(" + %02d", i)
	}
	return strings.NewReplacer("{so}", n, "{nam}", strconv.Itoa(year)).Replace(format)
}

// IssueRequest is a new issue.
type IssueRequest struct {
	Year      int
	NumFrom   int
	NumTo     int    // = NumFrom for an issue of one number
	IssueDate string // YYYY-MM-DD
	DocIDs    []int64
}

// CreateIssue prepares an issue (not public) of waiting documents, in the
// order of the gazette: grouped by issuing body, then by type, then by
// number.
func (s *Store) CreateIssue(ctx context.Context, siteID int64, req IssueRequest, p Person) (*Issue, error) {
	if !p.May(siteID, account.GazettePublish) {
		return nil, errForbidden
	}
	e := &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Chưa lập được số Công báo: xin sửa các mục được nêu.", EN: "The issue was not prepared: please correct the fields named."},
		Fields: map[string]apperr.Msg{}}
	if req.NumTo == 0 {
		req.NumTo = req.NumFrom
	}
	req.IssueDate = vn.Clean(req.IssueDate)
	if req.Year < 2000 || req.Year > 2100 {
		e.Fields["year"] = apperr.Msg{VI: "Năm không hợp lệ.", EN: "Not a valid year."}
	}
	if req.NumFrom < 1 || req.NumTo < req.NumFrom || req.NumTo-req.NumFrom > 5 {
		e.Fields["num"] = apperr.Msg{VI: "Số Công báo không hợp lệ (một số, hoặc vài số liền nhau cho một số gộp).", EN: "Not a valid issue number (one number, or a few in a row for a combined issue)."}
	}
	if !validDay(req.IssueDate) {
		e.Fields["issue_date"] = apperr.Msg{VI: "Ngày phát hành phải có dạng ngày/tháng/năm, ví dụ 02/12/2026.", EN: "The issue date is day/month/year, e.g. 02/12/2026."}
	}
	if len(req.DocIDs) == 0 {
		e.Fields["docs"] = apperr.Msg{VI: "Xin chọn các văn bản của số Công báo.", EN: "Choose the documents of the issue."}
	}
	if len(e.Fields) > 0 {
		return nil, e
	}
	format, err := s.Format(ctx, siteID)
	if err != nil {
		return nil, err
	}
	is := &Issue{SiteID: siteID, Year: req.Year, NumFrom: req.NumFrom, NumTo: req.NumTo, IssueDate: req.IssueDate, State: "draft",
		Label: label(format, req.Year, req.NumFrom, req.NumTo), CreatedAt: s.o.Now().UTC()}
	is.Slug = fmt.Sprintf("%d-%02d", req.Year, req.NumFrom)
	if req.NumTo != req.NumFrom {
		is.Slug += fmt.Sprintf("-%02d", req.NumTo)
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Numbers are not reused within a year.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_issues WHERE site_id = ? AND year = ? AND num_from <= ? AND num_to >= ?`,
			siteID, req.Year, req.NumTo, req.NumFrom).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Field("num", "Số này đã được dùng cho một số Công báo khác trong năm.", "The number is already used this year.")
		}
		docs, err := docsIn(ctx, tx, siteID, req.DocIDs)
		if err != nil {
			return err
		}
		if len(docs) != len(slices.Compact(slices.Sorted(slices.Values(req.DocIDs)))) {
			return apperr.Field("docs", "Có văn bản không còn chờ đăng (đã vào số khác hoặc không thuộc cổng này).", "A document is no longer waiting (in another issue, or not this site's).")
		}
		slices.SortStableFunc(docs, func(a, b *Doc) int {
			if c := vn.Compare(a.Issuer, b.Issuer); c != 0 {
				return c
			}
			if c := vn.Compare(a.DocType, b.DocType); c != 0 {
				return c
			}
			return strings.Compare(a.SignedOn+a.Number, b.SignedOn+b.Number)
		})
		if err := tx.QueryRow(ctx, `INSERT INTO gazette_issues (site_id, year, num_from, num_to, label, slug, issue_date, state,
			created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?) RETURNING id`, siteID, is.Year, is.NumFrom, is.NumTo,
			is.Label, is.Slug, is.IssueDate, p.User.ID, is.CreatedAt).Scan(&is.ID); err != nil {
			return err
		}
		for i, d := range docs {
			if _, err := tx.Exec(ctx, `UPDATE gazette_docs SET issue_id = ?, position = ? WHERE id = ?`, is.ID, i+1, d.ID); err != nil {
				return err
			}
			d.IssueID, d.Position = is.ID, i+1
		}
		is.Docs = docs
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.issue", siteID, is.Label, fmt.Sprintf("%d văn bản", len(docs))))
	})
	if err != nil {
		return nil, err
	}
	return is, nil
}

// docsIn reads the waiting documents among ids that are in no issue.
func docsIn(ctx context.Context, tx *store.Tx, siteID int64, ids []int64) ([]*Doc, error) {
	args := []any{siteID}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.Query(ctx, `SELECT `+docColumns+docFrom+`WHERE d.site_id = ? AND d.state = 'received' AND d.issue_id IS NULL
		AND d.id IN (`+store.Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Doc
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// RemoveFromIssue takes a document out of an issue still in preparation.
func (s *Store) RemoveFromIssue(ctx context.Context, docID int64, p Person) error {
	d, err := s.Get(ctx, docID)
	if err != nil {
		return err
	}
	if !p.May(d.SiteID, account.GazettePublish) {
		return errForbidden
	}
	if d.State != Received || d.IssueID == 0 {
		return apperr.New(apperr.Conflict, "Văn bản không nằm trong số Công báo đang chuẩn bị.", "The document is not in an issue being prepared.")
	}
	is, err := s.Issue(ctx, d.IssueID)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE gazette_docs SET issue_id = NULL, position = 0 WHERE id = ? AND state = 'received'`, d.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.remove", d.SiteID, d.Number, is.Label))
	})
}

const issueColumns = `id, site_id, year, num_from, num_to, label, slug, issue_date, state, COALESCE(pdf_sha256, ''), pages,
	published_at, created_at`

func scanIssue(row interface{ Scan(...any) error }) (*Issue, error) {
	var is Issue
	var published sql.NullTime
	if err := row.Scan(&is.ID, &is.SiteID, &is.Year, &is.NumFrom, &is.NumTo, &is.Label, &is.Slug, &is.IssueDate, &is.State,
		&is.PDFSHA256, &is.Pages, &published, &is.CreatedAt); err != nil {
		return nil, err
	}
	is.PublishedAt = timePtr(published)
	return &is, nil
}

// Issue returns an issue with its documents in order.
func (s *Store) Issue(ctx context.Context, id int64) (*Issue, error) {
	return s.issue(ctx, `WHERE id = ?`, id)
}

// IssueBySlug returns a site's issue by its slug ("2026-01").
func (s *Store) IssueBySlug(ctx context.Context, siteID int64, slug string) (*Issue, error) {
	return s.issue(ctx, `WHERE site_id = ? AND slug = ?`, siteID, slug)
}

func (s *Store) issue(ctx context.Context, where string, args ...any) (*Issue, error) {
	is, err := scanIssue(s.db.QueryRow(ctx, `SELECT `+issueColumns+` FROM gazette_issues `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoIssue
	}
	if err != nil {
		return nil, err
	}
	is.Docs, _, err = s.Docs(ctx, Filter{SiteID: is.SiteID, IssueID: is.ID, Limit: 200})
	return is, err
}

// Issues lists a site's issues, newest first; published only unless
// staff; year 0 for every year.
func (s *Store) Issues(ctx context.Context, siteID int64, year int, staff bool, limit, offset int) ([]*Issue, int, error) {
	where := `WHERE site_id = ?`
	args := []any{siteID}
	if !staff {
		where += ` AND state = 'published'`
	}
	if year != 0 {
		where += ` AND year = ?`
		args = append(args, year)
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_issues `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+issueColumns+` FROM gazette_issues `+where+` ORDER BY year DESC, num_from DESC LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Issue
	for rows.Next() {
		is, err := scanIssue(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, is)
	}
	return out, total, rows.Err()
}

// IssueYears are the years with a published issue, newest first.
func (s *Store) IssueYears(ctx context.Context, siteID int64) ([]int, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT year FROM gazette_issues WHERE site_id = ? AND state = 'published' ORDER BY year DESC`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// Cover describes the agency that publishes the gazette, for the cover.
type Cover struct {
	Agency       string // "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"
	ParentAgency string
	Place        string
}

// PublishIssue compiles the issue's PDF (a cover with the table of
// contents, then every document's own signed PDF, with bookmarks),
// publishes it and its documents, records each file and record in the
// publication log, and creates or updates each document's legal document.
// Every document must have a verified signature or a recorded override.
func (s *Store) PublishIssue(ctx context.Context, id int64, cover Cover, p Person) (*Issue, error) {
	is, err := s.Issue(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.May(is.SiteID, account.GazettePublish) {
		return nil, errForbidden
	}
	if is.State != "draft" {
		return nil, apperr.New(apperr.Conflict, "Số Công báo đã phát hành: không thay đổi được.", "The issue is published and cannot change.")
	}
	if len(is.Docs) == 0 {
		return nil, apperr.New(apperr.Conflict, "Số Công báo chưa có văn bản nào.", "The issue holds no document.")
	}
	var blocked []string
	for _, d := range is.Docs {
		if !d.Publishable() {
			blocked = append(blocked, d.Number)
		}
	}
	if len(blocked) > 0 {
		return nil, apperr.New(apperr.Conflict, "Chưa phát hành được: chữ ký số của văn bản "+strings.Join(blocked, ", ")+" chưa được xác thực và chưa có lý do cho đăng.",
			"Not published: the signatures of "+strings.Join(blocked, ", ")+" are not verified and no override is recorded.")
	}
	files := make([][]byte, len(is.Docs))
	for i, d := range is.Docs {
		if files[i], err = s.File(ctx, d.PDFSHA256); err != nil {
			return nil, err
		}
	}
	compiled, pages, starts, err := compile(is, cover, files)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(compiled)
	is.PDFSHA256, is.Pages = hex.EncodeToString(sum[:]), pages
	now := s.o.Now().UTC()
	today := vn.Day(now)
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := putFile(ctx, tx, is.PDFSHA256, compiled, pages, now); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE gazette_issues SET state = 'published', pdf_sha256 = ?, pages = ?, published_at = ?
			WHERE id = ? AND state = 'draft'`, is.PDFSHA256, pages, now, is.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "Số Công báo vừa được phát hành.", "The issue has just been published.")
		}
		for i, d := range is.Docs {
			d.State, d.PageStart, d.PublishedAt, d.LateDays = Published, starts[i], &now, daysLate(d.DueOn, today)
			if _, err := tx.Exec(ctx, `UPDATE gazette_docs SET state = 'published', page_start = ?, published_at = ?, late_days = ?
				WHERE id = ?`, d.PageStart, now, d.LateDays, d.ID); err != nil {
				return err
			}
			if err := appendLog(ctx, tx, now, "doc.publish", docRef(d), d.PDFSHA256, docRecord(d, is)); err != nil {
				return err
			}
		}
		is.State, is.PublishedAt = "published", &now
		if err := appendLog(ctx, tx, now, "issue.publish", "so/"+is.Slug, is.PDFSHA256, issueRecord(is)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.publish", is.SiteID, is.Label, fmt.Sprintf("%d văn bản, %d trang", len(is.Docs), pages)))
	})
	if err != nil {
		return nil, err
	}
	// The legal documents: after the commit (the content store keeps its
	// own transactions); an import is idempotent, so SyncLegal repairs a
	// failure here.
	if err := s.SyncLegal(ctx, is, p); err != nil {
		return is, fmt.Errorf("gazette issue %s published; its legal documents: %w", is.Label, err)
	}
	ids := make([]int64, len(is.Docs))
	for i, d := range is.Docs {
		ids[i] = d.ID
	}
	s.o.Changed(is.SiteID, ids)
	return is, nil
}

// daysLate is how many days after its last day a document was posted.
func daysLate(due, posted string) int {
	d, err1 := time.Parse("2006-01-02", due)
	p, err2 := time.Parse("2006-01-02", posted)
	if err1 != nil || err2 != nil || !p.After(d) {
		return 0
	}
	return int(p.Sub(d).Hours() / 24)
}

func docRef(d *Doc) string { return "van-ban/" + strconv.FormatInt(d.ID, 10) }

// DocPath is the public path of a gazette document.
func DocPath(d *Doc) string { return "/cong-bao/van-ban/" + strconv.FormatInt(d.ID, 10) }

// IssuePath is the public path of an issue.
func IssuePath(is *Issue) string { return "/cong-bao/so/" + is.Slug }

// FilePath is the public path of a stored file.
func FilePath(sum string) string { return "/cong-bao/tep/" + sum + ".pdf" }

// compile makes the issue's PDF: the cover and table of contents, then
// each document; it returns the PDF, its pages and the first page of each
// document in it.
func compile(is *Issue, cover Cover, files [][]byte) ([]byte, int, []int, error) {
	pages := make([]int, len(files))
	for i, f := range files {
		info, err := pdfdoc.Inspect(f)
		if err != nil {
			return nil, 0, nil, fmt.Errorf("document %s: %w", is.Docs[i].Number, err)
		}
		pages[i] = info.Pages
	}
	// The table of contents names pages that depend on its own length:
	// made once to count its pages, then again with the real numbers.
	var front []byte
	starts := make([]int, len(files))
	coverPages := 1
	for range 3 {
		next := coverPages + 1
		for i := range files {
			starts[i] = next
			next += pages[i]
		}
		var buf bytes.Buffer
		if err := document.WritePDF(&buf, coverDoc(is, cover, starts)); err != nil {
			return nil, 0, nil, err
		}
		info, err := pdfdoc.Inspect(buf.Bytes())
		if err != nil {
			return nil, 0, nil, err
		}
		front = buf.Bytes()
		if info.Pages == coverPages {
			break
		}
		coverPages = info.Pages
	}
	parts := []pdfdoc.Part{{Title: "Mục lục – " + is.Label, PDF: front}}
	for i, f := range files {
		d := is.Docs[i]
		parts = append(parts, pdfdoc.Part{Title: d.DocType + " số " + d.Number + " – " + d.Abstract, PDF: f})
	}
	var out bytes.Buffer
	if err := pdfdoc.Merge(&out, parts); err != nil {
		return nil, 0, nil, err
	}
	total := coverPages
	for _, n := range pages {
		total += n
	}
	return out.Bytes(), total, starts, nil
}

// coverDoc is the issue's cover and table of contents: the documents
// grouped by issuing body and type, each with its number, date, abstract
// and first page. The issue date is the cover's place-and-date line
// ("Đồng Nai, ngày 17 tháng 11 năm 2026") as on any document of the
// province; without a place it goes under the number.
func coverDoc(is *Issue, cover Cover, starts []int) *document.Doc {
	d := &document.Doc{ParentAgency: cover.ParentAgency, Agency: cover.Agency, Title: "CÔNG BÁO", Subtitle: is.Label}
	if cover.Place != "" {
		d.Place, d.Date = cover.Place, mustDay(is.IssueDate)
	} else {
		d.Subtitle += "\nPhát hành " + vn.DateWords(mustDay(is.IssueDate))
	}
	t := document.Table{Columns: []document.Column{
		{Title: "TT", Width: 0.5, Align: document.Center},
		{Title: "Văn bản", Width: 5},
		{Title: "Trang", Width: 0.8, Align: document.Center},
	}}
	group := ""
	for i, doc := range is.Docs {
		if g := doc.Issuer + " – " + doc.DocType; g != group {
			group = g
			t.Rows = append(t.Rows, document.Row{Group: true, Cells: []string{strings.ToUpper(doc.Issuer) + "\n" + doc.DocType}})
		}
		text := fmt.Sprintf("%s số %s %s %s", doc.DocType, doc.Number, vn.DateWords(mustDay(doc.SignedOn)), citedAbstract(doc.Abstract))
		t.Rows = append(t.Rows, document.Row{Cells: []string{strconv.Itoa(i + 1), text, strconv.Itoa(starts[i])}})
	}
	d.Blocks = []document.Block{document.Paragraph{Text: "MỤC LỤC", Bold: true, Align: document.Center}, t}
	return d
}

// citedAbstract is an abstract as it reads after a document's number and
// date ("… ngày 26 tháng 10 năm 2026 ban hành Quy định …"): its first
// letter in lower case, unless the first word is an abbreviation or a
// name written in capitals ("UBND", "HĐND").
func citedAbstract(s string) string {
	r := []rune(s)
	if len(r) < 2 || !unicode.IsUpper(r[0]) || !unicode.IsLower(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

func mustDay(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02", s, vn.ICT)
	return t
}

// SyncLegal creates or updates the legal document of every published
// document of an issue, with its relations to the documents it amends,
// replaces or repeals (found by number), and links each back.
func (s *Store) SyncLegal(ctx context.Context, is *Issue, p Person) error {
	for _, d := range is.Docs {
		if d.State == Received {
			continue
		}
		e := content.Edit{Kind: content.Legal, Title: d.DocType + " " + d.Number + " " + d.Abstract, Summary: d.Abstract,
			Body: legalBody(d, is), Author: d.Issuer, Source: "Công báo " + is.Label + ", trang " + strconv.Itoa(d.PageStart)}
		itemID, _, err := s.o.Content.Import(ctx, d.SiteID, "cong-bao-"+strconv.FormatInt(d.ID, 10), e, mustDay(d.SignedOn), p.Actor())
		if err != nil {
			return err
		}
		if err := s.o.Legal.SaveBy(ctx, legal.Doc{ItemID: itemID, Number: d.Number, Type: d.DocType, Issuer: d.Issuer, Signer: d.Signer,
			Field: d.Field, Issued: d.SignedOn, Effective: d.EffectiveOn}, d.SiteID, p.Actor()); err != nil {
			return err
		}
		for _, r := range d.Relations {
			other, err := s.o.Legal.ByNumber(ctx, d.SiteID, r.Number)
			if err != nil || other == nil {
				continue // the earlier document is not in the database: the relation waits on the gazette record
			}
			if err := s.o.Legal.RelateBy(ctx, itemID, other.ItemID, r.Kind, r.Partial, d.SiteID, p.Actor()); err != nil &&
				apperr.KindOf(err) != apperr.Conflict {
				return err
			}
		}
		if _, err := s.db.Exec(ctx, `UPDATE gazette_docs SET item_id = ? WHERE id = ?`, itemID, d.ID); err != nil {
			return err
		}
		d.ItemID = itemID
	}
	return nil
}

// legalBody is the legal document's text: where it was published, the
// link to its signed file and, when the office gave it, the text with
// every Chương, Điều, Khoản and Điểm addressable.
func legalBody(d *Doc, is *Issue) string {
	text := ""
	if d.Text != "" {
		text = vn.ParseLegal(d.Text).HTML()
	}
	return text + fmt.Sprintf(`<p>Văn bản được đăng <a href="%s">Công báo %s</a>, trang %d. Văn bản đăng trên Công báo điện tử có giá trị như bản gốc.</p>`+
		`<p><a href="%s">Tải văn bản đã ký số (PDF)</a> · <a href="%s">Thông tin văn bản trên Công báo</a></p>`,
		IssuePath(is), htmlEscape(is.Label), d.PageStart, FilePath(d.PDFSHA256), DocPath(d))
}

// Withdraw withdraws a published document with a reason: a new log entry
// and a note on its page; the issue and its file never change.
func (s *Store) Withdraw(ctx context.Context, id int64, reason string, p Person) error {
	d, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if !p.May(d.SiteID, account.GazettePublish) {
		return errForbidden
	}
	reason = vn.CleanMultiline(reason)
	if reason == "" {
		return apperr.Field("reason", "Xin ghi lý do thu hồi.", "Give the reason for withdrawing.")
	}
	if d.State != Published {
		return apperr.New(apperr.Conflict, "Chỉ thu hồi được văn bản đã đăng Công báo.", "Only a published document can be withdrawn.")
	}
	is, err := s.Issue(ctx, d.IssueID)
	if err != nil {
		return err
	}
	now := s.o.Now().UTC()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE gazette_docs SET state = 'withdrawn', withdrawn_reason = ?, withdrawn_at = ? WHERE id = ?`,
			reason, now, d.ID); err != nil {
			return err
		}
		d.State, d.Withdrawn, d.WithdrawnAt = Withdrawn, reason, &now
		if err := appendLog(ctx, tx, now, "doc.withdraw", docRef(d), "", docRecord(d, is)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.Actor().Entry("gazette.withdraw", d.SiteID, d.Number, reason))
	})
	if err != nil {
		return err
	}
	s.o.Changed(d.SiteID, []int64{d.ID})
	return nil
}

// Corrections lists the published corrections of a document.
func (s *Store) Corrections(ctx context.Context, id int64) ([]*Doc, error) {
	rows, err := s.db.Query(ctx, `SELECT `+docColumns+docFrom+`WHERE d.corrects_id = ? AND d.state <> 'received' ORDER BY d.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Doc
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
