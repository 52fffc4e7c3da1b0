package procedure

import (
	"slices"
	"strings"

	"github.com/congportal/cong/internal/vn"
)

// Filter is what a reader chose on the catalogue: a field, an agency, an
// administrative level, a service level, and words to look for in the
// code, name, field or agency (with or without diacritics).
type Filter struct {
	Field, Agency string
	Level         Level
	ServiceLevel  ServiceLevel
	Q             string
}

// Empty reports whether nothing was chosen.
func (f Filter) Empty() bool { return f == Filter{} }

// Count is a value of a facet and how many procedures have it.
type Count struct {
	Value string
	N     int
}

// Facets are the counts of each value of each facet among the
// procedures the filter keeps, without that facet's own choice: what
// choosing another value would give.
type Facets struct {
	Fields, Agencies, Levels, ServiceLevels []Count
}

// match reports whether p passes f, ignoring the facet skip names.
func (f Filter) match(p *Procedure, words []string, skip string) bool {
	if skip != "field" && f.Field != "" && p.Field != f.Field ||
		skip != "agency" && f.Agency != "" && p.Agency != f.Agency ||
		skip != "level" && f.Level != "" && p.Level != f.Level ||
		skip != "service" && f.ServiceLevel != "" && p.ServiceLevel != f.ServiceLevel {
		return false
	}
	if len(words) == 0 {
		return true
	}
	hay := vn.Fold(p.Code + " " + p.Name + " " + p.Field + " " + p.Agency)
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

// Apply returns the procedures of all that f keeps, in their order, and
// the facets' counts.
func (f Filter) Apply(all []*Procedure) ([]*Procedure, Facets) {
	words := strings.Fields(vn.Fold(f.Q))
	var out []*Procedure
	counts := map[string]map[string]int{"field": {}, "agency": {}, "level": {}, "service": {}}
	for _, p := range all {
		if f.match(p, words, "") {
			out = append(out, p)
		}
		for facet, v := range map[string]string{"field": p.Field, "agency": p.Agency, "level": string(p.Level), "service": string(p.ServiceLevel)} {
			if f.match(p, words, facet) {
				counts[facet][v]++
			}
		}
	}
	sorted := func(m map[string]int) []Count {
		var cs []Count
		for v, n := range m {
			cs = append(cs, Count{v, n})
		}
		slices.SortFunc(cs, func(a, b Count) int { return vn.Compare(a.Value, b.Value) })
		return cs
	}
	ordered := func(m map[string]int, order []string) []Count {
		var cs []Count
		for _, v := range order {
			if m[v] > 0 {
				cs = append(cs, Count{v, m[v]})
			}
		}
		return cs
	}
	var levels, services []string
	for _, l := range Levels {
		levels = append(levels, string(l))
	}
	for _, s := range ServiceLevels {
		services = append(services, string(s))
	}
	return out, Facets{Fields: sorted(counts["field"]), Agencies: sorted(counts["agency"]),
		Levels: ordered(counts["level"], levels), ServiceLevels: ordered(counts["service"], services)}
}
