package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"
)

// minLease keeps the lease of a job due every few seconds long enough
// for ordinary work, so that a slow run is not taken over mid-way.
const minLease = 30 * time.Second

// leaseMargin is how much longer the lease in the database lasts than the
// context given to the work: time for a cancelled run to return and be
// recorded, and for the clocks of two nodes to disagree a little, before
// another node may take the job over.
const leaseMargin = 15 * time.Second

// recordTimeout bounds the write after a run, which must happen even when
// the run ended because the Runner is shutting down.
const recordTimeout = 10 * time.Second

// ErrLeaseLost means a run outlived its lease and another node took the
// job over; the run's outcome was not recorded, the other node's stands.
var ErrLeaseLost = errors.New("mất quyền chạy: việc chạy quá hạn và nút khác đã nhận (lease lost)")

// workTime is how long a run of a job due every interval may take.
func workTime(interval time.Duration) time.Duration {
	return max(interval, minLease)
}

// try runs j if this node can take its lease at this moment. It logs
// every failure it returns, so Run need not.
// slowJob is how long a successful run may take before it is logged.
const slowJob = 5 * time.Second

func (r *Runner) try(ctx context.Context, j *job) error {
	now := r.clock()
	got, err := r.take(ctx, j, now)
	if err != nil {
		if ctx.Err() == nil {
			r.log.Error("jobs: không đọc được quyền chạy (lease query failed)", "job", j.name, "err", err)
		}
		return err
	}
	if !got {
		return nil
	}
	return r.runHeld(ctx, j, now)
}

// take acquires j's lease, or else notes when to ask again.
func (r *Runner) take(ctx context.Context, j *job, now time.Time) (bool, error) {
	got, err := r.acquire(ctx, j, now)
	if err != nil || got {
		return got, err
	}
	return false, r.later(ctx, j, now)
}

// runHeld runs j under the lease taken at now, then records the outcome.
// The record is written even when ctx has ended, so that a node shutting
// down leaves the schedule as it should be.
func (r *Runner) runHeld(ctx context.Context, j *job, now time.Time) error {
	// Whatever happens below, this node does not try again before the
	// next run is due; the database has the final word then.
	j.wait(now.Add(j.interval))
	r.log.Debug("jobs: bắt đầu (start)", "job", j.name, "holder", r.holder)
	began := time.Now()
	runErr := r.call(ctx, j, now)
	took := time.Since(began)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	recErr := r.finish(rctx, j, now, runErr)
	if runErr != nil {
		r.log.Warn("jobs: thất bại (failed)", "job", j.name, "err", runErr, "took", took)
	} else {
		// Jobs run every few seconds; a success is only worth a line at
		// debug level (the metrics and /readyz's job status keep the
		// rest), or when it was slow.
		level := slog.LevelDebug
		if took > slowJob {
			level = slog.LevelInfo
		}
		r.log.Log(ctx, level, "jobs: xong (done)", "job", j.name, "took", took)
	}
	if recErr != nil {
		r.log.Error("jobs: không ghi được kết quả (cannot record run)", "job", j.name, "err", recErr)
	}
	return errors.Join(runErr, recErr)
}

// acquire takes j's lease for this node in one statement, so that of two
// nodes asking at once exactly one gets it on either database: the row is
// inserted if the job never ran, or taken over if its lease has ended;
// otherwise no row changes. The lease runs past the work's deadline by
// leaseMargin. A lease this node still holds is not renewed: between runs
// the row marks when the next run is due, and renewing would run early.
func (r *Runner) acquire(ctx context.Context, j *job, now time.Time) (bool, error) {
	until := now.Add(j.workTime() + leaseMargin)
	res, err := r.db.Exec(ctx, `INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE job_leases.expires_at <= ?`, j.name, r.holder, until, now)
	if err != nil {
		return false, fmt.Errorf("nhận quyền chạy (acquire lease): %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// later notes when j's lease held elsewhere ends, so this node asks the
// database again then, or one interval from now if that is sooner: the
// holder shortens its lease when its run ends, and asking once an interval
// keeps this node ready to step in should the holder stop.
func (r *Runner) later(ctx context.Context, j *job, now time.Time) error {
	var until time.Time
	err := r.db.QueryRow(ctx, `SELECT expires_at FROM job_leases WHERE name = ?`, j.name).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // gone meanwhile: ask again on the next tick
	}
	if err != nil {
		return fmt.Errorf("đọc quyền chạy (read lease): %w", err)
	}
	next := now.Add(j.interval)
	if until.Before(next) {
		next = until.UTC()
	}
	j.wait(next)
	return nil
}

// call runs the work with a deadline before the lease ends, and turns a
// panic into an error so that one broken job neither stops the node nor
// keeps its lease. A panic in a goroutine the work starts is beyond reach.
func (r *Runner) call(ctx context.Context, j *job, now time.Time) (err error) {
	ctx, cancel := context.WithTimeout(ctx, j.workTime())
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("jobs: panic", "job", j.name, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return j.fn(ctx, now)
}

// finish records the run that began at began and shortens the lease so
// the next run, on whichever node, is due one interval after this one
// began. It changes nothing if another node has taken the lease over.
func (r *Runner) finish(ctx context.Context, j *job, began time.Time, runErr error) error {
	var ok any // NULL keeps the last success
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	} else {
		ok = began
	}
	res, err := r.db.Exec(ctx, `UPDATE job_leases SET expires_at = ?, last_run_at = ?,
		last_ok_at = COALESCE(?, last_ok_at), last_error = ?, runs = runs + 1
		WHERE name = ? AND holder = ?`, began.Add(j.interval), began, ok, msg, j.name, r.holder)
	if err != nil {
		return fmt.Errorf("ghi kết quả (record run): %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(ErrLeaseLost, err)
	}
	return nil
}
