package maintenance_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/maintenance"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// at is a time in Vietnam.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vn.ICT)
}

var admin = audit.Actor{ID: 0, Name: "quantri", IP: "127.0.0.1"}

func setup(t *testing.T, db *store.DB, now time.Time) (*maintenance.Store, *rules.Store, *clock) {
	t.Helper()
	c := &clock{t: now}
	rs := rules.NewStore(db, c.Now)
	if err := rs.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return maintenance.NewStore(db, rs, c.Now), rs, c
}

func input(start time.Time) maintenance.Input {
	return maintenance.Input{Start: start, End: start.Add(4 * time.Hour), Services: "Cổng thông tin, phản ánh kiến nghị",
		Reason: "Nâng cấp máy chủ"}
}

// refusedOn reports whether err refuses the given form field.
func refusedOn(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Kind == apperr.Invalid && e.Fields[field] != (apperr.Msg{})
}

func countAudit(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestNoticeRule: Monday 7 December 2026; the working days after it are
// Tue 8 … Fri 11, Mon 14 … Wed 16 — seven by Wednesday 16, so a
// suspension may start on Thursday 17 and not on Wednesday 16 (six).
func TestNoticeRule(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, _, _ := setup(t, db, at(2026, 12, 7, 9, 0))

		c, err := ms.NoticeCheck(ctx, at(2026, 12, 17, 8, 0))
		if err != nil {
			t.Fatal(err)
		}
		if c.Required != 7 || c.Given != 7 || c.RuleCode != rules.MaintenanceDecree224 || !c.Enough() {
			t.Fatalf("check for Thursday 17: %+v", c)
		}
		if !c.Earliest.Equal(at(2026, 12, 17, 0, 0)) {
			t.Errorf("earliest start %v, want Thursday 17 December", c.Earliest)
		}

		_, err = ms.Schedule(ctx, input(at(2026, 12, 16, 22, 0)), admin)
		if !refusedOn(err, "start") {
			t.Fatalf("six working days ahead: %v, want refused on start", err)
		}
		if msg := err.(*apperr.Error).Fields["start"].VI; !strings.Contains(msg, "7 ngày làm việc") || !strings.Contains(msg, "17/12/2026") {
			t.Errorf("the refusal does not say the rule and the earliest day: %q", msg)
		}
		if n := countAudit(t, db, "maintenance.schedule"); n != 0 {
			t.Fatalf("a refused notice was audited as scheduled (%d)", n)
		}

		n, err := ms.Schedule(ctx, input(at(2026, 12, 17, 22, 0)), admin)
		if err != nil {
			t.Fatalf("seven working days ahead refused: %v", err)
		}
		if n.NoticeDays != 7 || n.RequiredDays != 7 || n.ForceMajeure {
			t.Errorf("notice recorded as %+v", n)
		}

		// Force majeure needs its reason; with it, any start is accepted.
		fm := input(at(2026, 12, 8, 1, 0))
		fm.ForceMajeure = true
		if _, err := ms.Schedule(ctx, fm, admin); !refusedOn(err, "force_reason") {
			t.Fatalf("force majeure without a reason: %v", err)
		}
		fm.ForceReason = "Bão số 9 làm mất điện trung tâm dữ liệu"
		f, err := ms.Schedule(ctx, fm, admin)
		if err != nil {
			t.Fatalf("force majeure with its reason refused: %v", err)
		}
		if !f.ForceMajeure || f.NoticeDays != 0 || f.ForceReason == "" {
			t.Errorf("force majeure recorded as %+v", f)
		}
		if n := countAudit(t, db, "maintenance.schedule"); n != 2 {
			t.Errorf("%d maintenance.schedule entries, want 2", n)
		}

		// Incomplete notices.
		bad := input(at(2027, 1, 20, 8, 0))
		bad.Services, bad.End = "", bad.Start.Add(-time.Hour)
		_, err = ms.Schedule(ctx, bad, admin)
		if !refusedOn(err, "services") || !refusedOn(err, "end") {
			t.Errorf("incomplete notice: %v", err)
		}
	})
}

// TestNoticeRuleCountsHolidays: from Monday 28 December 2026 the working
// days are Tue 29, Wed 30, Thu 31, (1 January is a holiday) Mon 4 … Thu 7
// January; a day off added by the year's decision moves the earliest
// start once more.
func TestNoticeRuleCountsHolidays(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, rs, _ := setup(t, db, at(2026, 12, 28, 9, 0))
		c, err := ms.NoticeCheck(ctx, at(2027, 1, 7, 8, 0))
		if err != nil {
			t.Fatal(err)
		}
		if c.Given != 6 || c.Enough() || !c.Earliest.Equal(at(2027, 1, 8, 0, 0)) {
			t.Fatalf("over New Year: %+v, want 6 days given, earliest 8 January", c)
		}
		if _, err := ms.Schedule(ctx, input(at(2027, 1, 7, 8, 0)), admin); !refusedOn(err, "start") {
			t.Fatalf("7 January accepted: %v", err)
		}
		if _, err := ms.Schedule(ctx, input(at(2027, 1, 8, 8, 0)), admin); err != nil {
			t.Fatalf("8 January refused: %v", err)
		}
		// The decision gives Tuesday 5 January off: 8 January is now too soon.
		if err := rs.SetCalendarDay(ctx, rules.CalendarDay{Day: "2027-01-05", Off: true, Name: "Nghỉ thử"}, admin); err != nil {
			t.Fatal(err)
		}
		if _, err := ms.Schedule(ctx, input(at(2027, 1, 8, 8, 0)), admin); !refusedOn(err, "start") {
			t.Fatalf("8 January accepted after a day off was added: %v", err)
		}
		c, _ = ms.NoticeCheck(ctx, at(2027, 1, 11, 8, 0))
		if c.Given != 7 {
			t.Errorf("Monday 11 January leaves %d working days, want 7", c.Given)
		}
	})
}

