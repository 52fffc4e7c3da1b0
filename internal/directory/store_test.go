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
		for _, c := range bad {
			c.sp.SiteID = st.ID
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
