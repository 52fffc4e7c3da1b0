package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store/storetest"

	"github.com/congportal/cong/internal/testenv"
)

// vnuJar finds the Nu Html Checker that `npm ci` puts under the module
// root, walking up from the package directory to the go.mod. A missing
// java or jar skips the test on a developer's machine and fails it in CI.
func vnuJar(t *testing.T) (java, jar string) {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...)
		testenv.Missing(t, "%s", msg)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing("java not found (needs Java 11 or later for the Nu Html Checker): %v", err)
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			missing("no go.mod above the package directory")
		}
		dir = parent
	}
	jar = filepath.Join(dir, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		missing("Nu Html Checker not installed (run `npm ci --ignore-scripts` at the module root): %v", err)
	}
	return java, jar
}

// vnuMessage is one entry of the checker's --format json output.
type vnuMessage struct {
	Type      string `json:"type"`
	SubType   string `json:"subType"`
	URL       string `json:"url"`
	LastLine  int    `json:"lastLine"`
	FirstCol  int    `json:"firstColumn"`
	LastCol   int    `json:"lastColumn"`
	Message   string `json:"message"`
	Extract   string `json:"extract"`
	FirstLine int    `json:"firstLine"`
}

var (
	teaserLinkRE = regexp.MustCompile(`<article class="teaser">\s*<h3><a href="(/[^"]+)"`)
	legalLinkRE  = regexp.MustCompile(`href="(/van-ban/[^"/?#]+)"`)
	staffItemRE  = regexp.MustCompile(`href="(/quan-tri/s/dong-nai/noi-dung/\d+)"`)
	qaLinkRE     = regexp.MustCompile(`href="(/hoi-dap/PAKN-[0-9-]+)"`)
)

