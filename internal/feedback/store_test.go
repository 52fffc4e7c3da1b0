package feedback_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestWholePath follows a request from intake to the public Q&A: codes,
// deadlines, routing, the liaison's answer, approval, the timeline the
// sender sees, and the audit log of every step.
func TestWholePath(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		r, token, err := f.fb.Submit(ctx, f.submission())
		if err != nil {
			t.Fatal(err)
		}
		if r.Code != "PAKN-2026-000001" || r.State != feedback.Received || token == "" {
			t.Fatalf("code %q state %q token %q", r.Code, r.State, token)
		}
		// Received Fri 13/2/2026; Tết is Mon 16 to Fri 20/2: the fifth
		// working day is Fri 27/2 and the fifteenth Fri 13/3.
		if got := feedback.LastDay(r.ForwardDue).Format("2006-01-02"); got != "2026-02-27" {
			t.Errorf("forward due %s, want 2026-02-27", got)
		}
		if got := feedback.LastDay(r.AnswerDue).Format("2006-01-02"); got != "2026-03-13" {
			t.Errorf("answer due %s, want 2026-03-13", got)
		}
		if len(f.mails) != 1 || f.mails[0].to != "an@example.vn" || !strings.Contains(f.mails[0].text, feedback.LinkPath(r.Code, token)) {
			t.Fatalf("confirmation mail: %+v", f.mails)
		}
		if _, err := f.fb.ByLink(ctx, r.Code, "sai"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a wrong secret opened the private page: %v", err)
		}
		// The collaborator may not register; the liaison may not answer
		// before the request is routed to the unit.
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Register}, f.people["ctv"]); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("collaborator registered: %v", err)
		}
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Register})
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Accept})
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: f.unitA.ID}, f.people["bientap"]); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an editor routed a request: %v", err)
		}
		f.step("totruong", feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: f.unitA.ID})
		// Reassignment needs a reason.
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: f.unitB.ID}, f.people["totruong"]); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("reassigned without a reason: %v", err)
		}
		f.step("totruong", feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: f.unitB.ID, Reason: "Thuộc lĩnh vực xây dựng"})
		// The unit names its liaison: the other liaison may not answer.
		if err := f.fb.SetLiaison(ctx, f.site.ID, f.unitB.ID, f.people["daumoi"].User, true, f.people["totruong"]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: r.ID, Action: feedback.Answer, Answer: "x"}, f.people["daumoi2"]); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("another unit's liaison answered: %v", err)
		}
		f.step("daumoi", feedback.StepRequest{ID: r.ID, Action: feedback.Answer, Answer: "Sở Xây dựng đã <b>rút gọn</b> hồ sơ."})
		f.step("truongban", feedback.StepRequest{ID: r.ID, Action: feedback.Return, Reason: "Bổ sung căn cứ"})
		f.step("daumoi", feedback.StepRequest{ID: r.ID, Action: feedback.Answer, Answer: "Theo Quyết định 12/2026/QĐ-UBND, hồ sơ chỉ cần 1 bản sao."})
		got := f.step("truongban", feedback.StepRequest{ID: r.ID, Action: feedback.Approve})
		if got.State != feedback.Published || got.PublishedAt == nil {
			t.Fatalf("after approval: %s", got.State)
		}
		qa, total, err := f.fb.Published(ctx, feedback.QAFilter{SiteID: f.site.ID, Query: "ho so"})
		if err != nil || total != 1 || qa[0].Asker != "N.V.A." || qa[0].Code != r.Code {
			t.Fatalf("Q&A: %d %+v %v", total, qa, err)
		}
		if _, total, _ := f.fb.Published(ctx, feedback.QAFilter{SiteID: f.site.ID, Query: "không có chữ này"}); total != 0 {
			t.Errorf("a filter that matches nothing found %d", total)
		}
		public, err := f.fb.Timeline(ctx, r.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range public {
			kinds = append(kinds, e.Kind)
		}
		if want := "submit register accept assign assign approve"; strings.Join(kinds, " ") != want {
			t.Errorf("public timeline %q, want %q", strings.Join(kinds, " "), want)
		}
		for _, e := range public {
			if strings.Contains(e.Note, "lĩnh vực xây dựng") || strings.Contains(e.Note, "Bổ sung") {
				t.Errorf("an internal reason is on the public timeline: %+v", e)
			}
		}
		for _, action := range []string{"feedback.submit", "feedback.register", "feedback.accept", "feedback.assign", "feedback.answer", "feedback.return", "feedback.approve", "feedback.liaison"} {
			if f.count(`SELECT COUNT(*) FROM audit_log WHERE action = ?`, action) == 0 {
				t.Errorf("no audit entry %s", action)
			}
		}
		if f.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.denied'`) < 3 {
			t.Error("refused steps are not audited")
		}
		figs, err := f.fb.Figures(ctx, f.site.ID, f.clock.Now())
		if err != nil || len(figs) != 1 || figs[0].OnTime != 1 || figs[0].Unit != "Sở Xây dựng" {
			t.Errorf("figures %+v %v", figs, err)
		}
	})
}

