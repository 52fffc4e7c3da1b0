package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestFaultOfPostgresCodes: the SQLSTATEs a PostgreSQL server answers map
// to the faults people are told about; not-found is no fault.
func TestFaultOfPostgresCodes(t *testing.T) {
	for code, want := range map[string]store.Fault{
		"55P03": store.Locked, "40P01": store.Locked, "57014": store.TimedOut, "08006": store.Unreachable,
		"57P01": store.Unreachable, "53300": store.Unreachable, "53100": store.DiskFull, "25006": store.ReadOnly,
		"58030": store.StorageFailed, "23505": store.Failed,
	} {
		if got := store.FaultOf(&pgconn.PgError{Code: code}); got != want {
			t.Errorf("FaultOf(SQLSTATE %s) = %v; want %v", code, got, want)
		}
	}
	for _, err := range []error{nil, sql.ErrNoRows, store.ErrNotFound, errors.New("template: no such field")} {
		if got := store.FaultOf(err); got != store.NoFault {
			t.Errorf("FaultOf(%v) = %v; want no fault", err, got)
		}
	}
	if got := store.FaultOf(context.DeadlineExceeded); got != store.TimedOut {
		t.Errorf("FaultOf(deadline) = %v", got)
	}
}

// TestLockedWriteEndsAtItsDeadline: a write waiting for a lock another
// connection holds gives up when its context ends — not at SQLite's busy
// timeout, nor never, as on PostgreSQL before — stores nothing, and says
// it was a lock or the deadline.
func TestLockedWriteEndsAtItsDeadline(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		release := storetest.HoldWriteLock(t, db, "rate_limits")
		defer release()
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('locked', ?, 1)`, time.Now().UTC())
			return err
		})
		if took := time.Since(start); err == nil || took > 2*time.Second {
			t.Fatalf("InTx under a held lock = %v after %v; want a failure at the 300 ms deadline", err, took)
		}
		if f := store.FaultOf(err); f != store.TimedOut && f != store.Locked {
			t.Errorf("fault = %v (%v); want timed out or locked", f, err)
		}
		release()
		var n int
		if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM rate_limits WHERE key = 'locked'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("rows after the failed write = %d, %v; want 0", n, err)
		}
	})
}

// TestInTxCommitsOnlyWhileItsContextLives: work done, but the request's
// context ended before the commit (its client was told it failed, or
// left): nothing is stored.
func TestInTxCommitsOnlyWhileItsContextLives(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		err := db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('late', ?, 1)`, time.Now().UTC())
			cancel() // the deadline passes after the last statement
			return err
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("InTx = %v; want context.Canceled", err)
		}
		var n int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM rate_limits WHERE key = 'late'`).Scan(&n)
		if n != 0 {
			t.Errorf("stored %d rows of a request whose context had ended", n)
		}
	})
}

// TestProbeWriteSeesALock: /readyz's probe fails, saying why, when the
// database cannot take a write, although it still answers SELECT 1.
func TestProbeWriteSeesALock(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.ProbeWrite(ctx, time.Now(), time.Second); err != nil {
			t.Fatalf("probe of a free database: %v", err)
		}
		release := storetest.HoldWriteLock(t, db, "health_probe")
		defer release()
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("ping under the lock: %v", err)
		}
		err := db.ProbeWrite(ctx, time.Now(), 300*time.Millisecond)
		if f := store.FaultOf(err); f != store.TimedOut && f != store.Locked {
			t.Errorf("probe under a held lock = %v (%v); want timed out or locked", err, f)
		}
	})
}

// TestDiskFull: on a full disk a write fails as DiskFull, the probe says
// so although SQLite would still fit a small write in its log, and a
// start on a full disk names the cause instead of "disk I/O error (4874)".
func TestDiskFull(t *testing.T) {
	dir := storetest.Tmpfs(t, 4<<20)
	db := storetest.SQLiteIn(t, dir)
	ctx := context.Background()
	// Empty the log, so that the next writes must grow it.
	if _, err := db.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	storetest.FillDisk(t, dir)
	_, err := db.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)`, strings.Repeat("x", 20000), time.Now().UTC())
	if f, _ := db.Diagnose(err); f != store.DiskFull {
		t.Errorf("insert on a full disk = %v, fault %v; want disk full", err, f)
	}
	err = db.ProbeWrite(ctx, time.Now(), time.Second)
	if f, detail := db.Diagnose(err); f != store.DiskFull || !strings.Contains(detail, "free on the file system of "+dir) {
		t.Errorf("probe on a full disk = %v (%v, %q)", err, f, detail)
	}
	if cause := db.Cause(err); !strings.Contains(cause, "ổ đĩa đầy") || !strings.Contains(cause, "disk full") {
		t.Errorf("cause = %q", cause)
	}

	// A new database on the full disk.
	fresh := filepath.Join(dir, "moi")
	if err := exec.Command("mkdir", fresh).Run(); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, "", fresh)
	t.Logf("start on a full disk: %v", err)
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "ổ đĩa đầy") {
		t.Errorf("open on a full disk = %v; want the cause named (disk full)", err)
	}
}

// TestReadOnlyFile: a database file that may not be written (here
// immutable, which binds root too) is reported as read-only — by a write
// while the portal runs, and at start.
func TestReadOnlyFile(t *testing.T) {
	dir := t.TempDir()
	db := storetest.SQLiteIn(t, dir)
	ctx := context.Background()
	path := filepath.Join(dir, "cong.db")
	storetest.Immutable(t, path, path+"-wal")
	_, err := db.Exec(ctx, `INSERT INTO rate_limits (key, window_start, hits) VALUES ('ro', ?, 1)`, time.Now().UTC())
	if f, detail := db.Diagnose(err); f != store.ReadOnly || !strings.Contains(detail, "immutable") {
		t.Errorf("insert into an immutable file = %v (%v, %q); want read-only", err, f, detail)
	}
	if err := db.ProbeWrite(ctx, time.Now(), time.Second); !strings.Contains(db.Cause(err), "chỉ đọc") {
		t.Errorf("probe of an immutable file: %q", db.Cause(err))
	}
	db.Close()
	_, err = store.Open(ctx, "", dir)
	t.Logf("start on an immutable file: %v", err)
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("open of an immutable file = %v; want read-only named", err)
	}
}

// TestPostgresStopped: with its server stopped, the database is
// unreachable, and says so.
func TestPostgresStopped(t *testing.T) {
	c := storetest.NewCluster(t)
	db := c.Database(t)
	ctx := context.Background()
	if err := db.ProbeWrite(ctx, time.Now(), time.Second); err != nil {
		t.Fatal(err)
	}
	c.Stop(t)
	err := db.ProbeWrite(ctx, time.Now(), time.Second)
	if f := store.FaultOf(err); f != store.Unreachable {
		t.Errorf("probe with the server stopped = %v, fault %v; want unreachable", err, f)
	}
	t.Logf("probe with the server stopped: %s", db.Cause(err))
	if cause := db.Cause(err); !strings.Contains(cause, "không kết nối được") {
		t.Errorf("cause = %q", cause)
	}
	c.Start(t)
	if err := db.ProbeWrite(ctx, time.Now(), 5*time.Second); err != nil {
		t.Errorf("probe after the restart: %v", err)
	}
}
