package content

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// CountCap bounds the counts of lists: a list that matches more says
// "more than CountCap". Counting every item of a province's
// years of publishing would read each of them, for a number no one reads
// to the last digit; pages go this far too, and filters narrow the rest.
const CountCap = 10000

// Filter narrows the staff list of items.
type Filter struct {
	SiteID    int64
	States    []State
	Kind      Kind
	CreatedBy int64
	// CategoryID keeps one category's items (a report's section line).
	CategoryID int64
	// Published and Created, when not zero, keep the items first
	// published, or created, in [From, To): the lists a report's figures
	// count.
	Published, Created Span
	// PublishedOrBy, when set, keeps published items and the items this
	// person created: the list of someone who takes no part in the
	// site's editorial work.
	PublishedOrBy int64
	// IDs, when not nil, keeps only these items: those whose title holds
	// the words searched (the search index finds them; see web's item
	// list). An empty, non-nil IDs matches nothing.
	IDs []int64
	// Count asks List for the number of matching items, up to CountCap
	// + 1; without it List counts nothing and returns 0.
	Count  bool
	Limit  int
	Offset int
}

// Span is a time range [From, To); the zero Span is no condition.
type Span struct{ From, To time.Time }

// where is the filter as conditions on items aliased as a.
func (f Filter) where(a string) (string, []any) {
	// With a list of ids, the ids lead: "+" keeps SQLite from reading the
	// site's index in order and testing every item against the list.
	site := a + ".site_id = ?"
	if f.IDs != nil {
		site = "+" + site
	}
	where := []string{site}
	args := []any{f.SiteID}
	if len(f.States) > 0 {
		where = append(where, a+".state IN ("+store.Placeholders(len(f.States))+")")
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	if f.Kind != "" {
		where = append(where, a+".kind = ?")
		args = append(args, f.Kind)
	}
	if f.CreatedBy != 0 {
		where = append(where, a+".created_by = ?")
		args = append(args, f.CreatedBy)
	}
	if f.CategoryID != 0 {
		where = append(where, a+".category_id = ?")
		args = append(args, f.CategoryID)
	}
	for _, x := range []struct {
		col  string
		span Span
	}{{"first_published_at", f.Published}, {"created_at", f.Created}} {
		if !x.span.From.IsZero() {
			where = append(where, a+"."+x.col+" >= ? AND "+a+"."+x.col+" < ?")
			args = append(args, x.span.From.UTC(), x.span.To.UTC())
		}
	}
	if f.PublishedOrBy != 0 {
		where = append(where, "("+a+".state = ? OR "+a+".created_by = ?)")
		args = append(args, Published, f.PublishedOrBy)
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			where = append(where, "1 = 0")
		} else {
			where = append(where, a+".id IN ("+store.Placeholders(len(f.IDs))+")")
			for _, id := range f.IDs {
				args = append(args, id)
			}
		}
	}
	return strings.Join(where, " AND "), args
}

// List returns one page of the items of a site with their current
// revision's title (without bodies), the last changed first, and how
// many match, up to CountCap.
func (s *Store) List(ctx context.Context, f Filter) ([]*Item, int, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	f.Offset = min(max(f.Offset, 0), CountCap)
	revCol := "i.current_rev"
	if f.PublishedOrBy != 0 {
		// Others' items as published, never the title of a later draft.
		revCol = "CASE WHEN i.created_by = " + strconv.FormatInt(f.PublishedOrBy, 10) + " THEN i.current_rev ELSE i.published_rev END"
	}
	cond, args := f.where("p")
	total := 0
	if f.Count {
		var err error
		if total, err = s.count(ctx, cond, args); err != nil || f.Offset >= total {
			return nil, total, err
		}
	}
	page := `SELECT p.id FROM items p WHERE ` + cond + ` ORDER BY p.updated_at DESC, p.id DESC LIMIT ? OFFSET ?`
	items, err := s.load(ctx, revCol, page, append(args, f.Limit, f.Offset), "i.updated_at DESC, i.id DESC")
	return items, total, err
}

