package feedback

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/congportal/cong/internal/store"
)

// Waiting is the citizen requests of a site that wait for one person's
// step, in one state: the oldest first (the first due), with how many.
type Waiting struct {
	State    State
	Step     Action     // the step they wait for
	Requests []*Request // at most QueueLength
	Count    int        // up to CountCap + 1
	At       time.Time  // when the queue was read, for Overdue
}

// Overdue reports whether r is past the deadline that matters now.
func (w Waiting) Overdue(r *Request) bool { return w.At.After(r.Due()) }

// More reports whether there are more than the queue shows.
func (w Waiting) More() bool { return w.Count > len(w.Requests) }

// QueueLength is how many requests of each state a work queue shows; the
// staff list has the rest.
const QueueLength = 20

// waitingFor is, in the order a request goes, the state and the step
// that moves it on: whoever may take that step (the step table's rule)
// sees the requests in that state. A unit's requests wait for its
// liaisons only (mayAnswer), on the workspace of the unit's site whatever
// the request's: the main portal routes to every site's units.
var waitingFor = []struct {
	state State
	step  Action
}{
	{Held, Release}, {Received, Register}, {Registered, Accept}, {InScope, Assign}, {Assigned, Answer}, {Answered, Approve},
}

// Queue lists the requests of site siteID waiting for p, one Waiting per
// state that has some: held and new ones for those who take requests in,
// those in scope for those who route them, those assigned to a unit for
// its liaisons, answers for those who approve them. Each is a range of
// feedback_requests_site (site_id, state, received_at), or of
// feedback_requests_units for a liaison, read to its LIMIT. On a site
// other than the main portal, a liaison's requests are those assigned to
// the site's units, the main portal's included (Filter.UnitSiteID, read
// through feedback_requests_assigned): the main portal routes to every
// unit of the province, and the liaison works on the unit's own site.
func Queue(ctx context.Context, db *store.DB, p Person, siteID int64, now time.Time) ([]Waiting, error) {
	return queue(ctx, db, p, siteID, now, true)
}

// Waits is how many requests of site siteID wait for p (each state
// counted up to CountCap + 1), for the dashboard of one's sites.
func Waits(ctx context.Context, db *store.DB, p Person, siteID int64) (int, error) {
	ws, err := queue(ctx, db, p, siteID, time.Time{}, false)
	n := 0
	for _, w := range ws {
		n += w.Count
	}
	return n, err
}

// queue reads Queue, or with list false only the counts. An archived
// site has no queue: it is read-only, and its requests are out of the
// open work queues (issue 17); its list of requests still shows them.
func queue(ctx context.Context, db *store.DB, p Person, siteID int64, now time.Time, list bool) ([]Waiting, error) {
	s := &Store{db: db}
	var status string
	if err := db.QueryRow(ctx, `SELECT status FROM sites WHERE id = ?`, siteID).Scan(&status); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if status == "archived" {
		return nil, nil
	}
	var out []Waiting
	for _, w := range waitingFor {
		if !p.User.Can(siteID, p.MainID, steps[w.step].may) {
			continue
		}
		f := Filter{SiteID: siteID, State: w.state, Limit: QueueLength}
		if w.step == Answer {
			f.Answerer = p.User.ID
			if siteID != p.MainID {
				f.SiteID, f.UnitSiteID = 0, siteID
			}
		}
		var reqs []*Request
		n, err := QueueLength, error(nil)
		if list {
			if reqs, err = s.List(ctx, f); err != nil {
				return nil, err
			}
			n = len(reqs)
		}
		if n == QueueLength {
			if n, err = s.Count(ctx, f); err != nil {
				return nil, err
			}
		}
		if n > 0 {
			out = append(out, Waiting{State: w.state, Step: w.step, Requests: reqs, Count: n, At: now})
		}
	}
	return out, nil
}
