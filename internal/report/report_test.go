package report

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// at is a moment in Viet Nam in 2026.
func at(month, day, hour, minute int) time.Time {
	return time.Date(2026, time.Month(month), day, hour, minute, 0, 0, vn.ICT)
}

// dataset is a province with three sites and a month of work whose
// figures for November 2026 are written down in TestActivityFigures
// before any is computed. "Now" is 2 December 2026, noon.
type dataset struct {
	db               *store.DB
	main, dept, comm *site.Site
	items            map[int]int64
}

func newDataset(t *testing.T, db *store.DB) *dataset {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return at(12, 2, 12, 0) }
	ss := site.NewSites(db, now)
	d := &dataset{db: db, items: map[int]int64{}}
	d.main = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Ủy ban nhân dân tỉnh"}
	d.dept = &site.Site{Code: "so-a", Kind: site.Department, Name: "Sở A", PathPrefix: "/so-a"}
	d.comm = &site.Site{Code: "xa-b", Kind: site.Commune, Name: "Xã B", PathPrefix: "/xa-b"}
	for _, s := range []*site.Site{d.main, d.dept, d.comm} {
		if err := ss.Create(ctx, s, audit.CLI); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(q string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := db.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	cat := exec(`INSERT INTO categories (site_id, slug, name, created_at) VALUES (?, 'tin-tuc', 'Tin tức', ?)`, d.main.ID, now().UTC())
	type item struct {
		n         int
		site      *site.Site
		kind      string
		pub, subm time.Time
		cat       bool
	}
	for _, it := range []item{
		{1, d.main, "article", at(11, 3, 10, 0), at(11, 1, 10, 0), true},
		{2, d.main, "article", at(11, 10, 12, 0), at(11, 10, 8, 0), true},
		{3, d.main, "announcement", at(11, 30, 23, 30), at(11, 30, 22, 30), false},
		{4, d.main, "article", at(12, 1, 0, 0), at(11, 30, 0, 0), true},
		{5, d.dept, "article", at(10, 31, 23, 59), at(10, 30, 0, 0), false},
		{6, d.dept, "legal", at(11, 15, 9, 0), at(11, 5, 9, 0), false},
		{7, d.comm, "article", time.Time{}, time.Time{}, false},
	} {
		var pub, catID any
		state := "draft"
		if !it.pub.IsZero() {
			pub, state = it.pub.UTC(), "published"
		}
		if it.cat {
			catID = cat
		}
		id := exec(`INSERT INTO items (site_id, kind, state, lang, slug, category_id, live, first_published_at, published_at, created_at, updated_at)
			VALUES (?, ?, ?, 'vi', ?, ?, ?, ?, ?, ?, ?)`, it.site.ID, it.kind, state, "bai-"+string(rune('0'+it.n)), catID, pub != nil, pub, pub,
			at(10, 1, 0, 0).UTC(), now().UTC())
		d.items[it.n] = id
		if !it.subm.IsZero() {
			exec(`INSERT INTO transitions (item_id, action, from_state, to_state, at) VALUES (?, 'submit', 'draft', 'approval', ?)`, id, it.subm.UTC())
			// a second submission after a return does not count
			exec(`INSERT INTO transitions (item_id, action, from_state, to_state, at) VALUES (?, 'submit', 'draft', 'approval', ?)`, id, it.subm.Add(time.Minute).UTC())
		}
	}
	// Post-publication checks.
	for _, c := range []struct {
		due     time.Time
		checked any
	}{
		{at(11, 4, 10, 0), at(11, 3, 10, 0).UTC()},
		{at(11, 11, 10, 0), at(11, 12, 10, 0).UTC()},
		{at(11, 20, 10, 0), nil},
		{at(12, 5, 10, 0), nil},
	} {
		exec(`INSERT INTO post_checks (item_id, revision_id, site_id, published_at, due_at, checked_at) VALUES (?, 0, ?, ?, ?, ?)`,
			d.items[1], d.main.ID, c.due.Add(-24*time.Hour).UTC(), c.due.UTC(), c.checked)
	}
	// Readers' error reports.
	for _, e := range []struct {
		at       time.Time
		resolved any
	}{{at(11, 2, 9, 0), at(11, 3, 9, 0).UTC()}, {at(11, 20, 9, 0), nil}, {at(10, 30, 9, 0), nil}} {
		exec(`INSERT INTO error_reports (site_id, page, message, created_at, resolved_at) VALUES (?, '/', 'Sai chính tả', ?, ?)`, d.main.ID, e.at.UTC(), e.resolved)
	}
	// Citizens' requests.
	unit := exec(`INSERT INTO directory_units (site_id, name) VALUES (?, 'Phòng Tiếp công dân')`, d.main.ID)
	for i, r := range []struct {
		received, due time.Time
		answered      any
		unit          any
		state         string
	}{
		{at(11, 5, 9, 0), at(11, 26, 17, 0), at(11, 20, 9, 0).UTC(), unit, "answered"},
		{at(11, 6, 9, 0), at(11, 27, 17, 0), at(11, 28, 9, 0).UTC(), unit, "answered"},
		{at(11, 7, 9, 0), at(11, 28, 17, 0), nil, unit, "received"},
		{at(11, 25, 9, 0), at(12, 16, 17, 0), nil, nil, "received"},
		{at(10, 20, 9, 0), at(11, 10, 17, 0), nil, unit, "received"},
	} {
		exec(`INSERT INTO feedback_requests (code, token_hash, site_id, category, assigned_unit_id, title, body, name, initials, address, phone, email,
			state, received_at, forward_due, answer_due, answered_at, updated_at)
			VALUES (?, 'x', ?, 'question', ?, 'Hỏi', 'Nội dung', 'Nguyễn Văn A', 'N.V.A', 'Biên Hòa', '', '', ?, ?, ?, ?, ?, ?)`,
			"PAKN-2026-00000"+string(rune('1'+i)), d.main.ID, r.unit, r.state, r.received.UTC(), r.received.UTC(), r.due.UTC(), r.answered, now().UTC())
	}
	// Page views: 3 then 1 more of item 1 in November, 2 of it in
	// December, 5 of the home page, 1 of item 6.
	c := NewCounter()
	for range 3 {
		c.Add(d.main.ID, "/tin-tuc/bai-1", at(11, 3, 11, 0))
	}
	for range 2 {
		c.Add(d.main.ID, "/tin-tuc/bai-1", at(12, 1, 11, 0))
	}
	for range 5 {
		c.Add(d.main.ID, "/", at(11, 10, 11, 0))
	}
	c.Add(d.dept.ID, "/van-ban/bai-6", at(11, 15, 11, 0))
	if err := c.Flush(ctx, db); err != nil {
		t.Fatal(err)
	}
	c.Add(d.main.ID, "/tin-tuc/bai-1", at(11, 3, 12, 0))
	if err := c.Flush(ctx, db); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestActivityFigures(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := newDataset(t, db)
		r := New(db, func() time.Time { return at(12, 2, 12, 0) })
		nov, err := ParsePeriod("2026-11")
		if err != nil {
			t.Fatal(err)
		}
		a, err := r.Activity(ctx, Scope{Sites: []*site.Site{d.main, d.dept, d.comm}, Period: nov, Province: true})
		if err != nil {
			t.Fatal(err)
		}
		// Written down first: items 1, 2, 3 and 6 were first published in
		// November (4 on 1 December and 5 on 31 October are not).
		if a.Total != 4 {
			t.Errorf("published = %d, want 4", a.Total)
		}
		want := map[string]int{"article": 2, "announcement": 1, "legal": 1}
		for _, k := range a.Published {
			if want[string(k.Kind)] != k.N {
				t.Errorf("%s: %d, want %d", k.Kind, k.N, want[string(k.Kind)])
			}
		}
		if len(a.BySite) != 3 || a.BySite[0].Published != 3 || a.BySite[1].Published != 1 || a.BySite[2].Published != 0 {
			t.Errorf("by site: %+v %+v %+v", a.BySite[0], a.BySite[1], a.BySite[2])
		}
		if len(a.Sections) != 1 || a.Sections[0].Published != 2 || a.Sections[0].Views != 4 {
			t.Errorf("sections: %+v", a.Sections)
		}
		// 48 h, 4 h, 1 h, 240 h from the first submission: median 26 h,
		// 90th percentile (nearest rank) 240 h.
		if a.Approval.N != 4 || a.Approval.Median != 26*time.Hour || a.Approval.P90 != 240*time.Hour || a.Approval.Max != 240*time.Hour {
			t.Errorf("approval: %+v", a.Approval)
		}
		if a.Checks != (Checks{Due: 3, Done: 1, Late: 1, Overdue: 1}) {
			t.Errorf("checks: %+v", a.Checks)
		}
		if a.Errors.Received != 2 || a.Errors.Resolved != 1 {
			t.Errorf("error reports: %+v", a.Errors)
		}
		f := a.Feedback
		if f.Received != 4 || f.OnTime != 1 || f.Late != 1 || f.Answered != 2 || f.Open != 2 || f.Overdue != 1 {
			t.Errorf("feedback: %+v", f)
		}
		units := map[string]UnitCount{}
		for _, u := range f.Units {
			units[u.Unit] = *u
		}
		if units["Phòng Tiếp công dân"] != (UnitCount{"Phòng Tiếp công dân", 3, 1, 1, 1, 1}) || units[""] != (UnitCount{"", 1, 0, 0, 1, 0}) {
			t.Errorf("units: %+v", units)
		}
		if a.Views.Total != 10 || len(a.Views.Items) != 2 || a.Views.Items[0].ItemID != d.items[1] || a.Views.Items[0].Views != 4 ||
			a.Views.Items[1].ItemID != d.items[6] {
			t.Errorf("views: %+v", a.Views)
		}
		if a.BySite[0].Views != 9 || a.BySite[1].Views != 1 {
			t.Errorf("views by site: %d %d", a.BySite[0].Views, a.BySite[1].Views)
		}
		if len(a.Series) != 30 || a.Series[2].N != 1 || a.Series[29].N != 1 {
			t.Errorf("series: %d days, 3 Nov %d, 30 Nov %d", len(a.Series), a.Series[2].N, a.Series[29].N)
		}
		// One site's report counts only its own.
		one, err := r.Activity(ctx, Scope{Sites: []*site.Site{d.dept}, Period: nov})
		if err != nil {
			t.Fatal(err)
		}
		if one.Total != 1 || one.Feedback.Received != 0 || one.Views.Total != 1 {
			t.Errorf("the department alone: %d published, %d requests, %d views", one.Total, one.Feedback.Received, one.Views.Total)
		}
		// A year: items 1–6 but 4? No: 2026 holds all six publications.
		y, _ := ParsePeriod("2026")
		year, err := r.Activity(ctx, Scope{Sites: []*site.Site{d.main, d.dept, d.comm}, Period: y})
		if err != nil {
			t.Fatal(err)
		}
		if year.Total != 6 || len(year.Series) != 12 || year.Series[10].N != 4 || year.Series[11].N != 1 || year.Series[9].N != 1 {
			t.Errorf("year: %d published, series %+v", year.Total, year.Series)
		}
	})
}

