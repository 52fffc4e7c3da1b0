package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store/storetest"
)

// TestEveryForHoldsTheLeaseForItsLimit: a job that looks every minute
// and may then work for hours (the scheduled backup) holds its lease,
// and gets a deadline, for its limit rather than its interval, so that
// no other node starts it meanwhile; between runs it is due again one
// interval after the last began.
func TestEveryForHoldsTheLeaseForItsLimit(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	c := newClock()
	a := New(db, nil, c.Now, "node-a")
	b := New(db, nil, c.Now, "node-b")
	var until time.Time
	var left time.Duration
	runs := 0
	for _, r := range []*Runner{a, b} {
		r.EveryFor("long", time.Minute, 2*time.Hour, func(ctx context.Context, now time.Time) error {
			runs++
			if err := db.QueryRow(ctx, `SELECT expires_at FROM job_leases WHERE name = 'long'`).Scan(&until); err != nil {
				return err
			}
			d, _ := ctx.Deadline()
			left = time.Until(d)
			// Another node asking meanwhile, an hour on, finds it held.
			c.Add(time.Hour)
			return b.RunOnce(ctx)
		})
	}
	start := c.Now().UTC()
	if err := a.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if runs != 1 {
		t.Fatalf("%d runs; the other node ran the job during the first", runs)
	}
	if until.Sub(start) < 2*time.Hour || left < time.Hour {
		t.Errorf("lease until %v after the start, deadline in %v; want the 2h limit", until.Sub(start), left)
	}
	defer func() {
		if recover() == nil {
			t.Error("a limit shorter than the interval was accepted")
		}
	}()
	a.EveryFor("short", time.Hour, time.Minute, func(context.Context, time.Time) error { return nil })
}
