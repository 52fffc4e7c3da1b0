package main

import (
	"strings"
	"testing"
)

// TestReport: a run with a pass, a failure and two skips prints the
// failing test's output and counts the skips with their reasons.
func TestReport(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"start","Package":"p/a"}`,
		`{"Action":"run","Package":"p/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"p/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"pass","Package":"p/a","Test":"TestOK","Elapsed":0.1}`,
		`{"Action":"run","Package":"p/a","Test":"TestBad"}`,
		`{"Action":"output","Package":"p/a","Test":"TestBad","Output":"    a_test.go:9: want 2, got 3\n"}`,
		`{"Action":"output","Package":"p/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}`,
		`{"Action":"fail","Package":"p/a","Test":"TestBad","Elapsed":0}`,
		`{"Action":"fail","Package":"p/a","Elapsed":0.5}`,
		`{"Action":"run","Package":"p/b","Test":"TestBrowser"}`,
		`{"Action":"output","Package":"p/b","Test":"TestBrowser","Output":"=== RUN   TestBrowser\n"}`,
		`{"Action":"output","Package":"p/b","Test":"TestBrowser","Output":"    b_test.go:20: chromium is missing (skipped outside CI; under CI=true this fails)\n"}`,
		`{"Action":"output","Package":"p/b","Test":"TestBrowser","Output":"--- SKIP: TestBrowser (0.00s)\n"}`,
		`{"Action":"skip","Package":"p/b","Test":"TestBrowser"}`,
		`{"Action":"output","Package":"p/b","Test":"TestAxe","Output":"    b_test.go:30: chromium is missing (skipped outside CI; under CI=true this fails)\n"}`,
		`{"Action":"skip","Package":"p/b","Test":"TestAxe"}`,
		`{"Action":"pass","Package":"p/b","Elapsed":0.2}`,
		`{"Action":"skip","Package":"p/c"}`,
		`not json: a message of go itself`,
	}, "\n")
	var out strings.Builder
	failed, skips, err := report(strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !failed || len(skips) != 2 {
		t.Errorf("failed %v, %d skips; want true, 2", failed, len(skips))
	}
	for _, want := range []string{"a_test.go:9: want 2, got 3", "FAIL\tp/a\t0.500s", "ok  \tp/b\t0.200s", "?   \tp/c\t[no test files]",
		"not json: a message of go itself", "2 tests were SKIPPED", "2: chromium is missing", "p/b TestBrowser", "p/b TestAxe"} {
		if !strings.Contains(got, want) {
			t.Errorf("the report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestOK") {
		t.Errorf("a passing test's output is printed:\n%s", got)
	}
}

// TestReportClean: a run without skips says so.
func TestReportClean(t *testing.T) {
	var out strings.Builder
	failed, skips, err := report(strings.NewReader(`{"Action":"pass","Package":"p/a","Elapsed":1}`+"\n"), &out)
	if err != nil || failed || len(skips) != 0 || !strings.Contains(out.String(), "no test was skipped") {
		t.Errorf("%v %v %v %q", err, failed, skips, out.String())
	}
}
