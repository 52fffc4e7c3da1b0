package rules

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// Section is a required information section of a kind of site.
type Section struct {
	Key  string // section.<kind>.<slug>
	Slug string // the path of the category that holds it
	Name string
	Note string // the legal point
}

// SectionKind is the kind whose section rules apply to a site of kind k:
// other agencies follow the departments' list, and archived districts
// (local People's Committees) the communes'.
func SectionKind(k site.Kind) string {
	switch k {
	case site.Portal:
		return "portal"
	case site.Commune, site.District:
		return "commune"
	default:
		return "department"
	}
}

// Sections lists the set's sections that apply to a site of kind k, in
// the set's order.
func (s *Set) Sections(k site.Kind) []Section {
	prefix := "section." + SectionKind(k) + "."
	var out []Section
	for _, r := range s.Rules {
		if slug, ok := strings.CutPrefix(r.Key, prefix); ok && slug != "" {
			out = append(out, Section{Key: r.Key, Slug: slug, Name: r.Value, Note: r.Note})
		}
	}
	return out
}

// Deadline is the rule of a deadlines set for the information a section
// holds: "deadline.<slug>" when the set has one, else "deadline.default",
// else nil (the set gives no number, e.g. "regularly" under Decree 43).
func (s *Set) Deadline(slug string) *Rule {
	if r := s.Rule("deadline." + slug); r != nil {
		return r
	}
	return s.Rule("deadline.default")
}

// Due is the end of a time limit of r counted from from: hours are clock
// hours; days end at midnight in Vietnam. Working days follow cal: the
// computed public holidays and compensatory days, overridden by the
// yearly decisions entered (Store.Calendar; nil: computed only).
func Due(from time.Time, r *Rule, cal *vn.Calendar) (time.Time, bool) {
	n, err := r.Int()
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	switch r.Unit {
	case Hours:
		return from.Add(time.Duration(n) * time.Hour), true
	case CalendarDays:
		d := from.In(vn.ICT)
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vn.ICT)
		return d.AddDate(0, 0, n+1), true
	case WorkingDays:
		d := from.In(vn.ICT)
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vn.ICT)
		return cal.AddWorkingDays(d, n).AddDate(0, 0, 1), true
	}
	return time.Time{}, false
}

// Sites ties rule sets to the categories of sites.
type Sites struct {
	Rules   *Store
	Content *content.Store
}

// Required is the sections a site must have today, from the sections set
// in force.
func (x *Sites) Required(ctx context.Context, st *site.Site) (*Set, []Section, error) {
	set, err := x.Rules.InForce(ctx, KindSections, x.Rules.Today())
	if err != nil {
		return nil, nil, err
	}
	return set, set.Sections(st.Kind), nil
}

// EnsureSections creates the category of every required section the site
// lacks (by slug), and returns how many it created. New categories stay
// out of the menu (in_menu false): a site's menu is its editors' choice,
// and some twenty sections would flood it; they are placed after the
// existing categories, in the set's order.
func (x *Sites) EnsureSections(ctx context.Context, st *site.Site, by audit.Actor) (int, error) {
	_, secs, err := x.Required(ctx, st)
	if err != nil {
		return 0, err
	}
	return x.ensure(ctx, st, secs, by)
}

// ensure creates the category of every section of secs the site lacks.
func (x *Sites) ensure(ctx context.Context, st *site.Site, secs []Section, by audit.Actor) (int, error) {
	cats, err := x.Content.Categories(ctx, st.ID)
	if err != nil {
		return 0, err
	}
	have, last := map[string]bool{}, 0
	for _, c := range cats {
		have[c.Slug] = true
		last = max(last, c.Position)
	}
	made := 0
	for _, sec := range secs {
		if have[sec.Slug] {
			continue
		}
		last++
		c := &content.Category{SiteID: st.ID, Slug: sec.Slug, Name: sec.Name, Position: last}
		if err := x.Content.SaveCategory(ctx, c, by); err != nil {
			return made, err
		}
		have[sec.Slug] = true
		made++
	}
	return made, nil
}

// SectionStatus is how a required section of a site stands.
type SectionStatus struct {
	Section
	Category  *content.Category // nil when the site has no category for it
	Published int
	// PublishedMore says more than Published (content.CountCap) are.
	PublishedMore bool
	Latest        *time.Time // newest publication
	Empty         bool
	Deadline      *Rule      // from the deadlines set in force; nil when none
	DueBy         *time.Time // Latest + Deadline
	Overdue       bool
}

