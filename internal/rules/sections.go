package rules

import (
	"context"
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
// its kind of information. That is a simplification: the law counts the
// deadline from when each piece of information is created, which the
// portal does not know; a section that received nothing for longer than
// one deadline is the signal editors can act on.
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
