package feedback

import (
	"context"
	"database/sql"
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
// requests still open (REQ-46; the staff page of on-time figures).
func (s *Store) Figures(ctx context.Context, siteID int64, now time.Time) ([]*UnitFigures, error) {
	rows, err := s.db.Query(ctx, `SELECT r.assigned_unit_id, u.name, r.answered_at, r.answer_due, r.state
		FROM feedback_requests r JOIN directory_units u ON u.id = r.assigned_unit_id
		WHERE r.site_id = ? ORDER BY u.position, u.name`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*UnitFigures
	by := map[int64]*UnitFigures{}
	for rows.Next() {
		var id int64
		var name string
		var answered sql.NullTime
		var due time.Time
		var st State
		if err := rows.Scan(&id, &name, &answered, &due, &st); err != nil {
			return nil, err
		}
		f := by[id]
		if f == nil {
			f = &UnitFigures{UnitID: id, Unit: name}
			by[id] = f
			out = append(out, f)
		}
		switch {
		case answered.Valid && !answered.Time.After(due):
			f.OnTime++
		case answered.Valid:
			f.Late++
		case !st.Final():
			f.Open++
			if now.After(due) {
				f.OpenOverdue++
			}
		}
	}
	return out, rows.Err()
}
