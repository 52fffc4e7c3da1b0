package merge

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// fixture is the demo installation (the province, the department of
// science and technology with its content, directory and roles) with
// conflicts made on purpose: one of the department's items takes the
// address of one of the province's, one holds an imported document the
// province holds too, both sites hold the same file, and some feedback
// and a consultation are the department's.
type fixture struct {
	db            *store.DB
	sites         *site.Sites
	m             *Merger
	main, dept    *site.Site
	clash, dup    int64  // the department's items
	clashSlug     string // the address both had
	dupTarget     string // the province's copy's address
	feedbackMoved int
	users         [2]int64 // two people subscribed to the department's reports
}

// The day of the page counters the tests write: before any the demo has.
const (
	viewDay  = "2020-01-01"
	viewDay2 = "2020-01-02"
)

// readerData gives siteID, on item, a rating with a comment and one
// without, a press conference, an unexpected event whose statement is
// item, and home views of its home page on viewDay.
func readerData(t *testing.T, db *store.DB, siteID, item int64, home int) {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	hour := now.Truncate(time.Hour)
	exec(t, db, `INSERT INTO ratings (site_id, item_id, useful, comment, state, hour) VALUES (?, ?, TRUE, 'Thông tin rõ ràng, dễ hiểu', 'received', ?)`, siteID, item, hour)
	exec(t, db, `INSERT INTO ratings (site_id, item_id, useful, hour) VALUES (?, ?, FALSE, ?)`, siteID, item, hour)
	exec(t, db, `INSERT INTO spokes_conferences (site_id, kind, held_at, spokesperson_id, topics, created_at)
		VALUES (?, 'conference', ?, (SELECT MIN(id) FROM spokespersons WHERE site_id = ?), 'Họp báo quý', ?)`, siteID, now, siteID, now)
	exec(t, db, `INSERT INTO spokes_events (site_id, title, received_at, due_at, stated_at, statement_item_id, created_at)
		VALUES (?, 'Sự cố sạt lở', ?, ?, ?, ?, ?)`, siteID, now, now.Add(24*time.Hour), now.Add(time.Hour), item, now)
	count(t, db, siteID, viewDay, "/", 0, home)
}

// count writes n views of path (showing item) on day, as
// report.Counter.Flush does: in page_views and its month's sum in
// page_views_month.
func count(t *testing.T, db *store.DB, siteID int64, day, path string, item int64, n int) {
	t.Helper()
	exec(t, db, `INSERT INTO page_views (site_id, day, path, item_id, views) VALUES (?, ?, ?, ?, ?)`, siteID, day, path, item, n)
	exec(t, db, `INSERT INTO page_views_month (site_id, month, item_id, category_id, views) VALUES (?, ?, ?, 0, ?)
		ON CONFLICT (site_id, month, item_id, category_id) DO UPDATE SET views = page_views_month.views + excluded.views`, siteID, day[:7], item, n)
}

// monthsMatch checks that page_views_month holds page_views summed by
// site, month, item and section, no more and no less.
func monthsMatch(t *testing.T, db *store.DB) {
	t.Helper()
	if n := one(t, db, `SELECT COUNT(*) FROM (
		SELECT site_id, substr(day, 1, 7) AS month, item_id, category_id, SUM(views) AS views FROM page_views
			GROUP BY site_id, substr(day, 1, 7), item_id, category_id) d
		FULL JOIN page_views_month m ON m.site_id = d.site_id AND m.month = d.month AND m.item_id = d.item_id AND m.category_id = d.category_id
		WHERE d.views IS NULL OR m.views IS NULL OR d.views <> m.views`); n != 0 {
		t.Errorf("page_views_month differs from page_views in %d rows", n)
	}
}

// views is the counter of siteID's path on day, 0 without a row.
func views(t *testing.T, db *store.DB, siteID int64, day, path string) int {
	t.Helper()
	return one(t, db, `SELECT COALESCE(SUM(views), 0) FROM page_views WHERE site_id = ? AND day = ? AND path = ?`, siteID, day, path)
}

