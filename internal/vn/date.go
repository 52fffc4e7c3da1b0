package vn

import (
	"strconv"
	"time"
)

// ICT is Indochina Time (UTC+7), the zone of every date the portal shows.
// Vietnam has no daylight saving, so a fixed zone is exact and does not
// depend on the host's tzdata.
var ICT = time.FixedZone("ICT", 7*60*60)

var weekdays = [7]string{
	"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy",
}

// DateWords writes t's date the way Vietnamese administrative documents
// do, "ngày 13 tháng 6 năm 2011", without zero padding. It uses t's own
// location; convert with t.In(ICT) first for portal display.
func DateWords(t time.Time) string {
	y, m, d := t.Date()
	return "ngày " + strconv.Itoa(d) + " tháng " + strconv.Itoa(int(m)) +
		" năm " + strconv.Itoa(y)
}

// DateShort writes t's date as "13/06/2011", the numeric day/month/year
// form Vietnamese readers expect in lists and tables.
func DateShort(t time.Time) string {
	return t.Format("02/01/2006")
}

// Weekday names t's day of the week in Vietnamese ("Thứ Hai" … "Thứ
// Bảy", "Chủ nhật"); Go's time package only knows English names.
func Weekday(t time.Time) string {
	return weekdays[t.Weekday()]
}

// DateTimeWords writes a full timestamp for article and notice headers,
// e.g. "14:05, Thứ Hai, ngày 13 tháng 6 năm 2011".
func DateTimeWords(t time.Time) string {
	return t.Format("15:04") + ", " + Weekday(t) + ", " + DateWords(t)
}

// DateWordsEN writes t's date for the English version of the portal, e.g.
// "13 June 2011", in the same day-first order as the Vietnamese.
func DateWordsEN(t time.Time) string {
	return t.Format("2 January 2006")
}

// Day is the date of t in Vietnam as YYYY-MM-DD, the form in which the
// portal stores and compares legal dates (issued, effective, appointed,
// valid from): such strings sort and compare as the dates do.
func Day(t time.Time) string { return t.In(ICT).Format("2006-01-02") }

// ParseDay reads a date as people type it in Viet Nam, day first:
// "13/6/2011", "13/06/2011", "13-06-2011", "13.06.2011" (the day and the
// month of one or two digits, the year of four), and the year-first
// "2011-06-13" of links, the API and the browsers' date fields. It gives
// midnight of that day in Viet Nam, and false for anything else,
// impossible days ("31/02/2024") and years before 1000 included.
func ParseDay(s string) (time.Time, bool) {
	// Go's "2" and "1" take one or two digits, "01" and "02" two, "2006"
	// four; a day the month does not have is refused.
	for _, layout := range []string{"2/1/2006", "2-1-2006", "2.1.2006", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, ICT); err == nil && t.Year() >= 1000 {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseMoment reads a date and time as people type them in Viet Nam, day
// first and the time after a space ("13/6/2026 14:30", "13/06/2026
// 8:05", seconds allowed), or year first as links and the browsers'
// date-time fields give them ("2026-06-13T14:30", "2026-06-13 14:30"),
// in Viet Nam's time. False for anything else, a date alone included.
func ParseMoment(s string) (time.Time, bool) {
	for _, layout := range []string{"2/1/2006 15:04", "2/1/2006 15:04:05", "2-1-2006 15:04", "2.1.2006 15:04",
		"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, ICT); err == nil && t.Year() >= 1000 {
			return t, true
		}
	}
	return time.Time{}, false
}

// MomentShort writes t in Viet Nam as "13/06/2026 14:30", the form
// ParseMoment reads back.
func MomentShort(t time.Time) string {
	return t.In(ICT).Format("02/01/2006 15:04")
}
