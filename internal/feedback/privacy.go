package feedback

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Seen records that p was shown the sender's personal data of r (Law
// 91/2025: every staff view is in the audit log). Only those who handle
// the request may see it; the caller checks Handles first.
func (s *Store) Seen(ctx context.Context, r *Request, p Person) error {
	if r.ErasedAt != nil {
		return nil
	}
	return audit.Record(ctx, s.db, p.actor().Entry("feedback.view", r.SiteID, r.Code, "personal data shown"))
}

// EraseByLink erases the contacts of the request a private link names, at
// the sender's request. The question and answer stay (without the name).
func (s *Store) EraseByLink(ctx context.Context, code, token, ip string) error {
	r, err := s.ByLink(ctx, code, token)
	if err != nil {
		return err
	}
	return s.erase(ctx, r, audit.Actor{Name: "citizen", IP: ip}, "sender's request")
}

func (s *Store) erase(ctx context.Context, r *Request, by audit.Actor, why string) error {
	if r.ErasedAt != nil {
		return nil
	}
	now := s.o.Now().UTC()
	defer s.o.Changed(r.SiteID, r.ID)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE feedback_requests SET name = '', address = '', phone = '', email = '', lat = '', lon = '',
			client_ip = '', consent = FALSE, erased_at = ?, updated_at = ? WHERE id = ? AND erased_at IS NULL`, now, now, r.ID); err != nil {
			return err
		}
		if err := event(ctx, tx, r.ID, now, by.ID, by.Name, "erased", r.State, true, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("feedback.erase", r.SiteID, r.Code, why))
	})
}

// EraseExpired erases the contacts of requests closed longer ago than the
// retention rule in force (a job), and returns how many it erased.
func (s *Store) EraseExpired(ctx context.Context, now time.Time) (int, error) {
	rule, err := s.feedbackRule(ctx, vn.Day(now), "feedback.retention")
	if err != nil {
		return 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+columns+` FROM feedback_requests WHERE erased_at IS NULL AND closed_at IS NOT NULL ORDER BY closed_at LIMIT 500`)
	if err != nil {
		return 0, err
	}
	var list []*Request
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	cal, err := s.calendar(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range list {
		until, err := Due(*r.ClosedAt, rule, cal)
		if err != nil {
			return n, err
		}
		if now.Before(until) {
			continue
		}
		if err := s.erase(ctx, r, systemActor, "retention "+rule.Value+" "+string(rule.Unit)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
