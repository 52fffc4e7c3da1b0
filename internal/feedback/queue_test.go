package feedback_test

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestLiaisonQueueAcrossSites: a request of the main portal routed to a
// unit of a department's site waits in the queue of that unit's liaison
// on the department's workspace — where the liaison works, holding no
// role on the main portal — and the liaison may open and answer it; the
// department's own requests still wait there too, and a liaison of the
// department not named for the unit sees neither (issue 13).
func TestLiaisonQueueAcrossSites(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		dept := &site.Site{Code: "so-tu-phap", Kind: site.Department, Name: "Sở Tư pháp tỉnh Thử", PathPrefix: "/so-tu-phap"}
		if err := site.NewSites(db, f.clock.Now).Create(ctx, dept, audit.CLI); err != nil {
			t.Fatal(err)
		}
		unit := &directory.Unit{SiteID: dept.ID, Name: "Phòng Hành chính tư pháp"}
		if err := directory.NewStore(db, f.clock.Now).SaveUnit(ctx, unit, audit.CLI); err != nil {
			t.Fatal(err)
		}
		person := func(name string, role account.Role, siteID int64) feedback.Person {
			u, err := f.users.Create(ctx, account.NewUser{Username: name, FullName: name, Email: name + "@example.vn", Password: "mật-khẩu-dài-đủ-1"}, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.users.Grant(ctx, u.ID, siteID, role, audit.CLI); err != nil {
				t.Fatal(err)
			}
			u, _ = f.users.ByID(ctx, u.ID)
			return feedback.Person{User: u, MainID: f.site.ID, IP: "127.0.0.1"}
		}
		liaison := person("daumoi-stp", account.Liaison, dept.ID)
		other := person("daumoi-stp2", account.Liaison, dept.ID)
		deptLead := person("totruong-stp", account.TeamLead, dept.ID)
		deptEditor := person("bientap-stp", account.Editor, dept.ID)
		if err := f.fb.SetLiaison(ctx, dept.ID, unit.ID, liaison.User, true, deptLead); err != nil {
			t.Fatal(err)
		}

		// One request of the main portal, routed to the department's unit
		// by the main portal's team lead; one of the department's own.
		r, _, err := f.fb.Submit(ctx, f.submission())
		if err != nil {
			t.Fatal(err)
		}
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Register})
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Accept})
		f.step("totruong", feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: unit.ID})
		sub := f.submission()
		sub.SiteID, sub.Title = dept.ID, "Chứng thực bản sao chậm"
		own, _, err := f.fb.Submit(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			who feedback.Person
			req feedback.StepRequest
		}{
			{deptEditor, feedback.StepRequest{ID: own.ID, Action: feedback.Register}},
			{deptEditor, feedback.StepRequest{ID: own.ID, Action: feedback.Accept}},
			{deptLead, feedback.StepRequest{ID: own.ID, Action: feedback.Assign, UnitID: unit.ID}},
		} {
			if _, err := f.fb.Step(ctx, st.req, st.who); err != nil {
				t.Fatalf("%s: %v", st.req.Action, err)
			}
		}

		queued := func(p feedback.Person) []int64 {
			t.Helper()
			ws, err := feedback.Queue(ctx, db, p, dept.ID, f.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, w := range ws {
				if w.State != feedback.Assigned {
					t.Errorf("%s's queue has %s requests", p.User.Username, w.State)
				}
				for _, q := range w.Requests {
					ids = append(ids, q.ID)
				}
			}
			n, err := feedback.Waits(ctx, db, p, dept.ID)
			if err != nil || n != len(ids) {
				t.Errorf("%s: Waits = %d, %v; the queue lists %d", p.User.Username, n, err, len(ids))
			}
			return ids
		}
		if got := queued(liaison); len(got) != 2 || got[0] != r.ID || got[1] != own.ID {
			t.Errorf("the unit's liaison's queue on the department = %v; want the main portal's %d and the department's %d, oldest first", got, r.ID, own.ID)
		}
		if got := queued(other); len(got) != 0 {
			t.Errorf("a liaison not named for the unit is queued %v", got)
		}
		// The staff list of the department, as a liaison reads it.
		list, err := f.fb.List(ctx, feedback.Filter{UnitSiteID: dept.ID, Answerer: liaison.User.ID})
		if err != nil || len(list) != 2 {
			t.Errorf("the liaison's list on the department = %d requests, %v; want 2", len(list), err)
		}

		// The liaison, with no role on the main portal, may open the main
		// portal's request and answer it.
		got, err := f.fb.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := f.fb.Handles(ctx, got, liaison); !ok || err != nil {
			t.Fatalf("Handles = %v, %v for the unit's liaison", ok, err)
		}
		if ok, _ := f.fb.Handles(ctx, got, other); ok {
			t.Errorf("a liaison not named for the unit handles the request")
		}
		if acts := f.fb.Actions(ctx, got, liaison); len(acts) != 1 || acts[0] != feedback.Answer {
			t.Errorf("the liaison is offered %v; want [answer]", acts)
		}
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Answer, Answer: "Sở đã rà soát thủ tục."}, other); err == nil {
			t.Errorf("a liaison not named for the unit answered")
		}
		done, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Answer, Answer: "Sở đã rà soát thủ tục."}, liaison)
		if err != nil || done.State != feedback.Answered {
			t.Fatalf("the liaison's answer: %v", err)
		}
		if got := queued(liaison); len(got) != 1 || got[0] != own.ID {
			t.Errorf("after answering, the liaison's queue = %v; want only %d", got, own.ID)
		}
	})
}
