package search

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// gathered is what Search asks of the database between the words'
// figures and the texts of the hits: the count, and the candidates of
// every group loaded, in the order of the groups.
type gathered struct {
	total int // as count gives it: up to countCap+1
	cs    []*candidate
	// legalPhrase holds the legal candidates that hold the query as one
	// phrase, when that was asked.
	legalPhrase map[int64]bool
}

// The groups of candidates, in the order Search adds them: the legal
// documents (title, phrase, newest), the years' newest, the title
// group, the phrase group, then the newest matches.
const (
	groupLegalTitle = iota + 1
	groupLegalPhrase
	groupLegalAll
	groupYear1
	groupYear2
	groupTitle
	groupPhrase
	groupAll
)

// gather is, on PostgreSQL, Search's candidates and count in one
// statement: each group of candidates is a part of it whose condition on
// the count (the groups beyond the newest matches are read only when the
// matches are more than those) the server tests before running it, and
// the rows are read in the same statement. The statements Search runs one
// by one elsewhere were ten round trips and ten plans, half of a search's
// time at 100,000 documents (bench/search -phases). It finds what they
// find: the same groups, the same conditions, the same order.
//
// ok is false when the filter has conditions that its index words do not
// say (the count then needs the columns) or when nothing matched a query
// of several units (the fallback to any word follows): Search then runs
// the statements one by one.
func (b postgresBackend) gather(ctx context.Context, full, q *Query, f Filter, fs *filterSQL, limit int) (g gathered, ok bool, err error) {
	fw, ok := countFilter(fs)
	if !ok {
		return g, false, nil
	}
	var sb strings.Builder
	var args []any
	part := func(name, query string, a ...any) {
		if sb.Len() == 0 {
			sb.WriteString("WITH ")
		} else {
			sb.WriteString(",\n")
		}
		sb.WriteString(name + " AS (" + query + ")")
		args = append(args, a...)
	}
	// The planner's estimate of the matches (search_estimate, migration
	// 053), and the matches themselves, up to countCap+1, read once by
	// the GIN index when that estimate is not far beyond countCap: the
	// count, the newest matches and the phrase group are then all read
	// from those rows. Each read them again before (three scans of the
	// same matches: half of the execution of the median search at
	// 100,000 documents, bench/search -explain).
	cond, cargs := pgMatch(q, matchAll)
	cargs[0] = "(" + cargs[0].(string) + ")" + fw
	var phrases any // NULL: no phrase to check on ptsv
	if len(cargs) > 1 {
		phrases = cargs[1]
	}
	part("e", `SELECT search_estimate(?::tsquery, ?::tsquery) AS est`, cargs[0], phrases)
	part("m", `SELECT d.item_id FROM search_docs d WHERE `+cond+` LIMIT ?`, append(slices.Clone(cargs), countCap+1)...)
	// few: the rows of m are every match.
	few := "(SELECT est FROM e) < ? AND (SELECT count(*) FROM m) <= ?"
	fewArgs := []any{float64(surelyMore * countCap), countCap}
	// The newest matches: the newest of m when they are every match,
	// else as the planner finds them (most often walking the key, newest
	// first, testing the words in the rows); and the count: theirs when
	// they are fewer than the group may hold, else the estimate when it
	// is far beyond countCap, else the matches up to countCap+1 — as
	// count does.
	all, allArgs := candidateSQL(q, matchAll, fs, limit)
	part("a", `(SELECT item_id FROM m WHERE `+few+` ORDER BY item_id DESC LIMIT ?)
		UNION ALL (SELECT * FROM (`+all+`) w WHERE NOT (`+few+`))`,
		append(append(append(slices.Clone(fewArgs), limit), allArgs...), fewArgs...)...)
	part("t", `SELECT CASE WHEN (SELECT count(*) FROM a) < ? THEN least((SELECT count(*) FROM a), ?)
		WHEN (SELECT est FROM e) >= ? THEN ?
		ELSE (SELECT count(*) FROM m) END AS n`,
		limit, countCap+1, float64(surelyMore*countCap), countCap+1)
	// A group runs when the server finds its condition true.
	groups := []string{fmt.Sprintf("SELECT %d AS g, item_id FROM a", groupAll)}
	groupSQL := func(id int, when, query string, a []any) {
		name := "g" + strconv.Itoa(id)
		part(name, `SELECT * FROM (`+query+`) x WHERE `+when, a...)
		groups = append(groups, fmt.Sprintf("SELECT %d AS g, item_id FROM %s", id, name))
	}
	group := func(id int, when string, m matchMode, gf *filterSQL, n int) {
		query, a := candidateSQL(q, m, gf, n)
		groupSQL(id, when, query, a)
	}
	more := "(SELECT n FROM t) > " + strconv.Itoa(limit)
	if len(f.Kinds) == 0 || slices.Contains(f.Kinds, legalKind) {
		ls := f.legalOnly()
		group(groupLegalTitle, more, matchTitle, ls, legalCandidates)
		if q.phraseable() {
			when := more
			if full.Law || full.asks() {
				// Every match is a candidate then: which legal ones hold
				// the words as one phrase is still the ranking's question.
				when = "TRUE"
			}
			group(groupLegalPhrase, when, matchPhrase, ls, legalPhraseCandidates)
		}
		group(groupLegalAll, more, matchAll, ls, legalCandidates)
	}
	for i, yf := range yearFilters(full, f) {
		group(groupYear1+i, more, matchAll, yf.sql(), yearCandidates)
	}
	group(groupTitle, more, matchTitle, fs, titleCandidates)
	if q.phraseable() {
		// It runs only when the matches are countCap or fewer, and the
		// count has just found them in m: the phrase is checked in those
		// rows. Planned alone, on data where the words are in most rows,
		// the phrase group was a scan of the whole table.
		pcond, pargs := pgMatch(q, matchPhrase)
		query := `SELECT d.item_id FROM search_docs d WHERE d.item_id = ANY(ARRAY(SELECT item_id FROM m))
			AND ` + pcond + ` AND ` + fs.where + ` ORDER BY d.item_id DESC LIMIT ?`
		a := append(append(slices.Clone(pargs), fs.args...), phraseCandidates)
		groupSQL(groupPhrase, more+" AND (SELECT n FROM t) <= "+strconv.Itoa(countCap), query, a)
	}
	part("u", strings.Join(groups, "\nUNION ALL "))
	// A candidate's place is its first group's, and its place there
	// (newest first); the legal phrase group read beside a count within
	// the newest matches only marks.
	part("x", `SELECT item_id, min(ord) FILTER (WHERE g <> ? OR (SELECT n FROM t) > ?) AS ord, bool_or(g = ?) AS phrase
		FROM (SELECT g, item_id, g::bigint * 1000000 + row_number() OVER (PARTITION BY g ORDER BY item_id DESC) AS ord FROM u) r
		GROUP BY item_id`, groupLegalPhrase, limit, groupLegalPhrase)
	// The count's row first, then the candidates' in their order. The
	// lead's words with their tones are read only when a word was typed
	// with them (the ranking compares them then, and only then): a lead
	// is about 1.1 KB each way, and reading 110 of them twice was a third
	// of the statement's time.
	leadExact := "''"
	if full.typedTones() {
		leadExact = "d.lead_exact"
	}
	sb.WriteString(`
SELECT 0 AS ord, n, NULL AS phrase, NULL AS item_id, NULL AS site_id, NULL AS kind, NULL AS live, NULL AS state, NULL AS title,
	NULL AS lead_exact, NULL AS lead_folded, NULL AS url, NULL AS source_id, NULL AS doc_type, NULL AS number_key, NULL AS published_at
FROM t
UNION ALL
SELECT x.ord, NULL, x.phrase, d.item_id, d.site_id, d.kind, d.live, d.state, d.title, ` + leadExact + `, d.lead_folded,
	d.url, d.source_id, d.doc_type, d.number_key, d.published_at
FROM x JOIN search_docs d ON d.item_id = x.item_id WHERE x.ord IS NOT NULL
ORDER BY ord`)
	rows, err := b.db.QueryPlanned(ctx, sb.String(), args...)
	if err != nil {
		return g, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var ord, total sql.NullInt64
		var phrase sql.NullBool
		var id, site sql.NullInt64
		var kind, state, title, leadE, leadF, url, source, docType, number sql.NullString
		var live sql.NullBool
		var pub sql.NullTime
		if err := rows.Scan(&ord, &total, &phrase, &id, &site, &kind, &live, &state, &title, &leadE, &leadF,
			&url, &source, &docType, &number, &pub); err != nil {
			return g, false, err
		}
		if !id.Valid {
			g.total = int(total.Int64) // the count's row
			continue
		}
		c := &candidate{ID: id.Int64, doc: id.Int64, SiteID: site.Int64, Kind: kind.String, Live: live.Bool, State: state.String,
			Title: title.String, LeadExact: leadE.String, LeadFolded: leadF.String, URL: url.String, SourceID: source.String,
			DocType: docType.String, NumberKey: number.String, native: len(g.cs)}
		if pub.Valid {
			t := pub.Time
			c.PublishedAt = &t
		}
		if phrase.Bool {
			if g.legalPhrase == nil {
				g.legalPhrase = map[int64]bool{}
			}
			g.legalPhrase[c.doc] = true
		}
		g.cs = append(g.cs, c)
	}
	if err := rows.Err(); err != nil {
		return g, false, err
	}
	if g.total == 0 && len(q.Units) > 1 {
		return g, false, nil // the fallback to any word
	}
	return g, true, nil
}

// yearFilters are the filters of the years the full query names (at most
// two), each f within that year in Viet Nam.
func yearFilters(full *Query, f Filter) []Filter {
	var out []Filter
	for i, y := range full.years() {
		if i == 2 {
			break
		}
		yf := f
		from, to := time.Date(y, 1, 1, 0, 0, 0, 0, vietnam), time.Date(y+1, 1, 1, 0, 0, 0, 0, vietnam)
		if yf.From.Before(from) {
			yf.From = from
		}
		if yf.To.IsZero() || yf.To.After(to) {
			yf.To = to
		}
		if !yf.From.Before(yf.To) {
			continue
		}
		out = append(out, yf)
	}
	return out
}