// count counts the items aliased p matching cond, up to CountCap + 1.
func (s *Store) count(ctx context.Context, cond string, args []any) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM items p WHERE `+cond+` LIMIT ?) c`,
		append(args, CountCap+1)...).Scan(&n)
	return n, err
}

// ByIDs returns the items with these ids, each with its current revision
// (without the body), in the order of ids; those that do not exist are
// left out.
func (s *Store) ByIDs(ctx context.Context, ids []int64) ([]*Item, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	got, err := s.load(ctx, "i.current_rev", store.Placeholders(len(ids)), args, "i.id")
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Item, len(got))
	for _, it := range got {
		byID[it.ID] = it
	}
	out := make([]*Item, 0, len(got))
	for _, id := range ids {
		if it := byID[id]; it != nil {
			out = append(out, it)
		}
	}
	return out, nil
}

// load reads the items whose ids the query page gives, each with the
// revision revCol names but not its body, in order.
func (s *Store) load(ctx context.Context, revCol, page string, args []any, order string) ([]*Item, error) {
	rows, err := s.db.Query(ctx, `SELECT `+itemColumns+`, `+listRevColumns+`
		FROM items i JOIN revisions r ON r.id = `+revCol+` LEFT JOIN users u ON u.id = r.created_by
		WHERE i.id IN (`+page+`) ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scanItemWithRev(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// listRevColumns are revColumns without the body, which no list shows.
var listRevColumns = strings.Replace(revColumns, "r.body", "''", 1)

// scanItemWithRev scans a row of itemColumns followed by revColumns.
func scanItemWithRev(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	var r Revision
	var pub, unpub, first, published sql.NullTime
	err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.State, &it.Lang, &it.Slug, &it.CategoryID, &it.CurrentRev,
		&it.PublishedRev, &it.Live, &it.Featured, &pub, &unpub, &first, &published, &it.OverrideReason,
		&it.SourceSiteID, &it.SourceItemID, &it.Version, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt, &it.OriginSiteID,
		&r.ID, &r.ItemID, &r.Number, &r.Title, &r.Summary, &r.Body, &r.Author, &r.Source, &r.Tags,
		&r.CoverMediaID, &r.CoverAlt, &r.Minor, &r.Conflict, &r.Note, &r.CreatedBy, &r.CreatedByName, &r.CreatedAt)
	if err != nil {
		return nil, err
	}
	it.PublishAt, it.UnpublishAt = timePtr(pub), timePtr(unpub)
	it.FirstPublishedAt, it.PublishedAt = timePtr(first), timePtr(published)
	it.Rev = &r
	return &it, nil
}

// Public narrows the list of what the public sees.
type Public struct {
	SiteIDs    []int64 // several for the main portal's aggregated home
	IDs        []int64 // only these items, when set
	CategoryID int64
	Kind       Kind
	Lang       string
	Featured   bool
	// HideCopied leaves out items that the main portal accepted as a
	// copy and shows live, so an aggregated list shows the story once.
	HideCopied bool
	// Count asks Published for the number of matching items, up to
	// CountCap + 1; without it Published counts nothing and returns 0.
	Count  bool
	Limit  int
	Offset int
}

