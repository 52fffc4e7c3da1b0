// Package search finds the portal's public content — the published items
// of every site, legal documents among them — and, for staff, the working
// copies they may see. One Index runs on either database: SQLite's FTS5
// or PostgreSQL's full text (a tsvector under GIN), behind the Backend
// interface. Both are given the same words, folded in Go (vn.Fold: tones
// off and đ→d), so that "dong nai" finds "Đồng Nai" on both; document
// numbers become one word each ("43/2011/NĐ-CP" in any typing); and the
// final order comes from one ranking written in Go (rank.go) on top of
// the database's own, so that the two databases agree.
package search

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
)

// Doc is one indexed item.
type Doc struct {
	ItemID      int64
	SiteID      int64
	Kind        string
	Lang        string
	Live        bool // shown to the public
	State       string
	Title       string
	Body        string // plain text
	URL         string // path within the site
	SourceID    string
	DocType     string
	Field       string
	Number      string // the document's own number, for legal documents
	PublishedAt *time.Time

	working bool // read: the row is the item's working copy
}

// Filter narrows a search.
type Filter struct {
	SiteIDs []int64 // empty: every site
	Kinds   []string
	DocType string
	Field   string
	From    time.Time // published on or after (zero: open)
	To      time.Time // published before (zero: open)
	// Staff includes the items that are not live (drafts, items waiting
	// for approval, unpublished ones): only for people who may see the
	// working copies of every site in SiteIDs, which must then be set.
	Staff bool
	// ItemsOnly leaves out the published answers of citizens' requests
	// (KindQA), as Staff does: the staff search lists items.
	ItemsOnly bool
	Page      int // from 1
	PerPage   int
}

// Hit is one result.
type Hit struct {
	ItemID      int64
	SiteID      int64
	Kind        string
	Live        bool
	State       string
	Title       string
	URL         string
	SourceID    string
	DocType     string
	PublishedAt *time.Time
	Snippet     template.HTML // escaped text with <mark> around the query's words
}

// Results is a page of results.
type Results struct {
	Query      *Query
	Total      int
	Hits       []Hit
	Page       int
	PerPage    int
	MoreThan   bool   // there are more than Total results
	AnyWord    bool   // no document held every word: these hold some
	Suggestion string // "did you mean", when nothing matched
}

// Pages is the number of pages of results.
func (r *Results) Pages() int {
	if r.PerPage == 0 {
		return 0
	}
	return (r.Total + r.PerPage - 1) / r.PerPage
}

// Backend is what each database provides: keeping its full-text index in
// step with search_docs, and finding candidates.
type Backend interface {
	// columns names the extra columns of search_docs that the backend
	// fills in the same INSERT, their placeholders and their values for a
	// document, or "" when it keeps a table of its own.
	columns() (cols, vals string, args func(ftsText) []any)
	// put indexes documents whose search_docs rows were just written.
	put(ctx context.Context, tx *store.Tx, docs []ftsText) error
	// remove drops documents from the full-text index.
	remove(ctx context.Context, tx *store.Tx, ids []int64) error
	// clear empties the full-text index (before a rebuild).
	clear(ctx context.Context, tx *store.Tx) error
	// optimize tidies the index after a bulk load.
	optimize(ctx context.Context) error
	// candidates returns the ids of documents matching q as m asks,
	// under the filter, newest (highest id) first, not in the database's
	// own relevance order: that order costs a score for every matching
	// document and differs between the databases; the common ranking
	// orders the candidates.
	candidates(ctx context.Context, q *Query, m matchMode, f *filterSQL, limit int) ([]int64, error)
	// count counts the matching documents, up to countCap+1.
	count(ctx context.Context, q *Query, anyWord bool, f *filterSQL) (int, error)
}

