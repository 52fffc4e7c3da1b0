package feedback_test

import (
	"context"
	"math"
	"testing"

	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// The public Q&A takes any page number: one whose offset would overflow
// into a negative OFFSET (which PostgreSQL refuses) is an empty page.
func TestPublishedAnyPage(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for _, page := range []int{math.MaxInt, math.MaxInt/10 + 2, math.MinInt, -1, 0, 100001} {
			for _, per := range []int{0, 10, 100} {
				qa, total, err := f.fb.Published(ctx, feedback.QAFilter{SiteID: f.site.ID, Page: page, PerPage: per})
				if err != nil || len(qa) != 0 || total != 0 {
					t.Errorf("Published(page %d, %d a page) = %d, total %d, %v; want an empty page", page, per, len(qa), total, err)
				}
			}
		}
	})
}
