package audit_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/audit"
)

// The ways the code names the action of an audit entry.
var (
	literalRE = regexp.MustCompile(`(?:Entry\(|Action:\s*|action :?= |ApplyAction = )"([a-z0-9_.-]+)"`)
	// A step's code is recorded behind a prefix: item.STEP (workflow),
	// feedback.STEP (feedback).
	stepRE   = regexp.MustCompile(`\sAction = "([a-z]+)"`)
	recordRE = regexp.MustCompile(`record\(ctx, tx, \w+, "([a-z]+)"`)
)

// TestEveryRecordedActionIsNamed reads the portal's source for every
// action code it records and fails on one without a name for people,
// which the audit log would show as a bare code (issue 13, item 10).
func TestEveryRecordedActionIsNamed(t *testing.T) {
	found := map[string]string{}
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			src := string(b)
			for _, m := range literalRE.FindAllStringSubmatch(src, -1) {
				if (strings.Contains(m[1], ".") && !strings.HasSuffix(m[1], ".")) || m[1] == "denied" || m[1] == "logout" {
					found[m[1]] = path
				}
			}
			prefix := ""
			switch filepath.Base(filepath.Dir(path)) {
			case "workflow":
				prefix = "item."
			case "feedback":
				if filepath.Base(path) == "steps.go" {
					prefix = "feedback."
				}
			}
			if prefix != "" {
				for _, m := range append(stepRE.FindAllStringSubmatch(src, -1), recordRE.FindAllStringSubmatch(src, -1)...) {
					found[prefix+m[1]] = path
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) < 60 {
		t.Fatalf("found only %d action codes in the source: the patterns no longer match how entries are written", len(found))
	}
	for code, path := range found {
		if !audit.Known(code) {
			t.Errorf("%s records %q, which has no name in audit's catalogue", path, code)
		}
		if audit.Label(code, "vi") == code || audit.Label(code, "en") == code {
			t.Errorf("%q has no name", code)
		}
	}
	// And the catalogue names nothing that is never recorded.
	for _, code := range audit.Actions() {
		if _, ok := found[code]; !ok {
			t.Errorf("the catalogue names %q, which nothing records", code)
		}
	}
}
