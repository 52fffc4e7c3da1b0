package storetest

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/store"
)

// Every database a test gets is migrated to the latest version and its
// own: a copy of the template, not the template.
func TestCopiesAreMigratedAndApart(t *testing.T) {
	ms, err := store.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	latest := ms[len(ms)-1].Version
	for _, open := range []struct {
		name string
		db   func(testing.TB) *store.DB
	}{{"sqlite", SQLite}, {"postgres", Postgres}} {
		t.Run(open.name, func(t *testing.T) {
			ctx := context.Background()
			a, b := open.db(t), open.db(t)
			for _, db := range []*store.DB{a, b} {
				v, err := db.SchemaVersion(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if v != latest {
					t.Fatalf("a test's database is at version %d, the migrations at %d", v, latest)
				}
			}
			if _, err := a.Exec(ctx, `UPDATE report_settings SET stale_days = 7 WHERE id = 1`); err != nil {
				t.Fatal(err)
			}
			var days int
			if err := b.QueryRow(ctx, `SELECT stale_days FROM report_settings WHERE id = 1`).Scan(&days); err != nil {
				t.Fatal(err)
			}
			if days != 30 {
				t.Fatalf("a write to one test's database is seen in another's: stale_days %d", days)
			}
			// A third copy, made after the write, is the template's again.
			c := open.db(t)
			if err := c.QueryRow(ctx, `SELECT stale_days FROM report_settings WHERE id = 1`).Scan(&days); err != nil {
				t.Fatal(err)
			}
			if days != 30 {
				t.Fatalf("a write to a test's database reached the template: stale_days %d", days)
			}
		})
	}
}
