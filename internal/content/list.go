package content

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Filter narrows the staff list of items.
type Filter struct {
	SiteID    int64
	States    []State
	Kind      Kind
	CreatedBy int64
	// PublishedOrBy, when set, keeps published items and the items this
	// person created: the list of someone who takes no part in the
	// site's editorial work.
	PublishedOrBy int64
	Query         string // words of the title, with or without diacritics
	Limit         int
	Offset        int
}

// List returns the items of a site with their current revision's title,
// newest change first, and how many match in all.
func (s *Store) List(ctx context.Context, f Filter) ([]*Item, int, error) {
	where := []string{"i.site_id = ?"}
	args := []any{f.SiteID}
	if len(f.States) > 0 {
		where = append(where, "i.state IN ("+store.Placeholders(len(f.States))+")")
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	if f.Kind != "" {
		where = append(where, "i.kind = ?")
		args = append(args, f.Kind)
	}
	if f.CreatedBy != 0 {
		where = append(where, "i.created_by = ?")
		args = append(args, f.CreatedBy)
	}
	revCol := "i.current_rev"
	if f.PublishedOrBy != 0 {
		where = append(where, "(i.state = ? OR i.created_by = ?)")
		args = append(args, Published, f.PublishedOrBy)
		// Others' items as published, never the title of a later draft.
		revCol = "CASE WHEN i.created_by = " + strconv.FormatInt(f.PublishedOrBy, 10) + " THEN i.current_rev ELSE i.published_rev END"
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	items, total, err := s.queryItems(ctx, revCol, where, args, "i.updated_at DESC, i.id DESC", f.Limit, f.Offset)
	if err != nil || f.Query == "" {
		return items, total, err
	}
	// The title filter runs here until the search capability indexes
	// items: folding in SQL differs between the two databases.
	q := vn.Fold(f.Query)
	kept := items[:0]
	for _, it := range items {
		if strings.Contains(vn.Fold(it.Rev.Title), q) {
			kept = append(kept, it)
		}
	}
	return kept, total, nil
}

// scanItemWithRev scans a row of itemColumns followed by revColumns.
func scanItemWithRev(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	var r Revision
	var pub, unpub, first, published sql.NullTime
	err := row.Scan(&it.ID, &it.SiteID, &it.Kind, &it.State, &it.Lang, &it.Slug, &it.CategoryID, &it.CurrentRev,
		&it.PublishedRev, &it.Live, &it.Featured, &pub, &unpub, &first, &published, &it.OverrideReason,
		&it.SourceSiteID, &it.SourceItemID, &it.Version, &it.CreatedBy, &it.CreatedAt, &it.UpdatedAt,
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
	Limit      int
	Offset     int
}

// Published returns live items with their published revision, newest
// publication first, and the total count.
func (s *Store) Published(ctx context.Context, p Public) ([]*Item, int, error) {
	if len(p.SiteIDs) == 0 {
		return nil, 0, nil
	}
	where := []string{"i.live", "i.site_id IN (" + store.Placeholders(len(p.SiteIDs)) + ")"}
	var args []any
	for _, id := range p.SiteIDs {
		args = append(args, id)
	}
	if len(p.IDs) > 0 {
		where = append(where, "i.id IN ("+store.Placeholders(len(p.IDs))+")")
		for _, id := range p.IDs {
			args = append(args, id)
		}
	}
	if p.CategoryID != 0 {
		where = append(where, "i.category_id = ?")
		args = append(args, p.CategoryID)
	}
	if p.Kind != "" {
		where = append(where, "i.kind = ?")
		args = append(args, p.Kind)
	}
	if p.Lang != "" {
		where = append(where, "i.lang = ?")
		args = append(args, p.Lang)
	}
	if p.Featured {
		where = append(where, "i.featured")
	}
	if p.HideCopied {
		where = append(where, "NOT EXISTS (SELECT 1 FROM items c WHERE c.source_item_id = i.id AND c.live)")
	}
	if p.Limit <= 0 || p.Limit > 100 {
		p.Limit = 20
	}
	return s.queryItems(ctx, "i.published_rev", where, args, "i.published_at DESC, i.id DESC", p.Limit, p.Offset)
}

// queryItems counts the items matching where and returns one page of
// them, each with the revision named by revCol (the current one for
// staff, the published one for the public).
func (s *Store) queryItems(ctx context.Context, revCol string, where []string, args []any, order string, limit, offset int) ([]*Item, int, error) {
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM items i WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+itemColumns+`, `+revColumns+`
		FROM items i JOIN revisions r ON r.id = `+revCol+` LEFT JOIN users u ON u.id = r.created_by
		WHERE `+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scanItemWithRev(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, it)
	}
	return out, total, rows.Err()
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
	var id int64
	if e := s.db.QueryRow(ctx, `SELECT item_id FROM slug_history WHERE site_id = ? AND lang = ? AND slug = ?`,
		siteID, lang, slug).Scan(&id); e != nil {
		return nil, false, errNoItem
	}
	it, err = s.Get(ctx, id)
	if err != nil || !it.Live || it.Kind != kind {
		return nil, false, errNoItem
	}
	return it, true, nil
}