// TestBadInput: every problem is named for its field, nothing is stored.
func TestBadInput(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		cases := map[string]struct {
			edit  func(*feedback.Submission)
			field string
		}{
			"no name":      {func(s *feedback.Submission) { s.Name = "  " }, "name"},
			"no contact":   {func(s *feedback.Submission) { s.Phone, s.Email = "", "" }, "phone"},
			"bad email":    {func(s *feedback.Submission) { s.Email = "an@" }, "email"},
			"bad phone":    {func(s *feedback.Submission) { s.Phone = "gọi tôi" }, "phone"},
			"no category":  {func(s *feedback.Submission) { s.Category = "khieu-nai" }, "category"},
			"1 MB of text": {func(s *feedback.Submission) { s.Body = strings.Repeat("chữ ", 1<<18) }, "body"},
			"lying file": {func(s *feedback.Submission) {
				s.Files = []feedback.File{{Name: "anh.jpg", Data: []byte("%PDF-1.4 not an image")}}
			}, "files"},
			"script file": {func(s *feedback.Submission) {
				s.Files = []feedback.File{{Name: "a.pdf", Data: []byte("<script>alert(1)</script>")}}
			}, "files"},
			"other unit": {func(s *feedback.Submission) { s.UnitID = 999999 }, "unit"},
			"too many":   {func(s *feedback.Submission) { s.Files = make([]feedback.File, 4) }, "files"},
		}
		for name, c := range cases {
			t.Run(name, func(t *testing.T) {
				sub := f.submission()
				c.edit(&sub)
				_, _, err := f.fb.Submit(ctx, sub)
				e, ok := apperr.As(err)
				if !ok || e.Kind != apperr.Invalid || e.Fields[c.field].VI == "" {
					t.Fatalf("want a message on %s, got %v", c.field, err)
				}
			})
		}
		if n := f.count(`SELECT COUNT(*) FROM feedback_requests`); n != 0 {
			t.Errorf("%d requests stored from bad input", n)
		}
		// A script in a field is stored as the text it is.
		sub := f.submission()
		sub.Title = `<script>alert("x")</script> thủ tục`
		r, _, err := f.fb.Submit(ctx, sub)
		if err != nil || r.Title != sub.Title {
			t.Fatalf("script title: %v %q", err, r.Title)
		}
	})
}

// TestScreeningHolds: a request with a prohibited term is held for a
// person, never dropped; the sender still sees "received".
func TestScreeningHolds(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := db.Exec(ctx, `INSERT INTO prohibited_terms (site_id, term, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)`, f.site.ID, "phản động"); err != nil {
			t.Fatal(err)
		}
		sub := f.submission()
		sub.Body = "Nội dung có từ PHAN DONG viết không dấu và phản động."
		r, _, err := f.fb.Submit(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != feedback.Held || !strings.Contains(r.HeldTerms, "phản động") {
			t.Fatalf("state %s terms %q", r.State, r.HeldTerms)
		}
		pub, _ := f.fb.Timeline(ctx, r.ID, true)
		if len(pub) != 1 || pub[0].State != feedback.Received {
			t.Errorf("the sender's timeline shows %+v", pub)
		}
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Release})
		f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Register})
	})
}

// TestPrivacy: erasure by the private link and after the retention
// period; staff views audited.
func TestPrivacy(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		r, token, err := f.fb.Submit(ctx, f.submission())
		if err != nil {
			t.Fatal(err)
		}
		if err := f.fb.Seen(ctx, r, f.people["bientap"]); err != nil {
			t.Fatal(err)
		}
		if f.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view' AND target = ?`, r.Code) != 1 {
			t.Error("staff view not audited")
		}
		if err := f.fb.EraseByLink(ctx, r.Code, "sai", "1.2.3.4"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("erased with a wrong secret: %v", err)
		}
		if err := f.fb.EraseByLink(ctx, r.Code, token, "1.2.3.4"); err != nil {
			t.Fatal(err)
		}
		got, _ := f.fb.Get(ctx, r.ID)
		if got.Name != "" || got.Phone != "" || got.Email != "" || got.Address != "" || got.ErasedAt == nil || got.Initials != "N.V.A." {
			t.Errorf("after erasure: %+v", got)
		}
		// Retention: a request rejected today keeps its contacts until
		// 730 days have passed.
		r2, _, _ := f.fb.Submit(ctx, f.submission())
		f.step("bientap", feedback.StepRequest{ID: r2.ID, Action: feedback.Reject, Reason: "Không phải quy định hành chính"})
		if n, err := f.fb.EraseExpired(ctx, f.clock.Now().AddDate(0, 0, 700)); err != nil || n != 0 {
			t.Errorf("erased early: %d %v", n, err)
		}
		if n, err := f.fb.EraseExpired(ctx, f.clock.Now().AddDate(0, 0, 732)); err != nil || n != 1 {
			t.Errorf("retention erased %d: %v", n, err)
		}
	})
}

