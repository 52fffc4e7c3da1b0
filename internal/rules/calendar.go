package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// KindCalendar sets hold, one set per year, the government's decision on
// the days off and swapped working days of that year (REQ-64..66): the
// exact Tết days, the day bridging National Day, the Saturdays worked in
// exchange. vn.Calendar computes the usual allocation from the Labour
// Code; these rows override it, as the decision does.
//
//	key   "off.YYYY-MM-DD"      a day off the decision adds
//	      "worked.YYYY-MM-DD"   a day worked although computed off, or a Saturday worked
//	value the day's name ("Nghỉ Tết Nguyên Đán", "Làm bù cho ngày 2/1")
//
// A withdrawn day keeps its row with an empty value: rules are never
// deleted, so the audit trail and the set read the same.
const KindCalendar = "calendar"

func calendarCode(year int) string { return fmt.Sprintf("calendar-%d", year) }

// Calendar is the working-day calendar: the holidays and weekly rest of
// the "holidays" sets (holidays_defaults.go; none entered: the defaults
// of internal/vn), with every year's decision applied.
func (s *Store) Calendar(ctx context.Context) (*vn.Calendar, error) {
	sets, err := s.CalendarSets(ctx)
	if err != nil {
		return nil, err
	}
	cal := &vn.Calendar{Extra: map[string]string{}, Worked: map[string]bool{}}
	hol, err := s.sets(ctx, `kind = ? ORDER BY valid_from, id`, KindHolidays)
	if err != nil {
		return nil, err
	}
	if cal.Lists, err = holidayLists(hol); err != nil {
		return nil, err
	}
	for _, set := range sets {
		for _, r := range set.Rules {
			if strings.TrimSpace(r.Value) == "" {
				continue
			}
			if day, ok := strings.CutPrefix(r.Key, "off."); ok {
				cal.Extra[day] = r.Value
			} else if day, ok := strings.CutPrefix(r.Key, "worked."); ok {
				cal.Worked[day] = true
			}
		}
	}
	return cal, nil
}

// CalendarSets are the yearly decisions entered, oldest year first.
func (s *Store) CalendarSets(ctx context.Context) ([]*Set, error) {
	return s.sets(ctx, `kind = ? ORDER BY valid_from`, KindCalendar)
}

// CalendarDay is one entry of a year's decision.
type CalendarDay struct {
	Day    string // YYYY-MM-DD
	Off    bool   // a day off added; false: a day worked
	Name   string
	Source string // the decision, e.g. "Thông báo 6150/TB-BNV"; kept on the year's set
}

// SetCalendarDay enters (or changes) one day of a year's decision,
// creating the year's set the first time, audited.
func (s *Store) SetCalendarDay(ctx context.Context, d CalendarDay, by audit.Actor) error {
	day, err := time.Parse(DateLayout, strings.TrimSpace(d.Day))
	if err != nil {
		return apperr.Field("day", "Ngày không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 02/09/2026.", "The date is not valid: write day/month/year, e.g. 02/09/2026.")
	}
	d.Name = vn.Clean(d.Name)
	if d.Name == "" {
		return apperr.Field("name", "Cần ghi tên ngày (ví dụ: Nghỉ Tết Nguyên Đán, Làm bù).", "Name the day (e.g. Tết holiday, make-up working day).")
	}
	if len(d.Name) > 200 {
		return apperr.Field("name", "Tên ngày quá dài (tối đa 200 ký tự).", "The name is too long (200 characters at most).")
	}
	d.Source = vn.Clean(d.Source)
	key := "worked." + day.Format(DateLayout)
	other := "off." + day.Format(DateLayout)
	if d.Off {
		key, other = other, key
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		set, err := s.yearSet(ctx, tx, day.Year(), d.Source, by)
		if err != nil {
			return err
		}
		if d.Source != "" && d.Source != set.Source {
			set.Source = d.Source
		}
		// A day is either added off or worked, never both.
		if r := set.Rule(other); r != nil {
			r.Value = ""
		}
		if r := set.Rule(key); r != nil {
			r.Value = d.Name
		} else {
			set.Rules = append(set.Rules, &Rule{Key: key, Value: d.Name})
		}
		return s.save(ctx, tx, set, by, "Nhập quyết định nghỉ lễ, hoán đổi ngày làm việc")
	})
	if err != nil {
		return wrapSave(err)
	}
	return nil
}

// RemoveCalendarDay withdraws a day from its year's decision: the
// computed calendar applies to it again.
func (s *Store) RemoveCalendarDay(ctx context.Context, day string, by audit.Actor) error {
	t, err := time.Parse(DateLayout, day)
	if err != nil {
		return apperr.Field("day", "Ngày không hợp lệ: hãy ghi ngày/tháng/năm, ví dụ 02/09/2026.", "The date is not valid: write day/month/year, e.g. 02/09/2026.")
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		set, err := scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE code = ?`, calendarCode(t.Year())))
		if err != nil {
			return store.NotFound(err, apperr.New(apperr.NotFound, "Năm này chưa có quyết định nào được nhập.", "No decision is entered for this year."))
		}
		if err := s.loadRules(ctx, tx, set); err != nil {
			return err
		}
		found := false
		for _, k := range []string{"off." + day, "worked." + day} {
			if r := set.Rule(k); r != nil && r.Value != "" {
				r.Value, found = "", true
			}
		}
		if !found {
			return apperr.New(apperr.NotFound, "Ngày này không có trong quyết định của năm.", "This day is not in the year's decision.")
		}
		return s.save(ctx, tx, set, by, "Bỏ một ngày khỏi quyết định của năm")
	})
	if err != nil {
		return wrapSave(err)
	}
	return nil
}

// yearSet returns the calendar set of year, created if missing.
func (s *Store) yearSet(ctx context.Context, tx *store.Tx, year int, source string, by audit.Actor) (*Set, error) {
	set, err := scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE code = ?`, calendarCode(year)))
	if err == nil {
		return set, s.loadRules(ctx, tx, set)
	}
	if source == "" {
		source = "Quyết định của Thủ tướng Chính phủ và thông báo của Bộ Nội vụ về nghỉ lễ, Tết năm " + fmt.Sprint(year)
	}
	set = &Set{Code: calendarCode(year), Kind: KindCalendar,
		Name:      fmt.Sprintf("Lịch nghỉ lễ, Tết và hoán đổi ngày làm việc năm %d", year),
		Source:    source,
		ValidFrom: fmt.Sprintf("%d-01-01", year), ValidTo: fmt.Sprintf("%d-01-01", year+1)}
	if err := s.save(ctx, tx, set, by, "Năm đầu tiên có quyết định được nhập"); err != nil {
		return nil, err
	}
	set.Rules = nil
	return set, nil
}

func wrapSave(err error) error {
	if _, ok := apperr.As(err); ok {
		return err
	}
	return fmt.Errorf("calendar: %w", err)
}
