package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/store"
)

// JobStatus is what the admin page shows of one job, as every node sees
// it: who ran it last, when, and whether it worked.
type JobStatus struct {
	Name string
	// Holder is the node that runs the job now or ran it last.
	Holder string
	// Until is when the holder's lease ends while a run is going on, and
	// the earliest time of the next run between runs.
	Until time.Time
	// LastRun and LastOK are when the last run and the last successful
	// run began; nil if there was none. A LastOK well behind LastRun is
	// what an operator looks for.
	LastRun, LastOK *time.Time
	// LastError is the last run's error, empty when it succeeded.
	LastError string
	// Runs counts the recorded runs, on all nodes.
	Runs int64
}

// Status lists every job that has ever taken a lease, by name. It takes a
// database rather than a Runner so that any node, or a command, can show
// the jobs of the whole cluster.
func Status(ctx context.Context, db *store.DB) ([]JobStatus, error) {
	rows, err := db.Query(ctx, `SELECT name, holder, expires_at, last_run_at, last_ok_at, last_error, runs
		FROM job_leases ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("đọc trạng thái việc định kỳ (job status): %w", err)
	}
	defer rows.Close()
	var out []JobStatus
	for rows.Next() {
		var s JobStatus
		var run, ok sql.NullTime
		if err := rows.Scan(&s.Name, &s.Holder, &s.Until, &run, &ok, &s.LastError, &s.Runs); err != nil {
			return nil, fmt.Errorf("đọc trạng thái việc định kỳ (job status): %w", err)
		}
		s.Until = s.Until.UTC()
		s.LastRun, s.LastOK = utcOrNil(run), utcOrNil(ok)
		out = append(out, s)
	}
	return out, rows.Err()
}

func utcOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}
