package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/congportal/cong/internal/store"
)

// A test's database is a copy of one migrated once: running the 50-odd
// migrations took 1.3–2 s a PostgreSQL database and 0.15–0.2 s a SQLite
// file, for each of the few hundred databases a full test run makes (the
// web package alone made one for most of its tests on each backend). The
// migrations still run, once per set of migrations on each machine, and
// every copy is then migrated again (a no-op that checks it is current).
// A changed migration changes the set's name, so no test ever gets a
// database from other migrations.

// migrationsKey names the current set of migrations: a hash of their
// versions, names and text.
var migrationsKey = sync.OnceValues(func() (string, error) {
	ms, err := store.Migrations()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d %s %d\n%s\n", m.Version, m.Name, len(m.SQL), m.SQL)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
})

// sqliteTemplate returns the path of a migrated SQLite file for the
// current migrations, made once a machine in the temporary folder
// (written under another name and renamed, so that a test process never
// copies one half made by another).
var sqliteTemplate = sync.OnceValues(func() (string, error) {
	key, err := migrationsKey()
	if err != nil {
		return "", err
	}
	path := filepath.Join(os.TempDir(), "cong-test-"+key+".db")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	dir, err := os.MkdirTemp("", "cong-test-template-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(context.Background())
	// Closing the last connection checkpoints the write-ahead log into
	// the file: cong.db alone is then the whole database.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("migrate the SQLite template: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(filepath.Join(dir, "cong.db"+suffix)); err == nil {
			return "", fmt.Errorf("the SQLite template kept its cong.db%s after closing", suffix)
		}
	}
	if err := os.Rename(filepath.Join(dir, "cong.db"), path); err != nil {
		return "", err
	}
	return path, nil
})

// copySQLiteTemplate puts a copy of the migrated SQLite file in dir as
// the portal's cong.db.
func copySQLiteTemplate(dir string) error {
	src, err := sqliteTemplate()
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(filepath.Join(dir, "cong.db"))
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// templateLock is the advisory lock (on the admin database) under which
// one test process at a time looks for the PostgreSQL template and makes
// it when it is missing.
const templateLock = 0x636f6e67 // "cong"

// postgresTemplate returns the name of a migrated PostgreSQL database for
// the current migrations on the server of admin, made when missing: built
// under a temporary name, then renamed and closed to connections, so that
// it is copied only whole and nobody is connected to it when it is
// (CREATE DATABASE … TEMPLATE refuses a template in use).
var postgresTemplate = sync.OnceValues(func() (string, error) {
	key, err := migrationsKey()
	if err != nil {
		return "", err
	}
	name := "cong_tpl_" + key
	admin := adminURL()
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	ctx := context.Background()
	c, err := conn.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock($1)", templateLock); err != nil {
		return "", err
	}
	defer c.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", templateLock)
	var exists bool
	if err := c.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// A template half built by a process that died holding the lock.
	build := "cong_tplbuild_" + key
	if _, err := c.ExecContext(ctx, "DROP DATABASE IF EXISTS "+build+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := c.ExecContext(ctx, "CREATE DATABASE "+build); err != nil {
		return "", err
	}
	db, err := store.Open(ctx, replaceDBName(admin, build), "")
	if err != nil {
		return "", err
	}
	_, err = db.Migrate(ctx)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("migrate the PostgreSQL template: %w", err)
	}
	for _, stmt := range []string{
		"ALTER DATABASE " + build + " RENAME TO " + name,
		"ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
	} {
		if _, err := c.ExecContext(ctx, stmt); err != nil {
			return "", err
		}
	}
	return name, nil
})

// adminURL is the database tests connect to in order to create theirs.
func adminURL() string {
	if u := os.Getenv("CONG_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgres
}

// createFromTemplate creates the database name as a copy of the migrated
// template. A copy is refused while a session is connected to the
// template, which only its maker ever is, for a moment; the copy is then
// tried again.
func createFromTemplate(t testing.TB, conn *sql.DB, name string) {
	t.Helper()
	tpl, err := postgresTemplate()
	if err != nil {
		t.Fatalf("the migrated PostgreSQL template: %v", err)
	}
	for try := 1; ; try++ {
		_, err = conn.Exec("CREATE DATABASE " + name + " TEMPLATE " + tpl)
		var pgErr *pgconn.PgError
		if err == nil || try == 20 || !errors.As(err, &pgErr) || pgErr.Code != "55006" { // object_in_use
			break
		}
		time.Sleep(time.Duration(try) * 50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("create database %s from %s: %v", name, tpl, err)
	}
}
