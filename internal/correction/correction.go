// Package correction keeps the public corrections of a portal (đính
// chính, REQ-21; Law 104/2016 Art. 22): when a published item was
// inaccurate and a newer published revision corrects it, the board marks
// the correction public with a notice. The item's page then shows the
// dated notice and links to what changed — a readable before and after
// of the corrected passages — and each site lists its corrections.
//
// A correction names two published revisions of the item, the one the
// public saw and the one that corrects it; both stay in the item's
// history, so the notice can always show them. It is never edited or
// removed: a correction of a correction is another notice.
package correction

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Correction is one public correction of an item.
type Correction struct {
	ID          int64
	ItemID      int64
	SiteID      int64
	Lang        string // the item's
	Title       string // the item's title in the correcting revision
	URL         string // the item's path within its site
	BeforeRev   int64  // the revision the public saw, by id
	AfterRev    int64  // the revision that corrects it, by id
	BeforeNo    int    // the same, by number
	AfterNo     int
	Note        string // what was inaccurate and what is correct now
	PublishedAt time.Time
	By          string // who marked it public, for staff pages
}

// Note lengths: a notice says what was wrong in a sentence or a few.
const (
	minNote = 10
	maxNote = 2000
)

// Store reads and writes corrections.
type Store struct {
	db      *store.DB
	content *content.Store
	now     func() time.Time
}

// NewStore returns the corrections store.
func NewStore(db *store.DB, cs *content.Store, now func() time.Time) *Store {
	return &Store{db: db, content: cs, now: now}
}

// Person is who marks a correction public: the account, the main
// portal's id (where installation-wide roles are held), and the actor
// for the audit log.
type Person struct {
	User   *account.User
	MainID int64
	Actor  audit.Actor
}

// Publish marks public the correction of item itemID by its published
// revision: before is the number of an earlier published revision, the
// one the public saw (0 for the one published just before), note what
// was corrected. It needs the right to publish on the item's site.
func (s *Store) Publish(ctx context.Context, itemID int64, before int, note string, p Person) (*Correction, error) {
	note, err := CheckNote(note)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := content.LockItem(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if !p.User.Can(it.SiteID, p.MainID, account.PublishContent) {
			return apperr.New(apperr.Forbidden, "Vai trò của bạn không được công bố đính chính.", "Your role may not publish a correction.")
		}
		if !it.Live || it.PublishedRev == 0 {
			return apperr.New(apperr.Conflict, "Chỉ đính chính được tin bài đang đăng.", "Only a published item can carry a correction.")
		}
		published, err := publishedRevisions(ctx, tx, itemID)
		if err != nil {
			return err
		}
		beforeID, err := pickBefore(published, it.PublishedRev, before)
		if err != nil {
			return err
		}
		var dup int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM corrections WHERE item_id = ? AND after_rev = ?`, itemID, it.PublishedRev).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return apperr.New(apperr.Conflict, "Bản đang đăng đã có thông báo đính chính; hãy đăng bản sửa mới trước khi đính chính tiếp.",
				"The published revision already carries a correction; publish a new revision before another one.")
		}
		if err := tx.QueryRow(ctx, `INSERT INTO corrections (item_id, before_rev, after_rev, note, published_at, published_by, published_by_name)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, itemID, beforeID, it.PublishedRev, note, now, p.User.ID, p.Actor.Name).Scan(&id); err != nil {
			return err
		}
		e := p.Actor.Entry("correction.publish", it.SiteID, fmt.Sprint(itemID), note)
		e.At = now
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return nil, err
	}
	c, err := s.Get(ctx, id)
	if err == nil {
		s.content.Changed(c.SiteID, c.ItemID) // the item's page shows the notice now
	}
	return c, err
}

// CheckNote cleans a correction notice and checks its length, so that a
// form publishing a revision with its notice can refuse a bad notice
// before the revision is published.
func CheckNote(note string) (string, error) {
	note = vn.CleanMultiline(note)
	if n := len([]rune(note)); n < minNote || n > maxNote {
		return note, apperr.Field("notice", fmt.Sprintf("Hãy ghi nội dung đính chính: điều gì chưa chính xác và nay đúng là gì (từ %d đến %d ký tự).", minNote, maxNote),
			fmt.Sprintf("Write the correction notice: what was inaccurate and what is correct now (%d to %d characters).", minNote, maxNote))
	}
	return note, nil
}

// pickBefore finds the published revision the public saw before after:
// the one numbered want, or the latest published before after when
// want is 0.
func pickBefore(published []revRef, after int64, want int) (int64, error) {
	var found int64
	for _, r := range published {
		if r.id == after {
			continue
		}
		if want == 0 || r.number == want {
			found = r.id // published is in order: the last match is the latest
		}
	}
	if found == 0 {
		if want == 0 {
			return 0, apperr.New(apperr.Conflict, "Tin bài chưa có bản nào đã đăng trước bản đang đăng: chưa có gì để đính chính.",
				"The item has no revision published before the current one: there is nothing to correct.")
		}
		return 0, apperr.Field("before", "Hãy chọn một bản đã đăng trước bản đang đăng.", "Choose a revision published before the current one.")
	}
	return found, nil
}

