package rules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestSupersedeAndHistory: a set superseded from a date keeps the days
// before it; every change has its reason in the set's history.
func TestSupersedeAndHistory(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := rules.NewStore(db, func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, vn.ICT) })
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		admin := audit.Actor{ID: 7, Name: "quantri", IP: "127.0.0.1"}
		old, err := rs.InForce(ctx, rules.KindFeedback, "2026-11-27")
		if err != nil || old.Code != rules.FeedbackCurrent {
			t.Fatalf("feedback set in force = %v, %v", old, err)
		}
		if !old.AppliedBefore(rs.Today()) {
			t.Error("a set in force since 2022 has not applied before today")
		}
		// A reason is required.
		if _, err := rs.Supersede(ctx, old.ID, rules.Supersession{From: "2027-01-01"}, admin); err == nil {
			t.Error("supersede without a reason")
		}
		for _, from := range []string{"2022-08-15", "2020-01-01", "01/01/2027"} {
			if _, err := rs.Supersede(ctx, old.ID, rules.Supersession{From: from, Reason: "x"}, admin); err == nil {
				t.Errorf("supersede from %s accepted", from)
			}
		}
		next, err := rs.Supersede(ctx, old.ID, rules.Supersession{Code: "feedback-qd-2027", Source: "Quyết định 1/2027/QĐ-UBND",
			From: "2027-01-01", Reason: "Quy chế mới của tỉnh"}, admin)
		if err != nil {
			t.Fatal(err)
		}
		if next.ValidFrom != "2027-01-01" || next.ValidTo != "" || len(next.Rules) != len(old.Rules) || next.Source != "Quyết định 1/2027/QĐ-UBND" {
			t.Fatalf("new set = %+v", next)
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer", Value: "10", Unit: rules.WorkingDays, Note: "Quy chế 2027"}, "Quy chế 2027 Điều 5", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer.vuong-mac", Value: "7", Unit: rules.WorkingDays}, "Quy chế 2027 Điều 6", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer", Value: "10", Unit: rules.Hours}, "", admin); err == nil {
			t.Error("a change without a reason")
		}
		if err := rs.SetRule(ctx, next.ID, rules.Rule{Key: "feedback.answer", Value: "10", Unit: rules.CalendarDays, Note: "đổi đơn vị"}, "Đơn vị theo quy chế", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.RemoveRule(ctx, next.ID, "feedback.answer.vuong-mac", "Bỏ thời hạn riêng", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.RemoveRule(ctx, next.ID, "feedback.answer.vuong-mac", "lần nữa", admin); err == nil {
			t.Error("removing a missing rule")
		}
		for day, want := range map[string]string{"2026-12-31": rules.FeedbackCurrent, "2027-01-01": "feedback-qd-2027", "2030-05-05": "feedback-qd-2027"} {
			set, err := rs.InForce(ctx, rules.KindFeedback, day)
			if err != nil || set.Code != want {
				t.Errorf("InForce(%s) = %v, %v; want %s", day, set, err, want)
			}
		}
		prev, _ := rs.ByID(ctx, old.ID)
		if prev.ValidTo != "2027-01-01" || prev.Rule("feedback.answer").Value != "15" {
			t.Errorf("old set after supersede: %+v", prev)
		}
		cur, _ := rs.ByID(ctx, next.ID)
		if r := cur.Rule("feedback.answer"); r.Value != "10" || r.Unit != rules.CalendarDays || cur.Rule("feedback.answer.vuong-mac") != nil {
			t.Errorf("new set's rules: %+v", cur.Rules)
		}
		// The set's own fields change with a reason too.
		cur.Name = "Thời hạn theo Quy chế 2027"
		if err := rs.Change(ctx, cur, "Tên theo quyết định", admin); err != nil {
			t.Fatal(err)
		}

		hist, err := rs.History(ctx, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range hist {
			if c.Actor != "quantri" || c.UserID != 7 || c.Reason == "" {
				t.Errorf("history entry without its author or reason: %+v", c)
			}
			got = append(got, c.Action+" "+c.Key+" "+c.Before+" → "+c.After+" | "+c.Reason)
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{
			"field name Thời hạn xử lý phản ánh, kiến nghị và hỏi đáp → Thời hạn theo Quy chế 2027 | Tên theo quyết định",
			"remove feedback.answer.vuong-mac 7 working_days →  | Bỏ thời hạn riêng",
			"update feedback.answer 10 working_days — Quy chế 2027 → 10 calendar_days — đổi đơn vị | Đơn vị theo quy chế",
			"add feedback.answer.vuong-mac  → 7 working_days | Quy chế 2027 Điều 6",
			"supersede  " + rules.FeedbackCurrent + " →  | Quy chế mới của tỉnh",
			"create   → feedback-qd-2027",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("history lacks %q:\n%s", want, all)
			}
		}
		oh, _ := rs.History(ctx, old.ID)
		if len(oh) < 2 || oh[0].Action != rules.ActSuperseded || oh[0].After != "feedback-qd-2027" ||
			oh[1].Action != rules.ActField || oh[1].Key != "valid_to" || oh[1].After != "2027-01-01" {
			t.Errorf("old set's history: %+v %+v", oh[0], oh[1])
		}
	})
}

