package vn

import (
	"math"
	"time"
)

// Vietnamese lunar calendar (âm lịch).
//
// The computation follows the astronomical method described publicly by
// Hồ Ngọc Đức ("Thuật toán tính âm lịch"), itself based on Jean Meeus,
// "Astronomical Algorithms": a lunar month starts on the day (in local
// time) of a new moon; month 11 is the month containing the winter
// solstice; a lunar year with 13 months between two months 11 repeats (as
// a leap month) the first month after month 11 that contains no major
// solar term (trung khí). Vietnam computes the new moons and solar terms at
// UTC+7 (105°E), which is why Tết sometimes differs from China's (UTC+8),
// e.g. 1985 (Vietnam 21 Jan, China 20 Feb) and 2007.
//
// Accurate for roughly 1800–2199; the portal only needs years around now.

// lunarTZ is the time zone, in hours east of Greenwich, of the Vietnamese
// calendar.
const lunarTZ = 7.0

// jdFromDate returns the Julian day number of a Gregorian calendar date
// (Julian calendar before 15 October 1582).
func jdFromDate(dd, mm, yy int) int {
	a := (14 - mm) / 12
	y := yy + 4800 - a
	m := mm + 12*a - 3
	jd := dd + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
	if jd < 2299161 {
		jd = dd + (153*m+2)/5 + 365*y + y/4 - 32083
	}
	return jd
}

// jdToDate is the inverse of jdFromDate.
func jdToDate(jd int) (dd, mm, yy int) {
	var b, c int
	if jd > 2299160 {
		a := jd + 32044
		b = (4*a + 3) / 146097
		c = a - (b*146097)/4
	} else {
		b = 0
		c = jd + 32082
	}
	d := (4*c + 3) / 1461
	e := c - (1461*d)/4
	m := (5*e + 2) / 153
	dd = e - (153*m+2)/5 + 1
	mm = m + 3 - 12*(m/10)
	yy = b*100 + d - 4800 + m/10
	return
}

// newMoon returns the Julian date (UT, fractional) of the k-th new moon
// after the one of 1900-01-01 (Meeus, chapter 49, abridged).
func newMoon(k int) float64 {
	const dr = math.Pi / 180
	kf := float64(k)
	T := kf / 1236.85
	T2 := T * T
	T3 := T2 * T
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*T2 - 0.000000155*T3
	jd1 += 0.00033 * math.Sin((166.56+132.87*T-0.009173*T2)*dr)
	M := 359.2242 + 29.10535608*kf - 0.0000333*T2 - 0.00000347*T3    // sun's mean anomaly
	Mpr := 306.0253 + 385.81691806*kf + 0.0107306*T2 + 0.00001236*T3 // moon's mean anomaly
	F := 21.2964 + 390.67050646*kf - 0.0016528*T2 - 0.00000239*T3    // moon's argument of latitude
	C1 := (0.1734-0.000393*T)*math.Sin(M*dr) + 0.0021*math.Sin(2*dr*M)
	C1 = C1 - 0.4068*math.Sin(Mpr*dr) + 0.0161*math.Sin(dr*2*Mpr)
	C1 -= 0.0004 * math.Sin(dr*3*Mpr)
	C1 = C1 + 0.0104*math.Sin(dr*2*F) - 0.0051*math.Sin(dr*(M+Mpr))
	C1 = C1 - 0.0074*math.Sin(dr*(M-Mpr)) + 0.0004*math.Sin(dr*(2*F+M))
	C1 = C1 - 0.0004*math.Sin(dr*(2*F-M)) - 0.0006*math.Sin(dr*(2*F+Mpr))
	C1 = C1 + 0.0010*math.Sin(dr*(2*F-Mpr)) + 0.0005*math.Sin(dr*(2*Mpr+M))
	var deltaT float64
	if T < -11 {
		deltaT = 0.001 + 0.000839*T + 0.0002261*T2 - 0.00000845*T3 - 0.000000081*T*T3
	} else {
		deltaT = -0.000278 + 0.000265*T + 0.000262*T2
	}
	return jd1 + C1 - deltaT
}

