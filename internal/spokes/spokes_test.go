package spokes_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/spokes"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// at is a time in Viet Nam, to the second.
func at(y int, m time.Month, d, h, min, sec int) time.Time {
	return time.Date(y, m, d, h, min, sec, 0, vn.ICT)
}

func ptr(t time.Time) *time.Time { return &t }

var by = audit.Actor{Name: "thu-nghiem", IP: "127.0.0.1"}

// fixture is the demo's sites and spokespersons (the main portal's
// regular one appointed from 1 July 2026, the department's from 15 July
// 2026) with the default rule sets, and a records store.
type fixture struct {
	t          *testing.T
	ctx        context.Context
	db         *store.DB
	now        time.Time
	main, dept int64
	mainSpk    int64 // the main portal's regular spokesperson
	deptSpk    int64
	deptItem   int64 // an item of the department
	mails      []string
	store      *spokes.Store
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, ctx: ctx, db: db, now: at(2026, 12, 18, 9, 0, 0)}
	now := func() time.Time { return f.now }
	if _, err := demo.Fill(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	one := func(dst any, q string, args ...any) {
		t.Helper()
		if err := db.QueryRow(ctx, q, args...).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	one(&f.main, `SELECT id FROM sites WHERE code = 'dong-nai'`)
	one(&f.dept, `SELECT id FROM sites WHERE code = 'so-khcn'`)
	one(&f.mainSpk, `SELECT MIN(id) FROM spokespersons WHERE site_id = ? AND kind = 'regular'`, f.main)
	one(&f.deptSpk, `SELECT MIN(id) FROM spokespersons WHERE site_id = ? AND kind = 'regular'`, f.dept)
	one(&f.deptItem, `SELECT MIN(id) FROM items WHERE site_id = ?`, f.dept)
	f.store = spokes.NewStore(db, spokes.Options{Now: now, Rules: rules.NewStore(db, now),
		Notify: func(_ context.Context, _ *store.Tx, to, subject, _ string) error {
			f.mails = append(f.mails, to+" | "+subject)
			return nil
		}})
	return f
}

func (f *fixture) meeting(site, spk int64, kind string, held time.Time) {
	f.t.Helper()
	if err := f.store.SaveMeeting(f.ctx, &spokes.Meeting{SiteID: site, Kind: kind, HeldAt: held, SpokespersonID: spk, Topics: "Tình hình kinh tế - xã hội"}, by); err != nil {
		f.t.Fatalf("meeting %s %v: %v", kind, held, err)
	}
}

func (f *fixture) event(received time.Time, stated *time.Time) *spokes.Event {
	f.t.Helper()
	e := &spokes.Event{SiteID: f.main, Title: "Sự cố " + received.Format("02/01 15:04"), ReceivedAt: received, StatedAt: stated}
	if err := f.store.SaveEvent(f.ctx, e, by); err != nil {
		f.t.Fatalf("event %v: %v", received, err)
	}
	return e
}

func (f *fixture) question(asked time.Time, answered *time.Time) {
	f.t.Helper()
	if err := f.store.SaveQuestion(f.ctx, &spokes.Question{SiteID: f.main, AskedAt: asked, Outlet: "Báo Đồng Nai", Question: "Tiến độ dự án?", AnsweredAt: answered}, by); err != nil {
		f.t.Fatalf("question %v: %v", asked, err)
	}
}

func (f *fixture) correction(dated time.Time, sent bool) {
	f.t.Helper()
	if err := f.store.SaveCorrection(f.ctx, &spokes.Correction{SiteID: f.main, DatedAt: dated, Outlet: "Báo X", FalseInfo: "Tin sai về dự án", Sent: sent}, by); err != nil {
		f.t.Fatalf("correction %v: %v", dated, err)
	}
}

// The data set, its answers written first. Report year 2026 is 15 Dec
// 2025 00:00 – 14 Dec 2026 23:59:59 (Vietnam). Decree 244's 24 hours are
// in the deadlines set from 1 July 2026; before, Law 104's set has no
// spokesperson rule, so an event received then has no deadline.
//
// Main portal:
//
//	meetings  C 2025-12-14 23:59:59 (2025) · C 2025-12-15 00:00 · C 2026-03-10 · B 2026-06-01 ·
//	          B 2026-12-14 23:59:59 · C 2026-12-15 00:00 (2027) · B 2026-12-31 (2027)
//	questions 2025-12-10 answered (2025) · 2025-12-15 08:00 answered · 2026-04-01 open ·
//	          2026-12-14 20:00 answered on 12-16 · 2026-12-15 09:00 answered (2027)
//	events    e1 2025-12-14 10:00 stated (2025, no deadline)
//	          e2 2025-12-15 00:00 stated 12:00 (no deadline)
//	          e3 2026-06-30 22:00 stated 07-01 10:00 (no deadline: the rule of 30 June, not today's)
//	          e4 2026-07-01 08:00 stated 07-02 08:00:00 (due then: on time)
//	          e5 2026-08-10 09:00 stated 08-11 09:00:01 (late by a second)
//	          e6 2026-09-01 10:00 no statement (deadline, none made)
//	          e7 2026-12-14 22:00 stated 12-15 09:00 (on time; the closing year's)
//	          e8 2026-12-15 00:00 stated 06:00 (2027, on time)
//	corrections 2025-12-14 sent (2025) · 2025-12-15 sent · 2026-07-20 not sent · 2026-12-14 sent ·
//	          2026-12-15 not sent (2027)
//
// Department: one conference on 2026-05-05.
//
//	2026 main: conferences 2, briefings 2, questions 2/3, events stated 5/6,
//	           on time 2/4 with a deadline, corrections sent 2/3
//	2025 main: 1, 0, 1/1, 1/1, 0/0, 1/1
//	2027 main: 1, 1, 1/1, 1/1, 1/1, 0/1
//	2026 department: 1, 0, 0/0, 0/0, 0/0, 0/0
func TestAnnualReport(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		C, B := spokes.Conference, spokes.Briefing
		for _, m := range []struct {
			kind string
			at   time.Time
		}{
			{C, at(2025, 12, 14, 23, 59, 59)}, {C, at(2025, 12, 15, 0, 0, 0)}, {C, at(2026, 3, 10, 9, 0, 0)}, {B, at(2026, 6, 1, 8, 0, 0)},
			{B, at(2026, 12, 14, 23, 59, 59)}, {C, at(2026, 12, 15, 0, 0, 0)}, {B, at(2026, 12, 31, 8, 0, 0)},
		} {
			f.meeting(f.main, f.mainSpk, m.kind, m.at)
		}
		f.meeting(f.dept, f.deptSpk, C, at(2026, 5, 5, 9, 0, 0))

		f.question(at(2025, 12, 10, 9, 0, 0), ptr(at(2025, 12, 11, 9, 0, 0)))
		f.question(at(2025, 12, 15, 8, 0, 0), ptr(at(2025, 12, 16, 9, 0, 0)))
		f.question(at(2026, 4, 1, 9, 0, 0), nil)
		f.question(at(2026, 12, 14, 20, 0, 0), ptr(at(2026, 12, 16, 9, 0, 0)))
		f.question(at(2026, 12, 15, 9, 0, 0), ptr(at(2026, 12, 15, 10, 0, 0)))

		f.event(at(2025, 12, 14, 10, 0, 0), ptr(at(2025, 12, 14, 12, 0, 0)))
		f.event(at(2025, 12, 15, 0, 0, 0), ptr(at(2025, 12, 15, 12, 0, 0)))
		e3 := f.event(at(2026, 6, 30, 22, 0, 0), ptr(at(2026, 7, 1, 10, 0, 0)))
		e4 := f.event(at(2026, 7, 1, 8, 0, 0), ptr(at(2026, 7, 2, 8, 0, 0)))
		e5 := f.event(at(2026, 8, 10, 9, 0, 0), ptr(at(2026, 8, 11, 9, 0, 1)))
		e6 := f.event(at(2026, 9, 1, 10, 0, 0), nil)
		f.event(at(2026, 12, 14, 22, 0, 0), ptr(at(2026, 12, 15, 9, 0, 0)))
		f.event(at(2026, 12, 15, 0, 0, 0), ptr(at(2026, 12, 15, 6, 0, 0)))

		f.correction(at(2025, 12, 14, 0, 0, 0), true)
		f.correction(at(2025, 12, 15, 0, 0, 0), true)
		f.correction(at(2026, 7, 20, 0, 0, 0), false)
		f.correction(at(2026, 12, 14, 0, 0, 0), true)
		f.correction(at(2026, 12, 15, 0, 0, 0), false)

		// The deadlines, in hours from reception, by the rule of that day.
		if e3.DueAt != nil {
			t.Errorf("event received on 30 June 2026 has deadline %v; want none (Decree 244 applies from 1 July)", e3.DueAt)
		}
		if want := at(2026, 7, 2, 8, 0, 0); e4.DueAt == nil || !e4.DueAt.Equal(want) {
			t.Errorf("event received 1 July 08:00: due %v, want %v", e4.DueAt, want)
		}
		if e4.OnTime() != true || e5.OnTime() != false || e6.OnTime() != false {
			t.Errorf("on time: e4 %v e5 %v e6 %v; want true false false", e4.OnTime(), e5.OnTime(), e6.OnTime())
		}
		if !e6.Overdue(f.now) || e4.Overdue(f.now) {
			t.Errorf("overdue: e6 %v e4 %v; want true false", e6.Overdue(f.now), e4.Overdue(f.now))
		}

		want := map[int]spokes.Report{
			2025: {Conferences: 1, Briefings: 0, QuestionsAnswered: 1, Questions: 1, EventsStated: 1, Events: 1, StatedOnTime: 0, WithDeadline: 0, CorrectionsSent: 1, Corrections: 1},
			2026: {Conferences: 2, Briefings: 2, QuestionsAnswered: 2, Questions: 3, EventsStated: 5, Events: 6, StatedOnTime: 2, WithDeadline: 4, CorrectionsSent: 2, Corrections: 3},
			2027: {Conferences: 1, Briefings: 1, QuestionsAnswered: 1, Questions: 1, EventsStated: 1, Events: 1, StatedOnTime: 1, WithDeadline: 1, CorrectionsSent: 0, Corrections: 1},
		}
		for year, w := range want {
			got, err := f.store.Report(f.ctx, f.main, year)
			if err != nil {
				t.Fatal(err)
			}
			w.Window = spokes.WindowOf(year)
			if *got != w {
				t.Errorf("main %d:\n got %+v\nwant %+v", year, *got, w)
			}
		}
		dept, err := f.store.Report(f.ctx, f.dept, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if w := (spokes.Report{Window: spokes.WindowOf(2026), Conferences: 1}); *dept != w {
			t.Errorf("department 2026:\n got %+v\nwant %+v", *dept, w)
		}

		// The lists of the window hold the same records.
		recs, err := f.store.Records(f.ctx, f.main, spokes.WindowOf(2026))
		if err != nil {
			t.Fatal(err)
		}
		if len(recs.Meetings) != 4 || len(recs.Events) != 6 || len(recs.Questions) != 3 || len(recs.Corrections) != 3 {
			t.Errorf("records of 2026: %d meetings, %d events, %d questions, %d corrections; want 4, 6, 3, 3",
				len(recs.Meetings), len(recs.Events), len(recs.Questions), len(recs.Corrections))
		}
		if n := recs.Overdue(f.now); n != 1 {
			t.Errorf("overdue events: %d, want 1 (e6)", n)
		}
		if len(recs.Meetings) > 0 && recs.Meetings[0].Spokesperson == "" {
			t.Error("a meeting's spokesperson's name is not read")
		}
	})
}

