// Package schedule keeps the leaders' weekly working schedule (lịch công
// tác của lãnh đạo; issue 20, point 3; REQ-11, REQ-13) of each site: the
// entries of a week — the day, the time, the leader, what they do, where,
// who chairs and takes part, the unit that prepares it — entered by the
// site's editors, and the publication of a week as a whole by the board
// head or deputy. Only a published week is public. A published week may
// still change, and often does: every entry added, changed or cancelled
// after publication is recorded (schedule_changes) and the public sees
// it marked "Điều chỉnh" with the time of the change.
//
// Everything is in Viet Nam's time (vn.ICT): a week runs from Monday
// 00:00 to Sunday 24:00 there, so an entry at 23:30 on a Sunday belongs
// to the week that began the Monday before, whatever the server's zone.
package schedule

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/vn"
)

// DayLayout is how days are stored: YYYY-MM-DD, in Viet Nam.
const DayLayout = "2006-01-02"

// WeekOf is the Monday (YYYY-MM-DD) of the week holding t in Viet Nam.
func WeekOf(t time.Time) string {
	t = t.In(vn.ICT)
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, vn.ICT)
	back := (int(d.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return d.AddDate(0, 0, -back).Format(DayLayout)
}

// dayTime is a day at midnight in Viet Nam.
func dayTime(day string) (time.Time, bool) {
	t, err := time.ParseInLocation(DayLayout, day, vn.ICT)
	return t, err == nil
}

// WeekOfDay is the Monday of the week holding day (YYYY-MM-DD).
func WeekOfDay(day string) string {
	t, ok := dayTime(day)
	if !ok {
		return ""
	}
	return WeekOf(t)
}

// AddWeeks is the Monday n weeks after the Monday week.
func AddWeeks(week string, n int) string {
	t, ok := dayTime(week)
	if !ok {
		return ""
	}
	return t.AddDate(0, 0, 7*n).Format(DayLayout)
}

// Days are the seven days of the week, Monday to Sunday.
func Days(week string) []string {
	t, ok := dayTime(week)
	if !ok {
		return nil
	}
	out := make([]string, 7)
	for i := range out {
		out[i] = t.AddDate(0, 0, i).Format(DayLayout)
	}
	return out
}

// Name is the week's ISO 8601 name, "2026-W49", as the public address
// writes it (?tuan=).
func Name(week string) string {
	t, ok := dayTime(week)
	if !ok {
		return ""
	}
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// Number is the week's ISO number in its year (49) and that year.
func Number(week string) (year, number int) {
	t, _ := dayTime(week)
	return t.ISOWeek()
}

// ParseWeek reads a week written "2026-W49" (ISO 8601, as an <input
// type="week"> sends it; "2026-w49" and "2026W49" too) or as any day of
// it, YYYY-MM-DD, and returns its Monday; false when it is no week.
func ParseWeek(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if t, err := time.ParseInLocation(DayLayout, s, vn.ICT); err == nil {
		if t.Year() < 1945 || t.Year() > 2200 {
			return "", false
		}
		return WeekOf(t), true
	}
	y, w, ok := strings.Cut(s, "W")
	y = strings.TrimSuffix(y, "-")
	if !ok || len(y) != 4 || len(w) < 1 || len(w) > 2 {
		return "", false
	}
	year, err1 := strconv.Atoi(y)
	num, err2 := strconv.Atoi(w)
	if err1 != nil || err2 != nil || year < 1945 || year > 2200 || num < 1 || num > 53 {
		return "", false
	}
	// 4 January is always in week 1.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, vn.ICT)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(num-1))
	if gy, gw := monday.ISOWeek(); gy != year || gw != num {
		return "", false // week 53 of a year that has 52
	}
	return monday.Format(DayLayout), true
}

// readDay reads a day written YYYY-MM-DD (a date input) or DD/MM/YYYY;
// false when it is not a day of the calendar (31/02).
func readDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{DayLayout, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1945 && t.Year() <= 2200 {
			return t.Format(DayLayout), true
		}
	}
	return "", false
}

// readTime reads a time of day written 08:00, 8:00, 8h, 8h30, 8g30 or
// 8 giờ 30 and returns it as HH:MM; false when it is none.
func readTime(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("giờ", ":", "phút", "", " ", "", "h", ":", "g", ":", ".", ":").Replace(s)
	hs, ms, _ := strings.Cut(s, ":")
	if ms == "" {
		ms = "0"
	}
	if len(hs) < 1 || len(hs) > 2 || len(ms) > 2 {
		return "", false
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// At is the instant of a day (YYYY-MM-DD) at a time (HH:MM) in Viet Nam.
func At(day, hhmm string) time.Time {
	t, err := time.ParseInLocation(DayLayout+" 15:04", day+" "+hhmm, vn.ICT)
	if err != nil {
		return time.Time{}
	}
	return t
}

// DayWords writes a day as the schedule heads it: "Thứ Hai, ngày 7
// tháng 12 năm 2026".
func DayWords(day string) string {
	t, ok := dayTime(day)
	if !ok {
		return day
	}
	return vn.Weekday(t) + ", " + vn.DateWords(t)
}

// DayShort writes a day as "07/12/2026".
func DayShort(day string) string {
	t, ok := dayTime(day)
	if !ok {
		return day
	}
	return vn.DateShort(t)
}
