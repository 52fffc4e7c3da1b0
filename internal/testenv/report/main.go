// Command report reads `go test -json` on its input and prints what
// `go test` prints — a line per package, the output of every test that
// failed, build errors — and then counts the tests that were skipped, each
// with its reason: a test that skips is a test that did not run, and a
// run that says only "ok" hides them. It exits 1 when a test or a build
// failed, and, under CI=true, when any test was skipped.
//
//	go test -json ./... | go run ./internal/testenv/report
//
// .ci/test runs it so (the README's test command).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// event is a line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail
	Test       string
	Output     string
	Elapsed    float64
}

// skip is a test that did not run, and why.
type skip struct{ pkg, test, why string }

func main() {
	failed, skips, err := report(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if failed || (len(skips) > 0 && os.Getenv("CI") == "true") {
		os.Exit(1)
	}
}

// report prints the run read from in, and says whether anything failed
// and which tests skipped.
func report(in io.Reader, out io.Writer) (failed bool, skips []skip, err error) {
	output := map[string][]string{} // by package and test: what it printed so far
	key := func(e event) string { return e.Package + "\x00" + e.Test }
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if json.Unmarshal(line, &e) != nil || e.Action == "" {
			fmt.Fprintln(out, string(line)) // not an event: go's own message
			continue
		}
		switch e.Action {
		case "build-output":
			fmt.Fprint(out, e.Output)
		case "build-fail":
			failed = true
		case "output":
			output[key(e)] = append(output[key(e)], e.Output)
		case "fail":
			failed = true
			if e.Test != "" {
				for _, l := range output[key(e)] {
					fmt.Fprint(out, l)
				}
			} else {
				for _, l := range output[key(e)] {
					if !strings.HasPrefix(l, "=== ") {
						fmt.Fprint(out, l)
					}
				}
				fmt.Fprintf(out, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
		case "pass":
			if e.Test == "" {
				fmt.Fprintf(out, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
			}
		case "skip":
			if e.Test == "" {
				fmt.Fprintf(out, "?   \t%s\t[no test files]\n", e.Package)
				break
			}
			skips = append(skips, skip{e.Package, e.Test, reason(output[key(e)])})
		}
		if e.Test != "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip") {
			delete(output, key(e))
		}
	}
	if err := sc.Err(); err != nil {
		return failed, skips, err
	}
	summary(out, skips)
	return failed, skips, nil
}

// reason is the message a skipped test printed: the lines between its
// "=== RUN" and its "--- SKIP", without the file and line.
func reason(lines []string) string {
	var why []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		if _, rest, ok := strings.Cut(t, ".go:"); ok {
			if _, msg, ok := strings.Cut(rest, ": "); ok {
				t = msg
			}
		}
		why = append(why, t)
	}
	return strings.Join(why, " ")
}

// summary counts the skipped tests, grouped by reason.
func summary(out io.Writer, skips []skip) {
	if len(skips) == 0 {
		fmt.Fprintln(out, "no test was skipped")
		return
	}
	byWhy := map[string][]string{}
	for _, s := range skips {
		byWhy[s.why] = append(byWhy[s.why], strings.TrimPrefix(s.pkg, "github.com/congportal/cong/")+" "+s.test)
	}
	whys := make([]string, 0, len(byWhy))
	for w := range byWhy {
		whys = append(whys, w)
	}
	sort.Strings(whys)
	fmt.Fprintf(out, "\n%d tests were SKIPPED — they did not run:\n", len(skips))
	for _, w := range whys {
		tests := byWhy[w]
		fmt.Fprintf(out, "  %d: %s\n", len(tests), w)
		for i, t := range tests {
			if i == 5 {
				fmt.Fprintf(out, "      … and %d more\n", len(tests)-5)
				break
			}
			fmt.Fprintf(out, "      %s\n", t)
		}
	}
	fmt.Fprintln(out, "Install what they name (.ci/setup does) and run again; under CI=true a skip fails the run.")
}
