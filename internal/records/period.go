package records

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/vn"
)

// Period is the time a report or a statistic covers: a year ("2025"), a
// quarter ("2025-Q1") or a month ("2025-03").
type Period string

// The years a period may name.
const (
	minYear = 1945
	maxYear = 2100
)

// ParsePeriod reads a period from its form fields: the year, and the
// part of it ("" the whole year, "Q1"–"Q4" a quarter, "01"–"12" a month).
func ParsePeriod(year, part string) (Period, bool) {
	year, part = vn.Clean(year), strings.ToUpper(vn.Clean(part))
	y, err := strconv.Atoi(year)
	if err != nil || y < minYear || y > maxYear {
		return "", false
	}
	switch {
	case part == "":
		return Period(strconv.Itoa(y)), true
	case len(part) == 2 && part[0] == 'Q' && part[1] >= '1' && part[1] <= '4':
		return Period(fmt.Sprintf("%d-%s", y, part)), true
	}
	m, err := strconv.Atoi(part)
	if err != nil || m < 1 || m > 12 {
		return "", false
	}
	return Period(fmt.Sprintf("%d-%02d", y, m)), true
}

// PeriodOf reads a period in its stored form, as the list's ?ky= gives it.
func PeriodOf(s string) (Period, bool) {
	year, part, _ := strings.Cut(s, "-")
	if len(year) != 4 {
		return "", false
	}
	p, ok := ParsePeriod(year, part)
	if !ok || string(p) != s {
		return "", false
	}
	return p, true
}

// Year is the period's year.
func (p Period) Year() int {
	y, _ := strconv.Atoi(string(p)[:min(4, len(p))])
	return y
}

// Part is the quarter ("Q1") or month ("03") of the year, "" for a whole
// year: the value of the form's second field.
func (p Period) Part() string {
	_, part, _ := strings.Cut(string(p), "-")
	return part
}

// YearField is the year as the form shows it, "" for no period.
func (p Period) YearField() string {
	if p == "" {
		return ""
	}
	return strconv.Itoa(p.Year())
}

var romans = []string{"", "I", "II", "III", "IV"}

// Label is the period for people: "Năm 2025", "Quý I năm 2025",
// "Tháng 3 năm 2025".
func (p Period) Label(lang string) string {
	part := p.Part()
	y := strconv.Itoa(p.Year())
	switch {
	case part == "":
		if lang == "en" {
			return "Year " + y
		}
		return "Năm " + y
	case part[0] == 'Q':
		q := int(part[1] - '0')
		if lang == "en" {
			return fmt.Sprintf("Q%d %s", q, y)
		}
		return "Quý " + romans[q] + " năm " + y
	}
	m, _ := strconv.Atoi(part)
	if lang == "en" {
		return fmt.Sprintf("%02d/%s", m, y)
	}
	return fmt.Sprintf("Tháng %d năm %s", m, y)
}

// PeriodParts are the choices of the form's second field.
func PeriodParts() []Option {
	opts := []Option{{"", msg("Cả năm", "Whole year")}}
	for q := 1; q <= 4; q++ {
		opts = append(opts, Option{fmt.Sprintf("Q%d", q), msg("Quý "+romans[q], fmt.Sprintf("Quarter %d", q))})
	}
	for m := 1; m <= 12; m++ {
		opts = append(opts, Option{fmt.Sprintf("%02d", m), msg(fmt.Sprintf("Tháng %d", m), fmt.Sprintf("Month %d", m))})
	}
	return opts
}

// period reads the form's two period fields into *out.
func period(pr *problems, field, year, part string, out *Period) {
	if vn.Clean(year) == "" {
		pr.add(field, "Hãy nhập năm của kỳ báo cáo.", "Enter the period's year.")
		return
	}
	p, ok := ParsePeriod(year, part)
	if !ok {
		pr.add(field, fmt.Sprintf("Kỳ báo cáo không tồn tại: năm phải từ %d đến %d, quý từ I đến IV, tháng từ 1 đến 12.", minYear, maxYear),
			fmt.Sprintf("No such period: the year is %d–%d, the quarter I–IV, the month 1–12.", minYear, maxYear))
		return
	}
	*out = p
}

// periodWhere narrows a list to a period: a year takes its quarters and
// months too.
func periodWhere(p Period) (string, []any) {
	if p.Part() == "" {
		return ` AND (x.period = ? OR x.period LIKE ?)`, []any{string(p), string(p) + "-%"}
	}
	return ` AND x.period = ?`, []any{string(p)}
}
