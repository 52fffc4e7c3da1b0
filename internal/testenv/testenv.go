// Package testenv is the one place a test may be skipped. A test that
// skips is a test that did not run, so a skip is allowed only for a
// missing part of the machine (a browser, PostgreSQL, mailpit, ../shared)
// and only outside CI: under CI=true, where .ci/run installs every part,
// the same call fails the test. TestNoUndeclaredSkips keeps every other
// skip out of the repository.
package testenv

import (
	"fmt"
	"os"
	"testing"
)

// Missing reports a part of the machine the test needs and does not
// have: it skips the test, or fails it under CI=true.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true: every test must run; .ci/run installs what it needs)", msg)
	}
	t.Skip(msg + " (skipped outside CI; under CI=true this fails)")
}
