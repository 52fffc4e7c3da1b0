package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/corpus"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/schedule"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var (
	locRE      = regexp.MustCompile(`<loc>([^<]+)</loc>`)
	deptHrefRE = regexp.MustCompile(`href="(/so-khcn/[^"#?]*)"`)
)

// crawlDept collects every public address of the department's site that
// the public can find: its sitemaps, feeds, home and list pages (items,
// categories, legal documents, media), plus the fixed pages and a
// feedback tracking link; paths within the site. Every address found is
// asked, until no page links to a new one: each answers 200, or (moved)
// a 302 to another page of the department, the English address of a text
// that has only its Vietnamese one (itemPage); moved maps those to where
// they led before the merge.
func crawlDept(t *testing.T, b *browser, extra ...string) (paths []string, moved map[string]string) {
	t.Helper()
	seen, asked := map[string]bool{}, map[string]bool{}
	moved = map[string]string{}
	add := func(p string) {
		if u, err := url.Parse(p); err == nil && u.Host != "" {
			p = u.RequestURI()
		}
		if strings.HasPrefix(p, "/so-khcn/") {
			p = strings.TrimPrefix(p, "/so-khcn")
		} else if p == "/so-khcn" {
			p = "/"
		} else if !strings.HasPrefix(p, "/media/") {
			return
		}
		seen[p] = true
	}
	for _, p := range append([]string{"/", "/gioi-thieu", "/lien-he", "/so-do-trang", "/van-ban", "/to-chuc", "/nguoi-phat-ngon",
		"/phan-anh-kien-nghi", "/phan-anh-kien-nghi/tra-cuu", "/hoi-dap", "/lay-y-kien", "/en/", "/feed.atom", "/sitemap.xml", "/robots.txt"}, extra...) {
		seen[p] = true
	}
	// Rounds until nothing new: the pages found link to more (categories
	// → items → their English addresses).
	for round := 0; ; round++ {
		var list []string
		for p := range seen {
			if !asked[p] {
				list = append(list, p)
			}
		}
		if len(list) == 0 {
			break
		}
		if round == 8 {
			t.Fatalf("the crawl still finds new addresses after %d rounds: %v", round, list)
		}
		sort.Strings(list)
		for _, p := range list {
			asked[p] = true
			if strings.HasPrefix(p, "/media/") {
				if pg := b.get(p); pg.status != 200 {
					t.Fatalf("before the merge %s = %d", p, pg.status)
				}
				continue
			}
			pg := b.get("/so-khcn" + p)
			if pg.status == http.StatusFound && strings.HasPrefix(p, "/en/") && strings.HasPrefix(pg.location, "/so-khcn/") {
				moved[p] = pg.location
				continue
			}
			if pg.status != 200 {
				t.Fatalf("before the merge /so-khcn%s = %d %q", p, pg.status, pg.location)
			}
			for _, m := range locRE.FindAllStringSubmatch(pg.body, -1) {
				add(m[1])
			}
			for _, m := range deptHrefRE.FindAllStringSubmatch(pg.body, -1) {
				add(m[1])
			}
			for _, m := range mediaRE.FindAllStringSubmatch(pg.body, -1) {
				add(m[1])
			}
		}
	}
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths, moved
}

// deptLegalDoc is a legal document of the department's, in the corpus's
// format (`cong import legal`).
const deptLegalDoc = `{"id": "thu-nghiem-khcn-qd-2025-15", "number": "15/2025/QĐ-UBND", "type": "Quyết định", "issuer": "Ủy ban nhân dân tỉnh Đồng Nai", ` +
	`"signer": "Nguyễn Văn Thử", "issued_at": "2025-03-10", "effective_at": "2025-03-20", ` +
	`"title": "Quyết định ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh", "field": "Khoa học, công nghệ", ` +
	`"body": "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\nQUYẾT ĐỊNH\nBan hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh.\nĐiều 2. Quyết định này có hiệu lực từ ngày 20 tháng 3 năm 2025."}
`