// TestStatusOverTime follows a notice from scheduled to ended: not on the
// banner before its notice period, then planned, current, gone; the next
// change is always known; cancel and finish are audited.
func TestStatusOverTime(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, _, c := setup(t, db, at(2026, 12, 1, 9, 0)) // Tuesday
		start := at(2026, 12, 21, 22, 0)                // Monday, three weeks on
		n, err := ms.Schedule(ctx, input(start), admin)
		if err != nil {
			t.Fatal(err)
		}
		// The notice period: the seven working days before Monday 21 are
		// Fri 18 back to Thu 10; the banner starts the day before, Wed 9.
		if want := at(2026, 12, 9, 0, 0); !n.ShownFrom.Equal(want) {
			t.Errorf("banner from %v, want %v", n.ShownFrom.In(vn.ICT), want)
		}
		st, err := ms.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Notices) != 1 || len(st.Banner(c.Now())) != 0 || !st.Next.Equal(n.ShownFrom) {
			t.Fatalf("three weeks ahead: %d notices, banner %d, next %v", len(st.Notices), len(st.Banner(c.Now())), st.Next)
		}
		if s := st.Notices[0].StateAt(c.Now()); s != maintenance.Planned {
			t.Errorf("state %s, want planned", s)
		}
		c.Set(at(2026, 12, 10, 9, 0))
		st, _ = ms.Load(ctx)
		if len(st.Banner(c.Now())) != 1 || !st.Next.Equal(n.Start) {
			t.Fatalf("within the notice period: banner %d, next %v", len(st.Banner(c.Now())), st.Next)
		}
		c.Set(start.Add(time.Minute))
		st, _ = ms.Load(ctx)
		if cur := st.Current(c.Now()); cur == nil || cur.ID != n.ID || !st.Next.Equal(n.End) {
			t.Fatalf("during: current %v, next %v", cur, st.Next)
		}
		if _, err := ms.Cancel(ctx, n.ID, "", admin); !refusedOn(err, "cancel_reason") {
			t.Errorf("cancel without a reason: %v", err)
		}
		if _, err := ms.Finish(ctx, n.ID, admin); err != nil {
			t.Fatal(err)
		}
		st, _ = ms.Load(ctx)
		if len(st.Notices) != 0 || st.Current(c.Now()) != nil {
			t.Fatalf("after finishing: %d notices", len(st.Notices))
		}
		if _, err := ms.Cancel(ctx, n.ID, "nhầm", admin); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("cancelling an ended notice: %v", err)
		}

		m, err := ms.Schedule(ctx, input(at(2027, 1, 20, 8, 0)), admin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ms.Cancel(ctx, m.ID, "Hoãn nâng cấp", admin); err != nil {
			t.Fatal(err)
		}
		got, err := ms.Get(ctx, m.ID)
		if err != nil || got.StateAt(c.Now()) != maintenance.Cancelled || got.CancelReason != "Hoãn nâng cấp" {
			t.Fatalf("cancelled notice read back as %+v, %v", got, err)
		}
		if countAudit(t, db, "maintenance.finish") != 1 || countAudit(t, db, "maintenance.cancel") != 1 {
			t.Error("finish or cancel not audited")
		}
	})
}

// TestReadOnlySwitch: the switch is one row every node reads, audited.
func TestReadOnlySwitch(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ms, _, _ := setup(t, db, at(2026, 12, 1, 9, 0))
		other, _, _ := setup(t, db, at(2026, 12, 1, 9, 0)) // another node
		if m, err := ms.Mode(ctx); err != nil || m.ReadOnly {
			t.Fatalf("fresh database: %+v, %v", m, err)
		}
		if err := ms.SetReadOnly(ctx, true, "Khôi phục dữ liệu", admin); err != nil {
			t.Fatal(err)
		}
		st, err := other.Load(ctx)
		if err != nil || !st.ReadOnly || st.Reason != "Khôi phục dữ liệu" {
			t.Fatalf("the other node reads %+v, %v", st, err)
		}
		if err := other.SetReadOnly(ctx, false, "", admin); err != nil {
			t.Fatal(err)
		}
		if m, _ := ms.Mode(ctx); m.ReadOnly || m.ChangedBy != admin.Name || m.ChangedAt == nil {
			t.Errorf("after turning off: %+v", m)
		}
		if n := countAudit(t, db, "maintenance.readonly"); n != 2 {
			t.Errorf("%d maintenance.readonly entries, want 2", n)
		}
	})
}
