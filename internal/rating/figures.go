package rating

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
)

// Count is how many readers answered yes and no.
type Count struct{ Yes, No int }

// Total is every answer.
func (c Count) Total() int { return c.Yes + c.No }

// ItemCount is the answers about one item.
type ItemCount struct {
	ItemID     int64
	Title, URL string // URL within the site (with /en for English items)
	Yes, No    int
}

// CategoryCount is the answers about the items of one section; the items
// in no section have CategoryID 0.
type CategoryCount struct {
	CategoryID int64
	Name, URL  string
	Yes, No    int
}

// answers are the two sums every figure reads.
const answers = `SUM(CASE WHEN r.useful THEN 1 ELSE 0 END), SUM(CASE WHEN r.useful THEN 0 ELSE 1 END)`

// Totals counts the answers per site in the period [from, to), for the
// sites siteIDs (nil: every site). A site without answers is absent.
func (s *Store) Totals(ctx context.Context, siteIDs []int64, from, to time.Time) (map[int64]Count, error) {
	if siteIDs != nil && len(siteIDs) == 0 {
		return map[int64]Count{}, nil
	}
	q := `SELECT r.site_id, ` + answers + ` FROM ratings r WHERE r.hour >= ? AND r.hour < ?`
	args := []any{from.UTC(), to.UTC()}
	if siteIDs != nil {
		q += ` AND r.site_id IN (` + store.Placeholders(len(siteIDs)) + `)`
		for _, id := range siteIDs {
			args = append(args, id)
		}
	}
	rows, err := s.db.Query(ctx, q+` GROUP BY r.site_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("rating totals: %w", err)
	}
	defer rows.Close()
	out := map[int64]Count{}
	for rows.Next() {
		var id int64
		var c Count
		if err := rows.Scan(&id, &c.Yes, &c.No); err != nil {
			return nil, fmt.Errorf("rating totals: %w", err)
		}
		out[id] = c
	}
	return out, rows.Err()
}

// ByItem lists the items of a site with the most answers in the period,
// at most limit of them, the most answered first (then by id).
func (s *Store) ByItem(ctx context.Context, siteID int64, from, to time.Time, limit int) ([]ItemCount, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.Query(ctx, `SELECT t.item_id, i.kind, i.lang, i.slug, COALESCE(v.title, ''), t.yes_n, t.no_n
		FROM (SELECT r.item_id AS item_id, SUM(CASE WHEN r.useful THEN 1 ELSE 0 END) AS yes_n,
				SUM(CASE WHEN r.useful THEN 0 ELSE 1 END) AS no_n, COUNT(*) AS n
			FROM ratings r WHERE r.site_id = ? AND r.hour >= ? AND r.hour < ?
			GROUP BY r.item_id ORDER BY COUNT(*) DESC, r.item_id LIMIT ?) t
		JOIN items i ON i.id = t.item_id
		LEFT JOIN revisions v ON v.id = COALESCE(i.published_rev, i.current_rev)
		ORDER BY t.n DESC, t.item_id`, siteID, from.UTC(), to.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("ratings by item: %w", err)
	}
	defer rows.Close()
	var out []ItemCount
	for rows.Next() {
		var c ItemCount
		var it content.Item
		if err := rows.Scan(&c.ItemID, &it.Kind, &it.Lang, &it.Slug, &c.Title, &c.Yes, &c.No); err != nil {
			return nil, fmt.Errorf("ratings by item: %w", err)
		}
		c.URL = it.URL()
		out = append(out, c)
	}
	return out, rows.Err()
}

// ByCategory counts the answers of a site in the period per section of
// the items rated, the most answered first (then by name).
func (s *Store) ByCategory(ctx context.Context, siteID int64, from, to time.Time) ([]CategoryCount, error) {
	rows, err := s.db.Query(ctx, `SELECT COALESCE(c.id, 0), COALESCE(c.name, ''), COALESCE(c.slug, ''), `+answers+`
		FROM ratings r JOIN items i ON i.id = r.item_id LEFT JOIN categories c ON c.id = i.category_id
		WHERE r.site_id = ? AND r.hour >= ? AND r.hour < ?
		GROUP BY COALESCE(c.id, 0), COALESCE(c.name, ''), COALESCE(c.slug, '')
		ORDER BY COUNT(*) DESC, COALESCE(c.name, '')`, siteID, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("ratings by section: %w", err)
	}
	defer rows.Close()
	var out []CategoryCount
	for rows.Next() {
		var c CategoryCount
		var slug string
		if err := rows.Scan(&c.CategoryID, &c.Name, &slug, &c.Yes, &c.No); err != nil {
			return nil, fmt.Errorf("ratings by section: %w", err)
		}
		if slug != "" {
			c.URL = "/chuyen-muc/" + slug
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comment is a rating with a comment, for the site's editors, with the
// item it is about.
type Comment struct {
	Rating
	Title, URL string
}

// Comments lists the newest comments on a site's items, held ones
// included (their State says so), at most limit of them.
func (s *Store) Comments(ctx context.Context, siteID int64, limit int) ([]Comment, error) {
	rows, err := s.db.Query(ctx, `SELECT r.id, r.item_id, r.useful, r.comment, r.state, r.held_terms, r.hour,
			i.kind, i.lang, i.slug, COALESCE(v.title, '')
		FROM ratings r JOIN items i ON i.id = r.item_id
		LEFT JOIN revisions v ON v.id = COALESCE(i.published_rev, i.current_rev)
		WHERE r.site_id = ? AND r.state <> '' ORDER BY r.id DESC LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, fmt.Errorf("rating comments: %w", err)
	}
	defer rows.Close()
	var out []Comment
	for rows.Next() {
		c := Comment{Rating: Rating{SiteID: siteID}}
		var it content.Item
		if err := rows.Scan(&c.ID, &c.ItemID, &c.Useful, &c.Comment, &c.State, &c.HeldTerms, &c.Hour,
			&it.Kind, &it.Lang, &it.Slug, &c.Title); err != nil {
			return nil, fmt.Errorf("rating comments: %w", err)
		}
		c.URL = it.URL()
		out = append(out, c)
	}
	return out, rows.Err()
}