// TestHTMLValidity saves the pages people see — public pages of the main
// portal and a component site, the sign-in form, and staff pages — and
// runs the Nu Html Checker over all of them, with the static stylesheet
// and SVG images, in one JVM: zero errors (issue 4, point 8).
func TestHTMLValidity(t *testing.T) {
	java, jar := vnuJar(t)
	h := newHarness(t, storetest.SQLite(t))
	dir := t.TempDir()

	var files []string
	names := map[string]string{} // file name → path it came from
	save := func(b *browser, path string) string {
		t.Helper()
		p := b.get(path)
		if p.status != http.StatusOK {
			t.Fatalf("GET %s = %d\n%.1000s", path, p.status, p.body)
		}
		name := fmt.Sprintf("%02d-%s.html", len(files), slugForFile(path))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(p.body), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, name))
		names[name] = path
		return p.body
	}
	find := func(re *regexp.Regexp, body, what string) string {
		t.Helper()
		m := re.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link to %s found", what)
		}
		return m[1]
	}

	anon := h.browser()
	home := save(anon, "/")
	save(anon, "/en/")
	save(anon, "/chuyen-muc/tin-tuc-su-kien")
	save(anon, find(teaserLinkRE, home, "an article on the home page"))
	legal := save(anon, "/van-ban")
	save(anon, find(legalLinkRE, legal, "a legal document on /van-ban"))
	save(anon, "/so-khcn/")
	save(anon, "/so-do-trang")
	save(anon, "/to-chuc")
	save(anon, "/nguoi-phat-ngon")
	save(anon, "/dang-nhap")
	qa := save(anon, "/hoi-dap")
	save(anon, find(qaLinkRE, qa, "a published answer on /hoi-dap"))
	save(anon, "/phan-anh-kien-nghi")
	fb := feedback.NewStore(h.db, feedback.Options{Now: h.clock.Now})
	req, token, err := fb.Submit(context.Background(), feedback.Submission{SiteID: h.main.ID, Category: feedback.Other,
		Title: "Hỏi về giờ làm việc", Body: "Xin hỏi giờ làm việc của bộ phận một cửa.", Name: "Lý Văn Hợp", Address: "Trấn Biên", Phone: "0900000009"})
	if err != nil {
		t.Fatal(err)
	}
	save(anon, feedback.LinkPath(req.Code, token)+"?moi=1")
	save(anon, "/tim-kiem")
	save(anon, "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91")
	save(anon, "/tim-kiem?q=chuyen+doi+sok")
	save(anon, "/so-khcn/tim-kiem?q=khoa+hoc&pham-vi=all")

	h.person("bientap-hop-le", account.Editor, "dong-nai")
	staff := h.browser()
	staff.signIn("bientap-hop-le")
	ws := save(staff, "/quan-tri/s/dong-nai/")
	m := staffItemRE.FindStringSubmatch(ws)
	if m == nil {
		m = staffItemRE.FindStringSubmatch(staff.get("/quan-tri/s/dong-nai/noi-dung").body)
	}
	if m == nil {
		t.Fatal("no item link on the workspace or the item list")
	}
	save(staff, m[1])
	h.person("totruong-hop-le", account.TeamLead, "dong-nai")
	lead := h.browser()
	lead.signIn("totruong-hop-le")
	save(lead, "/quan-tri/s/dong-nai/kien-nghi")
	save(lead, fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d", req.ID))
	save(lead, "/quan-tri/s/dong-nai/kien-nghi/dung-han")
	save(staff, "/quan-tri/s/dong-nai/tim-kiem?q=chuyen+doi+so")

	// The stylesheet and images the pages load are checked in the same run.
	pages := len(files)
	for _, glob := range []string{"static/*.css", "static/*.svg"} {
		assets, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range assets {
			abs, err := filepath.Abs(a)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, abs)
			names[filepath.Base(abs)] = "/" + filepath.ToSlash(a)
		}
	}
	t.Logf("checking %d pages and %d static files", pages, len(files)-pages)
	for _, f := range files {
		t.Logf("  %s", names[filepath.Base(f)])
	}

	args := append([]string{"-jar", jar, "--errors-only", "--also-check-css", "--also-check-svg", "--format", "json"}, files...)
	cmd := exec.Command(java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// The checker writes its JSON report to stderr and exits 1 when it
	// finds errors; any other failure leaves no report to read.
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		t.Fatalf("running the Nu Html Checker: %v", runErr)
	}
	out := stderr.Bytes()
	if i := bytes.IndexByte(out, '{'); i >= 0 {
		out = out[i:]
	} else if i := bytes.IndexByte(stdout.Bytes(), '{'); i >= 0 {
		out = stdout.Bytes()[i:]
	}
	var report struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("reading the checker's report: %v (exit %v)\nstdout: %.2000s\nstderr: %.2000s", err, runErr, stdout.String(), stderr.String())
	}
	var errs []string
	for _, msg := range report.Messages {
		if msg.Type == "info" && msg.SubType != "" { // warnings, should --errors-only let any through
			continue
		}
		name := filepath.Base(strings.TrimPrefix(msg.URL, "file:"))
		where := name
		if path, ok := names[name]; ok {
			where = fmt.Sprintf("%s (%s)", path, name)
		}
		errs = append(errs, fmt.Sprintf("%s:%d:%d: %s: %s\n\t%s", where, msg.LastLine, msg.FirstCol, msg.Type, msg.Message, strings.ReplaceAll(msg.Extract, "\n", "⏎")))
	}
	if len(errs) > 0 {
		t.Errorf("Nu Html Checker found %d errors in %d files (pages saved in %s):\n%s", len(errs), len(files), dir, strings.Join(errs, "\n"))
	}
	if runErr != nil && len(errs) == 0 {
		t.Errorf("the checker exited with %v but reported nothing\n%s", runErr, stderr.String())
	}
}

// slugForFile turns a request path into a readable file name part.
func slugForFile(path string) string {
	s := strings.Trim(path, "/")
	if s == "" {
		return "home"
	}
	s = strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(s)
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}
