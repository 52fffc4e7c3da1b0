package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Fault is the cause of a database failure as the operator must know it
// to act, and as a visitor must be told it: the database cannot be
// reached, another writer holds it, the request ran out of time, its
// disk is full, it is read-only, or its storage failed. Every error of
// either database is classified here, in one place, so that no caller
// turns "the database is down" into "your key is wrong".
type Fault int

// The faults, from the most to the least likely to pass by themselves.
const (
	NoFault       Fault = iota // not a database failure (nil, not found, or not the database's)
	Locked                     // another writer holds the lock beyond the wait (SQLITE_BUSY, SQLITE_LOCKED; PostgreSQL lock_not_available, deadlock)
	TimedOut                   // the request's deadline passed, or its client left, while it waited for the database
	Unreachable                // no connection: the server is down or refuses connections, or the file cannot be opened
	DiskFull                   // no space left for the database (SQLITE_FULL; PostgreSQL disk_full)
	ReadOnly                   // the database or its file system takes no writes (SQLITE_READONLY; a standby)
	StorageFailed              // an I/O error or a damaged file (SQLITE_IOERR, SQLITE_CORRUPT; PostgreSQL io_error)
	Failed                     // any other error the database reported
)

// String is the fault as the log and /readyz name it.
func (f Fault) String() string {
	switch f {
	case Locked:
		return "locked"
	case TimedOut:
		return "timed out"
	case Unreachable:
		return "unreachable"
	case DiskFull:
		return "disk full"
	case ReadOnly:
		return "read-only"
	case StorageFailed:
		return "storage failure"
	case Failed:
		return "database error"
	}
	return "no fault"
}

// Transient reports whether the fault usually passes by itself, so that
// retrying in a few seconds makes sense.
func (f Fault) Transient() bool { return f == Locked || f == TimedOut }

// FaultOf classifies err. Not-found (sql.ErrNoRows, ErrNotFound) and
// errors that do not come from a database are NoFault. A request's own
// deadline or cancellation is TimedOut, since database waits are what
// requests spend their time on.
func FaultOf(err error) Fault {
	switch {
	case err == nil || errors.Is(err, sql.ErrNoRows) || errors.Is(err, ErrNotFound):
		return NoFault
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return TimedOut
	}
	var own *FaultError
	if errors.As(err, &own) {
		return own.Fault
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return sqliteFault(lite.Code())
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return postgresFault(pg.Code)
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	switch {
	case errors.As(err, &connect), errors.As(err, &netErr), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, sql.ErrConnDone), errors.Is(err, pgconn.ErrConnClosed), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return Unreachable
	case pgconn.Timeout(err):
		return TimedOut
	}
	return NoFault
}

// sqliteFault maps a SQLite result code (extended codes carry the
// primary one in their low byte).
func sqliteFault(code int) Fault {
	switch code & 0xff {
	case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
		return Locked
	case 9: // SQLITE_INTERRUPT: the driver interrupts a statement whose context ended
		return TimedOut
	case 13: // SQLITE_FULL
		return DiskFull
	case 8: // SQLITE_READONLY
		return ReadOnly
	case 10, 11, 26: // SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB
		return StorageFailed
	case 14: // SQLITE_CANTOPEN
		return Unreachable
	}
	return Failed
}

// postgresFault maps a PostgreSQL SQLSTATE.
func postgresFault(code string) Fault {
	switch {
	case code == "55P03", code == "40P01", code == "40001": // lock_not_available, deadlock, serialization
		return Locked
	case code == "57014": // query_canceled: statement_timeout or a cancelled request
		return TimedOut
	case len(code) == 5 && code[:2] == "08", code == "57P01", code == "57P02", code == "57P03", code == "53300":
		// connection exceptions, the server shutting down or starting,
		// too many connections
		return Unreachable
	case code == "53100": // disk_full
		return DiskFull
	case code == "25006": // read_only_sql_transaction: a standby, or default_transaction_read_only
		return ReadOnly
	case code == "58030", code == "XX001", code == "XX002": // io_error, data_corrupted, index_corrupted
		return StorageFailed
	}
	return Failed
}

// Diagnose classifies err like FaultOf and, on SQLite, looks at the
// file system for the cause SQLite's code hides: an I/O error on a full
// disk is DiskFull ("disk I/O error (4874)" at start on a full disk),
// a write refused by a read-only file, mount or immutable flag is
// ReadOnly. detail says what was found, for the log and /readyz.
func (db *DB) Diagnose(err error) (f Fault, detail string) {
	f = FaultOf(err)
	var own *FaultError
	if errors.As(err, &own) {
		return f, own.Detail
	}
	if db.Dialect != SQLite || f == NoFault || f.Transient() {
		return f, ""
	}
	if why := readOnly(db.Location); why != "" {
		return ReadOnly, why
	}
	if free, low := lowDisk(filepath.Dir(db.Location)); low {
		return DiskFull, fmt.Sprintf("%s free on the file system of %s", bytesText(free), filepath.Dir(db.Location))
	}
	return f, ""
}

// bytesText writes a size for people: 0 B, 12 KiB, 3.4 MiB.
func bytesText(n uint64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KiB", n>>10)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
}

// Cause describes a database failure for the operator on one line, in
// Vietnamese with an English gloss, naming its fault and what was found:
// "ổ đĩa đầy (disk full: 0 B free on the file system of /srv/cong)".
// An error that is no database fault is shown as it is.
func (db *DB) Cause(err error) string {
	f, detail := db.Diagnose(err)
	if f == NoFault {
		return firstLine(err)
	}
	if detail == "" {
		detail = firstLine(err)
		if f == Unreachable && db.Dialect == Postgres {
			detail = db.Location + ": " + detail
		}
	}
	return faultWords[f] + " (" + f.String() + ": " + detail + ")"
}

// faultWords name the faults in Vietnamese.
var faultWords = map[Fault]string{
	Locked:        "cơ sở dữ liệu đang bị một thao tác ghi khác khóa",
	TimedOut:      "cơ sở dữ liệu không trả lời kịp",
	Unreachable:   "không kết nối được cơ sở dữ liệu",
	DiskFull:      "ổ đĩa đầy",
	ReadOnly:      "cơ sở dữ liệu chỉ đọc, không ghi được",
	StorageFailed: "lỗi đọc ghi ổ đĩa hoặc tệp cơ sở dữ liệu hỏng",
	Failed:        "lỗi cơ sở dữ liệu",
}

// NotFound is notFound when err says no row matched, and err itself
// otherwise: a lookup that failed (the database down, locked, out of
// disk) must not answer "there is no such thing" — a 404 that caches and
// robots would keep — but the failure, which the web answers with a 503.
func NotFound(err, notFound error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return err
}
