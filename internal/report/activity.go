package report

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// Reporter computes reports from the database.
type Reporter struct {
	db  *store.DB
	now func() time.Time
	// Rules, when set, judge the required sections (SectionTimeliness).
	Rules *rules.Store
	// Extras add the figures of capabilities that have their own
	// (ratings, royalties…), computed for the same scope.
	Extras []Extra
}

// Extra is a capability's figures for a report: a titled table of
// label/number lines.
type Extra func(ctx context.Context, sc Scope) (*Table, error)

// Table is a titled group of figures.
type Table struct {
	Title string
	// Columns, when set, make the lines rows of a table: the heading of
	// the labels, then of each line's Cells (its figures written out,
	// amounts with their digit grouping), which replace N and Of.
	Columns []string
	Lines   []Line
}

// Line is one figure and, when it counts a list, the address of it.
type Line struct {
	Label string
	N     int
	Of    int      // when the figure is "N of Of" (answered out of received), else 0
	Cells []string // under the table's Columns
	Link  string
}

// New returns a reporter.
func New(db *store.DB, now func() time.Time) *Reporter { return &Reporter{db: db, now: now} }

// Scope is what a report covers: some sites over a period.
type Scope struct {
	Sites    []*site.Site // one site, or every live site of the province
	Province bool
	Period   Period
	Lang     string // the reader's language, for the Extras' labels ("" is Vietnamese)
}

func (sc Scope) ids() []any {
	out := make([]any, len(sc.Sites))
	for i, s := range sc.Sites {
		out[i] = s.ID
	}
	return out
}

// in is "site_id IN (?, …)" for col with the scope's sites as arguments,
// then extra arguments.
func (sc Scope) in(col string, extra ...any) (string, []any) {
	if len(sc.Sites) == 0 {
		return "1 = 0", extra
	}
	return col + " IN (" + store.Placeholders(len(sc.Sites)) + ")", append(sc.ids(), extra...)
}

// Activity is the activity report of a scope.
type Activity struct {
	Scope     Scope
	Published []KindCount  // items first published in the period, by kind
	Total     int          // of them
	BySite    []*SiteCount // per site, the province's report
	Sections  []*SectionCount
	Required  RequiredFigures
	Series    []Point // publications per month (a year) or per day
	Approval  Durations
	Checks    Checks
	Errors    ErrorReports
	Feedback  FeedbackFigures
	Consult   ConsultFigures
	Gazette   int // gazette documents published in the period
	Views     Views
	Extras    []*Table
}

// KindCount is a number of items of one kind.
type KindCount struct {
	Kind content.Kind
	N    int
}

// SiteCount is one site's main figures in a province report.
type SiteCount struct {
	Site             *site.Site
	Published, Views int
	Received, Late   int // feedback
}

// SectionCount is what a section published and was read.
type SectionCount struct {
	SiteID, CategoryID int64
	Site, Name         string
	Published, Views   int
}

// Point is one step of a series: its label and number.
type Point struct {
	Label string
	From  time.Time
	N     int
}

// Durations are the times from submission to publication.
type Durations struct {
	N                int
	Median, P90, Max time.Duration
}

// Checks are the post-publication checks due in the period.
type Checks struct{ Due, Done, Late, Overdue int }

// ErrorReports are readers' error reports received in the period.
type ErrorReports struct{ Received, Resolved, Open int }

// FeedbackFigures are the citizens' requests received in the period.
type FeedbackFigures struct {
	Received, Answered, OnTime, Late, Open, Overdue int
	Units                                           []*UnitCount
}

// UnitCount is one unit's answers.
type UnitCount struct {
	Unit                                  string
	Received, OnTime, Late, Open, Overdue int
}

// ConsultFigures are the consultations opened and the comments received.
type ConsultFigures struct{ Opened, Comments int }

// Views are the page counters' figures.
type Views struct {
	Total int
	Items []ItemViews
}

// ItemViews is one item's views in the period.
type ItemViews struct {
	ItemID int64
	Title  string
	Path   string
	SiteID int64
	Views  int
}

