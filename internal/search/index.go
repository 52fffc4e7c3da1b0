package search

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"golang.org/x/text/unicode/norm"
)

// maxIndexedBytes bounds the folded body a document indexes: the longest
// codes of law stay well below it.
const maxIndexedBytes = 600_000

// batchSize is how many documents one transaction of a rebuild writes.
const batchSize = 500

// Put writes docs into the index, replacing what it held for them, in
// one transaction. The portal calls it through Refresh; the benchmark
// calls it directly with generated documents. Rows go many to a
// statement: indexing speed is mostly round trips.
func (ix *Index) Put(ctx context.Context, docs []Doc) error {
	if len(docs) == 0 {
		return nil
	}
	return ix.write(ctx, ix.prepare(docs), false)
}

// PutAll writes the batches next gives (until an empty one) as Put does,
// one transaction each, and preparing a batch — cutting, folding, the
// backend's tsvectors, all CPU — while the one before is written, which
// is all database: a rebuild then keeps both the cores and the database
// busy instead of taking turns. done, if not nil, is told after each
// batch is written, with how many documents were.
func (ix *Index) PutAll(ctx context.Context, next func() ([]Doc, error), done func(n int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type batch struct {
		p   *prepared
		n   int
		err error
	}
	ready := make(chan batch, 1)
	go func() {
		defer close(ready)
		for {
			docs, err := next()
			if err != nil || len(docs) == 0 {
				if err != nil {
					ready <- batch{err: err}
				}
				return
			}
			select {
			case ready <- batch{p: ix.prepare(docs), n: len(docs)}:
			case <-ctx.Done():
				return
			}
		}
	}()
	// PostgreSQL writes two batches at once: one backend parsing the
	// tsvectors and filling the GIN indexes was the bound (the words'
	// counts, which both update, then wait for each other's commit).
	// SQLite has one writer.
	writers := 1
	if ix.db.Dialect == store.Postgres {
		writers = 2
	}
	var (
		mu    sync.Mutex
		total int
		first error
		wg    sync.WaitGroup
	)
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range ready {
				// The source's error ends the batches (next is not called
				// again) and leaves the one being written to finish; a
				// write's error stops the other.
				err := b.err
				if err == nil {
					if err = ctx.Err(); err == nil {
						err = ix.write(ctx, b.p, true)
					}
				}
				mu.Lock()
				if err != nil && first == nil {
					first = err
					if b.err == nil {
						cancel()
					}
				}
				if err == nil && first == nil {
					total += b.n
					if done != nil {
						done(total)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return first
}

// prepared is a batch of documents ready to be written: their texts cut
// and folded, their words counted, the backend's columns made.
type prepared struct {
	docs  []Doc
	texts []ftsText
	ids   []int64
	leads [][2]string
	extra [][]any
	terms map[string]int
}

// prepare readies docs for write; it is the CPU of indexing, and touches
// no database.
func (ix *Index) prepare(docs []Doc) *prepared {
	docs = lastOfEach(docs)
	p := &prepared{docs: docs, texts: make([]ftsText, len(docs)), ids: make([]int64, len(docs)), leads: make([][2]string, len(docs))}
	// The backend's own columns (PostgreSQL's tsvectors), written in Go.
	_, _, extraArgs := ix.be.columns()
	if extraArgs != nil {
		p.extra = make([][]any, len(docs))
	}
	// Cutting and folding the texts is most of the CPU of indexing: the
	// documents are shared among the cores, each counting its own words
	// and writing its documents' tsvectors.
	workers := max(1, min(runtime.GOMAXPROCS(0), (len(docs)+63)/64))
	parts := make([]map[string]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			terms := map[string]int{}
			for i := w; i < len(docs); i += workers {
				d := &docs[i]
				d.Title, d.Body = nfc(d.Title), nfc(d.Body)
				key := ""
				if d.Number != "" {
					key = legal.NumberKey(d.Number)
				}
				t, b := indexText(d, key)
				p.texts[i] = ftsText{id: d.ItemID, title: t, body: b, key: key}
				if extraArgs != nil {
					p.extra[i] = extraArgs(p.texts[i])
				}
				p.ids[i] = d.ItemID
				countTerms(terms, t+" "+b)
				p.leads[i][0], p.leads[i][1] = leadWords(d.Body)
			}
			parts[w] = terms
		}()
	}
	wg.Wait()
	p.terms = parts[0]
	for _, part := range parts[1:] {
		for t, n := range part {
			p.terms[t] += n
		}
	}
	return p
}

// write writes a prepared batch in one transaction.
// bulk is a batch of PutAll (a rebuild): on PostgreSQL its commit does
// not wait for the write-ahead log to reach the disk (synchronous_commit
// off, for that transaction only). A crash may lose the last batches
// written, as if it had come a moment earlier: an interrupted rebuild is
// incomplete either way, and its batches hold no one's edit, only what
// the items say.
func (ix *Index) write(ctx context.Context, p *prepared, bulk bool) error {
	now := ix.now().UTC()
	docs, texts, ids, leads, extra := p.docs, p.texts, p.ids, p.leads, p.extra
	extraCols, extraVals, _ := ix.be.columns()
	const cols = `item_id, site_id, kind, lang, live, state, title, body, lead_exact, lead_folded, url, source_id, doc_type, field,
		number_key, published_at, indexed_at`
	row := "(" + store.Placeholders(17) + extraVals + ")"
	return ix.db.InTx(ctx, func(tx *store.Tx) error {
		if bulk && tx.Dialect() == store.Postgres {
			if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
				return err
			}
		}
		// Only the documents already indexed have rows to delete: a
		// delete from the full-text index costs a look into it even for
		// an id it does not hold.
		for chunk := range slices.Chunk(ids, batchSize) {
			old, err := ix.existing(ctx, tx, chunk)
			if err != nil {
				return err
			}
			if len(old) == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE item_id IN (`+store.Placeholders(len(old))+`)`, int64Args(old)...); err != nil {
				return err
			}
			if err := ix.be.remove(ctx, tx, old); err != nil {
				return err
			}
		}
		const per = 50
		for start := 0; start < len(docs); start += per {
			part := docs[start:min(len(docs), start+per)]
			args := make([]any, 0, len(part)*19)
			for i := range part {
				d, t := &part[i], texts[start+i]
				lead := leads[start+i]
				args = append(args, d.ItemID, d.SiteID, d.Kind, nonEmpty(d.Lang, "vi"), d.Live, d.State, d.Title, d.Body, lead[0], lead[1], d.URL,
					d.SourceID, d.DocType, d.Field, t.key, utc(d.PublishedAt), now)
				if extra != nil {
					args = append(args, extra[start+i]...)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO search_docs (`+cols+extraCols+`) VALUES `+
				strings.TrimSuffix(strings.Repeat(row+", ", len(part)), ", "), args...); err != nil {
				return err
			}
		}
		if err := ix.addTerms(ctx, tx, p.terms); err != nil {
			return err
		}
		// The full-text rows last, few to a statement: SQLite's FTS5
		// writes its pending words out as a new segment before every
		// statement of the transaction once it has been written to, and
		// every segment is merged later.
		for chunk := range slices.Chunk(texts, ftsPerStatement) {
			if err := ix.be.put(ctx, tx, chunk); err != nil {
				return err
			}
		}
		return nil
	})
}

// ftsPerStatement is how many documents one statement gives the
// full-text index (three parameters each).
const ftsPerStatement = 1000

// existing lists those of ids that the index holds.
func (ix *Index) existing(ctx context.Context, tx *store.Tx, ids []int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT item_id FROM search_docs WHERE item_id IN (`+store.Placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, err
	}
	return scanIDs(rows)
}

// lastOfEach keeps the last of several docs with the same id.
func lastOfEach(docs []Doc) []Doc {
	last := map[int64]int{}
	for i, d := range docs {
		last[d.ItemID] = i
	}
	if len(last) == len(docs) {
		return docs
	}
	out := make([]Doc, 0, len(last))
	for i, d := range docs {
		if last[d.ItemID] == i {
			out = append(out, d)
		}
	}
	return out
}

// ftsText is what one document gives the full-text index.
type ftsText struct {
	id          int64
	title, body string
	key         string // its own document number's key
}

// indexText is what the full-text index holds for d: the folded words of
// the title and of the body, plus one word per document number — the
// document's own in the title, those it cites in the body.
func indexText(d *Doc, key string) (title, body string) {
	title = foldedText(d.Title)
	if key != "" {
		title += " " + numberToken(key)
	}
	body = foldedText(d.Body)
	if len(body) > maxIndexedBytes { // PostgreSQL refuses a tsvector over 1 MB
		body = body[:strings.LastIndexByte(body[:maxIndexedBytes], ' ')+1]
	}
	if nums := numberTokens(d.Title + "\n" + d.Body); len(nums) > 0 {
		body += " " + strings.Join(nums, " ")
	}
	body += filterWords(d)
	return title, body
}

// Remove drops items from the index.
func (ix *Index) Remove(ctx context.Context, ids ...int64) error {
	return ix.db.InTx(ctx, func(tx *store.Tx) error {
		for chunk := range slices.Chunk(ids, batchSize) {
			if err := ix.be.remove(ctx, tx, chunk); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE item_id IN (`+store.Placeholders(len(chunk))+`)`, int64Args(chunk)...); err != nil {
				return err
			}
		}
		return nil
	})
}