// revRef is a revision by id and number.
type revRef struct {
	id     int64
	number int
}

// publishedRevisions lists the revisions of an item that were ever
// public, oldest first: those a step to "published" made public.
func publishedRevisions(ctx context.Context, q store.Querier, itemID int64) ([]revRef, error) {
	rows, err := q.Query(ctx, `SELECT r.id, r.number FROM revisions r WHERE r.item_id = ? AND r.id IN
		(SELECT t.revision_id FROM transitions t WHERE t.item_id = ? AND t.to_state = 'published') ORDER BY r.number`, itemID, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []revRef
	for rows.Next() {
		var r revRef
		if err := rows.Scan(&r.id, &r.number); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Candidates lists the numbers of the item's revisions published before
// the current public one, newest first: what a correction may name as
// the revision the public saw.
func (s *Store) Candidates(ctx context.Context, it *content.Item) ([]int, error) {
	published, err := publishedRevisions(ctx, s.db, it.ID)
	if err != nil {
		return nil, err
	}
	var out []int
	for i := len(published) - 1; i >= 0; i-- {
		if r := published[i]; r.id != it.PublishedRev {
			out = append(out, r.number)
		}
	}
	return out, nil
}

// selectFrom reads corrections with their item's title in the correcting
// revision; where filters on c (corrections), i (items) and a (the
// correcting revision).
const selectFrom = `SELECT c.id, c.item_id, i.site_id, i.lang, a.title, i.kind, i.slug, c.before_rev, c.after_rev,
	b.number, a.number, c.note, c.published_at, c.published_by_name
	FROM corrections c JOIN items i ON i.id = c.item_id JOIN revisions a ON a.id = c.after_rev JOIN revisions b ON b.id = c.before_rev `

func scan(row interface{ Scan(...any) error }) (*Correction, error) {
	var c Correction
	var kind content.Kind
	var slug string
	if err := row.Scan(&c.ID, &c.ItemID, &c.SiteID, &c.Lang, &c.Title, &kind, &slug, &c.BeforeRev, &c.AfterRev,
		&c.BeforeNo, &c.AfterNo, &c.Note, &c.PublishedAt, &c.By); err != nil {
		return nil, err
	}
	c.URL = (&content.Item{Kind: kind, Slug: slug, Lang: c.Lang}).URL()
	return &c, nil
}

func (s *Store) list(ctx context.Context, where string, args ...any) ([]*Correction, error) {
	rows, err := s.db.Query(ctx, selectFrom+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Correction
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Get returns one correction.
func (s *Store) Get(ctx context.Context, id int64) (*Correction, error) {
	c, err := scan(s.db.QueryRow(ctx, selectFrom+`WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy thông báo đính chính.", "No such correction.")
	}
	return c, err
}

// PublicGet returns a correction of a live item of site siteID, as the
// public may see it; any other is not found.
func (s *Store) PublicGet(ctx context.Context, siteID, id int64) (*Correction, error) {
	c, err := scan(s.db.QueryRow(ctx, selectFrom+`WHERE c.id = ? AND i.site_id = ? AND i.live`, id, siteID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy thông báo đính chính.", "No such correction.")
	}
	return c, err
}

// ForItem lists an item's corrections, newest first.
func (s *Store) ForItem(ctx context.Context, itemID int64) ([]*Correction, error) {
	return s.list(ctx, `WHERE c.item_id = ? ORDER BY c.id DESC`, itemID)
}

// PerPage is how many corrections a page of the public list shows.
const PerPage = 30

// Public lists the corrections of a site's live items in one language,
// newest first, page n (from 1); more says whether another page follows.
func (s *Store) Public(ctx context.Context, siteID int64, lang string, n int) (list []*Correction, more bool, err error) {
	if n < 1 {
		n = 1
	}
	list, err = s.list(ctx, `WHERE i.site_id = ? AND i.lang = ? AND i.live ORDER BY c.published_at DESC, c.id DESC LIMIT ? OFFSET ?`,
		siteID, lang, PerPage+1, (n-1)*PerPage)
	if len(list) > PerPage {
		list, more = list[:PerPage], true
	}
	return list, more, err
}

// Changes is what a correction changed: the fields that differ between
// the two revisions, word by word (content.Compare), for the public page.
func (s *Store) Changes(ctx context.Context, c *Correction) ([]content.FieldDiff, error) {
	a, err := s.content.Revision(ctx, c.BeforeRev)
	if err != nil {
		return nil, err
	}
	b, err := s.content.Revision(ctx, c.AfterRev)
	if err != nil {
		return nil, err
	}
	var out []content.FieldDiff
	for _, f := range content.Compare(a, b) {
		if f.Changed {
			out = append(out, f)
		}
	}
	return out, nil
}
