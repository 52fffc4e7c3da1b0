package report

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// SectionTimeliness is how one required section of a site kept the law's
// posting deadline. The deadline runs, item by item, from when the
// information was created — the item's creation in the portal, the one
// moment the portal knows — with the deadline of the rule set in force
// on that day for the section's kind of information (Decree 42/2022,
// Art. 11). An item created in the period is on time when it was first
// published by its deadline, late when after it, overdue when it is
// still unpublished past it, and waiting when its deadline is still to
// come.
type SectionTimeliness struct {
	SiteID     int64
	SiteCode   string
	Site       string
	Slug, Name string
	CategoryID int64 // 0: the site has no category for the section
	Missing    bool  // the site has no category for it
	Empty      bool  // nothing of it is online today
	NoDeadline bool  // the deadlines set gives none for it
	ItemCounts
}

// ItemCounts are the items created in the period and how each kept its
// deadline.
type ItemCounts struct{ Created, OnTime, Late, Overdue, Waiting int }

func (c *ItemCounts) add(o ItemCounts) {
	c.Created += o.Created
	c.OnTime += o.OnTime
	c.Late += o.Late
	c.Overdue += o.Overdue
	c.Waiting += o.Waiting
}

// Flagged says the section needs the board's attention.
func (t *SectionTimeliness) Flagged() bool {
	return t.Missing || t.Empty || t.Late > 0 || t.Overdue > 0
}

// RequiredFigures sum the required sections of a report's scope.
type RequiredFigures struct {
	Sections []*SectionTimeliness // every required section of every site, in the set's order
	Judged   bool                 // false when no sections set is in force
	// Counts of sections.
	Missing, Empty, WithLate, WithOverdue int
	ItemCounts
}

// Flagged are the sections that need attention.
func (f *RequiredFigures) Flagged() []*SectionTimeliness {
	var out []*SectionTimeliness
	for _, t := range f.Sections {
		if t.Flagged() {
			out = append(out, t)
		}
	}
	return out
}

// SiteTimeliness is one site's required sections summed, for the
// province's report.
type SiteTimeliness struct {
	SiteID         int64
	SiteCode, Site string
	Empty          int // sections missing or with nothing online
	ItemCounts
}

// BySite sums the sections per site, in the scope's order.
func (f *RequiredFigures) BySite() []*SiteTimeliness {
	var out []*SiteTimeliness
	idx := map[int64]*SiteTimeliness{}
	for _, t := range f.Sections {
		s := idx[t.SiteID]
		if s == nil {
			s = &SiteTimeliness{SiteID: t.SiteID, SiteCode: t.SiteCode, Site: t.Site}
			idx[t.SiteID] = s
			out = append(out, s)
		}
		if t.Missing || t.Empty {
			s.Empty++
		}
		s.add(t.ItemCounts)
	}
	return out
}

// deadlines finds the posting deadline of a section's information by
// the day it was created, reading each day's deadlines set once.
type deadlines struct {
	rules *rules.Store
	cal   *vn.Calendar
	byDay map[string]*rules.Set
}

func (d *deadlines) due(ctx context.Context, slug string, created time.Time) (time.Time, bool, error) {
	day := vn.Day(created)
	set, ok := d.byDay[day]
	if !ok {
		var err error
		set, err = d.rules.InForce(ctx, rules.KindDeadlines, day)
		if err != nil && !isNotFound(err) {
			return time.Time{}, false, err
		}
		d.byDay[day] = set // nil: no deadlines then
	}
	if set == nil {
		return time.Time{}, false, nil
	}
	r := set.Deadline(slug)
	if r == nil {
		return time.Time{}, false, nil
	}
	at, ok := rules.Due(created, r, d.cal)
	return at, ok, nil
}

