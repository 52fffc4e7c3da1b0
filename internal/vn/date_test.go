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
