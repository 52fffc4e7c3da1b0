package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestStaffAuditFeedbackStatesInWords: the audit log names the states a
// citizen request's steps record by their words, never by their codes
// ("in_scope → assigned"), in Vietnamese and in the English UI; the
// free-text details of feedback entries stay as they were (issue 13).
func TestStaffAuditFeedbackStatesInWords(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		ctx := context.Background()
		h.person("qt13", account.Admin, "dong-nai")
		h.person("btv13", account.Editor, "dong-nai")
		h.person("tt13", account.TeamLead, "dong-nai")
		units, err := directory.NewStore(db, h.clock.Now).Units(ctx, h.main.ID)
		if err != nil || len(units) == 0 {
			t.Fatalf("units: %v", err)
		}
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		r, _, err := fb.Submit(ctx, feedback.Submission{SiteID: h.main.ID, Category: feedback.Other, Title: "Cống thoát nước bị tắc",
			Body: "Nước ngập sau mỗi cơn mưa.", Name: "Người Gửi", Address: "Đồng Nai", Phone: "0900000013"})
		if err != nil {
			t.Fatal(err)
		}
		staff := map[string]*browser{}
		for _, name := range []string{"qt13", "btv13", "tt13"} {
			staff[name] = h.browser()
			staff[name].signIn(name)
		}
		for _, s := range []struct {
			who  string
			form url.Values
		}{
			{"btv13", url.Values{"action": {"register"}}},
			{"btv13", url.Values{"action": {"accept"}}},
			{"tt13", url.Values{"action": {"assign"}, "unit": {itoa(units[0].ID)}}},
		} {
			if p := staff[s.who].post(fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d/buoc", r.ID), s.form); p.status != http.StatusSeeOther {
				t.Fatalf("%s %s = %d", s.who, s.form.Get("action"), p.status)
			}
		}
		if p := staff["btv13"].get(fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d", r.ID)); p.status != http.StatusOK {
			t.Fatalf("the case page = %d", p.status)
		}
		admin := staff["qt13"]
		codes := []string{"received", "registered", "in_scope", "assigned"}
		for _, c := range []struct{ action, want string }{
			{"feedback.submit", "<td>Đã tiếp nhận</td>"},
			{"feedback.register", "<td>Đã tiếp nhận → Đã vào sổ</td>"},
			{"feedback.accept", "<td>Đã vào sổ → Thuộc thẩm quyền, đang phân công</td>"},
			{"feedback.assign", "<td>Thuộc thẩm quyền, đang phân công → Đơn vị đang xử lý</td>"},
		} {
			body := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=" + c.action).body)
			if !strings.Contains(body, c.want) {
				t.Errorf("%s: the audit log does not show %q:\n%.3000s", c.action, c.want, body)
			}
			for _, code := range codes {
				if strings.Contains(body, "<td>"+code) || strings.Contains(body, " "+code+"</td>") {
					t.Errorf("%s: the audit log shows the state code %q", c.action, code)
				}
			}
		}
		// The sender's data seen: a detail that is not states, in words still.
		if body := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=feedback.view").body); !strings.Contains(body, "đã hiện thông tin cá nhân của người gửi") {
			t.Errorf("feedback.view's detail is no longer in words:\n%.2000s", body)
		}
		admin.get("/ngon-ngu?lang=en&next=/quan-tri/")
		for _, c := range []struct{ action, en string }{
			{"feedback.submit", "<td>Received</td>"},
			{"feedback.assign", "<td>In scope, being routed → With a unit</td>"},
		} {
			if body := html.UnescapeString(admin.get("/quan-tri/nhat-ky?action=" + c.action).body); !strings.Contains(body, c.en) {
				t.Errorf("%s: the English audit log does not show %q:\n%.3000s", c.action, c.en, body)
			}
		}
	})
}
