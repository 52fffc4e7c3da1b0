package media

import (
	"context"
	"math"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// List takes any page number: one whose offset would overflow into a
// negative OFFSET (which PostgreSQL refuses) is an empty page.
func TestListAnyPage(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, siteID := newTestStore(t, db, DefaultLimits())
		for _, page := range []int{math.MaxInt, math.MaxInt/PageSize + 2, math.MinInt, -1, 0, 1, 2, 100001} {
			ms, err := s.List(ctx, siteID, page)
			if err != nil || len(ms) != 0 {
				t.Errorf("List(page %d) = %d items, %v; want an empty page", page, len(ms), err)
			}
		}
	})
}
