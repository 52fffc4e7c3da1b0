// Package browsertest drives the Debian Chromium of the machine through
// chromedp so that tests can look at Cổng the way a person does: with a
// real browser, a keyboard, a narrow screen, and axe-core — a third-party
// judge of WCAG 2.1 A and AA — injected into each page.
//
// Nothing here downloads anything: the browser is /usr/bin/chromium (apt
// package chromium) and axe-core comes from node_modules, installed by
// `npm ci` from the committed package-lock.json. When either is missing
// the tests are skipped, except under CI=true, where they fail.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/testenv"
)

// ChromiumPath is Debian's Chromium; no other browser is ever used.
const ChromiumPath = "/usr/bin/chromium"

// axePath is where `npm ci` puts axe-core, relative to the module root.
const axePath = "node_modules/axe-core/axe.min.js"

// Timeout bounds everything one browser does for one test function.
const Timeout = 60 * time.Second

// AxeTags are the rule sets the portal must pass: WCAG 2.0 and 2.1, A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// flags are the only switches Chromium gets: headless, no sandbox (the
// tests run as root), nothing that phones home or fetches components.
var flags = []chromedp.ExecAllocatorOption{
	chromedp.Flag("headless", true),
	chromedp.Flag("no-sandbox", true),
	chromedp.Flag("disable-gpu", true),
	chromedp.Flag("disable-quic", true),
	chromedp.Flag("no-first-run", true),
	chromedp.Flag("no-default-browser-check", true),
	chromedp.Flag("disable-background-networking", true),
	chromedp.Flag("disable-component-update", true),
	chromedp.Flag("disable-sync", true),
	chromedp.Flag("disable-dev-shm-usage", true),
	chromedp.Flag("mute-audio", true),
	chromedp.WindowSize(1280, 900),
}

// missing skips the test, or fails it under CI=true, where every judge
// must run.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	testenv.Missing(t, "%s", msg)
}

// Start launches a fresh headless Chromium with its own temporary profile
// and returns the context of its first tab. The browser is closed when the
// test ends; everything it does must finish within Timeout. Open further
// tabs with chromedp.NewContext on the returned context.
func Start(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		missing(t, "Chromium not found at %s (apt-get install chromium)", ChromiumPath)
	}
	axeSource(t) // skip before starting a browser that could not judge
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.UserDataDir(t.TempDir()),
	}, flags...)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), Timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", ChromiumPath, err)
	}
	return bctx
}

var (
	axeOnce sync.Once
	axeJS   string
	axeErr  error
)

// axeSource reads axe.min.js from node_modules, found by walking up from
// the package folder to the module root (the folder with go.mod).
func axeSource(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() { axeJS, axeErr = findAxe() })
	if axeErr != nil {
		missing(t, "%v (run `npm ci` at the module root)", axeErr)
	}
	return axeJS
}

func findAxe() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, axePath))
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return "", fmt.Errorf("%s not found under the module root %s", axePath, dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s not found: no go.mod above the test", axePath)
		}
		dir = parent
	}
}

// Violation is one failed axe rule with the elements that fail it.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []Node `json:"nodes"`
}

// Node is one element that fails a rule.
type Node struct {
	Target         []any  `json:"target"` // CSS selectors; nested arrays for frames and shadow roots
	HTML           string `json:"html"`
	FailureSummary string `json:"failureSummary"`
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s]: %s (%d element(s))", v.ID, v.Impact, v.Help, len(v.Nodes))
	for i, n := range v.Nodes {
		if i == 3 {
			fmt.Fprintf(&b, "\n      … and %d more", len(v.Nodes)-3)
			break
		}
		target, _ := json.Marshal(n.Target)
		fmt.Fprintf(&b, "\n      %s %s", target, n.HTML)
		if i == 0 && n.FailureSummary != "" {
			fmt.Fprintf(&b, "\n        %s", strings.ReplaceAll(n.FailureSummary, "\n", "\n        "))
		}
	}
	return b.String()
}

// Axe opens url in the tab of ctx (an empty url judges the page already
// open), injects axe-core, runs the WCAG 2.0/2.1 A and AA rules, and fails
// the test with one line per violation. It returns the violations.
func Axe(t testing.TB, ctx context.Context, url string) []Violation {
	t.Helper()
	src := axeSource(t)
	if url != "" {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
		if err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		if resp.Status >= 400 {
			t.Errorf("open %s: HTTP %d (pass an empty url to judge an error page opened by the test)", url, resp.Status)
		}
	}
	tags, _ := json.Marshal(AxeTags)
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary}))})))`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;true")); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	where, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", where, err)
	}
	if len(found) > 0 {
		lines := make([]string, len(found))
		for i, v := range found {
			lines[i] = "  " + v.String()
		}
		t.Errorf("axe found %d WCAG 2.1 AA violation(s) on %s:\n%s", len(found), where, strings.Join(lines, "\n"))
	}
	return found
}
