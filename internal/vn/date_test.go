package vn

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	mon := time.Date(2011, time.June, 13, 14, 5, 0, 0, ICT)
	sun := time.Date(2019, time.December, 1, 9, 0, 0, 0, ICT)
	tests := []struct {
		name string
		f    func(time.Time) string
		in   time.Time
		want string
	}{
		{"DateWords", DateWords, mon, "ngày 13 tháng 6 năm 2011"},
		{"DateWords two digits", DateWords, sun, "ngày 1 tháng 12 năm 2019"},
		{"DateShort", DateShort, mon, "13/06/2011"},
		{"DateShort padded", DateShort, sun, "01/12/2019"},
		{"Weekday Monday", Weekday, mon, "Thứ Hai"},
		{"Weekday Sunday", Weekday, sun, "Chủ nhật"},
		{"Weekday Saturday", Weekday, mon.AddDate(0, 0, 5), "Thứ Bảy"},
		{"DateTimeWords", DateTimeWords, mon, "14:05, Thứ Hai, ngày 13 tháng 6 năm 2011"},
		{"DateWordsEN", DateWordsEN, mon, "13 June 2011"},
		{"DateWordsEN single digit", DateWordsEN, sun, "1 December 2019"},
		{"uses own location", DateWords, time.Date(2011, 6, 12, 20, 0, 0, 0, time.UTC).In(ICT), "ngày 13 tháng 6 năm 2011"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f(tt.in); got != tt.want {
				t.Errorf("%s(%v) = %q, want %q", tt.name, tt.in, got, tt.want)
			}
		})
	}
}

func TestWeekdayNames(t *testing.T) {
	want := []string{"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"}
	day := time.Date(2011, time.June, 13, 0, 0, 0, 0, ICT) // a Monday
	for i, w := range want {
		if got := Weekday(day.AddDate(0, 0, i)); got != w {
			t.Errorf("Weekday(+%d days) = %q, want %q", i, got, w)
		}
	}
}

func TestParseDay(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, ICT) }
	good := map[string]time.Time{
		"13/06/2011": day(2011, 6, 13),
		"13/6/2011":  day(2011, 6, 13),
		"1/1/2020":   day(2020, 1, 1),
		"01-12-2019": day(2019, 12, 1),
		"29.02.2024": day(2024, 2, 29),
		"2011-06-13": day(2011, 6, 13),
		"31/12/2026": day(2026, 12, 31),
	}
	for in, want := range good {
		got, ok := ParseDay(in)
		if !ok || !got.Equal(want) || got.Location() != ICT {
			t.Errorf("ParseDay(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "13/06", "13/06/11", "31/02/2024", "29/02/2023", "0/1/2020", "1/0/2020", "1/13/2020",
		"13/06-2011", "13//2011", "/06/2011", "13/06/2011/", "13 06 2011", "2011/06/13", "2011-6-13", "06/13/2011",
		"13/06/20111", "١٣/٠٦/٢٠١١", "13/06/0999", "ngày 13", "123/06/2011", "13/006/2011"} {
		if got, ok := ParseDay(in); ok {
			t.Errorf("ParseDay(%q) = %v, true; want false", in, got)
		}
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"13/06/2011", "2011-06-13", "1.1.2020", "31/02/2024", "", "//", "9/9/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDay(s)
		if !ok {
			return
		}
		// A day read is a midnight in Viet Nam, and writing it day first
		// and reading it again gives the same day.
		if d.Location() != ICT || d.Hour() != 0 || d.Minute() != 0 {
			t.Fatalf("ParseDay(%q) = %v: not a midnight in Viet Nam", s, d)
		}
		if again, ok := ParseDay(DateShort(d)); !ok || !again.Equal(d) {
			t.Fatalf("ParseDay(%q) = %v, but ParseDay(%q) = %v, %v", s, d, DateShort(d), again, ok)
		}
	})
}

func TestParseMoment(t *testing.T) {
	at := func(y, m, d, h, min, sec int) time.Time { return time.Date(y, time.Month(m), d, h, min, sec, 0, ICT) }
	good := map[string]time.Time{
		"13/06/2026 14:30":    at(2026, 6, 13, 14, 30, 0),
		"13/6/2026 8:05":      at(2026, 6, 13, 8, 5, 0),
		"1/1/2027 00:00":      at(2027, 1, 1, 0, 0, 0),
		"13/06/2026 14:30:15": at(2026, 6, 13, 14, 30, 15),
		"13-06-2026 14:30":    at(2026, 6, 13, 14, 30, 0),
		"2026-06-13T14:30":    at(2026, 6, 13, 14, 30, 0),
		"2026-06-13T14:30:15": at(2026, 6, 13, 14, 30, 15),
		"2026-06-13 14:30":    at(2026, 6, 13, 14, 30, 0),
	}
	for in, want := range good {
		got, ok := ParseMoment(in)
		if !ok || !got.Equal(want) || got.Location() != ICT {
			t.Errorf("ParseMoment(%q) = %v, %v; want %v", in, got, ok, want)
		}
		if again, ok := ParseMoment(MomentShort(got)); !ok || !again.Equal(want.Truncate(time.Minute)) {
			t.Errorf("ParseMoment(MomentShort(%v)) = %v, %v", got, again, ok)
		}
	}
	for _, in := range []string{"", "13/06/2026", "2026-06-13", "13/06/2026 25:00", "13/06/2026 14:60", "31/02/2026 10:00",
		"06/13/2026 2:30 PM", "13/06/2026T14:30", "14:30", "13/06/0999 10:00"} {
		if got, ok := ParseMoment(in); ok {
			t.Errorf("ParseMoment(%q) = %v, true; want false", in, got)
		}
	}
	if got := MomentShort(time.Date(2026, 6, 13, 7, 30, 0, 0, time.UTC)); got != "13/06/2026 14:30" {
		t.Errorf("MomentShort in UTC = %q; want the time in Viet Nam", got)
	}
}

func FuzzParseMoment(f *testing.F) {
	for _, s := range []string{"13/06/2026 14:30", "2026-06-13T14:30", "1/1/2020 0:00", "31/02/2024 10:00", "", "// :"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseMoment(s)
		if !ok {
			return
		}
		if m.Location() != ICT {
			t.Fatalf("ParseMoment(%q) = %v: not in Viet Nam's time", s, m)
		}
		if again, ok := ParseMoment(MomentShort(m)); !ok || !again.Equal(m.Truncate(time.Minute)) {
			t.Fatalf("ParseMoment(%q) = %v, but ParseMoment(%q) = %v, %v", s, m, MomentShort(m), again, ok)
		}
	})
}
