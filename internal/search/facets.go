package search

import (
	"context"

	"github.com/congportal/cong/internal/vn"
)

// Facets lists the document types and fields of the published documents
// of the sites (every site when none), in Vietnamese order, for the
// search form's filters.
func (ix *Index) Facets(ctx context.Context, siteIDs []int64) (docTypes, fields []string, err error) {
	fs := Filter{SiteIDs: siteIDs}.sql()
	where, args := fs.where, fs.args
	for _, c := range []struct {
		col string
		out *[]string
	}{{"doc_type", &docTypes}, {"field", &fields}} {
		rows, err := ix.db.Query(ctx, `SELECT DISTINCT d.`+c.col+` FROM search_docs d WHERE `+where+` AND d.`+c.col+` <> ''`, args...)
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
