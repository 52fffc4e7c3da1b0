// Package storetest gives tests a real, migrated, empty database on each
// backend the portal supports: a SQLite file in a temporary folder and a
// fresh PostgreSQL database created for the test and dropped after it,
// each a copy of one migrated once (template.go).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"

	"github.com/congportal/cong/internal/testenv"
)

// DefaultPostgres is the server this machine kind runs; CONG_TEST_POSTGRES
// overrides it.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Backends runs fn once per database as a subtest named "sqlite" or
// "postgres". When PostgreSQL cannot be reached the subtest is skipped,
// except under CI=true, where it fails: CI must prove both backends.
func Backends(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated SQLite database in t.TempDir(): a copy of one
// migrated once (template.go), migrated again (a no-op).
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	dir := t.TempDir()
	// A template removed since it was made (a cleaned temporary folder):
	// the database is then migrated from nothing, as before templates.
	if err := copySQLiteTemplate(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the migrated SQLite template: %v", err)
	}
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db)
	return db
}

// Postgres creates a migrated database with a random name on the test
// server (a copy of one migrated once, template.go, migrated again: a
// no-op), and drops it when the test ends.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	url := newDatabase(t, func(conn *sql.DB, name string) { createFromTemplate(t, conn, name) })
	db, err := store.Open(context.Background(), url, "")
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db)
	return db
}

// PostgresURL creates an empty database for the test and returns its URL.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, func(conn *sql.DB, name string) {
		if _, err := conn.Exec("CREATE DATABASE " + name); err != nil {
			t.Fatalf("create database: %v", err)
		}
	})
}

// newDatabase makes a database with a random name on the test server
// (create makes it), drops it when the test ends, and returns its URL.
func newDatabase(t testing.TB, create func(conn *sql.DB, name string)) string {
	t.Helper()
	admin := adminURL()
	conn, err := sql.Open("pgx", admin)
	if err == nil {
		err = conn.Ping()
	}
	if err != nil {
		testenv.Missing(t, "PostgreSQL unreachable (%v); set CONG_TEST_POSTGRES", err)
	}
	name := "cong_t_" + randomHex(6)
	t.Cleanup(func() {
		conn.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		conn.Close()
	})
	create(conn, name)
	return replaceDBName(admin, name)
}

func migrate(t testing.TB, db *store.DB) {
	t.Helper()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", db.Dialect, err)
	}
}

// replaceDBName swaps the database path of a postgres:// URL.
func replaceDBName(url, name string) string {
	rest := url[strings.Index(url, "://")+3:]
	slash := strings.Index(rest, "/")
	query := ""
	if q := strings.Index(url, "?"); q >= 0 {
		query = url[q:]
	}
	prefix := url[:len(url)-len(rest)]
	if slash < 0 {
		host := strings.SplitN(rest, "?", 2)[0]
		return prefix + host + "/" + name + query
	}
	return prefix + rest[:slash] + "/" + name + query
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
