package consult

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

var system = audit.Actor{Name: "system", IP: "local"}

// reminderDays are the two reminder rules of the set in force on the day
// a draft opened.
func (s *Store) reminderDays(ctx context.Context, opened time.Time) (before, after int, err error) {
	set, err := s.o.Rules.InForce(ctx, rules.KindConsult, vn.Day(opened))
	if err != nil {
		return 0, 0, err
	}
	for key, into := range map[string]*int{"consult.remind": &before, "consult.handle_remind": &after} {
		r := set.Rule(key)
		if r == nil {
			return 0, 0, fmt.Errorf("rule set %s has no %s", set.Code, key)
		}
		if *into, err = r.Int(); err != nil {
			return 0, 0, fmt.Errorf("rule set %s: %s: %w", set.Code, key, err)
		}
	}
	return before, after, nil
}

// Watch sends the reminders due at now (a job): to the unit that
// receives comments before the period ends, and after it closed while
// comments still wait for moderation or handling. It returns how many
// reminders it queued.
func (s *Store) Watch(ctx context.Context, now time.Time) (int, error) {
	if _, err := s.CloseExpired(ctx, now); err != nil {
		return 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+draftColumns+`, '' FROM consult_drafts d
		WHERE (d.state = 'open' AND d.reminded_at IS NULL) OR (d.state = 'closed' AND d.handle_reminded_at IS NULL)
		ORDER BY d.id LIMIT 500`)
	if err != nil {
		return 0, err
	}
	var list []*Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sent := 0
	for _, d := range list {
		if d.OpensAt == nil || d.ClosesAt == nil {
			continue
		}
		before, after, err := s.reminderDays(ctx, *d.OpensAt)
		if err != nil {
			return sent, err
		}
		link := s.o.BaseURL(d.SiteID, Path(d.Slug))
		switch d.State {
		case Open:
			if now.Before(d.ClosesAt.Add(-time.Duration(before) * 24 * time.Hour)) {
				continue
			}
			text := fmt.Sprintf("Dự thảo \"%s\" hết thời hạn lấy ý kiến lúc %s.\n\nXin đơn vị kiểm duyệt các ý kiến đang chờ và chuẩn bị tiếp thu, giải trình.\n%s\n",
				d.Title, vn.DateTimeWords(d.ClosesAt.In(vn.ICT)), link)
			if err := s.remind(ctx, d, "reminded_at", now, "Sắp hết thời hạn lấy ý kiến: "+d.Title, text); err != nil {
				return sent, err
			}
			sent++
		case Closed:
			if now.Before(d.ClosesAt.Add(time.Duration(after) * 24 * time.Hour)) {
				continue
			}
			var waiting int
			if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_comments WHERE draft_id = ?
				AND (state IN ('pending', 'held') OR (state = 'published' AND handling = '' AND duplicate_of IS NULL))`, d.ID).Scan(&waiting); err != nil {
				return sent, err
			}
			if waiting == 0 {
				continue
			}
			text := fmt.Sprintf("Dự thảo \"%s\" đã hết thời hạn lấy ý kiến từ %s, còn %d ý kiến chưa được kiểm duyệt hoặc tiếp thu, giải trình.\n\nViệc tiếp thu, giải trình phải được công khai (Luật Ban hành văn bản quy phạm pháp luật 64/2025/QH15).\n%s\n",
				d.Title, vn.DateTimeWords(d.ClosesAt.In(vn.ICT)), waiting, link)
			if err := s.remind(ctx, d, "handle_reminded_at", now, "Còn ý kiến góp ý chưa tiếp thu, giải trình: "+d.Title, text); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// remind marks the reminder sent and queues its mail in one transaction,
// so a reminder is neither lost nor sent twice.
func (s *Store) remind(ctx context.Context, d *Draft, column string, now time.Time, subject, text string) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE consult_drafts SET `+column+` = ? WHERE id = ? AND `+column+` IS NULL`, now.UTC(), d.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another node sent it
		}
		if s.o.Notify != nil && d.RecvEmail != "" {
			if err := s.o.Notify(ctx, tx, d.RecvEmail, subject, text); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, system.Entry("consult.remind", d.SiteID, d.Slug, column))
	})
}
