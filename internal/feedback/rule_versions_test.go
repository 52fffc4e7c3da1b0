package feedback_test

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestDeadlinesFollowTheSetOfArrival: a request keeps the deadline of the
// rule set in force on the day it arrived, before and after a new set
// supersedes the old one; a category's own deadline wins over the
// general one (REQ-48).
func TestDeadlinesFollowTheSetOfArrival(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		rs, _, next := newSetFrom2March(t, f)
		admin := audit.Actor{ID: 1, Name: "quantri"}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer", Value: "10", Unit: rules.WorkingDays}, "Quy chế mới Điều 3", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer.sang-kien", Value: "30", Unit: rules.CalendarDays}, "Quy chế mới Điều 4: sáng kiến", admin); err != nil {
			t.Fatal(err)
		}
		submit := func(at time.Time, c feedback.Category) string {
			t.Helper()
			f.clock.Set(at)
			sub := f.submission()
			sub.Category = c
			r, _, err := f.fb.Submit(ctx, sub)
			if err != nil {
				t.Fatal(err)
			}
			return feedback.LastDay(r.AnswerDue).Format("2006-01-02")
		}
		// Friday 27 February 2026: the old set, 15 working days.
		if got := submit(time.Date(2026, 2, 27, 10, 0, 0, 0, ict), feedback.Obstacle); got != "2026-03-20" {
			t.Errorf("before the new set: answer by %s; want 2026-03-20 (15 working days)", got)
		}
		// Monday 2 March: the new set, 10 working days.
		if got := submit(time.Date(2026, 3, 2, 10, 0, 0, 0, ict), feedback.Obstacle); got != "2026-03-16" {
			t.Errorf("after the new set: answer by %s; want 2026-03-16 (10 working days)", got)
		}
		// An initiative has its own 30 calendar days.
		if got := submit(time.Date(2026, 3, 2, 10, 0, 0, 0, ict), feedback.Initiative); got != "2026-04-01" {
			t.Errorf("an initiative: answer by %s; want 2026-04-01 (30 calendar days)", got)
		}
		// Before the new set, an initiative had the general deadline.
		if got := submit(time.Date(2026, 2, 27, 10, 0, 0, 0, ict), feedback.Initiative); got != "2026-03-20" {
			t.Errorf("an initiative before the new set: answer by %s; want 2026-03-20", got)
		}
	})
}

// TestReminderFollowsTheSetOfArrival: the reminder before the deadline
// comes as early as the set in force on the day the request arrived says,
// not as today's set says.
func TestReminderFollowsTheSetOfArrival(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		rs, old, next := newSetFrom2March(t, f)
		admin := audit.Actor{ID: 1, Name: "quantri"}
		if r := old.Rule("feedback.remind"); r == nil || r.Value != "2" || r.Unit != rules.WorkingDays {
			t.Fatalf("the shipped reminder rule: %+v", r)
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.remind", Value: "5", Unit: rules.WorkingDays}, "Quy chế mới: nhắc sớm hơn", admin); err != nil {
			t.Fatal(err)
		}
		// Friday 27 February 2026, the old set: to be classified and
		// forwarded by Friday 6 March (5 working days), reminded from
		// Wednesday 4 March (2 working days before); the new set would
		// remind from the day it arrived.
		f.clock.Set(time.Date(2026, 2, 27, 10, 0, 0, 0, ict))
		if _, _, err := f.fb.Submit(ctx, f.submission()); err != nil {
			t.Fatal(err)
		}
		if n, _, err := f.fb.Watch(ctx, time.Date(2026, 3, 2, 10, 0, 0, 0, ict)); err != nil || n != 0 {
			t.Errorf("on 2 March: %d reminded, %v; want none (the set of arrival says 2 working days)", n, err)
		}
		if n, _, err := f.fb.Watch(ctx, time.Date(2026, 3, 4, 10, 0, 0, 0, ict)); err != nil || n != 1 {
			t.Errorf("on 4 March: %d reminded, %v; want 1", n, err)
		}
	})
}

// newSetFrom2March supersedes the feedback set in force in February 2026
// by a copy from Monday 2 March 2026, which the tests then change.
func newSetFrom2March(t *testing.T, f *fixture) (rs *rules.Store, old, next *rules.Set) {
	t.Helper()
	ctx := context.Background()
	rs = rules.NewStore(f.db, f.clock.Now)
	old, err := rs.InForce(ctx, rules.KindFeedback, "2026-02-13")
	if err != nil {
		t.Fatal(err)
	}
	next, err = rs.Supersede(ctx, old.ID, rules.Supersession{Code: "feedback-2026-03", From: "2026-03-02", Reason: "Quy chế mới"},
		audit.Actor{ID: 1, Name: "quantri"})
	if err != nil {
		t.Fatal(err)
	}
	return rs, old, next
}

// TestRetentionFollowsTheSetOfArrival: a request's contacts are kept for
// the retention of the set in force on the day it arrived, counted from
// its closing; a later set with a shorter retention erases only the
// requests received under it, even when they closed after an older one
// that is still kept.
func TestRetentionFollowsTheSetOfArrival(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		rs, _, next := newSetFrom2March(t, f)
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.retention", Value: "365", Unit: rules.CalendarDays},
			"Quy chế mới: lưu một năm", audit.Actor{ID: 1, Name: "quantri"}); err != nil {
			t.Fatal(err)
		}
		receive := func(at time.Time) int64 {
			t.Helper()
			f.clock.Set(at)
			r, _, err := f.fb.Submit(ctx, f.submission())
			if err != nil {
				t.Fatal(err)
			}
			f.step("bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Reject, Reason: "Không phải quy định hành chính"})
			return r.ID
		}
		// Closed on 27 February 2026 under the old set (730 days), then
		// on 3 March under the new one (365 days).
		old := receive(time.Date(2026, 2, 27, 10, 0, 0, 0, ict))
		recent := receive(time.Date(2026, 3, 3, 10, 0, 0, 0, ict))
		erased := func(id int64) bool {
			t.Helper()
			r, err := f.fb.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return r.ErasedAt != nil
		}
		// 5 March 2027: the recent one's year has passed, the old one's
		// two years have not.
		if n, err := f.fb.EraseExpired(ctx, time.Date(2027, 3, 5, 10, 0, 0, 0, ict)); err != nil || n != 1 {
			t.Fatalf("on 5 March 2027: erased %d, %v; want 1", n, err)
		}
		if erased(old) || !erased(recent) {
			t.Errorf("on 5 March 2027: old erased %v, recent erased %v; want false, true", erased(old), erased(recent))
		}
		// 1 March 2028: the old one's 730 days have passed too.
		if n, err := f.fb.EraseExpired(ctx, time.Date(2028, 3, 1, 10, 0, 0, 0, ict)); err != nil || n != 1 || !erased(old) {
			t.Errorf("on 1 March 2028: erased %d, %v; want the old one", n, err)
		}
	})
}
