// Package jobs runs the portal's scheduled work — publishing at a set
// time, reminders, backups, sitemaps — on exactly one node at a time.
// Every node runs the same Runner; before each run a node takes a lease on
// the job in the database, so several `cong serve` nodes behind a load
// balancer share one schedule and never run the same job twice at once.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/congportal/cong/internal/store"
)

// DefaultTick is how often Run looks for due jobs. It is short so that a
// job due every minute (publishing at a set time) starts within seconds
// of being due, and long enough that idle nodes barely touch the database.
const DefaultTick = 5 * time.Second

// Func is the work of a job. now is the moment its lease was taken, from
// the Runner's clock, so the work and its record agree on the time. ctx
// ends shortly before the lease does: work that outlives it may overlap a
// run on another node, so a Func must return when ctx ends.
type Func func(ctx context.Context, now time.Time) error

// Runner runs the jobs registered with Every on this node, each only when
// this node holds its lease. Register every job before calling Run.
type Runner struct {
	// Tick is how often Run looks for due jobs; New sets DefaultTick.
	// Change it before Run starts.
	Tick time.Duration

	db     *store.DB
	log    *slog.Logger
	now    func() time.Time
	holder string
	jobs   []*job
}

// job is one registered job and what this node knows of its schedule.
type job struct {
	name     string
	interval time.Duration
	limit    time.Duration // how long a run may take; 0: workTime(interval)
	fn       Func

	mu      sync.Mutex
	running bool      // a run on this node has not finished
	notTill time.Time // no point asking the database before this
}

// New returns a Runner on db. holder names this node in the leases and on
// the admin page; it must differ between nodes and between Runners, and
// an empty holder gets one from NodeID. now is the clock (nil means
// time.Now), injected so tests can move time; log nil means slog.Default.
func New(db *store.DB, log *slog.Logger, now func() time.Time, holder string) *Runner {
	if log == nil {
		log = slog.Default()
	}
	if now == nil {
		now = time.Now
	}
	if holder == "" {
		holder = NodeID()
	}
	return &Runner{Tick: DefaultTick, db: db, log: log, now: now, holder: holder}
}

// NodeID names this process uniquely: host name, process id and a random
// part, so that a node restarted with the same pid (in a container, say)
// does not inherit the leases of the process that died.
func NodeID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "node"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Holder is the name this Runner writes into the leases it takes.
func (r *Runner) Holder() string { return r.holder }

// Every registers fn to run at most once per interval across all nodes
// sharing the database. The interval is counted from the start of one run
// to the start of the next; a run that fails is tried again one interval
// later, not sooner, so a broken job cannot hammer a mail server or a
// disk. Registering a name twice, or an interval that is not positive, is
// a programming error and panics, as http.ServeMux does.
func (r *Runner) Every(name string, interval time.Duration, fn func(ctx context.Context, now time.Time) error) {
	if name == "" || interval <= 0 || fn == nil {
		panic(fmt.Sprintf("jobs: Every(%q, %v): need a name, a positive interval and a func", name, interval))
	}
	for _, j := range r.jobs {
		if j.name == name {
			panic(fmt.Sprintf("jobs: job %q registered twice", name))
		}
	}
	r.jobs = append(r.jobs, &job{name: name, interval: interval, fn: fn})
}

// EveryFor is Every for a job that looks often whether it has work and
// then may work long: a run may take up to limit rather than one
// interval, and holds the lease that long (plus a margin), so no other
// node starts the job meanwhile. The scheduled backup looks every minute
// whether a backup is due and then takes one, which may take an hour.
// Should the node die during a run, another takes the job over once the
// limit has passed.
func (r *Runner) EveryFor(name string, interval, limit time.Duration, fn func(ctx context.Context, now time.Time) error) {
	if limit < interval {
		panic(fmt.Sprintf("jobs: EveryFor(%q, %v, %v): the limit must not be shorter than the interval", name, interval, limit))
	}
	r.Every(name, interval, fn)
	r.jobs[len(r.jobs)-1].limit = limit
}

// workTime is how long a run of j may take.
func (j *job) workTime() time.Duration {
	if j.limit > 0 {
		return max(j.limit, minLease)
	}
	return workTime(j.interval)
}

// Run looks for due jobs every Tick until ctx ends, starting each due job
// in its own goroutine so that a long backup does not hold back a job due
// every minute. When ctx ends, the running jobs' contexts end too; Run
// waits for them to return and record their outcome, then returns.
func (r *Runner) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	tick := r.Tick
	if tick <= 0 {
		tick = DefaultTick
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		r.start(ctx, &wg, func(error) {}) // try has logged them
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce does what Run does on one tick and waits for the runs it
// started. It returns the errors of those runs and of the database, so
// tests and the `cong jobs run` command can tell whether all went well.
// A job already running on this Runner is skipped, not waited for.
func (r *Runner) RunOnce(ctx context.Context) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	r.start(ctx, &wg, func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	})
	wg.Wait()
	return errors.Join(errs...)
}

// start launches, each in a goroutine counted by wg, the jobs that may be
// due and are not already running here. report receives their errors.
func (r *Runner) start(ctx context.Context, wg *sync.WaitGroup, report func(error)) {
	if ctx.Err() != nil {
		return
	}
	now := r.clock()
	for _, j := range r.jobs {
		if !j.claim(now) {
			continue
		}
		wg.Go(func() {
			defer j.release()
			if err := r.try(ctx, j); err != nil {
				report(fmt.Errorf("việc %s (job): %w", j.name, err))
			}
		})
	}
}

// claim marks j as running on this node if it may be due at now.
func (j *job) claim(now time.Time) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running || now.Before(j.notTill) {
		return false
	}
	j.running = true
	return true
}

func (j *job) release() {
	j.mu.Lock()
	j.running = false
	j.mu.Unlock()
}

// wait notes that the database need not be asked about j before t.
func (j *job) wait(t time.Time) {
	j.mu.Lock()
	j.notTill = t
	j.mu.Unlock()
}

// clock is the Runner's time as stored: UTC, and cut to microseconds,
// which is what PostgreSQL keeps, so that a time read back compares equal
// to the one written.
func (r *Runner) clock() time.Time {
	return r.now().UTC().Truncate(time.Microsecond)
}
