// Package report computes the figures the editorial boards, the Office
// and the Department read to run the portal (issue 18; Regulation Art.
// 10–13, 15, 19; Decree 224/2026 Art. 10 and 12): what each site
// published and how fast, the post-publication checks, readers' error
// reports, feedback answered on time or late per unit, consultations,
// the gazette, the required sections, and the page counters — for any
// period, one site or the whole province — and the oversight table of
// every site.
package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// Period is a span of days in Viet Nam's time: [From, To).
type Period struct {
	Kind     string // month, quarter, year or range
	Value    string // "2026-11", "2026-Q3", "2026", "2026-01-01..2026-03-31"
	From, To time.Time
}

// The kinds of period.
const (
	Month   = "month"
	Quarter = "quarter"
	Year    = "year"
	Range   = "range"
)

var badPeriod = apperr.New(apperr.Invalid, "Kỳ báo cáo phải có dạng 2026-11 (tháng), 2026-Q3 (quý), 2026 (năm) hoặc 2026-01-01..2026-03-31.",
	"The period must look like 2026-11 (month), 2026-Q3 (quarter), 2026 (year) or 2026-01-01..2026-03-31.")

// ParsePeriod reads a period as the report's address gives it.
func ParsePeriod(v string) (Period, error) {
	v = strings.TrimSpace(v)
	day := func(s string) (time.Time, error) {
		return time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), vn.ICT)
	}
	switch {
	case strings.Contains(v, ".."):
		a, b, _ := strings.Cut(v, "..")
		from, err1 := day(a)
		to, err2 := day(b)
		if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > 5*366*24*time.Hour {
			return Period{}, badPeriod
		}
		// The value is rebuilt from the dates, so that it is the same in
		// every link however it was typed ("2026-01-01 .. 2026-03-31").
		return Period{Kind: Range, Value: from.Format(time.DateOnly) + ".." + to.Format(time.DateOnly), From: from, To: to.AddDate(0, 0, 1)}, nil
	case len(v) == 7 && v[4] == '-' && (v[5] == 'Q' || v[5] == 'q'):
		y, err := strconv.Atoi(v[:4])
		q := int(v[6] - '0')
		if err != nil || q < 1 || q > 4 || y < 2000 || y > 2100 {
			return Period{}, badPeriod
		}
		from := time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, vn.ICT)
		return Period{Kind: Quarter, Value: fmt.Sprintf("%d-Q%d", y, q), From: from, To: from.AddDate(0, 3, 0)}, nil
	case len(v) == 7 && v[4] == '-':
		from, err := time.ParseInLocation("2006-01", v, vn.ICT)
		if err != nil || from.Year() < 2000 || from.Year() > 2100 {
			return Period{}, badPeriod
		}
		return Period{Kind: Month, Value: v, From: from, To: from.AddDate(0, 1, 0)}, nil
	case len(v) == 4:
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return Period{}, badPeriod
		}
		from := time.Date(y, 1, 1, 0, 0, 0, 0, vn.ICT)
		return Period{Kind: Year, Value: v, From: from, To: from.AddDate(1, 0, 0)}, nil
	}
	return Period{}, badPeriod
}

// MonthOf is the month that holds t, in Viet Nam.
func MonthOf(t time.Time) Period {
	p, _ := ParsePeriod(t.In(vn.ICT).Format("2006-01"))
	return p
}

// QuarterOf is the quarter that holds t, in Viet Nam.
func QuarterOf(t time.Time) Period {
	t = t.In(vn.ICT)
	p, _ := ParsePeriod(fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1))
	return p
}

// Previous is the period of the same kind just before p (a range: the
// same number of days before).
func (p Period) Previous() Period {
	switch p.Kind {
	case Month:
		return MonthOf(p.From.AddDate(0, -1, 0))
	case Quarter:
		return QuarterOf(p.From.AddDate(0, -3, 0))
	case Year:
		q, _ := ParsePeriod(strconv.Itoa(p.From.Year() - 1))
		return q
	}
	days := int(p.To.Sub(p.From).Hours() / 24)
	from := p.From.AddDate(0, 0, -days)
	q, _ := ParsePeriod(from.Format(time.DateOnly) + ".." + p.From.AddDate(0, 0, -1).Format(time.DateOnly))
	return q
}

// Label is the period in words: "tháng 11 năm 2026", "quý III năm 2026",
// "năm 2026", "từ ngày … đến ngày …".
func (p Period) Label(lang string) string {
	last := p.To.AddDate(0, 0, -1)
	roman := []string{"I", "II", "III", "IV"}
	if lang == "en" {
		switch p.Kind {
		case Month:
			return p.From.Format("January 2006")
		case Quarter:
			return fmt.Sprintf("Q%d %d", (int(p.From.Month())-1)/3+1, p.From.Year())
		case Year:
			return strconv.Itoa(p.From.Year())
		}
		return p.From.Format("2 January 2006") + " – " + last.Format("2 January 2006")
	}
	switch p.Kind {
	case Month:
		return fmt.Sprintf("tháng %d năm %d", int(p.From.Month()), p.From.Year())
	case Quarter:
		return fmt.Sprintf("quý %s năm %d", roman[(int(p.From.Month())-1)/3], p.From.Year())
	case Year:
		return fmt.Sprintf("năm %d", p.From.Year())
	}
	return "từ " + vn.DateWords(p.From) + " đến " + vn.DateWords(last)
}

// Days lists the period's days as the page counters write them.
func (p Period) dayRange() (from, to string) {
	return p.From.In(vn.ICT).Format(time.DateOnly), p.To.In(vn.ICT).Format(time.DateOnly)
}
