package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes items and their revisions.
type Store struct {
	db  *store.DB
	now func() time.Time
	// OnChange, when set (before use), is told the site (and item, if
	// any) of every committed change the public may see, so that cached
	// pages showing it are dropped.
	OnChange func(siteID, itemID int64)
	// OnSaved, when set (before use), is told every item whose stored
	// state changed — any saved revision, workflow step or publication,
	// drafts included — after the change committed. The search index
	// refreshes the item from it.
	OnSaved func(itemID int64)
}

// saved tells OnSaved about a committed change of an item.
func (s *Store) saved(itemID int64) {
	if s.OnSaved != nil && itemID != 0 {
		s.OnSaved(itemID)
	}
}

// Changed tells OnChange about a committed change of what the public sees
// on a site; the workflow calls it after each step.
func (s *Store) Changed(siteID, itemID int64) {
	if s.OnChange != nil {
		s.OnChange(siteID, itemID)
	}
	s.saved(itemID)
}

// NewStore returns the content store on db.
func NewStore(db *store.DB, now func() time.Time) *Store { return &Store{db: db, now: now} }

// Edit is what an editor sends: the fields of a new revision and the
// item settings that go with it.
type Edit struct {
	Kind         Kind
	Lang         string
	Slug         string // empty: made from the title
	CategoryID   int64
	Title        string
	Summary      string
	Body         string // HTML, sanitised on the way in
	Author       string
	Source       string
	Tags         string
	CoverMediaID int64
	CoverAlt     string
	PublishAt    *time.Time
	UnpublishAt  *time.Time
	Featured     bool
	Note         string
	Version      int  // the item version the editor started from (Save)
	Minor        bool // a minor correction (the workflow decides who may)
}

// clean puts every text field through the same cleaning as all input:
// text typed in a legacy Vietnamese encoding (TCVN3, VNI… pasted as if it
// were Unicode) converted, NFC, the ƣ repair, sanitised HTML.
func (d *Edit) clean() error {
	d.repairLegacy()
	d.Title = vn.Clean(d.Title)
	d.Summary = vn.CleanMultiline(d.Summary)
	d.Author, d.Source, d.Tags = vn.Clean(d.Author), vn.Clean(d.Source), vn.Clean(d.Tags)
	d.CoverAlt, d.Note = vn.Clean(d.CoverAlt), vn.Clean(d.Note)
	d.Body = richtext.Sanitize(d.Body)
	d.Slug = vn.Slug(d.Slug)
	if d.Lang != "en" {
		d.Lang = "vi"
	}
	switch {
	case d.Title == "":
		return apperr.Field("title", "Hãy nhập tiêu đề.", "Enter a title.")
	case len([]rune(d.Title)) > 500:
		return apperr.Field("title", "Tiêu đề dài quá 500 ký tự.", "The title is longer than 500 characters.")
	case len(d.Body) > 2<<20:
		return apperr.Field("body", "Nội dung dài quá 2 MB; hãy tách thành nhiều bài hoặc đính kèm tệp.", "The body is over 2 MB; split it or attach a file.")
	case d.PublishAt != nil && d.UnpublishAt != nil && !d.UnpublishAt.After(*d.PublishAt):
		return apperr.Field("unpublish_at", "Thời điểm gỡ phải sau thời điểm đăng.", "The unpublish time must be after the publish time.")
	}
	return nil
}

// ConflictError says a save lost a race: someone else saved the item
// first. The loser's text is kept as revision Revision, never lost.
type ConflictError struct{ Revision int }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("bài đã được người khác sửa trước; bản của bạn được giữ ở phiên bản %d", e.Revision)
}

// Unwrap makes a conflict an apperr.Conflict wherever it surfaces.
func (e *ConflictError) Unwrap() error {
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("Bài đã được người khác sửa trước; bản của bạn được giữ ở phiên bản %d.", e.Revision),
		fmt.Sprintf("Someone else saved first; your text is kept as revision %d.", e.Revision))
}

