package records_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/records"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var actor = audit.Actor{Name: "test", IP: "local"}

// fieldMsg is the Vietnamese message of a field of an invalid-input error.
func fieldMsg(t *testing.T, err error, field string) string {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		t.Fatalf("want an invalid-input error on %s, got %v", field, err)
	}
	m, ok := e.Fields[field]
	if !ok {
		t.Fatalf("no message on %s: %v", field, e.Fields)
	}
	return m.VI
}

// itemOf finds the demo's item with slug.
func itemOf(t *testing.T, db *store.DB, slug string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), `SELECT id FROM items WHERE slug = ?`, slug).Scan(&id); err != nil {
		t.Fatalf("item %s: %v", slug, err)
	}
	return id
}

// Every record type on both databases: the demo's records come back in
// the lists and their filters, a save replaces the record and is
// audited, bad input names the field and changes nothing, and a record
// goes only on items of its kind.
func TestRecordsStore(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 15, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		if _, err := demo.Fill(ctx, db, clock); err != nil {
			t.Fatal(err)
		}
		main, err := site.NewSites(db, clock).Main(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rs := records.NewStore(db, clock)
		count := func(action string) int {
			var n int
			db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n)
			return n
		}

		t.Run("projects", func(t *testing.T) {
			all, err := rs.Projects(ctx, records.ProjectFilter{SiteID: main.ID, Lang: "vi"})
			if err != nil || len(all) != 3 {
				t.Fatalf("projects: %d, %v", len(all), err)
			}
			done, _ := rs.Projects(ctx, records.ProjectFilter{SiteID: main.ID, Lang: "vi", Status: "hoan-thanh"})
			if len(done) != 1 || done[0].Contractor == "" || done[0].ContractValue != 36_915_400_000 || done[0].URL() != "/du-an/mua-sam-thiet-bi-day-hoc-thcs-2026" {
				t.Errorf("completed: %+v", done)
			}
			y2028, _ := rs.Projects(ctx, records.ProjectFilter{SiteID: main.ID, Lang: "vi", Year: 2028})
			if len(y2028) != 1 || y2028[0].Code != "DA-NN-2026-02" {
				t.Errorf("under way in 2028: %d", len(y2028))
			}
			fields, _ := rs.ProjectFields(ctx, main.ID, "vi")
			if len(fields) != 3 {
				t.Errorf("fields: %v", fields)
			}
			id := itemOf(t, db, "duong-ven-song-doan-tran-bien")
			before, _ := rs.Project(ctx, id)
			bad := *before
			bad.BudgetText, bad.Start, bad.End = "mười tỷ", "2027-01-01", "2026-01-01"
			err = rs.SaveProject(ctx, &bad, main.ID, actor)
			if m := fieldMsg(t, err, "pj_budget"); !strings.Contains(m, "phải là một số") {
				t.Errorf("budget: %s", m)
			}
			if m := fieldMsg(t, err, "pj_end"); m != "Ngày kết thúc phải sau ngày bắt đầu." {
				t.Errorf("end: %s", m)
			}
			if after, _ := rs.Project(ctx, id); after.Budget != before.Budget || after.Start != before.Start {
				t.Errorf("a refused save changed the record")
			}
			n := count("records.project.save")
			good := *before
			good.BudgetText, good.Start = "1.300.000.000.000", "01/04/2025"
			if err := rs.SaveProject(ctx, &good, main.ID, actor); err != nil {
				t.Fatal(err)
			}
			if after, _ := rs.Project(ctx, id); after.Budget != 1_300_000_000_000 || after.Start != "2025-04-01" {
				t.Errorf("saved: %+v", after)
			}
			if count("records.project.save") != n+1 {
				t.Errorf("not audited")
			}
			// Not on an item of another kind.
			wrong := good
			wrong.ItemID = itemOf(t, db, "ke-hoach-chuyen-doi-so-2026-2030")
			if err := rs.SaveProject(ctx, &wrong, main.ID, actor); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("a project on a plan: %v", err)
			}
		})

		t.Run("budgets", func(t *testing.T) {
			all, err := rs.Budgets(ctx, records.BudgetFilter{SiteID: main.ID, Lang: "vi", Period: "2026"})
			if err != nil || len(all) != 2 {
				t.Fatalf("budgets of 2026 (with its quarters): %d, %v", len(all), err)
			}
			q3, _ := rs.Budgets(ctx, records.BudgetFilter{SiteID: main.ID, Lang: "vi", Period: "2026-Q3", Type: "thuc-hien"})
			if len(q3) != 1 || q3[0].Period.Label("vi") != "Quý III năm 2026" {
				t.Errorf("Q3: %+v", q3)
			}
			id := itemOf(t, db, "cong-khai-du-toan-ngan-sach-2026")
			err = rs.SaveBudget(ctx, &records.Budget{ItemID: id, YearText: "2026", PartText: "Q5", Type: "du-toan"}, main.ID, actor)
			if m := fieldMsg(t, err, "bg_year"); !strings.Contains(m, "Kỳ báo cáo không tồn tại") {
				t.Errorf("period: %s", m)
			}
			if err := rs.SaveBudget(ctx, &records.Budget{ItemID: id, YearText: "2026", PartText: "12", Type: "quyet-toan", Files: []int64{7, 9}}, main.ID, actor); err != nil {
				t.Fatal(err)
			}
			if b, _ := rs.Budget(ctx, id); b.Period != "2026-12" || b.Type != "quyet-toan" || len(b.Files) != 2 || !b.HasFile(9) {
				t.Errorf("saved: %+v", b)
			}
		})

		t.Run("statistics", func(t *testing.T) {
			all, err := rs.Statistics(ctx, records.StatisticFilter{SiteID: main.ID, Lang: "vi"})
			if err != nil || len(all) != 2 {
				t.Fatalf("statistics: %d, %v", len(all), err)
			}
			y, _ := rs.Statistics(ctx, records.StatisticFilter{SiteID: main.ID, Lang: "vi", Period: "2025"})
			if len(y) != 1 {
				t.Errorf("2025: %d", len(y))
			}
			id := itemOf(t, db, "ho-so-truc-tuyen-2025")
			st, _ := rs.Statistic(ctx, id)
			if st.Table == nil || len(st.Table.Head) != 4 || len(st.Table.Rows) != 4 {
				t.Fatalf("table: %+v", st.Table)
			}
			bad := *st
			bad.Data = "Quý,Số hồ sơ\nQuý I,10\nQuý II,11,12\n"
			err = rs.SaveStatistic(ctx, &bad, main.ID, actor)
			if m := fieldMsg(t, err, "st_table"); m != "Dòng 3 có 3 ô, trong khi dòng tiêu đề có 2 ô: mọi dòng phải có cùng số ô." {
				t.Errorf("ragged: %s", m)
			}
			if after, _ := rs.Statistic(ctx, id); after.Data != st.Data {
				t.Errorf("a refused save changed the table")
			}
			good := *st
			good.Data = "Quý;Số hồ sơ\nQuý I;10\n"
			if err := rs.SaveStatistic(ctx, &good, main.ID, actor); err != nil {
				t.Fatal(err)
			}
			if after, _ := rs.Statistic(ctx, id); after.Data != "Quý,Số hồ sơ\nQuý I,10\n" {
				t.Errorf("stored: %q", after.Data)
			}
		})

		t.Run("sciences", func(t *testing.T) {
			all, err := rs.Sciences(ctx, records.ScienceFilter{SiteID: main.ID, Lang: "vi"})
			if err != nil || len(all) != 2 {
				t.Fatalf("sciences: %d, %v", len(all), err)
			}
			prov, _ := rs.Sciences(ctx, records.ScienceFilter{SiteID: main.ID, Lang: "vi", Level: "tinh", Status: "dang-thuc-hien"})
			if len(prov) != 1 || prov[0].Code != "ĐTKHCN.2025-07" {
				t.Errorf("provincial: %+v", prov)
			}
			id := itemOf(t, db, "du-lieu-mo-dich-vu-cong")
			err = rs.SaveScience(ctx, &records.Science{ItemID: id, Code: "X", Level: "xa", Host: "H", Status: "hoan-thanh", BudgetText: "12,5 triệu"}, main.ID, actor)
			fieldMsg(t, err, "sc_level")
			fieldMsg(t, err, "sc_budget")
		})

		t.Run("plans", func(t *testing.T) {
			all, err := rs.Plans(ctx, records.PlanFilter{SiteID: main.ID, Lang: "vi"})
			if err != nil || len(all) != 2 {
				t.Fatalf("plans: %d, %v", len(all), err)
			}
			progs, _ := rs.Plans(ctx, records.PlanFilter{SiteID: main.ID, Lang: "vi", Type: "chuong-trinh", Year: 2025})
			if len(progs) != 1 || progs[0].Years() != "2025–2030" {
				t.Errorf("programmes in 2025: %+v", progs)
			}
			id := itemOf(t, db, "ke-hoach-chuyen-doi-so-2026-2030")
			err = rs.SavePlan(ctx, &records.Plan{ItemID: id, Type: "ke-hoach", FromText: "2030", ToText: "2026", Decided: "31/02/2026"}, main.ID, actor)
			fieldMsg(t, err, "pl_to")
			fieldMsg(t, err, "pl_decided")
			if p, _ := rs.Plan(ctx, id); p.FromYear != 2026 {
				t.Errorf("a refused save changed the plan")
			}
		})
	})
}

