package spokes

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Options are what the store needs beyond its database.
type Options struct {
	Now   func() time.Time
	Rules *rules.Store // the deadlines rule of the first statement
	// Notify queues a mail in the transaction that decides it (the
	// outbox); nil sends nothing.
	Notify func(ctx context.Context, tx *store.Tx, to, subject, text string) error
	// Link is the absolute address of a staff page of a site, for mails.
	Link func(siteID int64, path string) string
}

// Store reads and writes the spokesperson's records.
type Store struct {
	db *store.DB
	o  Options
}

// NewStore returns the records store on db.
func NewStore(db *store.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Store{db: db, o: o}
}

// The deadlines rules of the first statement on an unexpected event, in
// the set of kind deadlines in force on the day the event was received:
// a rule of its own if an administrator added one, otherwise the
// spokesperson's 24 hours of Decree 244/2026 that the default set ships
// ("deadline.nguoi-phat-ngon"). Only a rule in hours applies: the
// statement's time limit is counted in clock hours from received_at.
const (
	EventRuleKey        = "deadline.su-kien-bat-ngo"
	SpokespersonRuleKey = "deadline.nguoi-phat-ngon"
)

// Deadline is when the first statement on an event received at received
// is due, from the rule in force on the day received — never today's: an
// event received on 30 June 2026, before Decree 244 took effect, has no
// deadline even when read later. ok is false when no rule applied.
func (s *Store) Deadline(ctx context.Context, received time.Time) (time.Time, bool, error) {
	if s.o.Rules == nil {
		return time.Time{}, false, nil
	}
	set, err := s.o.Rules.InForce(ctx, rules.KindDeadlines, vn.Day(received))
	if apperr.KindOf(err) == apperr.NotFound {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("spokes: deadline rule: %w", err)
	}
	r := set.Rule(EventRuleKey)
	if r == nil {
		r = set.Rule(SpokespersonRuleKey)
	}
	if r == nil || r.Unit != rules.Hours {
		return time.Time{}, false, nil
	}
	due, ok := rules.Due(received, r, nil)
	return due, ok, nil
}

var errNotFound = apperr.New(apperr.NotFound, "Không tìm thấy bản ghi.", "Record not found.")

// updated turns an UPDATE that touched no row into not found.
func updated(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errNotFound
	}
	return nil
}

// utc is how instants are written: UTC, to the second, so that both
// databases compare them the same way.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return utc(*t)
}

func timeOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// record writes the audit entry of a change in its transaction.
func (s *Store) record(ctx context.Context, tx *store.Tx, e audit.Entry) error {
	e.At = s.o.Now()
	return audit.Record(ctx, tx, e)
}

// SaveMeeting creates (ID 0) or updates a press conference or briefing.
// The spokesperson must be one of the site's.
func (s *Store) SaveMeeting(ctx context.Context, m *Meeting, by audit.Actor) error {
	m.Topics, m.Notes = strings.TrimSpace(m.Topics), strings.TrimSpace(m.Notes)
	if err := m.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var name string
		if err := tx.QueryRow(ctx, `SELECT full_name FROM spokespersons WHERE id = ? AND site_id = ?`, m.SpokespersonID, m.SiteID).
			Scan(&name); err != nil {
			return store.NotFound(err, apperr.Field("spokesperson", "Người phát ngôn không thuộc trang này.", "The spokesperson is not this site's."))
		}
		m.Spokesperson = name
		var err error
		if m.ID == 0 {
			m.CreatedAt = utc(s.o.Now())
			err = tx.QueryRow(ctx, `INSERT INTO spokes_conferences (site_id, kind, held_at, spokesperson_id, topics, notes, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.SiteID, m.Kind, utc(m.HeldAt), m.SpokespersonID, m.Topics, m.Notes,
				m.CreatedAt).Scan(&m.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE spokes_conferences SET kind = ?, held_at = ?, spokesperson_id = ?, topics = ?, notes = ?
				WHERE id = ? AND site_id = ?`, m.Kind, utc(m.HeldAt), m.SpokespersonID, m.Topics, m.Notes, m.ID, m.SiteID))
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, by.Entry("spokes.meeting.save", m.SiteID, fmt.Sprint(m.ID), m.Kind+": "+vn.DateTimeWords(m.HeldAt.In(vn.ICT))+" — "+name))
	})
	return apperr.Wrap(err, "spokes: save meeting")
}

