package feedback_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/vn"
)

func time_(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, ict) }

func wd(n string) *rules.Rule { return &rules.Rule{Key: "k", Value: n, Unit: rules.WorkingDays} }

func lastDay(t *testing.T, from time.Time, r *rules.Rule, cal *vn.Calendar) string {
	t.Helper()
	due, err := feedback.Due(from, r, cal)
	if err != nil {
		t.Fatal(err)
	}
	return feedback.LastDay(due).Format("2006-01-02")
}

// TestDueOverHolidays checks deadlines against the published holidays.
func TestDueOverHolidays(t *testing.T) {
	cases := []struct {
		name string
		from time.Time
		rule *rules.Rule
		cal  *vn.Calendar
		want string
	}{
		// Tết 2026: Mon 16 – Fri 20/2.
		{"Tết 2026, 5 working days", time_(2026, 2, 13), wd("5"), nil, "2026-02-27"},
		{"Tết 2026, 15 working days", time_(2026, 2, 13), wd("15"), nil, "2026-03-13"},
		// Giỗ Tổ 26/4/2026 is a Sunday: compensatory Monday 27/4; then
		// 30/4 and 1/5.
		{"Giỗ Tổ, 30/4, 1/5 2026", time_(2026, 4, 24), wd("5"), nil, "2026-05-06"},
		// National Day 2026: Tue 1/9 and Wed 2/9.
		{"Quốc khánh 2026", time_(2026, 8, 28), wd("5"), nil, "2026-09-08"},
		// 24/11 is a holiday from 2026 only.
		{"24/11/2025 worked", time_(2025, 11, 21), wd("5"), nil, "2025-11-28"},
		{"24/11/2026 off", time_(2026, 11, 20), wd("5"), nil, "2026-11-30"},
		// The yearly decision overrides the computation: an extra day off
		// on Mon 23/2 and a worked Saturday 28/2.
		{"extra day off", time_(2026, 2, 13), wd("5"), &vn.Calendar{Extra: map[string]string{"2026-02-23": "Nghỉ thêm"}}, "2026-03-02"},
		{"swapped Saturday", time_(2026, 2, 13), wd("5"), &vn.Calendar{Worked: map[string]bool{"2026-02-28": true}, Extra: map[string]string{"2026-02-23": "Nghỉ thêm"}}, "2026-02-28"},
		// Calendar days count every day; hours are clock hours.
		{"calendar days over Tết", time_(2026, 2, 13), &rules.Rule{Key: "k", Value: "15", Unit: rules.CalendarDays}, nil, "2026-02-28"},
		{"hours", time_(2026, 2, 13), &rules.Rule{Key: "k", Value: "24", Unit: rules.Hours}, nil, "2026-02-14"},
		// New Year 2027 falls on a Friday.
		{"1/1/2027", time_(2026, 12, 31), wd("1"), nil, "2027-01-04"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := lastDay(t, c.from, c.rule, c.cal); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// tet is the first day of the lunar year, 2020–2030 (published facts).
var tet = map[int]string{2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22", 2024: "2024-02-10",
	2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03"}

// TestDueNeverEndsInTet: for every year 2020–2030, a deadline counted
// from a week before Tết skips every Tết day, ends on a working day, and
// counts exactly its number of working days.
func TestDueNeverEndsInTet(t *testing.T) {
	var cal *vn.Calendar
	for year := 2020; year <= 2030; year++ {
		first, _ := time.ParseInLocation("2006-01-02", tet[year], ict)
		if cal.IsWorkingDay(first) {
			t.Errorf("%d: mùng 1 Tết %s is a working day", year, tet[year])
		}
		from := first.AddDate(0, 0, -7).Add(10 * time.Hour)
		for _, n := range []int{1, 5, 15} {
			due, err := feedback.Due(from, wd(itoa(n)), cal)
			if err != nil {
				t.Fatal(err)
			}
			last := feedback.LastDay(due)
			if !cal.IsWorkingDay(last) {
				t.Errorf("%d: %d working days end on a day off %s", year, n, last.Format("2006-01-02"))
			}
			if got := cal.WorkingDaysBetween(from, last); got != n {
				t.Errorf("%d: %d working days counted as %d", year, n, got)
			}
			if n == 15 && !last.After(first.AddDate(0, 0, 4)) {
				t.Errorf("%d: 15 working days end in Tết: %s", year, last.Format("2006-01-02"))
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
