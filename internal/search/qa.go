package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/congportal/cong/internal/feedback"
)

// KindQA is the kind of a published answer to a citizen's question or
// feedback (the public Q&A, /hoi-dap/{code}): not a content kind, so
// that its documents never meet an item's.
const KindQA = "hoi-dap"

// qaBase places the documents of published answers above every item id
// (and their working copies, which are negative): a request's row id
// plus qaBase is its document id.
const qaBase int64 = 1 << 52

// QADocID is the document id of the published answer of request id.
func QADocID(id int64) int64 { return qaBase + id }

// isQA reports whether a document id is a published answer's.
func isQA(id int64) bool { return id >= qaBase }

// qaDoc is what the index holds of a published answer: its title, the
// question and the answer; never the sender's name or contacts.
func qaDoc(q *feedback.QA) Doc {
	t := q.PublishedAt
	return Doc{ItemID: QADocID(q.ID), SiteID: q.SiteID, Kind: KindQA, Lang: "vi", Live: true, State: "published",
		Title: q.Title, Body: q.Question + "\n" + q.Answer, URL: q.URL, SourceID: q.Code, PublishedAt: &t}
}

// RefreshQA indexes the published answers of the requests ids as they
// now are: a published answer is put, a request that is not (or no
// longer) published leaves the index. The web server calls it after
// every step and erasure of a request (feedback.Options.Changed).
func (ix *Index) RefreshQA(ctx context.Context, ids ...int64) error {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for chunk := range slices.Chunk(ids, batchSize) {
		list, err := ix.qa.QAForIndex(ctx, chunk...)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		found := map[int64]bool{}
		docs := make([]Doc, 0, len(list))
		for _, q := range list {
			found[q.ID] = true
			docs = append(docs, qaDoc(q))
		}
		var gone []int64
		for _, id := range chunk {
			if !found[id] {
				gone = append(gone, QADocID(id))
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

// reindexQA puts every published answer into the index (Reindex), in
// pages by id, and reports how many.
func (ix *Index) reindexQA(ctx context.Context, progress func(n int)) (int, error) {
	done := 0
	var last int64
	for {
		list, err := ix.qa.ForIndex(ctx, last, batchSize)
		if err != nil {
			return done, fmt.Errorf("search read answers: %w", err)
		}
		if len(list) == 0 {
			return done, nil
		}
		docs := make([]Doc, len(list))
		for i, q := range list {
			docs[i] = qaDoc(q)
			last = max(last, q.ID)
		}
		if err := ix.Put(ctx, docs); err != nil {
			return done, err
		}
		done += len(docs)
		progress(done)
	}
}
