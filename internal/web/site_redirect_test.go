package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// getOn asks host for path, as a browser that reached this server under
// that host name would.
func (b *browser) getOn(host, path string) page {
	b.h.t.Helper()
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	if host != "" {
		req.Host = host
	}
	return b.do(req)
}

// followOnce follows the Location of p (relative to host) and returns the
// page found there.
func (b *browser) followOnce(host string, p page) (string, page) {
	b.h.t.Helper()
	loc := p.location
	if u, err := url.Parse(loc); err == nil && u.Host != "" {
		return u.Host + u.RequestURI(), b.getOn(u.Host, u.RequestURI())
	}
	return host + loc, b.getOn(host, loc)
}

// renameForm is the admin's rename form, effective one minute from now.
func renameForm(h *harness, to site.Identity) url.Values {
	return url.Values{"name": {to.Name}, "name_en": {to.NameEN}, "host": {to.Host}, "path_prefix": {to.PathPrefix},
		"kind": {string(to.Kind)}, "effective": {h.clock.Now().Add(time.Minute).In(vn.ICT).Format("2006-01-02 15:04")},
		"decision_no": {"1656/NQ-UBTVQH15"}, "decision_text": {"Sắp xếp các đơn vị hành chính cấp xã của tỉnh Đồng Nai năm 2025"}}
}

var (
	itemLinkRE = regexp.MustCompile(`href="/so-khcn/([a-z-]+/[a-z0-9-]+)"`)
	legalRE    = regexp.MustCompile(`href="/(van-ban/[a-z0-9-]+)"`)
	mediaRE    = regexp.MustCompile(`(/media/[A-Za-z0-9._/-]+)`)
)

