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

// Calendar is the Vietnamese public-holiday and working-day calendar
// (REQ-64..66; Labour Code 2019 Art. 111–112).
//
// The computed holidays are the usual allocation. Each year the Prime
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
}

func dateKey(y int, m time.Month, d int) string {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

func keyOf(t time.Time) string {
	y, m, d := t.Date()
	return dateKey(y, m, d)
}

func isWeekend(t time.Time) bool {
	wd := t.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Holidays returns the days off of a solar year, "YYYY-MM-DD" → name:
//
//   - 1/1 Tết Dương lịch;
//   - Tết Nguyên Đán: the last day of the lunar year and the first four
//     days of the new one (5 days, the usual allocation when the Prime
//     Minister decides nothing else);
//   - Giỗ Tổ Hùng Vương, 10/3 lunar;
//   - 30/4 and 1/5;
//   - 2/9 Quốc khánh and one adjacent day: 1/9 by default, 3/9 when Extra
//     has that year's 3/9 (put 1/9 in Worked if the decision moves it);
//   - 24/11 Ngày Văn hóa Việt Nam, from 2026 (Resolution 28/2026/QH16);
//   - compensatory days (nghỉ bù, Labour Code Art. 111(3)): each holiday
//     above that falls on a Saturday or Sunday gives the next working day
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
	add := func(t time.Time, name string) {
		if t.IsZero() || t.Year() != year {
			return
		}
		k := keyOf(t)
		if _, dup := h[k]; dup {
			return // two holidays on one date: counted once
		}
		h[k] = name
		base = append(base, day{t, name})
	}
	at := func(m time.Month, d int) time.Time { return time.Date(year, m, d, 0, 0, 0, 0, ICT) }

	add(at(time.January, 1), HolidayNewYear)
	tet := LunarToSolar(1, 1, year, false)
	for i := -1; i <= 3; i++ {
		add(tet.AddDate(0, 0, i), HolidayTet)
	}
	add(LunarToSolar(10, 3, year, false), HolidayHungKings)
	add(at(time.April, 30), HolidayReunification)
	add(at(time.May, 1), HolidayLabour)
	adjacent := 1
	if c != nil {
		if _, ok := c.Extra[dateKey(year, time.September, 3)]; ok {
			adjacent = 3
		}
	}
	if adjacent == 1 {
		add(at(time.September, 1), HolidayNational)
		add(at(time.September, 2), HolidayNational)
	} else {
		add(at(time.September, 2), HolidayNational)
		add(at(time.September, 3), HolidayNational)
	}
	if year >= 2026 {
		add(at(time.November, 24), HolidayCulture)
	}

	if c != nil {
		for k, name := range c.Extra {
			if len(k) >= 4 && k[:4] == strconv.Itoa(year) {
				h[k] = name
			}
		}
	}
	sort.Slice(base, func(i, j int) bool { return base[i].t.Before(base[j].t) })
	for _, b := range base {
		if !isWeekend(b.t) {
			continue
		}
		d := b.t.AddDate(0, 0, 1)
		for {
			k := keyOf(d)
			_, taken := h[k]
			if !isWeekend(d) && !taken {
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
	if isWeekend(t) {
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
// agencies: Monday to Friday and not a holiday, compensatory day or Extra
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
