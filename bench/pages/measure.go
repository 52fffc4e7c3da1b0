package main

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// page is one row of the table: a kind of page, the client that asks for
// it and its answers.
type page struct {
	name   string
	client *http.Client
	// path is the page's address on the portal; "" when it is a link to
	// be found on an earlier page that did not have one.
	path func() string
	// harvest, when set, takes links for later pages from the body.
	harvest func(body string)

	shown   string // the path asked, for the table
	results []result
}

// result is one answer.
type result struct {
	d      time.Duration
	status int
	bytes  int64
	cache  string // X-Cache: BYPASS for a signed-in request, MISS or HIT otherwise
	err    string // "closed" (no answer: the connection ended), "timeout", "no link"
}

func (r result) failed() bool { return r.err != "" || r.status >= 500 }

func (p *page) first() result {
	if len(p.results) == 0 {
		return result{err: "no link"}
	}
	return p.results[0]
}

// measurer asks for the pages and keeps the links they hold.
type measurer struct {
	o                       options
	public, staff, overseer *http.Client
	links                   map[string]string
}

// link returns a path function reading a harvested link.
func (m *measurer) link(key string) func() string { return func() string { return m.links[key] } }

func fixed(path string) func() string { return func() string { return path } }

// grab returns a harvester keeping the first match of re's first group
// under key (the first pass's, so every pass asks the same page).
func (m *measurer) grab(key string, re *regexp.Regexp) func(string) {
	return m.grabNth(key, re, 0)
}

// grabNth is grab keeping the nth match (negative: from the end), or
// the last when there are fewer.
func (m *measurer) grabNth(key string, re *regexp.Regexp, nth int) func(string) {
	return func(body string) {
		if _, ok := m.links[key]; ok {
			return
		}
		all := re.FindAllStringSubmatch(body, -1)
		if len(all) == 0 {
			return
		}
		i := nth
		if i < 0 || i >= len(all) {
			i = len(all) - 1
		}
		m.links[key] = html.UnescapeString(all[i][1])
	}
}

