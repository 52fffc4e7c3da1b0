package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestAdminSiteCreateGivesSections: a site made on the admin screen has
// the categories of the sections its kind requires under the set in
// force; a host name off REQ-02's scheme is warned about, with a
// suggestion, and accepted (issue 17, points 4 and 6).
func TestAdminSiteCreateGivesSections(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("qt17", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("qt17")
		form := url.Values{"code": {"so-tc"}, "name": {"Sở Tài chính tỉnh Đồng Nai"}, "kind": {"department"}, "host": {"stc.example.com"}}
		if p := admin.post("/quan-tri/trang", form); p.status != http.StatusSeeOther {
			t.Fatalf("create = %d\n%.2000s", p.status, p.body)
		}
		st, err := site.NewSites(db, h.clock.Now).ByCode(ctx, "so-tc")
		if err != nil {
			t.Fatal(err)
		}
		rs := rules.NewStore(db, h.clock.Now)
		set, err := rs.InForce(ctx, rules.KindSections, rs.Today())
		if err != nil {
			t.Fatal(err)
		}
		cs := content.NewStore(db, h.clock.Now)
		for _, sec := range set.Sections(site.Department) {
			if _, err := cs.CategoryBySlug(ctx, st.ID, sec.Slug); err != nil {
				t.Errorf("the new site lacks the category of %s", sec.Key)
			}
		}
		p := admin.get("/quan-tri/trang/so-tc")
		if p.status != 200 || !strings.Contains(p.body, `id="host-warning"`) || !strings.Contains(p.body, "Gợi ý: sotaichinh.dongnai.gov.vn") {
			t.Errorf("no host warning on the site's page:\n%.3000s", p.body)
		}
		if p := admin.get("/quan-tri/trang"); !strings.Contains(p.body, "Gợi ý: sotaichinh.dongnai.gov.vn") {
			t.Errorf("no host warning on the list of sites")
		}
		// A host that follows the scheme: no warning.
		form = url.Values{"code": {"so-xd"}, "name": {"Sở Xây dựng tỉnh Đồng Nai"}, "kind": {"department"}, "host": {"soxd.dongnai.gov.vn"}}
		if p := admin.post("/quan-tri/trang", form); p.status != http.StatusSeeOther {
			t.Fatalf("create = %d", p.status)
		}
		if p := admin.get("/quan-tri/trang/so-xd"); p.status != 200 || strings.Contains(p.body, `id="host-warning"`) {
			t.Errorf("a host by the scheme is warned about (%d)", p.status)
		}
	})
}

// TestSectionsNoLongerRequired: the compliance page lists the site's
// categories an earlier sections set required and the set in force does
// not, with the sets that did (issue 17, point 4).
func TestSectionsNoLongerRequired(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		cs := content.NewStore(db, h.clock.Now)
		if _, err := cs.CategoryBySlug(ctx, h.main.ID, "chi-dao-dieu-hanh"); err != nil {
			c := &content.Category{SiteID: h.main.ID, Slug: "chi-dao-dieu-hanh", Name: "Chỉ đạo, điều hành", Position: 90}
			if err := cs.SaveCategory(ctx, c, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		h.person("tb17", account.BoardHead, "dong-nai")
		tb := h.browser()
		tb.signIn("tb17")
		p := tb.get("/quan-tri/s/dong-nai/chuyen-muc-bat-buoc")
		if p.status != 200 || !strings.Contains(p.body, "Chuyên mục không còn bắt buộc") {
			t.Fatalf("sections page = %d without the sections no longer required\n%.3000s", p.status, p.body)
		}
		row := regexp.MustCompile(`(?s)data-former="chi-dao-dieu-hanh">.*?</tr>`).FindString(p.body)
		if row == "" || !strings.Contains(row, "Nghị định 42/2022") || !strings.Contains(row, "Nghị định 43/2011") ||
			!strings.Contains(row, `href="/chuyen-muc/chi-dao-dieu-hanh"`) {
			t.Errorf("the former section's row: %q", row)
		}
		if strings.Contains(p.body, `data-former="thong-ke"`) {
			t.Error("a section still required is listed as no longer required")
		}
	})
}

