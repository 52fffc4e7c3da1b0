// Package store opens the portal's database — embedded SQLite in the data
// folder or a PostgreSQL server — applies the migrations, and hides the few
// differences between the two dialects behind small helpers, so that the
// domain packages write their SQL once.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver too
	_ "modernc.org/sqlite"           // registers the "sqlite" driver
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The two engines the portal runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the portal's database. Reads go to a pool; writes on SQLite go
// through a single connection so that writers queue in Go rather than
// failing with SQLITE_BUSY. On PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	url     string    // PostgreSQL: for the dedicated LISTEN connection
	stmts   stmtCache // SQLite: the read statements, kept prepared
	// Location is a human description of where the data lives, safe to
	// log (a PostgreSQL URL with its password removed, or a file path).
	Location string
}

// Open connects to the database named by url, or to SQLite in dataDir
// when url is empty. It checks that the database answers but does not
// migrate: call Migrate for that.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	switch {
	case url == "" || strings.HasPrefix(url, "sqlite:") || strings.HasPrefix(url, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			if err := writableDir(dataDir); err != nil {
				return nil, err
			}
			path = filepath.Join(dataDir, "cong.db")
		}
		return openSQLite(ctx, path)
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	default:
		return nil, fmt.Errorf("địa chỉ cơ sở dữ liệu không hợp lệ %q: dùng postgres://… hoặc sqlite:ĐƯỜNG_DẪN (invalid database URL)", redact(url))
	}
}

// writableDir makes sure dir exists and that the portal can write in it,
// so that a wrong --data fails at start with one clear line.
func writableDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("không tạo được thư mục dữ liệu %s: %v (cannot create data folder)", dir, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, ".cong-write-test-*")
	if err != nil {
		return fmt.Errorf("không ghi được vào thư mục dữ liệu %s (data folder is not writable)", dir)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// BusyTimeout is how long a SQLite statement waits for another
// process's write lock before failing with SQLITE_BUSY. The driver ends
// the wait sooner when the statement's context ends, so a request waits
// no longer than its deadline; web keeps its deadlines longer than this,
// so that a lock held too long is reported as a lock, not as slowness.
const BusyTimeout = 5 * time.Second

func openSQLite(ctx context.Context, path string) (*DB, error) {
	// The pragmas are set per connection through the DSN so every pooled
	// connection gets them: WAL lets readers run beside the writer,
	// busy_timeout makes a locked database wait instead of failing.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(" + strconv.Itoa(int(BusyTimeout.Milliseconds())) + ")" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("mở SQLite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", dsn)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("mở SQLite %s: %w", path, err)
	}
	read.SetMaxOpenConns(8)
	db := &DB{Dialect: SQLite, read: read, write: write, Location: path}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("không mở được cơ sở dữ liệu SQLite %s: %s", path, db.Cause(err))
	}
	// The file holds password hashes and second-factor secrets: readable
	// by the portal's own user only.
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			if why := readOnly(f); why != "" {
				return nil, fmt.Errorf("cơ sở dữ liệu SQLite %s chỉ đọc, không ghi được (the database is read-only: %s)", path, why)
			}
			return nil, fmt.Errorf("không đặt được quyền 0600 cho %s (the database file must be readable by this user only): %w", f, err)
		}
	}
	return db, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ PostgreSQL không hợp lệ %s: %v", redact(url), firstLine(err))
	}
	// No JIT compilation, unless the URL asks for it: PostgreSQL compiles
	// a statement whose estimated cost passes jit_above_cost, and the
	// search's one statement, whose cost counts every group though most
	// never run, took 40–58 ms to compile at a million documents for a
	// few milliseconds of work (docs/search.md). The portal's statements
	// are short; its reports read a period, not the whole database.
	if _, set := cfg.RuntimeParams["jit"]; !set {
		cfg.RuntimeParams["jit"] = "off"
	}
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{Dialect: Postgres, read: pool, write: pool, Location: redact(url), url: url}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("không kết nối được PostgreSQL %s (cannot connect): %v", redact(url), firstLine(err))
	}
	return db, nil
}

// Ping reports whether the database answers; /readyz uses it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	_, err := db.read.ExecContext(ctx, "SELECT 1")
	return err
}

// Close releases both pools.
func (db *DB) Close() error {
	db.closeStmts()
	err := db.read.Close()
	if db.write != db.read {
		if werr := db.write.Close(); err == nil {
			err = werr
		}
	}
	return err
}

// redact removes the password from a database URL so it can be shown,
// whether it is in the user part or a password= parameter.
func redact(url string) string {
	if i := strings.Index(url, "password="); i >= 0 {
		end := strings.IndexByte(url[i:], '&')
		if end < 0 {
			end = len(url) - i
		}
		url = url[:i] + "password=***" + url[i+end:]
	}
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	userinfo := url[scheme+3 : at]
	if colon := strings.Index(userinfo, ":"); colon >= 0 {
		return url[:scheme+3] + userinfo[:colon] + ":***" + url[at:]
	}
	return url
}

// firstLine keeps an error on one line for the operator, without the
// URL the driver repeats (it may hold a password).
func firstLine(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if i := strings.Index(s, "failed to connect to "); i >= 0 {
		s = s[i+len("failed to connect to "):]
	}
	return s
}
