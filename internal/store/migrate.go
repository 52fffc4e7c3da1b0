package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered SQL file from migrations/.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations in order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNN_what.sql", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// SchemaTooNewError says the database was migrated by a newer cong. The
// portal refuses to run on it rather than guess, and never migrates down.
type SchemaTooNewError struct{ Database, Binary int }

func (e *SchemaTooNewError) Error() string {
	return fmt.Sprintf("cơ sở dữ liệu có lược đồ phiên bản %d, mới hơn phiên bản %d mà chương trình này biết: hãy chạy bản cong mới hơn (database schema is newer than this binary)", e.Database, e.Binary)
}

// Migrate applies every migration the database lacks, each in its own
// transaction, and returns how many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	// Nodes starting together on a new PostgreSQL database would race to
	// create the table (CREATE … IF NOT EXISTS is not safe against that),
	// so it is created under the same lock as the migrations.
	err = db.InTx(ctx, func(tx *Tx) error {
		if err := db.lock(ctx, tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TIMESTAMP NOT NULL)`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("tạo bảng schema_migrations: %w", err)
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	latest := ms[len(ms)-1].Version
	if current > latest {
		return 0, &SchemaTooNewError{Database: current, Binary: latest}
	}
	// Every migration not yet recorded is applied, not only those above
	// the highest: branches that land in another order than their
	// numbers (a 012 merged before a 009) still leave a database whole.
	done, err := db.appliedVersions(ctx)
	if err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		ok, err := db.apply(ctx, m)
		if err != nil {
			return applied, fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
		}
		if ok {
			applied++
		}
	}
	return applied, nil
}

// ApplyMigration runs one migration unless it is recorded already (a
// restore rebuilds a backup's schema exactly, migration by migration,
// before loading its rows). schema_migrations must exist.
func (db *DB) ApplyMigration(ctx context.Context, m Migration) error {
	_, err := db.apply(ctx, m)
	return err
}

// apply runs one migration. On PostgreSQL an advisory lock makes nodes
// that start together apply it once; the version check inside the lock
// tells a node whether another already did.
func (db *DB) apply(ctx context.Context, m Migration) (bool, error) {
	done := false
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := db.lock(ctx, tx); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, stmt := range splitStatements(db.dialectSQL(m.SQL)) {
			stmt, mine := db.forDialect(stmt)
			if !mine {
				continue
			}
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("%w\n%s", err, stmt)
			}
		}
		done = true
		_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.Version, m.Name, time.Now().UTC())
		return err
	})
	return done, err
}

// appliedVersions is the set of migrations recorded in the database.
func (db *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := db.write.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// SchemaVersion is the highest migration applied, 0 for a new database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.write.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("đọc phiên bản lược đồ: %w", err)
	}
	return v, nil
}

// LatestVersion is the newest migration this binary carries.
func LatestVersion() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// dialectSQL fills the few type words the two databases spell differently.
func (db *DB) dialectSQL(s string) string {
	id := "INTEGER PRIMARY KEY"
	if db.Dialect == Postgres {
		id = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
	}
	return strings.ReplaceAll(s, "{{id}}", id)
}

// forDialect strips a leading {{sqlite}} or {{postgres}} from a
// statement and reports whether it runs on this database: the full-text
// index is an FTS5 table on one and a tsvector column on the other.
func (db *DB) forDialect(stmt string) (string, bool) {
	for _, d := range []Dialect{SQLite, Postgres} {
		if rest, ok := strings.CutPrefix(stmt, "{{"+string(d)+"}}"); ok {
			return strings.TrimSpace(rest), d == db.Dialect
		}
	}
	return stmt, true
}

// splitStatements cuts a migration at semicolons that end a line; our
// migrations keep one statement per such semicolon (a function's body
// keeps its own semicolons within its lines: 053).
func splitStatements(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";\n") {
		var lines []string
		for _, l := range strings.Split(part, "\n") {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				lines = append(lines, l)
			}
		}
		if stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(lines, "\n")), ";"); stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// lock serialises migrations across nodes on PostgreSQL until tx ends.
// SQLite needs none: its transactions already take the write lock.
func (db *DB) lock(ctx context.Context, tx *Tx) error {
	if db.Dialect != Postgres {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7240361)")
	return err
}
