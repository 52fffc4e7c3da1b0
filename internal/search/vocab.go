package search

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// The vocabulary (search_terms) holds the folded words of the index with
// about how many documents hold each: Put adds each batch's counts, a
// rebuild starts it afresh. "Did you mean" picks the nearest known word.

// vocabBytes is how much of a document's folded text feeds the
// vocabulary: its opening holds its characteristic words, and a code of
// law would otherwise cost more than the rest of its indexing.
const vocabBytes = 8000

// countTerms adds the distinct words of one document's folded text.
func countTerms(terms map[string]int, text string) {
	if len(text) > vocabBytes {
		text = text[:strings.LastIndexByte(text[:vocabBytes], ' ')+1]
	}
	seen := map[string]bool{}
	for _, w := range strings.Fields(text) {
		if len(w) < 2 || len(w) > 24 || seen[w] || isNumberWord(w) || strings.HasPrefix(w, "zz") {
			continue
		}
		seen[w] = true
		terms[w]++
	}
}

// isNumberWord reports words with a digit: figures and document-number
// words are not suggested.
func isNumberWord(w string) bool { return strings.ContainsAny(w, "0123456789") }

// addTerms writes a batch's word counts, many rows per statement.
func (ix *Index) addTerms(ctx context.Context, tx *store.Tx, terms map[string]int) error {
	keys := make([]string, 0, len(terms))
	for t := range terms {
		keys = append(keys, t)
	}
	sort.Strings(keys) // a fixed order: concurrent writers lock rows alike
	const per = 400
	for len(keys) > 0 {
		n := min(per, len(keys))
		args := make([]any, 0, 2*n)
		for _, t := range keys[:n] {
			args = append(args, t, terms[t])
		}
		keys = keys[n:]
		_, err := tx.Exec(ctx, `INSERT INTO search_terms (term, docs) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")+
			` ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + excluded.docs`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// vocabulary is the known words, by length, for the nearest-word search.
type vocabulary struct {
	byLen map[int][]vterm
	docs  map[string]int
}

type vterm struct {
	term string
	docs int
}

// vocabTTL is how long a loaded vocabulary serves before it is reread.
const vocabTTL = time.Minute

func (ix *Index) loadVocab(ctx context.Context) (*vocabulary, error) {
	ix.vmu.Lock()
	defer ix.vmu.Unlock()
	if ix.vocab != nil && ix.now().Sub(ix.vocabAt) < vocabTTL {
		return ix.vocab, nil
	}
	rows, err := ix.db.Query(ctx, `SELECT term, docs FROM search_terms`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	v := &vocabulary{byLen: map[int][]vterm{}, docs: map[string]int{}}
	for rows.Next() {
		var t vterm
		if err := rows.Scan(&t.term, &t.docs); err != nil {
			return nil, err
		}
		v.docs[t.term] = t.docs
		n := len([]rune(t.term))
		v.byLen[n] = append(v.byLen[n], t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ix.vocab, ix.vocabAt = v, ix.now()
	return v, nil
}

// suggest proposes a query close to q made of known words, or "" when
// it finds none: each unknown word is replaced by the known word at the
// smallest edit distance (1 for short words, 2 for longer), the commoner
// on a tie.
func (ix *Index) suggest(ctx context.Context, q *Query) (string, error) {
	if q.Number != "" {
		return "", nil
	}
	v, err := ix.loadVocab(ctx)
	if err != nil {
		return "", err
	}
	changed := false
	var out []string
	for _, u := range q.Units {
		for _, w := range u.Alts[0] {
			if _, ok := v.docs[w]; ok || isNumberWord(w) {
				out = append(out, w)
				continue
			}
			if best := v.nearest(w); best != "" {
				out = append(out, best)
				changed = true
			} else {
				out = append(out, w)
			}
		}
	}
	if !changed {
		return "", nil
	}
	return strings.Join(out, " "), nil
}

func (v *vocabulary) nearest(w string) string {
	rw := []rune(w)
	maxD := 1
	if len(rw) > 4 {
		maxD = 2
	}
	best, bestD, bestDocs := "", maxD+1, 0
	for n := len(rw) - maxD; n <= len(rw)+maxD; n++ {
		for _, t := range v.byLen[n] {
			d := editDistance(rw, []rune(t.term), bestD)
			if d < bestD || d == bestD && t.docs > bestDocs {
				best, bestD, bestDocs = t.term, d, t.docs
			}
		}
	}
	if bestD > maxD {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, or a value above
// limit as soon as it must exceed it.
func editDistance(a, b []rune, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// statsTTL is how long the document count serves before it is counted
// again: a COUNT over a large index costs more than a query.
const statsTTL = time.Minute

// docTotal is the number of documents, for the ranking's weights, where
// a close estimate serves as well as the count: PostgreSQL counts by
// reading every row (0.7 s for a million documents, measured), so there
// it takes the planner's estimate, which ANALYZE (Optimize) keeps, once
// the table is large enough for the difference to matter. SQLite counts
// from its smallest index, in milliseconds.
func (ix *Index) docTotal(ctx context.Context) (int, error) {
	if ix.db.Dialect == store.Postgres {
		var est float64
		if err := ix.db.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'search_docs'::regclass`).Scan(&est); err != nil {
			return 0, err
		}
		if est >= estimateFrom {
			return int(est), nil
		}
	}
	var n int
	err := ix.db.QueryRow(ctx, `SELECT COUNT(*) FROM search_docs`).Scan(&n)
	return n, err
}

// estimateFrom is the size from which PostgreSQL's estimate of the number
// of documents is taken instead of a count.
const estimateFrom = 50000

// stats reads the document frequencies of the query's words and the
// (cached) number of documents.
func (ix *Index) stats(ctx context.Context, q *Query) (stats, error) {
	st := stats{df: map[string]int{}}
	ix.vmu.Lock()
	st.docs = ix.docCount
	fresh := ix.now().Sub(ix.docCountAt) < statsTTL
	ix.vmu.Unlock()
	if !fresh {
		n, err := ix.docTotal(ctx)
		if err != nil {
			return st, err
		}
		st.docs = n
		ix.vmu.Lock()
		ix.docCount, ix.docCountAt = st.docs, ix.now()
		ix.vmu.Unlock()
	}
	var terms []any
	for _, u := range q.Units {
		alts := u.Alts
		if u.Keys != "" {
			alts = append(alts[:len(alts):len(alts)], []string{foldToken(u.Keys)})
		}
		for _, alt := range alts {
			for _, w := range alt {
				if _, ok := st.df[w]; !ok {
					st.df[w] = 0
					terms = append(terms, w)
				}
			}
		}
	}
	if len(terms) == 0 {
		return st, nil
	}
	rows, err := ix.db.Query(ctx, `SELECT term, docs FROM search_terms WHERE term IN (`+store.Placeholders(len(terms))+`)`, terms...)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var n int
		if err := rows.Scan(&t, &n); err != nil {
			return st, err
		}
		st.df[t] = n
	}
	return st, rows.Err()
}
