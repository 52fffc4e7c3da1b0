package workflow

import (
	"context"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/feedback"
)

// Queue is what waits for one person on one site: the next actor sees
// the item here (Art. 8: receive, edit, check, update).
type Queue struct {
	Mine       []*content.Item // own drafts, including those returned
	Editing    []*content.Item // chờ biên tập, for editors
	Approval   []*content.Item // chờ duyệt, for approvers
	Scheduled  []*content.Item
	PostChecks []PostCheck
	Reports    []ErrorReport
	Overridden []*content.Item // published over failed checks, for later review
	Inbox      []Proposal      // on the main portal
	Returned   []Proposal      // a component site's proposals the main portal returned
	// Feedback is the citizen requests waiting for this person's step,
	// by state (feedback.Queue).
	Feedback []feedback.Waiting
}

// Size counts everything waiting.
func (q *Queue) Size() int {
	n := len(q.Mine) + len(q.Editing) + len(q.Approval) + len(q.PostChecks) + len(q.Reports) + len(q.Inbox)
	for _, w := range q.Feedback {
		n += w.Count
	}
	return n
}

// queueLength is how many of each kind a queue shows: the oldest checks
// and reports, the latest items. The item list has the rest.
const queueLength = 100

// WorkQueue gathers what u may act on, on site siteID.
func (e *Engine) WorkQueue(ctx context.Context, u *account.User, siteID, mainID int64) (*Queue, error) {
	q := &Queue{}
	list := func(dst *[]*content.Item, f content.Filter) error {
		f.SiteID, f.Limit = siteID, queueLength
		items, _, err := e.content.List(ctx, f)
		*dst = items
		return err
	}
	can := func(a account.Action) bool { return u.Can(siteID, mainID, a) }
	if err := list(&q.Mine, content.Filter{States: []content.State{content.Draft}, CreatedBy: u.ID}); err != nil {
		return nil, err
	}
	var err error
	if can(account.EditContent) {
		err = list(&q.Editing, content.Filter{States: []content.State{content.Editing}})
	}
	if err == nil && can(account.ApproveContent) {
		err = list(&q.Approval, content.Filter{States: []content.State{content.Approval}})
	}
	if err == nil && can(account.ApproveContent) {
		err = list(&q.Scheduled, content.Filter{States: []content.State{content.Scheduled}})
	}
	if err == nil && can(account.CheckPublished) {
		if q.PostChecks, err = e.OpenPostChecks(ctx, siteID); err == nil {
			q.Reports, err = e.OpenReports(ctx, siteID)
		}
	}
	if err == nil && can(account.ApproveContent) {
		q.Overridden, err = e.overridden(ctx, siteID)
	}
	if err == nil && siteID == mainID && can(account.AcceptFromInbox) {
		q.Inbox, err = e.Inbox(ctx, mainID, "proposed")
	}
	if err == nil && siteID != mainID && can(account.SubmitToInbox) {
		q.Returned, err = e.Sent(ctx, siteID, "returned")
	}
	if err == nil {
		q.Feedback, err = feedback.Queue(ctx, e.db, feedback.Person{User: u, MainID: mainID}, siteID, e.now())
	}
	return q, err
}

// overridden lists live items published over failed checks, the latest
// first, as many as a queue shows.
func (e *Engine) overridden(ctx context.Context, siteID int64) ([]*content.Item, error) {
	ids, err := e.ids(ctx, `SELECT id FROM items WHERE site_id = ? AND override_reason <> '' AND live
		ORDER BY published_at DESC LIMIT ?`, siteID, queueLength)
	if err != nil {
		return nil, err
	}
	return e.content.ByIDs(ctx, ids)
}
