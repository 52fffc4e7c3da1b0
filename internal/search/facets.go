package search

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Facets lists the document types and fields of the published documents
// of the sites (every site when none), in Vietnamese order, for the
// search form's filters. Each list is read by skipping, site by site,
// from one value to the next in the site's index (a loose index scan):
// its cost is the number of values, not of documents.
func (ix *Index) Facets(ctx context.Context, siteIDs []int64) (docTypes, fields []string, err error) {
	sites := `SELECT id FROM sites`
	var args []any
	if len(siteIDs) > 0 {
		sites += ` WHERE id IN (` + store.Placeholders(len(siteIDs)) + `)`
		for _, id := range siteIDs {
			args = append(args, id)
		}
	}
	for _, c := range []struct {
		col string
		out *[]string
	}{{"doc_type", &docTypes}, {"field", &fields}} {
		next := `(SELECT d.` + c.col + ` FROM search_docs d WHERE d.site_id = %s AND d.live = TRUE AND d.` + c.col + ` > %s
			ORDER BY d.` + c.col + ` LIMIT 1)`
		rows, err := ix.db.Query(ctx, `WITH RECURSIVE v(s, x) AS (
			SELECT t.id, `+fmt.Sprintf(next, "t.id", "''")+` FROM (`+sites+`) t
			UNION ALL
			SELECT v.s, `+fmt.Sprintf(next, "v.s", "v.x")+` FROM v WHERE v.x IS NOT NULL)
			SELECT DISTINCT x FROM v WHERE x IS NOT NULL`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, nil, err
			}
			*c.out = append(*c.out, v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
		vn.SortStrings(*c.out)
	}
	return docTypes, fields, nil
}