// TestCodesUniqueUnderConcurrency: submissions at once never share a
// code, and none is lost.
func TestCodesUniqueUnderConcurrency(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const n = 30
		codes := make(chan string, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, _, err := f.fb.Submit(context.Background(), f.submission())
				if err != nil {
					t.Error(err)
					return
				}
				codes <- r.Code
			}()
		}
		wg.Wait()
		close(codes)
		seen := map[string]bool{}
		for c := range codes {
			seen[c] = true
		}
		for i := 1; i <= n; i++ {
			if c := fmt.Sprintf("PAKN-2026-%06d", i); !seen[c] {
				t.Errorf("missing %s (got %d codes)", c, len(seen))
			}
		}
	})
}

// TestWatchRemindsAndEscalates: the reminder comes two working days
// before the deadline, the escalation after it, once each.
func TestWatchRemindsAndEscalates(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		r, _, err := f.fb.Submit(ctx, f.submission())
		if err != nil {
			t.Fatal(err)
		}
		// Forward deadline: last day Fri 27/2/2026; remind from Wed 25/2.
		at := func(d int) (int, int) {
			rem, esc, err := f.fb.Watch(ctx, time_(2026, 2, d))
			if err != nil {
				t.Fatal(err)
			}
			return rem, esc
		}
		if rem, esc := at(24); rem != 0 || esc != 0 {
			t.Errorf("24/2: %d %d", rem, esc)
		}
		if rem, esc := at(25); rem != 1 || esc != 0 {
			t.Errorf("25/2: %d %d", rem, esc)
		}
		if rem, esc := at(26); rem != 0 || esc != 0 {
			t.Errorf("26/2 again: %d %d", rem, esc)
		}
		if rem, esc := at(28); rem != 0 || esc != 1 {
			t.Errorf("28/2: %d %d", rem, esc)
		}
		if f.count(`SELECT COUNT(*) FROM feedback_events WHERE request_id = ? AND kind IN ('reminder', 'escalated')`, r.ID) != 2 {
			t.Error("timeline lacks the reminder and escalation")
		}
		var toLead bool
		for _, m := range f.mails {
			toLead = toLead || (m.to == "totruong@example.vn" && strings.Contains(m.subject, "quá hạn"))
		}
		if !toLead {
			t.Errorf("no escalation mail to the team lead: %+v", f.mails)
		}
	})
}

// TestListPagesAndLiaisons: the staff list comes in pages with a count,
// and a liaison's list is chosen by the database with the same rule as
// Handles, so that a liaison whose requests lie beyond the first page of
// the site still sees them all.
func TestListPagesAndLiaisons(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		var ids []int64
		for i := range 7 {
			r, _, err := f.fb.Submit(ctx, f.submission())
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
			f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Register})
			f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Accept})
			if i >= 2 { // the first two stay with the board
				unit := f.unitA.ID
				if i >= 5 {
					unit = f.unitB.ID
				}
				f.step("totruong", feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: unit})
			}
		}
		all := feedback.Filter{SiteID: f.site.ID}
		if n, err := f.fb.Count(ctx, all); n != 7 || err != nil {
			t.Fatalf("Count = %d, %v; want 7", n, err)
		}
		var paged []int64
		for off := 0; off < 9; off += 3 {
			page := all
			page.Limit, page.Offset = 3, off
			list, err := f.fb.List(ctx, page)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range list {
				paged = append(paged, r.ID)
			}
		}
		if fmt.Sprint(paged) != fmt.Sprint(ids) {
			t.Errorf("pages of 3 gave %v; want %v, oldest first, each once", paged, ids)
		}

		// unitB names daumoi; unitA names nobody, so any liaison may answer it.
		if err := f.fb.SetLiaison(ctx, f.site.ID, f.unitB.ID, f.people["daumoi"].User, true, f.people["totruong"]); err != nil {
			t.Fatal(err)
		}
		mine := func(who string) []int64 {
			p := f.people[who]
			flt := all
			flt.Answerer = p.User.ID
			list, err := f.fb.List(ctx, flt)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := f.fb.Count(ctx, flt)
			if n != len(list) {
				t.Errorf("%s: Count %d, List %d", who, n, len(list))
			}
			var out []int64
			for _, r := range list {
				if ok, err := f.fb.Handles(ctx, r, p); !ok || err != nil {
					t.Errorf("%s is listed request %d, which Handles refuses", who, r.ID)
				}
				out = append(out, r.ID)
			}
			return out
		}
		if got := mine("daumoi"); fmt.Sprint(got) != fmt.Sprint(ids[2:]) {
			t.Errorf("daumoi's list %v; want unit A's (no liaison named) and unit B's %v", got, ids[2:])
		}
		if got := mine("daumoi2"); fmt.Sprint(got) != fmt.Sprint(ids[2:5]) {
			t.Errorf("daumoi2's list %v; want unit A's only %v", got, ids[2:5])
		}
	})
}
