package search

import (
	"log/slog"
	"time"

	"github.com/congportal/cong/internal/store"
)

// Stepwise has ix run Search's statements one by one on PostgreSQL too
// (on for the duration of the test that compares the two ways).
func Stepwise(ix *Index, on bool) { ix.stepwise = on }

// ExactCount has ix's statements count the matches up to 1,001 always,
// as the mirror does, instead of taking the planner's estimate.
func ExactCount(ix *Index) {
	if pg, ok := ix.be.(postgresBackend); ok {
		pg.exact = true
		ix.be = pg
	}
}

// MirrorAnswers is how many searches ix answered from the words in memory.
func MirrorAnswers(ix *Index) int64 {
	if ix.mirror == nil {
		return 0
	}
	return ix.mirror.answered.Load()
}

// ClearChanges clears the index's changes older than keep, as each node
// does every minute.
func ClearChanges(db *store.DB, keep time.Duration) { clearChanges(db, slog.Default(), keep) }
