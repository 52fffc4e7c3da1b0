package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// queueSection is the part of a workspace that lists the citizen
// requests in state, "" when there is none.
func queueSection(body string, state feedback.State) string {
	m := regexp.MustCompile(`(?s)<section aria-labelledby="q-fb-` + string(state) + `">.*?</section>`).FindString(body)
	return html.UnescapeString(m)
}

// TestStaffQueueHoldsCitizenRequests follows a citizen request through
// the work queues of the people who move it on, each step taken through
// the staff form: new, it waits in the queue of those who take requests
// in; in scope, of those who route them; assigned to a unit, of that
// unit's liaison — and of no other liaison; answered, of those who approve
// answers; each time with a link to it and its deadline, flagged once
// overdue (issue 13, item 7).
func TestStaffQueueHoldsCitizenRequests(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		ctx := context.Background()
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		units, err := directory.NewStore(db, h.clock.Now).Units(ctx, h.main.ID)
		if err != nil || len(units) < 2 {
			t.Fatalf("units: %v", err)
		}
		unit := units[len(units)-1].ID
		h.person("btv7", account.Editor, "dong-nai")
		h.person("tt7", account.TeamLead, "dong-nai")
		h.person("pho7", account.BoardDeputy, "dong-nai")
		liaison := h.person("dm7", account.Liaison, "dong-nai")
		other := h.person("dm7b", account.Liaison, "dong-nai")
		boss, _ := h.users.ByID(ctx, mustUserID(t, h, "pho7"))
		me := feedback.Person{User: boss, MainID: h.main.ID, IP: "test"}
		for _, c := range []struct {
			user *account.User
			unit int64
		}{{liaison, unit}, {other, units[0].ID}} {
			u, _ := h.users.ByID(ctx, c.user.ID)
			if err := fb.SetLiaison(ctx, h.main.ID, c.unit, u, true, me); err != nil {
				t.Fatal(err)
			}
		}
		const title = "Đèn đường hỏng trên đường Phạm Văn Thuận"
		r, _, err := fb.Submit(ctx, feedback.Submission{SiteID: h.main.ID, Category: feedback.Other, Title: title,
			Body: "Ba cột đèn không sáng từ tuần trước.", Name: "Người Gửi", Address: "Đồng Nai", Phone: "0900000007"})
		if err != nil {
			t.Fatal(err)
		}
		link := fmt.Sprintf(`href="/quan-tri/s/dong-nai/kien-nghi/%d"`, r.ID)
		ws := "/quan-tri/s/dong-nai/"
		people := map[string]*browser{}
		for _, name := range []string{"btv7", "tt7", "pho7", "dm7", "dm7b"} {
			people[name] = h.browser()
			people[name].signIn(name)
		}
		// who must see the request in which state; nobody else sees it.
		expect := func(state feedback.State, who ...string) {
			t.Helper()
			for name, b := range people {
				p := b.get(ws)
				sec := queueSection(p.body, state)
				want := false
				for _, w := range who {
					want = want || w == name
				}
				has := strings.Contains(sec, title) && strings.Contains(sec, link)
				if has != want {
					t.Errorf("%s: %s's queue shows the request: %v, want %v\n%.3000s", state, name, has, want, p.body)
				}
				if want && strings.Contains(p.body, "Không có việc nào đang chờ bạn") {
					t.Errorf("%s: %s's queue says nothing waits", state, name)
				}
				if want {
					if p := b.get(link[len(`href="`) : len(link)-1]); p.status != http.StatusOK {
						t.Errorf("%s: %s opens the request from the queue: %d", state, name, p.status)
					}
				}
			}
		}
		step := func(who string, form url.Values) {
			t.Helper()
			if p := people[who].post(fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d/buoc", r.ID), form); p.status != http.StatusSeeOther {
				t.Fatalf("%s %s = %d\n%.2000s", who, form.Get("action"), p.status, p.body)
			}
		}
		expect(feedback.Received, "btv7", "tt7", "pho7")
		step("btv7", url.Values{"action": {"register"}})
		expect(feedback.Registered, "btv7", "tt7", "pho7")
		step("btv7", url.Values{"action": {"accept"}})
		expect(feedback.InScope, "tt7", "pho7")
		step("tt7", url.Values{"action": {"assign"}, "unit": {itoa(unit)}})
		expect(feedback.Assigned, "dm7")
		// The dashboard, where the liaison lands, says so and leads there.
		if p := people["dm7"].get("/quan-tri/"); !strings.Contains(p.body, `<a href="/quan-tri/s/dong-nai/"><strong>1 phản ánh, kiến nghị đang chờ bạn</strong></a>`) {
			t.Errorf("the liaison's dashboard does not count the request:\n%.3000s", p.body)
		}
		if p := people["dm7b"].get("/quan-tri/"); strings.Contains(p.body, "đang chờ bạn") {
			t.Errorf("another unit's liaison is told a request waits")
		}
		// The deadline is shown, and flagged once past.
		if sec := queueSection(people["dm7"].get(ws).body, feedback.Assigned); !strings.Contains(sec, "Hạn xử lý") || strings.Contains(sec, "Quá hạn") {
			t.Errorf("the liaison's queue shows no deadline, or one overdue already:\n%s", sec)
		}
		step("dm7", url.Values{"action": {"answer"}, "answer": {"Đã thay bóng đèn ngày hôm qua."}})
		expect(feedback.Answered, "pho7")
		h.clock.Add(60 * 24 * time.Hour)
		late := h.browser()
		late.secret = people["pho7"].secret
		late.signIn("pho7")
		sec := queueSection(late.get(ws).body, feedback.Answered)
		if !strings.Contains(sec, title) || !strings.Contains(sec, `<strong class="flag">Quá hạn</strong>`) {
			t.Errorf("an answer awaiting approval past its deadline is not flagged:\n%s", sec)
		}
	})
}
