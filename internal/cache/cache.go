// Package cache keeps the portal's public pages in memory as rendered,
// precompressed bytes, so that a reader's GET of a page nobody changed
// costs a map lookup instead of database queries and a template.
//
// Entries carry tags ("site:12", "item:345", "home"); whatever changes
// what the public sees invalidates its tags, and every page carrying one
// of them is dropped at once. The choices, and why:
//
//   - Tags rather than keys: a publication changes many pages (the
//     article, its category lists, the site's home, the main portal's
//     home), and the code that publishes does not know their URLs.
//   - A byte bound with CLOCK eviction rather than strict LRU: a hit
//     only sets a bit under a read lock, so concurrent readers do not
//     queue on one mutex to reorder a list, and the hit rate is that of
//     LRU for page traffic, which is dominated by a few hot pages.
//   - A TTL (10 minutes by default) only as a safety net: an invalidation
//     that never arrived (a change made by `cong import` in another
//     process, or on another node before LISTEN/NOTIFY fan-out exists)
//     heals by itself.
//   - Single flight: when a popular page is dropped, the requests that
//     arrive while it renders wait for that one rendering instead of each
//     running the same queries.
//   - A generation counter: a rendering that started before an
//     invalidation may have read the old data, so its result is served
//     to the requests that were waiting for it but never stored. Without
//     it an unpublished item could come back from a render that raced
//     the unpublishing.
package cache

import (
	"container/list"
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for Options.
const (
	DefaultMaxBytes     = 64 << 20
	DefaultTTL          = 10 * time.Minute
	DefaultCacheControl = "public, max-age=0, s-maxage=60"
	// DefaultCDNCacheControl is for CDNs that read CDN-Cache-Control
	// (RFC 9213) instead of Cache-Control.
	DefaultCDNCacheControl = "max-age=60, stale-while-revalidate=300"
)

// TagAll is carried by every page implicitly: invalidating it empties
// the cache (a change of sites, which every page's menu and footer show).
const TagAll = "all"

// Options configures a Cache; zero values take the defaults.
type Options struct {
	// MaxBytes bounds the memory the stored bodies (all three encodings)
	// take. A single page larger than an eighth of it is not stored, so
	// that one huge page cannot flush everything else.
	MaxBytes int64
	// TTL is how long a page may be served without being invalidated.
	TTL time.Duration
	// CacheControl is sent with every page served from the cache. The
	// default makes browsers revalidate on every view (a 304 from memory,
	// so a reader who reloads never sees an unpublished item or a stale
	// 404) and lets shared caches keep a page for a minute, which bounds
	// how long a CDN can show what was unpublished.
	CacheControl string
	// CDNCacheControl is sent as CDN-Cache-Control: the default adds
	// stale-while-revalidate, so that a CDN answers at once with the old
	// copy while it fetches the new one and a popular page never makes
	// all its readers wait; browsers ignore it.
	CDNCacheControl string
	// Now is the clock (injected so tests can move time).
	Now func() time.Time
	// OnInvalidate, when set, is told the tags of every Invalidate, after
	// the local entries are gone: the hook for telling other nodes (by
	// PostgreSQL LISTEN/NOTIFY), which apply them with InvalidateLocal.
	OnInvalidate func(tags []string)
}

// Cache is a concurrency-safe, size-bounded page cache invalidated by tag.
type Cache struct {
	o Options
	// The Cache-Control values, made once for every response.
	cacheControl, cdnCacheControl []string

	mu    sync.RWMutex
	pages map[string]*Page
	byTag map[string]map[string]struct{}
	ring  *list.List    // CLOCK order of the stored pages
	hand  *list.Element // next candidate for eviction
	bytes int64
	gen   uint64 // bumped by every invalidation
	calls map[string]*call

	hits, misses, evictions atomic.Int64
}

// call is one rendering that concurrent requests for a key wait on.
type call struct {
	done chan struct{}
	page *Page
}

// New returns an empty cache.
func New(o Options) *Cache {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.CacheControl == "" {
		o.CacheControl = DefaultCacheControl
	}
	if o.CDNCacheControl == "" {
		o.CDNCacheControl = DefaultCDNCacheControl
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Cache{o: o, pages: map[string]*Page{}, byTag: map[string]map[string]struct{}{},
		ring: list.New(), calls: map[string]*call{},
		cacheControl: []string{o.CacheControl}, cdnCacheControl: []string{o.CDNCacheControl}}
}

// Get returns the page stored under key, or nil when there is none or it
// has outlived the TTL.
func (c *Cache) Get(key string) *Page {
	now := c.o.Now()
	c.mu.RLock()
	p := c.pages[key]
	c.mu.RUnlock()
	if p == nil || now.After(p.expires) {
		c.misses.Add(1)
		return nil
	}
	if !p.ref.Load() { // a read, not a write, on the path of every hit
		p.ref.Store(true)
	}
	c.hits.Add(1)
	return p
}

// Fill renders the page for key once for all concurrent callers: the
// first runs render, the others wait for its result. render returns nil
// for a response that must not be shared (an error, a cookie); waiters
// then get nil too and answer the request themselves. The page is stored
// unless an invalidation happened while it rendered. leader reports
// whether this caller ran render.
func (c *Cache) Fill(ctx context.Context, key string, render func() *Page) (p *Page, leader bool) {
	c.mu.Lock()
	if cl, ok := c.calls[key]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.page, false
		case <-ctx.Done():
			return nil, false
		}
	}
	cl := &call{done: make(chan struct{})}
	c.calls[key] = cl
	gen := c.gen
	c.mu.Unlock()

	defer func() { // also when render panics: waiters must not hang
		c.mu.Lock()
		if c.calls[key] == cl {
			delete(c.calls, key)
		}
		if cl.page != nil && c.gen == gen {
			c.store(key, cl.page)
		}
		c.mu.Unlock()
		close(cl.done)
	}()
	cl.page = render()
	return cl.page, true
}

