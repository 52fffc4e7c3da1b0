package store

import (
	"sync"
	"sync/atomic"
)

// traces holds the tracers set with Trace, by database. A statement costs
// one atomic load while none is set, which is always outside tests.
var traces struct {
	n  atomic.Int32
	mu sync.RWMutex
	fn map[*DB]func(query string, args []any)
}

// Trace tells fn every statement run on db or in one of its transactions,
// as written (with ? placeholders) and with its arguments, before it runs,
// until the returned stop is called. It is for tests: the plan guard
// (internal/web) records what the pages run and explains each statement
// on a large data set. fn may be called from several goroutines at once.
func (db *DB) Trace(fn func(query string, args []any)) (stop func()) {
	traces.mu.Lock()
	if traces.fn == nil {
		traces.fn = map[*DB]func(string, []any){}
	}
	traces.fn[db] = fn
	traces.n.Add(1)
	traces.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			traces.mu.Lock()
			delete(traces.fn, db)
			traces.n.Add(-1)
			traces.mu.Unlock()
		})
	}
}

// trace tells db's tracer, if any, about a statement.
func (db *DB) trace(query string, args []any) {
	if traces.n.Load() == 0 {
		return
	}
	traces.mu.RLock()
	fn := traces.fn[db]
	traces.mu.RUnlock()
	if fn != nil {
		fn(query, args)
	}
}