// Status reports every required section of a site at now. A section is
// empty when it has no published item, and overdue when its newest item
// is older than the posting deadline the deadlines set in force gives for
// its kind of information: a freshness signal for the editors. The law
// counts the deadline from when each piece of information is created;
// the activity report judges that, item by item from each item's creation
// with the rule in force on that day (report.SectionTimeliness).
func (x *Sites) Status(ctx context.Context, st *site.Site, now time.Time) (*Set, *Set, []SectionStatus, error) {
	set, secs, err := x.Required(ctx, st)
	if err != nil {
		return nil, nil, nil, err
	}
	deadlines, err := x.Rules.InForce(ctx, KindDeadlines, x.Rules.Today())
	if err != nil {
		deadlines = nil // no deadlines set: nothing is overdue
	}
	cal, err := x.Rules.Calendar(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	cats, err := x.Content.Categories(ctx, st.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	bySlug := map[string]*content.Category{}
	for _, c := range cats {
		bySlug[c.Slug] = c
	}
	out := make([]SectionStatus, 0, len(secs))
	for _, sec := range secs {
		ss := SectionStatus{Section: sec, Category: bySlug[sec.Slug], Empty: true}
		if deadlines != nil {
			ss.Deadline = deadlines.Deadline(sec.Slug)
		}
		if ss.Category != nil {
			n, latest, err := x.Content.CategoryFill(ctx, st.ID, ss.Category.ID)
			if err != nil {
				return nil, nil, nil, err
			}
			ss.Published, ss.Empty, ss.Latest = min(n, content.CountCap), n == 0, latest
			ss.PublishedMore = n > content.CountCap
		}
		if ss.Latest != nil && ss.Deadline != nil {
			if due, ok := Due(*ss.Latest, ss.Deadline, cal); ok {
				ss.DueBy, ss.Overdue = &due, now.After(due)
			}
		}
		out = append(out, ss)
	}
	return set, deadlines, out, nil
}

// ApplyAction is the audit action that records the sections a set gave a
// site: its target is the set's code, its detail the slugs of the
// sections given, separated by spaces. It is also what makes Apply
// idempotent.
const ApplyAction = "sections.apply"

// Apply gives site st the categories of the sections that the sections
// set in force requires of its kind and has not given it before (the
// audit log's ApplyAction entries for the site and the set), and returns
// how many categories it created. A section whose category the site
// already has is given without a new category. A section given once is
// not given again by the same set: a category its editors removed stays
// removed (the compliance page shows it missing), while a new set in
// force gives every section it requires again. An archived site is given
// nothing.
func (x *Sites) Apply(ctx context.Context, st *site.Site, by audit.Actor) (int, error) {
	if st.Status == site.Archived {
		return 0, nil
	}
	set, secs, err := x.Required(ctx, st)
	if err != nil {
		return 0, err
	}
	given, err := x.given(ctx, st.ID, set.Code)
	if err != nil {
		return 0, err
	}
	var todo []Section
	var slugs []string
	for _, sec := range secs {
		if !given[sec.Slug] {
			todo = append(todo, sec)
			slugs = append(slugs, sec.Slug)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	// Categories first, the record after: a run cut in between is done
	// again, and creates only what is still missing.
	n, err := x.ensure(ctx, st, todo, by)
	if err != nil {
		return n, err
	}
	e := by.Entry(ApplyAction, st.ID, set.Code, strings.Join(slugs, " "))
	e.At = x.Rules.now()
	return n, audit.Record(ctx, x.Rules.db, e)
}

// given is the slugs the set with code has given site siteID.
func (x *Sites) given(ctx context.Context, siteID int64, code string) (map[string]bool, error) {
	rows, err := x.Rules.db.Query(ctx, `SELECT detail FROM audit_log WHERE action = ? AND site_id = ? AND target = ?`,
		ApplyAction, siteID, code)
	if err != nil {
		return nil, fmt.Errorf("sections given: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		for _, slug := range strings.Fields(d) {
			out[slug] = true
		}
	}
	return out, rows.Err()
}

// ApplyAll gives every live site of sites the sections of the set in
// force (Apply), and returns how many categories it created in all. Run
// at start and as a job, it gives each site the sections of a new set on
// the day it takes effect; a second run creates nothing.
func (x *Sites) ApplyAll(ctx context.Context, sites *site.Sites, by audit.Actor) (int, error) {
	all, err := sites.List(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, st := range all {
		n, err := x.Apply(ctx, st, by)
		total += n
		if err != nil {
			return total, fmt.Errorf("sections of site %s: %w", st.Code, err)
		}
	}
	return total, nil
}

// CreateSite creates st (site.Sites.Create) and gives it the categories
// of the sections its kind requires under the set in force (Apply); it
// returns how many it created. Every way of making a site — the command
// line, the admin screen, a merge — goes through it. The site exists
// even if giving the sections fails: the job that applies sections
// (ApplyAll) gives them later.
func (x *Sites) CreateSite(ctx context.Context, sites *site.Sites, st *site.Site, by audit.Actor) (int, error) {
	if err := sites.Create(ctx, st, by); err != nil {
		return 0, err
	}
	return x.Apply(ctx, st, by)
}

// Former is a category of a site that holds a section an earlier sections
// set required of its kind and the set in force no longer does.
type Former struct {
	Category *content.Category
	Name     string // the section's name in the latest earlier set that required it
	Note     string // its legal point there
	Sets     []*Set // the earlier sets that required it, the latest first
}

// NoLongerRequired lists the site's categories whose sections earlier
// sections sets (those in force before the set in force began) required
// of its kind, and the set in force does not: editors may keep, rename or
// retire them.
func (x *Sites) NoLongerRequired(ctx context.Context, st *site.Site) ([]Former, error) {
	set, secs, err := x.Required(ctx, st)
	if err != nil {
		return nil, err
	}
	now := map[string]bool{}
	for _, sec := range secs {
		now[sec.Slug] = true
	}
	all, err := x.Rules.List(ctx)
	if err != nil {
		return nil, err
	}
	var earlier []*Set
	for _, s := range all {
		if s.Kind == KindSections && s.ID != set.ID && s.ValidFrom < set.ValidFrom {
			earlier = append(earlier, s)
		}
	}
	slices.SortStableFunc(earlier, func(a, b *Set) int { return strings.Compare(b.ValidFrom, a.ValidFrom) })
	cats, err := x.Content.Categories(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	var out []Former
	for _, c := range cats {
		if now[c.Slug] {
			continue
		}
		var f *Former
		for _, s := range earlier {
			for _, sec := range s.Sections(st.Kind) {
				if sec.Slug != c.Slug {
					continue
				}
				if f == nil {
					f = &Former{Category: c, Name: sec.Name, Note: sec.Note}
				}
				f.Sets = append(f.Sets, s)
			}
		}
		if f != nil {
			out = append(out, *f)
		}
	}
	return out, nil
}
