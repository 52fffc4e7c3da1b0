// Package ratelimit counts requests per client key in the database, so
// that the limits on signing in, second-factor codes, error reports and
// citizens' submissions hold for a whole installation, not for each of
// its nodes: behind a load balancer, four nodes each counting alone would
// let four times as many guesses through.
package ratelimit

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/store"
)

// Shared counts hits in fixed windows in the rate_limits table.
type Shared struct {
	db *store.DB
}

// New returns the shared counter on db.
func New(db *store.DB) *Shared { return &Shared{db: db} }

// Hit records one request of key in the window of the given length that
// holds now, and returns how many the window holds with it, across every
// node.
func (s *Shared) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	start := now.UTC().Truncate(window)
	var hits int
	err := s.db.QueryRow(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`, key, start).Scan(&hits)
	return hits, err
}

// Sweep deletes the windows that ended before now less keep.
func (s *Shared) Sweep(ctx context.Context, now time.Time, keep time.Duration) error {
	_, err := s.db.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < ?`, now.UTC().Add(-keep))
	return err
}
