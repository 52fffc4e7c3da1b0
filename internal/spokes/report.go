package spokes

import (
	"context"
	"database/sql"
	"github.com/congportal/cong/internal/apperr"
	"time"
)

// Records are a site's records of one report window, newest first.
type Records struct {
	Meetings    []*Meeting
	Events      []*Event
	Questions   []*Question
	Corrections []*Correction
}

// listLimit bounds each list of a window: a site records a few dozen a
// year; the report counts all of them in SQL.
const listLimit = 500

// Records lists a site's records whose time falls in w.
func (s *Store) Records(ctx context.Context, siteID int64, w Window) (*Records, error) {
	out := &Records{}
	from, to := utc(w.From), utc(w.To)
	if err := s.each(ctx, `SELECT c.id, c.site_id, c.kind, c.held_at, COALESCE(c.spokesperson_id, 0), COALESCE(p.full_name, ''), c.topics, c.notes, c.created_at
		FROM spokes_conferences c LEFT JOIN spokespersons p ON p.id = c.spokesperson_id
		WHERE c.site_id = ? AND c.held_at >= ? AND c.held_at < ? ORDER BY c.held_at DESC, c.id DESC LIMIT ?`,
		func(r *sql.Rows) error {
			m := &Meeting{}
			out.Meetings = append(out.Meetings, m)
			return r.Scan(&m.ID, &m.SiteID, &m.Kind, &m.HeldAt, &m.SpokespersonID, &m.Spokesperson, &m.Topics, &m.Notes, &m.CreatedAt)
		}, siteID, from, to, listLimit); err != nil {
		return nil, err
	}
	if err := s.each(ctx, `SELECT id, site_id, title, received_at, due_at, stated_at, COALESCE(statement_item_id, 0), notes, created_at
		FROM spokes_events WHERE site_id = ? AND received_at >= ? AND received_at < ? ORDER BY received_at DESC, id DESC LIMIT ?`,
		func(r *sql.Rows) error {
			e := &Event{}
			var due, stated sql.NullTime
			if err := r.Scan(&e.ID, &e.SiteID, &e.Title, &e.ReceivedAt, &due, &stated, &e.ItemID, &e.Notes, &e.CreatedAt); err != nil {
				return err
			}
			e.DueAt, e.StatedAt = timeOrNil(due), timeOrNil(stated)
			out.Events = append(out.Events, e)
			return nil
		}, siteID, from, to, listLimit); err != nil {
		return nil, err
	}
	if err := s.each(ctx, `SELECT id, site_id, asked_at, outlet, question, answered_at, created_at
		FROM spokes_questions WHERE site_id = ? AND asked_at >= ? AND asked_at < ? ORDER BY asked_at DESC, id DESC LIMIT ?`,
		func(r *sql.Rows) error {
			q := &Question{}
			var answered sql.NullTime
			if err := r.Scan(&q.ID, &q.SiteID, &q.AskedAt, &q.Outlet, &q.Question, &answered, &q.CreatedAt); err != nil {
				return err
			}
			q.AnsweredAt = timeOrNil(answered)
			out.Questions = append(out.Questions, q)
			return nil
		}, siteID, from, to, listLimit); err != nil {
		return nil, err
	}
	if err := s.each(ctx, `SELECT id, site_id, dated_at, outlet, false_info, sent, created_at
		FROM spokes_corrections WHERE site_id = ? AND dated_at >= ? AND dated_at < ? ORDER BY dated_at DESC, id DESC LIMIT ?`,
		func(r *sql.Rows) error {
			c := &Correction{}
			out.Corrections = append(out.Corrections, c)
			return r.Scan(&c.ID, &c.SiteID, &c.DatedAt, &c.Outlet, &c.FalseInfo, &c.Sent, &c.CreatedAt)
		}, siteID, from, to, listLimit); err != nil {
		return nil, err
	}
	return out, nil
}

// each runs a query and calls fn on every row.
func (s *Store) each(ctx context.Context, q string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return apperr.Wrap(err, "spokes: list")
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return apperr.Wrap(err, "spokes: list")
		}
	}
	return apperr.Wrap(rows.Err(), "spokes: list")
}

// Report is the annual report's counters (REQ-41, the form of Decree
// 244/2026 Art. 10) for one site and window.
//
// A record belongs to the window by the moment it starts — a meeting's
// date, the event's reception, the question's asking, the correction
// request's date — and its outcome (statement, answer, sending) counts
// as recorded when the report is made: an event received on 14 December
// at 22:00 and stated on 15 December at 9:00 is the closing year's, with
// its statement on time.
type Report struct {
	Window
	Conferences       int // press conferences held
	Briefings         int // times information was given at press briefings
	QuestionsAnswered int // press questions and requests answered …
	Questions         int // … of all received
	EventsStated      int // unexpected events with a statement …
	Events            int // … of all
	StatedOnTime      int // first statements within their deadline …
	WithDeadline      int // … of the events that had one
	CorrectionsSent   int // written correction requests sent …
	Corrections       int // … of all prepared
}

// Report counts a site's records of the report year.
func (s *Store) Report(ctx context.Context, siteID int64, year int) (*Report, error) {
	w := WindowOf(year)
	rep := &Report{Window: w}
	from, to := utc(w.From), utc(w.To)
	counts := []struct {
		q    string
		dest []any
	}{
		{`SELECT COALESCE(SUM(CASE WHEN kind = 'conference' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN kind = 'briefing' THEN 1 ELSE 0 END), 0)
			FROM spokes_conferences WHERE site_id = ? AND held_at >= ? AND held_at < ?`, []any{&rep.Conferences, &rep.Briefings}},
		{`SELECT COUNT(answered_at), COUNT(*) FROM spokes_questions WHERE site_id = ? AND asked_at >= ? AND asked_at < ?`,
			[]any{&rep.QuestionsAnswered, &rep.Questions}},
		{`SELECT COUNT(stated_at), COUNT(*), COALESCE(SUM(CASE WHEN stated_at IS NOT NULL AND due_at IS NOT NULL AND stated_at <= due_at THEN 1 ELSE 0 END), 0),
			COUNT(due_at) FROM spokes_events WHERE site_id = ? AND received_at >= ? AND received_at < ?`,
			[]any{&rep.EventsStated, &rep.Events, &rep.StatedOnTime, &rep.WithDeadline}},
		{`SELECT COALESCE(SUM(CASE WHEN sent THEN 1 ELSE 0 END), 0), COUNT(*) FROM spokes_corrections WHERE site_id = ? AND dated_at >= ? AND dated_at < ?`,
			[]any{&rep.CorrectionsSent, &rep.Corrections}},
	}
	for _, c := range counts {
		if err := s.db.QueryRow(ctx, c.q, siteID, from, to).Scan(c.dest...); err != nil {
			return nil, apperr.Wrap(err, "spokes: report")
		}
	}
	return rep, nil
}

// Overdue counts a site's events past their deadline without a
// statement at now, for the staff page's warning.
func (r *Records) Overdue(now time.Time) int {
	n := 0
	for _, e := range r.Events {
		if e.Overdue(now) {
			n++
		}
	}
	return n
}
