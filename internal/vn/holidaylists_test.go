package vn

import (
	"testing"
	"time"
)

// TestHolidayListsAreData: the calendar reads its holidays and weekend
// from the lists it is given, each on the days it is in force.
func TestHolidayListsAreData(t *testing.T) {
	c := &Calendar{Lists: []HolidayList{
		{To: "2030-07-01", Weekend: []time.Weekday{time.Sunday}, Holidays: []Holiday{{Kind: SolarHoliday, Month: 3, Day: 3, Name: "A"}}},
		{From: "2030-07-01", Weekend: []time.Weekday{time.Saturday, time.Sunday}, Holidays: []Holiday{
			{Kind: SolarHoliday, Month: 3, Day: 3, Name: "A"}, {Kind: LunarHoliday, Month: 3, Day: 10, Name: HolidayHungKings},
			{Kind: SolarHoliday, Month: 10, Day: 10, Name: "B"}}},
	}}
	// Saturday 6 April 2030 is a working day under the first list only.
	if !c.IsWorkingDay(day("2030-04-06")) || c.IsWorkingDay(day("2030-04-07")) {
		t.Error("the first list's weekend is Sunday alone")
	}
	if c.IsWorkingDay(day("2030-10-12")) {
		t.Error("the second list's weekend has Saturday")
	}
	h := c.Holidays(2030)
	if h["2030-03-04"] != compensatoryPrefix+"A" {
		t.Errorf("compensatory day of a Sunday holiday = %q", h["2030-03-04"])
	}
	if h["2030-10-10"] != "B" {
		t.Errorf("a holiday of the second list: %v", h)
	}
	// Giỗ Tổ 2030 (10/3 lunar) is in April, before the second list.
	for k, name := range h {
		if name == HolidayHungKings {
			t.Errorf("a holiday of a list not in force on its day: %s", k)
		}
	}
	if _, ok := h["2030-01-01"]; ok {
		t.Error("1/1 is in neither list")
	}
	// The default lists add 24/11 from 01/07/2026 only.
	var d *Calendar
	if _, ok := d.Holidays(2025)["2025-11-24"]; ok {
		t.Error("24/11/2025 off")
	}
	if d.Holidays(2026)["2026-11-24"] != HolidayCulture {
		t.Error("24/11/2026 not off")
	}
}
