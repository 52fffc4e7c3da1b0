package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
)

// mirrorBackend is the PostgreSQL backend whose candidates and counts
// come from the mirror where the words say all of the question, and
// from the statements otherwise: a title query with a phrase (which
// needs title_tsv's positions), a filter on the document type or field
// (columns the mirror does not hold), a count of a phrase (ptsv). Its
// counts are exact up to countCap+1, as SQLite's: the mirror counts the
// matches in microseconds where the statements took the planner's
// estimate beyond 3,000 expected.
type mirrorBackend struct {
	postgresBackend
	m *mirror
}

// phraseCheckMax bounds the documents whose ptsv the mirror asks the
// database to check for a phrase; beyond, the statement (GIN index
// and the check) finds them.
const phraseCheckMax = 2000

func (b mirrorBackend) candidates(ctx context.Context, q *Query, m matchMode, f *filterSQL, limit int) ([]int64, error) {
	c, ok := mirrorCond(q, m, f)
	if !ok {
		return b.postgresBackend.candidates(ctx, q, m, f, limit)
	}
	if c.phrase == "" {
		return b.m.newest(c, limit), nil
	}
	ids := b.m.newest(c, phraseCheckMax+1)
	if len(ids) > phraseCheckMax {
		return b.postgresBackend.candidates(ctx, q, m, f, limit)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := b.db.Query(ctx, `SELECT item_id FROM search_docs WHERE item_id = ANY(?) AND ptsv @@ ?::tsquery
		ORDER BY item_id DESC LIMIT ?`, ids, c.phrase, limit)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

func (b mirrorBackend) count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error) {
	m := matchAll
	if anyWord {
		m = matchAny
	}
	c, ok := mirrorCond(q, m, f)
	if !ok || c.phrase != "" {
		return b.postgresBackend.count(ctx, q, anyWord, f)
	}
	return b.m.count(c, countCap+1), nil
}

// mcond is a question to the mirror: documents holding one alternative
// of every group (of anyOf: of one group), none of not, published in
// [from, to) when dated, with an id below below; phrase, if set, is the
// tsquery the database checks on ptsv.
type mcond struct {
	groups   []mgroup
	anyOf    []mgroup
	not      []string
	phrase   string
	dated    bool
	from, to int64
	below    int64
}

// inRange reports whether a publication time is in c's range: without a
// range every document is, with one a document without a time is not
// (NULL compares as nothing in SQL).
func (c *mcond) inRange(p int64) bool {
	return !c.dated || p != noPub && p >= c.from && p < c.to
}

type mgroup []malt

// malt is an alternative: all of its words, in tsv or in title_tsv.
type malt struct {
	title bool
	words []string
}

// mirrorCond is q as m asks under f, as the statements of
// postgresBackend ask it (pgMatch, candidateSQL, countFilter), or false
// when the mirror cannot say it.
func mirrorCond(q *Query, m matchMode, f *filterSQL) (*mcond, bool) {
	if f.cols {
		return nil, false
	}
	c := &mcond{not: f.not, from: math.MinInt64, to: math.MaxInt64, below: math.MaxInt64}
	if !f.from.IsZero() {
		c.from, c.dated = f.from.UnixMicro(), true
	}
	if !f.to.IsZero() {
		c.to, c.dated = f.to.UnixMicro(), true
	}
	if f.items {
		c.below = qaBase
	}
	for _, g := range f.words {
		var mg mgroup
		for _, w := range g {
			mg = append(mg, malt{words: []string{w}})
		}
		c.groups = append(c.groups, mg)
	}
	switch m {
	case matchTitle:
		for _, u := range q.Units {
			var mg mgroup
			for _, ws := range u.Alts {
				if len(ws) > 1 {
					return nil, false // words in a row in the title: title_tsv's positions
				}
				mg = append(mg, malt{title: true, words: ws})
			}
			c.groups = append(c.groups, mg)
		}
		return c, true
	case matchPhrase:
		q = &Query{Units: []Unit{{Alts: [][]string{firstAlts(q)}}}}
	}
	anyWord := m == matchAny
	for _, u := range q.Units {
		var mg mgroup
		for _, ws := range u.Alts {
			if t := phraseToken(ws); t != "" {
				ws = []string{t}
			}
			mg = append(mg, malt{words: ws})
		}
		if anyWord {
			c.anyOf = append(c.anyOf, mg)
		} else {
			c.groups = append(c.groups, mg)
		}
	}
	if phrases(q) {
		c.phrase = phraseCheck(q, anyWord)
	}
	return c, true
}

// newest is the ids of the documents c asks for, newest first, at most
// limit.
func (m *mirror) newest(c *mcond, limit int) []int64 {
	var out []int64
	m.walk(c, func(id int64) bool {
		out = append(out, id)
		return len(out) < limit
	})
	return out
}

// count counts the documents c asks for, up to max.
func (m *mirror) count(c *mcond, max int) int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r := m.base.match(c, m.stale)
	n := 0
	if !c.dated {
		n = int(min(r.GetCardinality(), uint64(max)))
	} else {
		for it := r.ReverseIterator(); it.HasNext() && n < max; {
			if c.inRange(m.base.pub[it.Next()]) {
				n++
			}
		}
	}
	for id, d := range m.over {
		if n >= max {
			break
		}
		if d.matches(c, id) {
			n++
		}
	}
	return n
}