// required judges the required sections of every site of the scope, item
// by item (see SectionTimeliness). Without a rules store it judges
// nothing.
func (r *Reporter) required(ctx context.Context, a *Activity) error {
	if r.Rules == nil {
		return nil
	}
	sc, f := a.Scope, &a.Required
	x := &rules.Sites{Rules: r.Rules, Content: content.NewStore(r.db, r.now)}
	byCat := map[int64]*SectionTimeliness{}
	var cats []any
	for _, st := range sc.Sites {
		if st.Status != site.Active && st.Status != site.Archived {
			continue
		}
		_, secs, err := x.Required(ctx, st)
		if isNotFound(err) {
			return nil // no sections set in force: nothing to judge by
		}
		if err != nil {
			return fmt.Errorf("report required sections: %w", err)
		}
		have, err := x.Content.Categories(ctx, st.ID)
		if err != nil {
			return err
		}
		bySlug := map[string]int64{}
		for _, c := range have {
			bySlug[c.Slug] = c.ID
		}
		for _, sec := range secs {
			t := &SectionTimeliness{SiteID: st.ID, SiteCode: st.Code, Site: st.Name, Slug: sec.Slug, Name: sec.Name, CategoryID: bySlug[sec.Slug]}
			t.Missing = t.CategoryID == 0
			t.Empty = !t.Missing
			if !t.Missing {
				byCat[t.CategoryID] = t
				cats = append(cats, t.CategoryID)
			}
			f.Sections = append(f.Sections, t)
		}
	}
	f.Judged = true
	if len(cats) > 0 {
		if err := r.requiredItems(ctx, a, byCat, cats); err != nil {
			return err
		}
	}
	for _, t := range f.Sections {
		switch {
		case t.Missing:
			f.Missing++
		case t.Empty:
			f.Empty++
		}
		if t.Late > 0 {
			f.WithLate++
		}
		if t.Overdue > 0 {
			f.WithOverdue++
		}
		f.add(t.ItemCounts)
	}
	return nil
}

// requiredItems reads which required sections have something online and
// judges the items created in the period.
func (r *Reporter) requiredItems(ctx context.Context, a *Activity, byCat map[int64]*SectionTimeliness, cats []any) error {
	in := "category_id IN (" + store.Placeholders(len(cats)) + ")"
	rows, err := r.db.Query(ctx, `SELECT category_id FROM items WHERE `+in+` AND live GROUP BY category_id`, cats...)
	if err != nil {
		return fmt.Errorf("report required sections: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if t := byCat[id]; t != nil {
			t.Empty = false
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	cal, err := r.Rules.Calendar(ctx)
	if err != nil {
		return err
	}
	dl := &deadlines{rules: r.Rules, cal: cal, byDay: map[string]*rules.Set{}}
	p, now := a.Scope.Period, r.now()
	rows, err = r.db.Query(ctx, `SELECT category_id, state, created_at, first_published_at FROM items
		WHERE `+in+` AND created_at >= ? AND created_at < ?`, append(cats, p.From.UTC(), p.To.UTC())...)
	if err != nil {
		return fmt.Errorf("report required items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state content.State
		var created time.Time
		var first dbTime
		if err := rows.Scan(&id, &state, &created, &first); err != nil {
			return err
		}
		t := byCat[id]
		if t == nil || (state == content.Archived && !first.Valid) {
			continue // withdrawn before it was ever published
		}
		t.Created++
		due, ok, err := dl.due(ctx, t.Slug, created)
		if err != nil {
			return err
		}
		switch {
		case !ok:
			t.NoDeadline = true
			if first.Valid {
				t.OnTime++
			} else {
				t.Waiting++
			}
		case first.Valid && !first.T.After(due):
			t.OnTime++
		case first.Valid:
			t.Late++
		case now.After(due):
			t.Overdue++
		default:
			t.Waiting++
		}
	}
	return rows.Err()
}

func isNotFound(err error) bool {
	e, ok := apperr.As(err)
	return ok && e.Kind == apperr.NotFound
}