// SaveEvent creates (ID 0) or updates an unexpected event; its deadline
// is computed again from its received_at. A statement item must be the
// site's.
func (s *Store) SaveEvent(ctx context.Context, e *Event, by audit.Actor) error {
	e.Title, e.Notes = strings.TrimSpace(e.Title), strings.TrimSpace(e.Notes)
	if err := e.validate(); err != nil {
		return err
	}
	e.DueAt = nil
	if due, ok, err := s.Deadline(ctx, e.ReceivedAt); err != nil {
		return err
	} else if ok {
		e.DueAt = &due
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var item any
		if e.ItemID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE id = ? AND site_id = ?`, e.ItemID, e.SiteID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("item", "Không có tin, bài số này trên trang.", "No item of this site has this number.")
			}
			item = e.ItemID
		}
		var err error
		if e.ID == 0 {
			e.CreatedAt = utc(s.o.Now())
			err = tx.QueryRow(ctx, `INSERT INTO spokes_events (site_id, title, received_at, due_at, stated_at, statement_item_id, notes, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.SiteID, e.Title, utc(e.ReceivedAt), utcOrNil(e.DueAt), utcOrNil(e.StatedAt),
				item, e.Notes, e.CreatedAt).Scan(&e.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE spokes_events SET title = ?, received_at = ?, due_at = ?, stated_at = ?, statement_item_id = ?, notes = ?
				WHERE id = ? AND site_id = ?`, e.Title, utc(e.ReceivedAt), utcOrNil(e.DueAt), utcOrNil(e.StatedAt), item, e.Notes, e.ID, e.SiteID))
		}
		if err != nil {
			return err
		}
		detail := e.Title
		if e.StatedAt != nil {
			detail += " — đã phát ngôn"
		}
		return s.record(ctx, tx, by.Entry("spokes.event.save", e.SiteID, fmt.Sprint(e.ID), detail))
	})
	return apperr.Wrap(err, "spokes: save event")
}

// SaveQuestion creates (ID 0) or updates a question of the press.
func (s *Store) SaveQuestion(ctx context.Context, q *Question, by audit.Actor) error {
	q.Outlet, q.Question = strings.TrimSpace(q.Outlet), strings.TrimSpace(q.Question)
	if err := q.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if q.ID == 0 {
			q.CreatedAt = utc(s.o.Now())
			err = tx.QueryRow(ctx, `INSERT INTO spokes_questions (site_id, asked_at, outlet, question, answered_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, q.SiteID, utc(q.AskedAt), q.Outlet, q.Question, utcOrNil(q.AnsweredAt), q.CreatedAt).Scan(&q.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE spokes_questions SET asked_at = ?, outlet = ?, question = ?, answered_at = ? WHERE id = ? AND site_id = ?`,
				utc(q.AskedAt), q.Outlet, q.Question, utcOrNil(q.AnsweredAt), q.ID, q.SiteID))
		}
		if err != nil {
			return err
		}
		detail := q.Outlet
		if q.AnsweredAt != nil {
			detail += " — đã trả lời"
		}
		return s.record(ctx, tx, by.Entry("spokes.question.save", q.SiteID, fmt.Sprint(q.ID), detail))
	})
	return apperr.Wrap(err, "spokes: save question")
}

// SaveCorrection creates (ID 0) or updates a correction request.
func (s *Store) SaveCorrection(ctx context.Context, c *Correction, by audit.Actor) error {
	c.Outlet, c.FalseInfo = strings.TrimSpace(c.Outlet), strings.TrimSpace(c.FalseInfo)
	if err := c.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if c.ID == 0 {
			c.CreatedAt = utc(s.o.Now())
			err = tx.QueryRow(ctx, `INSERT INTO spokes_corrections (site_id, dated_at, outlet, false_info, sent, created_at)
				VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, c.SiteID, utc(c.DatedAt), c.Outlet, c.FalseInfo, c.Sent, c.CreatedAt).Scan(&c.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE spokes_corrections SET dated_at = ?, outlet = ?, false_info = ?, sent = ? WHERE id = ? AND site_id = ?`,
				utc(c.DatedAt), c.Outlet, c.FalseInfo, c.Sent, c.ID, c.SiteID))
		}
		if err != nil {
			return err
		}
		detail := c.Outlet
		if c.Sent {
			detail += " — đã gửi"
		}
		return s.record(ctx, tx, by.Entry("spokes.correction.save", c.SiteID, fmt.Sprint(c.ID), detail))
	})
	return apperr.Wrap(err, "spokes: save correction")
}
