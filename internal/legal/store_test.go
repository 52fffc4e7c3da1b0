package legal_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// The list's status filter runs in the database; it must pick exactly
// the documents whose status StatusOn computes, for every status, with
// the dates and relations that decide it: a replacement or repeal counts
// once it is in effect and live, a whole ending wins over a partial one,
// and an ending wins over the document's own dates.
func TestStatusFilterAgreesWithStatusOn(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		if _, err := demo.Fill(ctx, db, clock); err != nil {
			t.Fatal(err)
		}
		main, err := site.NewSites(db, clock).Main(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ls := legal.NewStore(db, clock)
		const past, future = "2020-01-01", "2030-01-01"
		docs := []struct {
			name                       string
			issued, effective, expires string
			live                       bool
			want                       legal.Status
		}{
			{"A", past, past, "", true, legal.InForce},
			{"B", past, future, "", true, legal.NotYet},
			{"C", past, past, past, true, legal.Expired},
			{"D", "", "", "", true, legal.Unknown},
			{"E", past, past, "", true, legal.Expired}, // replaced by F
			{"F", past, past, "", true, legal.InForce},
			{"G", past, past, "", true, legal.PartlyExpired}, // partly repealed by H
			{"H", past, past, "", true, legal.InForce},
			{"I", past, past, "", true, legal.Expired}, // partly repealed by H, replaced by F
			{"L", past, past, "", true, legal.InForce}, // replaced by M, not yet in effect
			{"M", past, future, "", true, legal.NotYet},
			{"N", past, past, past, true, legal.PartlyExpired}, // expired, but partly repealed by H first
			{"P", past, past, "", true, legal.InForce},         // replaced by Q, which is not live
			{"Q", past, past, "", false, ""},
			{"R", "", past, "", true, legal.InForce},     // effective without an issue date
			{"S", past, past, "", true, legal.Suspended}, // suspended by F
			{"T", past, past, "", true, legal.InForce},   // suspended by M, not yet in effect
			{"U", past, past, "", true, legal.Expired},   // suspended by F, then replaced by H
		}
		ids := map[string]int64{}
		for i, d := range docs {
			id := int64(900000 + i)
			ids[d.name] = id
			if _, err := db.Exec(ctx, `INSERT INTO items (id, site_id, kind, state, lang, slug, current_rev, published_rev, live,
				published_at, created_at, updated_at) VALUES (?, ?, 'legal', 'published', 'vi', ?, ?, ?, ?, ?, ?, ?)`,
				id, main.ID, fmt.Sprintf("van-ban-%s", d.name), id, id, d.live, now, now, now); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ctx, `INSERT INTO revisions (id, item_id, number, title, created_at) VALUES (?, ?, 1, ?, ?)`,
				id, id, "Văn bản "+d.name, now); err != nil {
				t.Fatal(err)
			}
			if err := ls.Save(ctx, legal.Doc{ItemID: id, Number: fmt.Sprintf("%d/2020/NĐ-CP", i+1), Type: "Nghị định",
				Issuer: "Chính phủ", Issued: d.issued, Effective: d.effective, Expires: d.expires}); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []struct {
			from, to string
			kind     legal.Kind
			partial  bool
		}{{"F", "E", legal.Replaces, false}, {"H", "G", legal.Repeals, true}, {"H", "I", legal.Repeals, true},
			{"F", "I", legal.Replaces, false}, {"M", "L", legal.Replaces, false}, {"H", "N", legal.Repeals, true},
			{"Q", "P", legal.Replaces, false}, {"F", "A", "amends", false}, {"F", "S", legal.Suspends, false},
			{"M", "T", legal.Suspends, false}, {"F", "U", legal.Suspends, false}, {"H", "U", legal.Replaces, false}} {
			if err := ls.Relate(ctx, ids[r.from], ids[r.to], r.kind, r.partial); err != nil {
				t.Fatal(err)
			}
		}

		all := map[int64]*legal.Doc{}
		for page := 0; ; page++ {
			got, _, err := ls.List(ctx, legal.Filter{SiteID: main.ID, Limit: 5, Offset: page * 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range got {
				all[d.ItemID] = d
			}
			if len(got) < 5 {
				break
			}
		}
		today := legal.Today(now)
		for _, d := range docs {
			got, ok := all[ids[d.name]]
			if ok != d.live {
				t.Errorf("%s listed = %v; want %v", d.name, ok, d.live)
				continue
			}
			if ok && got.StatusOn(today) != d.want {
				t.Errorf("%s: StatusOn = %s; want %s", d.name, got.StatusOn(today), d.want)
			}
		}
		for _, st := range append(slices.Clone(legal.Statuses), legal.Unknown) {
			var want []int64
			for id, d := range all {
				if d.StatusOn(today) == st {
					want = append(want, id)
				}
			}
			got, total, err := ls.List(ctx, legal.Filter{SiteID: main.ID, Status: st, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, d := range got {
				ids = append(ids, d.ItemID)
			}
			slices.Sort(ids)
			slices.Sort(want)
			if !slices.Equal(ids, want) || total != len(want) {
				t.Errorf("status %s: the list gives %v (count %d); StatusOn gives %v", st, ids, total, want)
			}
		}
	})
}

// The filters offer the types, issuers and years of the site's live
// documents only, each once, in order.
func TestFacetsAreTheLiveDocumentsOwn(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		if _, err := demo.Fill(ctx, db, clock); err != nil {
			t.Fatal(err)
		}
		main, _ := site.NewSites(db, clock).Main(ctx)
		ls := legal.NewStore(db, clock)
		types, issuers, years, err := ls.Facets(ctx, main.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The demo's laws and the documents of its gazette issues.
		if !slices.Equal(types, []string{"Luật", "Nghị quyết", "Quyết định"}) ||
			!slices.Equal(issuers, []string{"Hội đồng nhân dân tỉnh", "Quốc hội", "Ủy ban nhân dân tỉnh"}) || len(years) == 0 {
			t.Fatalf("the demo's facets: %v %v %v", types, issuers, years)
		}
		// A draft's metadata is offered nowhere.
		if _, err := db.Exec(ctx, `INSERT INTO items (id, site_id, kind, state, lang, slug, current_rev, live, created_at, updated_at)
			VALUES (900001, ?, 'legal', 'draft', 'vi', 'nhap', 900001, FALSE, ?, ?)`, main.ID, now, now); err != nil {
			t.Fatal(err)
		}
		if err := ls.Save(ctx, legal.Doc{ItemID: 900001, Number: "1/1999/TT-BTC", Type: "Thông tư", Issuer: "Bộ Tài chính", Issued: "1999-01-02"}); err != nil {
			t.Fatal(err)
		}
		types2, issuers2, years2, err := ls.Facets(ctx, main.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(types2, types) || !slices.Equal(issuers2, issuers) || !slices.Equal(years2, years) {
			t.Errorf("a draft shows in the facets: %v %v %v", types2, issuers2, years2)
		}
		for i := 1; i < len(years); i++ {
			if years[i] >= years[i-1] {
				t.Errorf("years not newest first, each once: %v", years)
			}
		}
	})
}

// A document leaves the list when its item is unpublished and comes back
// when it is published again, whoever changes the item: the database
// keeps the copy of live beside the metadata in step (migration 016).
func TestListFollowsTheItemsLife(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 3, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		if _, err := demo.Fill(ctx, db, clock); err != nil {
			t.Fatal(err)
		}
		main, _ := site.NewSites(db, clock).Main(ctx)
		ls := legal.NewStore(db, clock)
		count := func() int {
			_, n, err := ls.List(ctx, legal.Filter{SiteID: main.ID})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		docs, _, err := ls.List(ctx, legal.Filter{SiteID: main.ID, Limit: 1})
		if err != nil || len(docs) != 1 {
			t.Fatalf("the demo's laws: %v, %v", docs, err)
		}
		id := docs[0].ItemID
		for _, step := range []struct {
			live bool
			want int
		}{{false, before - 1}, {true, before}} {
			if _, err := db.Exec(ctx, `UPDATE items SET live = ? WHERE id = ?`, step.live, id); err != nil {
				t.Fatal(err)
			}
			if got := count(); got != step.want {
				t.Errorf("after the item's live became %v, the list counts %d; want %d", step.live, got, step.want)
			}
			if _, err := ls.ByNumber(ctx, main.ID, docs[0].Number); (err == nil) != step.live {
				t.Errorf("live %v: ByNumber found it = %v", step.live, err == nil)
			}
		}
	})
}
