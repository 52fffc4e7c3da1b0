package jobs

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// clock is a test clock shared by the Runners standing for several nodes.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock {
	return &clock{t: time.Date(2026, 3, 2, 8, 0, 0, 123456789, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func runOnce(t *testing.T, r *Runner) {
	t.Helper()
	if err := r.RunOnce(context.Background()); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
}

func status(t *testing.T, db *store.DB, name string) JobStatus {
	t.Helper()
	all, err := Status(context.Background(), db)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	for _, s := range all {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("Status has no job %q: %+v", name, all)
	return JobStatus{}
}

func sameTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil || !got.Equal(want) {
		t.Errorf("%s = %v; want %v", what, got, want)
	}
}

func TestRunsOncePerInterval(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		start := clk.Now().Truncate(time.Microsecond)
		var calls []time.Time
		r := New(db, quiet, clk.Now, "node-a")
		r.Every("sitemap", time.Hour, func(ctx context.Context, now time.Time) error {
			if _, ok := ctx.Deadline(); !ok {
				t.Error("the job's context has no deadline")
			}
			calls = append(calls, now)
			return nil
		})

		runOnce(t, r)
		runOnce(t, r) // same moment: not due again
		clk.Add(59 * time.Minute)
		runOnce(t, r)
		if len(calls) != 1 || !calls[0].Equal(start) {
			t.Fatalf("runs in the first hour at %v; want one at %v", calls, start)
		}
		clk.Add(time.Minute)
		runOnce(t, r)
		if len(calls) != 2 || !calls[1].Equal(start.Add(time.Hour)) {
			t.Fatalf("runs after an hour at %v; want a second at %v", calls, start.Add(time.Hour))
		}

		// A node started later shares the schedule: nothing is due yet.
		other := New(db, quiet, clk.Now, "node-b")
		other.Every("sitemap", time.Hour, func(context.Context, time.Time) error {
			t.Error("node-b ran the job before it was due")
			return nil
		})
		clk.Add(30 * time.Minute)
		runOnce(t, other)

		s := status(t, db, "sitemap")
		if s.Holder != "node-a" || s.Runs != 2 || s.LastError != "" {
			t.Errorf("status = %+v; want holder node-a, 2 runs, no error", s)
		}
		sameTime(t, "LastRun", s.LastRun, start.Add(time.Hour))
		sameTime(t, "LastOK", s.LastOK, start.Add(time.Hour))
		sameTime(t, "Until", &s.Until, start.Add(2*time.Hour))
	})
}

func TestTwoNodesNeverOverlap(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		var active, overlaps, runs atomic.Int64
		work := func(context.Context, time.Time) error {
			if active.Add(1) > 1 {
				overlaps.Add(1)
			}
			time.Sleep(2 * time.Millisecond)
			runs.Add(1)
			active.Add(-1)
			return nil
		}
		a := New(db, quiet, clk.Now, "node-a")
		b := New(db, quiet, clk.Now, "node-b")
		a.Every("reminders", time.Minute, work)
		b.Every("reminders", time.Minute, work)

		const rounds = 40
		for range rounds {
			// Both nodes, and twice each, look for due work at once.
			var wg sync.WaitGroup
			for _, r := range []*Runner{a, b, a, b} {
				wg.Go(func() {
					if err := r.RunOnce(context.Background()); err != nil {
						t.Errorf("RunOnce on %s: %v", r.Holder(), err)
					}
				})
			}
			wg.Wait()
			clk.Add(time.Minute)
		}
		if overlaps.Load() != 0 {
			t.Errorf("%d runs overlapped another", overlaps.Load())
		}
		if runs.Load() != rounds {
			t.Errorf("%d runs in %d intervals; want one per interval", runs.Load(), rounds)
		}
		if s := status(t, db, "reminders"); s.Runs != rounds {
			t.Errorf("recorded runs = %d; want %d", s.Runs, rounds)
		}
	})
}

func TestFailingJobIsRecordedAndRunsNextInterval(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		start := clk.Now().Truncate(time.Microsecond)
		fail := true
		calls := 0
		r := New(db, quiet, clk.Now, "node-a")
		r.Every("outbox", 10*time.Minute, func(context.Context, time.Time) error {
			calls++
			if fail {
				return errors.New("máy chủ thư không trả lời")
			}
			return nil
		})

		err := r.RunOnce(context.Background())
		if err == nil || !strings.Contains(err.Error(), "máy chủ thư không trả lời") {
			t.Fatalf("RunOnce = %v; want the job's error", err)
		}
		s := status(t, db, "outbox")
		if s.LastError != "máy chủ thư không trả lời" || s.LastOK != nil || s.Runs != 1 {
			t.Errorf("after a failure status = %+v; want the error, no success, 1 run", s)
		}
		sameTime(t, "LastRun", s.LastRun, start)

		clk.Add(10*time.Minute - time.Second)
		runOnce(t, r)
		if calls != 1 {
			t.Fatalf("a failed job ran again after %d calls before its interval", calls)
		}
		fail = false
		clk.Add(time.Second)
		runOnce(t, r)
		if calls != 2 {
			t.Fatalf("calls = %d; want the failed job run again one interval later", calls)
		}
		s = status(t, db, "outbox")
		if s.LastError != "" || s.Runs != 2 {
			t.Errorf("after a success status = %+v; want no error and 2 runs", s)
		}
		sameTime(t, "LastOK", s.LastOK, start.Add(10*time.Minute))
	})
}

