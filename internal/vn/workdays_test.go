package vn

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, ICT)
	if err != nil {
		panic(err)
	}
	return t
}

// offDays returns the weekdays that are off in [from, to], as dates.
func offDays(c *Calendar, from, to string) []string {
	var out []string
	for d := day(from); !d.After(day(to)); d = d.AddDate(0, 0, 1) {
		if !isWeekend(d) && !c.IsWorkingDay(d) {
			out = append(out, d.Format(time.DateOnly))
		}
	}
	return out
}

func TestHolidaysCount(t *testing.T) {
	// Labour Code Art. 112: 11 days, + 24/11 from 2026 = 12 days. With
	// compensatory days every holiday costs exactly one weekday unless two
	// holidays share a date, so the weekdays off per year are 11 (12).
	var c *Calendar
	for y := 2020; y <= 2030; y++ {
		want := 11
		if y >= 2026 {
			want = 12
		}
		if got := len(offDays(c, dateKey(y, 1, 1), dateKey(y, 12, 31))); got != want {
			t.Errorf("%d: %d weekdays off, want %d: %v", y, got, want, c.Holidays(y))
		}
	}
}

func TestHolidays2026(t *testing.T) {
	var c *Calendar
	h := c.Holidays(2026)
	// Tết 2026 (mùng 1 = Tue 17/2): 30 Tết is Mon 16/2 (the lunar year
	// 2025 has 29 days in month 12, so it is "29 Tết"), Tết runs Mon 16/2
	// to Fri 20/2, as in the Prime Minister's 2026 decision (9 days off
	// with the weekends 14–15/2 and 21–22/2).
	for _, k := range []string{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"} {
		if h[k] != HolidayTet {
			t.Errorf("%s = %q, want Tết", k, h[k])
		}
	}
	// Giỗ Tổ 26/4/2026 is a Sunday → compensatory Monday 27/4.
	if h["2026-04-26"] != HolidayHungKings || h["2026-04-27"] != compensatoryPrefix+HolidayHungKings {
		t.Errorf("Giỗ Tổ 2026: %q, %q", h["2026-04-26"], h["2026-04-27"])
	}
	// 24/11 is off from 2026 (Tuesday), not in 2025 (Monday, working).
	if h["2026-11-24"] != HolidayCulture || c.IsWorkingDay(day("2026-11-24")) {
		t.Errorf("24/11/2026 not off: %q", h["2026-11-24"])
	}
	if _, off := c.Holidays(2025)["2025-11-24"]; off || !c.IsWorkingDay(day("2025-11-24")) {
		t.Error("24/11/2025 must be a working day")
	}
	// 2/9/2026 is a Wednesday; the default adjacent day is Tue 1/9.
	if h["2026-09-01"] != HolidayNational || h["2026-09-02"] != HolidayNational {
		t.Errorf("Quốc khánh 2026: %q %q", h["2026-09-01"], h["2026-09-02"])
	}
}

func TestCompensatory2023(t *testing.T) {
	var c *Calendar
	h := c.Holidays(2023)
	// 1/1/2023 is a Sunday → Mon 2/1 off (as published).
	if !strings.HasPrefix(h["2023-01-02"], compensatoryPrefix) {
		t.Errorf("2023-01-02 = %q", h["2023-01-02"])
	}
	// Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon → compensatory Tue 2/5 and Wed
	// 3/5: 29/4–3/5 off, as published for 2023.
	got := offDays(c, "2023-04-24", "2023-05-07")
	want := []string{"2023-05-01", "2023-05-02", "2023-05-03"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("April–May 2023 off = %v, want %v", got, want)
	}
	// 2/9/2023 is a Saturday; the adjacent day defaults to Fri 1/9; the
	// Saturday gives Mon 4/9 off (Sun 3/9 is a rest day): 1/9–4/9.
	got = offDays(c, "2023-08-28", "2023-09-08")
	want = []string{"2023-09-01", "2023-09-04"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("September 2023 off = %v, want %v", got, want)
	}
	if h["2023-09-04"] != compensatoryPrefix+HolidayNational {
		t.Errorf("2023-09-04 = %q", h["2023-09-04"])
	}
	if !c.IsWorkingDay(day("2023-09-05")) {
		t.Error("2023-09-05 must be a working day")
	}
	// The civil servants' 2023 swap: 31/8 off, Saturday 9/9 worked.
	sw := &Calendar{
		Extra:  map[string]string{"2023-08-31": "Nghỉ hoán đổi"},
		Worked: map[string]bool{"2023-09-09": true},
	}
	if sw.IsWorkingDay(day("2023-08-31")) || !sw.IsWorkingDay(day("2023-09-09")) {
		t.Error("swap not applied")
	}
	if sw.Holidays(2023)["2023-08-31"] != "Nghỉ hoán đổi" {
		t.Error("Extra day missing from Holidays")
	}
}

