package legal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the legal-documents database.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the legal-documents store on db.
func NewStore(db *store.DB, now func() time.Time) *Store { return &Store{db: db, now: now} }

// NumberKey folds a document number for lookups in any typing:
// "43/2011/NĐ-CP", "43/2011/nd-cp" and "43-2011-ND-CP" share one key.
func NumberKey(number string) string {
	if d, ok := vn.ParseDocNumber(number); ok {
		return d.Key()
	}
	return strings.Join(strings.FieldsFunc(vn.Fold(number), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), "-")
}

// Save stores d's metadata for its item, replacing what was there.
func (s *Store) Save(ctx context.Context, d Doc) error {
	if err := clean(&d); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error { return saveTx(ctx, tx, d) })
}

// clean normalises d's text and checks its dates.
func clean(d *Doc) error {
	for _, f := range []*string{&d.Number, &d.Type, &d.Issuer, &d.Signer, &d.Field} {
		*f = vn.Clean(*f)
	}
	var ok bool
	if d.Original, ok = richtext.Link(d.Original); !ok {
		return apperr.Field("original", "Tệp gốc: hãy dán đường dẫn tệp trong thư viện của Cổng (/media/…) hoặc địa chỉ bắt đầu bằng https://.",
			"Original file: paste the path of a file of the portal's library (/media/…) or an address starting with https://.")
	}
	if d.National, ok = richtext.Link(d.National); !ok || strings.HasPrefix(d.National, "/") {
		return apperr.Field("national", "Cơ sở dữ liệu quốc gia về văn bản pháp luật: hãy dán địa chỉ trang của văn bản, bắt đầu bằng https://.",
			"National Legal Documents Database: paste the document's page address, starting with https://.")
	}
	for _, day := range []*string{&d.Issued, &d.Effective, &d.Expires} {
		*day = vn.Clean(*day)
		if *day != "" {
			if _, err := time.Parse("2006-01-02", *day); err != nil {
				return apperr.Field("date", "Ngày phải có dạng ngày/tháng/năm, ví dụ 20/11/2019.", "Dates are day/month/year, e.g. 20/11/2019.")
			}
		}
	}
	return nil
}

func saveTx(ctx context.Context, tx *store.Tx, d Doc) error {
	if _, err := tx.Exec(ctx, `DELETE FROM legal_docs WHERE item_id = ?`, d.ItemID); err != nil {
		return err
	}
	// The item's site and whether it is live go beside the metadata, for
	// the lists (migration 016's triggers keep them in step afterwards).
	_, err := tx.Exec(ctx, `INSERT INTO legal_docs (item_id, site_id, live, number, number_key, doc_type, issuer, signer, field,
		issued_on, effective_on, expires_on, original_url, national_url) SELECT ?, i.site_id, i.live, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM items i WHERE i.id = ?`,
		d.ItemID, d.Number, NumberKey(d.Number), d.Type, d.Issuer, d.Signer, d.Field, d.Issued, d.Effective, d.Expires, d.Original, d.National, d.ItemID)
	return err
}