// TestWindow: the report window and the year a moment falls in, in
// Vietnam's time whatever the zone given.
func TestWindow(t *testing.T) {
	w := spokes.WindowOf(2026)
	if !w.From.Equal(at(2025, 12, 15, 0, 0, 0)) || !w.To.Equal(at(2026, 12, 15, 0, 0, 0)) || !w.Due.Equal(at(2026, 12, 20, 0, 0, 0)) {
		t.Errorf("window 2026 = %v – %v, due %v", w.From, w.To, w.Due)
	}
	if d := vn.DateWords(w.LastDay()); d != "ngày 14 tháng 12 năm 2026" {
		t.Errorf("last day = %s", d)
	}
	for _, c := range []struct {
		t    time.Time
		want int
	}{
		{at(2026, 12, 14, 23, 59, 59), 2026},
		{at(2026, 12, 15, 0, 0, 0), 2027},
		{time.Date(2026, 12, 14, 17, 0, 0, 0, time.UTC), 2027}, // 15 Dec 00:00 in Vietnam
		{time.Date(2026, 12, 14, 16, 59, 59, 0, time.UTC), 2026},
		{at(2027, 1, 1, 0, 0, 0), 2027},
	} {
		if got := spokes.ReportYear(c.t); got != c.want {
			t.Errorf("ReportYear(%v) = %d, want %d", c.t, got, c.want)
		}
	}
	code, from, to := spokes.Quarter(at(2026, 12, 31, 23, 0, 0))
	if code != "2026-Q4" || !from.Equal(at(2026, 10, 1, 0, 0, 0)) || !to.Equal(at(2027, 1, 1, 0, 0, 0)) {
		t.Errorf("quarter = %s %v %v", code, from, to)
	}
}

