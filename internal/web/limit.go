package web

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/congportal/cong/internal/ratelimit"
	"github.com/congportal/cong/internal/store"
)

// limiter keeps a token bucket per client address, for sign-in and other
// endpoints that attackers hammer. Buckets unused for a while are dropped.
// With several nodes (PostgreSQL) it also counts in the database, so the
// limit holds for the installation: perMin requests a window, all nodes
// together.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	perMin  int
	window  time.Duration
	swept   time.Time

	shared *ratelimit.Shared // nil on SQLite: one node sees everything
	name   string            // prefix of its keys in the database
	now    func() time.Time  // the server's clock, which windows follow
	log    *slog.Logger
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute int, window time.Duration) *limiter {
	return &limiter{buckets: map[string]*bucket{}, perMin: perMinute, window: window}
}

// allow reports whether key may make one more request now: its bucket on
// this node has a token and, when shared, the installation's count for
// the window is within the limit. A database that cannot count lets the
// request through (and logs it): the request will most likely fail on
// the database anyway, with a clear page.
func (l *limiter) allow(ctx context.Context, key string) bool {
	if !l.allowLocal(key) {
		return false
	}
	if l.shared == nil {
		return true
	}
	n, err := l.shared.Hit(ctx, l.name+":"+key, l.window, l.now())
	if err != nil {
		l.log.Warn("rate limit: the shared count failed", "limit", l.name, "err", err)
		return true
	}
	return n <= l.perMin
}

func (l *limiter) allowLocal(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Sub(l.swept) > l.window {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > l.window {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.window/time.Duration(l.perMin)), l.perMin)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.Allow()
}

// share makes l count in the database too, under name.
func (l *limiter) share(sh *ratelimit.Shared, name string, now func() time.Time, log *slog.Logger) {
	l.shared, l.name, l.now, l.log = sh, name, now, log
}

// shareLimits counts the server's limits in the database when it is
// PostgreSQL, which several nodes may share; a SQLite file has one node.
func (s *Server) shareLimits() {
	if s.db.Dialect != store.Postgres {
		return
	}
	s.rateLimits = ratelimit.New(s.db)
	s.limits.share(s.rateLimits, "web", s.now, s.log)
	s.feedbackLimits.share(s.rateLimits, "feedback", s.now, s.log)
	s.consultLimits.share(s.rateLimits, "consult", s.now, s.log)
}
