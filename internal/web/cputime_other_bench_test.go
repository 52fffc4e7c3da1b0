//go:build !unix

package web

import "testing"

// CPUPerOp resets the timer; the CPU time is read only on Unix (see
// cputime_bench_test.go).
func CPUPerOp(b *testing.B) func() {
	b.ResetTimer()
	return func() {}
}