// TestHolidaySetIsTheCalendar: the working-day calendar reads the
// holidays set in force; an administrator's change moves deadlines.
func TestHolidaySetIsTheCalendar(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := rules.NewStore(db, time.Now)
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		admin := audit.Actor{ID: 1, Name: "quantri"}
		cal, err := rs.Calendar(ctx)
		if err != nil || len(cal.Lists) != 2 {
			t.Fatalf("calendar lists = %+v, %v", cal, err)
		}
		// The default sets read as the computed defaults.
		def := vn.DefaultHolidayLists()
		for y := 2024; y <= 2028; y++ {
			a, b := cal.Holidays(y), (&vn.Calendar{Lists: def}).Holidays(y)
			if len(a) != len(b) {
				t.Errorf("%d: %d days from the sets, %d from the defaults", y, len(a), len(b))
			}
			for k, v := range b {
				if a[k] != v {
					t.Errorf("%d: %s = %q, want %q", y, k, a[k], v)
				}
			}
		}
		if _, off := cal.Holidays(2025)["2025-11-24"]; off {
			t.Error("24/11/2025 off before Resolution 28/2026")
		}
		if cal.Holidays(2026)["2026-11-24"] != vn.HolidayCulture {
			t.Error("24/11/2026 not off")
		}
		set, err := rs.InForce(ctx, rules.KindHolidays, "2027-03-01")
		if err != nil || set.Code != rules.HolidaysCulture {
			t.Fatalf("holidays in force = %v, %v", set, err)
		}
		five := &rules.Rule{Value: "5", Unit: rules.WorkingDays}
		from := time.Date(2027, 3, 1, 9, 0, 0, 0, vn.ICT) // Monday
		due := func() time.Time {
			t.Helper()
			cal, err := rs.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			d, _ := rules.Due(from, five, cal)
			return d
		}
		if got := due(); !got.Equal(time.Date(2027, 3, 9, 0, 0, 0, 0, vn.ICT)) {
			t.Errorf("due = %v", got)
		}
		// A holiday added on Wednesday 3 March, and Sunday alone as the rest.
		if err := rs.SetRule(ctx, set.ID, rules.Rule{Key: "solar.03-03", Value: "Ngày thử"}, "Thử nghiệm", admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.SetRule(ctx, set.ID, rules.Rule{Key: "weekend", Value: "sun"}, "Thử nghiệm", admin); err != nil {
			t.Fatal(err)
		}
		// Tue 2, Thu 4, Fri 5, Sat 6, Mon 8.
		if got := due(); !got.Equal(time.Date(2027, 3, 9, 0, 0, 0, 0, vn.ICT)) {
			t.Errorf("due with 3/3 off and Saturday worked = %v", got)
		}
		if err := rs.SetRule(ctx, set.ID, rules.Rule{Key: "weekend", Value: "sat sun"}, "Trở lại", admin); err != nil {
			t.Fatal(err)
		}
		// Tue 2, Thu 4, Fri 5, Mon 8, Tue 9.
		if got := due(); !got.Equal(time.Date(2027, 3, 10, 0, 0, 0, 0, vn.ICT)) {
			t.Errorf("due with 3/3 off = %v", got)
		}
		// Rules the calendar cannot read are refused.
		for _, r := range []rules.Rule{{Key: "solar.13-01", Value: "x"}, {Key: "weekend", Value: "thứ bảy"}, {Key: "ngay-nghi", Value: "x"},
			{Key: "tet.days", Value: "5", Unit: rules.WorkingDays}} {
			if err := rs.SetRule(ctx, set.ID, r, "thử", admin); err == nil {
				t.Errorf("holiday rule %+v accepted", r)
			}
		}
		if err := rs.RemoveRule(ctx, set.ID, "weekend", "thử", admin); err == nil {
			t.Error("a holidays set without its weekend")
		}
		if err := rs.RemoveRule(ctx, set.ID, "solar.03-03", "Hết thử nghiệm", admin); err != nil {
			t.Fatal(err)
		}
		if got := due(); !got.Equal(time.Date(2027, 3, 9, 0, 0, 0, 0, vn.ICT)) {
			t.Errorf("due after removing 3/3 = %v", got)
		}
	})
}

