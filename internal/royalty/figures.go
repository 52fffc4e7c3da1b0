package royalty

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Royalty figures for the activity reports (issue 19, point 5): a
// period's royalties per site, per kind of work and per month, for one
// site or the whole province. A line counts in the period of its item's
// first publication day (pub_day), as in the payment lists and the
// statements; only lines of approved proposals count, each in one of
// three states:
//
//	approved   amount set, neither paid nor closed as unclaimed: still to pay
//	paid       paid_at set: the site's list was marked paid
//	unclaimed  unclaimed_at set: its amount went to next year's fund
//
// The sums are grouped in the database, one query per grouping: the
// number of authors cannot be added up from finer groups (an author
// writes for several sites, kinds and months). The queries use
// royalty_proposals_site (site_id, state, pub_day) to find the approved
// proposals of the period and royalty_lines_proposal to reach their
// lines (migration 039).

// Figure is a group's royalties, in whole đồng.
type Figure struct {
	// Key names the group: the site's id in decimal (BySite), the kind's
	// slug (ByKind), the month as YYYY-MM (ByMonth); "" for the total.
	Key       string
	SiteID    int64 // BySite
	Approved  int64 // approved, still to pay
	Paid      int64
	Unclaimed int64 // closed as unclaimed: gone to the fund of the year after
	Lines     int
	Authors   int // different authors (authorSQL)
}

// Owed is what the payment lists total: approved and paid, the lines
// closed as unclaimed left out.
func (f Figure) Owed() int64 { return f.Approved + f.Paid }

// Figures are a period's royalties for some sites.
type Figures struct {
	Period  report.Period
	Total   Figure
	BySite  []Figure // the sites with lines, in the order of the ids asked for
	ByKind  []Figure // by kind's slug
	ByMonth []Figure // by month, in order
}

// authorSQL tells authors apart as Statement finds them: the account,
// else the tax code, else the name as written.
const authorSQL = `CASE WHEN l.user_id IS NOT NULL THEN 'u' || l.user_id
		WHEN l.tax_code <> '' THEN 't' || l.tax_code
		ELSE 'n' || l.author_name END`

// figureQuery sums the lines of the approved proposals of n sites
// first published in a period, grouped by the expression by ("" for the
// total).
func figureQuery(by string, n int) string {
	q := `SELECT ` + cmp.Or(by, "''") + `,
		COALESCE(SUM(CASE WHEN l.paid_at IS NULL AND l.unclaimed_at IS NULL THEN l.amount END), 0),
		COALESCE(SUM(CASE WHEN l.paid_at IS NOT NULL THEN l.amount END), 0),
		COALESCE(SUM(CASE WHEN l.paid_at IS NULL AND l.unclaimed_at IS NOT NULL THEN l.amount END), 0),
		COUNT(*),
		COUNT(DISTINCT ` + authorSQL + `)
	FROM royalty_proposals p
	JOIN royalty_lines l ON l.proposal_id = p.id
	WHERE p.site_id IN (` + store.Placeholders(n) + `) AND p.state = 'approved' AND p.pub_day >= ? AND p.pub_day < ?`
	if by != "" {
		q += `
	GROUP BY ` + by + `
	ORDER BY ` + by
	}
	return q
}

// Figures returns the royalties of period on the sites siteIDs (one
// site, or every site of the province): the total, and per site, kind
// and month.
func (s *Store) Figures(ctx context.Context, siteIDs []int64, period report.Period) (*Figures, error) {
	f := &Figures{Period: period}
	if len(siteIDs) == 0 {
		return f, nil
	}
	from, to := periodDays(period)
	args := make([]any, 0, len(siteIDs)+2)
	for _, id := range siteIDs {
		args = append(args, id)
	}
	args = append(args, from, to)
	for _, g := range []struct {
		by  string // the grouping expression; "" for the total
		out *[]Figure
	}{
		{"", nil},
		{"p.site_id", &f.BySite},
		{"l.kind", &f.ByKind},
		{"substr(p.pub_day, 1, 7)", &f.ByMonth},
	} {
		got, err := s.figures(ctx, g.by, len(siteIDs), args)
		if err != nil {
			return nil, err
		}
		if g.out == nil {
			if len(got) == 1 {
				f.Total = got[0]
			}
			continue
		}
		*g.out = got
	}
	order := make(map[int64]int, len(siteIDs))
	for i, id := range siteIDs {
		order[id] = i
	}
	for i := range f.BySite {
		f.BySite[i].SiteID, _ = strconv.ParseInt(f.BySite[i].Key, 10, 64)
	}
	sort.SliceStable(f.BySite, func(i, j int) bool { return order[f.BySite[i].SiteID] < order[f.BySite[j].SiteID] })
	return f, nil
}

func (s *Store) figures(ctx context.Context, by string, sites int, args []any) ([]Figure, error) {
	rows, err := s.db.Query(ctx, figureQuery(by, sites), args...)
	if err != nil {
		return nil, fmt.Errorf("royalty figures by %q: %w", by, err)
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		if err := rows.Scan(&f.Key, &f.Approved, &f.Paid, &f.Unclaimed, &f.Lines, &f.Authors); err != nil {
			return nil, err
		}
		if f.Lines > 0 { // the total of no line is a row of zeros
			out = append(out, f)
		}
	}
	return out, rows.Err()
}

// Statements returns the statement of every author with lines on the
// sites siteIDs in period — a province's year when siteIDs are all its
// sites — read in one query, not one per author: each as Statement
// gives it for those sites, authors in the Vietnamese order of names.
func (s *Store) Statements(ctx context.Context, siteIDs []int64, period report.Period) ([]*Statement, error) {
	if len(siteIDs) == 0 {
		return nil, nil
	}
	from, to := periodDays(period)
	args := make([]any, 0, len(siteIDs)+2)
	for _, id := range siteIDs {
		args = append(args, id)
	}
	lines, err := s.lines(ctx, s.db, `p.site_id IN (`+store.Placeholders(len(siteIDs))+`) AND p.state = 'approved'
		AND p.pub_day >= ? AND p.pub_day < ? ORDER BY p.pub_day, p.id, l.work_no, l.id`, append(args, from, to)...)
	if err != nil {
		return nil, err
	}
	var out []*Statement
	byKey := map[string]*Statement{}
	for _, l := range lines {
		k := statementKey(l.Author)
		st := byKey[k]
		if st == nil {
			a := Author{UserID: l.UserID, Name: l.Name}
			if l.UserID == 0 {
				a.TaxCode = l.TaxCode
			}
			st = &Statement{Author: a, Period: period}
			byKey[k] = st
			out = append(out, st)
		}
		st.Lines = append(st.Lines, l)
		if l.Unclaimed() {
			st.Unclaimed += l.Amount
		} else {
			st.Total += l.Amount
		}
		if l.Paid() {
			st.Paid += l.Amount
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return vn.Less(out[i].Author.Name, out[j].Author.Name) })
	for _, st := range out {
		st.TotalWords = vn.MoneyWords(st.Total)
	}
	return out, nil
}

// statementKey finds authors as Statement does: the account, else the
// tax code, else the name exactly as written (authorSQL in Go).
func statementKey(a Author) string {
	switch {
	case a.UserID != 0:
		return "u" + strconv.FormatInt(a.UserID, 10)
	case a.TaxCode != "":
		return "t" + a.TaxCode
	}
	return "n" + a.Name
}
