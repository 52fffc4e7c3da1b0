package web

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps a token bucket per client address, for sign-in and other
// endpoints that attackers hammer. Buckets unused for a while are dropped.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	perMin  int
	window  time.Duration
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(perMinute int, window time.Duration) *limiter {
	return &limiter{buckets: map[string]*bucket{}, perMin: perMinute, window: window}
}

// allow reports whether key may make one more request now.
func (l *limiter) allow(key string) bool {
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