// TestSiteMergeCrawl: the department merged into the province by the
// admin screen — preview first (nothing changes), then the merge. Every
// public address of the department found before (sitemaps, feeds, items,
// categories, legal documents, media, a tracking link) answers 200 or one
// 301 to a 200 after; none 404, no chain. An item whose address the
// province already used leads to its new one. Only an administrator may
// preview or merge.
func TestSiteMergeCrawl(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		sites := site.NewSites(db, h.clock.Now)
		dept, err := sites.ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		// A section of the department's own, and an item whose address the
		// province uses too.
		if err := content.NewStore(db, h.clock.Now).SaveCategory(ctx, &content.Category{SiteID: dept.ID, Slug: "tin-khoa-hoc",
			Name: "Tin khoa học", Position: 1, InMenu: true}, audit.CLI); err != nil {
			t.Fatal(err)
		}
		var mainSlug string
		if err := db.QueryRow(ctx, `SELECT slug FROM items WHERE site_id = ? AND kind = 'article' AND live ORDER BY id LIMIT 1`, h.main.ID).Scan(&mainSlug); err != nil {
			t.Fatal(err)
		}
		var deptItem int64
		if err := db.QueryRow(ctx, `SELECT id FROM items WHERE site_id = ? AND kind = 'article' AND live ORDER BY id LIMIT 1`, dept.ID).Scan(&deptItem); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE items SET slug = ? WHERE id = ?`, mainSlug, deptItem); err != nil {
			t.Fatal(err)
		}
		// A legal document of the department's own, imported as `cong
		// import legal --site so-khcn` does, and a file it shows: an image
		// its editor uploads, the cover of its item.
		cover := deptDocAndCover(t, h, dept, "btv-khcn-sapnhap", 17)
		if _, err := db.Exec(ctx, `UPDATE revisions SET cover_media_id = ?, cover_alt = 'Phòng thí nghiệm của Sở' WHERE item_id = ?`, cover, deptItem); err != nil {
			t.Fatal(err)
		}
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		req, token, err := fb.Submit(ctx, feedback.Submission{SiteID: dept.ID, Category: feedback.Unsuitable,
			Title: "Kiến nghị về thủ tục cấp phép", Body: "Hồ sơ phải nộp quá nhiều bản sao.",
			Name: "Nguyễn Văn An", Address: "12 Lê Lợi, Biên Hòa", Email: "an@example.vn", IP: "203.0.113.9"})
		if err != nil {
			t.Fatal(err)
		}
		// What the department publishes besides its items (issue 20): a
		// procedure of its own, an official channel, a disclosure entry and
		// this week's published schedule.
		now := h.clock.Now().UTC()
		week := schedule.WeekOf(h.clock.Now())
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO procedures (site_id, code, name, field, level, agency, service_level, created_at, updated_at)
				VALUES (?, '9.999001', 'Cấp giấy phép thử nghiệm khoa học', 'Khoa học', 'tinh', 'Sở Khoa học và Công nghệ', 'toan-trinh', ?, ?)`, []any{dept.ID, now, now}},
			{`INSERT INTO official_channels (site_id, kind, name, link, verified_on, created_at, updated_at)
				VALUES (?, 'social', 'Trang Zalo của Sở Khoa học', 'https://zalo.me/so-khcn-thu', '2026-01-05', ?, ?)`, []any{dept.ID, now, now}},
			{`INSERT INTO disclosure_entries (site_id, name, form, published_on, created_at, updated_at)
				VALUES (?, 'Kế hoạch ứng dụng khoa học năm 2026', 'Đăng trên cổng', '2026-01-05', ?, ?)`, []any{dept.ID, now, now}},
			{`INSERT INTO schedule_weeks (site_id, week_start, published_at, published_by_name, created_at) VALUES (?, ?, ?, 'Thư ký', ?)`,
				[]any{dept.ID, week, now, now}},
			{`INSERT INTO schedule_entries (site_id, week_start, day, start_time, leader_name, content, created_at, updated_at)
				VALUES (?, ?, ?, '08:00', 'Giám đốc Sở', 'Họp giao ban khoa học', ?, ?)`, []any{dept.ID, week, week, now, now}},
		} {
			if _, err := db.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatalf("%s: %v", q.sql, err)
			}
		}
		visitor := h.browser()
		for p, want := range map[string]string{"/dich-vu-cong/9.999001": "Cấp giấy phép thử nghiệm khoa học", "/kenh-chinh-thuc": "Trang Zalo của Sở Khoa học",
			"/tiep-can-thong-tin": "Kế hoạch ứng dụng khoa học năm 2026", "/lich-cong-tac": "Họp giao ban khoa học"} {
			if pg := visitor.get("/so-khcn" + p); pg.status != 200 || !strings.Contains(pg.body, want) {
				t.Fatalf("before the merge /so-khcn%s = %d, without %q", p, pg.status, want)
			}
		}
		paths, moved := crawlDept(t, visitor, feedback.LinkPath(req.Code, token), "/tin-tuc/"+mainSlug, "/chuyen-muc/tin-khoa-hoc",
			"/chuyen-muc/tin-khoa-hoc/feed.atom", "/dich-vu-cong", "/dich-vu-cong/9.999001", "/kenh-chinh-thuc", "/tiep-can-thong-tin", "/lich-cong-tac")
		if len(paths) < 20 {
			t.Fatalf("only %d addresses found before the merge: %v", len(paths), paths)
		}
		// The crawl must reach the department's legal documents and files,
		// so that the check after the merge covers them.
		for _, kind := range []string{"/van-ban/", "/media/"} {
			found := false
			for _, p := range paths {
				found = found || strings.HasPrefix(p, kind)
			}
			if !found {
				t.Fatalf("no %s address among the %d found before the merge: %v", kind, len(paths), paths)
			}
		}

		t.Logf("%d public addresses of the department before the merge, %d of them English addresses that lead to the Vietnamese page", len(paths), len(moved))

		// Who may: the administrator only.
		h.person("qt-sapnhap", account.Admin, "dong-nai")
		h.person("tb-sapnhap", account.BoardHead, "dong-nai")
		admin, head := h.browser(), h.browser()
		admin.signIn("qt-sapnhap")
		head.signIn("tb-sapnhap")
		order := url.Values{"from": {"so-khcn"}, "mode": {"move"}, "decision_no": {"2510/QĐ-UBND"},
			"decision_text": {"Hợp nhất trang của Sở vào Cổng tỉnh (thử nghiệm)"}, "effective": {"2025-07-01"}}
		preview := "/quan-tri/trang/dong-nai/sap-nhap?xem=1&" + order.Encode()
		if p := head.get(preview); p.status != 403 {
			t.Errorf("a board head previews a merge: %d", p.status)
		}
		if p := head.post("/quan-tri/trang/dong-nai/sap-nhap", order); p.status != 403 {
			t.Errorf("a board head merges: %d", p.status)
		}
		if p := visitor.post("/quan-tri/trang/dong-nai/sap-nhap", order); p.status == 303 && strings.Contains(p.location, "xong") {
			t.Errorf("a visitor merges")
		}
		p := admin.get(preview)
		if p.status != 200 || !strings.Contains(p.body, "Xem trước việc sáp nhập") || !strings.Contains(p.body, "/so-khcn/tin-tuc/"+mainSlug) ||
			!strings.Contains(p.body, "/tin-tuc/"+mainSlug+"-so-khcn") {
			t.Fatalf("preview: %d\n%.4000s", p.status, p.body)
		}
		if st, _ := sites.ByCode(ctx, "so-khcn"); st.MergedInto != 0 {
			t.Fatal("the preview merged")
		}
		bad := admin.get("/quan-tri/trang/dong-nai/sap-nhap?xem=1&from=so-khcn&mode=move")
		if bad.status != 400 && bad.status != 422 || !strings.Contains(bad.body, "quyết định") {
			t.Errorf("a preview without a decision: %d", bad.status)
		}
		p = admin.post("/quan-tri/trang/dong-nai/sap-nhap", order)
		if p.status != 303 || !strings.Contains(p.location, "xong=") {
			t.Fatalf("merge: %d %s\n%.2000s", p.status, p.location, p.body)
		}
		if n := h.auditCount("site.merge"); n != 1 {
			t.Errorf("%d audit entries of the merge", n)
		}

		// The crawl: one 301 to a 200, or a 200 (media), never a 404 or a chain.
		for _, path := range paths {
			old := "/so-khcn" + path
			if strings.HasPrefix(path, "/media/") {
				old = path
			}
			got := visitor.get(old)
			if got.status == 200 && strings.HasPrefix(path, "/media/") {
				continue
			}
			if got.status != 301 {
				t.Errorf("after the merge %s = %d; want 301", old, got.status)
				continue
			}
			where, next := visitor.followOnce("", got)
			if before, ok := moved[path]; ok {
				// An English address that led to the Vietnamese page before
				// does so at its new place: the 301, then that same 302 to
				// where the old Vietnamese page now is, a 200.
				vi := visitor.get(before)
				if next.status != http.StatusFound || vi.status != 301 || next.location != vi.location {
					t.Errorf("%s → %s = %d %q; want the 302 it answered before, to %q (where %s now leads)", old, where, next.status, next.location, vi.location, before)
					continue
				}
				where, next = visitor.followOnce("", next)
			}
			if next.status != 200 {
				t.Errorf("%s → %s = %d %q; want 200 in one step", old, where, next.status, next.location)
			}
		}
		if got := visitor.get("/so-khcn/tin-tuc/" + mainSlug); got.location != "/tin-tuc/"+mainSlug+"-so-khcn" {
			t.Errorf("the item whose address was taken leads to %q", got.location)
		}
		// The department's item, now the province's, still names the
		// department as its publisher (byline, DC.publisher, JSON-LD, print).
		item := visitor.get("/tin-tuc/" + mainSlug + "-so-khcn")
		if !strings.Contains(item.body, `<meta name="DC.publisher" content="`+dept.Name+`">`) || !strings.Contains(item.body, dept.Name+"</p>") {
			t.Errorf("the merged item's publisher is not %q:\n%.3000s", dept.Name, item.body)
		}
		var publishers []string
		for _, block := range jsonLD(item.body) {
			var ld struct{ Publisher struct{ Name string } }
			if err := json.Unmarshal([]byte(block), &ld); err != nil {
				t.Errorf("JSON-LD %s: %v", block, err)
			} else if ld.Publisher.Name != "" {
				publishers = append(publishers, ld.Publisher.Name)
			}
		}
		if len(publishers) != 1 || publishers[0] != dept.Name {
			t.Errorf("the merged item's JSON-LD publisher: %v; want %q", publishers, dept.Name)
		}
		if pr := visitor.get("/in/tin-tuc/" + mainSlug + "-so-khcn"); pr.status != 200 || !strings.Contains(pr.body, dept.Name) {
			t.Errorf("the print view of the merged item: %d, without %q", pr.status, dept.Name)
		}
		// The province's own item keeps the province.
		if own := visitor.get("/tin-tuc/" + mainSlug); !strings.Contains(own.body, `<meta name="DC.publisher" content="`+h.main.Name+`">`) {
			t.Errorf("the province's item lost its publisher")
		}
		for p, want := range map[string]string{"/dich-vu-cong/9.999001": "Cấp giấy phép thử nghiệm khoa học", "/kenh-chinh-thuc": "Trang Zalo của Sở Khoa học",
			"/tiep-can-thong-tin": "Kế hoạch ứng dụng khoa học năm 2026", "/lich-cong-tac": "Họp giao ban khoa học"} {
			if pg := visitor.get(p); pg.status != 200 || !strings.Contains(pg.body, want) {
				t.Errorf("after the merge the province's %s = %d, without the department's %q", p, pg.status, want)
			}
		}
		if got := visitor.get("/so-khcn/chuyen-muc/tin-khoa-hoc/feed.atom"); got.location != "/chuyen-muc/tin-khoa-hoc/feed.atom" {
			t.Errorf("the section's feed leads to %q", got.location)
		}
		// The province tells whom it took in; the site list says where the department went.
		if intro := visitor.get("/gioi-thieu"); !strings.Contains(intro.body, "Các trang đã hợp nhất vào trang này") || !strings.Contains(intro.body, dept.Name) ||
			!strings.Contains(intro.body, "2510/QĐ-UBND") {
			t.Errorf("the province's introduction does not tell the merge:\n%.3000s", intro.body)
		}
		if list := admin.get("/quan-tri/trang"); !strings.Contains(list.body, "Đã sáp nhập vào "+h.main.Name) {
			t.Errorf("the site list does not say the department was merged")
		}
	})
}

// deptDocAndCover gives the department a legal document of its own,
// imported as `cong import legal --site so-khcn` does, and an image its
// editor (username, made here) uploads; it returns the image's media id,
// for a cover. The renaming and merge tests then look for both kinds of
// address.
func deptDocAndCover(t *testing.T, h *harness, dept *site.Site, username string, seed int) int64 {
	t.Helper()
	ctx := context.Background()
	cs := content.NewStore(h.db, h.clock.Now)
	im := &corpus.Importer{Content: cs, Legal: legal.NewStore(h.db, h.clock.Now), SiteID: dept.ID, SiteCode: dept.Code, Kind: "legal", Actor: audit.CLI}
	if c, err := cs.CategoryBySlug(ctx, dept.ID, "van-ban-phap-luat"); err == nil {
		im.CategoryID = c.ID
	}
	if err := im.Run(ctx, strings.NewReader(deptLegalDoc), 1, io.Discard); err != nil {
		t.Fatal(err)
	}
	h.person(username, account.Editor, "so-khcn")
	editor := h.browser()
	editor.signIn(username)
	editor.uploadTo("so-khcn", "anh-phong-thi-nghiem.png", tinyPNG(seed), "Phòng thí nghiệm của Sở")
	var cover int64
	if err := h.db.QueryRow(ctx, `SELECT id FROM media WHERE site_id = ? ORDER BY id DESC LIMIT 1`, dept.ID).Scan(&cover); err != nil {
		t.Fatalf("the department's upload: %v", err)
	}
	return cover
}
