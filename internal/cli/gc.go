package cli

import (
	"runtime/debug"
)

// The garbage collector's defaults suit a program whose live heap is
// small against its allocation rate; a portal node is the opposite. Its
// live heap (templates, site routing, the page cache's index, the
// database driver) is a few megabytes, and every request allocates a
// few kilobytes inside net/http, so with GOGC=100 the collector runs
// about 15 times a second under load and marks the whole live heap each
// time: about 3 µs of CPU per cached page, a tenth of what serving it
// costs (measured with GODEBUG=gctrace=1, see docs/performance.md).
//
// Letting the heap grow to five times its live size (GOGC=400) makes the
// collector run a seventh as often, for about 30 MB more memory. The soft
// memory limit keeps the price bounded when the live heap is large (a
// big import, a photo being resized): near the limit the collector runs
// as often as it must, whatever GOGC says.
const (
	defaultGCPercent   = 400
	defaultMemoryLimit = 1 << 30 // bytes
)

// gcSettings decides the collector's settings: the operator's GOGC and
// GOMEMLIMIT, when set, are Go's own and win; each that is not set gets
// the portal's default. A zero means "leave it as the runtime has it".
func gcSettings(getenv func(string) string) (percent int, limit int64) {
	if getenv("GOGC") == "" {
		percent = defaultGCPercent
	}
	if getenv("GOMEMLIMIT") == "" {
		limit = defaultMemoryLimit
	}
	return percent, limit
}

// tuneGC applies gcSettings to this process.
func tuneGC(getenv func(string) string) {
	percent, limit := gcSettings(getenv)
	if percent != 0 {
		debug.SetGCPercent(percent)
	}
	if limit != 0 {
		debug.SetMemoryLimit(limit)
	}
}
