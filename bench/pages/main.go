// Command pages measures how long every kind of page takes to answer
// without the page cache (issue 12, point 1): the home pages of the main
// portal and of a component site, a category and one of its later pages,
// feeds, sitemaps, the legal documents with filters and a later page, a
// law, an article, search, Q&A, the directory, and the staff pages — the
// dashboard, the work queue, the item list with a title filter and a
// later page, an item, the feedback lists and the audit log.
//
//	go run ./bench/pages -base http://127.0.0.1:8080 -logins DATA/demo-logins.txt
//	go run ./bench/pages -base http://127.0.0.1:8080 -login bientap:PASS -audit-login giamsat:PASS -md
//
// Every request is made signed in, so the portal renders it afresh: staff
// bypass the page cache (the answer says X-Cache: BYPASS, which the table
// checks). The editor (`bientap` of the demo, no second factor) reads the
// public and editorial pages; the audit log needs the overseer
// (`giamsat`). With -anon the public pages are asked anonymously
// instead: only the first request of each after the portal starts is a
// miss, which the X-Cache column shows.
//
// Each page is asked once in a first pass, in the order of the table, and
// again in -rounds - 1 later passes; the table gives the first answer and
// the median of all, and under it the median over the page kinds and
// the slowest. A page whose first answer takes longer than -slow is not
// asked again. A request gets -timeout (120 s) before it counts as
// unanswered: the portal's own write timeout (60 s) ends a slower answer
// with a closed connection, shown as "closed".
//
// Links the table needs (an article, a law, a question, an item, a
// request) are taken from the pages before them in the same pass, so
// nothing is asked that the table does not show.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/congportal/cong/bench/internal/machine"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "pages:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	base, login, auditLogin, logins string
	component, category, site       string
	query, itemQuery                string
	laterPage, legalPage            int
	rounds                          int
	timeout, slow                   time.Duration
	anon, markdown                  bool
	only, jsonOut                   string
}

func run() error {
	var o options
	flag.StringVar(&o.base, "base", "http://127.0.0.1:8080", "the running portal")
	flag.StringVar(&o.login, "login", "", "USER:PASSWORD of a staff member without a second factor (the demo's bientap)")
	flag.StringVar(&o.auditLogin, "audit-login", "", "USER:PASSWORD of someone who may read the audit log (the demo's giamsat)")
	flag.StringVar(&o.logins, "logins", "", "DATA/demo-logins.txt: takes bientap and giamsat from it")
	flag.StringVar(&o.component, "component", "so-khcn", "path prefix (without /) of the component site measured")
	flag.StringVar(&o.category, "category", "tin-tuc-su-kien", "slug of the main portal's category measured")
	flag.StringVar(&o.site, "site", "dong-nai", "code of the site whose staff pages are measured")
	flag.StringVar(&o.query, "q", "chuyển đổi số", "words searched")
	flag.StringVar(&o.itemQuery, "item-q", "Cư trú", "title filter of the staff item list")
	flag.IntVar(&o.laterPage, "later", 50, "the later page of lists (category, staff items)")
	flag.IntVar(&o.legalPage, "legal-later", 10, "the later page of the legal documents")
	flag.IntVar(&o.rounds, "rounds", 3, "passes over the pages; the table shows the first answer and the median")
	flag.DurationVar(&o.timeout, "timeout", 120*time.Second, "how long one request may take")
	flag.DurationVar(&o.slow, "slow", 5*time.Second, "a page whose first answer takes longer is not asked again")
	flag.BoolVar(&o.anon, "anon", false, "ask the public pages anonymously (uncached only on their first request after a start)")
	flag.BoolVar(&o.markdown, "md", false, "print the table in Markdown")
	flag.StringVar(&o.only, "only", "", "measure only the pages whose name matches this regular expression")
	flag.StringVar(&o.jsonOut, "json", "", "also write the results to this file as JSON (to put runs side by side)")
	flag.Parse()
	if o.logins != "" {
		if err := readLogins(&o); err != nil {
			return err
		}
	}
	if o.login == "" {
		return errors.New("give -login USER:PASSWORD or -logins DATA/demo-logins.txt")
	}
	o.base = strings.TrimSuffix(o.base, "/")
	editor, err := signIn(o, o.login)
	if err != nil {
		return err
	}
	overseer := editor
	if o.auditLogin != "" {
		if overseer, err = signIn(o, o.auditLogin); err != nil {
			return err
		}
	}
	anonymous := newClient(o.timeout, nil)
	public := editor
	if o.anon {
		public = anonymous
	}
	var only *regexp.Regexp
	if o.only != "" {
		if only, err = regexp.Compile(o.only); err != nil {
			return err
		}
	}
	m := &measurer{o: o, public: public, staff: editor, overseer: overseer, links: map[string]string{}}
	pages := m.pages()
	if only != nil {
		pages = slices.DeleteFunc(pages, func(p *page) bool { return !only.MatchString(p.name) })
	}
	fmt.Fprintf(os.Stderr, "%s, %d pages × %d rounds; load average %s\n", o.base, len(pages), o.rounds, machine.LoadAvg())
	start := time.Now()
	for round := range o.rounds {
		for _, p := range pages {
			if round > 0 && (p.first().failed() || p.first().d > o.slow) {
				continue
			}
			m.measure(p)
			if round == 0 {
				r := p.first()
				fmt.Fprintf(os.Stderr, "  %-34s %9s %4s %9d %s\n", p.name, r.ms(), r.statusText(), r.bytes, p.shown)
			}
		}
	}
	fmt.Fprintf(os.Stderr, "done in %s; load average %s\n", time.Since(start).Round(time.Second), machine.LoadAvg())
	printTable(os.Stdout, pages, o.markdown)
	if o.jsonOut != "" {
		return writeJSON(o.jsonOut, o.base, pages)
	}
	return nil
}

// readLogins takes the editor's and the overseer's passwords from the
// demo's list of logins.
func readLogins(o *options) error {
	f, err := os.Open(o.logins)
	if err != nil {
		return err
	}
	defer f.Close()
	re := regexp.MustCompile(`tên đăng nhập:\s*(\S+)\s+mật khẩu:\s*(\S+)`)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		switch m[1] {
		case "bientap":
			if o.login == "" {
				o.login = m[1] + ":" + m[2]
			}
		case "giamsat":
			if o.auditLogin == "" {
				o.auditLogin = m[1] + ":" + m[2]
			}
		}
	}
	return sc.Err()
}

func newClient(timeout time.Duration, jar http.CookieJar) *http.Client {
	return &http.Client{Timeout: timeout, Jar: jar,
		Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 2},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		}}
}

// signIn returns a client carrying the session of USER:PASSWORD.
func signIn(o options, login string) (*http.Client, error) {
	user, pass, ok := strings.Cut(login, ":")
	if !ok {
		return nil, fmt.Errorf("login %q: want USER:PASSWORD", login)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	c := newClient(o.timeout, jar)
	resp, err := c.PostForm(o.base+"/dang-nhap", url.Values{"username": {user}, "password": {pass}, "next": {"/quan-tri/"}})
	if err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", user, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-tri/" {
		return nil, fmt.Errorf("sign in as %s: %s, to %q (a wrong password, or an account with a second factor)",
			user, resp.Status, resp.Header.Get("Location"))
	}
	return c, nil
}
