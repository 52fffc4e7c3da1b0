package feedback

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Due is the end of a time limit of rule r counted from from, on the
// calendar cal (nil: the computed holidays alone). Hours are clock hours;
// calendar days and working days end at midnight in Vietnam after the
// last day, so a deadline "15 working days" is met all through its last
// day. Counting starts on the day after from (Civil Code Art. 147).
func Due(from time.Time, r *rules.Rule, cal *vn.Calendar) (time.Time, error) {
	n, err := r.Int()
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("rule %s: %q is not a whole number", r.Key, r.Value)
	}
	d := from.In(vn.ICT)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vn.ICT)
	switch r.Unit {
	case rules.Hours:
		return from.Add(time.Duration(n) * time.Hour), nil
	case rules.CalendarDays:
		return day.AddDate(0, 0, n+1), nil
	case rules.WorkingDays:
		last := cal.AddWorkingDays(day, n)
		return time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, vn.ICT), nil
	}
	return time.Time{}, fmt.Errorf("rule %s has no unit of time", r.Key)
}

// LastDay is the last day a deadline from Due allows, for people: a
// deadline at midnight is met on the day before.
func LastDay(due time.Time) time.Time { return due.In(vn.ICT).Add(-time.Nanosecond) }

type deadlineSet struct {
	forward, answer time.Time
}

func (s *Store) calendar(ctx context.Context) (*vn.Calendar, error) {
	if s.o.Calendar == nil {
		return nil, nil
	}
	return s.o.Calendar(ctx)
}

// feedbackRule is one rule of the feedback set in force on day.
func (s *Store) feedbackRule(ctx context.Context, day, key string) (*rules.Rule, error) {
	set, err := s.o.Rules.InForce(ctx, rules.KindFeedback, day)
	if err != nil {
		return nil, err
	}
	r := set.Rule(key)
	if r == nil {
		return nil, fmt.Errorf("rule set %s has no %s", set.Code, key)
	}
	return r, nil
}

// categoryRule is the rule key of set for category c: "<key>.<c>" when
// the set has one (REQ-48: deadlines per category), else key.
func categoryRule(set *rules.Set, key string, c Category) *rules.Rule {
	if c != "" {
		if r := set.Rule(key + "." + string(c)); r != nil {
			return r
		}
	}
	return set.Rule(key)
}

// deadlines are those of a request of category c received at: the rules
// in force on the day it arrived apply to it for good, whatever the
// rules become later.
func (s *Store) deadlines(ctx context.Context, at time.Time, c Category) (deadlineSet, error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return deadlineSet{}, err
	}
	set, err := s.o.Rules.InForce(ctx, rules.KindFeedback, vn.Day(at))
	if err != nil {
		return deadlineSet{}, fmt.Errorf("feedback deadlines: %w", err)
	}
	var d deadlineSet
	for key, into := range map[string]*time.Time{"feedback.forward": &d.forward, "feedback.answer": &d.answer} {
		r := categoryRule(set, key, c)
		if r == nil {
			return d, fmt.Errorf("feedback deadlines: rule set %s has no %s", set.Code, key)
		}
		if *into, err = Due(at, r, cal); err != nil {
			return d, err
		}
	}
	return d, nil
}

