package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// FaultError is a failure found by the portal itself rather than
// reported by the database, such as a disk found too full before
// anything was written; FaultOf reads its fault.
type FaultError struct {
	Fault  Fault
	Detail string
}

func (e *FaultError) Error() string { return e.Fault.String() + ": " + e.Detail }

// ProbeWrite tells whether the database takes a write now, as /readyz
// must: a SELECT 1 succeeds on a database that is locked, full or
// read-only. It updates the one row of health_probe in a transaction
// that must be done within wait. On SQLite it first measures the free
// space, since SQLite still writes into its log's spare room on a full
// disk until a larger write fails. The error, if any, carries the fault
// (see Diagnose and Cause).
func (db *DB) ProbeWrite(ctx context.Context, now time.Time, wait time.Duration) error {
	if db.Dialect == SQLite {
		dir := filepath.Dir(db.Location)
		if free, low := lowDisk(dir); low {
			return &FaultError{DiskFull, fmt.Sprintf("%s free on the file system of %s", bytesText(free), dir)}
		}
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	return db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE health_probe SET checked_at = ? WHERE id = 1`, now.UTC())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, errors.New("health_probe has no row: migration 017 not applied"))
		}
		return nil
	})
}