// Create makes a new item in draft with its first revision.
func (s *Store) Create(ctx context.Context, siteID int64, d Edit, by audit.Actor) (*Item, error) {
	if !d.Kind.Valid() {
		return nil, apperr.Field("kind", "Loại nội dung không hợp lệ.", "Unknown kind of content.")
	}
	if err := d.clean(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		slug, err := uniqueSlug(ctx, tx, siteID, d.Lang, d.Slug, d.Title, 0)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, category_id, featured, publish_at,
			unpublish_at, created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			siteID, d.Kind, d.Lang, slug, nullID(d.CategoryID), d.Featured, utc(d.PublishAt), utc(d.UnpublishAt),
			nullID(by.ID), now, now).Scan(&id)
		if err != nil {
			return err
		}
		rev, err := insertRevision(ctx, tx, id, d, false, by, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE items SET current_rev = ? WHERE id = ?`, rev, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("item.create", siteID, fmt.Sprint(id), d.Title))
	})
	if err != nil {
		return nil, fmt.Errorf("create item: %w", err)
	}
	s.saved(id)
	return s.Get(ctx, id)
}

// Save stores d as a new revision of the item. d.Version must be the
// version the editor started from; if another save came first the text
// is still kept as a revision and a *ConflictError returned. An edit of a
// published, unpublished or archived item starts a new draft: the public
// keeps seeing the published revision until the new one is approved.
func (s *Store) Save(ctx context.Context, itemID int64, d Edit, by audit.Actor) (*Item, error) {
	if err := d.clean(); err != nil {
		return nil, err
	}
	var live *Item // its slug, category and featured flag show at once
	var conflict *ConflictError
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		live, err = s.saveTx(ctx, tx, itemID, d, by)
		if errors.As(err, &conflict) {
			return nil // commit: the losing text is kept as a conflict revision
		}
		return err
	})
	if conflict != nil {
		return nil, conflict
	}
	if err != nil {
		return nil, fmt.Errorf("save item %d: %w", itemID, err)
	}
	if live != nil {
		s.Changed(live.SiteID, itemID)
	} else {
		s.saved(itemID)
	}
	return s.Get(ctx, itemID)
}

// SaveTx is Save inside the caller's transaction, for the workflow's
// minor correction, which saves and publishes in one step. d must have
// been cleaned (Clean). A conflict rolls the caller's transaction back.
func (s *Store) SaveTx(ctx context.Context, tx *store.Tx, itemID int64, d Edit, by audit.Actor) error {
	_, err := s.saveTx(ctx, tx, itemID, d, by)
	return err
}

// Clean validates and cleans an edit as Save does.
func (d *Edit) Clean() error { return d.clean() }

// saveTx writes the revision and the item. On a version conflict it
// stores the text as a conflict revision and returns *ConflictError
// without failing the transaction (Save commits it, so nothing is lost).
// It returns the item as it was when it was live.
func (s *Store) saveTx(ctx context.Context, tx *store.Tx, itemID int64, d Edit, by audit.Actor) (*Item, error) {
	now := s.now().UTC()
	it, err := lockItem(ctx, tx, itemID)
	if err != nil {
		return nil, err
	}
	var live *Item
	if it.Live {
		live = it
	}
	if d.Version != it.Version {
		if _, err := insertRevision(ctx, tx, itemID, d, true, by, now); err != nil {
			return nil, err
		}
		var n int
		tx.QueryRow(ctx, `SELECT MAX(number) FROM revisions WHERE item_id = ?`, itemID).Scan(&n)
		if err := audit.Record(ctx, tx, by.Entry("item.conflict", it.SiteID, fmt.Sprint(itemID), fmt.Sprint(n))); err != nil {
			return nil, err
		}
		return nil, &ConflictError{Revision: n}
	}
	rev, err := insertRevision(ctx, tx, itemID, d, false, by, now)
	if err != nil {
		return nil, err
	}
	slug := it.Slug
	if d.Slug != "" && d.Slug != it.Slug {
		if slug, err = uniqueSlug(ctx, tx, it.SiteID, it.Lang, d.Slug, d.Title, it.ID); err != nil {
			return nil, err
		}
		if it.FirstPublishedAt != nil { // a published URL never breaks
			if _, err := tx.Exec(ctx, `INSERT INTO slug_history (site_id, lang, slug, item_id) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, it.SiteID, it.Lang, it.Slug, it.ID); err != nil {
				return nil, err
			}
		}
	}
	state := it.State
	switch state {
	case Published, Unpublished, Archived:
		state = Draft
	case Scheduled:
		state = Approval // changed after approval: approve again
	}
	_, err = tx.Exec(ctx, `UPDATE items SET current_rev = ?, state = ?, slug = ?, category_id = ?, featured = ?,
		publish_at = ?, unpublish_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
		rev, state, slug, nullID(d.CategoryID), d.Featured, utc(d.PublishAt), utc(d.UnpublishAt), now, itemID)
	if err != nil {
		return nil, err
	}
	return live, audit.Record(ctx, tx, by.Entry("item.save", it.SiteID, fmt.Sprint(itemID), d.Note))
}

// lockItem reads an item inside tx after taking its row lock, so that
// concurrent saves of one item queue up on both databases (SQLite's write
// transaction locks the whole file; on PostgreSQL the UPDATE locks the row).
func lockItem(ctx context.Context, tx *store.Tx, id int64) (*Item, error) {
	res, err := tx.Exec(ctx, `UPDATE items SET version = version WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errNoItem
	}
	return scanItem(tx.QueryRow(ctx, `SELECT `+itemColumns+` FROM items i WHERE i.id = ?`, id))
}

