package feedback_test

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestNoRequestWhereNobodyHandlesIt: a request sent to an archived site
// (by the form or Open311, both through Submit) is refused and nothing is
// stored; one sent to a site merged into another, then that one into a
// third, lands on the third; the deadline job leaves archived sites alone.
func TestNoRequestWhereNobodyHandlesIt(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		sites := site.NewSites(db, f.clock.Now)
		var ids []int64
		for _, code := range []string{"xa-cu", "xa-giua", "xa-moi", "xa-luu-tru"} {
			st := &site.Site{Code: code, Kind: site.Commune, Name: "Xã " + code, PathPrefix: "/" + code, ParentID: f.site.ID}
			if err := sites.Create(ctx, st, audit.CLI); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, st.ID)
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE sites SET status = 'archived', merged_into = ? WHERE id = ?`, []any{ids[1], ids[0]}},
			{`UPDATE sites SET status = 'archived', merged_into = ? WHERE id = ?`, []any{ids[2], ids[1]}},
			{`UPDATE sites SET status = 'archived' WHERE id = ?`, []any{ids[3]}},
		} {
			if _, err := db.Exec(ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		sub := f.submission()
		sub.UnitID = 0
		sub.SiteID = ids[3]
		if _, _, err := f.fb.Submit(ctx, sub); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("a request to an archived site: %v; want refused", err)
		}
		if n := f.count(`SELECT COUNT(*) FROM feedback_requests WHERE site_id = ?`, ids[3]); n != 0 {
			t.Errorf("%d requests stored on the archived site", n)
		}
		sub.SiteID = ids[0]
		req, _, err := f.fb.Submit(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		if req.SiteID != ids[2] || f.count(`SELECT COUNT(*) FROM feedback_requests WHERE site_id = ?`, ids[2]) != 1 {
			t.Errorf("a request to a twice-merged site went to site %d; want %d", req.SiteID, ids[2])
		}
		// That site archived in turn: its open request is out of the
		// deadline job (nobody there may act on it), no mail goes out.
		if _, err := db.Exec(ctx, `UPDATE sites SET status = 'archived' WHERE id = ?`, ids[2]); err != nil {
			t.Fatal(err)
		}
		if rem, esc, err := f.fb.Watch(ctx, req.ReceivedAt.AddDate(1, 0, 0)); err != nil || rem+esc != 0 {
			t.Errorf("the deadline job on an archived site's request: %d reminded, %d escalated, %v", rem, esc, err)
		}
	})
}
