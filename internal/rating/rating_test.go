package rating_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/rating"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// at is a time in Viet Nam.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vn.ICT)
}

// period is [from, to) in Viet Nam, as the reports give it.
type period struct{ from, to time.Time }

var (
	nov  = period{at(2026, 11, 1, 0, 0), at(2026, 12, 1, 0, 0)}
	dec  = period{at(2026, 12, 1, 0, 0), at(2027, 1, 1, 0, 0)}
	year = period{at(2026, 1, 1, 0, 0), at(2027, 1, 1, 0, 0)}
)

// fixture is the demo's sites with two items of the main portal in two
// sections (a, b) and one item of a department (c).
type fixture struct {
	main, dept   int64
	a, b, c      int64
	catA, catB   int64
	urlA, titleA string
	store        *rating.Store
	now          time.Time
	db           *store.DB
	t            *testing.T
	ctx          context.Context
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, t: t, ctx: ctx, now: at(2026, 11, 10, 9, 30)}
	if _, err := demo.Fill(ctx, db, func() time.Time { return f.now }); err != nil {
		t.Fatal(err)
	}
	one := func(dst any, q string, args ...any) {
		t.Helper()
		if err := db.QueryRow(ctx, q, args...).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	one(&f.main, `SELECT id FROM sites WHERE code = 'dong-nai'`)
	one(&f.dept, `SELECT id FROM sites WHERE code = 'so-khcn'`)
	one(&f.a, `SELECT MIN(id) FROM items WHERE site_id = ? AND live AND lang = 'vi' AND category_id IS NOT NULL`, f.main)
	one(&f.catA, `SELECT category_id FROM items WHERE id = ?`, f.a)
	one(&f.b, `SELECT MIN(id) FROM items WHERE site_id = ? AND live AND lang = 'vi' AND category_id IS NOT NULL AND category_id <> ?`, f.main, f.catA)
	one(&f.catB, `SELECT category_id FROM items WHERE id = ?`, f.b)
	one(&f.c, `SELECT MIN(id) FROM items WHERE site_id = ? AND live`, f.dept)
	var kind, slug string
	one(&kind, `SELECT kind FROM items WHERE id = ?`, f.a)
	one(&slug, `SELECT slug FROM items WHERE id = ?`, f.a)
	one(&f.titleA, `SELECT v.title FROM items i JOIN revisions v ON v.id = i.published_rev WHERE i.id = ?`, f.a)
	f.urlA = "/" + map[string]string{"article": "tin-tuc"}[kind] + "/" + slug
	if _, err := db.Exec(ctx, `INSERT INTO prohibited_terms (site_id, term, created_at) VALUES (?, ?, ?)`, f.main, "từ cấm thử", f.now.UTC()); err != nil {
		t.Fatal(err)
	}
	f.store = rating.NewStore(db, func() time.Time { return f.now })
	return f
}

// rate stores an answer and fails the test on any error.
func (f *fixture) rate(site, item int64, useful bool, comment, client string) *rating.Rating {
	f.t.Helper()
	r, err := f.store.Rate(f.ctx, rating.Input{SiteID: site, ItemID: item, Useful: useful, Comment: comment, Client: client})
	if err != nil {
		f.t.Fatalf("rate %d %v %q %s: %v", item, useful, comment, client, err)
	}
	return r
}

