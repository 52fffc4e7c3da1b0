package backup

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestBoundMemory: a restore in a process without a memory limit runs
// under restoreMemoryLimit and leaves none behind; a limit the process
// has (cong serve's, the operator's GOMEMLIMIT) is left as it is.
func TestBoundMemory(t *testing.T) {
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	undo := boundMemory()
	if got := debug.SetMemoryLimit(-1); got != restoreMemoryLimit {
		t.Errorf("during a restore: limit %d, want %d", got, restoreMemoryLimit)
	}
	undo()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("after a restore: limit %d, want none", got)
	}
	debug.SetMemoryLimit(1 << 30)
	undo = boundMemory()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("the process's own limit became %d", got)
	}
	undo()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("after a restore: limit %d, want the process's own", got)
	}
}
