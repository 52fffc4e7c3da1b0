package report

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// Row is one site on the oversight dashboard.
type Row struct {
	Site             *site.Site
	LastPublished    *time.Time
	Published        int // in the period
	SectionsEmpty    int // required sections missing or with nothing online
	SectionsOverdue  int // required sections with an item late or overdue (SectionTimeliness)
	FeedbackOverdue  int
	Overrides        int // items published in the period over failed accessibility checks
	Views            int
	Yes, No          int // readers' ratings in the period
	Stale            bool
	SectionsReported bool // false when the sections could not be judged
}

// Satisfaction is the share of "useful" answers, -1 when none.
func (r *Row) Satisfaction() int {
	if r.Yes+r.No == 0 {
		return -1
	}
	return (100*r.Yes + (r.Yes+r.No)/2) / (r.Yes + r.No)
}

// RatingsFunc gives the readers' ratings per site over a period.
type RatingsFunc func(ctx context.Context, siteIDs []int64, from, to time.Time) (map[int64][2]int, error)

// Oversight is the dashboard's table.
type Oversight struct {
	Period    Period
	StaleDays int
	Rows      []*Row
}

// StaleDays is how long a site may publish nothing before the dashboard
// flags it.
func (r *Reporter) StaleDays(ctx context.Context) (int, error) {
	var n int
	err := r.db.QueryRow(ctx, `SELECT stale_days FROM report_settings WHERE id = 1`).Scan(&n)
	if err == sql.ErrNoRows {
		return 30, nil
	}
	return n, err
}

// SetStaleDays changes it (1 to 365 days).
func (r *Reporter) SetStaleDays(ctx context.Context, n int) error {
	_, err := r.db.Exec(ctx, `UPDATE report_settings SET stale_days = ? WHERE id = 1`, n)
	return err
}

// Oversight builds the dashboard's table over sites for the period.
func (r *Reporter) Oversight(ctx context.Context, sites []*site.Site, p Period, ratings RatingsFunc) (*Oversight, error) {
	stale, err := r.StaleDays(ctx)
	if err != nil {
		return nil, err
	}
	o := &Oversight{Period: p, StaleDays: stale}
	sc := Scope{Sites: sites, Period: p, Province: true}
	byID := map[int64]*Row{}
	var ids []int64
	for _, s := range sites {
		row := &Row{Site: s}
		o.Rows = append(o.Rows, row)
		byID[s.ID] = row
		ids = append(ids, s.ID)
	}
	now := r.now().UTC()
	type q struct {
		sql  string
		args []any
		set  func(row *Row, n int64, t dbTime)
	}
	where, args := sc.in("site_id")
	whereP, argsP := sc.in("site_id", p.From.UTC(), p.To.UTC())
	from, to := p.dayRange()
	whereV, argsV := sc.in("site_id", from, to)
	whereF, argsF := sc.in("site_id", now)
	for _, x := range []q{
		{`SELECT site_id, COUNT(*), MAX(first_published_at) FROM items WHERE ` + where + ` AND first_published_at IS NOT NULL GROUP BY site_id`, args,
			func(row *Row, _ int64, t dbTime) {
				if t.Valid {
					at := t.T
					row.LastPublished = &at
				}
			}},
		{`SELECT site_id, COUNT(*), NULL FROM items WHERE ` + whereP + ` AND first_published_at >= ? AND first_published_at < ? GROUP BY site_id`, argsP,
			func(row *Row, n int64, _ dbTime) { row.Published = int(n) }},
		{`SELECT site_id, COUNT(*), NULL FROM items WHERE ` + whereP + ` AND override_reason <> '' AND live AND published_at >= ? AND published_at < ? GROUP BY site_id`, argsP,
			func(row *Row, n int64, _ dbTime) { row.Overrides = int(n) }},
		{`SELECT site_id, SUM(views), NULL FROM page_views WHERE ` + whereV + ` AND day >= ? AND day < ? GROUP BY site_id`, argsV,
			func(row *Row, n int64, _ dbTime) { row.Views = int(n) }},
		{`SELECT site_id, COUNT(*), NULL FROM feedback_requests r WHERE ` + whereF + ` AND answered_at IS NULL AND answer_due < ? AND state IN ` +
			openStates() + ` GROUP BY site_id`, argsF,
			func(row *Row, n int64, _ dbTime) { row.FeedbackOverdue = int(n) }},
	} {
		rows, err := r.db.Query(ctx, x.sql, x.args...)
		if err != nil {
			return nil, fmt.Errorf("oversight: %w", err)
		}
		for rows.Next() {
			var id, n int64
			var t dbTime
			if err := rows.Scan(&id, &n, &t); err != nil {
				rows.Close()
				return nil, err
			}
			if row := byID[id]; row != nil {
				x.set(row, n, t)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if ratings != nil {
		got, err := ratings(ctx, ids, p.From, p.To)
		if err != nil {
			return nil, err
		}
		for id, c := range got {
			if row := byID[id]; row != nil {
				row.Yes, row.No = c[0], c[1]
			}
		}
	}
	limit := now.Add(-time.Duration(stale) * 24 * time.Hour)
	for _, row := range o.Rows {
		row.Stale = row.LastPublished == nil || row.LastPublished.Before(limit)
	}
	// The required sections, judged item by item as in the report.
	a := &Activity{Scope: sc}
	if err := r.required(ctx, a); err != nil {
		return nil, err
	}
	for _, t := range a.Required.Sections {
		row := byID[t.SiteID]
		if row == nil {
			continue
		}
		row.SectionsReported = true
		if t.Missing || t.Empty {
			row.SectionsEmpty++
		}
		if t.Late > 0 || t.Overdue > 0 {
			row.SectionsOverdue++
		}
	}
	return o, nil
}

// Filter keeps the rows of sites of kind ("" keeps all).
func (o *Oversight) Filter(kind string) {
	if kind == "" {
		return
	}
	kept := o.Rows[:0]
	for _, r := range o.Rows {
		if string(r.Site.Kind) == kind {
			kept = append(kept, r)
		}
	}
	o.Rows = kept
}

// Sort orders the rows by the column key, descending when desc; ties
// keep the site order.
func (o *Oversight) Sort(key string, desc bool) {
	val := func(r *Row) float64 {
		switch key {
		case "dang":
			return float64(r.Published)
		case "moi-nhat":
			if r.LastPublished == nil {
				return 0
			}
			return float64(r.LastPublished.Unix())
		case "chuyen-muc":
			return float64(r.SectionsEmpty + r.SectionsOverdue)
		case "kien-nghi":
			return float64(r.FeedbackOverdue)
		case "tiep-can":
			return float64(r.Overrides)
		case "hai-long":
			return float64(r.Satisfaction())
		case "luot-xem":
			return float64(r.Views)
		}
		return 0
	}
	if key == "ten" || key == "" {
		sort.SliceStable(o.Rows, func(i, j int) bool {
			c := vn.Compare(o.Rows[i].Site.Name, o.Rows[j].Site.Name)
			if desc {
				return c > 0
			}
			return c < 0
		})
		return
	}
	sort.SliceStable(o.Rows, func(i, j int) bool {
		if desc {
			return val(o.Rows[i]) > val(o.Rows[j])
		}
		return val(o.Rows[i]) < val(o.Rows[j])
	})
}

func openStates() string { return feedback.OpenStatesSQL() }

// Rated is how many readers rated the site's pages.
func (r *Row) Rated() int { return r.Yes + r.No }
