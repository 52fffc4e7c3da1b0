package feedback_test

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestAdministratorsCalendarDecides: a day off and a worked Saturday that
// administrators enter for the year move a request's deadline.
func TestAdministratorsCalendarDecides(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		rs := rules.NewStore(db, f.clock.Now)
		for _, d := range []rules.CalendarDay{
			{Day: "2026-02-23", Off: true, Name: "Nghỉ thêm sau Tết", Source: "Thông báo thử"},
			{Day: "2026-02-28", Off: false, Name: "Làm bù", Source: "Thông báo thử"},
		} {
			if err := rs.SetCalendarDay(ctx, d, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		r, _, err := f.fb.Submit(ctx, f.submission())
		if err != nil {
			t.Fatal(err)
		}
		// Fri 13/2/2026, Tết 16–20/2, off Mon 23/2, Saturday 28/2
		// worked: Tue 24, Wed 25, Thu 26, Fri 27, Sat 28.
		if got := feedback.LastDay(r.ForwardDue).Format("2006-01-02"); got != "2026-02-28" {
			t.Errorf("forward due %s, want 2026-02-28", got)
		}
	})
}
