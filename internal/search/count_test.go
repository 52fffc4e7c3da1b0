package search

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
)

// TestPostgresCountTakesTheEstimate: on PostgreSQL, words that the
// planner expects in far more documents than countCap are counted as
// "more than countCap" without reading the matches; rarer words are
// counted exactly.
func TestPostgresCountTakesTheEstimate(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	n := surelyMore*countCap + 2000
	if _, err := db.Exec(ctx, `INSERT INTO search_docs (item_id, site_id, kind, live, state, title, url, indexed_at, tsv, title_tsv)
		SELECT g, 1, 'article', TRUE, 'published', 'x', '/x', now(),
			to_tsvector('simple', CASE WHEN g % 1000 = 0 THEN 'chung hiem' ELSE 'chung' END || ' zzlive zzsite1'), to_tsvector('simple', 'x')
		FROM generate_series(1, ?) g`, n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `ANALYZE search_docs`); err != nil {
		t.Fatal(err)
	}
	be := postgresBackend{db: db}
	f := Filter{SiteIDs: []int64{1}}.sql()
	if got, err := be.count(ctx, Parse("chung"), false, f); err != nil || got != countCap+1 {
		t.Errorf("count of a word in every document = %d, %v; want %d (more than countCap)", got, err, countCap+1)
	}
	if got, err := be.count(ctx, Parse("hiem"), false, f); err != nil || got != n/1000 {
		t.Errorf("count of a rare word = %d, %v; want %d, exactly", got, err, n/1000)
	}
	// Staff: the filter's words leave out the kinds that are not items.
	staff := Filter{SiteIDs: []int64{1}, Staff: true}.sql()
	if got, err := be.count(ctx, Parse("hiem"), false, staff); err != nil || got != n/1000 {
		t.Errorf("staff count of a rare word = %d, %v; want %d", got, err, n/1000)
	}
	if _, err := db.Exec(ctx, `UPDATE search_docs SET tsv = tsv || 'zzkindhoidap'::tsvector WHERE item_id = 1000`); err != nil {
		t.Fatal(err)
	}
	if got, err := be.count(ctx, Parse("hiem"), false, staff); err != nil || got != n/1000-1 {
		t.Errorf("staff count without the published answer = %d, %v; want %d", got, err, n/1000-1)
	}
}

func TestEstimatedRows(t *testing.T) {
	if got := estimatedRows(`[{"Plan": {"Node Type": "Bitmap Heap Scan", "Plan Rows": 4836}}]`); got != 4836 {
		t.Errorf("estimatedRows = %v; want 4836", got)
	}
	if got := estimatedRows(`not json`); got != 0 {
		t.Errorf("estimatedRows of nonsense = %v; want 0", got)
	}
}