// walk yields the documents c asks for, newest first, while yield says
// to go on: the base's from the end of its bitmap, merged with the
// overlay's.
func (m *mirror) walk(c *mcond, yield func(int64) bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var over []int64
	for id, d := range m.over {
		if d.matches(c, id) {
			over = append(over, id)
		}
	}
	slices.Sort(over)
	b := m.base
	r := b.match(c, m.stale)
	it := r.ReverseIterator()
	next := func() (int64, bool) {
		for it.HasNext() {
			slot := it.Next()
			if c.inRange(b.pub[slot]) {
				return b.ids[slot], true
			}
		}
		return 0, false
	}
	id, ok := next()
	for k := len(over) - 1; ok || k >= 0; {
		if k >= 0 && (!ok || over[k] > id) {
			if !yield(over[k]) {
				return
			}
			k--
			continue
		}
		if !yield(id) {
			return
		}
		id, ok = next()
	}
}

// match is the base's documents c asks for, its publication range
// aside, without those whose rows changed.
func (b *mirrorBase) match(c *mcond, stale *roaring.Bitmap) *roaring.Bitmap {
	var parts []*roaring.Bitmap
	for _, g := range c.groups {
		parts = append(parts, b.group(g))
	}
	if len(c.anyOf) > 0 {
		var ors []*roaring.Bitmap
		for _, g := range c.anyOf {
			ors = append(ors, b.group(g))
		}
		parts = append(parts, roaring.FastOr(ors...))
	}
	sortSmallFirst(parts)
	r := roaring.FastAnd(parts...) // a new bitmap, even of one
	for _, w := range c.not {
		if bm := b.words[w]; bm != nil {
			r.AndNot(bm)
		}
	}
	if !stale.IsEmpty() {
		r.AndNot(stale)
	}
	if c.below != math.MaxInt64 {
		// The slots of the ids from below on.
		from := sort.Search(len(b.ids), func(i int) bool { return b.ids[i] >= c.below })
		r.RemoveRange(uint64(from), uint64(len(b.ids)))
	}
	return r
}

// group is the documents holding one of g's alternatives. It may be a
// bitmap of the base itself: not to be changed.
func (b *mirrorBase) group(g mgroup) *roaring.Bitmap {
	var ors []*roaring.Bitmap
	for _, a := range g {
		dict := b.words
		if a.title {
			dict = b.title
		}
		var ands []*roaring.Bitmap
		for _, w := range a.words {
			bm := dict[w]
			if bm == nil {
				ands = nil
				break
			}
			ands = append(ands, bm)
		}
		switch len(ands) {
		case 0:
		case 1:
			ors = append(ors, ands[0])
		default:
			sortSmallFirst(ands)
			ors = append(ors, roaring.FastAnd(ands...))
		}
	}
	switch len(ors) {
	case 0:
		return roaring.New()
	case 1:
		return ors[0]
	}
	return roaring.FastOr(ors...)
}

func sortSmallFirst(bms []*roaring.Bitmap) {
	slices.SortFunc(bms, func(a, b *roaring.Bitmap) int {
		return cmp.Compare(a.GetCardinality(), b.GetCardinality())
	})
}

// matches reports whether the overlay's document id holds what c asks.
func (d *mirrorDoc) matches(c *mcond, id int64) bool {
	if !c.inRange(d.pub) || id >= c.below {
		return false
	}
	for _, g := range c.groups {
		if !d.holds(g) {
			return false
		}
	}
	if len(c.anyOf) > 0 && !slices.ContainsFunc(c.anyOf, d.holds) {
		return false
	}
	for _, w := range c.not {
		if _, ok := d.words[w]; ok {
			return false
		}
	}
	return true
}

// holds reports whether d holds one of g's alternatives.
func (d *mirrorDoc) holds(g mgroup) bool {
	return slices.ContainsFunc(g, func(a malt) bool {
		set := d.words
		if a.title {
			set = d.title
		}
		for _, w := range a.words {
			if _, ok := set[w]; !ok {
				return false
			}
		}
		return true
	})
}