// where is the filter as conditions on items aliased a, for the sites
// ids (one, or all of p.SiteIDs).
func (p Public) where(a string, sites []int64) (string, []any) {
	where := []string{a + ".live"}
	var args []any
	site := a + ".site_id"
	if len(p.IDs) > 0 {
		site = "+" + site // the ids lead, as in Filter.where
	}
	if len(sites) == 1 {
		where = append(where, site+" = ?")
	} else {
		where = append(where, site+" IN ("+store.Placeholders(len(sites))+")")
	}
	for _, id := range sites {
		args = append(args, id)
	}
	if len(p.IDs) > 0 {
		where = append(where, a+".id IN ("+store.Placeholders(len(p.IDs))+")")
		for _, id := range p.IDs {
			args = append(args, id)
		}
	}
	if p.CategoryID != 0 {
		where = append(where, a+".category_id = ?")
		args = append(args, p.CategoryID)
	}
	if p.Kind != "" {
		where = append(where, a+".kind = ?")
		args = append(args, p.Kind)
	}
	if p.Lang != "" {
		where = append(where, a+".lang = ?")
		args = append(args, p.Lang)
	}
	if p.Featured {
		// Written as the partial index items_live_featured says it: SQLite
		// takes a partial index only for a condition that repeats its
		// WHERE, and "featured = TRUE" does not (measured on the corpus:
		// the home page read every live item to find the few featured).
		where = append(where, a+".featured")
	}
	if p.HideCopied {
		where = append(where, "NOT EXISTS (SELECT 1 FROM items c WHERE c.source_item_id = "+a+".id AND c.live)")
	}
	return strings.Join(where, " AND "), args
}

// Published returns live items with their published revision (without
// the body), newest publication first, and, when p.Count asks, how many
// match up to CountCap + 1.
//
// The page is chosen from the indexes alone, newest first, before any
// revision is read. For several sites (the main portal's home) each
// site's newest are taken from its own index and merged: one query over
// all the sites would gather every live item of them to sort.
func (s *Store) Published(ctx context.Context, p Public) ([]*Item, int, error) {
	if len(p.SiteIDs) == 0 {
		return nil, 0, nil
	}
	if p.Limit <= 0 || p.Limit > 100 {
		p.Limit = 20
	}
	p.Offset = max(p.Offset, 0)
	total := 0
	if p.Count {
		cond, args := p.where("p", p.SiteIDs)
		var err error
		if total, err = s.count(ctx, cond, args); err != nil {
			return nil, 0, err
		}
	}
	const order = ` ORDER BY p.published_at DESC, p.id DESC`
	var page string
	var args []any
	if len(p.SiteIDs) == 1 || len(p.IDs) > 0 {
		cond, a := p.where("p", p.SiteIDs)
		page, args = `SELECT p.id FROM items p WHERE `+cond+order+` LIMIT ? OFFSET ?`, append(a, p.Limit, p.Offset)
	} else {
		var parts []string
		for i, id := range p.SiteIDs {
			cond, a := p.where("p", []int64{id})
			parts = append(parts, `SELECT id, published_at FROM (SELECT p.id, p.published_at FROM items p WHERE `+cond+order+
				` LIMIT ?) s`+strconv.Itoa(i))
			args = append(args, append(a, p.Offset+p.Limit)...)
		}
		page = `SELECT newest.id FROM (` + strings.Join(parts, " UNION ALL ") + `) newest
			ORDER BY newest.published_at DESC, newest.id DESC LIMIT ? OFFSET ?`
		args = append(args, p.Limit, p.Offset)
	}
	items, err := s.load(ctx, "i.published_rev", page, args, "i.published_at DESC, i.id DESC")
	return items, total, err
}

// PublishedBySlug finds a live item by its URL. When the slug is an old
// one, it returns the item with moved = true so the caller redirects.
func (s *Store) PublishedBySlug(ctx context.Context, siteID int64, lang string, kind Kind, slug string) (it *Item, moved bool, err error) {
	row := s.db.QueryRow(ctx, `SELECT `+itemColumns+`, `+revColumns+`
		FROM items i JOIN revisions r ON r.id = i.published_rev LEFT JOIN users u ON u.id = r.created_by
		WHERE i.site_id = ? AND i.lang = ? AND i.kind = ? AND i.slug = ? AND i.live`, siteID, lang, kind, slug)
	it, err = scanItemWithRev(row)
	if err == nil {
		return it, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err // the database failing is not "no such page"
	}
	var id int64
	if e := s.db.QueryRow(ctx, `SELECT item_id FROM slug_history WHERE site_id = ? AND lang = ? AND slug = ?`,
		siteID, lang, slug).Scan(&id); e != nil {
		return nil, false, store.NotFound(e, errNoItem)
	}
	if it, err = s.Get(ctx, id); err != nil {
		return nil, false, err // errNoItem when it is gone
	}
	if !it.Live || it.Kind != kind {
		return nil, false, errNoItem
	}
	return it, true, nil
}