func TestOversightTable(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := newDataset(t, db)
		r := New(db, func() time.Time { return at(12, 2, 12, 0) })
		nov, _ := ParsePeriod("2026-11")
		ratings := func(context.Context, []int64, time.Time, time.Time) (map[int64][2]int, error) {
			return map[int64][2]int{d.main.ID: {3, 1}}, nil
		}
		o, err := r.Oversight(ctx, []*site.Site{d.main, d.dept, d.comm}, nov, ratings)
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]*Row{}
		for _, x := range o.Rows {
			row[x.Site.Code] = x
		}
		if m := row["tinh"]; m.Published != 3 || m.FeedbackOverdue != 2 || m.Views != 9 || m.Stale || m.Satisfaction() != 75 ||
			m.LastPublished == nil || !m.LastPublished.Equal(at(12, 1, 0, 0)) {
			t.Errorf("province row: %+v", m)
		}
		if row["so-a"].Stale || !row["xa-b"].Stale || row["xa-b"].Satisfaction() != -1 {
			t.Errorf("stale: department %v, commune %v", row["so-a"].Stale, row["xa-b"].Stale)
		}
		if err := r.SetStaleDays(ctx, 10); err != nil {
			t.Fatal(err)
		}
		o, _ = r.Oversight(ctx, []*site.Site{d.main, d.dept, d.comm}, nov, nil)
		o.Filter("department")
		if len(o.Rows) != 1 || !o.Rows[0].Stale {
			t.Errorf("after 10 days the department is stale: %+v", o.Rows)
		}
		o, _ = r.Oversight(ctx, []*site.Site{d.main, d.dept, d.comm}, nov, nil)
		o.Sort("dang", true)
		if o.Rows[0].Site.Code != "tinh" || o.Rows[2].Site.Code != "xa-b" {
			t.Errorf("sorted by publications: %s %s %s", o.Rows[0].Site.Code, o.Rows[1].Site.Code, o.Rows[2].Site.Code)
		}
	})
}

func TestParsePeriod(t *testing.T) {
	for v, want := range map[string]string{
		"2026-11": "tháng 11 năm 2026", "2026-Q3": "quý III năm 2026", "2026": "năm 2026",
		"2026-01-01..2026-03-31": "từ ngày 1 tháng 1 năm 2026 đến ngày 31 tháng 3 năm 2026",
	} {
		p, err := ParsePeriod(v)
		if err != nil || p.Label("vi") != want {
			t.Errorf("%s: %q, %v; want %q", v, p.Label("vi"), err, want)
		}
	}
	for _, v := range []string{"", "2026-13", "2026-Q5", "26", "2026-03-31..2026-01-01", "x..y", "1999"} {
		if _, err := ParsePeriod(v); err == nil {
			t.Errorf("%q accepted", v)
		}
	}
	q, _ := ParsePeriod("2026-Q1")
	if prev := q.Previous(); prev.Value != "2025-Q4" {
		t.Errorf("before 2026-Q1: %s", prev.Value)
	}
}