// sunLongitude returns the sun's apparent longitude in radians, in
// [0, 2π), at Julian date jdn (UT) (Meeus, chapter 25, low accuracy).
func sunLongitude(jdn float64) float64 {
	const dr = math.Pi / 180
	T := (jdn - 2451545.0) / 36525
	T2 := T * T
	M := 357.52910 + 35999.05030*T - 0.0001559*T2 - 0.00000048*T*T2
	L0 := 280.46645 + 36000.76983*T + 0.0003032*T2
	DL := (1.914600 - 0.004817*T - 0.000014*T2) * math.Sin(dr*M)
	DL += (0.019993-0.000101*T)*math.Sin(dr*2*M) + 0.000290*math.Sin(dr*3*M)
	L := (L0 + DL) * dr
	L -= 2 * math.Pi * math.Floor(L/(2*math.Pi))
	return L
}

// newMoonDay is the local (UTC+7) day number of the k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + lunarTZ/24))
}

// sunSector returns which of the 12 major-term sectors (0..11, 30° each,
// 0 = spring equinox) the sun is in at the start of local day dayNumber.
func sunSector(dayNumber int) int {
	return int(math.Floor(sunLongitude(float64(dayNumber)-0.5-lunarTZ/24) / math.Pi * 6))
}

// lunarMonth11 returns the day number on which month 11 of the lunar year
// that contains the winter solstice of solar year yy begins.
func lunarMonth11(yy int) int {
	off := jdFromDate(31, 12, yy) - 2415021
	k := int(math.Floor(float64(off) / 29.530588853))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns, for a 13-month lunar year whose month 11 starts
// on a11, the index (counted from month 11) of the leap month: the first
// month without a major solar term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/29.530588853 + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar returns the Vietnamese lunar date of the calendar date t
// names in its own location (pass t.In(ICT) to convert an instant). leap
// reports a leap (nhuận) month.
func SolarToLunar(t time.Time) (day, month, year int, leap bool) {
	yy, mm, dd := t.Date()
	dayNumber := jdFromDate(dd, int(mm), yy)
	k := int(math.Floor((float64(dayNumber) - 2415021.076998695) / 29.530588853))
	monthStart := newMoonDay(k + 1)
	if monthStart > dayNumber {
		monthStart = newMoonDay(k)
	}
	a11 := lunarMonth11(yy)
	b11 := a11
	if a11 >= monthStart {
		year = yy
		a11 = lunarMonth11(yy - 1)
	} else {
		year = yy + 1
		b11 = lunarMonth11(yy + 1)
	}
	day = dayNumber - monthStart + 1
	diff := (monthStart - a11) / 29
	month = diff + 11
	if b11-a11 > 365 {
		leapDiff := leapMonthOffset(a11)
		if diff >= leapDiff {
			month = diff + 10
			if diff == leapDiff {
				leap = true
			}
		}
	}
	if month > 12 {
		month -= 12
	}
	if month >= 11 && diff < 4 {
		year--
	}
	return day, month, year, leap
}

// LunarToSolar returns the solar date, at midnight ICT, of a Vietnamese
// lunar date. leap selects the leap (nhuận) month; asking for a leap month
// that the year does not have returns the zero time. A day beyond the end
// of a short (29-day) month runs on into the next month.
func LunarToSolar(day, month, year int, leap bool) time.Time {
	var a11, b11 int
	if month < 11 {
		a11 = lunarMonth11(year - 1)
		b11 = lunarMonth11(year)
	} else {
		a11 = lunarMonth11(year)
		b11 = lunarMonth11(year + 1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/29.530588853))
	off := month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if leap && month != leapMonth {
			return time.Time{}
		}
		if leap || off >= leapOff {
			off++
		}
	} else if leap {
		return time.Time{}
	}
	monthStart := newMoonDay(k + off)
	dd, mm, yy := jdToDate(monthStart + day - 1)
	return time.Date(yy, time.Month(mm), dd, 0, 0, 0, 0, ICT)
}