// TestRecordsRefused: the forms' mistakes come back by field.
func TestRecordsRefused(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		field := func(err error) string {
			t.Helper()
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid {
				t.Fatalf("want a field error, got %v", err)
			}
			var out []string
			for k := range e.Fields {
				out = append(out, k)
			}
			slices.Sort(out)
			return out[0]
		}
		// Another site's spokesperson.
		err := f.store.SaveMeeting(f.ctx, &spokes.Meeting{SiteID: f.main, Kind: spokes.Conference, HeldAt: f.now, SpokespersonID: f.deptSpk, Topics: "x"}, by)
		if got := field(err); got != "spokesperson" {
			t.Errorf("other site's spokesperson: field %q", got)
		}
		// A statement before the event.
		err = f.store.SaveEvent(f.ctx, &spokes.Event{SiteID: f.main, Title: "x", ReceivedAt: f.now, StatedAt: ptr(f.now.Add(-time.Hour))}, by)
		if got := field(err); got != "stated_at" {
			t.Errorf("statement before the event: field %q", got)
		}
		// Another site's item as the statement.
		err = f.store.SaveEvent(f.ctx, &spokes.Event{SiteID: f.main, Title: "x", ReceivedAt: f.now, StatedAt: ptr(f.now), ItemID: f.deptItem}, by)
		if got := field(err); got != "item" {
			t.Errorf("other site's item: field %q", got)
		}
		if got := field(f.store.SaveQuestion(f.ctx, &spokes.Question{SiteID: f.main}, by)); got != "asked_at" {
			t.Errorf("empty question: field %q", got)
		}
		if got := field(f.store.SaveCorrection(f.ctx, &spokes.Correction{SiteID: f.main, DatedAt: f.now}, by)); got != "false_info" {
			t.Errorf("empty correction: field %q", got)
		}
		// An update of another site's record touches nothing.
		q := &spokes.Question{SiteID: f.main, AskedAt: f.now, Question: "Hỏi?"}
		if err := f.store.SaveQuestion(f.ctx, q, by); err != nil {
			t.Fatal(err)
		}
		other := *q
		other.SiteID = f.dept
		if err := f.store.SaveQuestion(f.ctx, &other, by); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("update through another site: %v, want not found", err)
		}
	})
}

