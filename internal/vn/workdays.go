package vn

import (
	"sort"
	"strconv"
	"time"
)

// Holiday names (tên ngày nghỉ lễ, tết).
const (
	HolidayNewYear       = "Tết Dương lịch"
	HolidayTet           = "Tết Nguyên Đán"
	HolidayHungKings     = "Giỗ Tổ Hùng Vương"
	HolidayReunification = "Ngày Giải phóng miền Nam, thống nhất đất nước"
	HolidayLabour        = "Ngày Quốc tế Lao động"
	HolidayNational      = "Quốc khánh"
	HolidayCulture       = "Ngày Văn hóa Việt Nam"
	compensatoryPrefix   = "Nghỉ bù "
)

// HolidayKind says how a holiday of a list falls in a year.
type HolidayKind int

// The kinds of holiday a list holds.
const (
	SolarHoliday    HolidayKind = iota // Month/Day of the solar calendar
	LunarHoliday                       // Month/Day of the lunar calendar (not a leap month)
	TetHoliday                         // Days days from the last day of the lunar year
	AdjacentHoliday                    // the day before solar Month/Day, or the day after when the year's Extra has it
)

// Holiday is one public holiday of a list: the rule, the lunar or solar
// date computation staying here (LunarToSolar).
type Holiday struct {
	Kind       HolidayKind
	Month, Day int
	Days       int // TetHoliday: how many days (5 under Labour Code Art. 112)
	Name       string
}

// HolidayList is the weekly rest days and the public holidays in force
// from From to To (YYYY-MM-DD, To exclusive; "" open at that end): the
// platform reads them from the "holidays" rule sets.
type HolidayList struct {
	From, To string
	Weekend  []time.Weekday
	Holidays []Holiday
}

func (l *HolidayList) covers(k string) bool {
	return (l.From == "" || l.From <= k) && (l.To == "" || l.To > k)
}

func (l *HolidayList) weekend(t time.Time) bool {
	wd := t.Weekday()
	for _, w := range l.Weekend {
		if w == wd {
			return true
		}
	}
	return false
}

// labourCode are the holidays of Labour Code 2019 Art. 112 (REQ-64).
func labourCode() []Holiday {
	return []Holiday{
		{Kind: SolarHoliday, Month: 1, Day: 1, Name: HolidayNewYear},
		{Kind: TetHoliday, Days: 5, Name: HolidayTet},
		{Kind: LunarHoliday, Month: 3, Day: 10, Name: HolidayHungKings},
		{Kind: SolarHoliday, Month: 4, Day: 30, Name: HolidayReunification},
		{Kind: SolarHoliday, Month: 5, Day: 1, Name: HolidayLabour},
		{Kind: SolarHoliday, Month: 9, Day: 2, Name: HolidayNational},
		{Kind: AdjacentHoliday, Month: 9, Day: 2, Name: HolidayNational},
	}
}

// DefaultHolidayLists are the lists a Calendar without its own uses:
// Labour Code 2019 Art. 111–112, and 24/11 Ngày Văn hóa Việt Nam from
// 01/07/2026 (Resolution 28/2026/QH16). They are the same as the default
// "holidays" rule sets (internal/rules), which the platform passes in.
func DefaultHolidayLists() []HolidayList {
	weekend := []time.Weekday{time.Saturday, time.Sunday}
	return []HolidayList{
		{To: "2026-07-01", Weekend: weekend, Holidays: labourCode()},
		{From: "2026-07-01", Weekend: weekend, Holidays: append(labourCode(),
			Holiday{Kind: SolarHoliday, Month: 11, Day: 24, Name: HolidayCulture})},
	}
}

var defaultLists = DefaultHolidayLists()

