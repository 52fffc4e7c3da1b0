package disclosure

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/vn"
)

// Kinds are the kinds of item the Access to Information Law lists among
// what must be published (Art. 19(1)(a), (c), (d), (e)): they are in the
// catalogue whatever section holds them.
var Kinds = []content.Kind{content.Legal, content.Procedure, content.Project, content.Plan, content.Statistics}

// Listed is a line of the catalogue generated from a published item.
type Listed struct {
	ItemID    int64
	Kind      content.Kind
	Slug      string
	Name      string
	Number    string    // a legal document's number and symbol
	CreatedOn string    // YYYY-MM-DD: a legal document's day of issue, else the day the item was written
	Section   string    // the category that holds it
	Published time.Time // first publication
	// Until is the last day it stays published (YYYY-MM-DD), "" when
	// without limit: the day set to take it down, else a legal
	// document's expiry (UntilExpiry).
	Until       string
	UntilExpiry bool
}

// Query chooses the generated lines of a site: its items of Kinds or in
// the categories of Sections (the slugs of its required sections),
// published in Year (0 = any), newest first.
type Query struct {
	SiteID        int64
	Sections      []string
	Year          int
	Limit, Offset int
}

// Generated returns the catalogue's lines generated from published items
// (the Vietnamese versions: the catalogue is the agency's, in its
// language). The list pages with Limit+1 to learn whether a next page
// exists, without counting a province's items.
func (s *Store) Generated(ctx context.Context, q Query) ([]*Listed, error) {
	args := []any{q.SiteID}
	kinds := make([]string, len(Kinds))
	for i, k := range Kinds {
		kinds[i] = "?"
		args = append(args, string(k))
	}
	where := `i.kind IN (` + strings.Join(kinds, ", ") + `)`
	if len(q.Sections) > 0 {
		where += ` OR c.slug IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(q.Sections)), ", ") + `)`
		for _, slug := range q.Sections {
			args = append(args, slug)
		}
	}
	sqlText := `SELECT i.id, i.kind, i.slug, r.title, l.number, l.issued_on, l.expires_on, c.name,
			i.created_at, i.first_published_at, i.published_at, i.unpublish_at
		FROM items i
		JOIN revisions r ON r.id = i.published_rev
		LEFT JOIN legal_docs l ON l.item_id = i.id
		LEFT JOIN categories c ON c.id = i.category_id
		WHERE i.site_id = ? AND i.lang = 'vi' AND i.live AND (` + where + `)`
	if q.Year > 0 {
		sqlText += ` AND i.published_at >= ? AND i.published_at < ?`
		args = append(args, time.Date(q.Year, 1, 1, 0, 0, 0, 0, vn.ICT).UTC(), time.Date(q.Year+1, 1, 1, 0, 0, 0, 0, vn.ICT).UTC())
	}
	sqlText += ` ORDER BY i.published_at DESC, i.id DESC LIMIT ? OFFSET ?`
	args = append(args, q.Limit, q.Offset)
	rows, err := s.db.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("catalogue: %w", err)
	}
	defer rows.Close()
	var out []*Listed
	for rows.Next() {
		var l Listed
		var kind string
		var number, issued, expires, section sql.NullString
		var created time.Time
		var first, published, until sql.NullTime
		if err := rows.Scan(&l.ItemID, &kind, &l.Slug, &l.Name, &number, &issued, &expires, &section,
			&created, &first, &published, &until); err != nil {
			return nil, err
		}
		l.Kind, l.Number, l.Section = content.Kind(kind), number.String, section.String
		l.CreatedOn = issued.String
		if l.CreatedOn == "" {
			l.CreatedOn = vn.Day(created)
		}
		l.Published = published.Time
		if first.Valid {
			l.Published = first.Time
		}
		switch {
		case until.Valid:
			l.Until = vn.Day(until.Time)
		case expires.String != "":
			l.Until, l.UntilExpiry = expires.String, true
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}