// Activity computes the activity report of sc.
func (r *Reporter) Activity(ctx context.Context, sc Scope) (*Activity, error) {
	a := &Activity{Scope: sc}
	for _, step := range []func(context.Context, *Activity) error{
		r.published, r.sections, r.required, r.series, r.approval, r.checks, r.errorReports, r.feedback, r.consult, r.gazette, r.views,
	} {
		if err := step(ctx, a); err != nil {
			return nil, err
		}
	}
	for _, x := range r.Extras {
		t, err := x(ctx, sc)
		if err != nil {
			return nil, err
		}
		if t != nil {
			a.Extras = append(a.Extras, t)
		}
	}
	return a, nil
}

func (r *Reporter) published(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	rows, err := r.db.Query(ctx, `SELECT site_id, kind, COUNT(*) FROM items WHERE `+where+`
		AND first_published_at >= ? AND first_published_at < ? GROUP BY site_id, kind`, args...)
	if err != nil {
		return fmt.Errorf("report published: %w", err)
	}
	defer rows.Close()
	byKind, bySite := map[content.Kind]int{}, map[int64]int{}
	for rows.Next() {
		var id int64
		var k content.Kind
		var n int
		if err := rows.Scan(&id, &k, &n); err != nil {
			return err
		}
		byKind[k] += n
		bySite[id] += n
		a.Total += n
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range content.Kinds {
		if byKind[k] > 0 {
			a.Published = append(a.Published, KindCount{k, byKind[k]})
		}
	}
	for _, s := range sc.Sites {
		a.BySite = append(a.BySite, &SiteCount{Site: s, Published: bySite[s.ID]})
	}
	return nil
}

func (r *Reporter) sections(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("i.site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	rows, err := r.db.Query(ctx, `SELECT i.site_id, c.id, c.name, COUNT(*) FROM items i JOIN categories c ON c.id = i.category_id
		WHERE `+where+` AND i.first_published_at >= ? AND i.first_published_at < ? GROUP BY i.site_id, c.id, c.name`, args...)
	if err != nil {
		return fmt.Errorf("report sections: %w", err)
	}
	defer rows.Close()
	names := map[int64]string{}
	for _, s := range sc.Sites {
		names[s.ID] = s.Name
	}
	for rows.Next() {
		var c SectionCount
		if err := rows.Scan(&c.SiteID, &c.CategoryID, &c.Name, &c.Published); err != nil {
			return err
		}
		c.Site = names[c.SiteID]
		a.Sections = append(a.Sections, &c)
	}
	return rows.Err()
}

// series counts publications per month over a year or more, per day over
// a shorter period, for the chart.
func (r *Reporter) series(ctx context.Context, a *Activity) error {
	p := a.Scope.Period
	byMonth := p.To.Sub(p.From) > 62*24*time.Hour
	var steps []Point
	for t := p.From; t.Before(p.To); {
		next := t.AddDate(0, 0, 1)
		label := t.Format("02/01")
		if byMonth {
			next = t.AddDate(0, 1, 0)
			label = t.Format("01/2006")
		}
		steps = append(steps, Point{Label: label, From: t})
		t = next
	}
	where, args := a.Scope.in("site_id", p.From.UTC(), p.To.UTC())
	rows, err := r.db.Query(ctx, `SELECT first_published_at FROM items WHERE `+where+`
		AND first_published_at >= ? AND first_published_at < ?`, args...)
	if err != nil {
		return fmt.Errorf("report series: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return err
		}
		i := sort.Search(len(steps), func(i int) bool { return steps[i].From.After(at) }) - 1
		if i >= 0 {
			steps[i].N++
		}
	}
	a.Series = steps
	return rows.Err()
}

// approval measures, for the items first published in the period, the
// time from their first submission to their publication.
func (r *Reporter) approval(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("i.site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	rows, err := r.db.Query(ctx, `SELECT i.first_published_at, MIN(t.at) FROM items i JOIN transitions t ON t.item_id = i.id AND t.action = 'submit'
		WHERE `+where+` AND i.first_published_at >= ? AND i.first_published_at < ? GROUP BY i.id, i.first_published_at`, args...)
	if err != nil {
		return fmt.Errorf("report approval: %w", err)
	}
	defer rows.Close()
	var ds []time.Duration
	for rows.Next() {
		var pub time.Time
		var sub dbTime
		if err := rows.Scan(&pub, &sub); err != nil {
			return err
		}
		if d := pub.Sub(sub.T); sub.Valid && d >= 0 {
			ds = append(ds, d)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	a.Approval = durations(ds)
	return nil
}

// durations are the count, median, 90th percentile (nearest rank) and
// maximum of ds.
func durations(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.999999) - 1
		return ds[max(0, min(i, len(ds)-1))]
	}
	var med time.Duration
	if n := len(ds); n%2 == 1 {
		med = ds[n/2]
	} else {
		med = (ds[n/2-1] + ds[n/2]) / 2
	}
	return Durations{N: len(ds), Median: med, P90: rank(0.9), Max: ds[len(ds)-1]}
}

func (r *Reporter) checks(ctx context.Context, a *Activity) error {
	sc := a.Scope
	now := r.now().UTC()
	where, args := sc.in("site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	return r.db.QueryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN checked_at IS NOT NULL AND checked_at <= due_at THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN checked_at IS NOT NULL AND checked_at > due_at THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN checked_at IS NULL AND due_at < ? THEN 1 ELSE 0 END), 0)
		FROM post_checks WHERE `+where+` AND due_at >= ? AND due_at < ?`, append([]any{now}, args...)...).
		Scan(&a.Checks.Due, &a.Checks.Done, &a.Checks.Late, &a.Checks.Overdue)
}

func (r *Reporter) errorReports(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	return r.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM error_reports WHERE `+where+` AND created_at >= ? AND created_at < ?`, args...).Scan(&a.Errors.Received, &a.Errors.Resolved)
}

// feedback counts the requests received in the period, answered on
// time, late, or still open (overdue when past their deadline now),
// per unit.
func (r *Reporter) feedback(ctx context.Context, a *Activity) error {
	sc := a.Scope
	now := r.now().UTC()
	open := `r.answered_at IS NULL AND r.state IN ` + feedback.OpenStatesSQL()
	where, args := sc.in("r.site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	rows, err := r.db.Query(ctx, `SELECT COALESCE(u.name, ''), COUNT(*),
			COALESCE(SUM(CASE WHEN r.answered_at IS NOT NULL AND r.answered_at <= r.answer_due THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN r.answered_at > r.answer_due THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+open+` THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN `+open+` AND r.answer_due < ? THEN 1 ELSE 0 END), 0)
		FROM feedback_requests r LEFT JOIN directory_units u ON u.id = r.assigned_unit_id
		WHERE `+where+` AND r.received_at >= ? AND r.received_at < ? GROUP BY u.name ORDER BY u.name`, append([]any{now}, args...)...)
	if err != nil {
		return fmt.Errorf("report feedback: %w", err)
	}
	defer rows.Close()
	f := &a.Feedback
	for rows.Next() {
		var u UnitCount
		if err := rows.Scan(&u.Unit, &u.Received, &u.OnTime, &u.Late, &u.Open, &u.Overdue); err != nil {
			return err
		}
		f.Received += u.Received
		f.OnTime += u.OnTime
		f.Late += u.Late
		f.Open += u.Open
		f.Overdue += u.Overdue
		f.Units = append(f.Units, &u)
	}
	f.Answered = f.OnTime + f.Late
	return rows.Err()
}

func (r *Reporter) consult(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	if err := r.db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_drafts WHERE `+where+` AND opens_at >= ? AND opens_at < ?`, args...).Scan(&a.Consult.Opened); err != nil {
		return fmt.Errorf("report consultations: %w", err)
	}
	where, args = sc.in("d.site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	return r.db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_comments c JOIN consult_drafts d ON d.id = c.draft_id
		WHERE `+where+` AND c.received_at >= ? AND c.received_at < ?`, args...).Scan(&a.Consult.Comments)
}

// gazette is the gazette's place in the report: documents published in
// the period.
func (r *Reporter) gazette(ctx context.Context, a *Activity) error {
	sc := a.Scope
	where, args := sc.in("site_id", sc.Period.From.UTC(), sc.Period.To.UTC())
	return r.db.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_docs WHERE `+where+` AND published_at >= ? AND published_at < ?`, args...).Scan(&a.Gazette)
}