// Relate records that document from acts on document to.
func (s *Store) Relate(ctx context.Context, from, to int64, k Kind, partial bool) error {
	if !k.Valid() || from == to {
		return apperr.New(apperr.Invalid, "Quan hệ văn bản không hợp lệ.", "Invalid relation.")
	}
	_, err := s.db.Exec(ctx, `INSERT INTO legal_relations (from_item, to_item, kind, partial) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, from, to, k, partial)
	return err
}

const docColumns = `l.item_id, l.number, l.doc_type, l.issuer, l.signer, l.field, l.issued_on, l.effective_on,
	l.expires_on, l.original_url, l.national_url, r.title, i.slug, i.lang`

const docFrom = ` FROM legal_docs l JOIN items i ON i.id = l.item_id JOIN revisions r ON r.id = i.published_rev`

func scanDoc(row interface{ Scan(...any) error }) (*Doc, error) {
	var d Doc
	err := row.Scan(&d.ItemID, &d.Number, &d.Type, &d.Issuer, &d.Signer, &d.Field, &d.Issued, &d.Effective,
		&d.Expires, &d.Original, &d.National, &d.Title, &d.Slug, &d.Lang)
	return &d, err
}

// Get returns a live document with its relations.
func (s *Store) Get(ctx context.Context, itemID int64) (*Doc, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColumns+docFrom+` WHERE l.item_id = ? AND i.live`, itemID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy văn bản.", "Document not found.")
	}
	if err != nil {
		return nil, err
	}
	return d, s.loadRelations(ctx, []*Doc{d})
}

// ByNumber finds a site's live document by its number in any typing.
func (s *Store) ByNumber(ctx context.Context, siteID int64, number string) (*Doc, error) {
	d, err := scanDoc(s.db.QueryRow(ctx, `SELECT `+docColumns+docFrom+` WHERE l.site_id = ? AND l.live AND l.number_key = ?
		ORDER BY l.issued_on DESC LIMIT 1`, siteID, NumberKey(number)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy văn bản số "+number+".", "No document numbered "+number+".")
	}
	return d, err
}

// Filter narrows the public list of documents.
type Filter struct {
	SiteID int64
	Type   string
	Issuer string
	Field  string
	Year   int
	Status Status
	Sort   string // "issued" (newest first, default), "effective", "number"
	Limit  int
	Offset int
}

// CountCap bounds the count of a list: beyond it the list says "more
// than CountCap", and pages go no further (filters narrow the rest).
const CountCap = 10000

// where is the filter as conditions on legal_docs l, on the day today
// (for the status).
func (f Filter) where(today string) (string, []any) {
	where := []string{"l.site_id = ?", "l.live"}
	args := []any{f.SiteID}
	for _, c := range []struct {
		col, val string
	}{{"l.doc_type", f.Type}, {"l.issuer", f.Issuer}, {"l.field", f.Field}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	if f.Year > 0 {
		where = append(where, "l.issued_on >= ? AND l.issued_on < ?")
		args = append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-01-01", f.Year+1))
	}
	if f.Status != "" {
		cond, a := statusSQL(f.Status, today)
		where = append(where, cond)
		args = append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

// statusSQL is StatusOn as a condition on legal_docs l: the documents
// whose status on today is st. The documents a live one in effect by
// today ends — wholly, or in part — are few, found once from the
// relations; the condition on each document is then a look-up in them.
func statusSQL(st Status, today string) (string, []any) {
	ended := func(partial bool) string {
		kinds := `(lr.kind = 'replaces' OR (lr.kind = 'repeals' AND NOT lr.partial))`
		if partial {
			kinds = `lr.kind = 'repeals' AND lr.partial`
		}
		return `(SELECT lr.to_item FROM legal_relations lr JOIN legal_docs fl ON fl.item_id = lr.from_item
			WHERE ` + kinds + ` AND fl.live AND (fl.effective_on = '' OR fl.effective_on <= ?))`
	}
	whole, part := ended(false), ended(true)
	suspended := `(SELECT lr.to_item FROM legal_relations lr JOIN legal_docs fl ON fl.item_id = lr.from_item
			WHERE lr.kind = 'suspends' AND fl.live AND (fl.effective_on = '' OR fl.effective_on <= ?))`
	expired := `(l.expires_on <> '' AND l.expires_on <= ?)`
	switch st {
	case Expired:
		return `(l.item_id IN ` + whole + ` OR (` + expired + ` AND l.item_id NOT IN ` + part + `))`, []any{today, today, today}
	case PartlyExpired:
		return `l.item_id IN ` + part + ` AND l.item_id NOT IN ` + whole, []any{today, today}
	}
	// Neither ended nor expired; suspended, or then by the dates.
	cond := `l.item_id NOT IN ` + whole + ` AND l.item_id NOT IN ` + part + ` AND NOT ` + expired
	args := []any{today, today, today}
	if st == Suspended {
		return cond + ` AND l.item_id IN ` + suspended, append(args, today)
	}
	cond += ` AND l.item_id NOT IN ` + suspended
	args = append(args, today)
	switch st {
	case NotYet:
		return cond + ` AND l.effective_on > ?`, append(args, today)
	case Unknown:
		return cond + ` AND l.effective_on = '' AND l.issued_on = ''`, args
	case InForce:
		// "NOT >" rather than "<=": most documents are in force, and the
		// list reads them in its own order, not by this range.
		return cond + ` AND NOT l.effective_on > ? AND NOT (l.effective_on = '' AND l.issued_on = '')`, append(args, today)
	}
	return "1 = 0", nil // no such status: nothing has it
}

// List returns a page of a site's live documents matching f, and how
// many match, up to CountCap + 1. The filters, the status among them,
// the order and the page are all the database's: only the page's
// documents are read whole, with their relations.
func (s *Store) List(ctx context.Context, f Filter) ([]*Doc, int, error) {
	if f.Limit <= 0 || f.Limit > 100 {
		f.Limit = 20
	}
	f.Offset = min(max(f.Offset, 0), CountCap)
	cond, args := f.where(Today(s.now()))
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM legal_docs l WHERE `+cond+` LIMIT ?) c`,
		append(args, CountCap+1)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Offset >= total {
		return nil, total, nil
	}
	order := "l.issued_on DESC, l.item_id DESC"
	switch f.Sort {
	case "effective":
		order = "l.effective_on DESC, l.item_id DESC"
	case "number":
		order = "l.number_key, l.item_id"
	}
	rows, err := s.db.Query(ctx, `SELECT `+docColumns+docFrom+` WHERE l.item_id IN (SELECT l.item_id FROM legal_docs l
		WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?) ORDER BY `+order, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	var docs []*Doc
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return docs, total, s.loadRelations(ctx, docs)
}

// loadRelations fills the relations of docs, in both directions.
func (s *Store) loadRelations(ctx context.Context, docs []*Doc) error {
	if len(docs) == 0 {
		return nil
	}
	byID := map[int64]*Doc{}
	var ids []any
	for _, d := range docs {
		byID[d.ItemID] = d
		ids = append(ids, d.ItemID)
	}
	in := store.Placeholders(len(ids))
	rows, err := s.db.Query(ctx, `SELECT lr.from_item, lr.to_item, lr.kind, lr.partial, fl.effective_on,
		fl.number, fr.title, fi.slug, tl.number, tr.title, ti.slug
		FROM legal_relations lr
		JOIN legal_docs fl ON fl.item_id = lr.from_item JOIN items fi ON fi.id = lr.from_item JOIN revisions fr ON fr.id = fi.published_rev
		JOIN legal_docs tl ON tl.item_id = lr.to_item JOIN items ti ON ti.id = lr.to_item JOIN revisions tr ON tr.id = ti.published_rev
		WHERE fi.live AND ti.live AND (lr.from_item IN (`+in+`) OR lr.to_item IN (`+in+`))`, append(ids, ids...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var from, to int64
		var k Kind
		var partial bool
		var eff, fNum, fTitle, fSlug, tNum, tTitle, tSlug string
		if err := rows.Scan(&from, &to, &k, &partial, &eff, &fNum, &fTitle, &fSlug, &tNum, &tTitle, &tSlug); err != nil {
			return err
		}
		if d, ok := byID[from]; ok {
			d.Relation = append(d.Relation, Relation{Kind: k, Outgoing: true, Other: to, Number: tNum, Title: tTitle, Slug: tSlug, Effective: eff, Partial: partial})
		}
		if d, ok := byID[to]; ok {
			r := Relation{Kind: k, Other: from, Number: fNum, Title: fTitle, Slug: fSlug, Effective: eff, Partial: partial}
			d.Relation = append(d.Relation, r)
			switch k {
			case Replaces, Repeals:
				d.EndedBy = append(d.EndedBy, r)
			case Suspends:
				d.SuspendedBy = append(d.SuspendedBy, r)
			}
		}
	}
	return rows.Err()
}

// Facets lists the values the filters offer: types, issuers, years of
// the site's live documents. Each list is read by skipping from one value
// to the next in the site's index (a loose index scan), so its cost is
// the number of values, not of documents.
func (s *Store) Facets(ctx context.Context, siteID int64) (types, issuers []string, years []int, err error) {
	col := func(c string) ([]string, error) {
		next := `(SELECT l.` + c + ` FROM legal_docs l WHERE l.site_id = ? AND l.live AND l.` + c + ` > %s
			ORDER BY l.` + c + ` LIMIT 1)`
		return s.values(ctx, fmt.Sprintf(next, "''"), fmt.Sprintf(next, "v.x"), siteID)
	}
	if types, err = col("doc_type"); err != nil {
		return
	}
	if issuers, err = col("issuer"); err != nil {
		return
	}
	// Years: from a day, the first day of a later year.
	next := `(SELECT l.issued_on FROM legal_docs l WHERE l.site_id = ? AND l.live AND l.issued_on >= %s
		ORDER BY l.issued_on LIMIT 1)`
	days, err := s.values(ctx, fmt.Sprintf(next, "'0001'"),
		fmt.Sprintf(next, "CAST(CAST(SUBSTR(v.x, 1, 4) AS INTEGER) + 1 AS TEXT)"), siteID)
	if err != nil {
		return
	}
	for i := len(days) - 1; i >= 0; i-- {
		var y int
		if _, err := fmt.Sscanf(days[i], "%d", &y); err == nil && y > 0 {
			years = append(years, y)
		}
	}
	vn.SortStrings(types)
	vn.SortStrings(issuers)
	return types, issuers, years, nil
}

// values runs a loose index scan: first is a subquery giving the first
// value, next one giving the value after v.x; each takes siteID.
func (s *Store) values(ctx context.Context, first, next string, siteID int64) ([]string, error) {
	rows, err := s.db.Query(ctx, `WITH RECURSIVE v(x) AS (SELECT `+first+` UNION ALL
		SELECT `+next+` FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL`, siteID, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
