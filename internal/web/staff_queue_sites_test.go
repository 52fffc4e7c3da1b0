package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestStaffQueueAcrossSites: a request sent on the main portal and routed
// there to a unit of a department's site waits in the workspace queue of
// that unit's liaison on the department's site — the liaison's only
// site — with a link to the request's page on the main portal, which the
// liaison opens and answers there; the department's list of requests
// holds it too, and another liaison of the department sees it nowhere
// (issue 13).
func TestStaffQueueAcrossSites(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		ctx := context.Background()
		dept, err := site.NewSites(db, h.clock.Now).ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		u := &directory.Unit{SiteID: dept.ID, Name: "Phòng Quản lý khoa học"}
		if err := directory.NewStore(db, h.clock.Now).SaveUnit(ctx, u, audit.CLI); err != nil {
			t.Fatal(err)
		}
		unit := u.ID
		h.person("btv8", account.Editor, "dong-nai")
		h.person("tt8", account.TeamLead, "dong-nai")
		h.person("tt8k", account.TeamLead, "so-khcn")
		liaison := h.person("dm8", account.Liaison, "so-khcn")
		h.person("dm8b", account.Liaison, "so-khcn")
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		lead, _ := h.users.ByID(ctx, mustUserID(t, h, "tt8k"))
		liaisonUser, _ := h.users.ByID(ctx, liaison.ID)
		if err := fb.SetLiaison(ctx, dept.ID, unit, liaisonUser, true, feedback.Person{User: lead, MainID: h.main.ID, IP: "test"}); err != nil {
			t.Fatal(err)
		}
		const title = "Hồ sơ đề tài khoa học chờ quá lâu"
		r, _, err := fb.Submit(ctx, feedback.Submission{SiteID: h.main.ID, Category: feedback.Other, Title: title,
			Body: "Hồ sơ nộp từ tháng trước chưa có phản hồi.", Name: "Người Gửi", Address: "Đồng Nai", Phone: "0900000008"})
		if err != nil {
			t.Fatal(err)
		}
		people := map[string]*browser{}
		for _, name := range []string{"btv8", "tt8", "dm8", "dm8b"} {
			people[name] = h.browser()
			people[name].signIn(name)
		}
		caseURL := fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d", r.ID)
		step := func(who string, form url.Values) {
			t.Helper()
			if p := people[who].post(caseURL+"/buoc", form); p.status != http.StatusSeeOther {
				t.Fatalf("%s %s = %d\n%.2000s", who, form.Get("action"), p.status, p.body)
			}
		}
		step("btv8", url.Values{"action": {"register"}})
		step("btv8", url.Values{"action": {"accept"}})
		step("tt8", url.Values{"action": {"assign"}, "unit": {itoa(unit)}})

		ws := people["dm8"].get("/quan-tri/s/so-khcn/")
		sec := queueSection(ws.body, feedback.Assigned)
		if !strings.Contains(sec, title) || !strings.Contains(sec, `href="`+caseURL+`"`) {
			t.Fatalf("the unit's liaison's queue on the department does not link the main portal's request at %s:\n%.4000s", caseURL, ws.body)
		}
		if !strings.Contains(sec, "Gửi đến "+h.main.Name) {
			t.Errorf("the queue does not say the request was sent to the main portal:\n%s", sec)
		}
		if strings.Contains(ws.body, "Không có việc nào đang chờ bạn") {
			t.Errorf("the liaison's workspace says nothing waits")
		}
		if p := people["dm8"].get("/quan-tri/"); !strings.Contains(p.body, `<a href="/quan-tri/s/so-khcn/"><strong>1 phản ánh, kiến nghị đang chờ bạn</strong></a>`) {
			t.Errorf("the liaison's dashboard does not count the request:\n%.3000s", p.body)
		}
		if p := people["dm8"].get("/quan-tri/s/so-khcn/kien-nghi"); !strings.Contains(p.body, `href="`+caseURL+`"`) {
			t.Errorf("the department's list of requests does not hold it for the liaison:\n%.3000s", p.body)
		}
		// The tracking code typed in the department's list opens it too.
		if p := people["dm8"].get("/quan-tri/s/so-khcn/kien-nghi?ma=" + r.Code); p.status != http.StatusSeeOther || p.location != caseURL {
			t.Errorf("the code typed in the department's list: %d to %q, want %s", p.status, p.location, caseURL)
		}
		if p := people["dm8b"].get("/quan-tri/s/so-khcn/kien-nghi?ma=" + r.Code); p.status != http.StatusOK || !strings.Contains(p.body, "Không có phản ánh mã") {
			t.Errorf("another liaison typing the code: %d, want the list saying there is no such request of theirs", p.status)
		}
		other := people["dm8b"].get("/quan-tri/s/so-khcn/")
		if strings.Contains(other.body, title) {
			t.Errorf("a liaison not named for the unit is queued the request")
		}
		if p := people["dm8b"].get(caseURL); p.status != http.StatusForbidden {
			t.Errorf("a liaison not named for the unit opens the request: %d", p.status)
		}

		// The link works: the case page, with the answer form, then the answer.
		cp := people["dm8"].get(caseURL)
		if cp.status != http.StatusOK || !strings.Contains(cp.body, `id="fb-answer"`) {
			t.Fatalf("the liaison opens the request from the queue: %d, answer offered: %v\n%.3000s", cp.status, strings.Contains(cp.body, `id="fb-answer"`), cp.body)
		}
		// Its link back to the list leads where the liaison may go: the
		// department's list, not the main portal's (403).
		if !strings.Contains(cp.body, `<p class="subnav"><a href="/quan-tri/s/so-khcn/kien-nghi">`) {
			t.Errorf("the case page's list link does not lead to the department's list:\n%.1500s", cp.body)
		}
		step("dm8", url.Values{"action": {"answer"}, "answer": {"Sở đã liên hệ và hướng dẫn bổ sung hồ sơ."}})
		got, err := fb.Get(ctx, r.ID)
		if err != nil || got.State != feedback.Answered {
			t.Fatalf("after the liaison's answer the request is %v (%v); want answered", got.State, err)
		}
		if sec := queueSection(people["dm8"].get("/quan-tri/s/so-khcn/").body, feedback.Assigned); strings.Contains(sec, title) {
			t.Errorf("the answered request still waits for the liaison")
		}
	})
}
