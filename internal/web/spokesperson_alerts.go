package web

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// spokespersonAlert is a staff warning about a site's spokespersons
// (REQ-36): an appointment not yet posted, due 24 hours (the rule
// "deadline.nguoi-phat-ngon" in force on the decision's day) after its
// decision; or no spokesperson in office at all.
type spokespersonAlert struct {
	Spokesperson *directory.Spokesperson // nil: the site has none in office
	Due          time.Time
	Overdue      bool
}

// spokespersonDeadline returns when an entry must be on the portal: the
// deadline rule counted from its decision over the calendar.
//
// The rule is the one in force on the day of the appointing decision
// (DecidedAt), not today's (DESIGN.md, "the rule in force on the date
// that matters"): the duty to post the spokesperson's name, title, phone
// and email arises when the decision is made and its time limit runs from
// that moment (Decree 244/2026 Art. 3(3): "tính từ quyết định giao nhiệm
// vụ phát ngôn"). The day the appointment takes effect (AppointedOn) may
// come later and starts nothing; statements have no posting deadline.
// With the default sets, a decision made before 1 July 2026 keeps the
// limit of the set then in force (Law 104/2016's five working days) and
// one made since follows Decree 244's 24 hours, whatever set is in force
// today. A decision made on a day no deadlines set covers has no
// deadline.
//
// The calendar is read once; the set of each decision's day once per
// day, for every entry of a page.
func (s *Server) spokespersonDeadline(ctx context.Context) (func(*directory.Spokesperson) (time.Time, bool), error) {
	cal, err := s.rules.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	byDay := map[string]*rules.Rule{} // the rule of the set in force that day; nil: none
	ruleOn := func(day string) *rules.Rule {
		if r, ok := byDay[day]; ok {
			return r
		}
		var r *rules.Rule
		set, err := s.rules.InForce(ctx, rules.KindDeadlines, day)
		switch {
		case err == nil:
			r = set.Deadline("nguoi-phat-ngon")
		case apperr.KindOf(err) != apperr.NotFound:
			// No deadline rather than no page: the alert is a reminder.
			s.log.Error("spokesperson deadline rule", "day", day, "err", err)
		}
		byDay[day] = r
		return r
	}
	return func(sp *directory.Spokesperson) (time.Time, bool) {
		if sp.DecidedAt == nil {
			return time.Time{}, false
		}
		r := ruleOn(vn.Day(*sp.DecidedAt))
		if r == nil {
			return time.Time{}, false
		}
		return rules.Due(*sp.DecidedAt, r, cal)
	}, nil
}

// postedLate reports whether a posted entry went up after its deadline.
func postedLate(due func(*directory.Spokesperson) (time.Time, bool), sp *directory.Spokesperson) bool {
	t, ok := due(sp)
	return ok && sp.PublishedAt != nil && sp.PublishedAt.After(t)
}

// spokespersonAlerts lists the warnings of a site, most urgent first.
func (s *Server) spokespersonAlerts(ctx context.Context, st *site.Site) ([]spokespersonAlert, error) {
	waiting, err := s.dir.Waiting(ctx, []int64{st.ID})
	if err != nil {
		return nil, err
	}
	deadline, err := s.spokespersonDeadline(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []spokespersonAlert
	for _, sp := range waiting {
		a := spokespersonAlert{Spokesperson: sp}
		if due, ok := deadline(sp); ok {
			a.Due, a.Overdue = due, now.After(due)
		}
		out = append(out, a)
	}
	inOffice, err := s.dir.Spokespersons(ctx, []int64{st.ID}, s.dir.Today())
	if err != nil {
		return nil, err
	}
	regular := false
	for _, sp := range inOffice {
		regular = regular || !sp.IsDelegated()
	}
	if !regular {
		out = append(out, spokespersonAlert{})
	}
	return out, nil
}
