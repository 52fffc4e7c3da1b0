package search_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// The index follows an item through the workflow with no delay: the
// refresh runs when the change commits (content.Store.OnSaved), so each
// check below runs right after the call that made the change returns.
func TestIndexFollowsTheWorkflow(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		main := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		if err := site.NewSites(db, clock).Create(ctx, main, audit.CLI); err != nil {
			t.Fatal(err)
		}
		users := account.NewUsers(db, clock)
		people := map[account.Role]workflow.Person{}
		for i, r := range []account.Role{account.Editor, account.BoardHead} {
			u, err := users.Create(ctx, account.NewUser{Username: fmt.Sprintf("nguoi%d", i), FullName: string(r), Password: "mat-khau-dai-du"}, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			if err := users.Grant(ctx, u.ID, main.ID, r, audit.CLI); err != nil {
				t.Fatal(err)
			}
			u, _ = users.ByID(ctx, u.ID)
			people[r] = workflow.Person{User: u, MainID: main.ID, IP: "127.0.0.1"}
		}
		cs := content.NewStore(db, clock)
		ix := search.New(db, clock)
		cs.OnSaved = func(id int64) {
			if err := ix.Refresh(ctx, id); err != nil {
				t.Errorf("refresh %d: %v", id, err)
			}
		}
		flow := workflow.New(db, cs, clock)
		public := func(q string) []string {
			t.Helper()
			res, err := ix.Search(ctx, search.Parse(q), search.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.Title)
			}
			return out
		}
		staff := func(q string) int {
			res, err := ix.Search(ctx, search.Parse(q), search.Filter{Staff: true, SiteIDs: []int64{main.ID}})
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
		step := func(id int64, a workflow.Action, by account.Role) *content.Item {
			t.Helper()
			it, err := flow.Apply(ctx, workflow.Request{ItemID: id, Action: a, Comment: "Lý do"}, people[by])
			if err != nil {
				t.Fatalf("%s: %v", a, err)
			}
			return it
		}
		e := content.Edit{Kind: content.Article, Title: "Khởi công cầu Đồng Nai mới", Summary: "Tóm tắt.",
			Body: "<p>Cầu nối hai bờ sông Đồng Nai.</p>", Author: "Nguyễn Văn A", Source: "Sở Giao thông"}
		it, err := cs.Create(ctx, main.ID, e, people[account.Editor].User.Actor(""))
		if err != nil {
			t.Fatal(err)
		}
		if got := public("cau dong nai"); len(got) != 0 || staff("cau dong nai") != 1 {
			t.Fatalf("a draft: public %v, staff %d; want none, one", got, staff("cau dong nai"))
		}
		step(it.ID, workflow.Submit, account.Editor)
		step(it.ID, workflow.Send, account.Editor)
		it = step(it.ID, workflow.Approve, account.BoardHead)
		if got := public("cau dong nai"); len(got) != 1 || got[0] != e.Title {
			t.Fatalf("published: %v", got)
		}
		// An edit is a new draft: the public keeps the published text,
		// staff find the new one; approving it publishes it.
		e2 := e
		e2.Title, e2.Version = "Khánh thành cầu Đồng Nai mới", it.Version
		if it, err = cs.Save(ctx, it.ID, e2, people[account.Editor].User.Actor("")); err != nil {
			t.Fatal(err)
		}
		if got := public(`"khanh thanh"`); len(got) != 0 {
			t.Errorf("the draft of an edit is public: %v", got)
		}
		if got := public(`"khoi cong"`); len(got) != 1 {
			t.Errorf("the published text left the index during the edit: %v", got)
		}
		if staff(`"khanh thanh"`) != 1 {
			t.Errorf("staff do not find the edit's draft")
		}
		step(it.ID, workflow.Submit, account.Editor)
		step(it.ID, workflow.Send, account.Editor)
		it = step(it.ID, workflow.Approve, account.BoardHead)
		if got := public(`"khanh thanh"`); len(got) != 1 || len(public(`"khoi cong"`)) != 0 {
			t.Errorf("after approving the edit: %v / %v", got, public(`"khoi cong"`))
		}
		// Unpublished: gone from public results at once, still found by staff.
		step(it.ID, workflow.Unpublish, account.BoardHead)
		if got := public("cau dong nai"); len(got) != 0 || staff("cau dong nai") != 1 {
			t.Errorf("after unpublishing: public %v", got)
		}
		// A scheduled publication shows when the schedule runs it.
		e3 := content.Edit{Kind: content.Announcement, Title: "Lịch cắt điện khu vực Long Khánh", Summary: "Tóm tắt.",
			Body: "<p>Cắt điện để bảo trì.</p>", Author: "Nguyễn Văn A", Source: "Điện lực"}
		at := now.Add(2 * time.Hour)
		e3.PublishAt = &at
		sch, err := cs.Create(ctx, main.ID, e3, people[account.Editor].User.Actor(""))
		if err != nil {
			t.Fatal(err)
		}
		step(sch.ID, workflow.Submit, account.Editor)
		step(sch.ID, workflow.Send, account.Editor)
		step(sch.ID, workflow.Approve, account.BoardHead)
		if got := public("cat dien long khanh"); len(got) != 0 {
			t.Errorf("scheduled, not yet due: %v", got)
		}
		if _, err := flow.RunSchedule(ctx, at.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if got := public("cat dien long khanh"); len(got) != 1 {
			t.Errorf("after the schedule ran: %v", got)
		}
		// A legal document: its number in any typing finds it, after
		// cong search reindex too.
		ls := legal.NewStore(db, clock)
		id, _, err := cs.Import(ctx, main.ID, "vb-1", content.Edit{Kind: content.Legal, Title: "Quy định về cung cấp thông tin",
			Body: "<p>Nội dung.</p>", Author: "Chính phủ", Source: "Chính phủ"}, now, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := ls.Save(ctx, legal.Doc{ItemID: id, Number: "43/2011/NĐ-CP", Type: "Nghị định"}); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"43/2011/NĐ-CP", "43-2011-nd-cp", "43 2011 ND CP"} {
			if got := public(q); len(got) != 1 || got[0] != "Quy định về cung cấp thông tin" {
				t.Errorf("%q after reindex: %v", q, got)
			}
		}
		if got := public(`"khanh thanh"`); len(got) != 0 {
			t.Errorf("reindex made the unpublished item public: %v", got)
		}
	})
}
