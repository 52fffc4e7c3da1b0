package spokes

import (
	"context"
	"fmt"
	"github.com/congportal/cong/internal/apperr"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// RemindWithin is how close to the end of a quarter a site that has held
// no press conference in it is reminded (REQ-39: at least one every three
// months).
const RemindWithin = 15 * 24 * time.Hour

var systemActor = audit.Actor{Name: "system", IP: "local"}

// Remind mails the board of every active site that has a regular
// spokesperson in office, has held no press conference this quarter and
// whose quarter ends within RemindWithin of now: once per site and
// quarter, across nodes (the row of spokes_reminders is taken in the
// same transaction as the mails are queued). It returns how many sites
// were reminded.
func (s *Store) Remind(ctx context.Context, now time.Time) (int, error) {
	quarter, from, to := Quarter(now)
	if to.Sub(now) > RemindWithin {
		return 0, nil
	}
	today := vn.Day(now)
	type due struct {
		id         int64
		code, name string
	}
	var sites []due
	rows, err := s.db.Query(ctx, `SELECT s.id, s.code, s.name FROM sites s
		WHERE s.status = 'active' AND EXISTS (SELECT 1 FROM spokespersons p WHERE p.site_id = s.id AND p.kind = 'regular'
			AND p.appointed_on <= ? AND (p.valid_until = '' OR p.valid_until >= ?))
		AND NOT EXISTS (SELECT 1 FROM spokes_conferences c WHERE c.site_id = s.id AND c.held_at >= ? AND c.held_at < ? AND c.kind = 'conference')
		AND NOT EXISTS (SELECT 1 FROM spokes_reminders r WHERE r.site_id = s.id AND r.quarter = ?)
		ORDER BY s.id`, today, today, utc(from), utc(to), quarter)
	if err != nil {
		return 0, apperr.Wrap(err, "spokes: remind")
	}
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.code, &d.name); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "spokes: remind")
		}
		sites = append(sites, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "spokes: remind")
	}
	n := 0
	last := to.Add(-time.Second)
	for _, d := range sites {
		sent := false
		err := s.db.InTx(ctx, func(tx *store.Tx) error {
			res, err := tx.Exec(ctx, `INSERT INTO spokes_reminders (site_id, quarter, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
				d.id, quarter, utc(now))
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return nil // another node reminded it
			}
			sent = true
			subject := "Nhắc tổ chức họp báo " + quarterLabel(quarter) + ": " + d.name
			text := fmt.Sprintf("%s chưa tổ chức họp báo nào trong %s. Theo Nghị định 244/2026/NĐ-CP, cơ quan tổ chức họp báo ít nhất 03 tháng một lần; quý kết thúc %s.\n",
				d.name, quarterLabel(quarter), vn.DateWords(last.In(vn.ICT)))
			if s.o.Link != nil {
				text += "\nGhi nhận họp báo: " + s.o.Link(d.id, "/quan-tri/s/"+d.code+"/phat-ngon") + "\n"
			}
			if err := s.mailBoard(ctx, tx, d.id, subject, text); err != nil {
				return err
			}
			e := systemActor.Entry("spokes.remind", d.id, quarter, "Chưa họp báo trong "+quarterLabel(quarter))
			e.At = now
			return audit.Record(ctx, tx, e)
		})
		if err != nil {
			return n, apperr.Wrap(err, "spokes: remind")
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// quarterLabel writes "2026-Q4" as "quý IV năm 2026".
func quarterLabel(code string) string {
	if len(code) != 7 {
		return code
	}
	roman := map[byte]string{'1': "I", '2': "II", '3': "III", '4': "IV"}[code[6]]
	return "quý " + roman + " năm " + code[:4]
}

// mailBoard queues a mail to each member of the site's editorial board
// (head, deputies, members) who has an address.
func (s *Store) mailBoard(ctx context.Context, tx *store.Tx, siteID int64, subject, text string) error {
	if s.o.Notify == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT u.email FROM site_roles g JOIN users u ON u.id = g.user_id
		WHERE g.site_id = ? AND g.role IN ('board_head', 'board_deputy', 'board_member') AND u.email <> '' AND NOT u.disabled
		ORDER BY u.email`, siteID)
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
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, addr := range to {
		if err := s.o.Notify(ctx, tx, addr, subject, text); err != nil {
			return err
		}
	}
	return nil
}