// TestQuarterReminder: a site with a spokesperson in office and no press
// conference this quarter is reminded, once, within 15 days of the
// quarter's end; the reminder goes to its board.
//
// The demo: the main portal and the department each have a regular
// spokesperson from July 2026; other sites have none. Answers: on 10
// December nothing (21 days left); on 20 December the department only
// (the main portal held one on 1 December), to its board member
// "ban.khcn"; again the same day nothing; on 20 March 2027 both.
func TestQuarterReminder(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		users := account.NewUsers(db, func() time.Time { return f.now })
		u, err := users.Create(f.ctx, account.NewUser{Username: "ban.khcn", FullName: "Trưởng ban", Email: "ban.khcn@dongnai.gov.vn", Password: "mật-khẩu-đủ-dài-1"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if err := users.Grant(f.ctx, u.ID, f.dept, account.BoardHead, audit.CLI); err != nil {
			t.Fatal(err)
		}
		f.meeting(f.main, f.mainSpk, spokes.Conference, at(2026, 12, 1, 9, 0, 0))
		f.meeting(f.dept, f.deptSpk, spokes.Briefing, at(2026, 12, 2, 9, 0, 0)) // a briefing is no press conference

		for _, c := range []struct {
			now  time.Time
			want int
		}{
			{at(2026, 12, 10, 9, 0, 0), 0},
			{at(2026, 12, 20, 9, 0, 0), 1},
			{at(2026, 12, 20, 15, 0, 0), 0},
			{at(2027, 3, 20, 9, 0, 0), 2},
		} {
			n, err := f.store.Remind(f.ctx, c.now)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.want {
				t.Errorf("%v: %d sites reminded, want %d", c.now, n, c.want)
			}
		}
		found := false
		for _, m := range f.mails {
			found = found || m == "ban.khcn@dongnai.gov.vn | Nhắc tổ chức họp báo quý IV năm 2026: Sở Khoa học và Công nghệ tỉnh Đồng Nai"
		}
		if !found {
			t.Errorf("no reminder to the department's board; mails: %q", f.mails)
		}
		var n int
		if err := db.QueryRow(f.ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'spokes.remind'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("reminders audited: %d (%v), want 3", n, err)
		}
	})
}
