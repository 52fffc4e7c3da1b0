package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// local writes t as an <input type="datetime-local"> value in Vietnam.
func local(t time.Time) string { return t.In(vn.ICT).Format("2006-01-02T15:04") }

type statusDoc struct {
	ReadOnly bool `json:"read_only"`
	Notices  []struct {
		Start    time.Time `json:"start"`
		End      time.Time `json:"end"`
		Services string    `json:"services"`
		Reason   string    `json:"reason"`
		State    string    `json:"state"`
	} `json:"notices"`
}

func (b *browser) status() statusDoc {
	b.h.t.Helper()
	p := b.get("/api/v1/status")
	if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
		b.h.t.Fatalf("/api/v1/status: %d %s\n%s", p.status, p.header.Get("Content-Type"), p.body)
	}
	var d statusDoc
	if err := json.Unmarshal([]byte(p.body), &d); err != nil {
		b.h.t.Fatalf("/api/v1/status: %v\n%s", err, p.body)
	}
	return d
}

const (
	bannerVI = "Tạm ngừng theo kế hoạch:"
	bannerEN = "Planned suspension:"
	nowVI    = "Đang tạm ngừng:"
)

// TestMaintenanceNotices: an administrator schedules a suspension five
// weeks ahead on /quan-tri/bao-tri (one starting tomorrow is refused
// unless force majeure is chosen with its reason); the announcement is
// published on the main portal; the banner appears on every public page,
// in Vietnamese and English, once the notice period begins, says
// "suspended now" during the suspension and is gone after its end — on
// pages the page cache served before; /api/v1/status follows it.
func TestMaintenanceNotices(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("quantri-bt", account.Admin, "dong-nai")
		h.person("bientap-bt", account.Editor, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri-bt")
		anon := h.browser()

		// Only administrators.
		editor := h.browser()
		editor.signIn("bientap-bt")
		if p := editor.get("/quan-tri/bao-tri"); p.status != http.StatusForbidden {
			t.Fatalf("an editor opens the maintenance screen: %d", p.status)
		}
		if p := editor.post("/quan-tri/bao-tri/chi-doc", url.Values{"on": {"1"}}); p.status != http.StatusForbidden {
			t.Fatalf("an editor turns read-only on: %d", p.status)
		}
		form := admin.get("/quan-tri/bao-tri")
		if form.status != http.StatusOK || !strings.Contains(form.body, "Điều 13") || !strings.Contains(form.body, `name="force_reason"`) {
			t.Fatalf("maintenance screen: %d\n%s", form.status, form.body)
		}

		// The home page is cached without a banner.
		for range 2 {
			if p := anon.get("/"); p.status != http.StatusOK || strings.Contains(p.body, "upkeep-banner") {
				t.Fatalf("home before any notice: %d, banner: %t", p.status, strings.Contains(p.body, "upkeep-banner"))
			}
		}

		now := h.clock.Now()
		tomorrow := now.AddDate(0, 0, 1)
		notice := url.Values{"start": {local(tomorrow)}, "end": {local(tomorrow.Add(2 * time.Hour))},
			"services": {"Gửi phản ánh, kiến nghị"}, "reason": {"Nâng cấp cơ sở dữ liệu"}}
		p := admin.post("/quan-tri/bao-tri", notice)
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "ít nhất 7 ngày làm việc") {
			t.Fatalf("a suspension tomorrow: %d\n%s", p.status, p.body)
		}
		notice.Set("force", "1")
		if p := admin.post("/quan-tri/bao-tri", notice); p.status != http.StatusUnprocessableEntity {
			t.Fatalf("force majeure without its reason: %d", p.status)
		}
		if h.auditCount("maintenance.schedule") != 0 {
			t.Fatal("a refused notice was recorded")
		}

		start := time.Date(now.Year(), now.Month(), now.Day(), 22, 0, 0, 0, vn.ICT).AddDate(0, 0, 35)
		end := start.Add(6 * time.Hour)
		planned := url.Values{"start": {local(start)}, "end": {local(end)},
			"services": {"Toàn bộ Cổng thông tin"}, "reason": {"Chuyển máy chủ sang trung tâm dữ liệu mới"}}
		if p := admin.post("/quan-tri/bao-tri", planned); p.status != http.StatusSeeOther || p.location != "/quan-tri/bao-tri?luu=1" {
			t.Fatalf("a suspension five weeks ahead: %d\n%s", p.status, p.body)
		}
		if h.auditCount("maintenance.schedule") != 1 {
			t.Fatal("the notice was not audited")
		}

		// The announcement, published on the main portal.
		ctx := context.Background()
		var itemID int64
		var kind, state string
		if err := db.QueryRow(ctx, `SELECT i.id, i.kind, i.state FROM items i JOIN maintenance_notices m ON m.item_id = i.id
			WHERE i.site_id = ?`, h.main.ID).Scan(&itemID, &kind, &state); err != nil {
			t.Fatalf("no announcement item: %v", err)
		}
		if kind != string(content.Announcement) || state != "published" {
			t.Fatalf("announcement is a %s in state %s", kind, state)
		}
		it, err := content.NewStore(db, h.clock.Now).Get(ctx, itemID)
		if err != nil {
			t.Fatal(err)
		}
		if p := anon.get(it.URL()); p.status != http.StatusOK || !strings.Contains(p.body, "Chuyển máy chủ sang trung tâm dữ liệu mới") {
			t.Fatalf("announcement %s: %d", it.URL(), p.status)
		}

		// Force majeure with its reason, then cancelled: the announcement
		// says so, the banner goes at once.
		soon := h.clock.Now().Add(time.Hour)
		fm := url.Values{"start": {local(soon)}, "end": {local(soon.Add(time.Hour))}, "services": {"Tra cứu văn bản"},
			"reason": {"Sự cố nguồn điện"}, "force": {"1"}, "force_reason": {"Mất điện lưới khu vực"}}
		if p := admin.post("/quan-tri/bao-tri", fm); p.status != http.StatusSeeOther || p.location != "/quan-tri/bao-tri?luu=1" {
			t.Fatalf("force majeure with its reason: %d\n%s", p.status, p.body)
		}
		if p := anon.get("/"); !strings.Contains(p.body, "Tra cứu văn bản từ") {
			t.Fatal("force-majeure notice not on the banner")
		}
		var id int64
		if err := db.QueryRow(ctx, `SELECT id FROM maintenance_notices WHERE force_reason <> ''`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if p := admin.post("/quan-tri/bao-tri/"+strconv.FormatInt(id, 10)+"/huy", url.Values{"cancel_reason": {"Đã có điện trở lại"}}); p.status != http.StatusSeeOther {
			t.Fatalf("cancel: %d\n%s", p.status, p.body)
		}
		if p := anon.get("/"); strings.Contains(p.body, "upkeep-banner") {
			t.Fatal("cancelled notice still on the banner")
		}
		var title string
		if err := db.QueryRow(ctx, `SELECT r.title FROM items i JOIN revisions r ON r.id = i.published_rev
			JOIN maintenance_notices m ON m.item_id = i.id WHERE m.id = ?`, id).Scan(&title); err != nil || !strings.HasPrefix(title, "Hủy thông báo") {
			t.Fatalf("the cancelled notice's announcement reads %q (%v)", title, err)
		}
		if h.auditCount("maintenance.cancel") != 1 {
			t.Error("cancel not audited")
		}

		// Five weeks ahead: listed and in the API, not yet on the banner.
		d := anon.status()
		if d.ReadOnly || len(d.Notices) != 1 || d.Notices[0].State != "planned" || !d.Notices[0].Start.Equal(start) ||
			!d.Notices[0].End.Equal(end) || d.Notices[0].Services != "Toàn bộ Cổng thông tin" {
			t.Fatalf("status five weeks ahead: %+v", d)
		}
		if p := anon.get("/"); strings.Contains(p.body, "upkeep-banner") {
			t.Fatal("banner shown before the notice period")
		}
		if p := anon.get("/thong-bao-bao-tri"); p.status != http.StatusOK || !strings.Contains(p.body, "Toàn bộ Cổng thông tin") {
			t.Fatalf("/thong-bao-bao-tri: %d", p.status)
		}

		// Within the notice period: on every public page, both languages,
		// the cached home page included (served twice: the second from the cache).
		h.clock.Add(start.Add(-2 * time.Hour).Sub(h.clock.Now()))
		for _, path := range []string{"/", "/", "/gioi-thieu", "/so-khcn/", "/van-ban", "/phan-anh-kien-nghi"} {
			if p := anon.get(path); p.status != http.StatusOK || !strings.Contains(p.body, bannerVI) || !strings.Contains(p.body, "Toàn bộ Cổng thông tin") {
				t.Fatalf("%s within the notice period: %d, no banner", path, p.status)
			}
		}
		for _, path := range []string{"/en/", "/en/", "/so-khcn/en/"} {
			if p := anon.get(path); p.status != http.StatusOK || !strings.Contains(p.body, bannerEN) || !strings.Contains(p.body, "expected back at") {
				t.Fatalf("%s within the notice period: %d, no English banner", path, p.status)
			}
		}

		// During the suspension.
		h.clock.Add(3 * time.Hour)
		if p := anon.get("/"); !strings.Contains(p.body, nowVI) {
			t.Fatal("the banner does not say the suspension is in progress")
		}
		if d := anon.status(); len(d.Notices) != 1 || d.Notices[0].State != "current" {
			t.Fatalf("status during: %+v", d)
		}

		// After the end: gone, from the cached pages too.
		h.clock.Add(end.Sub(h.clock.Now()) + time.Minute)
		for _, path := range []string{"/", "/en/", "/gioi-thieu"} {
			if p := anon.get(path); p.status != http.StatusOK || strings.Contains(p.body, "upkeep-banner") {
				t.Fatalf("%s after the end: %d, banner still there", path, p.status)
			}
		}
		if d := anon.status(); len(d.Notices) != 0 {
			t.Fatalf("status after the end: %+v", d)
		}

	})
}
