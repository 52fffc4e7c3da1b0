package feedback

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
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

// EraseExpired erases the contacts of requests closed longer ago than
// their retention (a job), and returns how many it erased. Each request
// keeps the retention of the rule set in force on the day it arrived,
// as its deadlines do: a set adopted later, shorter or longer, applies
// to the requests received under it. Every closed request still holding
// contacts is looked at (three columns each), since with retentions
// that differ by arrival day the oldest closed need not be the first due.
func (s *Store) EraseExpired(ctx context.Context, now time.Time) (int, error) {
	type closed struct {
		id                 int64
		received, closedAt time.Time
	}
	rows, err := s.db.Query(ctx, `SELECT id, received_at, closed_at FROM feedback_requests
		WHERE erased_at IS NULL AND closed_at IS NOT NULL AND closed_at <= ? ORDER BY closed_at, id`, now.UTC())
	if err != nil {
		return 0, err
	}
	var list []closed
	for rows.Next() {
		var c closed
		if err := rows.Scan(&c.id, &c.received, &c.closedAt); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return 0, err
	}
	ruleOn := map[string]*rules.Rule{} // by arrival day
	n := 0
	for _, c := range list {
		day := vn.Day(c.received)
		rule, ok := ruleOn[day]
		if !ok {
			if rule, err = s.feedbackRule(ctx, day, "feedback.retention"); err != nil {
				return n, err
			}
			ruleOn[day] = rule
		}
		until, err := Due(c.closedAt, rule, cal)
		if err != nil {
			return n, err
		}
		if now.Before(until) {
			continue
		}
		r, err := s.Get(ctx, c.id)
		if err != nil {
			return n, err
		}
		if err := s.erase(ctx, r, systemActor, "retention "+rule.Value+" "+string(rule.Unit)); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ByProof returns the request a tracking code names when proof is the
// phone number or the email address the sender gave with it: the
// look-up for a sender without the private link. A wrong code, a wrong
// proof and a request whose contacts were erased are the same "not
// found", so that the answer never tells whether a code exists.
func (s *Store) ByProof(ctx context.Context, code, proof string) (*Request, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	want := proofKey(proof)
	r, err := s.ByCode(ctx, code)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err // the database failing is not "no such request"
	}
	ok := false
	for _, have := range []string{proofKey(r.Phone), proofKey(r.Email)} {
		if want != "" && have != "" && subtle.ConstantTimeCompare([]byte(want), []byte(have)) == 1 {
			ok = true
		}
	}
	if !ok || r.ErasedAt != nil {
		return nil, errNotFound
	}
	return r, nil
}

// EraseByProof erases the contacts of the request ByProof finds.
func (s *Store) EraseByProof(ctx context.Context, code, proof, ip string) (*Request, error) {
	r, err := s.ByProof(ctx, code, proof)
	if err != nil {
		return nil, err
	}
	if err := s.erase(ctx, r, audit.Actor{Name: "citizen", IP: ip}, "sender's request (tracking code and contact)"); err != nil {
		return nil, err
	}
	return s.Get(ctx, r.ID)
}

// proofKey is a phone number or an email address as the look-up
// compares them: an address in lower case; a number by its digits, with
// the country code 84 as the leading 0 ("+84 912 345 678" is
// "0912345678").
func proofKey(s string) string {
	s = strings.TrimSpace(vn.Clean(s))
	if strings.Contains(s, "@") {
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	d := b.String()
	if strings.HasPrefix(d, "84") && len(d) >= 10 {
		d = "0" + d[2:]
	}
	if len(d) < 6 {
		return "" // too little to prove anything
	}
	return d
}
