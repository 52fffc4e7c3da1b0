package archive

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// ItemsOptions says which items Items writes.
type ItemsOptions struct {
	DB   *store.DB
	Site string // the site's code
	Year int    // the year of first publication, in Vietnam's time
	// BaseURL, when set (https://dongnai.gov.vn), makes each record's url
	// absolute; the path within the portal is always there.
	BaseURL string
	Now     func() time.Time
}

// Record is one line of the items export: a published item with its
// metadata, as the public sees it (its published revision).
type Record struct {
	ID               int64      `json:"id"`
	SourceID         string     `json:"source_id,omitempty"` // the id of an imported record in its source
	Site             string     `json:"site"`
	Kind             string     `json:"kind"`
	Lang             string     `json:"lang"`
	Slug             string     `json:"slug"`
	Title            string     `json:"title"`
	Summary          string     `json:"summary"`
	BodyHTML         string     `json:"body_html"`
	Author           string     `json:"author"`
	Source           string     `json:"source"` // nguồn tin
	Tags             string     `json:"tags,omitempty"`
	Category         *Category  `json:"category,omitempty"`
	Revision         int        `json:"revision"`
	PublishedAt      *time.Time `json:"published_at"`
	FirstPublishedAt *time.Time `json:"first_published_at"`
	Path             string     `json:"path"`
	URL              string     `json:"url,omitempty"`
	Legal            *Legal     `json:"legal,omitempty"`
}

// Category names an item's category.
type Category struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Legal is the metadata of a legal document.
type Legal struct {
	Number    string     `json:"number"`
	Type      string     `json:"type"`
	Issuer    string     `json:"issuer"`
	Signer    string     `json:"signer"`
	Field     string     `json:"field"`
	Issued    string     `json:"issued,omitempty"`
	Effective string     `json:"effective,omitempty"`
	Expires   string     `json:"expires,omitempty"`
	Status    string     `json:"status"` // on the day of the export
	Relations []Relation `json:"relations,omitempty"`
}

// Relation is a relation between legal documents, from this one's side:
// outgoing when this document acts on the other (amends, replaces…).
type Relation struct {
	Kind     string `json:"kind"`
	Outgoing bool   `json:"outgoing"`
	ItemID   int64  `json:"item_id"`
	Number   string `json:"number,omitempty"`
	Title    string `json:"title,omitempty"`
	Partial  bool   `json:"partial,omitempty"`
}

// itemsPage is how many items one query reads.
const itemsPage = 200

// Items writes, one JSON object a line, every item of the site that is
// published and was first published in the year (Vietnam's time), in the
// order of their ids. It returns how many it wrote.
func Items(ctx context.Context, o ItemsOptions, w io.Writer) (int, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Year < 1900 || o.Year > 9999 {
		return 0, fmt.Errorf("năm %d không hợp lệ (a year such as 2025)", o.Year)
	}
	st, err := site.NewSites(o.DB, o.Now).ByCode(ctx, o.Site)
	if err != nil {
		return 0, fmt.Errorf("trang %q: %w", o.Site, err)
	}
	cs := content.NewStore(o.DB, o.Now)
	cats, err := cs.Categories(ctx, st.ID)
	if err != nil {
		return 0, err
	}
	byID := map[int64]*Category{}
	for _, c := range cats {
		byID[c.ID] = &Category{ID: c.ID, Slug: c.Slug, Name: c.Name}
	}
	ls := legal.NewStore(o.DB, o.Now)
	today := legal.Today(o.Now())
	from, to := YearRange(o.Year)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	var after int64
	for {
		ids, err := yearItems(ctx, o.DB, st.ID, from, to, after)
		if err != nil {
			return n, err
		}
		if len(ids) == 0 {
			break
		}
		after = ids[len(ids)-1]
		for _, id := range ids {
			rec, err := record(ctx, o.DB, ls, st, id, byID, today)
			if err != nil {
				return n, fmt.Errorf("mục %d: %w", id, err)
			}
			if rec == nil {
				continue // unpublished in the meantime
			}
			if o.BaseURL != "" {
				rec.URL = o.BaseURL + rec.Path
			}
			if err := enc.Encode(rec); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, bw.Flush()
}

// YearRange is the year in Vietnam's time, as UTC instants [from, to).
func YearRange(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, vn.ICT).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, vn.ICT).UTC()
}

// yearItems lists the next page of ids of live items of the site first
// published in [from, to) (their publication time when the first one is
// not known).
func yearItems(ctx context.Context, db *store.DB, siteID int64, from, to time.Time, after int64) ([]int64, error) {
	rows, err := db.Query(ctx, `SELECT id FROM items WHERE site_id = ? AND live AND id > ?
		AND COALESCE(first_published_at, published_at) >= ? AND COALESCE(first_published_at, published_at) < ?
		ORDER BY id LIMIT ?`, siteID, after, from, to, itemsPage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// record reads one item's published revision and metadata; nil when it
// is no longer live.
func record(ctx context.Context, db *store.DB, ls *legal.Store, st *site.Site, id int64, cats map[int64]*Category, today string) (*Record, error) {
	var r Record
	var first, pub sql.NullTime
	var catID sql.NullInt64
	err := db.QueryRow(ctx, `SELECT i.id, i.source_id, i.kind, i.lang, i.slug, i.category_id, i.first_published_at, i.published_at,
		r.number, r.title, r.summary, r.body, r.author, r.source, r.tags
		FROM items i JOIN revisions r ON r.id = i.published_rev WHERE i.id = ? AND i.live`, id).
		Scan(&r.ID, &r.SourceID, &r.Kind, &r.Lang, &r.Slug, &catID, &first, &pub,
			&r.Revision, &r.Title, &r.Summary, &r.BodyHTML, &r.Author, &r.Source, &r.Tags)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if first.Valid {
		t := first.Time.UTC()
		r.FirstPublishedAt = &t
	}
	if pub.Valid {
		t := pub.Time.UTC()
		r.PublishedAt = &t
	}
	if r.FirstPublishedAt == nil {
		r.FirstPublishedAt = r.PublishedAt
	}
	r.Site = st.Code
	if catID.Valid {
		r.Category = cats[catID.Int64]
	}
	it := content.Item{Kind: content.Kind(r.Kind), Slug: r.Slug, Lang: r.Lang}
	r.Path = st.URL(it.URL())
	if it.Kind == content.Legal {
		d, err := ls.Get(ctx, id)
		if err == nil {
			r.Legal = &Legal{Number: d.Number, Type: d.Type, Issuer: d.Issuer, Signer: d.Signer, Field: d.Field,
				Issued: d.Issued, Effective: d.Effective, Expires: d.Expires, Status: string(d.StatusOn(today))}
			for _, rel := range d.Relation {
				r.Legal.Relations = append(r.Legal.Relations, Relation{Kind: string(rel.Kind), Outgoing: rel.Outgoing,
					ItemID: rel.Other, Number: rel.Number, Title: rel.Title, Partial: rel.Partial})
			}
		}
	}
	return &r, nil
}
