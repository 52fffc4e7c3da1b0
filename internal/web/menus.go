package web

import (
	"context"
	"sync"
	"time"

	"github.com/congportal/cong/internal/content"
)

// menuTTL is how long a site's categories are kept without a change
// being announced: the backstop for a writer that announces nothing (a
// `cong import` run by another process on SQLite).
const menuTTL = time.Minute

// menus keeps each site's categories, which every public page shows in
// its menu, so that a page rendered afresh does not read them again:
// measured on an article page (BenchmarkArticleUncached), reading and
// sorting them was about a seventh of the request's CPU. Every change of
// a site's content or of the sites — here or, on PostgreSQL, announced
// by another node — empties it, exactly when the page cache is emptied,
// so a page never shows an older menu than the page cache would.
type menus struct {
	mu  sync.Mutex
	gen uint64 // counts resets: a read begun before one is not kept
	m   map[int64]menuEntry
}

type menuEntry struct {
	cats []*content.Category // shared by the pages: read only
	at   time.Time
}

// get returns the categories of a site, reading them with load when they
// are not kept or older than menuTTL.
func (m *menus) get(ctx context.Context, siteID int64, load func(context.Context, int64) ([]*content.Category, error)) ([]*content.Category, error) {
	m.mu.Lock()
	e, ok := m.m[siteID]
	gen := m.gen
	m.mu.Unlock()
	if ok && time.Since(e.at) < menuTTL {
		return e.cats, nil
	}
	cats, err := load(ctx, siteID)
	if err != nil {
		return nil, err
	}
	if cats == nil {
		cats = []*content.Category{} // read: a site without categories
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gen == gen {
		if m.m == nil {
			m.m = map[int64]menuEntry{}
		}
		m.m[siteID] = menuEntry{cats: cats, at: time.Now()}
	}
	return cats, nil
}

// reset forgets every site's categories.
func (m *menus) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	m.m = nil
}
