package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// postgresBackend keeps three tsvector columns of search_docs, each
// written by Go as a tsvector literal (the words are folded already, so
// no text search configuration decides anything, and the server parses
// no text):
//
//   - tsv, under a GIN index: the distinct words of the title and the
//     body, the document numbers and the filter words, without positions,
//     and a token for each of the known phrases (indexedPhrases) the title
//     or the body holds ("uy_ban_nhan_dan"). It is stored in the row
//     (STORAGE MAIN, migration 050), so that a row walked in key order is
//     tested without a read of TOAST, and a query of words or known
//     phrases needs no recheck of the GIN matches;
//   - ptsv, not indexed: the words with their positions, as
//     to_tsvector('simple', title) || to_tsvector('simple', body) had
//     them, read only to check the phrases (words in a row) in the rows
//     whose words already match;
//   - title_tsv, under a GIN index: the title's words with positions.
type postgresBackend struct {
	db *store.DB
	// exact has count count the matches up to countCap+1 always, as the
	// mirror's counts are, instead of taking the planner's estimate when
	// it expects far more.
	exact bool
}

func (b postgresBackend) columns() (string, string, func(ftsText) []any) {
	return ", tsv, ptsv, title_tsv", ", ?::tsvector, ?::tsvector, ?::tsvector",
		func(t ftsText) []any {
			title, body := strings.Fields(t.title), strings.Fields(t.body)
			return []any{distinctWords(title, body, phraseTokens(title), phraseTokens(body)), positional(title, body), positional(title, nil)}
		}
}

func (b postgresBackend) put(context.Context, *store.Tx, []ftsText) error { return nil } // in the INSERT

func (b postgresBackend) remove(context.Context, *store.Tx, []int64) error { return nil } // the row goes with search_docs

func (b postgresBackend) clear(context.Context, *store.Tx) error { return nil }

// optimize vacuums and analyzes search_docs after a bulk load: ANALYZE
// gives the planner the words' frequencies it needs to choose between
// the GIN index and the primary key; VACUUM moves the GIN indexes'
// pending entries (where fast updates park new rows' words, which every
// search would otherwise read through) into the indexes proper, and marks
// the pages all-visible.
func (b postgresBackend) optimize(ctx context.Context) error {
	_, err := b.db.Exec(ctx, `VACUUM (ANALYZE) search_docs`)
	return err
}

// PostgreSQL's limits on a tsvector: a lexeme under 2048 bytes, all lexemes
// under 1 MB together, at most 256 positions a lexeme, positions up to
// 16383 (to_tsvector keeps the first 255 of a word, and no position
// past 16383; concatenation appends the body's up to 256).
const (
	pgMaxLexeme  = 2048
	pgMaxLexemes = 1<<20 - 1
	pgMaxPos     = 1<<14 - 1
	pgMaxNumPos  = 256
)