// TestSiteRenameRedirects: a department renamed twice by the admin screen
// (its prefix changed each time) and the main portal renamed twice (its
// host changed each time): every kind of URL at every old address answers
// one 301 to a 200 at today's; the old item keeps the issuer's name of its
// date; the site's intro page tells its former names.
func TestSiteRenameRedirects(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("qt-doiten", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("qt-doiten")
		visitor := h.browser()

		// The department's pages before: home, an item, a category,
		// legal documents, feeds, the English home, a tracking link.
		dept, err := site.NewSites(db, h.clock.Now).ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		if err := content.NewStore(db, h.clock.Now).SaveCategory(ctx, &content.Category{SiteID: dept.ID, Slug: "tin-khoa-hoc",
			Name: "Tin khoa học", NameEN: "Science news", Position: 1, InMenu: true}, audit.CLI); err != nil {
			t.Fatal(err)
		}
		// A legal document of the department's own (as `cong import legal
		// --site so-khcn` does) and a file it shows, below: an image its
		// editor uploads, the cover of its item.
		cover := deptDocAndCover(t, h, dept, "btv-khcn-doiten", 23)
		home := visitor.get("/so-khcn/")
		if home.status != 200 {
			t.Fatalf("department home: %d", home.status)
		}
		paths := []string{"/", "/van-ban", "/feed.atom", "/en/", "/gioi-thieu", "/sitemap.xml"}
		var item string
		for _, m := range itemLinkRE.FindAllStringSubmatch(home.body, -1) {
			if !strings.HasPrefix(m[1], "chuyen-muc/") && !strings.HasPrefix(m[1], "phan-anh") && item == "" {
				item = "/" + m[1]
			}
		}
		paths = append(paths, "/chuyen-muc/tin-khoa-hoc", "/chuyen-muc/tin-khoa-hoc/feed.atom")
		if item == "" {
			t.Fatalf("no item link on the department's home:\n%.3000s", home.body)
		}
		paths = append(paths, item)
		if _, err := db.Exec(ctx, `UPDATE revisions SET cover_media_id = ?, cover_alt = 'Phòng thí nghiệm của Sở'
			WHERE item_id = (SELECT id FROM items WHERE site_id = ? AND slug = ?)`, cover, dept.ID, path.Base(item)); err != nil {
			t.Fatal(err)
		}
		// The department's legal document and its item's cover: a
		// /van-ban/ address under its prefix, a /media/ one (outside any
		// prefix: checked under the main portal's old hosts, below).
		var deptMedia string
		if m := mediaRE.FindStringSubmatch(visitor.get("/so-khcn" + item).body); m != nil {
			deptMedia = m[1]
		}
		deptLegal := ""
		for _, m := range itemLinkRE.FindAllStringSubmatch(visitor.get("/so-khcn/van-ban").body, -1) {
			if strings.HasPrefix(m[1], "van-ban/") && deptLegal == "" {
				deptLegal = "/" + m[1]
			}
		}
		if deptMedia == "" || deptLegal == "" {
			t.Fatalf("the department shows no file (%q) or no legal document (%q)", deptMedia, deptLegal)
		}
		paths = append(paths, deptLegal)
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		req, token, err := fb.Submit(ctx, feedback.Submission{SiteID: dept.ID, Category: feedback.Unsuitable,
			Title: "Kiến nghị về thủ tục cấp phép", Body: "Hồ sơ phải nộp quá nhiều bản sao.",
			Name: "Nguyễn Văn An", Address: "12 Lê Lợi, Biên Hòa", Email: "an@example.vn", IP: "203.0.113.9"})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, feedback.LinkPath(req.Code, token))
		for _, p := range paths {
			if got := visitor.get("/so-khcn" + p); got.status != 200 {
				t.Fatalf("before the renaming /so-khcn%s = %d", p, got.status)
			}
		}

		// Two renamings, each taking effect a minute after it is made.
		oldName := dept.Name
		steps := []site.Identity{
			{Name: "Sở Khoa học, Công nghệ và Đổi mới sáng tạo", NameEN: "Department of Science, Technology and Innovation", PathPrefix: "/so-kh-cn-dmst", Kind: site.Department},
			{Name: "Sở Khoa học và Công nghệ tỉnh Đồng Nai (mới)", NameEN: "Dong Nai Department of Science and Technology", PathPrefix: "/so-khcn-dong-nai", Kind: site.Department},
		}
		for _, to := range steps {
			p := admin.post("/quan-tri/trang/so-khcn/doi-ten", renameForm(h, to))
			if p.status != http.StatusSeeOther {
				t.Fatalf("rename: %d\n%.3000s", p.status, p.body)
			}
			if got := visitor.get(to.PathPrefix + "/"); got.status != 404 && got.status != 200 {
				t.Fatalf("new prefix before the date: %d", got.status)
			}
			h.clock.Add(2 * time.Minute)
		}
		if n := h.auditCount("site.rename"); n != 2 {
			t.Errorf("%d site.rename entries in the audit log; want 2", n)
		}
		for _, old := range []string{"/so-khcn", "/so-kh-cn-dmst"} {
			for _, p := range paths {
				got := visitor.get(old + p)
				want := "/so-khcn-dong-nai" + p
				if got.status != http.StatusMovedPermanently || got.location != want {
					t.Errorf("GET %s%s = %d → %q; want 301 → %q", old, p, got.status, got.location, want)
					continue
				}
				if at, next := visitor.followOnce("", got); next.status != 200 {
					t.Errorf("GET %s%s → %s = %d; want 200 in one step", old, p, at, next.status)
				}
			}
		}
		if got := visitor.get("/so-khcn/lien-he?a=1&b=2"); got.location != "/so-khcn-dong-nai/lien-he?a=1&b=2" {
			t.Errorf("the query is lost: %q", got.location)
		}

		// The old item keeps the name of its date, in the byline, the
		// Dublin Core publisher and the JSON-LD.
		art := visitor.get("/so-khcn-dong-nai" + item)
		body := html.UnescapeString(art.body)
		if !strings.Contains(body, `<p class="issuer"><strong>Cơ quan:</strong> `+oldName+`</p>`) ||
			!strings.Contains(body, `<meta name="DC.publisher" content="`+oldName+`">`) {
			t.Errorf("the old item's byline or DC.publisher is not %q:\n%.4000s", oldName, body)
		}
		// The article's block (the layout's, the site's own, comes first)
		// names the publisher of its date.
		var publishers []string
		for _, block := range jsonLD(art.body) {
			var ld struct {
				Type      string `json:"@type"`
				Publisher struct{ Name string }
			}
			if err := json.Unmarshal([]byte(block), &ld); err != nil {
				t.Errorf("JSON-LD %s: %v", block, err)
			} else if ld.Publisher.Name != "" {
				publishers = append(publishers, ld.Type+": "+ld.Publisher.Name)
			}
		}
		if len(publishers) != 1 || !strings.HasSuffix(publishers[0], ": "+oldName) {
			t.Errorf("JSON-LD publishers = %q; want one, %q", publishers, oldName)
		}
		intro := html.UnescapeString(visitor.get("/so-khcn-dong-nai/gioi-thieu").body)
		if !strings.Contains(intro, "Trước đây là <strong>"+oldName+"</strong>") || !strings.Contains(intro, "Trước đây là <strong>"+steps[0].Name+"</strong>") ||
			!strings.Contains(intro, "1656/NQ-UBTVQH15") || !strings.Contains(intro, steps[1].Name) {
			t.Errorf("the intro page does not tell the former names:\n%.4000s", intro)
		}

		// The main portal, by host: A → B → C.
		legal := visitor.get("/van-ban")
		lm := legalRE.FindStringSubmatch(legal.body)
		if lm == nil {
			t.Fatalf("no legal document on /van-ban:\n%.2000s", legal.body)
		}
		mainPaths := []string{"/", "/" + lm[1], "/feed.atom", "/en/", "/so-khcn-dong-nai" + item, "/so-khcn-dong-nai" + deptLegal, deptMedia}
		if m := mediaRE.FindStringSubmatch(visitor.get("/").body); m != nil {
			mainPaths = append(mainPaths, m[1])
		}
		for i, hostName := range []string{"dongnai.example.vn", "dongnai-binhphuoc.example.vn", "dongnai.gov.example.vn"} {
			to := site.Identity{Name: h.main.Name, NameEN: h.main.NameEN, Host: hostName, Kind: site.Portal}
			if i == 2 {
				to.Name = "Ủy ban nhân dân tỉnh Đồng Nai (sau hợp nhất)"
			}
			if p := admin.post("/quan-tri/trang/dong-nai/doi-ten", renameForm(h, to)); p.status != http.StatusSeeOther {
				t.Fatalf("rename the main portal: %d\n%.3000s", p.status, p.body)
			}
			h.clock.Add(2 * time.Minute)
			visitor.get("/") // the date has come: the renaming is applied
		}
		for _, old := range []string{"dongnai.example.vn", "dongnai-binhphuoc.example.vn"} {
			for _, p := range mainPaths {
				got := visitor.getOn(old, p)
				want := "http://dongnai.gov.example.vn" + p
				if got.status != http.StatusMovedPermanently || got.location != want {
					t.Errorf("GET %s%s = %d → %q; want 301 → %q", old, p, got.status, got.location, want)
					continue
				}
				if at, next := visitor.followOnce(old, got); next.status != 200 {
					t.Errorf("GET %s%s → %s = %d; want 200 in one step", old, p, at, next.status)
				}
			}
		}
		if got := visitor.getOn("dongnai.example.vn", "/healthz"); got.status != 200 {
			t.Errorf("/healthz on an old host = %d; want 200, not a redirect", got.status)
		}
	})
}

