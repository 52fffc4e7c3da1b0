package directory_test

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestDirectoryStore(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		if err := site.NewSites(db, time.Now).Create(ctx, st, audit.CLI); err != nil {
			t.Fatal(err)
		}
		ds := directory.NewStore(db, time.Now)
		u := &directory.Unit{SiteID: st.ID, Name: "  Văn phòng\tUBND ", Kind: "Văn phòng", Phone: "+84 251 3822 403", Email: "vp@dongnai.gov.vn"}
		if err := ds.SaveUnit(ctx, u, audit.CLI); err != nil {
			t.Fatal(err)
		}
		if u.Name != "Văn phòng UBND" {
			t.Errorf("name not cleaned: %q", u.Name)
		}
		for _, p := range []*directory.Person{
			{SiteID: st.ID, UnitID: u.ID, FullName: "Trần Văn B", Title: "Phó Chánh Văn phòng"},
			{SiteID: st.ID, UnitID: u.ID, FullName: "Nguyễn Văn A", Title: "Chánh Văn phòng", Leader: true},
		} {
			if err := ds.SavePerson(ctx, p, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		units, err := ds.Units(ctx, st.ID)
		if err != nil || len(units) != 1 || len(units[0].People) != 2 || units[0].People[0].FullName != "Nguyễn Văn A" ||
			len(units[0].Leaders()) != 1 {
			t.Fatalf("units = %v, %v", units, err)
		}

		bad := []struct {
			sp    directory.Spokesperson
			field string
		}{
			{directory.Spokesperson{FullName: "", Title: "x", Phone: "1234", Email: "a@b", Decision: "1", AppointedOn: "2026-07-01"}, "full_name"},
			{directory.Spokesperson{FullName: "A", Title: "x", Phone: "1234", Email: "ab.gov.vn", Decision: "1", AppointedOn: "2026-07-01"}, "email"},
			{directory.Spokesperson{FullName: "A", Title: "x", Phone: "12a34", Email: "a@b", Decision: "1", AppointedOn: "2026-07-01"}, "phone"},
			{directory.Spokesperson{FullName: "A", Title: "x", Phone: "1234", Email: "a@b", Decision: "1", AppointedOn: "1/7/2026"}, "appointed_on"},
			{directory.Spokesperson{FullName: "A", Title: "x", Phone: "1234", Email: "a@b", Decision: "1", AppointedOn: "2026-07-01", ValidUntil: "2026-06-01"}, "valid_until"},
		}
		decided := time.Date(2026, 6, 30, 15, 0, 0, 0, time.UTC)
		for _, c := range bad {
			c.sp.SiteID, c.sp.DecidedAt = st.ID, &decided
			err := ds.SaveSpokesperson(ctx, &c.sp, audit.CLI)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || e.Fields[c.field].VI == "" || e.Fields[c.field].EN == "" {
				t.Errorf("%+v: err = %v, want a message on %s", c.sp, err, c.field)
			}
		}
		for _, sp := range []*directory.Spokesperson{
			{FullName: "Đặng Thị C", AppointedOn: "2026-07-01"},
			{FullName: "Bùi Văn D", AppointedOn: "2026-01-01", ValidUntil: "2026-06-30"},
			{FullName: "Âu Văn E", AppointedOn: "2026-07-01", ValidUntil: "2026-12-31"},
			{FullName: "Lê Văn F", AppointedOn: "2027-01-01"},
		} {
			sp.SiteID, sp.Title, sp.Phone, sp.Email, sp.Decision = st.ID, "Chánh Văn phòng", "0251 3822 403", "pn@dongnai.gov.vn", "123/QĐ-UBND"
			sp.DecidedAt, sp.Publish = &decided, true
			if err := ds.SaveSpokesperson(ctx, sp, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		got, err := ds.Spokespersons(ctx, []int64{st.ID}, "2026-07-01")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, sp := range got {
			names = append(names, sp.FullName)
		}
		// Vietnamese order: Â after A, Đ after D.
		if len(names) != 2 || names[0] != "Âu Văn E" || names[1] != "Đặng Thị C" {
			t.Errorf("valid on 2026-07-01: %v", names)
		}
		if got, _ := ds.Spokespersons(ctx, []int64{st.ID}, "2026-06-30"); len(got) != 1 || got[0].FullName != "Bùi Văn D" {
			t.Errorf("valid on its last day: %v", got)
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'directory.%'`).Scan(&n)
		if n != 7 {
			t.Errorf("audit entries = %d, want 7", n)
		}
	})
}

// TestSpokespersonPublicationAndDelegation: an entry waits until it is
// posted (and only then is public); a delegation needs a case, a person
// who delegated and an end date, and a delegated spokesperson cannot
// delegate further (REQ-36..37).
func TestSpokespersonPublicationAndDelegation(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		if err := site.NewSites(db, time.Now).Create(ctx, st, audit.CLI); err != nil {
			t.Fatal(err)
		}
		ds := directory.NewStore(db, time.Now)
		decided := time.Now().Add(-3 * time.Hour)
		base := func() *directory.Spokesperson {
			return &directory.Spokesperson{SiteID: st.ID, FullName: "Lê Văn C", Title: "Phó Chánh Văn phòng", Phone: "0912 345 678",
				Email: "pn@dongnai.gov.vn", Decision: "1/QĐ-UBND", DecidedAt: &decided, AppointedOn: ds.Today()}
		}
		waiting := base()
		if err := ds.SaveSpokesperson(ctx, waiting, audit.CLI); err != nil {
			t.Fatal(err)
		}
		if got, _ := ds.Spokespersons(ctx, []int64{st.ID}, ds.Today()); len(got) != 0 {
			t.Errorf("an entry not yet posted is public: %v", got)
		}
		if w, _ := ds.Waiting(ctx, []int64{st.ID}); len(w) != 1 || w[0].ID != waiting.ID || w[0].DecidedAt == nil {
			t.Fatalf("waiting = %v", w)
		}
		if err := ds.PublishSpokesperson(ctx, st.ID, waiting.ID, audit.CLI); err != nil {
			t.Fatal(err)
		}
		if err := ds.PublishSpokesperson(ctx, st.ID, waiting.ID, audit.CLI); err == nil {
			t.Error("posting twice must say there is nothing waiting")
		}
		got, _ := ds.Spokespersons(ctx, []int64{st.ID}, ds.Today())
		if len(got) != 1 || got[0].PublishedAt == nil {
			t.Fatalf("after posting: %v", got)
		}
		// Editing keeps it public.
		got[0].Title = "Chánh Văn phòng"
		if err := ds.SaveSpokesperson(ctx, got[0], audit.CLI); err != nil {
			t.Fatal(err)
		}
		if again, _ := ds.Spokesperson(ctx, st.ID, waiting.ID); again.PublishedAt == nil || again.Title != "Chánh Văn phòng" {
			t.Errorf("after editing: %+v", again)
		}

		// A delegation without its case, delegating person or end date.
		d := base()
		d.Kind, d.FullName = directory.Delegated, "Võ Minh E"
		err := ds.SaveSpokesperson(ctx, d, audit.CLI)
		e, ok := apperr.As(err)
		if !ok || e.Fields["case"].VI == "" || e.Fields["delegated_by"].VI == "" || e.Fields["valid_until"].VI == "" {
			t.Fatalf("incomplete delegation: %v", err)
		}
		d.Case, d.DelegatedBy, d.ValidUntil, d.Publish = "Sự cố ngập úng", "Chủ tịch UBND tỉnh", "2099-01-01", true
		if err := ds.SaveSpokesperson(ctx, d, audit.CLI); err != nil {
			t.Fatal(err)
		}
		// The delegated spokesperson may not delegate in turn.
		sub := base()
		sub.Kind, sub.FullName, sub.Case, sub.DelegatedBy, sub.ValidUntil = directory.Delegated, "Ngô Văn H", "Sự cố ngập úng", "ông Vo Minh E", "2099-01-01"
		err = ds.SaveSpokesperson(ctx, sub, audit.CLI)
		if e, ok := apperr.As(err); !ok || e.Fields["delegated_by"].VI == "" {
			t.Errorf("sub-delegation = %v; want refused", err)
		}
		// A missing decision time: refused, with the reason.
		nodec := base()
		nodec.DecidedAt = nil
		if e, ok := apperr.As(ds.SaveSpokesperson(ctx, nodec, audit.CLI)); !ok || e.Fields["decided_at"].VI == "" {
			t.Error("an entry without its decision time must be refused")
		}
		if all, _ := ds.AllSpokespersons(ctx, st.ID); len(all) != 2 {
			t.Errorf("refused entries were stored: %d", len(all))
		}
	})
}