// store adds p, a page just rendered, under key, evicting as needed;
// c.mu is held. The key counts against MaxBytes with the page: it holds
// the query a visitor wrote, which may be as long as the page is short.
func (c *Cache) store(key string, p *Page) {
	p.size += int64(len(key))
	if p.size > c.o.MaxBytes/8 {
		return
	}
	if old := c.pages[key]; old != nil {
		c.remove(key, old)
	}
	for c.bytes+p.size > c.o.MaxBytes && c.ring.Len() > 0 {
		c.evictOne()
	}
	p.expires = c.o.Now().Add(c.o.TTL)
	p.key = key
	if c.hand != nil {
		p.elem = c.ring.InsertBefore(p, c.hand) // the hand reaches it last
	} else {
		p.elem = c.ring.PushBack(p)
	}
	c.pages[key] = p
	c.bytes += p.size
	for _, t := range p.Tags {
		set := c.byTag[t]
		if set == nil {
			set = map[string]struct{}{}
			c.byTag[t] = set
		}
		set[key] = struct{}{}
	}
}

// evictOne moves the clock hand: a page used since the hand last passed
// gets a second chance, the first one not used is dropped.
func (c *Cache) evictOne() {
	for {
		if c.hand == nil {
			c.hand = c.ring.Front()
		}
		p := c.hand.Value.(*Page)
		if p.ref.Swap(false) {
			c.hand = c.hand.Next()
			continue
		}
		c.remove(p.key, p)
		c.evictions.Add(1)
		return
	}
}

// remove drops p (stored under key) from every index; c.mu is held.
func (c *Cache) remove(key string, p *Page) {
	if c.hand == p.elem {
		c.hand = c.hand.Next()
	}
	c.ring.Remove(p.elem)
	delete(c.pages, key)
	c.bytes -= p.size
	for _, t := range p.Tags {
		if set := c.byTag[t]; set != nil {
			delete(set, key)
			if len(set) == 0 {
				delete(c.byTag, t)
			}
		}
	}
}

// Invalidate drops every page carrying one of tags (TagAll: every page),
// makes renderings in flight unstorable, and then tells OnInvalidate.
// Call it after the change is committed, so a new rendering sees it.
func (c *Cache) Invalidate(tags ...string) {
	c.InvalidateLocal(tags...)
	if c.o.OnInvalidate != nil && len(tags) > 0 {
		c.o.OnInvalidate(tags)
	}
}

// InvalidateLocal is Invalidate without telling OnInvalidate: for
// applying an invalidation that another node announced.
func (c *Cache) InvalidateLocal(tags ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	// Requests arriving from now on must not join a rendering that may
	// have read the old data.
	clear(c.calls)
	for _, t := range tags {
		if t == TagAll {
			clear(c.pages)
			clear(c.byTag)
			c.ring.Init()
			c.hand, c.bytes = nil, 0
			return
		}
		for key := range c.byTag[t] {
			c.remove(key, c.pages[key])
		}
	}
}

// Stats are counters for tests and metrics.
type Stats struct {
	Pages                   int
	Bytes                   int64
	Hits, Misses, Evictions int64
}

// Stats returns the cache's current size and counters.
func (c *Cache) Stats() Stats {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return Stats{Pages: len(c.pages), Bytes: c.bytes, Hits: c.hits.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load()}
}
