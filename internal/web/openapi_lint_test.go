package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/testenv"
)

// TestOpenAPILint lints the public API's OpenAPI document
// (/api/v1/openapi.json) with Redocly CLI's recommended rules, the judge
// ../shared/TESTING.md names, installed by `npm ci` (package.json). Any
// problem fails the test, warnings as well as errors: redocly exits 1
// only on errors, so its JSON report is read instead of its exit code.
// It runs from the repository root, so that .redocly.lint-ignore.yaml
// there applies: the few places where a rule is wrong for a truthful
// document, each with its reason.
func TestOpenAPILint(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	redocly := filepath.Join(root, "node_modules", ".bin", "redocly")
	if _, err := os.Stat(redocly); err != nil {
		testenv.Missing(t, "Redocly CLI is missing (run npm ci --ignore-scripts at the repository root): %v", err)
	}
	if _, err := exec.LookPath("node"); err != nil {
		testenv.Missing(t, "node not found, which Redocly CLI runs on: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, redocly, "lint", "--extends", "recommended", "--format", "json",
		filepath.Join("internal", "web", "openapi.json"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()

	var report struct {
		Totals struct {
			Errors   int `json:"errors"`
			Warnings int `json:"warnings"`
			Ignored  int `json:"ignored"`
		} `json:"totals"`
		Version  string `json:"version"`
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location []struct {
				Pointer string `json:"pointer"`
				Start   struct {
					Line int `json:"line"`
					Col  int `json:"col"`
				} `json:"start"`
			} `json:"location"`
		} `json:"problems"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("redocly lint did not write its JSON report (%v; exit: %v):\n%s\n%s", err, runErr, stdout.String(), stderr.String())
	}
	if report.Totals.Errors+report.Totals.Warnings == 0 && len(report.Problems) == 0 && runErr == nil {
		t.Logf("redocly %s: no problems; %d ignored by .redocly.lint-ignore.yaml", report.Version, report.Totals.Ignored)
		return
	}
	var lines []string
	for _, p := range report.Problems {
		at := ""
		for _, l := range p.Location {
			at += fmt.Sprintf(" %d:%d %s", l.Start.Line, l.Start.Col, l.Pointer)
		}
		lines = append(lines, fmt.Sprintf("  %s %s%s: %s", p.Severity, p.RuleID, at, p.Message))
	}
	t.Errorf("redocly %s lint --extends recommended internal/web/openapi.json: %d errors, %d warnings (exit: %v):\n%s",
		report.Version, report.Totals.Errors, report.Totals.Warnings, runErr, strings.Join(lines, "\n"))
	if len(lines) == 0 {
		t.Logf("redocly's output:\n%s\n%s", stdout.String(), stderr.String())
	}
}

// TestOpenAPIOperationIDs checks that every operation of the OpenAPI
// document has an operationId, and that no two share one: clients
// generated from the document name their methods by them.
func TestOpenAPIOperationIDs(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	methods := map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true,
		"head": true, "patch": true, "trace": true}
	seen := map[string]string{}
	var names []string
	for path, item := range doc.Paths {
		for method, raw := range item {
			if !methods[method] {
				continue // parameters, summary, servers…
			}
			var op struct {
				OperationID string `json:"operationId"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Errorf("%s %s: %v", strings.ToUpper(method), path, err)
				continue
			}
			where := strings.ToUpper(method) + " " + path
			switch id := strings.TrimSpace(op.OperationID); {
			case id == "":
				t.Errorf("%s has no operationId", where)
			case seen[id] != "":
				t.Errorf("%s and %s share the operationId %q", seen[id], where, id)
			default:
				seen[id] = where
				names = append(names, id)
			}
		}
	}
	if len(names) == 0 {
		t.Fatal("openapi.json has no operations")
	}
	sort.Strings(names)
	t.Logf("%d operations: %s", len(names), strings.Join(names, ", "))
}
