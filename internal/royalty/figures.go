package royalty

import (
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
// The lines are summed in the database in one pass, grouped by site,
// kind, month and author — the finest grouping the report needs — and
// those groups added up here into the total and the figures per site,
// kind and month: amounts and lines add up; authors are counted once per
// figure from the authors of its groups (an author writes for several
// sites, kinds and months: counts of authors do not add up). One pass
// rather than one query per figure: the lines are read once. The query
// finds the approved proposals of the period with royalty_proposals_site
// (site_id, state, pub_day) and their lines with royalty_lines_proposal
// (migration 039).

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
// first published in a period per site, kind, month and author.
func figureQuery(n int) string {
	return `SELECT p.site_id, l.kind, substr(p.pub_day, 1, 7), ` + authorSQL + `,
		COALESCE(SUM(CASE WHEN l.paid_at IS NULL AND l.unclaimed_at IS NULL THEN l.amount END), 0),
		COALESCE(SUM(CASE WHEN l.paid_at IS NOT NULL THEN l.amount END), 0),
		COALESCE(SUM(CASE WHEN l.paid_at IS NULL AND l.unclaimed_at IS NOT NULL THEN l.amount END), 0),
		COUNT(*)
	FROM royalty_proposals p
	JOIN royalty_lines l ON l.proposal_id = p.id
	WHERE p.site_id IN (` + store.Placeholders(n) + `) AND p.state = 'approved' AND p.pub_day >= ? AND p.pub_day < ?
	GROUP BY 1, 2, 3, 4`
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
	rows, err := s.db.Query(ctx, figureQuery(len(siteIDs)), append(args, from, to)...)
	if err != nil {
		return nil, fmt.Errorf("royalty figures: %w", err)
	}
	defer rows.Close()
	total := &tally{}
	sites, kinds, months := map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	for rows.Next() {
		var site int64
		var kind, month, author string
		var g Figure
		if err := rows.Scan(&site, &kind, &month, &author, &g.Approved, &g.Paid, &g.Unclaimed, &g.Lines); err != nil {
			return nil, err
		}
		total.add(g, author)
		for _, x := range []struct {
			m      map[string]*tally
			key    string
			siteID int64
		}{{sites, strconv.FormatInt(site, 10), site}, {kinds, kind, 0}, {months, month, 0}} {
			t := x.m[x.key]
			if t == nil {
				t = &tally{Figure: Figure{Key: x.key, SiteID: x.siteID}}
				x.m[x.key] = t
			}
			t.add(g, author)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	f.Total = total.figure()
	for _, id := range siteIDs { // the sites in the order asked for
		if t := sites[strconv.FormatInt(id, 10)]; t != nil {
			f.BySite = append(f.BySite, t.figure())
		}
	}
	f.ByKind, f.ByMonth = sorted(kinds), sorted(months)
	return f, nil
}

// tally adds up groups into a figure, counting each author once.
type tally struct {
	Figure
	authors map[string]bool
}

func (t *tally) add(g Figure, author string) {
	t.Approved += g.Approved
	t.Paid += g.Paid
	t.Unclaimed += g.Unclaimed
	t.Lines += g.Lines
	if t.authors == nil {
		t.authors = map[string]bool{}
	}
	t.authors[author] = true
}

func (t *tally) figure() Figure {
	f := t.Figure
	f.Authors = len(t.authors)
	return f
}

// sorted are the figures of m by key.
func sorted(m map[string]*tally) []Figure {
	out := make([]Figure, 0, len(m))
	for _, t := range m {
		out = append(out, t.figure())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
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
	// Read in the order of the index, and put in Statement's order
	// (publication day, proposal, work, line) here: sorting 50,000 wide
	// rows in the database costs more than sorting pointers.
	lines, err := s.lines(ctx, s.db, `p.site_id IN (`+store.Placeholders(len(siteIDs))+`) AND p.state = 'approved'
		AND p.pub_day >= ? AND p.pub_day < ?`, append(args, from, to)...)
	if err != nil {
		return nil, err
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		switch {
		case a.PubDay != b.PubDay:
			return a.PubDay < b.PubDay
		case a.ProposalID != b.ProposalID:
			return a.ProposalID < b.ProposalID
		case a.WorkNo != b.WorkNo:
			return a.WorkNo < b.WorkNo
		}
		return a.ID < b.ID
	})
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
