package web

import (
	"testing"
	"time"
)

// FuzzO311Dates: whatever a client puts in start_date and end_date, the
// answer is a range of at most 90 days that ends after it starts, or a
// refusal; never a panic.
func FuzzO311Dates(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""}, {"2026-11-01T00:00:00Z", ""}, {"", "2026-11-01T00:00:00+07:00"},
		{"2026-11-01T00:00:00 07:00", "2026-11-20T00:00:00 07:00"}, {"hom qua", ""},
		{"2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"}, {"9999-12-31T23:59:59Z", ""},
	} {
		f.Add(s[0], s[1])
	}
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, start, end string) {
		from, to, bad := o311Dates(start, end, now)
		if bad {
			return
		}
		if !to.After(from) || to.Sub(from) > 90*24*time.Hour {
			t.Fatalf("o311Dates(%q, %q) = %v – %v", start, end, from, to)
		}
	})
}