func TestTet2024Compensatory(t *testing.T) {
	// Tết 2024: mùng 1 Sat 10/2; 30 Tết Fri 9/2, mùng 1–4 = 10–13/2. The
	// weekend days 10/2 and 11/2 give Wed 14/2 and Thu 15/2, so five
	// weekdays are off: 9, 12, 13, 14, 15/2. (The Prime Minister actually
	// chose 8–14/2; an administrator enters that with Extra 8/2 and Worked
	// 15/2, tested below.)
	var c *Calendar
	got := offDays(c, "2024-02-05", "2024-02-23")
	want := []string{"2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Tết 2024 off = %v, want %v", got, want)
	}
	pm := &Calendar{Extra: map[string]string{"2024-02-08": HolidayTet}, Worked: map[string]bool{"2024-02-15": true}}
	got = offDays(pm, "2024-02-05", "2024-02-23")
	want = []string{"2024-02-08", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Tết 2024 (decision) off = %v, want %v", got, want)
	}
}

func TestNationalDayAdjacentOverride(t *testing.T) {
	// 2024: the decision gave Mon 2/9 + Tue 3/9 (and Sat 31/8–Sun 1/9).
	c := &Calendar{Extra: map[string]string{"2024-09-03": HolidayNational}}
	h := c.Holidays(2024)
	if _, ok := h["2024-09-01"]; ok {
		t.Error("1/9/2024 must not be the adjacent day when Extra gives 3/9")
	}
	if got := offDays(c, "2024-08-26", "2024-09-08"); strings.Join(got, ",") != "2024-09-02,2024-09-03" {
		t.Errorf("September 2024 off = %v", got)
	}
}

func TestAddWorkingDaysTet2026(t *testing.T) {
	var c *Calendar
	from := day("2026-02-13") // Friday before Tết
	// Sat 14, Sun 15: weekend; Mon 16 – Fri 20: Tết; Sat 21, Sun 22:
	// weekend. Working days after 13/2: Mon 23 (1), Tue 24 (2), Wed 25 (3),
	// Thu 26 (4), Fri 27 (5).
	for n, want := range map[int]string{0: "2026-02-13", 1: "2026-02-23", 5: "2026-02-27", 6: "2026-03-02", 15: "2026-03-13"} {
		got := c.AddWorkingDays(from, n)
		if got.Format(time.DateOnly) != want {
			t.Errorf("13/2/2026 + %d = %s, want %s", n, got.Format(time.DateOnly), want)
		}
		if b := c.WorkingDaysBetween(from, got); b != n {
			t.Errorf("WorkingDaysBetween(13/2, %s) = %d, want %d", want, b, n)
		}
	}
	if b := c.WorkingDaysBetween(day("2026-02-27"), from); b != -5 {
		t.Errorf("reverse = %d, want -5", b)
	}
	// Clock time and location are kept.
	at := time.Date(2026, 2, 13, 9, 30, 0, 0, ICT)
	if got := c.AddWorkingDays(at, 5); !got.Equal(time.Date(2026, 2, 27, 9, 30, 0, 0, ICT)) {
		t.Errorf("with clock: %v", got)
	}
	// A Saturday worked by swap counts.
	sw := &Calendar{Worked: map[string]bool{"2026-02-21": true}}
	if got := sw.AddWorkingDays(from, 1).Format(time.DateOnly); got != "2026-02-21" {
		t.Errorf("with worked Saturday: %s", got)
	}
}

func FuzzAddWorkingDays(f *testing.F) {
	f.Add(int64(0), uint16(5), false)
	f.Add(int64(9540), uint16(5), true) // 2026-02-13
	f.Add(int64(8645), uint16(15), false)
	f.Add(int64(-1), uint16(400), true)
	swaps := &Calendar{
		Extra:  map[string]string{"2026-02-23": "Nghỉ hoán đổi", "2024-09-03": HolidayNational},
		Worked: map[string]bool{"2026-02-28": true, "2026-02-17": true},
	}
	base := day("2000-01-01")
	f.Fuzz(func(t *testing.T, offset int64, n16 uint16, useSwaps bool) {
		offset %= 15000 // 2000 … 2041
		if offset < 0 {
			offset = -offset
		}
		n := int(n16%500) + 1
		var c *Calendar
		if useSwaps {
			c = swaps
		}
		start := base.AddDate(0, 0, int(offset)).Add(time.Duration(offset%86400) * time.Second)
		got := c.AddWorkingDays(start, n)
		if !got.After(start) {
			t.Fatalf("%v + %d = %v, not after", start, n, got)
		}
		if !c.IsWorkingDay(got) {
			t.Fatalf("%v + %d = %v, not a working day", start, n, got)
		}
		if b := c.WorkingDaysBetween(start, got); b != n {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, want %d", start, got, b, n)
		}
		if prev := got.AddDate(0, 0, -1); c.WorkingDaysBetween(start, prev) != n-1 {
			t.Fatalf("deadline %v is not the first day reaching %d", got, n)
		}
	})
}