// TestShippedDates: the default sets' dates are those of REGULATIONS.md
// (the spokesperson's 24 hours from Decree 244/2026's effect, the 15
// working days of Decree 43/2011 from its effect to its replacement).
func TestShippedDates(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := rules.NewStore(db, time.Now)
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			kind, day, code, key string
			has                  bool
		}{
			{rules.KindDeadlines, "2015-01-01", rules.DeadlinesDecree43, "deadline.nguoi-phat-ngon", false},
			// 2018-07-01 to 2022-08-15 both Decree 43/2011 and Law 104/2016
			// applied: the Law 104 set, the later valid_from, is the one in
			// force (defaults.go), without the decree's per-type limits.
			{rules.KindDeadlines, "2018-06-30", rules.DeadlinesDecree43, "deadline.van-ban-phap-luat", true},
			{rules.KindDeadlines, "2018-07-01", rules.DeadlinesLaw104, "deadline.default", true},
			{rules.KindDeadlines, "2019-03-15", rules.DeadlinesLaw104, "deadline.default", true},
			{rules.KindDeadlines, "2019-03-15", rules.DeadlinesLaw104, "deadline.van-ban-phap-luat", false},
			{rules.KindDeadlines, "2020-01-01", rules.DeadlinesLaw104, "deadline.nguoi-phat-ngon", false},
			{rules.KindDeadlines, "2024-01-01", rules.DeadlinesLaw104, "deadline.nguoi-phat-ngon", false},
			{rules.KindDeadlines, "2026-06-30", rules.DeadlinesLaw104, "deadline.nguoi-phat-ngon", false},
			{rules.KindDeadlines, "2026-07-01", rules.DeadlinesDecree244, "deadline.nguoi-phat-ngon", true},
			{rules.KindFeedback, "2009-01-01", rules.FeedbackDecree20, "feedback.forward", true},
			{rules.KindFeedback, "2011-07-31", rules.FeedbackDecree20, "feedback.answer", true},
			{rules.KindFeedback, "2011-08-01", rules.FeedbackDecree43, "feedback.answer", true},
			{rules.KindFeedback, "2022-08-15", rules.FeedbackCurrent, "feedback.answer", true},
			{rules.KindHolidays, "2026-06-30", rules.HolidaysLabourCode, "solar.11-24", false},
			{rules.KindHolidays, "2026-07-01", rules.HolidaysCulture, "solar.11-24", true},
		} {
			set, err := rs.InForce(ctx, c.kind, c.day)
			if err != nil || set.Code != c.code || (set.Rule(c.key) != nil) != c.has {
				t.Errorf("InForce(%s, %s) = %v, %v; want %s with %s: %v", c.kind, c.day, set, err, c.code, c.key, c.has)
			}
		}
		if s, _ := rs.InForce(ctx, rules.KindFeedback, "2010-01-01"); strings.Contains(s.Source, "43/2011") {
			t.Errorf("the 2008 set cites Decree 43/2011: %s", s.Source)
		}
	})
}

// legacyStore is a rule store holding the sets as they were shipped before
// their corrections (corrections.go).
func legacyStore(t *testing.T, db *store.DB) *rules.Store {
	t.Helper()
	rs := rules.NewStore(db, time.Now)
	for _, s := range rules.LegacyForTest() {
		if err := rs.Save(context.Background(), s, audit.Actor{Name: "system", IP: "local"}); err != nil {
			t.Fatal(err)
		}
	}
	return rs
}

