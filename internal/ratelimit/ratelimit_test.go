package ratelimit_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/ratelimit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestSharedCounts: hits from several nodes at once are counted once
// each in their window; a new window starts afresh; old windows are
// swept.
func TestSharedCounts(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 10, 0, time.UTC)
		nodes := []*ratelimit.Shared{ratelimit.New(db), ratelimit.New(db)}
		var wg sync.WaitGroup
		seen := make(chan int, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := nodes[i%2].Hit(ctx, "login:203.0.113.9", time.Minute, now)
				if err != nil {
					t.Error(err)
				}
				seen <- n
			}()
		}
		wg.Wait()
		close(seen)
		got := map[int]bool{}
		for n := range seen {
			got[n] = true
		}
		if len(got) != 20 || !got[1] || !got[20] {
			t.Errorf("20 concurrent hits were counted as %v; want 1 to 20 once each", got)
		}
		if n, _ := nodes[0].Hit(ctx, "login:198.51.100.7", time.Minute, now); n != 1 {
			t.Errorf("another address starts at %d", n)
		}
		if n, _ := nodes[0].Hit(ctx, "login:203.0.113.9", time.Minute, now.Add(time.Minute)); n != 1 {
			t.Errorf("the next window starts at %d", n)
		}
		if err := nodes[1].Sweep(ctx, now.Add(2*time.Minute), 90*time.Second); err != nil {
			t.Fatal(err)
		}
		var rows int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM rate_limits`).Scan(&rows)
		if rows != 1 {
			t.Errorf("%d windows left after the sweep; want the latest one", rows)
		}
	})
}
