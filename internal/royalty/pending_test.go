package royalty

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestUndecidedItems(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		add := func(slug, kind, source, author string, month, day int) int64 {
			t.Helper()
			pub := at(month, day, 10, 0).UTC()
			var id, rev int64
			if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, live, source_id, first_published_at, published_at, created_at, updated_at)
				VALUES (?, ?, 'published', 'vi', ?, TRUE, ?, ?, ?, ?, ?) RETURNING id`, f.site.ID, kind, slug, source, pub, pub, pub, pub).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRow(ctx, `INSERT INTO revisions (item_id, number, title, author, created_at) VALUES (?, 1, ?, ?, ?) RETURNING id`,
				id, "Bài "+slug, author, pub).Scan(&rev); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ctx, `UPDATE items SET current_rev = ?, published_rev = ? WHERE id = ?`, rev, rev, id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		imported := add("tin-cu", "article", "legacy-17", "", 10, 5)
		signed := add("co-tac-gia", "article", "", "Phạm Thị D", 10, 6)
		add("van-ban", "legal", "", "", 10, 7) // a legal document: not an authored work
		q4 := mustPeriod(t, "2026-Q4")

		// Q4 holds the imported item, the signed one and "nov" (published
		// 10/11, no text, so no author): oldest first.
		list, err := f.rs2.Undecided(ctx, f.site.ID, q4)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].ItemID != imported || list[1].ItemID != signed || list[2].ItemID != f.items["nov"] {
			t.Fatalf("undecided in Q4: %d items %+v", len(list), list)
		}
		if !list[0].Imported || !list[0].NoAuthor || list[1].Imported || list[1].NoAuthor || list[1].Byline != "Phạm Thị D" ||
			!list[2].NoAuthor || list[0].PubDay != "2026-10-05" {
			t.Errorf("flags: %+v %+v %+v", list[0], list[1], list[2])
		}

		// A proposal takes the item off the list; a return puts it back
		// with the reason.
		p := &Proposal{ItemID: signed, Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(Author{Name: "Phạm Thị D"})}}}
		// Published in October: the provincial schedule, empty until filled.
		if err := f.rs2.Propose(ctx, p, editor); err == nil {
			t.Fatal("proposal accepted under the empty provincial schedule")
		}
		prov, _ := f.rs.InForce(ctx, rules.KindRoyalties, "2026-10-06")
		for _, r := range []rules.Rule{{Key: "unit.percent_base_salary", Value: "10"}, {Key: "kind.tin", Value: "1-10"}} {
			if err := f.rs.SetRule(ctx, prov.ID, r, "Quyết định của Chủ tịch UBND tỉnh (thử nghiệm)", audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.rs2.Propose(ctx, p, editor); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.rs2.Undecided(ctx, f.site.ID, q4); len(list) != 2 {
			t.Errorf("%d undecided after a proposal; want 2", len(list))
		}
		if err := f.rs2.Return(ctx, p.ID, "Thiếu mã số thuế của tác giả", head); err != nil {
			t.Fatal(err)
		}
		list, _ = f.rs2.Undecided(ctx, f.site.ID, q4)
		if len(list) != 3 || list[1].Returned != "Thiếu mã số thuế của tác giả" {
			t.Errorf("after the return: %+v", list)
		}
	})
}

func TestOverlappingSchedules(t *testing.T) {
	if ov := Overlaps(rules.Defaults()); len(ov) != 0 {
		t.Fatalf("the shipped sets overlap: %v", ov[0].Message().VI)
	}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// A schedule entered from 15/08 to 09/09/2026 overlaps Decree 18's
		// last days and the provincial schedule's first.
		bad := &rules.Set{Code: "royalties-overlap", Kind: rules.KindRoyalties, Name: "Khung nhập nhầm ngày", Source: "thử nghiệm",
			ValidFrom: "2026-08-15", ValidTo: "2026-09-10", Rules: []*rules.Rule{
				{Key: "unit.percent_base_salary", Value: "10"}, {Key: "kind.tin", Value: "1-10"}}}
		if err := f.rs.Save(ctx, bad, audit.CLI); err != nil {
			t.Fatal(err)
		}
		ov, err := f.rs2.CheckSchedules(ctx)
		if err != nil || len(ov) != 2 {
			t.Fatalf("overlaps: %d, %v", len(ov), err)
		}
		if ov[0].From != "2026-08-15" || ov[1].From != "2026-09-01" {
			t.Errorf("overlaps from %s and %s", ov[0].From, ov[1].From)
		}
		err = f.rs2.Propose(ctx, &Proposal{ItemID: f.items["august"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000},
			Credits: one(f.account())}}}, editor)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.Conflict {
			t.Fatalf("proposal on a day two schedules claim: %v", err)
		} else {
			t.Log(e.Msg.VI)
		}
		// A day only one schedule claims is not affected.
		if err := f.rs2.Propose(ctx, &Proposal{ItemID: f.items["june"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000},
			Credits: one(f.account())}}}, editor); err != nil {
			t.Fatal(err)
		}
	})
}
