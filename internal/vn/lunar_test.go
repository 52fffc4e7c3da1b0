package vn

import (
	"testing"
	"time"
)

// tetDates are the first days of the lunar year (mùng 1 Tết), as published.
var tetDates = map[int]string{
	1985: "1985-01-21", // Vietnam (UTC+7); China had 1985-02-20
	2007: "2007-02-17", // China (UTC+8) had 2007-02-18
	2020: "2020-01-25",
	2021: "2021-02-12",
	2022: "2022-02-01",
	2023: "2023-01-22",
	2024: "2024-02-10",
	2025: "2025-01-29",
	2026: "2026-02-17",
	2027: "2027-02-06",
	2028: "2028-01-26",
	2029: "2029-02-13",
	// 2030: the brief listed 2030-02-03, which is China's date (UTC+8). The
	// new moon is 2030-02-02 16:07 UTC = 23:07 in Vietnam, so Vietnam's Tết
	// is one day earlier, like 1985 and 2007 (the Vietnamese government's
	// own statement in 2006 named 2030 and 2053 as the next such years).
	2030: "2030-02-02",
}

// TestNoThirtiethTet checks the published curiosity that after 30 Tết of
// the year Quý Mão (lunar year 2023, 2024-02-09) the lunar years 2024–2031
// end on day 29 (no "30 Tết" for Tết 2025–2032); lunar year 2032 ends on 30.
func TestNoThirtiethTet(t *testing.T) {
	for y := 2023; y <= 2032; y++ {
		eve := LunarToSolar(1, 1, y+1, false).AddDate(0, 0, -1)
		d, m, _, _ := SolarToLunar(eve)
		want := 29
		if y == 2023 || y == 2032 {
			want = 30
		}
		if d != want || m != 12 {
			t.Errorf("last day of lunar year %d is %d/%d, want %d/12", y, d, m, want)
		}
	}
}

func TestTetDates(t *testing.T) {
	for y, want := range tetDates {
		got := LunarToSolar(1, 1, y, false)
		if s := got.Format(time.DateOnly); s != want {
			t.Errorf("Tết %d = %s, want %s", y, s, want)
		}
		d, m, ly, leap := SolarToLunar(got)
		if d != 1 || m != 1 || ly != y || leap {
			t.Errorf("SolarToLunar(%s) = %d/%d/%d leap=%v", want, d, m, ly, leap)
		}
	}
}

func TestHungKings(t *testing.T) {
	for y, want := range map[int]string{
		2023: "2023-04-29",
		2024: "2024-04-18",
		2025: "2025-04-07",
		2026: "2026-04-26",
	} {
		if got := LunarToSolar(10, 3, y, false).Format(time.DateOnly); got != want {
			t.Errorf("Giỗ Tổ %d = %s, want %s", y, got, want)
		}
	}
}

func TestLeapMonths(t *testing.T) {
	// Published leap months: 2020 tháng 4 nhuận, 2023 tháng 2 nhuận,
	// 2025 tháng 6 nhuận (starts 2025-07-25), 2028 tháng 5 nhuận.
	for _, c := range []struct {
		y, m int
		want string
	}{
		{2020, 4, "2020-05-23"},
		{2023, 2, "2023-03-22"},
		{2025, 6, "2025-07-25"},
	} {
		if got := LunarToSolar(1, c.m, c.y, true).Format(time.DateOnly); got != c.want {
			t.Errorf("1/%d nhuận/%d = %s, want %s", c.m, c.y, got, c.want)
		}
	}
	if got := LunarToSolar(1, 3, 2024, true); !got.IsZero() {
		t.Errorf("2024 has no leap month 3, got %v", got)
	}
}

// TestLunarRoundTrip checks every day from 2000 to 2040 converts to a
// lunar date and back, and that lunar dates advance one day at a time.
func TestLunarRoundTrip(t *testing.T) {
	d := time.Date(2000, 1, 1, 0, 0, 0, 0, ICT)
	end := time.Date(2041, 1, 1, 0, 0, 0, 0, ICT)
	pd, pm, py, pl := SolarToLunar(d.AddDate(0, 0, -1))
	for ; d.Before(end); d = d.AddDate(0, 0, 1) {
		ld, lm, ly, leap := SolarToLunar(d)
		if back := LunarToSolar(ld, lm, ly, leap); !back.Equal(d) {
			t.Fatalf("%s → %d/%d/%d leap=%v → %s", d.Format(time.DateOnly), ld, lm, ly, leap, back.Format(time.DateOnly))
		}
		if ld == 1 {
			if pd != 29 && pd != 30 {
				t.Fatalf("%s: month before has %d days", d.Format(time.DateOnly), pd)
			}
			sameMonth := lm == pm && leap && !pl
			next := lm == pm%12+1 && !leap
			if !sameMonth && !next {
				t.Fatalf("%s: month %d(leap=%v) follows %d(leap=%v)", d.Format(time.DateOnly), lm, leap, pm, pl)
			}
			if (lm == 1 && !leap) != (ly == py+1) {
				t.Fatalf("%s: year %d follows %d", d.Format(time.DateOnly), ly, py)
			}
		} else if ld != pd+1 || lm != pm || ly != py || leap != pl {
			t.Fatalf("%s: %d/%d/%d follows %d/%d/%d", d.Format(time.DateOnly), ld, lm, ly, pd, pm, py)
		}
		pd, pm, py, pl = ld, lm, ly, leap
	}
}