// LockItem is lockItem for the workflow, which changes items in its own
// transactions.
func LockItem(ctx context.Context, tx *store.Tx, id int64) (*Item, error) {
	return lockItem(ctx, tx, id)
}

func insertRevision(ctx context.Context, tx *store.Tx, itemID int64, d Edit, conflict bool, by audit.Actor, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO revisions (item_id, number, title, summary, body, author, source, tags,
		cover_media_id, cover_alt, minor, conflict, note, created_by, created_at)
		VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM revisions WHERE item_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`, itemID, itemID, d.Title, d.Summary, d.Body, d.Author, d.Source, d.Tags, nullID(d.CoverMediaID),
		d.CoverAlt, d.Minor, conflict, d.Note, nullID(by.ID), now).Scan(&id)
	return id, err
}

// uniqueSlug returns want (or the title's slug) made unique on the site
// and language by a numeric suffix.
func uniqueSlug(ctx context.Context, q store.Querier, siteID int64, lang, want, title string, self int64) (string, error) {
	base := want
	if base == "" {
		base = vn.Slug(title)
	}
	if base == "" {
		base = "bai-viet"
	}
	slug := base
	for n := 2; ; n++ {
		var taken int
		err := q.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id = ? AND lang = ? AND slug = ? AND id <> ?`,
			siteID, lang, slug, self).Scan(&taken)
		if err != nil {
			return "", err
		}
		if taken == 0 {
			return slug, nil
		}
		slug = fmt.Sprintf("%s-%d", strings.TrimSuffix(base[:min(len(base), vn.SlugMaxLen-4)], "-"), n)
	}
}

var errNoItem = apperr.New(apperr.NotFound, "Không tìm thấy nội dung.", "Item not found.")

// itemColumns are read with the items table aliased as i.
const itemColumns = `i.id, i.site_id, i.kind, i.state, i.lang, i.slug, COALESCE(i.category_id, 0), COALESCE(i.current_rev, 0),
	COALESCE(i.published_rev, 0), i.live, i.featured, i.publish_at, i.unpublish_at, i.first_published_at, i.published_at,
	i.override_reason, COALESCE(i.source_site_id, 0), COALESCE(i.source_item_id, 0), i.version, COALESCE(i.created_by, 0),
	i.created_at, i.updated_at, COALESCE(i.origin_site_id, 0)`

func scanItem(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	var pub, unpub, first, published sql.NullTime
	err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.State, &it.Lang, &it.Slug, &it.CategoryID, &it.CurrentRev,
		&it.PublishedRev, &it.Live, &it.Featured, &pub, &unpub, &first, &published, &it.OverrideReason,
		&it.SourceSiteID, &it.SourceItemID, &it.Version, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt, &it.OriginSiteID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoItem
	}
	if err != nil {
		return nil, err
	}
	it.PublishAt, it.UnpublishAt = timePtr(pub), timePtr(unpub)
	it.FirstPublishedAt, it.PublishedAt = timePtr(first), timePtr(published)
	return &it, nil
}

