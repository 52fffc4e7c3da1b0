package rules_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// TestCalendarDecisionOverridesComputation: a year's decision entered by
// an administrator moves deadlines — a day off added is skipped, a
// Saturday worked counts — and withdrawing it restores the computation.
func TestCalendarDecisionOverridesComputation(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := rules.NewStore(db, time.Now)
		admin := audit.Actor{ID: 1, Name: "quantri", IP: "127.0.0.1"}
		five := &rules.Rule{Value: "5", Unit: rules.WorkingDays}
		from := time.Date(2026, 11, 27, 10, 0, 0, 0, vn.ICT) // Friday

		due := func() time.Time {
			t.Helper()
			cal, err := rs.Calendar(ctx)
			if err != nil {
				t.Fatal(err)
			}
			d, ok := rules.Due(from, five, cal)
			if !ok {
				t.Fatal("no due date")
			}
			return d
		}
		if got, want := due(), time.Date(2026, 12, 5, 0, 0, 0, 0, vn.ICT); !got.Equal(want) {
			t.Fatalf("computed due = %v; want %v", got, want)
		}

		// Monday 30 November off, Saturday 5 December worked in exchange.
		if err := rs.SetCalendarDay(ctx, rules.CalendarDay{Day: "2026-11-30", Off: true, Name: "Nghỉ hoán đổi",
			Source: "Thông báo thử nghiệm 1/TB-BNV"}, admin); err != nil {
			t.Fatal(err)
		}
		if err := rs.SetCalendarDay(ctx, rules.CalendarDay{Day: "2026-12-05", Name: "Làm bù cho thứ Hai 30/11"}, admin); err != nil {
			t.Fatal(err)
		}
		if got, want := due(), time.Date(2026, 12, 6, 0, 0, 0, 0, vn.ICT); !got.Equal(want) {
			t.Errorf("due with the decision = %v; want %v (30/11 off, Saturday 5/12 worked)", got, want)
		}
		sets, err := rs.CalendarSets(ctx)
		if err != nil || len(sets) != 1 || sets[0].Source != "Thông báo thử nghiệm 1/TB-BNV" || !sets[0].InForceOn("2026-06-01") {
			t.Fatalf("calendar sets = %+v, %v", sets, err)
		}

		// The same day turned the other way replaces the first entry.
		if err := rs.SetCalendarDay(ctx, rules.CalendarDay{Day: "2026-12-05", Off: true, Name: "Nghỉ"}, admin); err != nil {
			t.Fatal(err)
		}
		cal, _ := rs.Calendar(ctx)
		if cal.Worked["2026-12-05"] || cal.Extra["2026-12-05"] != "Nghỉ" {
			t.Errorf("after turning 5/12 into a day off: worked=%v extra=%q", cal.Worked["2026-12-05"], cal.Extra["2026-12-05"])
		}

		// Withdrawn days no longer count; the rows stay for history.
		for _, d := range []string{"2026-11-30", "2026-12-05"} {
			if err := rs.RemoveCalendarDay(ctx, d, admin); err != nil {
				t.Fatal(err)
			}
		}
		if got, want := due(), time.Date(2026, 12, 5, 0, 0, 0, 0, vn.ICT); !got.Equal(want) {
			t.Errorf("due after withdrawing = %v; want %v", got, want)
		}
		if count(t, db, "rules WHERE set_id = "+strconv.FormatInt(sets[0].ID, 10)) != 3 {
			t.Errorf("withdrawn days must keep their rows")
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'rules.save' AND actor = 'quantri'`).Scan(&n); err != nil || n < 5 {
			t.Errorf("audit entries by the administrator = %d, %v; want every change", n, err)
		}

		// Bad input: a clear message, nothing stored.
		for _, d := range []rules.CalendarDay{{Day: "30/11/2026", Name: "x"}, {Day: "2026-02-30", Name: "x"}, {Day: "2027-01-04"}} {
			err := rs.SetCalendarDay(ctx, d, admin)
			if _, ok := apperr.As(err); !ok {
				t.Errorf("SetCalendarDay(%+v) = %v; want a field error", d, err)
			}
		}
		if err := rs.RemoveCalendarDay(ctx, "2031-01-01", admin); err == nil {
			t.Error("removing a day of a year without a decision must fail")
		}
		if sets, _ := rs.CalendarSets(ctx); len(sets) != 1 {
			t.Errorf("bad input created sets: %d", len(sets))
		}
	})
}
