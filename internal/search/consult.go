package search

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/consult"
)

// KindDraft is the kind of a draft posted for comment (/lay-y-kien/{slug}):
// not a content kind, so that its documents never meet an item's.
const KindDraft = "du-thao"

// draftBase places the documents of drafts above those of published
// answers (qaBase): a draft's row id plus draftBase is its document id.
// isQA holds for them too, so the staff's item search leaves them out.
const draftBase int64 = 1 << 53

// DraftDocID is the document id of draft id.
func DraftDocID(id int64) int64 { return draftBase + id }

// draftDoc is what the index holds of a public draft: its title, kind,
// agency, summary and current text; never a commenter's name.
func draftDoc(d *consult.Draft) Doc {
	return Doc{ItemID: DraftDocID(d.ID), SiteID: d.SiteID, Kind: KindDraft, Lang: "vi", Live: true, State: string(d.State),
		Title: d.Title, Body: d.DocKind + "\n" + d.Agency + "\n" + d.Summary + "\n" + d.Body, URL: consult.Path(d.Slug),
		DocType: d.DocKind, PublishedAt: d.OpensAt}
}

// RefreshDraft indexes a draft as it now is: a public draft is put, one
// not public (or gone) leaves the index. The web server calls it after
// every change to a draft (consult.Options.Changed).
func (ix *Index) RefreshDraft(ctx context.Context, d *consult.Draft) error {
	if d == nil || !d.Public() {
		if d == nil {
			return nil
		}
		return ix.Remove(ctx, DraftDocID(d.ID))
	}
	if err := ix.Put(ctx, []Doc{draftDoc(d)}); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// reindexDrafts puts every public draft into the index (Reindex).
func (ix *Index) reindexDrafts(ctx context.Context) (int, error) {
	cs := consult.NewStore(ix.db, consult.Options{Now: ix.now})
	done := 0
	for page := 1; ; page++ {
		list, _, err := cs.List(ctx, consult.Filter{Page: page, Size: 100})
		if err != nil {
			return done, fmt.Errorf("search read drafts: %w", err)
		}
		if len(list) == 0 {
			return done, nil
		}
		docs := make([]Doc, 0, len(list))
		for _, d := range list {
			full, err := cs.Get(ctx, d.ID) // the list leaves the text out
			if err != nil {
				return done, err
			}
			docs = append(docs, draftDoc(full))
		}
		if err := ix.Put(ctx, docs); err != nil {
			return done, err
		}
		done += len(docs)
	}
}
