package cli

import "testing"

// The operator's GOGC and GOMEMLIMIT win; unset, each gets the portal's
// default.
func TestGCSettings(t *testing.T) {
	for _, tc := range []struct {
		env     map[string]string
		percent int
		limit   int64
		what    string
	}{
		{nil, defaultGCPercent, defaultMemoryLimit, "nothing set"},
		{map[string]string{"GOGC": "100"}, 0, defaultMemoryLimit, "GOGC set"},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "2GiB"}, 0, 0, "both set"},
		{map[string]string{"GOMEMLIMIT": "300MiB"}, defaultGCPercent, 0, "GOMEMLIMIT set"},
	} {
		p, l := gcSettings(func(k string) string { return tc.env[k] })
		if p != tc.percent || l != tc.limit {
			t.Errorf("%s: got GOGC %d, limit %d; want %d, %d", tc.what, p, l, tc.percent, tc.limit)
		}
	}
}
