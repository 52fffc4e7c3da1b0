package royalty

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestFiguresAndStatements checks the report figures (per site, kind and
// month) and the province's statements against amounts computed by hand,
// on two sites, with a paid list, an unclaimed line and a proposal left
// waiting.
func TestFiguresAndStatements(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		rs := f.rs2
		now := func() time.Time { return at(12, 3, 9, 0) }

		// A second site, a commune, with three items of its own.
		xa := &site.Site{Code: "xa-binh-minh", Kind: site.Commune, Name: "Xã Bình Minh", PathPrefix: "/xa-binh-minh", Workflow: "short", PostCheckHours: 24}
		if err := site.NewSites(db, now).Create(ctx, xa, audit.CLI); err != nil {
			t.Fatal(err)
		}
		items := map[string]int64{}
		for _, it := range []struct {
			slug string
			pub  time.Time
		}{{"x-july", at(7, 15, 10, 0)}, {"x-aug", at(8, 10, 9, 0)}, {"x-aug2", at(8, 20, 9, 0)}} {
			var id int64
			if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, live, first_published_at, published_at, created_at, updated_at)
				VALUES (?, 'article', 'published', 'vi', ?, ?, ?, ?, ?, ?) RETURNING id`, xa.ID, it.slug, true, it.pub.UTC(), it.pub.UTC(),
				at(6, 1, 0, 0).UTC(), now().UTC()).Scan(&id); err != nil {
				t.Fatal(err)
			}
			items[it.slug] = id
		}

		// The portal's (site 1), all under Decree 18/2014 (as in
		// TestRoyaltiesAcrossScheduleChanges):
		//   june   30/06, unit 234,000: phóng sự 20 + 15 % = 5,382,000:
		//          A 60 % 3,229,200, B 40 % 2,152,800; photo (ảnh 3) C 702,000
		//   july   01/07, unit 253,000: tin 8, A 2,024,000
		//   august 31/08: bình luận 10 translated 50 % = 1,265,000: A, B 632,500 each
		// The commune's (site 2), unit 253,000:
		//   x-july 15/07: tin 5 = 1,265,000, C (the same outside author, by name)
		//   x-aug  10/08: ảnh 2 = 506,000, B (by tax code)
		//   x-aug2 20/08: tin 4, A — proposed, never approved: counted nowhere
		props := []*Proposal{
			{ItemID: f.items["june"], Works: []*ProposedWork{
				{Work: Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}},
					Credits: []Credit{{f.account(), 6000}, {tranB, 4000}}},
				{Work: Work{Kind: "anh", Coefficient: 3000}, Credits: one(leC)}}},
			{ItemID: f.items["july"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 8000}, Credits: one(f.account())}}},
			{ItemID: f.items["august"], Works: []*ProposedWork{{Work: Work{Kind: "binh-luan", Coefficient: 10000,
				AddOns: []AddOnUse{{"dich", 50000}}}, Credits: []Credit{{f.account(), 5000}, {tranB, 5000}}}}},
			{ItemID: items["x-july"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(leC)}}},
			{ItemID: items["x-aug"], Works: []*ProposedWork{{Work: Work{Kind: "anh", Coefficient: 2000}, Credits: one(tranB)}}},
		}
		for _, p := range props {
			if err := rs.Propose(ctx, p, editor); err != nil {
				t.Fatal(err)
			}
			if err := rs.Approve(ctx, p.ID, head); err != nil {
				t.Fatal(err)
			}
		}
		waiting := &Proposal{ItemID: items["x-aug2"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 4000}, Credits: one(f.account())}}}
		if err := rs.Propose(ctx, waiting, editor); err != nil {
			t.Fatal(err)
		}

		// The portal's June list is paid: 3,229,200 + 2,152,800 +
		// 702,000 = 6,084,000 in 3 lines.
		if n, total, err := rs.MarkPaid(ctx, f.site.ID, mustPeriod(t, "2026-06"), head); err != nil || n != 3 || total != 6_084_000 {
			t.Fatalf("mark June paid: %d lines, %d, %v", n, total, err)
		}
		// B's photo on the commune (506,000) is closed as unclaimed after
		// the three notices Decree 18/2014 asks for.
		xaug, err := rs.ForItem(ctx, items["x-aug"])
		if err != nil || len(xaug) != 1 || len(xaug[0].Lines) != 1 {
			t.Fatalf("x-aug: %v, %v", xaug, err)
		}
		line := xaug[0].Lines[0].ID
		for range 3 {
			if _, err := rs.RecordNotice(ctx, xa.ID, line, "", head); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := rs.MarkUnclaimed(ctx, xa.ID, line, head); err != nil {
			t.Fatal(err)
		}

		both := []int64{f.site.ID, xa.ID}
		fig := func(ids []int64, period string) *Figures {
			t.Helper()
			got, err := rs.Figures(ctx, ids, mustPeriod(t, period))
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		check := func(what string, got, want Figure) {
			t.Helper()
			if got != want {
				t.Errorf("%s: %+v\n\twant %+v", what, got, want)
			}
		}
		checkAll := func(what string, got, want []Figure) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %d groups %+v; want %d %+v", what, len(got), got, len(want), want)
				return
			}
			for i := range want {
				check(what+" "+want[i].Key, got[i], want[i])
			}
		}

		// The province's year, 8 lines of 3 authors (A, B, C):
		//   paid       the June list                                     6,084,000
		//   unclaimed  x-aug                                               506,000
		//   approved   july 2,024,000 + august 1,265,000 + x-july 1,265,000 = 4,554,000
		year := fig(both, "2026")
		check("province 2026", year.Total, Figure{Approved: 4_554_000, Paid: 6_084_000, Unclaimed: 506_000, Lines: 8, Authors: 3})
		if year.Total.Owed() != 10_638_000 {
			t.Errorf("owed %d; want 4,554,000 + 6,084,000 = 10,638,000", year.Total.Owed())
		}
		// Per site: the portal 6 lines by A, B, C, approved 2,024,000 +
		// 1,265,000 = 3,289,000; the commune 2 lines by C and B.
		checkAll("province 2026 by site", year.BySite, []Figure{
			{Key: itoa(f.site.ID), SiteID: f.site.ID, Approved: 3_289_000, Paid: 6_084_000, Lines: 6, Authors: 3},
			{Key: itoa(xa.ID), SiteID: xa.ID, Approved: 1_265_000, Unclaimed: 506_000, Lines: 2, Authors: 2},
		})
		// Per kind, by slug:
		//   anh        C 702,000 paid; B 506,000 unclaimed
		//   binh-luan  A, B 632,500 each = 1,265,000
		//   phong-su   A 3,229,200 + B 2,152,800 = 5,382,000 paid
		//   tin        A 2,024,000 + C 1,265,000 = 3,289,000
		checkAll("province 2026 by kind", year.ByKind, []Figure{
			{Key: "anh", Paid: 702_000, Unclaimed: 506_000, Lines: 2, Authors: 2},
			{Key: "binh-luan", Approved: 1_265_000, Lines: 2, Authors: 2},
			{Key: "phong-su", Paid: 5_382_000, Lines: 2, Authors: 2},
			{Key: "tin", Approved: 3_289_000, Lines: 2, Authors: 2},
		})
		// Per month: June the paid list (A, B, C); July A 2,024,000 + C
		// 1,265,000; August A and B 632,500 each, and B's unclaimed photo.
		checkAll("province 2026 by month", year.ByMonth, []Figure{
			{Key: "2026-06", Paid: 6_084_000, Lines: 3, Authors: 3},
			{Key: "2026-07", Approved: 3_289_000, Lines: 2, Authors: 2},
			{Key: "2026-08", Approved: 1_265_000, Unclaimed: 506_000, Lines: 3, Authors: 2},
		})

		// The commune's third quarter alone.
		q3 := fig([]int64{xa.ID}, "2026-Q3")
		check("commune Q3", q3.Total, Figure{Approved: 1_265_000, Unclaimed: 506_000, Lines: 2, Authors: 2})
		checkAll("commune Q3 by month", q3.ByMonth, []Figure{
			{Key: "2026-07", Approved: 1_265_000, Lines: 1, Authors: 1},
			{Key: "2026-08", Unclaimed: 506_000, Lines: 1, Authors: 1},
		})
		// The portal's July: A's tin only.
		check("portal July", fig([]int64{f.site.ID}, "2026-07").Total, Figure{Approved: 2_024_000, Lines: 1, Authors: 1})
		// Nothing on the commune in June, nor for no site.
		for _, empty := range []*Figures{fig([]int64{xa.ID}, "2026-06"), fig(nil, "2026")} {
			if empty.Total != (Figure{}) || len(empty.BySite)+len(empty.ByKind)+len(empty.ByMonth) != 0 {
				t.Errorf("figures of nothing: %+v", empty)
			}
		}

		// The province's statements of 2026, in one query, by name:
		//   Lê Văn C      702,000 (paid) + 1,265,000                       = 1,967,000
		//   Nguyễn Văn A  3,229,200 (paid) + 2,024,000 + 632,500           = 5,885,700
		//   Trần Thị B    2,152,800 (paid) + 632,500; 506,000 unclaimed    = 2,785,300
		// 1,967,000 + 5,885,700 + 2,785,300 = 10,638,000, the figures' owed.
		sts, err := rs.Statements(ctx, both, mustPeriod(t, "2026"))
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			name                   string
			lines                  int
			total, paid, unclaimed int64
			words                  string
			author                 Author
		}{
			{"Lê Văn C", 2, 1_967_000, 702_000, 0, "Một triệu chín trăm sáu mươi bảy nghìn đồng", leC},
			{"Nguyễn Văn A", 3, 5_885_700, 3_229_200, 0, "Năm triệu tám trăm tám mươi lăm nghìn bảy trăm đồng", f.account()},
			{"Trần Thị B", 3, 2_785_300, 2_152_800, 506_000, "Hai triệu bảy trăm tám mươi lăm nghìn ba trăm đồng", tranB},
		}
		if len(sts) != len(want) {
			t.Fatalf("%d statements; want %d", len(sts), len(want))
		}
		for i, w := range want {
			st := sts[i]
			if st.Author.Name != w.name || len(st.Lines) != w.lines || st.Total != w.total || st.Paid != w.paid ||
				st.Unclaimed != w.unclaimed || st.TotalWords != w.words {
				t.Errorf("statement %d: %s, %d lines, total %d (%s), paid %d, unclaimed %d; want %+v", i, st.Author.Name, len(st.Lines),
					st.Total, st.TotalWords, st.Paid, st.Unclaimed, w)
			}
			// The same as the author's own statement (every site).
			one, err := rs.Statement(ctx, w.author, mustPeriod(t, "2026"))
			if err != nil {
				t.Fatal(err)
			}
			if one.Total != st.Total || one.Paid != st.Paid || one.Unclaimed != st.Unclaimed || len(one.Lines) != len(st.Lines) {
				t.Errorf("%s: province statement %d/%d/%d in %d lines, own statement %d/%d/%d in %d", w.name, st.Total, st.Paid,
					st.Unclaimed, len(st.Lines), one.Total, one.Paid, one.Unclaimed, len(one.Lines))
			}
			for j := range one.Lines {
				if j < len(st.Lines) && one.Lines[j].ID != st.Lines[j].ID {
					t.Errorf("%s: line %d is %d in the province's statement, %d in the author's", w.name, j, st.Lines[j].ID, one.Lines[j].ID)
				}
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
