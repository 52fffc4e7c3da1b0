//go:build unix

package web

import (
	"syscall"
	"testing"
	"time"
)

// CPUPerOp reports, beside a benchmark's wall time, the CPU time the
// whole process spent per operation (every thread: the handler, SQLite,
// the garbage collector): on a machine shared with other work the wall
// time moves with the neighbours' load, the CPU time much less. Call it
// where the timer would be reset, and the function it returns when the
// loop ends.
func CPUPerOp(b *testing.B) func() {
	b.ResetTimer()
	start := cpuTime()
	return func() {
		b.StopTimer()
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

// cpuTime is the user and system time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
