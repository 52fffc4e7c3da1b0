package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRuleSets(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rs := rules.NewStore(db, time.Now)
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		sets, nrules := count(t, db, "rule_sets"), count(t, db, "rules")
		if err := rs.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		if count(t, db, "rule_sets") != sets || count(t, db, "rules") != nrules || sets != len(rules.Defaults()) {
			t.Fatalf("second EnsureDefaults changed the rows: %d/%d sets", count(t, db, "rule_sets"), sets)
		}

		// The set in force depends on the day.
		for _, c := range []struct{ kind, day, code string }{
			{rules.KindSections, "2015-01-01", rules.SectionsDecree43},
			{rules.KindSections, "2024-01-01", rules.SectionsDecree42},
			{rules.KindSections, "2026-06-30", rules.SectionsDecree42},
			{rules.KindSections, "2026-11-27", rules.SectionsDecree224},
			{rules.KindDeadlines, "2015-01-01", rules.DeadlinesDecree43},
			{rules.KindDeadlines, "2026-06-30", rules.DeadlinesLaw104},
			{rules.KindDeadlines, "2026-11-27", rules.DeadlinesDecree244},
		} {
			set, err := rs.InForce(ctx, c.kind, c.day)
			if err != nil || set.Code != c.code {
				t.Fatalf("InForce(%s, %s) = %v, %v; want %s", c.kind, c.day, set, err, c.code)
			}
		}
		if _, err := rs.InForce(ctx, rules.KindSections, "2010-01-01"); err == nil {
			t.Errorf("a sections set in force in 2010, before the first default set")
		}
		// Decree 42/2022 added financial reports and treaties, and asked for
		// English pages on agencies' portals.
		d42, _ := rs.InForce(ctx, rules.KindSections, "2024-01-01")
		for _, slug := range []string{"ngan-sach-tai-chinh", "dieu-uoc-quoc-te", "english"} {
			if d42.Rule("section.department."+slug) == nil {
				t.Errorf("Decree 42/2022 set lacks %s for departments", slug)
			}
		}
		old, _ := rs.InForce(ctx, rules.KindDeadlines, "2015-01-01")
		if r := old.Deadline("van-ban-phap-luat"); r == nil || r.Value != "2" || r.Unit != rules.WorkingDays {
			t.Errorf("Decree 43 legal documents deadline = %+v", r)
		}
		if r := old.Deadline("tin-tuc-su-kien"); r != nil {
			t.Errorf("Decree 43 gives news a number: %+v", r)
		}
		cur, _ := rs.InForce(ctx, rules.KindSections, "2026-11-27")
		if len(cur.Sections(site.Portal)) == 0 || len(cur.Sections(site.Commune)) >= len(cur.Sections(site.Portal)) {
			t.Errorf("sections: portal %d, commune %d", len(cur.Sections(site.Portal)), len(cur.Sections(site.Commune)))
		}
		if cur.Source == "" {
			t.Errorf("a set without its source")
		}

		// Editing a value persists, is audited, and bad values are refused.
		now, _ := rs.InForce(ctx, rules.KindDeadlines, "2026-11-27")
		if err := rs.SetValue(ctx, now.ID, "deadline.default", "7", "Quy chế của tỉnh", audit.Actor{ID: 0, Name: "tester"}); err != nil {
			t.Fatal(err)
		}
		again, _ := rs.ByID(ctx, now.ID)
		if r := again.Rule("deadline.default"); r.Value != "7" || r.Unit != rules.WorkingDays {
			t.Errorf("after edit: %+v", r)
		}
		if err := rs.SetValue(ctx, now.ID, "deadline.default", "năm", "thử", audit.CLI); err == nil {
			t.Errorf("a non-number deadline was accepted")
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'rules.save' AND actor = 'tester'`).Scan(&n)
		if n != 1 {
			t.Errorf("audit entries of the edit = %d", n)
		}
		// The edit survives another start.
		rs.EnsureDefaults(ctx)
		if again, _ = rs.ByID(ctx, now.ID); again.Rule("deadline.default").Value != "7" {
			t.Errorf("EnsureDefaults reset an edited value")
		}
		list, err := rs.List(ctx)
		if err != nil || len(list) != sets {
			t.Errorf("List = %d, %v", len(list), err)
		}
	})
}

func TestDue(t *testing.T) {
	// Friday 27 Nov 2026, 10:00 in Vietnam.
	from := time.Date(2026, 11, 27, 10, 0, 0, 0, vn.ICT)
	cases := []struct {
		r    rules.Rule
		want time.Time
	}{
		{rules.Rule{Value: "5", Unit: rules.WorkingDays}, time.Date(2026, 12, 5, 0, 0, 0, 0, vn.ICT)}, // through Fri 4 Dec
		{rules.Rule{Value: "1", Unit: rules.WorkingDays}, time.Date(2026, 12, 1, 0, 0, 0, 0, vn.ICT)}, // through Mon 30 Nov
		{rules.Rule{Value: "3", Unit: rules.CalendarDays}, time.Date(2026, 12, 1, 0, 0, 0, 0, vn.ICT)},
		{rules.Rule{Value: "24", Unit: rules.Hours}, from.Add(24 * time.Hour)},
	}
	for _, c := range cases {
		got, ok := rules.Due(from, &c.r, nil)
		if !ok || !got.Equal(c.want) {
			t.Errorf("Due(%s %s) = %v; want %v", c.r.Value, c.r.Unit, got, c.want)
		}
	}
}

// TestDueSkipsTet: five working days from Friday 13 February 2026 skip
// the weekend, Tết (16–20 February) and the next weekend: the fifth
// working day is Friday 27 February, so the item is due by its end.
func TestDueSkipsTet(t *testing.T) {
	from := time.Date(2026, 2, 13, 9, 0, 0, 0, vn.ICT)
	got, ok := rules.Due(from, &rules.Rule{Value: "5", Unit: rules.WorkingDays}, nil)
	want := time.Date(2026, 2, 28, 0, 0, 0, 0, vn.ICT)
	if !ok || !got.Equal(want) {
		t.Errorf("Due = %v, %v; want %v", got, ok, want)
	}
}