// The data set, its answers written first:
//
//	2026-11-10 09:30  A yes (c1), A yes (c2, "Rất hữu ích"), A no (c3, a prohibited term: held),
//	                  B no (c1), C yes (c1); A again by c1: refused, nothing stored
//	2026-11-30 23:59  A yes (c4): its hour is 23:00 on 30 November, in November
//	2026-12-01 00:10  A no (c1, a new day: allowed), B yes (c2)
//
//	November: main 3 yes 2 no, department 1 yes 0 no; December: main 1 yes 1 no
//	2026: main 4 yes 3 no; by item A 3/2, B 1/1; by section A's 3/2, B's 1/1
//	November by item: A 3/1, B 0/1
func TestFigures(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := f.ctx
		f.rate(f.main, f.a, true, "", "203.0.113.1")
		if r := f.rate(f.main, f.a, true, "  Rất   hữu ích\n", "203.0.113.2"); r.Comment != "Rất hữu ích" || r.State != rating.Received {
			t.Errorf("comment stored as %q, state %q; want cleaned, received", r.Comment, r.State)
		}
		if r := f.rate(f.main, f.a, false, "Bài có Từ cấm thử ở đây", "203.0.113.3"); r.State != rating.Held || r.HeldTerms != "từ cấm thử" {
			t.Errorf("a prohibited term: state %q terms %q; want held", r.State, r.HeldTerms)
		}
		f.rate(f.main, f.b, false, "", "203.0.113.1")
		f.rate(f.dept, f.c, true, "", "203.0.113.1")
		if _, err := f.store.Rate(ctx, rating.Input{SiteID: f.main, ItemID: f.a, Useful: true, Client: "203.0.113.1"}); !errors.Is(err, rating.ErrAgain) {
			t.Errorf("second rating of the day: %v, want ErrAgain", err)
		}
		f.now = at(2026, 11, 30, 23, 59)
		if r := f.rate(f.main, f.a, true, "", "203.0.113.4"); !r.Hour.Equal(at(2026, 11, 30, 23, 0)) {
			t.Errorf("hour %v, want 23:00 on 30 November", r.Hour.In(vn.ICT))
		}
		f.now = at(2026, 12, 1, 0, 10)
		f.rate(f.main, f.a, false, "", "203.0.113.1")
		f.rate(f.main, f.b, true, "", "203.0.113.2")

		totals := func(ids []int64, p period) map[int64]rating.Count {
			t.Helper()
			got, err := f.store.Totals(ctx, ids, p.from, p.to)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		for _, c := range []struct {
			name string
			ids  []int64
			p    period
			want map[int64]rating.Count
		}{
			{"november, every site", nil, nov, map[int64]rating.Count{f.main: {3, 2}, f.dept: {1, 0}}},
			{"december, every site", nil, dec, map[int64]rating.Count{f.main: {1, 1}}},
			{"2026, every site", nil, year, map[int64]rating.Count{f.main: {4, 3}, f.dept: {1, 0}}},
			{"2026, the department", []int64{f.dept}, year, map[int64]rating.Count{f.dept: {1, 0}}},
			{"2026, no site", []int64{}, year, map[int64]rating.Count{}},
		} {
			if got := totals(c.ids, c.p); !mapsEqual(got, c.want) {
				t.Errorf("Totals %s = %v, want %v", c.name, got, c.want)
			}
		}

		byItem := func(p period, limit int) []rating.ItemCount {
			t.Helper()
			got, err := f.store.ByItem(ctx, f.main, p.from, p.to, limit)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := byItem(year, 10); len(got) != 2 || got[0].ItemID != f.a || got[0].Yes != 3 || got[0].No != 2 ||
			got[1].ItemID != f.b || got[1].Yes != 1 || got[1].No != 1 {
			t.Errorf("ByItem 2026 = %+v, want A 3/2, B 1/1", got)
		} else if got[0].Title != f.titleA || got[0].URL != f.urlA {
			t.Errorf("ByItem: item A is %q at %q, want %q at %q", got[0].Title, got[0].URL, f.titleA, f.urlA)
		}
		if got := byItem(nov, 10); len(got) != 2 || got[0].Yes != 3 || got[0].No != 1 || got[1].Yes != 0 || got[1].No != 1 {
			t.Errorf("ByItem November = %+v, want A 3/1, B 0/1", got)
		}
		if got := byItem(nov, 1); len(got) != 1 || got[0].ItemID != f.a {
			t.Errorf("ByItem November, limit 1 = %+v, want A alone", got)
		}

		cats, err := f.store.ByCategory(ctx, f.main, year.from, year.to)
		if err != nil {
			t.Fatal(err)
		}
		if len(cats) != 2 || cats[0].CategoryID != f.catA || cats[0].Yes != 3 || cats[0].No != 2 ||
			cats[1].CategoryID != f.catB || cats[1].Yes != 1 || cats[1].No != 1 || !strings.HasPrefix(cats[0].URL, "/chuyen-muc/") {
			t.Errorf("ByCategory 2026 = %+v, want A's section 3/2, B's 1/1", cats)
		}

		comments, err := f.store.Comments(ctx, f.main, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(comments) != 2 || comments[0].State != rating.Held || comments[1].Comment != "Rất hữu ích" || comments[1].Title != f.titleA {
			t.Errorf("Comments = %+v, want the held one, then the received one", comments)
		}
		if c, err := f.store.Comments(ctx, f.dept, 10); err != nil || len(c) != 0 {
			t.Errorf("the department's comments = %v, %v; want none", c, err)
		}
	})
}

// TestNoAddressKept: the ratings table has no column for who rated, and
// once the day is over its marks and salt are gone.
func TestNoAddressKept(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.rate(f.main, f.a, true, "", "198.51.100.7")
		f.rate(f.main, f.b, true, "", "198.51.100.7")
		rows, err := db.Query(f.ctx, `SELECT * FROM ratings`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		rows.Close()
		want := []string{"id", "site_id", "item_id", "useful", "comment", "state", "held_terms", "hour"}
		if !slices.Equal(cols, want) {
			t.Errorf("ratings columns %v, want %v (nothing about the reader)", cols, want)
		}
		count := func(q string) int {
			var n int
			if err := db.QueryRow(f.ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM rating_marks WHERE mark LIKE '%198.51%'`); n != 0 {
			t.Errorf("%d marks hold the address in clear", n)
		}
		f.now = f.now.Add(24 * time.Hour)
		if err := f.store.Sweep(f.ctx, f.now); err != nil {
			t.Fatal(err)
		}
		if m, s := count(`SELECT COUNT(*) FROM rating_marks`), count(`SELECT COUNT(*) FROM rating_salts`); m != 0 || s != 0 {
			t.Errorf("after the day: %d marks, %d salts left; want none", m, s)
		}
		// A new day: the same reader may rate the same item again.
		f.rate(f.main, f.a, false, "", "198.51.100.7")
	})
}

// TestCommentLength: 500 characters are taken, 501 refused with a
// message on the comment field.
func TestCommentLength(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.rate(f.main, f.a, true, strings.Repeat("ệ", rating.MaxComment), "")
		_, err := f.store.Rate(f.ctx, rating.Input{SiteID: f.main, ItemID: f.b, Comment: strings.Repeat("ệ", rating.MaxComment+1)})
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.Invalid || e.Fields[rating.CommentField].VI == "" {
			t.Errorf("501 characters: %v, want invalid on the comment", err)
		}
	})
}

func mapsEqual(a, b map[int64]rating.Count) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