// remindFrom is when the reminder of a deadline is due: the remind rule
// counted back from the deadline's last day.
func remindFrom(due time.Time, r *rules.Rule, cal *vn.Calendar) time.Time {
	n, _ := r.Int()
	last := LastDay(due)
	switch r.Unit {
	case rules.Hours:
		return due.Add(-time.Duration(n) * time.Hour)
	case rules.CalendarDays:
		return due.AddDate(0, 0, -n)
	}
	d := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, vn.ICT)
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Watch is the deadline job: it reminds the people handling a request
// before its deadline and escalates to the site's team leads when it is
// overdue, once each, with a timeline entry, an audit entry and a mail.
// It returns how many it reminded and escalated.
func (s *Store) Watch(ctx context.Context, now time.Time) (reminded, escalated int, err error) {
	cal, err := s.calendar(ctx)
	if err != nil {
		return 0, 0, err
	}
	// The reminder's lead is the rule of the set in force on the day the
	// request arrived, for its category (REQ-48), as its deadlines are.
	sets := map[string]*rules.Set{}
	remindOf := func(r *Request) (*rules.Rule, error) {
		day := vn.Day(r.ReceivedAt)
		set := sets[day]
		if set == nil {
			var err error
			if set, err = s.o.Rules.InForce(ctx, rules.KindFeedback, day); err != nil {
				return nil, err
			}
			sets[day] = set
		}
		rule := categoryRule(set, "feedback.remind", r.Category)
		if rule == nil {
			return nil, fmt.Errorf("rule set %s has no feedback.remind", set.Code)
		}
		return rule, nil
	}
	type open struct {
		r                   *Request
		reminded, escalated bool
	}
	rows, err := s.db.Query(ctx, `SELECT `+columns+`, reminded_at IS NOT NULL, escalated_at IS NOT NULL FROM feedback_requests
		WHERE state IN ('held', 'received', 'registered', 'in_scope', 'assigned')
		AND escalated_at IS NULL AND site_id NOT IN (SELECT id FROM sites WHERE status = 'archived') ORDER BY id`)
	if err != nil {
		return 0, 0, err
	}
	var list []open
	for rows.Next() {
		var o open
		var err error
		o.r, err = scan(scanExtra{rows, []any{&o.reminded, &o.escalated}})
		if err != nil {
			rows.Close()
			return 0, 0, err
		}
		list = append(list, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	for _, o := range list {
		due := o.r.Due()
		switch {
		case now.After(due):
			if err := s.escalate(ctx, o.r, now); err != nil {
				return reminded, escalated, err
			}
			escalated++
		case !o.reminded:
			remind, err := remindOf(o.r)
			if err != nil {
				return reminded, escalated, err
			}
			if now.Before(remindFrom(due, remind, cal)) {
				continue
			}
			if err := s.remind(ctx, o.r, now); err != nil {
				return reminded, escalated, err
			}
			reminded++
		}
	}
	return reminded, escalated, nil
}

// scanExtra scans a row of columns followed by more values.
type scanExtra struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (x scanExtra) Scan(dest ...any) error { return x.row.Scan(append(dest, x.extra...)...) }

var systemActor = audit.Actor{Name: "system", IP: "local"}

func (s *Store) remind(ctx context.Context, r *Request, now time.Time) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE feedback_requests SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL`, now.UTC(), r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another node did it
		}
		note := "Hạn: " + vn.DateWords(LastDay(r.Due()))
		if err := event(ctx, tx, r.ID, now, 0, "system", "reminder", r.State, false, note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, systemActor.Entry("feedback.remind", r.SiteID, r.Code, note)); err != nil {
			return err
		}
		return s.mailStaff(ctx, tx, r, "Sắp đến hạn xử lý phản ánh "+r.Code,
			fmt.Sprintf("Phản ánh, kiến nghị %s (%s) sắp đến hạn xử lý: %s.\n", r.Code, r.Title, vn.DateWords(LastDay(r.Due()))), false)
	})
}

func (s *Store) escalate(ctx context.Context, r *Request, now time.Time) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE feedback_requests SET escalated_at = ?, reminded_at = COALESCE(reminded_at, ?)
			WHERE id = ? AND escalated_at IS NULL`, now.UTC(), now.UTC(), r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		note := "Quá hạn từ " + vn.DateWords(LastDay(r.Due())) + "; đã báo Tổ trưởng"
		if err := event(ctx, tx, r.ID, now, 0, "system", "escalated", r.State, false, note); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, systemActor.Entry("feedback.escalate", r.SiteID, r.Code, note)); err != nil {
			return err
		}
		return s.mailStaff(ctx, tx, r, "Phản ánh "+r.Code+" đã quá hạn",
			fmt.Sprintf("Phản ánh, kiến nghị %s (%s) đã quá hạn xử lý (hạn %s).\n", r.Code, r.Title, vn.DateWords(LastDay(r.Due()))), true)
	})
}

// mailStaff writes to the liaisons of the assigned unit (or, before
// routing and when escalating, to the team leads of the site).
func (s *Store) mailStaff(ctx context.Context, tx *store.Tx, r *Request, subject, text string, leads bool) error {
	if s.o.Notify == nil {
		return nil
	}
	var rows interface {
		Next() bool
		Scan(...any) error
		Err() error
		Close() error
	}
	var err error
	if !leads && r.AssignedUnitID != 0 {
		rows, err = tx.Query(ctx, `SELECT u.email FROM feedback_liaisons l JOIN users u ON u.id = l.user_id
			WHERE l.unit_id = ? AND u.email <> '' AND NOT u.disabled`, r.AssignedUnitID)
	} else {
		rows, err = tx.Query(ctx, `SELECT DISTINCT u.email FROM site_roles g JOIN users u ON u.id = g.user_id
			WHERE g.site_id = ? AND g.role = 'team_lead' AND u.email <> '' AND NOT u.disabled`, r.SiteID)
	}
	if err != nil {
		return err
	}
	var to []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			rows.Close()
			return err
		}
		to = append(to, e)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return err // a recipient lost to a broken read would never be told
	}
	for _, e := range to {
		if err := s.o.Notify(ctx, tx, e, subject, text); err != nil {
			return err
		}
	}
	return nil
}
