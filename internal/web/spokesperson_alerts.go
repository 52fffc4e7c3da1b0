package web

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
)

// spokespersonAlert is a staff warning about a site's spokespersons
// (REQ-36): an appointment not yet posted, due 24 hours (the rule
// "deadline.nguoi-phat-ngon") after its decision; or no spokesperson in
// office at all.
type spokespersonAlert struct {
	Spokesperson *directory.Spokesperson // nil: the site has none in office
	Due          time.Time
	Overdue      bool
}

// spokespersonDeadline returns when an entry must be on the portal: the
// deadline rule in force, counted from its decision over the calendar.
// The rule and the calendar are read once, for every entry of a page.
func (s *Server) spokespersonDeadline(ctx context.Context) (func(*directory.Spokesperson) (time.Time, bool), error) {
	none := func(*directory.Spokesperson) (time.Time, bool) { return time.Time{}, false }
	set, err := s.rules.InForce(ctx, rules.KindDeadlines, s.rules.Today())
	if err != nil {
		return none, nil // no deadlines set in force: nothing is due
	}
	r := set.Deadline("nguoi-phat-ngon")
	if r == nil {
		return none, nil
	}
	cal, err := s.rules.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return func(sp *directory.Spokesperson) (time.Time, bool) {
		if sp.DecidedAt == nil {
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
