package search

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/gazette"
)

// KindGazette is the kind of a document published in the gazette
// (/cong-bao/van-ban/{id}).
const KindGazette = "cong-bao"

// gazetteBase places the gazette's documents above the drafts'
// (draftBase); isQA holds for them too, so the staff's item search
// leaves them out.
const gazetteBase int64 = 1 << 54

// GazetteDocID is the document id of gazette document id.
func GazetteDocID(id int64) int64 { return gazetteBase + id }

// gazetteDoc is what the index holds of a published gazette document:
// its type, number (found in any typing as legal documents' are),
// abstract, issuing body, signer and field.
func gazetteDoc(d *gazette.Doc) Doc {
	return Doc{ItemID: GazetteDocID(d.ID), SiteID: d.SiteID, Kind: KindGazette, Lang: "vi", Live: true, State: string(d.State),
		Title: d.DocType + " " + d.Number + " " + d.Abstract, Body: d.Abstract + "\n" + d.Issuer + "\n" + d.Signer + "\n" + d.Field + "\n" + d.Text,
		URL: gazette.DocPath(d), SourceID: d.Number, DocType: d.DocType, Field: d.Field, Number: d.Number, PublishedAt: d.PublishedAt}
}

// RefreshGazette indexes the gazette documents ids as they now are: a
// published or withdrawn one is put (a withdrawn document stays findable,
// its page says so), one not published leaves the index.
func (ix *Index) RefreshGazette(ctx context.Context, gz *gazette.Store, ids ...int64) error {
	for _, id := range ids {
		d, err := gz.Get(ctx, id)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if d.State == gazette.Received {
			if err := ix.Remove(ctx, GazetteDocID(id)); err != nil {
				return err
			}
			continue
		}
		if err := ix.Put(ctx, []Doc{gazetteDoc(d)}); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
	}
	return nil
}

// reindexGazette puts every published gazette document into the index.
func (ix *Index) reindexGazette(ctx context.Context) (int, error) {
	gz := gazette.NewStore(ix.db, gazette.Options{Now: ix.now})
	rows, err := ix.db.Query(ctx, `SELECT id FROM gazette_docs WHERE state <> 'received' ORDER BY id`)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return len(ids), ix.RefreshGazette(ctx, gz, ids...)
}
