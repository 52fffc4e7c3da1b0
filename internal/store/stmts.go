package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxStmts bounds the prepared statements kept. The portal's statements
// are a few hundred; some are built with a list of placeholders or a
// number written in (a person's id), so the set is open: past the bound
// a new statement is prepared for its one use, as without the cache.
const maxStmts = 1000

// stmtCache keeps SQLite's read statements prepared. SQLite compiles a
// statement from its text at every use unless it is kept: measured on an
// article page (BenchmarkArticleUncached), parsing and planning the same
// few queries took over a third of the request's CPU. database/sql
// prepares a kept statement once per connection of the read pool and
// SQLite prepares it again by itself when the schema changes. PostgreSQL
// needs none of this: pgx keeps each connection's statements already.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// stmt returns the kept statement for query, preparing it on first use;
// nil when it cannot be kept (the cache is full, or preparing failed:
// the caller then runs the query as it is, and reports its error).
func (db *DB) stmt(ctx context.Context, query string) *sql.Stmt {
	c := &db.stmts
	c.mu.RLock()
	st := c.m[query]
	full := len(c.m) >= maxStmts
	c.mu.RUnlock()
	if st != nil || full {
		return st
	}
	st, err := db.read.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept := c.m[query]; kept != nil {
		st.Close() // prepared twice at once: keep the first
		return kept
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st
}

// closeStmts closes the kept statements, before the pool is closed.
func (db *DB) closeStmts() {
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}
