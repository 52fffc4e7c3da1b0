package search_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestPutAll: the batches are written (two at once on PostgreSQL), each
// found after; the count told grows batch by batch; a failing batch
// source stops it with its error, what was written before staying
// written.
func TestPutAll(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ix := search.New(db, time.Now)
		batch := func(from, n int) []search.Doc {
			var out []search.Doc
			for id := from; id < from+n; id++ {
				out = append(out, search.Doc{ItemID: int64(id), SiteID: 1, Kind: "article", State: "published", Live: true,
					Title: fmt.Sprintf("Thông báo số %d về lịch tiếp công dân", id), Body: "Lịch tiếp công dân định kỳ.",
					URL: fmt.Sprintf("/tin-tuc/bai-%d", id), PublishedAt: day("2026-01-02")})
			}
			return out
		}
		k := 0
		var told []int
		err := ix.PutAll(ctx, func() ([]search.Doc, error) {
			k++
			switch k {
			case 1, 2, 3:
				return batch(1+(k-1)*40, 40), nil
			}
			return nil, nil
		}, func(n int) { told = append(told, n) })
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(told) != "[40 80 120]" {
			t.Errorf("told %v; want [40 80 120]", told)
		}
		if res := find(t, ix, "tiep cong dan", search.Filter{}); res.Total != 120 {
			t.Errorf("%d found; want 120", res.Total)
		}
		boom := errors.New("the source failed")
		k = 0
		err = ix.PutAll(ctx, func() ([]search.Doc, error) {
			k++
			if k == 1 {
				return batch(200, 10), nil
			}
			return nil, boom
		}, nil)
		if !errors.Is(err, boom) {
			t.Errorf("err = %v; want the source's", err)
		}
		if res := find(t, ix, "tiep cong dan", search.Filter{}); res.Total != 130 {
			t.Errorf("%d found after the failure; want 130 (the batch before it written)", res.Total)
		}
	})
}