// Langs are the languages of items: Save keeps every item in one of them.
var Langs = []string{"vi", "en"}

// CategoryFill is how many live items a category of a site holds (up to
// CountCap + 1), and when the newest of them was published: what the
// required-sections page reports per section.
func (s *Store) CategoryFill(ctx context.Context, siteID, categoryID int64) (n int, latest *time.Time, err error) {
	p := Public{SiteIDs: []int64{siteID}, CategoryID: categoryID}
	cond, args := p.where("p", p.SiteIDs)
	if n, err = s.count(ctx, cond, args); err != nil || n == 0 {
		return n, nil, err
	}
	// The newest in each language, each the end of its own index range.
	for _, lang := range Langs {
		p.Lang = lang
		cond, args := p.where("p", p.SiteIDs)
		var t sql.NullTime
		err := s.db.QueryRow(ctx, `SELECT p.published_at FROM items p WHERE `+cond+`
			ORDER BY p.published_at DESC LIMIT 1`, args...).Scan(&t)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return n, nil, err
		}
		if t.Valid && (latest == nil || t.Time.After(*latest)) {
			latest = &t.Time
		}
	}
	return n, latest, nil
}

// LiveCount is how many live items a site has, counted up to limit + 1:
// enough to tell whether they fit in one sitemap.
func (s *Store) LiveCount(ctx context.Context, siteID int64, limit int) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM items p WHERE p.site_id = ? AND p.live LIMIT ?) c`,
		siteID, limit+1).Scan(&n)
	return n, err
}

// LiveRanges lists the ranges of ids [k·width, (k+1)·width) that hold a
// live item of the site, by k: the files of a large site's sitemap. It
// skips from one range to the next in the index (one look each), so its
// cost is the number of ranges, not of items.
func (s *Store) LiveRanges(ctx context.Context, siteID int64, width int) ([]int64, error) {
	w := strconv.Itoa(width)
	next := `(SELECT p.id FROM items p WHERE p.site_id = ? AND p.live AND p.id >= %s ORDER BY p.id LIMIT 1) / ` + w
	rows, err := s.db.Query(ctx, `WITH RECURSIVE r(k) AS (SELECT `+fmt.Sprintf(next, "0")+` UNION ALL
		SELECT `+fmt.Sprintf(next, "(r.k + 1) * "+w)+` FROM r WHERE r.k IS NOT NULL) SELECT k FROM r WHERE k IS NOT NULL`,
		siteID, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var k int64
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// livePage is how many items one query of LiveItems reads.
const livePage = 1000

// LiveItems calls fn for each live item of the site with an id in [from,
// to), in the order of ids, with what its public URL and its last change
// need (no revision). It reads them a page at a time, each page after the
// last id of the one before, so that no list of a whole site is ever held
// and no query runs long.
func (s *Store) LiveItems(ctx context.Context, siteID, from, to int64, fn func(*Item) error) error {
	for {
		rows, err := s.db.Query(ctx, `SELECT p.id, p.kind, p.slug, p.lang, p.published_at FROM items p
			WHERE p.site_id = ? AND p.live AND p.id >= ? AND p.id < ? ORDER BY p.id LIMIT ?`, siteID, from, to, livePage)
		if err != nil {
			return err
		}
		var page []Item
		for rows.Next() {
			var it Item
			var pub sql.NullTime
			if err := rows.Scan(&it.ID, &it.Kind, &it.Slug, &it.Lang, &pub); err != nil {
				rows.Close()
				return err
			}
			it.PublishedAt = timePtr(pub)
			page = append(page, it)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range page {
			if err := fn(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < livePage {
			return nil
		}
		from = page[len(page)-1].ID + 1
	}
}