// Calendar is the Vietnamese public-holiday and working-day calendar
// (REQ-64..66; Labour Code 2019 Art. 111–112).
//
// Lists are the dated holiday lists and weekends (the "holidays" rule
// sets; none: DefaultHolidayLists). Each year the Prime
// Minister decides the exact Tết days and the day adjacent to National Day,
// and the Ministry of Home Affairs announces swaps (hoán đổi ngày làm
// việc) for civil servants; administrators enter that decision in Extra
// (more days off) and Worked (days that are working days although the
// computation, or the weekend, says otherwise). Both override the
// computation. A nil *Calendar is the computed calendar alone.
//
// Dates are calendar dates: a time.Time is read as the date it names in
// its own location (use t.In(ICT) for an instant).
type Calendar struct {
	// Extra maps "YYYY-MM-DD" to a name: days off the government adds
	// for a year (e.g. a day bridging Tết or National Day to a weekend).
	// An Extra "YYYY-09-03" also moves National Day's adjacent day from
	// the default 1/9 to 3/9.
	Extra map[string]string
	// Worked marks "YYYY-MM-DD" days that are working days: swapped
	// Saturdays (làm bù), or a computed holiday the yearly decision puts
	// elsewhere. Worked wins over everything else.
	Worked map[string]bool
	// Lists are the holiday lists by date, oldest first.
	Lists []HolidayList
}

