package site

import (
	"context"
	"net"
	"strings"
	"sync"
	"time"
)

// Resolver decides which site a request is for. It keeps every site in
// memory — a province has a few hundred at most — and reloads them after
// a change here or, for changes made by another node, every refresh period.
type Resolver struct {
	sites   *Sites
	refresh time.Duration

	mu       sync.RWMutex
	byHost   map[string]*Site
	byPrefix map[string]*Site
	main     *Site
	loaded   time.Time
	// oldHost and oldPrefix lead the hosts and prefixes renamed sites
	// left to those sites (Moved); due is when the next renaming waiting
	// for its date comes into force.
	oldHost, oldPrefix map[string]*Site
	due                time.Time
	// mergedHost and mergedPrefix are the hosts and prefixes of merged
	// sites, which serve no page of their own; byID follows a merged
	// site to the one it went into.
	mergedHost, mergedPrefix map[string]*Site
	byID                     map[int64]*Site

	// ApplyErr is why the last renamings due could not be applied.
	ApplyErr error
	// OnRenamed, when set, is called after a reload that put renamings
	// in force (or saw them put in force by another node).
	OnRenamed func()
}

// NewResolver returns a resolver over sites; call Reload before use.
func NewResolver(sites *Sites, refresh time.Duration) *Resolver {
	return &Resolver{sites: sites, refresh: refresh}
}

// Reload reads all sites again.
func (r *Resolver) Reload(ctx context.Context) error {
	list, err := r.sites.List(ctx)
	if err != nil {
		return err
	}
	renamed, failed := false, false
	if due := nextDue(list); !due.IsZero() && !due.After(r.sites.now()) {
		// A renaming's date has come: put it in force (once, whichever
		// node gets there first) and read the sites again. One that
		// cannot be applied (its new host taken meanwhile) is tried
		// again at the next refresh, not at every request.
		_, err := r.sites.ApplyDue(ctx)
		r.mu.Lock()
		r.ApplyErr = err
		r.mu.Unlock()
		failed = err != nil
		if list, err = r.sites.List(ctx); err != nil {
			return err
		}
		renamed = true
	}
	byHost := map[string]*Site{}
	byPrefix := map[string]*Site{}
	mergedHost, mergedPrefix, byID := map[string]*Site{}, map[string]*Site{}, map[int64]*Site{}
	var main *Site
	for _, s := range list {
		byID[s.ID] = s
		if s.MergedInto != 0 {
			if s.Host != "" {
				mergedHost[s.Host] = s
			}
			if s.PathPrefix != "" {
				mergedPrefix[s.PathPrefix] = s
			}
			continue
		}
		if s.Host != "" {
			byHost[s.Host] = s
		}
		if s.PathPrefix != "" {
			byPrefix[s.PathPrefix] = s
		}
		if s.Main {
			main = s
		}
	}
	oldHost, oldPrefix := moves(list, byHost, byPrefix)
	r.mu.Lock()
	r.byHost, r.byPrefix, r.main, r.loaded = byHost, byPrefix, main, time.Now()
	r.oldHost, r.oldPrefix, r.due = oldHost, oldPrefix, nextDue(list)
	r.mergedHost, r.mergedPrefix, r.byID = mergedHost, mergedPrefix, byID
	if failed {
		r.due = time.Time{}
	}
	r.mu.Unlock()
	if renamed && r.OnRenamed != nil {
		r.OnRenamed()
	}
	return nil
}

// Resolve returns the site for a request to host and path, and the path
// within that site. A component site's host name wins; otherwise the
// first path segment may name a site's prefix (on the main portal's host
// as well); otherwise it is the main portal. It returns nil when no main
// portal exists yet.
func (r *Resolver) Resolve(ctx context.Context, host, path string) (*Site, string) {
	r.maybeRefresh(ctx)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if s, ok := r.byHost[host]; ok && !s.Main {
		return s, path
	}
	// The main portal's own host serves the component sites' prefixes
	// too (dongnai.gov.vn/so-khcn/).
	seg := path
	if i := strings.IndexByte(path[min(1, len(path)):], '/'); i >= 0 {
		seg = path[:i+1]
	}
	if s, ok := r.byPrefix[seg]; ok {
		rest := strings.TrimPrefix(path, seg)
		if rest == "" {
			rest = "/"
		}
		return s, rest
	}
	return r.main, path
}

// maybeRefresh reloads when the cache is older than the refresh period,
// so that a site added on another node shows up here too.
func (r *Resolver) maybeRefresh(ctx context.Context) {
	r.mu.RLock()
	stale := r.refresh > 0 && time.Since(r.loaded) > r.refresh
	stale = stale || (!r.due.IsZero() && !r.due.After(r.sites.now()))
	r.mu.RUnlock()
	if stale {
		r.Reload(ctx) // on error the old map keeps serving
	}
}

// Move is where a request to an address a site has left goes now.
type Move struct {
	// To is the site in force, with its identity of today.
	To *Site
	// Rest is the path within the site the address named.
	Rest string
	// ByHost says the old host (rather than an old prefix) matched.
	ByHost bool
	// Via lists the merged sites the address passed through, the one it
	// named first: each may have changed some paths on its way into the
	// next (internal/merge keeps them), to be applied in this order.
	Via []*Site
}

// Moved finds a request to a host or a path prefix that a renamed site
// has left, or that a merged site held: it returns the site in force and
// the path within the site the address named. A host or prefix a live
// site uses is never "moved": it is that site's. The caller answers 301
// to the same path (or the path the merge gave it) under the site's host
// or prefix of today, so that after several renamings and merges an old
// address leads there in one step.
func (r *Resolver) Moved(ctx context.Context, host, path string) *Move {
	r.maybeRefresh(ctx)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.oldHost) == 0 && len(r.oldPrefix) == 0 && len(r.mergedHost) == 0 && len(r.mergedPrefix) == 0 {
		return nil
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if s := r.byHost[host]; s != nil && !s.Main {
		return nil
	}
	if s := r.mergedHost[host]; s != nil {
		return r.follow(&Move{To: s, Rest: path, ByHost: true})
	}
	if s := r.oldHost[host]; s != nil {
		return r.follow(&Move{To: s, Rest: path, ByHost: true})
	}
	seg := path
	if i := strings.IndexByte(path[min(1, len(path)):], '/'); i >= 0 {
		seg = path[:i+1]
	}
	if r.byPrefix[seg] != nil {
		return nil
	}
	s := r.mergedPrefix[seg]
	if s == nil {
		s = r.oldPrefix[seg]
	}
	if s == nil {
		return nil
	}
	rest := strings.TrimPrefix(path, seg)
	if rest == "" {
		rest = "/"
	}
	return r.follow(&Move{To: s, Rest: rest})
}

// follow leads a move through the merges its site went through, to the
// site in force. A loop (which a merge never makes) ends the walk.
func (r *Resolver) follow(m *Move) *Move {
	for m.To.MergedInto != 0 && len(m.Via) < 16 {
		next := r.byID[m.To.MergedInto]
		if next == nil {
			break
		}
		m.Via = append(m.Via, m.To)
		m.To = next
	}
	return m
}

// Main is the main portal, as last loaded.
func (r *Resolver) Main() *Site {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.main
}