// Index is the search index on one database.
type Index struct {
	db *store.DB
	be Backend
	// now stamps indexed rows.
	now func() time.Time

	// qa reads the published answers of citizens' requests.
	qa *feedback.Store

	vmu        sync.Mutex
	vocab      *vocabulary // loaded lazily, reloaded when stale
	vocabAt    time.Time
	docCount   int // documents in the index, counted at docCountAt
	docCountAt time.Time

	// stepwise has PostgreSQL run Search's statements one by one as
	// SQLite does, instead of gather's one: for the test that they agree.
	stepwise bool
	// mirror holds the index's words in memory on PostgreSQL, once
	// UseMirror asked for it (mirror.go).
	mirror *mirror
}

// MirrorReady brings the words in memory up to date and reports whether
// they answer (false until read, or without UseMirror).
func (ix *Index) MirrorReady(ctx context.Context) (bool, error) {
	if ix.mirror == nil {
		return false, nil
	}
	return ix.mirror.ready(ctx)
}

// MirrorStats is what an operator sees of the words in memory
// (/metrics): whether they answer, the documents they hold as of their
// last reading of the changes, and the searches they answered.
type MirrorStats struct {
	Ready     bool
	Documents int
	Answered  int64
}

// MirrorStats reports the words in memory without reading the changes;
// ok is false without UseMirror (SQLite, or --search-memory off).
func (ix *Index) MirrorStats() (st MirrorStats, ok bool) {
	m := ix.mirror
	if m == nil {
		return st, false
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	st.Ready = m.valid && m.base != nil
	if m.base != nil { // the base's documents that did not change, and those that did
		st.Documents = len(m.base.ids) - int(m.stale.GetCardinality()) + len(m.over)
	}
	st.Answered = m.answered.Load()
	return st, true
}

// UseMirror has the index on PostgreSQL hold its words in memory and
// answer searches from them (mirror.go): about 22 MB of heap for 100,000
// documents, read in the background from now on (2.5 s at 100,000), the
// statements answering meanwhile. What it has to say goes to log
// (nil: slog's default). On SQLite it does nothing (FTS5
// answers in the process already).
func (ix *Index) UseMirror(log *slog.Logger) {
	if ix.db.Dialect == store.Postgres && ix.mirror == nil {
		if log == nil {
			log = slog.Default()
		}
		ix.mirror = newMirror(ix.db, log)
		ix.mirror.rebuild()
	}
}

// New returns the index on db, with the backend of its dialect.
func New(db *store.DB, now func() time.Time) *Index {
	if now == nil {
		now = time.Now
	}
	ix := &Index{db: db, now: now, qa: feedback.NewStore(db, feedback.Options{Now: now})}
	if db.Dialect == store.Postgres {
		ix.be = postgresBackend{db: db}
	} else {
		ix.be = sqliteBackend{db: db}
	}
	return ix
}

// PerPage bounds.
const (
	defaultPerPage = 10
	maxPerPage     = 50
	maxPage        = 100
	minCandidates  = 80
	// titleCandidates and phraseCandidates bound the documents taken for
	// their title, and for holding the query as a phrase.
	titleCandidates  = 30
	phraseCandidates = 30
	// countCap bounds the count: beyond it the total is shown as "more
	// than", since counting a million matches costs a scan of them.
	countCap = 1000
)

// Search runs a parsed query with a filter.
func (ix *Index) Search(ctx context.Context, q *Query, f Filter) (*Results, error) {
	if f.PerPage <= 0 {
		f.PerPage = defaultPerPage
	}
	f.PerPage = min(f.PerPage, maxPerPage)
	f.Page = max(1, min(f.Page, maxPage))
	res := &Results{Query: q, Page: f.Page, PerPage: f.PerPage}
	if q.Empty() {
		return res, nil
	}
	fs := f.sql()
	offset := (f.Page - 1) * f.PerPage
	limit := max(minCandidates, offset+f.PerPage)
	// The collection's figures first: they also say which words typed as
	// Telex or VNI keys are meant as letters.
	st, err := ix.stats(ctx, q)
	if err != nil {
		return nil, err
	}
	q.readKeys(st)
	if q.Read != "" {
		if st, err = ix.stats(ctx, q); err != nil {
			return nil, err
		}
	}
	// The databases are asked for the units a result must hold; the
	// everyday words and the years only rank.
	full := q
	q = q.required()
	var g gathered
	done := false
	be := ix.be
	if ix.mirror != nil {
		// The words in memory answer, once up to date; until they are
		// read, the statements do.
		ok, err := ix.mirror.ready(ctx)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if ok {
			be = mirrorBackend{postgresBackend: postgresBackend{db: ix.db, exact: true}, m: ix.mirror}
			ix.mirror.answered.Add(1)
		}
	}
	if pg, ok := be.(postgresBackend); ok && !ix.stepwise {
		if g, done, err = pg.gather(ctx, full, q, f, fs, limit); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	if !done {
		if g, err = ix.steps(ctx, be, full, q, f, fs, limit, offset, res); err != nil {
			return nil, err
		}
	}
	total := g.total
	res.Total = total
	if total > countCap {
		res.Total, res.MoreThan = countCap, true
	}
	if total == 0 || res.AnyWord {
		if res.Suggestion, err = ix.suggest(ctx, full); err != nil || total == 0 {
			return res, err
		}
	}
	if offset >= total {
		return res, nil
	}
	cs := g.cs
	for _, c := range cs {
		// A legal document holds a query of one unit "as a phrase".
		c.phrase = c.Kind == legalKind && (g.legalPhrase[c.doc] || !q.phraseable())
	}
	rank(full, cs, st)
	cs = oncePerItem(cs)
	if offset >= len(cs) {
		return res, nil
	}
	page := cs[offset:min(len(cs), offset+f.PerPage)]
	bodies, err := ix.bodies(ctx, page)
	if err != nil {
		return nil, err
	}
	terms := full.Terms()
	for _, c := range page {
		res.Hits = append(res.Hits, Hit{ItemID: c.ID, SiteID: c.SiteID, Kind: c.Kind, Live: c.Live, State: c.State,
			Title: c.Title, URL: c.URL, SourceID: c.SourceID, DocType: c.DocType, PublishedAt: c.PublishedAt,
			Snippet: Snippet(bodies[c.doc], terms, 240)})
	}
	return res, nil
}

// steps finds the count and the candidates statement by statement, on
// either database: the last group of candidates first (when it holds
// fewer than it may, it is every match, and its length is the count),
// then the count, then the groups beyond the newest matches, then the
// candidates' rows. It returns with the count alone when no candidate is
// wanted (nothing matched, or the page is past the matches), and sets
// res.AnyWord when no document held every unit and the candidates are
// those holding any.
func (ix *Index) steps(ctx context.Context, be Backend, full, q *Query, f Filter, fs *filterSQL, limit, offset int, res *Results) (gathered, error) {
	var g gathered
	all, err := be.candidates(ctx, q, matchAll, fs, limit)
	if err != nil {
		return g, fmt.Errorf("search: %w", err)
	}
	total := min(len(all), countCap+1)
	var title []int64 // matchTitle's, when read beside the count
	titleRead := false
	if len(all) >= limit {
		// The matches may be more than the last group holds, and then
		// the title group is wanted too: it is read on a second
		// connection while the count runs, and dropped if not wanted.
		var titleErr error
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			title, titleErr = be.candidates(ctx, q, matchTitle, fs, titleCandidates)
		}()
		total, err = be.count(ctx, q, false, fs)
		wg.Wait()
		if err != nil {
			return g, fmt.Errorf("search count: %w", err)
		}
		if titleErr != nil {
			return g, fmt.Errorf("search: %w", titleErr)
		}
		titleRead = true
	}
	if total == 0 && len(q.Units) > 1 {
		res.AnyWord = true
		if total, err = be.count(ctx, q, true, fs); err != nil {
			return g, fmt.Errorf("search count: %w", err)
		}
	}
	g.total = total
	if total == 0 || offset >= total {
		return g, nil
	}
	// The candidates: the documents whose title holds the query, those
	// holding it as one phrase, then the others, newest first in each
	// group, the same on both databases. The common ranking orders them.
	var ids []int64
	seen := map[int64]bool{}
	add := func(got []int64) {
		for _, id := range got {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if total > limit && !res.AnyWord {
		// Not only the newest: the legal documents that hold the words
		// (few beside the news, and what a question about the law asks
		// for), and those of the years the query names.
		more, phrase, err := ix.moreCandidates(ctx, be, full, q, f)
		if err != nil {
			return g, err
		}
		add(more)
		g.legalPhrase = phrase
	}
	for _, gr := range []struct {
		m matchMode
		n int
	}{{matchTitle, titleCandidates}, {matchPhrase, phraseCandidates}, {matchAll, limit}} {
		if gr.m == matchPhrase && !q.phraseable() {
			continue
		}
		if gr.m != matchAll && total <= limit {
			continue // the last group holds every match anyway
		}
		if gr.m == matchPhrase && total > countCap {
			// Finding the matches with the words in a row costs a look at
			// each on PostgreSQL (its index knows no positions): with very
			// many, the last group serves.
			continue
		}
		m := gr.m
		if res.AnyWord && m == matchAll {
			m = matchAny
		}
		got := all // matchAll's, read above
		if m == matchTitle && titleRead {
			got = title
		} else if m != matchAll {
			if got, err = be.candidates(ctx, q, m, fs, gr.n); err != nil {
				return g, fmt.Errorf("search: %w", err)
			}
		}
		add(got)
	}
	if g.cs, err = ix.load(ctx, ids, full.typedTones()); err != nil {
		return g, err
	}
	if g.legalPhrase == nil && q.phraseable() && (full.Law || full.asks()) && total <= limit {
		// Every match is a candidate: which legal ones hold the words as
		// one phrase is still the ranking's question.
		got, err := be.candidates(ctx, q, matchPhrase, f.legalOnly(), legalPhraseCandidates)
		if err != nil {
			return g, fmt.Errorf("search legal: %w", err)
		}
		g.legalPhrase = map[int64]bool{}
		for _, id := range got {
			g.legalPhrase[id] = true
		}
	}
	return g, nil
}

// Candidates beyond the newest matches, at most.
const (
	legalCandidates = 20
	// legalPhraseCandidates is more: laws cite the subjects of others
	// ("hộ chiếu" is in tens of laws), and the one that governs it is
	// often not among the newest of them.
	legalPhraseCandidates = 80
	yearCandidates        = 30
)

// vietnam is the zone whose calendar years a query's years are.
var vietnam = time.FixedZone("ICT", 7*3600)

// moreCandidates are candidates beyond the newest matches of q (the
// units a result must hold): the legal documents that hold them, when
// the filter lets legal documents in, and the documents published in
// each year the full query names.
func (ix *Index) moreCandidates(ctx context.Context, be Backend, full, q *Query, f Filter) (out []int64, phrase map[int64]bool, err error) {
	if len(f.Kinds) == 0 || slices.Contains(f.Kinds, legalKind) {
		ls := f.legalOnly()
		// Those whose title holds the words, those holding them as one
		// phrase (which the ranking weighs when the query asks about the
		// law), then the newest of the rest.
		for _, m := range []matchMode{matchTitle, matchPhrase, matchAll} {
			if m == matchPhrase && !q.phraseable() {
				continue
			}
			n := legalCandidates
			if m == matchPhrase {
				n = legalPhraseCandidates
			}
			got, err := be.candidates(ctx, q, m, ls, n)
			if err != nil {
				return nil, nil, fmt.Errorf("search legal: %w", err)
			}
			if m == matchPhrase {
				phrase = map[int64]bool{}
				for _, id := range got {
					phrase[id] = true
				}
			}
			out = append(out, got...)
		}
	}
	for _, yf := range yearFilters(full, f) {
		got, err := be.candidates(ctx, q, matchAll, yf.sql(), yearCandidates)
		if err != nil {
			return nil, nil, fmt.Errorf("search year: %w", err)
		}
		out = append(out, got...)
	}
	return out, phrase, nil
}

// legalKind is the kind of the legal documents (content.Legal).
const legalKind = "legal"

// legalOnly is f narrowed to the legal documents, as the backends use it.
func (f Filter) legalOnly() *filterSQL {
	f.Kinds = []string{legalKind}
	return f.sql()
}

// oncePerItem keeps the best of an item's documents (its published text
// and its working copy, both seen by staff) and gives it the item's id.
func oncePerItem(cs []*candidate) []*candidate {
	seen := map[int64]bool{}
	out := cs[:0]
	for _, c := range cs {
		if c.ID < 0 {
			c.ID = -c.ID
		}
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	return out
}

// filterSQL is a filter as the backends use it: conditions on
// search_docs d, and the same conditions where possible as index words
// (see filterWords), with which SQLite needs no join at all.
type filterSQL struct {
	where string
	args  []any
	// words are groups of index words: a document must hold one word of
	// every group. They say what where says, unless join is set.
	words [][]string
	// not are index words a document must not hold (said by where too).
	not  []string
	join bool // where has conditions the words do not cover
	// What the words do not say, for the mirror (mirrormatch.go): the
	// item ids only (below qaBase), the publication range, and whether
	// where has conditions on other columns (the type, the field).
	items    bool
	from, to time.Time
	cols     bool
}

// The index words that carry the filterable facts of a document, which
// no folded word of a text can be.
const (
	liveWord = "zzlive"
	siteWord = "zzsite"
	kindWord = "zzkind"
)

// filterWords are the index words of d's facts.
func filterWords(d *Doc) string {
	w := " " + siteWord + strconv.FormatInt(d.SiteID, 10) + " " + kindWord + foldToken(d.Kind)
	if d.Live {
		w += " " + liveWord
	}
	return w
}

// sql turns the filter into conditions on search_docs d and index words.
func (f Filter) sql() *filterSQL {
	fs := &filterSQL{}
	var where []string
	if !f.Staff {
		where = append(where, "d.live = TRUE")
		fs.words = append(fs.words, []string{liveWord})
	}
	if f.Staff || f.ItemsOnly {
		// Staff search the items they work on; the published answers of
		// citizens' requests have their own pages (qa.go).
		where = append(where, "d.item_id < "+strconv.FormatInt(qaBase, 10))
		fs.items = true
		fs.not = append(fs.not, kindWord+foldToken(KindQA), kindWord+foldToken(KindDraft), kindWord+foldToken(KindGazette))
	}
	if len(f.SiteIDs) > 0 {
		where = append(where, "d.site_id IN ("+store.Placeholders(len(f.SiteIDs))+")")
		var g []string
		for _, id := range f.SiteIDs {
			fs.args = append(fs.args, id)
			g = append(g, siteWord+strconv.FormatInt(id, 10))
		}
		fs.words = append(fs.words, g)
	}
	if len(f.Kinds) > 0 {
		where = append(where, "d.kind IN ("+store.Placeholders(len(f.Kinds))+")")
		var g []string
		for _, k := range f.Kinds {
			fs.args = append(fs.args, k)
			g = append(g, kindWord+foldToken(k))
		}
		fs.words = append(fs.words, g)
	}
	if f.DocType != "" {
		where = append(where, "d.doc_type = ?")
		fs.args = append(fs.args, f.DocType)
		fs.join, fs.cols = true, true
	}
	if f.Field != "" {
		where = append(where, "d.field = ?")
		fs.args = append(fs.args, f.Field)
		fs.join, fs.cols = true, true
	}
	if !f.From.IsZero() {
		where = append(where, "d.published_at >= ?")
		fs.args = append(fs.args, f.From.UTC())
		fs.join, fs.from = true, f.From.UTC()
	}
	if !f.To.IsZero() {
		where = append(where, "d.published_at < ?")
		fs.args = append(fs.args, f.To.UTC())
		fs.join, fs.to = true, f.To.UTC()
	}
	fs.where = "TRUE"
	if len(where) > 0 {
		fs.where = strings.Join(where, " AND ")
	}
	return fs
}

// load reads the candidates' rows, keeping the database's order.
//
// The lead's words with their tones are read only when exact (a word
// was typed with them): the ranking compares them then and only then,
// and they are a third of what the rows weigh.
func (ix *Index) load(ctx context.Context, ids []int64, exact bool) ([]*candidate, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pos := map[int64]int{}
	for i, id := range ids {
		pos[id] = i
	}
	in, args := ix.db.InIDs("item_id", ids)
	lead := "''"
	if exact {
		lead = "lead_exact"
	}
	rows, err := ix.db.Query(ctx, `SELECT item_id, site_id, kind, live, state, title, `+lead+`, lead_folded,
		url, source_id, doc_type, number_key, published_at FROM search_docs WHERE `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("search load: %w", err)
	}
	defer rows.Close()
	out := make([]*candidate, 0, len(ids))
	for rows.Next() {
		c := &candidate{}
		var pub sql.NullTime
		if err := rows.Scan(&c.ID, &c.SiteID, &c.Kind, &c.Live, &c.State, &c.Title, &c.LeadExact, &c.LeadFolded, &c.URL, &c.SourceID,
			&c.DocType, &c.NumberKey, &pub); err != nil {
			return nil, err
		}
		if pub.Valid {
			t := pub.Time
			c.PublishedAt = &t
		}
		c.native = pos[c.ID]
		c.doc = c.ID
		out = append(out, c)
	}
	return out, rows.Err()
}

// snippetRunes bounds how much of a long text the snippet looks through.
const snippetRunes = 60000

// bodies reads the text of the hits shown, for their snippets.
func (ix *Index) bodies(ctx context.Context, cs []*candidate) (map[int64]string, error) {
	out := map[int64]string{}
	if len(cs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.doc
	}
	in, args := ix.db.InIDs("item_id", ids)
	rows, err := ix.db.Query(ctx, `SELECT item_id, substr(body, 1, `+fmt.Sprint(snippetRunes)+`) FROM search_docs
		WHERE `+in, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		out[id] = body
	}
	return out, rows.Err()
}

// TitleMatches returns the items of a site whose title holds every word
// of text (tones and đ optional, as in search), in any state, newest
// first, at most limit: the title filter of the staff item list, which
// pages and counts the items it names. The title of an item's working
// copy counts only with work, for those who may see drafts. ok is false
// when text holds no word to look for.
func (ix *Index) TitleMatches(ctx context.Context, siteID int64, text string, work bool, limit int) (ids []int64, ok bool, err error) {
	q := Parse(text)
	if q.Empty() {
		return nil, false, nil
	}
	// An item edited after publication has two documents: twice as many
	// rows keep limit items when every match is such a pair.
	got, err := ix.be.candidates(ctx, q, matchTitle, Filter{SiteIDs: []int64{siteID}, Staff: true}.sql(), 2*limit)
	if err != nil {
		return nil, true, fmt.Errorf("search titles: %w", err)
	}
	seen := map[int64]bool{}
	ids = []int64{}
	for _, id := range got {
		if id < 0 && !work {
			continue // a working copy: a draft's title
		}
		if isQA(id) {
			continue // a published answer, not an item
		}
		if id < 0 {
			id = -id
		}
		if !seen[id] && len(ids) < limit {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, true, nil
}
