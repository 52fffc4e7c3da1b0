package feedback

import (
	"context"
	"time"
)

// UnitFigures are the on-time figures of one unit: the answers it gave
// by the deadline and after it, and what it holds open, overdue or not.
type UnitFigures struct {
	UnitID      int64
	Unit        string
	OnTime      int
	Late        int
	Open        int
	OpenOverdue int
}

// Rate is the share of answers given on time, in percent (100 with none).
func (f *UnitFigures) Rate() int {
	if f.OnTime+f.Late == 0 {
		return 100
	}
	return f.OnTime * 100 / (f.OnTime + f.Late)
}

// Figures counts, per unit of a site, answers on time and late and the
// requests still open (REQ-46; the staff page of on-time figures). The
// database counts, from an index that holds every column it reads
// (feedback_requests_units), in the units' order.
func (s *Store) Figures(ctx context.Context, siteID int64, now time.Time) ([]*UnitFigures, error) {
	open := `r.answered_at IS NULL AND r.state IN ` + openStatesSQL
	rows, err := s.db.Query(ctx, `SELECT u.id, u.name, f.on_time, f.late, f.open, f.overdue FROM (
		SELECT r.assigned_unit_id AS unit,
			SUM(CASE WHEN r.answered_at <= r.answer_due THEN 1 ELSE 0 END) AS on_time,
			SUM(CASE WHEN r.answered_at > r.answer_due THEN 1 ELSE 0 END) AS late,
			SUM(CASE WHEN `+open+` THEN 1 ELSE 0 END) AS open,
			SUM(CASE WHEN `+open+` AND r.answer_due < ? THEN 1 ELSE 0 END) AS overdue
		FROM feedback_requests r WHERE r.site_id = ? AND r.assigned_unit_id IS NOT NULL GROUP BY r.assigned_unit_id) f
		JOIN directory_units u ON u.id = f.unit ORDER BY u.position, u.name`, now.UTC(), siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*UnitFigures
	for rows.Next() {
		var f UnitFigures
		if err := rows.Scan(&f.UnitID, &f.Unit, &f.OnTime, &f.Late, &f.Open, &f.OpenOverdue); err != nil {
			return nil, err
		}
		out = append(out, &f)
	}
	return out, rows.Err()
}
