package report

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Counter counts page views in memory and adds them to page_views every
// minute (Flush): one row per site, day and path, and in the same
// transaction to their monthly sums in page_views_month (rollup.go). It
// sets no cookie and keeps no address: the count is all there is. Several
// nodes add to the same rows.
type Counter struct {
	mu sync.Mutex
	m  map[viewKey]int64
	// where remembers which item a path showed, so that a flush asks
	// the database once per path.
	where map[whereKey][2]int64
}

type viewKey struct {
	site      int64
	day, path string
}

type whereKey struct {
	site int64
	path string
}

// NewCounter returns an empty counter.
func NewCounter() *Counter {
	return &Counter{m: map[viewKey]int64{}, where: map[whereKey][2]int64{}}
}

// maxPaths bounds the distinct paths held between two flushes: a crawler
// asking for made-up addresses must not fill the memory.
const maxPaths = 200_000

// Add counts one view of path (within the site) at t.
func (c *Counter) Add(siteID int64, path string, t time.Time) {
	if len(path) > 300 {
		return
	}
	k := viewKey{siteID, vn.Day(t), path}
	c.mu.Lock()
	if _, ok := c.m[k]; ok || len(c.m) < maxPaths {
		c.m[k]++
	}
	c.mu.Unlock()
}

// Flush adds the counts held to the database and forgets them; on an
// error they are kept for the next flush.
func (c *Counter) Flush(ctx context.Context, db *store.DB) error {
	c.mu.Lock()
	batch := c.m
	c.m = map[viewKey]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		for k, n := range batch {
			w, err := c.locate(ctx, tx, k.site, k.path)
			if err != nil {
				return err
			}
			// The row keeps the item and section it was first written
			// with: the month's sum adds to those (rollup.go).
			if err := tx.QueryRow(ctx, `INSERT INTO page_views (site_id, day, path, item_id, category_id, views) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (site_id, day, path) DO UPDATE SET views = page_views.views + excluded.views RETURNING item_id, category_id`,
				k.site, k.day, k.path, w[0], w[1], n).Scan(&w[0], &w[1]); err != nil {
				return err
			}
			if err := addMonth(ctx, tx, k.site, k.day, w, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.mu.Lock()
		for k, n := range batch {
			if _, ok := c.m[k]; ok || len(c.m) < maxPaths {
				c.m[k] += n
			}
		}
		c.mu.Unlock()
		return fmt.Errorf("page views: %w", err)
	}
	return nil
}

// locate finds the item (and its section) an item's path shows:
// /tin-tuc/slug or /en/tin-tuc/slug; 0, 0 for any other page.
func (c *Counter) locate(ctx context.Context, tx *store.Tx, siteID int64, path string) ([2]int64, error) {
	wk := whereKey{siteID, path}
	c.mu.Lock()
	w, ok := c.where[wk]
	c.mu.Unlock()
	if ok {
		return w, nil
	}
	lang, rest := "vi", strings.TrimPrefix(path, "/")
	if strings.HasPrefix(rest, "en/") {
		lang, rest = "en", rest[3:]
	}
	seg, slug, found := strings.Cut(rest, "/")
	if kind, isKind := content.KindOfPath(seg); found && isKind && slug != "" && !strings.Contains(slug, "/") {
		err := tx.QueryRow(ctx, `SELECT id, COALESCE(category_id, 0) FROM items WHERE site_id = ? AND lang = ? AND slug = ? AND kind = ?`,
			siteID, lang, slug, kind).Scan(&w[0], &w[1])
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return w, err
		}
	}
	c.mu.Lock()
	if len(c.where) > maxPaths {
		c.where = map[whereKey][2]int64{}
	}
	c.where[wk] = w
	c.mu.Unlock()
	return w, nil
}

// views reads the counters of the scope: the total per site and per
// section, and the most read items. One read of the period's counters,
// summed per site, item and section (viewSums: the whole months from
// page_views_month, the days of the partial months at the ends from
// page_views), gives all three: a province's year is a million rows of
// page_views, and reading them took most of the report's time
// (docs/performance.md).
func (r *Reporter) views(ctx context.Context, a *Activity) error {
	sc := a.Scope
	from, to := sc.Period.dayRange()
	type itemKey struct{ item, site int64 }
	bySite, byCat := map[int64]int{}, map[int64]int{}
	items := map[itemKey]int{}
	err := r.viewSums(ctx, sc, func(siteID, itemID, catID int64, n int) {
		bySite[siteID] += n
		a.Views.Total += n
		if catID != 0 {
			byCat[catID] += n
		}
		if itemID != 0 { // an item moved to another section has a row per section
			items[itemKey{itemID, siteID}] += n
		}
	})
	if err != nil {
		return fmt.Errorf("report views: %w", err)
	}
	for _, s := range a.BySite {
		s.Views = bySite[s.Site.ID]
	}
	for _, s := range a.Sections {
		s.Views = byCat[s.CategoryID]
	}
	// The 20 most read items (ties by item), each with the address it
	// was read at (the first, when it had several).
	top := make([]ItemViews, 0, len(items))
	for k, n := range items {
		top = append(top, ItemViews{ItemID: k.item, SiteID: k.site, Views: n})
	}
	sort.Slice(top, func(i, j int) bool {
		x, y := top[i], top[j]
		if x.Views != y.Views {
			return x.Views > y.Views
		}
		if x.ItemID != y.ItemID {
			return x.ItemID < y.ItemID
		}
		return x.SiteID < y.SiteID
	})
	a.Views.Items = top[:min(len(top), 20):min(len(top), 20)]
	for i := range a.Views.Items {
		iv := &a.Views.Items[i]
		if err := r.db.QueryRow(ctx, `SELECT MIN(path) FROM page_views WHERE site_id = ? AND item_id = ? AND day >= ? AND day < ?`,
			iv.SiteID, iv.ItemID, from, to).Scan(&iv.Path); err != nil {
			return err
		}
	}
	for i := range a.Views.Items {
		iv := &a.Views.Items[i]
		if err := r.db.QueryRow(ctx, `SELECT r.title FROM items i JOIN revisions r ON r.id = COALESCE(i.published_rev, i.current_rev) WHERE i.id = ?`,
			iv.ItemID).Scan(&iv.Title); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}
