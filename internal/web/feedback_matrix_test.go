package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestFeedbackMatrixOverHTTP: every role tries to register a request,
// route one and open the Open311 keys; the server allows exactly what
// the role matrix says, refuses the rest with 403 and changes nothing.
func TestFeedbackMatrixOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		fb := feedback.NewStore(db, feedback.Options{Now: h.clock.Now})
		units, err := directory.NewStore(db, h.clock.Now).Units(ctx, h.main.ID)
		if err != nil || len(units) == 0 {
			t.Fatalf("units: %v", err)
		}
		unit := units[len(units)-1].ID
		lead := h.person("dieuphoi", account.BoardDeputy, "dong-nai")
		boss := feedback.Person{User: lead, MainID: h.main.ID, IP: "test"}
		boss.User, _ = h.users.ByID(ctx, lead.ID)
		fresh := func(state feedback.State) int64 {
			r, _, err := fb.Submit(ctx, feedback.Submission{SiteID: h.main.ID, Category: feedback.Other, Title: "Thử quyền",
				Body: "Thử quyền", Name: "Người Thử", Address: "Đồng Nai", Phone: "0900000000"})
			if err != nil {
				t.Fatal(err)
			}
			if state == feedback.InScope {
				for _, a := range []feedback.Action{feedback.Register, feedback.Accept} {
					if _, err := fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: a}, boss); err != nil {
						t.Fatal(err)
					}
				}
			}
			return r.ID
		}
		for i, role := range account.Roles {
			name := fmt.Sprintf("pakn%d", i)
			h.person(name, role, "dong-nai")
			b := h.browser()
			b.signIn(name)
			cases := []struct {
				action account.Action
				id     int64
				form   url.Values
				want   feedback.State
			}{
				{account.HandleFeedback, fresh(feedback.Received), url.Values{"action": {"register"}}, feedback.Registered},
				{account.RouteFeedback, fresh(feedback.InScope), url.Values{"action": {"assign"}, "unit": {itoa(unit)}}, feedback.Assigned},
			}
			for _, c := range cases {
				p := b.post(fmt.Sprintf("/quan-tri/s/dong-nai/kien-nghi/%d/buoc", c.id), c.form)
				r, _ := fb.Get(ctx, c.id)
				allowed := account.Allows(role, c.action)
				switch {
				case allowed && (p.status != http.StatusSeeOther || r.State != c.want):
					t.Errorf("%s %s: %d, state %s", role, c.action, p.status, r.State)
				case !allowed && (p.status != http.StatusForbidden || r.State == c.want):
					t.Errorf("%s %s: %d, state %s; the matrix refuses it", role, c.action, p.status, r.State)
				}
			}
			p := b.get("/quan-tri/open311")
			if want := account.Allows(role, account.ManageSettings); (p.status == http.StatusOK) != want {
				t.Errorf("%s open311 keys: %d", role, p.status)
			}
		}
	})
}