// Refresh re-reads items from the content tables and indexes them as
// they now are; items that no longer exist leave the index. The web
// server calls it right after every committed change of an item (see
// content.Store.OnChange), so the index is never more than that one
// call behind.
func (ix *Index) Refresh(ctx context.Context, ids ...int64) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for len(ids) > 0 {
		n := min(len(ids), batchSize)
		batch := ids[:n]
		ids = ids[n:]
		docs, err := ix.read(ctx, "i.id IN ("+store.Placeholders(len(batch))+")", int64Args(batch)...)
		if err != nil {
			return err
		}
		found := map[int64]bool{}
		for _, d := range docs {
			found[d.ItemID] = true
		}
		var gone []int64
		for _, id := range batch {
			for _, each := range []int64{id, -id} { // the item, and its working copy
				if !found[each] {
					gone = append(gone, each)
				}
			}
		}
		if err := ix.Put(ctx, docs); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if len(gone) > 0 {
			if err := ix.Remove(ctx, gone...); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}

// Reindex rebuilds the whole index from the content tables and reports
// how many documents it holds.
func (ix *Index) Reindex(ctx context.Context, progress func(done int)) (int, error) {
	err := ix.db.InTx(ctx, func(tx *store.Tx) error {
		if err := ix.be.clear(ctx, tx); err != nil {
			return err
		}
		for _, t := range []string{"search_docs", "search_terms"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	ix.vmu.Lock()
	ix.vocab, ix.docCountAt = nil, time.Time{}
	ix.vmu.Unlock()
	// The items, a batch read and prepared while the one before is
	// written.
	done := 0
	var last int64
	err = ix.PutAll(ctx, func() ([]Doc, error) {
		docs, err := ix.read(ctx, "i.id > ? ORDER BY i.id LIMIT "+fmt.Sprint(batchSize), last)
		for _, d := range docs {
			last = max(last, d.ItemID)
		}
		return docs, err
	}, func(n int) {
		done = n
		if progress != nil {
			progress(n)
		}
	})
	if err != nil {
		return done, err
	}
	// Then the published answers of citizens' requests.
	items := done
	n, err := ix.reindexQA(ctx, func(n int) {
		if progress != nil {
			progress(items + n)
		}
	})
	if err != nil {
		return items + n, err
	}
	// Then the drafts posted for comment.
	nd, err := ix.reindexDrafts(ctx)
	if err != nil {
		return items + n + nd, err
	}
	// And the gazette's published documents.
	ng, err := ix.reindexGazette(ctx)
	if err != nil {
		return items + n + nd + ng, err
	}
	return items + n + nd + ng, ix.Optimize(ctx)
}

// Optimize tidies the index after a bulk load (Reindex runs it): SQLite
// merges its FTS5 segments, PostgreSQL gathers the statistics its
// planner needs to choose between the GIN index and the primary key.
func (ix *Index) Optimize(ctx context.Context) error { return ix.be.optimize(ctx) }

// Empty reports whether the index holds nothing, and how many items
// there are to index, counted up to limit + 1 (enough to choose how to
// build it; a count of a million items would read each).
func (ix *Index) Empty(ctx context.Context, limit int) (bool, int, error) {
	var docs, items int
	if err := ix.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_docs LIMIT 1) d`).Scan(&docs); err != nil {
		return false, 0, err
	}
	if err := ix.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM items LIMIT ?) i`, limit+1).Scan(&items); err != nil {
		return false, 0, err
	}
	return docs == 0, items, nil
}

// read loads the documents of the items matching cond: the published
// revision of a live item, the working copy of any other.
func (ix *Index) read(ctx context.Context, cond string, args ...any) ([]Doc, error) {
	// A live item being edited gives two documents: the published text
	// (public) and, under the item's id negated, the working copy, which
	// only staff searches reach.
	rows, err := ix.db.Query(ctx, `SELECT i.id, i.site_id, i.kind, i.lang, i.live, i.state, i.slug, i.source_id, i.published_at,
		r.title, r.summary, r.body, COALESCE(l.doc_type, ''), COALESCE(l.field, ''), COALESCE(l.number, ''), r.id = i.current_rev
		FROM items i JOIN revisions r ON r.id = i.current_rev OR (i.live AND r.id = i.published_rev)
		LEFT JOIN legal_docs l ON l.item_id = i.id WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("search read: %w", err)
	}
	defer rows.Close()
	var docs []Doc
	for rows.Next() {
		var d Doc
		var slug, summary, body string
		var pub sql.NullTime
		var working bool
		if err := rows.Scan(&d.ItemID, &d.SiteID, &d.Kind, &d.Lang, &d.Live, &d.State, &slug, &d.SourceID, &pub,
			&d.Title, &summary, &body, &d.DocType, &d.Field, &d.Number, &working); err != nil {
			return nil, err
		}
		if pub.Valid {
			t := pub.Time
			d.PublishedAt = &t
		}
		d.working = working
		it := content.Item{Kind: content.Kind(d.Kind), Slug: slug, Lang: d.Lang}
		d.URL = it.URL()
		d.Body = richtext.PlainText(body)
		if summary != "" && summary != d.Title {
			d.Body = summary + "\n" + d.Body
		}
		docs = append(docs, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return workingCopies(docs), nil
}

// workingCopies sorts out the rows of read: an item with one revision row
// is one document; a live item with a working copy besides its published
// revision (the edit rows come in pairs) gets the copy as a second,
// non-public document under its id negated.
func workingCopies(rows []Doc) []Doc {
	n := map[int64]int{}
	for _, d := range rows {
		n[d.ItemID]++
	}
	out := rows[:0]
	for _, d := range rows {
		if n[d.ItemID] > 1 && d.working {
			d.ItemID, d.Live = -d.ItemID, false
		}
		out = append(out, d)
	}
	return out
}

// nfc is vn.NFC for text that is not NFC already (stored text is).
func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return vn.NFC(s)
}

func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func utc(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}