// TestArchivedSiteOutOfQueues: an archived site's citizen requests wait
// in no work queue (workspace, dashboard count, feedback.Queue) while a
// live site's do; its content is found by search, labelled "Lưu trữ"
// (issue 17, point 3).
func TestArchivedSiteOutOfQueues(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		ctx := context.Background()
		sites := site.NewSites(db, h.clock.Now)
		bh, err := sites.ByCode(ctx, "bien-hoa")
		if err != nil || bh.Status != site.Archived {
			t.Fatalf("bien-hoa = %+v, %v; want the demo's archived site", bh, err)
		}
		ward, err := sites.ByCode(ctx, "phuong-tran-bien")
		if err != nil {
			t.Fatal(err)
		}
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		titles := map[int64]string{bh.ID: "Đèn đường hỏng ở khu phố cũ", ward.ID: "Rác thải ùn ứ ở chợ phường"}
		// Biên Hòa's request came before the site was archived: an
		// archived site takes none (feedback.Submit refuses it).
		setStatus := func(st site.Status) {
			if _, err := db.Exec(ctx, `UPDATE sites SET status = ? WHERE id = ?`, string(st), bh.ID); err != nil {
				t.Fatal(err)
			}
		}
		setStatus(site.Active)
		for id, title := range titles {
			if _, _, err := fb.Submit(ctx, feedback.Submission{SiteID: id, Category: feedback.Other, Title: title,
				Body: "Xin cơ quan xem xét giải quyết.", Name: "Người Gửi", Address: "Đồng Nai", Phone: "0900000017"}); err != nil {
				t.Fatal(err)
			}
		}
		setStatus(site.Archived)
		lead := h.person("tt17", account.TeamLead, "bien-hoa")
		if err := h.users.Grant(ctx, lead.ID, ward.ID, account.TeamLead, audit.CLI); err != nil {
			t.Fatal(err)
		}
		u, err := h.users.ByID(ctx, lead.ID)
		if err != nil {
			t.Fatal(err)
		}
		person := feedback.Person{User: u, MainID: h.main.ID}
		if q, err := feedback.Queue(ctx, db, person, bh.ID, h.clock.Now()); err != nil || len(q) != 0 {
			t.Errorf("feedback.Queue of the archived site = %+v, %v; want none", q, err)
		}
		if n, err := feedback.Waits(ctx, db, person, ward.ID); err != nil || n != 1 {
			t.Errorf("feedback.Waits of the ward = %d, %v; want 1", n, err)
		}
		b := h.browser()
		b.signIn("tt17")
		p := b.get("/quan-tri/s/bien-hoa/")
		if p.status != 200 || strings.Contains(p.body, titles[bh.ID]) || !strings.Contains(p.body, "Trang đã lưu trữ từ ngày 1 tháng 7 năm 2025") {
			t.Errorf("archived site's workspace = %d: queued or without its note\n%.3000s", p.status, p.body)
		}
		if p := b.get("/quan-tri/s/phuong-tran-bien/"); !strings.Contains(p.body, titles[ward.ID]) {
			t.Errorf("the ward's workspace lacks its request")
		}
		p = b.get("/quan-tri/")
		if n := strings.Count(p.body, "đang chờ bạn"); p.status != 200 || n != 1 || !strings.Contains(p.body, "1 phản ánh, kiến nghị đang chờ bạn") {
			t.Errorf("dashboard = %d with %d counts; want the ward's only\n%.3000s", p.status, n, p.body)
		}
		// The request is still on the archived site's list of requests.
		if p := b.get("/quan-tri/s/bien-hoa/kien-nghi"); p.status != 200 || !strings.Contains(p.body, titles[bh.ID]) {
			t.Errorf("the archived site's list of requests = %d without its request", p.status)
		}

		// Search finds the archived site's content, labelled.
		at := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)
		doc := search.Doc{ItemID: 987017, SiteID: bh.ID, Kind: string(content.Article), Lang: "vi", Live: true, State: "published",
			Title: "Đề án chỉnh trang đô thị Biên Hòa", Body: "Chỉnh trang vỉa hè, cây xanh ven sông Đồng Nai.", URL: "/tin/de-an-chinh-trang-987017",
			PublishedAt: &at}
		if err := search.New(db, h.clock.Now).Put(ctx, []search.Doc{doc}); err != nil {
			t.Fatal(err)
		}
		reader := h.browser()
		p = reader.get("/tim-kiem?q=" + url.QueryEscape("chỉnh trang đô thị"))
		hit := regexp.MustCompile(`(?s)<li>\s*<h3><a href="/bien-hoa/tin/de-an-chinh-trang-987017">.*?</li>`).FindString(p.body)
		if p.status != 200 || !strings.Contains(hit, `<span class="tag">Lưu trữ</span>`) || !strings.Contains(hit, "Biên Hòa") {
			t.Errorf("search result of the archived site = %q (%d)\n%.3000s", hit, p.status, p.body)
		}
		p = reader.get("/api/v1/search?q=" + url.QueryEscape("chỉnh trang đô thị"))
		var res struct {
			Results []struct {
				URL      string `json:"url"`
				Site     string `json:"site"`
				Archived bool   `json:"archived"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(p.body), &res); err != nil || len(res.Results) == 0 {
			t.Fatalf("API search = %v: %.500s", err, p.body)
		}
		if r := res.Results[0]; r.Site != "bien-hoa" || !r.Archived || r.URL != "/bien-hoa/tin/de-an-chinh-trang-987017" {
			t.Errorf("API result = %+v; want the archived site's, labelled", r)
		}
	})
}