func one(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func exec(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, sites: site.NewSites(db, time.Now)}
	f.m = New(db, f.sites, Options{Mail: mail.New(db, mail.Options{Now: time.Now}),
		Link: func(_ int64, p string) string { return "https://dongnai.gov.vn" + p }})
	var err error
	if f.main, err = f.sites.ByCode(ctx, "dong-nai"); err != nil {
		t.Fatal(err)
	}
	if f.dept, err = f.sites.ByCode(ctx, "so-khcn"); err != nil {
		t.Fatal(err)
	}
	// An address both sites use.
	var slug, lang string
	if err := db.QueryRow(ctx, `SELECT slug, lang FROM items WHERE site_id = ? AND kind = 'article' ORDER BY id LIMIT 1`, f.main.ID).Scan(&slug, &lang); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `SELECT id FROM items WHERE site_id = ? AND kind = 'article' AND lang = ? ORDER BY id LIMIT 1`, f.dept.ID, lang).Scan(&f.clash); err != nil {
		t.Fatal(err)
	}
	exec(t, db, `UPDATE items SET slug = ? WHERE id = ?`, slug, f.clash)
	f.clashSlug = slug
	// The same imported document on both sites.
	var src, dslug string
	if err := db.QueryRow(ctx, `SELECT source_id, slug FROM items WHERE site_id = ? AND source_id <> '' AND kind = 'legal' ORDER BY id LIMIT 1`, f.main.ID).Scan(&src, &dslug); err != nil {
		t.Fatal(err)
	}
	f.dupTarget = "/van-ban/" + dslug
	// (the department has one item: the province's announcement becomes its second)
	if err := db.QueryRow(ctx, `SELECT id FROM items WHERE site_id = ? AND kind = 'announcement' ORDER BY id LIMIT 1`, f.main.ID).Scan(&f.dup); err != nil {
		t.Fatalf("announcement: %v", err)
	}
	exec(t, db, `UPDATE items SET site_id = ?, category_id = NULL, source_id = ? WHERE id = ?`, f.dept.ID, src, f.dup)
	exec(t, db, `UPDATE search_docs SET site_id = ? WHERE item_id IN (?, ?)`, f.dept.ID, f.dup, -f.dup)
	// The same file on both sites; the department's is its item's cover.
	now := time.Now().UTC()
	for _, id := range []int64{f.main.ID, f.dept.ID} {
		exec(t, db, `INSERT INTO media (site_id, kind, sha256, mime, ext, size, created_at) VALUES (?, 'image', 'ab12', 'image/jpeg', 'jpg', 10, ?)`, id, now)
	}
	exec(t, db, `UPDATE revisions SET cover_media_id = (SELECT id FROM media WHERE site_id = ? AND sha256 = 'ab12') WHERE item_id = ?`, f.dept.ID, f.clash)
	// Feedback and a consultation of the department's.
	exec(t, db, `UPDATE feedback_requests SET site_id = ? WHERE id IN (SELECT id FROM feedback_requests WHERE site_id = ? ORDER BY id LIMIT 3)`, f.dept.ID, f.main.ID)
	f.feedbackMoved = 3
	exec(t, db, `UPDATE consult_drafts SET site_id = ? WHERE id = (SELECT MIN(id) FROM consult_drafts WHERE site_id = ?)`, f.dept.ID, f.main.ID)
	// Readers' ratings (one with a comment) of the clashing item, a press
	// conference, an event and a reminder of the department's; page views
	// of both sites on the same day and addresses: the home page (5 on the
	// department's, 7 on the province's) and the clashing item's address
	// (4, of the department's item, and 10, of the province's); a second
	// day only the department counted.
	readerData(t, db, f.dept.ID, f.clash, 5)
	count(t, db, f.main.ID, viewDay, "/", 0, 7)
	count(t, db, f.dept.ID, viewDay, "/tin-tuc/"+slug, f.clash, 4)
	count(t, db, f.main.ID, viewDay, "/tin-tuc/"+slug, 0, 10)
	count(t, db, f.dept.ID, viewDay2, "/", 0, 3)
	exec(t, db, `INSERT INTO spokes_reminders (site_id, quarter, sent_at) VALUES (?, '2020-Q1', ?)`, f.dept.ID, now)
	// Subscriptions: the first person to the department's and the
	// province's monthly report (the department's is dropped), the second
	// to the department's quarterly one (it moves).
	if err := db.QueryRow(ctx, `SELECT MIN(id), MAX(id) FROM users`).Scan(&f.users[0], &f.users[1]); err != nil || f.users[0] == f.users[1] {
		t.Fatalf("two users: %v %v", f.users, err)
	}
	for _, x := range []struct {
		user, site int64
		period     string
	}{{f.users[0], f.dept.ID, "month"}, {f.users[0], f.main.ID, "month"}, {f.users[1], f.dept.ID, "quarter"}} {
		exec(t, db, `INSERT INTO report_subscriptions (user_id, site_id, scope, period, last_sent, created_at) VALUES (?, ?, 'site', ?, '', ?)`,
			x.user, x.site, x.period, now)
	}
	if _, err := search.New(db, time.Now).Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) order() Order {
	return Order{Target: "dong-nai", Sources: []string{"so-khcn"}, Mode: Move, DecisionNo: "1234/QĐ-UBND",
		DecisionText: "Hợp nhất Sở Khoa học và Công nghệ vào Văn phòng UBND tỉnh (thử nghiệm)", EffectiveAt: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}
}