// pages is the table's list, in the order they are asked.
func (m *measurer) pages() []*page {
	o := m.o
	q := url.QueryEscape(o.query)
	comp := "/" + o.component
	cat := "/chuyen-muc/" + o.category
	staff := "/quan-tri/s/" + o.site
	pub := func(name string, path func() string, harvest func(string)) *page {
		return &page{name: name, client: m.public, path: path, harvest: harvest}
	}
	stf := func(name string, path func() string, harvest func(string)) *page {
		return &page{name: name, client: m.staff, path: path, harvest: harvest}
	}
	later := strconv.Itoa(o.laterPage)
	return []*page{
		pub("home (main portal)", fixed("/"), nil),
		pub("home (component site)", fixed(comp+"/"), nil),
		// The article is the category page's last: an older one, not the
		// demo's, which comes first.
		pub("category", fixed(cat), m.grabNth("article", regexp.MustCompile(`href="(/tin-tuc/[^"?#]+)"`), -1)),
		pub("category, page "+later, fixed(cat+"?trang="+later), nil),
		pub("article", m.link("article"), nil),
		pub("feed (site)", fixed("/feed.atom"), nil),
		pub("feed (category)", fixed(cat+"/feed.atom"), nil),
		pub("sitemap.xml (main portal)", fixed("/sitemap.xml"), m.sitemapFiles),
		pub("sitemap file (first)", m.link("sitemap-first"), nil),
		pub("sitemap file (last)", m.link("sitemap-last"), nil),
		pub("sitemap.xml (component site)", fixed(comp+"/sitemap.xml"), nil),
		pub("robots.txt", fixed("/robots.txt"), nil),
		pub("site map page", fixed("/so-do-trang"), nil),
		pub("legal documents", fixed("/van-ban"), func(body string) {
			m.grab("law", regexp.MustCompile(`href="(/van-ban/[^"?#]+)"`))(body)
			m.grab("legal-type", regexp.MustCompile(`name="loai"><option value="">[^<]*</option><option>([^<]+)</option>`))(body)
		}),
		pub("legal documents, filtered", func() string {
			if t := m.links["legal-type"]; t != "" {
				return "/van-ban?loai=" + url.QueryEscape(t) + "&hieu-luc=con-hieu-luc&sap-xep=effective"
			}
			return ""
		}, nil),
		pub("legal documents, page "+strconv.Itoa(o.legalPage), fixed("/van-ban?trang="+strconv.Itoa(o.legalPage)), nil),
		pub("law", m.link("law"), nil),
		pub("search", fixed("/tim-kiem?q="+q), nil),
		pub("search (component site)", fixed(comp+"/tim-kiem?q="+q), nil),
		pub("search API", fixed("/api/v1/search?q="+q), nil),
		pub("Q&A", fixed("/hoi-dap"), m.grab("qa", regexp.MustCompile(`href="(/hoi-dap/PAKN-[^"?#]+)"`))),
		pub("Q&A, page 5", fixed("/hoi-dap?trang=5"), nil),
		pub("Q&A question", m.link("qa"), nil),
		pub("directory", fixed("/to-chuc"), nil),
		pub("spokespersons", fixed("/nguoi-phat-ngon"), nil),
		pub("feedback form", fixed("/phan-anh-kien-nghi"), nil),
		stf("staff dashboard", fixed("/quan-tri/"), nil),
		stf("work queue", fixed(staff+"/"), nil),
		stf("items", fixed(staff+"/noi-dung"), m.grab("item", regexp.MustCompile(`href="(`+staff+`/noi-dung/\d+)"`))),
		stf("items, title filter", fixed(staff+"/noi-dung?q="+url.QueryEscape(o.itemQuery)), nil),
		stf("items, page "+later, fixed(staff+"/noi-dung?trang="+later), nil),
		stf("item (staff)", m.link("item"), nil),
		stf("staff search", fixed(staff+"/tim-kiem?q="+q), nil),
		stf("feedback list", fixed(staff+"/kien-nghi"), m.grab("case", regexp.MustCompile(`href="(`+staff+`/kien-nghi/\d+)"`))),
		stf("feedback list, page 5", fixed(staff+"/kien-nghi?trang=5"), nil),
		stf("feedback list, one state", fixed(staff+"/kien-nghi?trang-thai=assigned"), nil),
		stf("feedback request", m.link("case"), nil),
		stf("feedback figures", fixed(staff+"/kien-nghi/dung-han"), nil),
		{name: "audit log", client: m.overseer, path: fixed("/quan-tri/nhat-ky")},
		{name: "audit log, one action", client: m.overseer, path: fixed("/quan-tri/nhat-ky?action=item.publish")},
	}
}

// sitemapFiles keeps the first and last file of a sitemap index.
func (m *measurer) sitemapFiles(body string) {
	if !strings.Contains(body, "<sitemapindex") {
		return
	}
	locs := regexp.MustCompile(`<loc>([^<]+)</loc>`).FindAllStringSubmatch(body, -1)
	if len(locs) == 0 {
		return
	}
	for key, loc := range map[string]string{"sitemap-first": locs[0][1], "sitemap-last": locs[len(locs)-1][1]} {
		if u, err := url.Parse(html.UnescapeString(loc)); err == nil {
			if _, ok := m.links[key]; !ok {
				m.links[key] = u.RequestURI()
			}
		}
	}
}

// measure asks for p once and records the answer.
func (m *measurer) measure(p *page) {
	path := p.path()
	if path == "" {
		return // the link was not found: the table says so
	}
	p.shown = path
	start := time.Now()
	resp, err := p.client.Get(m.o.base + path)
	var res result
	if err == nil {
		var body strings.Builder
		var n int64
		if p.harvest != nil && len(p.results) == 0 {
			n, err = io.Copy(&body, resp.Body)
		} else {
			n, err = io.Copy(io.Discard, resp.Body)
		}
		resp.Body.Close()
		res = result{status: resp.StatusCode, bytes: n, cache: resp.Header.Get("X-Cache")}
		if err == nil && p.harvest != nil && len(p.results) == 0 {
			p.harvest(body.String())
		}
	}
	res.d = time.Since(start)
	if err != nil {
		res.err = "closed"
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			res.err = "timeout"
		}
		fmt.Fprintf(os.Stderr, "  %s: %v\n", p.name, err)
	}
	p.results = append(p.results, res)
}
