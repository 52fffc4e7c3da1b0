package cli

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// The /metrics token comes from --metrics-token-file, or else from
// CONG_METRICS_TOKEN; a short or spaced one is refused rather than
// protecting the series with something guessable.
func TestReadMetricsToken(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	good := write("good", "3f1c9a7be04d25e8a6b1c7d9\n")
	short := write("short", "abc123\n")
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "CONG_METRICS_TOKEN" {
				return v
			}
			return ""
		}
	}
	tests := []struct {
		name, file, env, want string
		usage                 bool
	}{
		{"neither", "", "", "", false},
		{"file", good, "", "3f1c9a7be04d25e8a6b1c7d9", false},
		{"file wins over the environment", good, "an-other-token-from-env", "3f1c9a7be04d25e8a6b1c7d9", false},
		{"environment", "", " an-other-token-from-env ", "an-other-token-from-env", false},
		{"short file", short, "", "", true},
		{"short environment", "", "abc", "", true},
		{"spaces", "", "an other token from env", "", true},
		{"blank environment", "", "   ", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readMetricsToken(tt.file, env(tt.env))
			var usage *usageError
			if got != tt.want || errors.As(err, &usage) != tt.usage || (err != nil) != tt.usage {
				t.Errorf("readMetricsToken = %q, %v; want %q, usage error %v", got, err, tt.want, tt.usage)
			}
		})
	}
	if _, err := readMetricsToken(filepath.Join(dir, "missing"), env("")); err == nil {
		t.Error("a missing token file was accepted")
	}
}