// TestSiteRenameRoles: only an administrator renames a site; the screen
// and the form refuse everyone else, and nothing changes.
func TestSiteRenameRoles(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		to := site.Identity{Name: "Sở mới", PathPrefix: "/so-moi", Kind: site.Department}
		for _, c := range []struct {
			user string
			role account.Role
			site string
		}{
			{"truongban-dt", account.BoardHead, "dong-nai"},
			{"bientap-dt", account.Editor, "dong-nai"},
			{"bientap-khcn-dt", account.Editor, "so-khcn"},
			{"truongban-khcn-dt", account.BoardHead, "so-khcn"},
		} {
			h.person(c.user, c.role, c.site)
			b := h.browser()
			b.signIn(c.user)
			if p := b.get("/quan-tri/trang/so-khcn/doi-ten"); p.status != http.StatusForbidden {
				t.Errorf("%s (%s) GET the rename screen = %d; want 403", c.user, c.role, p.status)
			}
			if p := b.post("/quan-tri/trang/so-khcn/doi-ten", renameForm(h, to)); p.status != http.StatusForbidden {
				t.Errorf("%s (%s) POST a renaming = %d; want 403", c.user, c.role, p.status)
			}
		}
		anon := h.browser()
		if p := anon.post("/quan-tri/trang/so-khcn/doi-ten", renameForm(h, to)); p.status != http.StatusSeeOther || !strings.HasPrefix(p.location, "/dang-nhap") {
			t.Errorf("anonymous POST = %d → %q; want the sign-in page", p.status, p.location)
		}
		if n := h.auditCount("site.rename"); n != 0 {
			t.Errorf("%d renamings recorded; want 0", n)
		}
		h.person("qt-dt", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("qt-dt")
		if p := admin.get("/quan-tri/trang/so-khcn"); !strings.Contains(p.body, `href="/quan-tri/trang/so-khcn/doi-ten"`) {
			t.Errorf("the site's page does not link to its rename screen")
		}
		if p := admin.get("/quan-tri/trang/so-khcn/doi-ten"); p.status != 200 || !strings.Contains(p.body, `name="decision_no"`) {
			t.Fatalf("admin GET the rename screen = %d", p.status)
		}
		bad := renameForm(h, to)
		bad.Del("decision_no")
		if p := admin.post("/quan-tri/trang/so-khcn/doi-ten", bad); p.status != http.StatusUnprocessableEntity && p.status != http.StatusBadRequest {
			t.Errorf("a renaming without its decision = %d; want a refusal", p.status)
		}
		if p := admin.post("/quan-tri/trang/so-khcn/doi-ten", renameForm(h, to)); p.status != http.StatusSeeOther {
			t.Fatalf("admin POST a renaming = %d\n%.2000s", p.status, p.body)
		}
		if p := admin.get("/quan-tri/trang/so-khcn/doi-ten"); !strings.Contains(p.body, "Đổi tên chờ hiệu lực") || !strings.Contains(p.body, "1656/NQ-UBTVQH15") {
			t.Errorf("the screen does not show the renaming waiting:\n%.3000s", p.body)
		}
		if n := h.auditCount("site.rename"); n != 1 {
			t.Errorf("%d renamings recorded; want 1", n)
		}
	})
}