// snapshot counts what both sites hold, to compare before and after.
func (f *fixture) snapshot(t *testing.T) map[string][2]int {
	out := map[string][2]int{}
	for _, table := range []string{"items", "legal_docs", "directory_units", "directory_people", "spokespersons", "feedback_requests",
		"consult_drafts", "search_docs", "post_checks", "ratings", "spokes_conferences", "spokes_events"} {
		out[table] = [2]int{one(t, f.db, `SELECT COUNT(*) FROM `+table+` WHERE site_id = ?`, f.main.ID),
			one(t, f.db, `SELECT COUNT(*) FROM `+table+` WHERE site_id = ?`, f.dept.ID)}
	}
	return out
}

func TestMergeMovesEverything(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		before := f.snapshot(t)
		dueBefore := one(t, db, `SELECT COUNT(*) FROM feedback_requests WHERE site_id = ?`, f.dept.ID)
		dues := map[int64]time.Time{}
		rows, err := db.Query(ctx, `SELECT id, answer_due FROM feedback_requests WHERE site_id = ? ORDER BY id`, f.dept.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var d time.Time
			if err := rows.Scan(&id, &d); err != nil {
				t.Fatal(err)
			}
			dues[id] = d
		}
		rows.Close()
		senders := one(t, db, `SELECT COUNT(*) FROM feedback_requests WHERE site_id = ? AND email <> '' AND erased_at IS NULL`, f.dept.ID)
		mailBefore := one(t, db, `SELECT COUNT(*) FROM mail_outbox`)
		deptRoles := one(t, db, `SELECT COUNT(*) FROM site_roles WHERE site_id = ?`, f.dept.ID)

		// The preview changes nothing and says what will happen.
		var p *Plan
		p, err = f.m.Preview(ctx, f.order())
		if err != nil {
			t.Fatal(err)
		}
		if got := f.snapshot(t); !same(got, before) {
			t.Fatalf("the preview changed the database: %v → %v", before, got)
		}
		sp := p.Sources[0]
		if sp.Counts.Items != before["items"][1] || sp.Counts.FeedbackOpen+sp.Counts.FeedbackClosed != dueBefore || sp.Counts.Drafts != 1 ||
			sp.Counts.MediaShared != 1 || sp.Counts.Roles != deptRoles {
			t.Errorf("preview counts = %+v; want %d items, %d requests, 1 draft, 1 shared file, %d roles", sp.Counts, before["items"][1], dueBefore, deptRoles)
		}
		if c := sp.Counts; c.Ratings != 2 || c.RatingComments != 1 || c.Conferences != 1 || c.Events != 1 || c.PageViews != 5+4+3 ||
			c.ViewPaths != 1 || c.Subscriptions != 2 || c.SubscriptionsDropped != 1 {
			t.Errorf("preview counts = %+v; want 2 ratings (1 comment), 1 conference, 1 event, 12 views (1 address mapped), 2 subscriptions (1 dropped)", c)
		}
		if !hasPath(sp.Paths, "/tin-tuc/"+f.clashSlug, "/tin-tuc/"+f.clashSlug+"-so-khcn") || len(sp.Conflicts) < 2 {
			t.Errorf("preview paths %+v, conflicts %v: want the clash renamed and reported", sp.Paths, sp.Conflicts)
		}

		// The merge.
		if _, err := f.m.Run(ctx, f.order(), audit.CLI); err != nil {
			t.Fatal(err)
		}
		after := f.snapshot(t)
		for table, n := range before {
			if after[table][1] != 0 || after[table][0] != n[0]+n[1] {
				t.Errorf("%s: %v before, %v after; want all on the receiving site", table, n, after[table])
			}
		}
		for _, q := range []string{`SELECT COUNT(*) FROM categories WHERE site_id = ?`, `SELECT COUNT(*) FROM media WHERE site_id = ?`,
			`SELECT COUNT(*) FROM site_roles WHERE site_id = ?`} {
			if n := one(t, db, q, f.dept.ID); n != 0 {
				t.Errorf("%s: %d left on the merged site", q, n)
			}
		}
		dept, err := f.sites.ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		if dept.MergedInto != f.main.ID || dept.Status != site.Archived {
			t.Errorf("the merged site: merged into %d, %s", dept.MergedInto, dept.Status)
		}
		// Deadlines kept; senders told.
		for id, due := range dues {
			var got time.Time
			var siteID int64
			if err := db.QueryRow(ctx, `SELECT site_id, answer_due FROM feedback_requests WHERE id = ?`, id).Scan(&siteID, &got); err != nil || siteID != f.main.ID || !got.Equal(due) {
				t.Errorf("request %d: site %d, due %v (was %v), %v", id, siteID, got, due, err)
			}
		}
		if n := one(t, db, `SELECT COUNT(*) FROM mail_outbox`) - mailBefore; n != senders || senders == 0 {
			t.Errorf("%d letters to %d senders", n, senders)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%Văn phòng%' OR body LIKE '%1234/QĐ-UBND%'`); n < senders {
			t.Errorf("the letters do not name the decision: %d", n)
		}
		// The clash got a new address, the duplicate went offline, the file is one row.
		var slug string
		var live bool
		db.QueryRow(ctx, `SELECT slug FROM items WHERE id = ?`, f.clash).Scan(&slug)
		db.QueryRow(ctx, `SELECT live FROM items WHERE id = ?`, f.dup).Scan(&live)
		if slug != f.clashSlug+"-so-khcn" || live {
			t.Errorf("clash slug %q, duplicate live %v", slug, live)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM media WHERE sha256 = 'ab12'`); n != 1 {
			t.Errorf("%d rows for one file", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM revisions r JOIN media m ON m.id = r.cover_media_id WHERE r.item_id = ? AND m.site_id = ?`, f.clash, f.main.ID); n == 0 {
			t.Errorf("the cover does not point to the receiving site's file")
		}
		if n := one(t, db, `SELECT COUNT(*) FROM search_docs WHERE url = ?`, "/tin-tuc/"+f.clashSlug+"-so-khcn"); n == 0 {
			t.Errorf("the search entry keeps the old address")
		}
		// Every role maps: the department's people work on the province's site.
		if n := one(t, db, `SELECT COUNT(*) FROM site_roles WHERE site_id = ?`, f.main.ID); n < deptRoles {
			t.Errorf("roles on the receiving site: %d", n)
		}
		// Old paths.
		for old, want := range map[string]string{
			"/tin-tuc/" + f.clashSlug: "/tin-tuc/" + f.clashSlug + "-so-khcn",
			"/lien-he":                "/lien-he",
		} {
			if got, err := MapPath(ctx, db, f.dept.ID, old); err != nil || got != want {
				t.Errorf("MapPath(%q) = %q, %v; want %q", old, got, err, want)
			}
		}
		var dupURL string
		for _, pth := range sp.Paths {
			if pth.New == f.dupTarget {
				dupURL = pth.Old
			}
		}
		if got, _ := MapPath(ctx, db, f.dept.ID, dupURL); dupURL == "" || got != f.dupTarget {
			t.Errorf("the duplicate's address %q leads to %q; want %q", dupURL, got, f.dupTarget)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM audit_log WHERE action IN ('site.merge', 'site.merge.source')`); n != 2 {
			t.Errorf("%d audit entries; want the merge and its site", n)
		}
		f.checkReports(t)
		// Run again: nothing more happens.
		p2, err := f.m.Run(ctx, f.order(), audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if !p2.Sources[0].Done || !same(f.snapshot(t), after) {
			t.Errorf("a second run changed something")
		}
		f.checkReports(t)
	})
}

// checkReports checks, after the department is merged, where its ratings,
// spokesperson's records, page views and subscriptions went.
func (f *fixture) checkReports(t *testing.T) {
	t.Helper()
	db := f.db
	for _, table := range []string{"ratings", "spokes_conferences", "spokes_events", "page_views", "page_views_month", "report_subscriptions"} {
		if n := one(t, db, `SELECT COUNT(*) FROM `+table+` WHERE site_id = ?`, f.dept.ID); n != 0 {
			t.Errorf("%s: %d rows left on the merged site", table, n)
		}
	}
	if n := one(t, db, `SELECT COUNT(*) FROM ratings WHERE site_id = ? AND item_id = ? AND comment = 'Thông tin rõ ràng, dễ hiểu' AND state = 'received'`, f.main.ID, f.clash); n != 1 {
		t.Errorf("the rating's comment: %d on the receiving site", n)
	}
	if n := one(t, db, `SELECT COUNT(*) FROM spokes_events WHERE site_id = ? AND statement_item_id = ?`, f.main.ID, f.clash); n != 1 {
		t.Errorf("the event: %d on the receiving site", n)
	}
	if n := one(t, db, `SELECT COUNT(*) FROM spokes_conferences c JOIN spokespersons p ON p.id = c.spokesperson_id
		WHERE c.site_id = ? AND p.site_id = ? AND c.topics = 'Họp báo quý'`, f.main.ID, f.main.ID); n != 1 {
		t.Errorf("the conference and its spokesperson: %d on the receiving site", n)
	}
	// The reminder stays with the merged site (see moveTables).
	if n := one(t, db, `SELECT COUNT(*) FROM spokes_reminders WHERE site_id = ?`, f.dept.ID); n != 1 {
		t.Errorf("the merged site's reminder: %d", n)
	}
	clash := "/tin-tuc/" + f.clashSlug
	for _, x := range []struct {
		day, path string
		want      int
	}{
		{viewDay, "/", 7 + 5},            // added to the receiving site's row
		{viewDay2, "/", 3},               // moved
		{viewDay, clash, 10},             // the province's item keeps its own
		{viewDay, clash + "-so-khcn", 4}, // the department's, at its new address
	} {
		if got := views(t, db, f.main.ID, x.day, x.path); got != x.want {
			t.Errorf("views of %s on %s: %d; want %d", x.path, x.day, got, x.want)
		}
	}
	if n := one(t, db, `SELECT COUNT(*) FROM page_views WHERE site_id = ? AND path = ? AND item_id = ?`, f.main.ID, clash+"-so-khcn", f.clash); n != 1 {
		t.Errorf("the renamed item's views lost their item: %d", n)
	}
	// The month's sums: 7 + 5 + 10 + 3 on the home page and lists, 4 on
	// the department's item.
	monthsMatch(t, db)
	if n := one(t, db, `SELECT COALESCE(SUM(views), 0) FROM page_views_month WHERE site_id = ? AND month = ? AND item_id = 0`, f.main.ID, viewDay[:7]); n != 25 {
		t.Errorf("the receiving site's month: %d views of its pages; want 25", n)
	}
	if n := one(t, db, `SELECT COALESCE(SUM(views), 0) FROM page_views_month WHERE site_id = ? AND month = ? AND item_id = ?`, f.main.ID, viewDay[:7], f.clash); n != 4 {
		t.Errorf("the receiving site's month: %d views of the department's item; want 4", n)
	}
	for _, x := range []struct {
		user   int64
		period string
	}{{f.users[0], "month"}, {f.users[1], "quarter"}} {
		if n := one(t, db, `SELECT COUNT(*) FROM report_subscriptions WHERE user_id = ? AND site_id = ? AND period = ?`, x.user, f.main.ID, x.period); n != 1 {
			t.Errorf("subscription of %d (%s) on the receiving site: %d; want 1", x.user, x.period, n)
		}
	}
	if n := one(t, db, `SELECT COUNT(*) FROM report_subscriptions WHERE user_id IN (?, ?)`, f.users[0], f.users[1]); n != 2 {
		t.Errorf("%d subscriptions; want 2 (the duplicate dropped)", n)
	}
}

func TestMergeCrashAndRerun(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// Two communes into a new one: the second crashes mid-way.
		x := &rules.Sites{Rules: rules.NewStore(db, time.Now), Content: content.NewStore(db, time.Now)}
		users := account.NewUsers(db, time.Now)
		var ids []int64
		for _, c := range []struct {
			code, name string
			home       int // views of its home page on viewDay
		}{{"xa-a", "Xã An", 1}, {"xa-b", "Xã Bình", 2}, {"xa-an-binh", "Xã An Bình", 4}} {
			st := &site.Site{Code: c.code, Kind: site.Commune, Name: c.name, PathPrefix: "/" + c.code, ParentID: f.main.ID}
			if _, err := x.CreateSite(ctx, f.sites, st, audit.CLI); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, st.ID)
			u, err := users.Create(ctx, account.NewUser{Username: "bt-" + c.code, FullName: "Biên tập " + c.name, Password: account.RandomPassword()}, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			if err := users.Grant(ctx, u.ID, st.ID, account.BoardHead, audit.CLI); err != nil {
				t.Fatal(err)
			}
			// An item with its ratings, a conference and an event, views
			// of the home page (1, 2 and 4 on the same day) and the head's
			// subscription to the commune's monthly report.
			now := time.Now().UTC()
			var item int64
			if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, created_at, updated_at)
				VALUES (?, 'article', 'draft', 'vi', ?, ?, ?) RETURNING id`, st.ID, "tin-"+c.code, now, now).Scan(&item); err != nil {
				t.Fatal(err)
			}
			readerData(t, db, st.ID, item, c.home)
			exec(t, db, `INSERT INTO report_subscriptions (user_id, site_id, scope, period, last_sent, created_at) VALUES (?, ?, 'site', 'month', '', ?)`,
				u.ID, st.ID, now)
		}
		cats := one(t, db, `SELECT COUNT(*) FROM categories WHERE site_id = ?`, ids[2])
		o := Order{Target: "xa-an-binh", Sources: []string{"xa-a", "xa-b"}, Mode: Move, DecisionNo: "1656/NQ-UBTVQH15"}
		f.m.fail = func(step string) error {
			if step == "roles" && one(t, db, `SELECT COUNT(*) FROM site_merge_sources WHERE done_at IS NOT NULL`) == 1 {
				return errStop
			}
			return nil
		}
		if _, err := f.m.Run(ctx, o, audit.CLI); err == nil || !strings.Contains(err.Error(), errStop.Error()) {
			t.Fatalf("the crash did not happen: %v", err)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM sites WHERE merged_into = ?`, ids[2]); n != 1 {
			t.Fatalf("%d sites merged after a crash in the second; want the first only", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM site_roles WHERE site_id = ?`, ids[1]); n != 1 {
			t.Fatalf("the crashed site lost its roles: %d", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM categories WHERE site_id = ?`, ids[1]); n != cats {
			t.Fatalf("the crashed site's sections: %d, want %d (untouched)", n, cats)
		}
		// The first commune's records moved, the second's are as they were.
		for _, x := range []struct {
			table string
			want  [3]int // per commune: A, B, the new one
		}{
			{"ratings", [3]int{0, 2, 4}}, {"spokes_conferences", [3]int{0, 1, 2}}, {"spokes_events", [3]int{0, 1, 2}},
			{"page_views", [3]int{0, 1, 1}}, {"page_views_month", [3]int{0, 1, 1}}, {"report_subscriptions", [3]int{0, 1, 2}},
		} {
			for i, id := range ids {
				if n := one(t, db, `SELECT COUNT(*) FROM `+x.table+` WHERE site_id = ?`, id); n != x.want[i] {
					t.Errorf("after the crash, %s of %s: %d; want %d", x.table, []string{"xa-a", "xa-b", "xa-an-binh"}[i], n, x.want[i])
				}
			}
		}
		if got := views(t, db, ids[2], viewDay, "/"); got != 4+1 {
			t.Errorf("after the crash, home views of the new commune: %d; want 5", got)
		}
		if got := views(t, db, ids[1], viewDay, "/"); got != 2 {
			t.Errorf("after the crash, home views of the crashed commune: %d; want 2 (untouched)", got)
		}
		f.m.fail = nil
		p, err := f.m.Run(ctx, o, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Sources[0].Done || p.Sources[1].Done {
			t.Errorf("the re-run redid the first site or skipped the second: %v %v", p.Sources[0].Done, p.Sources[1].Done)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM site_merges`); n != 1 {
			t.Errorf("%d merges recorded; the re-run must resume the first", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM site_merges WHERE state = 'done'`); n != 1 {
			t.Errorf("the merge is not done")
		}
		// Everything of both communes on the new one, the views added once.
		for _, x := range []struct {
			table string
			want  int
		}{{"ratings", 6}, {"spokes_conferences", 3}, {"spokes_events", 3}, {"page_views", 1}, {"page_views_month", 1}, {"report_subscriptions", 3}} {
			if n := one(t, db, `SELECT COUNT(*) FROM `+x.table+` WHERE site_id IN (?, ?)`, ids[0], ids[1]); n != 0 {
				t.Errorf("%s: %d left on the merged communes", x.table, n)
			}
			if n := one(t, db, `SELECT COUNT(*) FROM `+x.table+` WHERE site_id = ?`, ids[2]); n != x.want {
				t.Errorf("%s of the new commune: %d; want %d", x.table, n, x.want)
			}
		}
		if got := views(t, db, ids[2], viewDay, "/"); got != 1+2+4 {
			t.Errorf("home views of the new commune: %d; want 7", got)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM ratings WHERE site_id = ? AND comment <> ''`, ids[2]); n != 3 {
			t.Errorf("rating comments of the new commune: %d; want 3", n)
		}
		if c := p.Sources[1].Counts; c.Ratings != 2 || c.RatingComments != 1 || c.Conferences != 1 || c.Events != 1 || c.PageViews != 2 ||
			c.Subscriptions != 1 || c.SubscriptionsDropped != 0 {
			t.Errorf("the re-run's counts for the second commune: %+v", c)
		}
		// The same sections joined: the receiving commune has as many as before.
		if n := one(t, db, `SELECT COUNT(*) FROM categories WHERE site_id = ?`, ids[2]); n != cats {
			t.Errorf("receiving sections: %d, want %d", n, cats)
		}
		// Three heads: the receiving one stays, the others become deputies.
		if n := one(t, db, `SELECT COUNT(*) FROM site_roles WHERE site_id = ? AND role = 'board_head'`, ids[2]); n != 1 {
			t.Errorf("%d board heads", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM site_roles WHERE site_id = ? AND role = 'board_deputy'`, ids[2]); n != 2 {
			t.Errorf("%d deputies; want 2", n)
		}
	})
}

func TestMergeArchiveMode(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		o := f.order()
		o.Mode = Archive
		if _, err := f.m.Run(ctx, o, audit.CLI); err != nil {
			t.Fatal(err)
		}
		var slug string
		var inMenu bool
		if err := db.QueryRow(ctx, `SELECT slug, in_menu FROM categories WHERE site_id = ? AND name LIKE ? ORDER BY id LIMIT 1`,
			f.main.ID, "%("+f.dept.Name+")").Scan(&slug, &inMenu); err != nil {
			t.Fatalf("no archive section: %v", err)
		}
		if !strings.HasPrefix(slug, "so-khcn-") || inMenu {
			t.Errorf("archive section %q in menu %v", slug, inMenu)
		}
		old := "/chuyen-muc/" + strings.TrimPrefix(slug, "so-khcn-")
		if got, _ := MapPath(ctx, db, f.dept.ID, old+"/feed.atom"); got != "/chuyen-muc/"+slug+"/feed.atom" {
			t.Errorf("the section's feed %q leads to %q", old, got)
		}
	})
}

func TestMergeRefusals(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	f := newFixture(t, db)
	for _, o := range []Order{
		{Target: "so-khcn", Sources: []string{"dong-nai"}, DecisionNo: "1"},  // the main portal
		{Target: "dong-nai", Sources: []string{"dong-nai"}, DecisionNo: "1"}, // itself
		{Target: "dong-nai", Sources: []string{"khong-co"}, DecisionNo: "1"}, // unknown
		{Target: "dong-nai", Sources: []string{"so-khcn"}},                   // no decision
		{Target: "dong-nai", Sources: nil, DecisionNo: "1"},                  // nothing
		{Target: "dong-nai", Sources: []string{"so-khcn"}, DecisionNo: "1", Mode: "x"},
	} {
		if _, err := f.m.Preview(ctx, o); err == nil {
			t.Errorf("%+v: accepted", o)
		}
	}
}

func same(a, b map[string][2]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func hasPath(ps []Path, old, next string) bool {
	for _, p := range ps {
		if p.Old == old && p.New == next {
			return true
		}
	}
	return false
}
