package report

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/store"
)

// page_views_month (migration 038) holds the page counters summed per
// site, month ("YYYY-MM"), item and section: a province's year of
// page_views is a million rows, its months 131,900 in the benchmark, and
// summing the million took 93 % of the SQLite report's CPU (docs/performance.md).
// Counter.Flush adds to it in the transaction that adds to page_views
// (addMonth), the site merge rebuilds the months it touches from
// page_views (merge/apply.go), so that a month's row is always the sum of
// that month's rows of page_views.

// addMonth adds n views of the item and section w on day ("YYYY-MM-DD") to
// the site's month.
func addMonth(ctx context.Context, tx *store.Tx, siteID int64, day string, w [2]int64, n int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO page_views_month (site_id, month, item_id, category_id, views) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (site_id, month, item_id, category_id) DO UPDATE SET views = page_views_month.views + excluded.views`,
		siteID, day[:7], w[0], w[1], n)
	return err
}

// monthSplit cuts the days [from, to) ("YYYY-MM-DD", to after from) into
// the whole months they hold, [mFrom, mTo) ("YYYY-MM"; none when mFrom is
// not before mTo), and the days before and after them that are read day
// by day: days[0] is [from, head) and days[1] is [tail, to), either empty
// when its two ends are equal.
func monthSplit(from, to string) (mFrom, mTo string, days [2][2]string) {
	first, err1 := time.Parse(time.DateOnly, from)
	last, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return "", "", [2][2]string{{from, to}, {to, to}}
	}
	start := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !start.Equal(first) {
		start = start.AddDate(0, 1, 0)
	}
	end := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !start.Before(end) {
		return "", "", [2][2]string{{from, to}, {to, to}}
	}
	return start.Format("2006-01"), end.Format("2006-01"),
		[2][2]string{{from, start.Format(time.DateOnly)}, {end.Format(time.DateOnly), to}}
}

// viewSums calls add with the views of the scope's period summed per site,
// item and section, a (site, item, section) possibly more than once (once
// from the whole months, once from each partial month): the caller adds
// them up.
func (r *Reporter) viewSums(ctx context.Context, sc Scope, add func(siteID, itemID, catID int64, n int)) error {
	from, to := sc.Period.dayRange()
	mFrom, mTo, days := monthSplit(from, to)
	type read struct{ table, col, a, b string }
	var reads []read
	if mFrom < mTo {
		reads = append(reads, read{"page_views_month", "month", mFrom, mTo})
	}
	for _, d := range days {
		if d[0] < d[1] {
			reads = append(reads, read{"page_views", "day", d[0], d[1]})
		}
	}
	for _, rd := range reads {
		where, args := sc.in("site_id", rd.a, rd.b)
		rows, err := r.db.Query(ctx, `SELECT site_id, item_id, category_id, SUM(views) FROM `+rd.table+` WHERE `+where+`
			AND `+rd.col+` >= ? AND `+rd.col+` < ? GROUP BY site_id, item_id, category_id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var siteID, itemID, catID int64
			var n int
			if err := rows.Scan(&siteID, &itemID, &catID, &n); err != nil {
				rows.Close()
				return err
			}
			add(siteID, itemID, catID, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