// TestCorrectionOfShippedSets: a database with the sets as shipped before
// is corrected; one an administrator changed is left alone, and the
// page is told.
func TestCorrectionOfShippedSets(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := legacyStore(t, db)
		// An administrator changed the feedback one.
		fb, _ := rs.InForce(ctx, rules.KindFeedback, "2020-01-01")
		if err := rs.SetValue(ctx, fb.ID, "feedback.answer", "12", "Quy chế của tỉnh", audit.Actor{ID: 3, Name: "quantri"}); err != nil {
			t.Fatal(err)
		}
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		// Deadlines: corrected, the new set added.
		law104, _ := rs.InForce(ctx, rules.KindDeadlines, "2024-01-01")
		if law104.Code != rules.DeadlinesLaw104 || law104.ValidTo != "2026-07-01" || law104.Rule("deadline.nguoi-phat-ngon") != nil {
			t.Errorf("the Law 104 set was not corrected: %+v", law104)
		}
		if s, _ := rs.InForce(ctx, rules.KindDeadlines, "2026-11-27"); s.Code != rules.DeadlinesDecree244 {
			t.Errorf("deadlines in force in 2026: %s", s.Code)
		}
		hist, _ := rs.History(ctx, law104.ID)
		if len(hist) == 0 || hist[0].Action != rules.ActCorrect || !strings.Contains(hist[0].Reason, "244/2026") {
			t.Errorf("the correction is not in the history: %+v", hist)
		}
		// Feedback: the administrator's set stays, no set added after it.
		fb2, _ := rs.ByID(ctx, fb.ID)
		if fb2.ValidTo != "" || fb2.Rule("feedback.answer").Value != "12" {
			t.Errorf("an edited set was rewritten: %+v", fb2)
		}
		if s, _ := rs.InForce(ctx, rules.KindFeedback, "2026-11-27"); s.ID != fb.ID {
			t.Errorf("a default set supersedes the administrator's: %s", s.Code)
		}
		pending, err := rs.PendingCorrections(ctx)
		if err != nil || len(pending) != 1 || pending[0].Code != rules.FeedbackDecree20 {
			t.Errorf("pending corrections = %+v, %v", pending, err)
		}
		// Royalties: the Decree 18 schedule as shipped gets the add-on for
		// works written directly in a foreign or minority language, marked
		// unchecked, once.
		r18, _ := rs.InForce(ctx, rules.KindRoyalties, "2026-08-01")
		if r18.Code != rules.RoyaltiesDecree18 || r18.Rule("bonus.viet-truc-tiep-ngoai-ngu") == nil ||
			!strings.Contains(r18.Rule("bonus.viet-truc-tiep-ngoai-ngu").Note, rules.Unchecked) {
			t.Errorf("the Decree 18 schedule lacks the foreign-language add-on: %+v", r18)
		}
		if hist, _ := rs.History(ctx, r18.ID); len(hist) == 0 || hist[0].Action != rules.ActCorrect || !strings.Contains(hist[0].Reason, "tiếng nước ngoài") {
			t.Errorf("the added add-on is not in the history: %+v", hist)
		}
	})
}

// TestRoyaltyAddOnNotForcedOnEditedSchedule: an administrator who already
// changed the Decree 18 schedule keeps it as made; the page is told.
func TestRoyaltyAddOnNotForcedOnEditedSchedule(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := legacyStore(t, db)
		r18, _ := rs.InForce(ctx, rules.KindRoyalties, "2026-08-01")
		if err := rs.SetValue(ctx, r18.ID, "kind.tin", "2-10", "Phụ lục Nghị định 18/2014", audit.Actor{ID: 3, Name: "quantri"}); err != nil {
			t.Fatal(err)
		}
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := rs.ByID(ctx, r18.ID)
		if got.Rule("bonus.viet-truc-tiep-ngoai-ngu") != nil || got.Rule("kind.tin").Value != "2-10" {
			t.Errorf("an edited schedule was rewritten: %+v", got)
		}
		pending, _ := rs.PendingCorrections(ctx)
		var listed bool
		for _, p := range pending {
			listed = listed || p.Code == rules.RoyaltiesDecree18
		}
		if !listed {
			t.Errorf("pending corrections = %+v; want the Decree 18 schedule listed", pending)
		}
	})
}