func dateKey(y int, m time.Month, d int) string {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func keyOf(t time.Time) string {
	y, m, d := t.Date()
	return dateKey(y, m, d)
}

// isWeekend is the default weekly rest: Saturday and Sunday (REQ-66).
func isWeekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func (c *Calendar) lists() []HolidayList {
	if c == nil || len(c.Lists) == 0 {
		return defaultLists
	}
	return c.Lists
}

// listOn is the index of the list in force on day k: the one covering
// it (the latest starting), else the latest that started before it, else
// the first (a day before every list follows the oldest).
func listOn(lists []HolidayList, k string) int {
	best, started := -1, -1
	for i := range lists {
		l := &lists[i]
		if l.covers(k) && (best < 0 || lists[best].From <= l.From) {
			best = i
		}
		if (l.From == "" || l.From <= k) && (started < 0 || lists[started].From <= l.From) {
			started = i
		}
	}
	switch {
	case best >= 0:
		return best
	case started >= 0:
		return started
	}
	return 0
}

func (c *Calendar) weekend(t time.Time) bool {
	lists := c.lists()
	return lists[listOn(lists, keyOf(t))].weekend(t)
}

// dates are the days of year on which h falls.
func (h *Holiday) dates(year int, extra map[string]string) []time.Time {
	at := func(m, d int) time.Time { return time.Date(year, time.Month(m), d, 0, 0, 0, 0, ICT) }
	switch h.Kind {
	case SolarHoliday:
		return []time.Time{at(h.Month, h.Day)}
	case LunarHoliday:
		return []time.Time{LunarToSolar(h.Day, h.Month, year, false)}
	case TetHoliday:
		tet := LunarToSolar(1, 1, year, false)
		var out []time.Time
		for i := 0; i < h.Days; i++ {
			out = append(out, tet.AddDate(0, 0, i-1))
		}
		return out
	case AdjacentHoliday:
		after := at(h.Month, h.Day).AddDate(0, 0, 1)
		if _, ok := extra[keyOf(after)]; ok {
			return []time.Time{after}
		}
		return []time.Time{at(h.Month, h.Day).AddDate(0, 0, -1)}
	}
	return nil
}

// Holidays returns the days off of a solar year, "YYYY-MM-DD" → name,
// from the holiday list in force on each day (Lists; by default
// DefaultHolidayLists):
//
//   - 1/1 Tết Dương lịch;
//   - Tết Nguyên Đán: the last day of the lunar year and the first four
//     days of the new one (5 days, the usual allocation when the Prime
//     Minister decides nothing else);
//   - Giỗ Tổ Hùng Vương, 10/3 lunar;
//   - 30/4 and 1/5;
//   - 2/9 Quốc khánh and one adjacent day: 1/9 by default, 3/9 when Extra
//     has that year's 3/9 (put 1/9 in Worked if the decision moves it);
//   - 24/11 Ngày Văn hóa Việt Nam, from 01/07/2026 (Resolution 28/2026/QH16);
//   - compensatory days (nghỉ bù, Labour Code Art. 111(3)): each holiday
//     above that falls on a weekly rest day gives the next working day
//     off (a weekday that is not already a holiday, Extra or compensatory
//     day). The Labour Code applies this to all the holidays of Art. 112,
//     Tết and Giỗ Tổ included, so Tết always takes 5 weekdays;
//   - the year's Extra days.
//
// Days in Worked are then left out; compensatory days are placed before
// that, so a Worked day cancels a day off without moving another one (the
// yearly decision is entered as it stands: Extra adds, Worked removes).
func (c *Calendar) Holidays(year int) map[string]string {
	h := map[string]string{}
	type day struct {
		t    time.Time
		name string
	}
	var base []day
	var extra map[string]string
	if c != nil {
		extra = c.Extra
	}
	lists := c.lists()
	for i := range lists {
		l := &lists[i]
		for j := range l.Holidays {
			for _, t := range l.Holidays[j].dates(year, extra) {
				if t.IsZero() || t.Year() != year || listOn(lists, keyOf(t)) != i {
					continue
				}
				k := keyOf(t)
				if _, dup := h[k]; dup {
					continue // two holidays on one date: counted once
				}
				h[k] = l.Holidays[j].Name
				base = append(base, day{t, l.Holidays[j].Name})
			}
		}
	}

	for k, name := range extra {
		if len(k) >= 4 && k[:4] == strconv.Itoa(year) {
			h[k] = name
		}
	}
	sort.Slice(base, func(i, j int) bool { return base[i].t.Before(base[j].t) })
	for _, b := range base {
		if !c.weekend(b.t) {
			continue
		}
		d := b.t.AddDate(0, 0, 1)
		for {
			k := keyOf(d)
			_, taken := h[k]
			if !c.weekend(d) && !taken {
				break
			}
			d = d.AddDate(0, 0, 1)
		}
		h[keyOf(d)] = compensatoryPrefix + b.name
	}
	if c != nil {
		for k := range c.Worked {
			delete(h, k)
		}
	}
	return h
}

func (c *Calendar) worked(k string) bool {
	return c != nil && c.Worked[k]
}

// days caches Holidays by year for the day-by-day walks.
type days struct {
	c     *Calendar
	years map[int]map[string]string
}

func (c *Calendar) days() *days { return &days{c: c, years: map[int]map[string]string{}} }

func (w *days) working(t time.Time) bool {
	k := keyOf(t)
	if w.c.worked(k) {
		return true
	}
	if w.c.weekend(t) {
		return false
	}
	y := t.Year()
	h, ok := w.years[y]
	if !ok {
		h = w.c.Holidays(y)
		w.years[y] = h
	}
	_, off := h[k]
	return !off
}

// IsWorkingDay reports whether t's date is a working day of state
// agencies: not a weekly rest day (Saturday, Sunday) and not a holiday, compensatory day or Extra
// day, or a day in Worked (e.g. a swapped Saturday).
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	return c.days().working(t)
}

// AddWorkingDays returns the deadline n working days after t: counting
// starts on the next working day after t's date, and the result is the
// n-th working day, at t's clock time and location. n <= 0 returns t.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	w := c.days()
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if w.working(t) {
			n--
		}
	}
	return t
}

// WorkingDaysBetween returns the number of working days d with
// a < d <= b (by date), so that WorkingDaysBetween(t,
// AddWorkingDays(t, n)) == n; it is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	from := time.Date(ay, am, ad, 12, 0, 0, 0, time.UTC)
	to := time.Date(by, bm, bd, 12, 0, 0, 0, time.UTC)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	w := c.days()
	n := 0
	for d := from.AddDate(0, 0, 1); !d.After(to); d = d.AddDate(0, 0, 1) {
		if w.working(d) {
			n++
		}
	}
	return sign * n
}
