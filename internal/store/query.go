package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNotFound is returned by helpers and domain packages when a row that
// was asked for by key does not exist.
var ErrNotFound = errors.New("không tìm thấy")

// Querier is what a domain function needs to run SQL: a DB or a Tx.
// Queries are written with ? placeholders; they are rebound for
// PostgreSQL, so every query is written once.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// Exec runs a statement on the write connection.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	db.trace(query, args)
	return db.write.ExecContext(ctx, db.rebind(query), args...)
}

// Query runs a query on the read pool (on SQLite, as a kept prepared
// statement: see stmtCache).
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	db.trace(query, args)
	if db.Dialect == SQLite {
		if st := db.stmt(ctx, query); st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return db.read.QueryContext(ctx, db.rebind(query), args...)
}

// QueryPlanned runs a query on the read pool, planned for its arguments
// at every run. pgx otherwise prepares a statement once per connection,
// and after five runs PostgreSQL may keep one generic plan for it, made
// without the arguments' values: for a full-text search, whose best plan
// depends on how common the words are (walk the key for common ones, the
// GIN index for rare ones), a generic plan can read the whole table. On
// SQLite it is Query.
func (db *DB) QueryPlanned(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if db.Dialect != Postgres {
		return db.Query(ctx, query, args...)
	}
	db.trace(query, args)
	return db.read.QueryContext(ctx, db.rebind(query), append([]any{pgx.QueryExecModeExec}, args...)...)
}

// QueryRow runs a query that returns at most one row on the read pool.
// Statements that write and return (INSERT … RETURNING) belong in a Tx.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	db.trace(query, args)
	if db.Dialect == SQLite {
		if st := db.stmt(ctx, query); st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return db.read.QueryRowContext(ctx, db.rebind(query), args...)
}

// Tx is a transaction on the write connection.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// Dialect is the SQL engine of the transaction's database.
func (t *Tx) Dialect() Dialect { return t.db.Dialect }

// Exec runs a statement inside the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.db.trace(query, args)
	return t.tx.ExecContext(ctx, t.db.rebind(query), args...)
}

// Query runs a query inside the transaction.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.db.trace(query, args)
	return t.tx.QueryContext(ctx, t.db.rebind(query), args...)
}

// QueryRow runs a one-row query inside the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	t.db.trace(query, args)
	return t.tx.QueryRowContext(ctx, t.db.rebind(query), args...)
}

// InTx runs fn in a transaction, committing when fn returns nil and
// rolling back otherwise. Domain packages expose methods that own their
// transaction and call private helpers taking a Querier, so several steps
// compose in one transaction.
//
// It commits only while ctx is alive: a request whose deadline passed or
// whose client left is told it failed (or hears nothing), so nothing of
// it may be stored. Once begun, the COMMIT is not cut short by ctx: on
// PostgreSQL a COMMIT cancelled half-way may still take effect on the
// server while the caller hears it failed. It is abandoned only
// commitGrace after ctx ended (a server that stopped answering).
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, release, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer release()
	if err := fn(&Tx{tx: sqlTx, db: db}); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := ctx.Err(); err != nil {
		sqlTx.Rollback()
		return err
	}
	return sqlTx.Commit()
}

// commitGrace is how long a COMMIT already sent may go on after its
// context ended; web keeps more than this between a request's deadline
// and the server's write timeout, so the answer still reaches the client.
const commitGrace = 5 * time.Second

// begin starts a transaction on the write connection. SQLite's COMMIT
// has a local, certain outcome, and BEGIN IMMEDIATE must stop waiting for
// another process's lock when ctx ends, so it runs under ctx. On
// PostgreSQL the connection is taken under ctx but the transaction runs
// under a context of its own, cancelled commitGrace after ctx ends; its
// statements still run under the ctx each is given.
func (db *DB) begin(ctx context.Context) (*sql.Tx, func(), error) {
	if db.Dialect != Postgres {
		tx, err := db.write.BeginTx(ctx, nil)
		return tx, func() {}, err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	txCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(commitGrace, cancel) })
	tx, err := conn.BeginTx(txCtx, nil)
	release := func() {
		stop()
		conn.Close()
		cancel()
	}
	if err != nil {
		release()
		return nil, nil, err
	}
	return tx, release, nil
}

var rebound sync.Map // query → PostgreSQL form

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Question marks
// inside quoted literals are left alone.
func (db *DB) rebind(query string) string {
	if db.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	q := Rebind(query)
	rebound.Store(query, q)
	return q
}

// Rebind rewrites ? placeholders as PostgreSQL's numbered ones.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a uniqueness conflict on either
// database, so callers can answer "already exists" instead of failing.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Placeholders is n "?" separated by commas, for an IN (…) list.
func Placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// InIDs is the condition that col is one of ids, with its arguments. On
// PostgreSQL it is one statement text whatever the number of ids
// (col = ANY(?) over an array): pgx prepares each text once per
// connection, and a list of n placeholders is a new text for each n —
// preparing a search's 80 to 200 candidates' list took longer than
// reading them (bench/search -phases). SQLite, which prepares every
// statement anyway unless kept, keeps the list.
func (db *DB) InIDs(col string, ids []int64) (string, []any) {
	if db.Dialect == Postgres {
		return col + " = ANY(?)", []any{ids}
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return col + " IN (" + Placeholders(len(ids)) + ")", args
}