// lexeme quotes a word for a tsvector or tsquery literal. Only letters
// and digits reach it, but a quote or a backslash would be escaped.
func lexeme(b *strings.Builder, w string) {
	b.WriteByte('\'')
	if strings.ContainsAny(w, `'\`) {
		w = strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(w)
	}
	b.WriteString(w)
	b.WriteByte('\'')
}

// distinctWords is the tsv literal: the distinct words of the texts
// (the server sorts them).
func distinctWords(texts ...[]string) string {
	n := 0
	for _, ws := range texts {
		n += len(ws)
	}
	seen := make(map[string]struct{}, n/2)
	var b strings.Builder
	size := 0
	for _, ws := range texts {
		for _, w := range ws {
			if len(w) >= pgMaxLexeme {
				continue
			}
			if _, ok := seen[w]; ok {
				continue
			}
			if size += len(w); size > pgMaxLexemes {
				return b.String()
			}
			seen[w] = struct{}{}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			lexeme(&b, w)
		}
	}
	return b.String()
}

// positional is the ptsv literal (or, with no body, title_tsv's): the
// words with their positions as to_tsvector('simple', …) gives them,
// the body's after the title's, within PostgreSQL's limits. The server
// sorts the words; here they are only grouped, by one map from word to
// group and a counting sort of the positions by group.
func positional(title, body []string) string {
	type wp struct {
		g    int32 // the word's group
		p    int32 // position in its own text
		body bool
	}
	group := make(map[string]int32, (len(title)+len(body))/2)
	var names []string
	all := make([]wp, 0, len(title)+len(body))
	for k, ws := range [][]string{title, body} {
		n := 0
		for _, w := range ws {
			// A word too long to index is left out and takes no position.
			if len(w) >= pgMaxLexeme {
				continue
			}
			n++
			g, ok := group[w]
			if !ok {
				g = int32(len(names))
				group[w] = g
				names = append(names, w)
			}
			all = append(all, wp{g: g, p: int32(min(n, pgMaxPos)), body: k == 1})
		}
	}
	// Counting sort by group: each group's title positions, then its
	// body's, each in order.
	start := make([]int32, len(names)+1)
	for _, e := range all {
		start[e.g+1]++
	}
	for g := range names {
		start[g+1] += start[g]
	}
	next := slices.Clone(start[:len(names)])
	es := make([]wp, len(all))
	for _, e := range all {
		es[next[e.g]] = e
		next[e.g]++
	}
	// Each text's positions as to_tsvector keeps them: at most 255 a
	// word, none past pgMaxPos (a word whose last position reached it
	// takes no more). The body's are shifted by the title's last.
	keep := make([]bool, len(es))
	shift := int32(0)
	for g := range names {
		n, last, body := 0, int32(0), false
		for i := start[g]; i < start[g+1]; i++ {
			e := es[i]
			if e.body != body {
				body, n, last = e.body, 0, 0
			}
			if n < pgMaxNumPos-1 && (n == 0 || last != pgMaxPos && last != e.p) {
				keep[i], n, last = true, n+1, e.p
				if !e.body {
					shift = max(shift, e.p)
				}
			}
		}
	}
	var b strings.Builder
	size := 0
	for g, w := range names {
		if size += len(w); size > pgMaxLexemes {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		lexeme(&b, w)
		// As tsvector concatenation adds them: up to 256 positions, none
		// after one that reached pgMaxPos.
		n, last := 0, int32(0)
		for i := start[g]; i < start[g+1]; i++ {
			e := es[i]
			if !keep[i] || n >= pgMaxNumPos || last == pgMaxPos {
				continue
			}
			p := e.p
			if e.body {
				p = min(p+shift, pgMaxPos)
			}
			if n == 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(int(p)))
			n, last = n+1, p
		}
	}
	return b.String()
}

// indexedPhrases are the phrases that tsv holds as tokens of their own:
// the long forms of the abbreviations (abbrev.go) as they stood when the
// index was designed, which every "UBND", "NĐ", "TP.HCM"… of a query asks
// for. The list is fixed here, not read from abbrev.go: a document
// indexed before a change would lack the new tokens. A phrase not in it
// is checked on ptsv. Changing it needs `cong search reindex`.
var indexedPhrases = func() map[string][][]string {
	m := map[string][][]string{}
	for _, p := range []string{
		"uy ban nhan dan", "hoi dong nhan dan", "uy ban mat tran to quoc", "mat tran to quoc", "nghi dinh", "quyet dinh",
		"thong tu", "thong tu lien tich", "nghi quyet", "chi thi", "cong van", "ke hoach", "thong bao", "chinh phu",
		"thu tuong", "quoc hoi", "uy ban thuong vu quoc hoi", "bao hiem xa hoi", "bao hiem y te", "bao hiem that nghiep",
		"thu tuc hanh chinh", "cai cach hanh chinh", "thanh pho ho chi minh", "ho chi minh", "thanh pho",
		"an toan giao thong", "canh sat giao thong", "giao thong van tai", "tai nguyen moi truong",
		"nong nghiep phat trien nong thon", "giao duc dao tao", "trung hoc pho thong", "trung hoc co so", "kinh te xa hoi",
		"quyen su dung dat", "giay chung nhan", "dau tu xay dung", "xa hoi chu nghia", "cong san viet nam", "viet nam",
		"dai bieu quoc hoi",
	} {
		ws := strings.Fields(p)
		m[ws[0]] = append(m[ws[0]], ws)
	}
	return m
}()

// phraseToken is the tsv token of a phrase of indexedPhrases, or "".
func phraseToken(ws []string) string {
	if len(ws) < 2 {
		return ""
	}
	for _, p := range indexedPhrases[ws[0]] {
		if slices.Equal(p, ws) {
			return strings.Join(ws, "_")
		}
	}
	return ""
}

// phraseTokens lists the tokens of the known phrases in a text's words.
func phraseTokens(ws []string) []string {
	var out []string
	for i, w := range ws {
		for _, p := range indexedPhrases[w] {
			if i+len(p) <= len(ws) && slices.Equal(p, ws[i:i+len(p)]) {
				out = append(out, strings.Join(p, "_"))
			}
		}
	}
	return out
}

// The tsqueries are written as literals (?::tsquery) over the same folded
// words the index holds. Only words made of letters and digits reach
// them (see words), each quoted, so no reader's text is syntax.

// unitsQuery writes the units' alternatives, each alt written by alt.
func unitsQuery(units []Unit, anyWord bool, alt func(b *strings.Builder, ws []string)) string {
	var b strings.Builder
	for i, u := range units {
		if i > 0 {
			if anyWord {
				b.WriteString(" | ")
			} else {
				b.WriteString(" & ")
			}
		}
		b.WriteByte('(')
		for k, ws := range u.Alts {
			if k > 0 {
				b.WriteString(" | ")
			}
			b.WriteByte('(')
			alt(&b, ws)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// joined writes the words of ws joined by op.
func joined(b *strings.Builder, ws []string, op string) {
	for i, w := range ws {
		if i > 0 {
			b.WriteString(op)
		}
		lexeme(b, w)
	}
}

// tsquery is q on a positional tsvector (title_tsv, ptsv): the words of
// an alternative in a row.
func tsquery(q *Query, anyWord bool) string {
	return unitsQuery(q.Units, anyWord, func(b *strings.Builder, ws []string) { joined(b, ws, " <-> ") })
}

// wordsQuery is q on tsv, which has no positions: a known phrase as its
// token, the words of another alternative anywhere. With other phrases
// it is more than the query, and phraseCheck on ptsv is needed beside it.
func wordsQuery(q *Query, anyWord bool) string {
	return unitsQuery(q.Units, anyWord, func(b *strings.Builder, ws []string) {
		if t := phraseToken(ws); t != "" {
			lexeme(b, t)
			return
		}
		joined(b, ws, " & ")
	})
}

// phraseCheck is q on ptsv: the words of a phrase not known to tsv in a
// row, those of another alternative anywhere (tsv has decided them).
// Beside wordsQuery on tsv it makes the query: a unit's alternatives
// are one word, or one phrase and maybe its abbreviation, and for each
// unit (A | B&C) and (A | B<->C) are A | B<->C.
func phraseCheck(q *Query, anyWord bool) string {
	return unitsQuery(q.Units, anyWord, func(b *strings.Builder, ws []string) {
		op := " & "
		if phraseToken(ws) == "" {
			op = " <-> "
		}
		joined(b, ws, op)
	})
}

// phrases reports whether an alternative of q is a phrase that tsv does
// not hold as a token.
func phrases(q *Query) bool {
	for _, u := range q.Units {
		for _, ws := range u.Alts {
			if len(ws) > 1 && phraseToken(ws) == "" {
				return true
			}
		}
	}
	return false
}

// pgMatch is the condition on search_docs d for q as m asks, and its
// arguments: wordsQuery on tsv, which the GIN index answers exactly, and
// when q has other phrases, phraseCheck on ptsv, read only from the rows
// that pass the first.
func pgMatch(q *Query, m matchMode) (string, []any) {
	switch m {
	case matchTitle:
		return `d.title_tsv @@ ?::tsquery`, []any{tsquery(q, false)}
	case matchPhrase:
		q = &Query{Units: []Unit{{Alts: [][]string{firstAlts(q)}}}}
	}
	anyWord := m == matchAny
	if phrases(q) {
		return `d.tsv @@ ?::tsquery AND d.ptsv @@ ?::tsquery`, []any{wordsQuery(q, anyWord), phraseCheck(q, anyWord)}
	}
	return `d.tsv @@ ?::tsquery`, []any{wordsQuery(q, anyWord)}
}

// PostgreSQL reads the filter's conditions from the rows it fetches
// anyway. With statistics (Optimize runs ANALYZE) the planner takes the
// matches of rare words from the GIN index and, for common ones, walks
// the primary key from the newest row and stops at the limit; testing a
// row so walked reads its tsv, which is in the row.
//
// A phrase query is different: the planner cannot tell how rare the
// words are in a row, and walking the key would test row after row;
// ordering on item_id + 0 makes it take the GIN matches (at most
// countCap of them: Search asks only then) and check those. A title
// query reads title_tsv, whose index and statistics are the title's.
func (b postgresBackend) candidates(ctx context.Context, q *Query, m matchMode, f *filterSQL, limit int) ([]int64, error) {
	query, args := candidateSQL(q, m, f, limit)
	rows, err := b.db.QueryPlanned(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// candidateSQL is the statement of candidates, and its arguments.
func candidateSQL(q *Query, m matchMode, f *filterSQL, limit int) (string, []any) {
	order := "d.item_id"
	if m == matchPhrase {
		order = "d.item_id + 0"
	}
	cond, args := pgMatch(q, m)
	if kw := kindFilter(f); kw != "" {
		// The kinds asked for (the legal documents of moreCandidates)
		// are few among the news: as index words of tsv they let the GIN
		// index leave the others out, where the kind column alone had the
		// planner scan every row holding the words (462 ms against 15 for
		// "trong năm" at 100,000, bench/searchload). title_tsv holds no
		// kind words: a title query asks tsv for them beside it (the legal
		// titles with "việt nam" at a million documents read 42,534 heap
		// pages of news titles to keep none: 270 ms, against 0.3).
		if m == matchTitle {
			cond += ` AND d.tsv @@ ?::tsquery`
			args = append(args, strings.TrimPrefix(kw, " & "))
		} else {
			args[0] = "(" + args[0].(string) + ")" + kw
		}
	}
	return `SELECT d.item_id FROM search_docs d WHERE ` + cond + ` AND ` + f.where + `
		ORDER BY ` + order + ` DESC LIMIT ?`, append(append(args, f.args...), limit)
}

// countFilter is the filter as a tsquery over its index words, when they
// say all of it (as SQLite uses them): then the GIN index leaves out the
// documents of other sites and kinds, and a count reads only the rows
// that are counted.
func countFilter(f *filterSQL) (string, bool) {
	if f.join {
		return "", false
	}
	var b strings.Builder
	for _, g := range f.words {
		b.WriteString(" & (")
		joined(&b, g, " | ")
		b.WriteByte(')')
	}
	for _, w := range f.not {
		b.WriteString(" & !")
		lexeme(&b, w)
	}
	return b.String(), true
}

// kindFilter is the filter's kinds as a tsquery over their index words,
// to add to a query of tsv, or "" when it names no kind.
func kindFilter(f *filterSQL) string {
	var b strings.Builder
	for _, g := range f.words {
		if len(g) > 0 && strings.HasPrefix(g[0], kindWord) {
			b.WriteString(" & (")
			joined(&b, g, " | ")
			b.WriteByte(')')
		}
	}
	return b.String()
}

func (b postgresBackend) count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error) {
	m := matchAll
	if anyWord {
		m = matchAny
	}
	cond, args := pgMatch(q, m)
	where := f.where
	if fw, ok := countFilter(f); ok {
		args[0] = "(" + args[0].(string) + ")" + fw
		where = "TRUE"
	} else {
		args = append(args, f.args...)
	}
	match := `SELECT FROM search_docs d WHERE ` + cond + ` AND ` + where
	// Words in a large share of the documents make the exact count the
	// slow part of a search (the index hands over every match: 0.3 s for
	// words in a fifth of a million documents, measured), for a number
	// shown only as "more than countCap". The planner's estimate, from the
	// words' statistics, says so in a millisecond when it is far beyond.
	if !b.exact {
		var plan string
		if err := b.db.QueryRow(ctx, `EXPLAIN (FORMAT JSON) `+match, args...).Scan(&plan); err != nil {
			return 0, err
		}
		if estimatedRows(plan) >= surelyMore*countCap {
			return countCap + 1, nil
		}
	}
	var n int
	err := b.db.QueryRow(ctx, `SELECT COUNT(*) FROM (`+match+` LIMIT ?) c`, append(args, countCap+1)...).Scan(&n)
	return n, err
}

// surelyMore is how many times countCap the planner must expect before
// its estimate stands for the count.
const surelyMore = 3

// estimatedRows is the rows the top node of a plan in JSON expects.
func estimatedRows(plan string) float64 {
	var doc []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if json.Unmarshal([]byte(plan), &doc) != nil || len(doc) == 0 {
		return 0
	}
	return doc[0].Plan.Rows
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
