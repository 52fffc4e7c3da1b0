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
	byHost := map[string]*Site{}
	byPrefix := map[string]*Site{}
	var main *Site
	for _, s := range list {
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
	r.mu.Lock()
	r.byHost, r.byPrefix, r.main, r.loaded = byHost, byPrefix, main, time.Now()
	r.mu.Unlock()
	return nil
}

// Resolve returns the site for a request to host and path, and the path
// within that site. A host name of a site wins; otherwise the first path
// segment may name a site's prefix; otherwise it is the main portal. It
// returns nil when no main portal exists yet.
func (r *Resolver) Resolve(ctx context.Context, host, path string) (*Site, string) {
	r.maybeRefresh(ctx)
	r.mu.RLock()
	defer r.mu.RUnlock()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if s, ok := r.byHost[host]; ok {
		return s, path
	}
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
	r.mu.RUnlock()
	if stale {
		r.Reload(ctx) // on error the old map keeps serving
	}
}