func TestPanicIsRecovered(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		var logs syncBuffer
		r := New(db, slog.New(slog.NewTextHandler(&logs, nil)), clk.Now, "node-a")
		calls := 0
		r.Every("backup", time.Hour, func(context.Context, time.Time) error {
			calls++
			if calls == 1 {
				panic("chỉ số ngoài mảng")
			}
			return nil
		})

		err := r.RunOnce(context.Background())
		if err == nil || !strings.Contains(err.Error(), "panic: chỉ số ngoài mảng") {
			t.Fatalf("RunOnce = %v; want the panic as an error", err)
		}
		if !strings.Contains(logs.String(), "panic") || !strings.Contains(logs.String(), "jobs_test.go") {
			t.Errorf("log does not show the panic with its stack:\n%s", logs.String())
		}
		if s := status(t, db, "backup"); !strings.Contains(s.LastError, "panic") || s.Runs != 1 {
			t.Errorf("status = %+v; want the panic recorded", s)
		}
		clk.Add(time.Hour)
		runOnce(t, r)
		if calls != 2 {
			t.Errorf("calls = %d; want the job to run again after a panic", calls)
		}
	})
}

func TestDeadNodeIsTakenOver(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		clk := newClock()
		start := clk.Now().Truncate(time.Microsecond)
		started, resume := make(chan struct{}), make(chan struct{})
		// node-a hangs in its run, ignoring its context as a dead node
		// would, and so never gives the lease back.
		a := New(db, quiet, clk.Now, "node-a")
		a.Every("publish", time.Minute, func(context.Context, time.Time) error {
			close(started)
			<-resume
			return nil
		})
		aDone := make(chan error, 1)
		go func() { aDone <- a.RunOnce(context.Background()) }()
		<-started

		var bRuns atomic.Int64
		b := New(db, quiet, clk.Now, "node-b")
		b.Every("publish", time.Minute, func(context.Context, time.Time) error {
			bRuns.Add(1)
			return nil
		})
		lease := workTime(time.Minute) + leaseMargin
		runOnce(t, b)
		clk.Add(lease - time.Second)
		runOnce(t, b)
		if bRuns.Load() != 0 {
			t.Fatalf("node-b ran the job while node-a's lease lasted")
		}
		clk.Add(time.Second)
		runOnce(t, b)
		if bRuns.Load() != 1 {
			t.Fatalf("node-b did not take over when node-a's lease ended")
		}

		// node-a wakes up late: its outcome must not overwrite node-b's.
		close(resume)
		if err := <-aDone; !errors.Is(err, ErrLeaseLost) {
			t.Errorf("late node-a's RunOnce = %v; want ErrLeaseLost", err)
		}
		s := status(t, db, "publish")
		if s.Holder != "node-b" || s.Runs != 1 {
			t.Errorf("status = %+v; want node-b's single run", s)
		}
		sameTime(t, "LastRun", s.LastRun, start.Add(lease))
	})
}

func TestRunStopsWhenCancelled(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		r := New(db, quiet, nil, "node-a")
		r.Tick = 10 * time.Millisecond
		started := make(chan struct{})
		r.Every("long", time.Hour, func(ctx context.Context, _ time.Time) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		ctx, cancel := context.WithCancel(context.Background())
		stopped := make(chan struct{})
		go func() {
			r.Run(ctx)
			close(stopped)
		}()
		select {
		case <-started:
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not start the due job")
		}
		cancel()
		select {
		case <-stopped:
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
		// The interrupted run was still recorded, after ctx ended.
		if s := status(t, db, "long"); s.Runs != 1 || !strings.Contains(s.LastError, "context canceled") {
			t.Errorf("status = %+v; want the cancelled run recorded", s)
		}
	})
}

func TestEveryRejectsMistakes(t *testing.T) {
	r := New(nil, quiet, nil, "")
	if r.Holder() == "" {
		t.Error("New with no holder did not name the node")
	}
	r.Every("a", time.Minute, func(context.Context, time.Time) error { return nil })
	for name, f := range map[string]func(){
		"twice":       func() { r.Every("a", time.Minute, func(context.Context, time.Time) error { return nil }) },
		"no interval": func() { r.Every("b", 0, func(context.Context, time.Time) error { return nil }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Every %s did not panic", name)
				}
			}()
			f()
		}()
	}
}