// Get returns an item with its current (newest accepted) revision.
func (s *Store) Get(ctx context.Context, id int64) (*Item, error) {
	it, err := scanItem(s.db.QueryRow(ctx, `SELECT `+itemColumns+` FROM items i WHERE i.id = ?`, id))
	if err != nil {
		return nil, err
	}
	it.Rev, err = s.Revision(ctx, it.CurrentRev)
	return it, err
}

const revColumns = `r.id, r.item_id, r.number, r.title, r.summary, r.body, r.author, r.source, r.tags,
	COALESCE(r.cover_media_id, 0), r.cover_alt, r.minor, r.conflict, r.note, COALESCE(r.created_by, 0),
	COALESCE(u.full_name, ''), r.created_at`

func scanRevision(row interface{ Scan(...any) error }) (*Revision, error) {
	var r Revision
	err := row.Scan(&r.ID, &r.ItemID, &r.Number, &r.Title, &r.Summary, &r.Body, &r.Author, &r.Source, &r.Tags,
		&r.CoverMediaID, &r.CoverAlt, &r.Minor, &r.Conflict, &r.Note, &r.CreatedBy, &r.CreatedByName, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy phiên bản.", "Revision not found.")
	}
	return &r, err
}

// Revision returns one revision by id.
func (s *Store) Revision(ctx context.Context, id int64) (*Revision, error) {
	return scanRevision(s.db.QueryRow(ctx, `SELECT `+revColumns+` FROM revisions r
		LEFT JOIN users u ON u.id = r.created_by WHERE r.id = ?`, id))
}

// Revisions lists an item's revisions, newest first, without bodies.
func (s *Store) Revisions(ctx context.Context, itemID int64) ([]*Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT `+strings.Replace(revColumns, "r.body", "''", 1)+` FROM revisions r
		LEFT JOIN users u ON u.id = r.created_by WHERE r.item_id = ? ORDER BY r.number DESC`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func utc(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// repairLegacy converts text that arrived in a legacy encoding. The body
// is judged as a whole (a single text node is often too short to tell)
// and each of its text nodes converted the same way; the short fields
// are judged one by one. Proper Unicode is never touched. The revision
// note says what was converted, so an editor can check.
func (d *Edit) repairLegacy() {
	var converted []string
	if !unicodeVietnamese(d.Body) {
		plain := richtext.PlainText(d.Body)
		if fixed, enc, _ := vn.FixMisdecoded(plain); fixed != plain {
			d.Body = richtext.MapText(d.Body, func(s string) string { return repairNode(s, enc) })
			converted = append(converted, legacyName(enc))
		}
	}
	for _, f := range []*string{&d.Title, &d.Summary, &d.Author, &d.Source, &d.Tags} {
		if t, enc, _ := vn.FixMisdecoded(*f); t != *f {
			*f = t
			converted = append(converted, legacyName(enc))
		}
	}
	if len(converted) > 0 {
		note := "Đã chuyển mã từ " + converted[0] + " sang Unicode"
		if d.Note != "" {
			note = d.Note + ". " + note
		}
		d.Note = note
	}
}

// repairNode converts one text node of a body found to be in enc. A node
// long enough to be judged on its own is converted only when it reads
// better converted (a body may mix encodings); a short one follows the
// body.
func repairNode(s string, enc vn.Encoding) string {
	if t, _, _ := vn.FixMisdecoded(s); t != s {
		return t
	}
	if len(strings.Fields(s)) < 4 {
		if t, ok := vn.Redecode(s, enc); ok {
			return t
		}
	}
	return s
}

// legacyName names what text was converted from, for the revision note.
func legacyName(enc vn.Encoding) string {
	if enc == vn.Unicode {
		return "UTF-8 bị đọc nhầm thành Windows-1252"
	}
	return enc.String()
}

// unicodeVietnamese reports whether s holds a letter that only Unicode
// Vietnamese has (ă, ơ, ư, đ, or a precomposed toned vowel): such text was
// not typed in a legacy encoding, and the costlier detection is skipped.
func unicodeVietnamese(s string) bool {
	for _, r := range s {
		if (r >= 0x0102 && r <= 0x0111) || (r >= 0x01A0 && r <= 0x01B0) || (r >= 0x1EA0 && r <= 0x1EF9) {
			return true
		}
	}
	return false
}
