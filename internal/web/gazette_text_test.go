package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestGazetteFoundByItsText: a gazette document whose text the office
// gave is found by the words of that text, not only of its abstract
// (issue 16), with and without diacritics; the demo's decision on
// vehicle loads says "trọng lượng" only in its text.
func TestGazetteFoundByItsText(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		anon := h.browser()
		var id string
		if err := db.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM gazette_docs WHERE number = '31/2026/QĐ-UBND'`).Scan(&id); err != nil {
			t.Fatalf("the demo's gazette document: %v", err)
		}
		for _, q := range []string{"tổng trọng lượng trên 30 tấn", "tong trong luong tren 30 tan"} {
			p := anon.get("/tim-kiem?q=" + url.QueryEscape(q))
			if p.status != 200 || !strings.Contains(p.body, `href="/cong-bao/van-ban/`+id+`"`) {
				t.Errorf("searching %q does not find the gazette document by its text: %d", q, p.status)
			}
		}
	})
}
