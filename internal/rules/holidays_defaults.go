package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// The public holidays and the weekly rest, sets of kind "holidays"
// (REQ-64..66): the working-day calendar reads the set in force on each
// day; the lunar date computation stays in code (internal/vn). The
// yearly decisions (exact Tết days, swaps) are the "calendar" sets.
//
//	weekend          the weekly rest days: "sat sun" (mon tue wed thu fri sat sun)
//	solar.MM-DD      a holiday on a solar date; value its name
//	lunar.MM-DD      a holiday on a lunar date (Giỗ Tổ: lunar.03-10)
//	tet              Tết Nguyên Đán; value its name
//	tet.days         how many days of Tết, from the last day of the lunar
//	                 year (5; calendar_days)
//	adjacent.MM-DD   one day next to the solar holiday MM-DD: the day
//	                 before, or the day after when the year's decision
//	                 adds it (Quốc khánh: adjacent.09-02)
//
// A holiday on a weekly rest day gives the next working day off (Labour
// Code Art. 111(3)), computed.

// KindHolidays is the kind of the holiday sets.
const KindHolidays = "holidays"

// Codes of the default holiday sets.
const (
	HolidaysLabourCode = "holidays-blld-2019"
	HolidaysCulture    = "holidays-nq28-2026"
)

func holidayDefaults() []*Set {
	const code = "Bộ luật Lao động 45/2019/QH14"
	const res28 = "Nghị quyết 28/2026/QH16"
	rules := func() []*Rule {
		return []*Rule{
			{Key: "weekend", Value: "sat sun", Note: "Nghỉ hằng tuần của cơ quan nhà nước: thứ Bảy và Chủ nhật (REQ-66)"},
			{Key: "solar.01-01", Value: vn.HolidayNewYear, Note: code + " Điều 112 khoản 1 điểm a: 01 ngày"},
			{Key: "tet", Value: vn.HolidayTet, Note: code + " Điều 112 khoản 1 điểm b; Thủ tướng quyết định ngày nghỉ cụ thể (nhập ở Lịch nghỉ)"},
			{Key: "tet.days", Value: "5", Unit: CalendarDays, Note: code + " Điều 112 khoản 1 điểm b: 05 ngày (thường là ngày cuối năm và 4 ngày đầu năm âm lịch)"},
			{Key: "lunar.03-10", Value: vn.HolidayHungKings, Note: code + " Điều 112 khoản 1 điểm đ: ngày 10 tháng 3 âm lịch"},
			{Key: "solar.04-30", Value: vn.HolidayReunification, Note: code + " Điều 112 khoản 1 điểm c"},
			{Key: "solar.05-01", Value: vn.HolidayLabour, Note: code + " Điều 112 khoản 1 điểm d"},
			{Key: "solar.09-02", Value: vn.HolidayNational, Note: code + " Điều 112 khoản 1 điểm đ"},
			{Key: "adjacent.09-02", Value: vn.HolidayNational, Note: code + " Điều 112 khoản 1 điểm đ: 01 ngày liền kề trước hoặc sau (Thủ tướng quyết định)"},
		}
	}
	return []*Set{
		{Code: HolidaysLabourCode, Kind: KindHolidays, Name: "Ngày nghỉ lễ, Tết và nghỉ hằng tuần theo Bộ luật Lao động 2019",
			Source:    code + " Điều 111, 112 (có hiệu lực từ 01/01/2021)",
			ValidFrom: "2021-01-01", ValidTo: "2026-07-01", Rules: rules()},
		{Code: HolidaysCulture, Kind: KindHolidays, Name: "Ngày nghỉ lễ, Tết, nghỉ hằng tuần và Ngày Văn hóa Việt Nam (24/11)",
			Source:    code + " Điều 111, 112; " + res28 + " (ngày 24/11 là ngày nghỉ có hưởng lương, từ 01/07/2026)",
			ValidFrom: "2026-07-01", Rules: append(rules(),
				&Rule{Key: "solar.11-24", Value: vn.HolidayCulture, Note: res28 + ": Ngày Văn hóa Việt Nam, nghỉ có hưởng lương (REQ-65)"})},
	}
}

var weekdays = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

func monthDay(s string) (int, int, bool) {
	m, d, ok := strings.Cut(s, "-")
	if !ok || len(m) != 2 || len(d) != 2 {
		return 0, 0, false
	}
	mm, err1 := strconv.Atoi(m)
	dd, err2 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return 0, 0, false
	}
	return mm, dd, true
}

func badHoliday(key, why string) error {
	return apperr.Field("key", "Quy định ngày nghỉ không hợp lệ: "+key+" ("+why+").", "Invalid holiday rule: "+key+" ("+why+").")
}

// HolidayList is the working-day calendar's reading of a holidays set.
func HolidayList(set *Set) (vn.HolidayList, error) {
	l := vn.HolidayList{From: set.ValidFrom, To: set.ValidTo}
	tet := -1
	for _, r := range set.Rules {
		switch kind, md, _ := strings.Cut(r.Key, "."); {
		case r.Key == "weekend":
			for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(r.Value, ",", " "))) {
				d, ok := weekdays[w]
				if !ok {
					return l, badHoliday(r.Key, "mon tue wed thu fri sat sun")
				}
				l.Weekend = append(l.Weekend, d)
			}
		case r.Key == "tet":
			tet = len(l.Holidays)
			l.Holidays = append(l.Holidays, vn.Holiday{Kind: vn.TetHoliday, Days: 5, Name: r.Value})
		case r.Key == "tet.days":
			n, err := r.Int()
			if err != nil || n < 1 || n > 15 || r.Unit != CalendarDays {
				return l, badHoliday(r.Key, "1–15 calendar_days")
			}
		case kind == "solar" || kind == "lunar" || kind == "adjacent":
			m, d, ok := monthDay(md)
			if !ok || (kind == "lunar" && d > 30) {
				return l, badHoliday(r.Key, "MM-DD")
			}
			k := map[string]vn.HolidayKind{"solar": vn.SolarHoliday, "lunar": vn.LunarHoliday, "adjacent": vn.AdjacentHoliday}[kind]
			l.Holidays = append(l.Holidays, vn.Holiday{Kind: k, Month: m, Day: d, Name: r.Value})
		default:
			return l, badHoliday(r.Key, "weekend, solar.MM-DD, lunar.MM-DD, tet, tet.days, adjacent.MM-DD")
		}
	}
	if r := set.Rule("tet.days"); r != nil {
		if tet < 0 {
			return l, badHoliday("tet.days", "tet")
		}
		l.Holidays[tet].Days, _ = r.Int()
	}
	if set.Rule("weekend") == nil {
		return l, badHoliday("weekend", "sat sun")
	}
	return l, nil
}

// validateKind checks the rules a kind of set reads in a fixed form.
func validateKind(set *Set) error {
	if set.Kind == KindHolidays {
		if _, err := HolidayList(set); err != nil {
			return err
		}
	}
	return nil
}

// holidayLists are the holiday sets as the calendar reads them, oldest
// first; a set that no longer reads (it cannot be saved so) is an error.
func holidayLists(sets []*Set) ([]vn.HolidayList, error) {
	var out []vn.HolidayList
	for _, set := range sets {
		l, err := HolidayList(set)
		if err != nil {
			return nil, fmt.Errorf("holiday set %s: %w", set.Code, err)
		}
		out = append(out, l)
	}
	return out, nil
}