func TestMoneyAndDays(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "12500000000": 12_500_000_000, "12.500.000.000": 12_500_000_000,
		"12 500 000 000 đồng": 12_500_000_000, "1,000": 1000, "950 đ": 950} {
		if n, ok := records.ParseMoney(in); !ok || n != want {
			t.Errorf("ParseMoney(%q) = %d, %v", in, n, ok)
		}
	}
	for _, in := range []string{"mười tỷ", "12,5", "1.2345", "-5", "12..500", "1e9", "99999999999999999"} {
		if _, ok := records.ParseMoney(in); ok {
			t.Errorf("ParseMoney(%q) accepted", in)
		}
	}
	if got := records.Money(1_250_000_000_000); got != "1.250.000.000.000" {
		t.Errorf("Money: %s", got)
	}
	for in, want := range map[string]string{"2026-03-05": "2026-03-05", "05/03/2026": "2026-03-05", "5/3/2026": "2026-03-05"} {
		if d, ok := records.ParseDay(in); !ok || d != want {
			t.Errorf("ParseDay(%q) = %q", in, d)
		}
	}
	for _, in := range []string{"31/02/2026", "2026-13-01", "hôm qua"} {
		if _, ok := records.ParseDay(in); ok {
			t.Errorf("ParseDay(%q) accepted", in)
		}
	}
	for in, want := range map[[2]string]string{{"2025", ""}: "Năm 2025", {"2025", "q2"}: "Quý II năm 2025", {"2025", "3"}: "Tháng 3 năm 2025"} {
		if p, ok := records.ParsePeriod(in[0], in[1]); !ok || p.Label("vi") != want {
			t.Errorf("ParsePeriod(%v) = %q", in, p)
		}
	}
	for _, in := range [][2]string{{"2025", "Q5"}, {"2025", "13"}, {"0", ""}, {"hai", ""}, {"2025", "00"}} {
		if _, ok := records.ParsePeriod(in[0], in[1]); ok {
			t.Errorf("ParsePeriod(%v) accepted", in)
		}
	}
	if _, ok := records.PeriodOf("2025-3"); ok {
		t.Errorf("PeriodOf accepts a non-canonical month")
	}
}
