package records

import (
	"context"
	"strconv"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
)

// Statistic is a statistics record (items of kind statistics): the
// period, the indicator its table shows, the table, the unit, how the
// figures were made and where they come from.
type Statistic struct {
	ItemID      int64
	Period      Period
	Indicator   string // chỉ tiêu, the table's caption
	Unit        string // đơn vị tính
	Data        string // the table as CSV
	Methodology string // phương pháp tính
	Source      string // nguồn số liệu

	Table *Table // Data read, after Clean or a read from the store

	// As typed, for the form sent back with errors.
	YearText, PartText string
}

// Clean checks s and reads its table; the error names every field wrong.
func (s *Statistic) Clean() error {
	var pr problems
	if s.YearText != "" || s.Period == "" {
		period(&pr, "st_year", s.YearText, s.PartText, &s.Period)
	} else if _, ok := PeriodOf(string(s.Period)); !ok {
		pr.add("st_year", "Kỳ số liệu không tồn tại.", "No such period.")
	}
	cleanText(&pr, map[string]*string{"st_indicator": &s.Indicator, "st_unit": &s.Unit, "st_source": &s.Source})
	cleanLong(&pr, map[string]*string{"st_methodology": &s.Methodology})
	if s.Indicator == "" {
		pr.add("st_indicator", "Hãy nhập tên chỉ tiêu (tên bảng số liệu).", "Enter the indicator (the table's name).")
	}
	t, err := ParseTable(s.Data)
	if err != nil {
		m := err.(*apperr.Error).Fields["st_table"]
		pr.add("st_table", m.VI, m.EN)
	} else {
		s.Table, s.Data = t, t.CSV()
	}
	return pr.err()
}

var statisticCols = []string{"period", "indicator", "unit", "data_csv", "methodology", "data_source"}

// SaveStatistic stores a statistics record for a person, audited.
func (s *Store) SaveStatistic(ctx context.Context, st *Statistic, siteID int64, by audit.Actor) error {
	if err := st.Clean(); err != nil {
		return err
	}
	return s.save(ctx, "record_statistics", statisticCols,
		[]any{string(st.Period), st.Indicator, st.Unit, st.Data, st.Methodology, st.Source}, st.ItemID,
		[]content.Kind{content.Statistics}, by, by.Entry("records.statistic.save", siteID, strconv.FormatInt(st.ItemID, 10), string(st.Period)+" "+st.Indicator))
}

// Statistic returns an item's statistics record with its table read,
// nil when it has none.
func (s *Store) Statistic(ctx context.Context, itemID int64) (*Statistic, error) {
	st := &Statistic{ItemID: itemID}
	ok, err := s.get(ctx, "record_statistics", statisticCols, itemID,
		&st.Period, &st.Indicator, &st.Unit, &st.Data, &st.Methodology, &st.Source)
	if !ok {
		return nil, err
	}
	st.Table, _ = ParseTable(st.Data) // stored as ParseTable wrote it
	return st, nil
}

// StatisticFilter narrows the public list of statistics.
type StatisticFilter struct {
	SiteID int64
	Lang   string
	Period Period // a year takes its quarters and months
	Page
}

// StatisticRow is a line of the public list.
type StatisticRow struct {
	Listed
	Statistic
}

// Statistics lists the live statistics of a site, latest period first.
func (s *Store) Statistics(ctx context.Context, f StatisticFilter) ([]*StatisticRow, error) {
	q := `SELECT ` + listedCols + `, x.item_id, x.period, x.indicator, x.unit, x.data_source` + listFrom("record_statistics")
	args := []any{f.SiteID, f.Lang}
	if f.Period != "" {
		w, a := periodWhere(f.Period)
		q += w
		args = append(args, a...)
	}
	q += ` ORDER BY x.period DESC, i.id DESC` + f.Page.sql()
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*StatisticRow
	for rows.Next() {
		r := &StatisticRow{}
		if err := rows.Scan(append(r.Listed.dest(), &r.ItemID, &r.Period, &r.Indicator, &r.Unit, &r.Source)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
