package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// mirrorIsSteps: on PostgreSQL, the index's words held in memory
// (Index.UseMirror) find what the statements one by one find with exact
// counts — the same count, the same hits in the same order, the same
// fallback and suggestion — over the searches gatherIsSteps compares.
// The mirror counts exactly up to 1,001, as SQLite does, where the
// statements take the planner's estimate beyond 3,000 expected; the
// statements compared here count too (ExactCount). TestRelevance calls it
// on the index it built.
func mirrorIsSteps(t *testing.T, db *store.DB, docs []search.Doc, j judged) {
	ctx := context.Background()
	mem := search.New(db, time.Now)
	waitMirror(t, mem)
	steps := search.New(db, time.Now)
	search.Stepwise(steps, true)
	search.ExactCount(steps)
	queries, filters := comparedSearches(docs, j)
	compared := 0
	for _, text := range queries {
		for fi, f := range filters {
			a, err := mem.Search(ctx, search.Parse(text), f)
			if err != nil {
				t.Fatalf("%q, filter %d, in memory: %v", text, fi, err)
			}
			b, err := steps.Search(ctx, search.Parse(text), f)
			if err != nil {
				t.Fatalf("%q, filter %d, statements: %v", text, fi, err)
			}
			if got, want := describe(a), describe(b); got != want {
				t.Errorf("%q, filter %+v:\n in memory:  %s\n statements: %s", text, f, got, want)
			}
			compared++
		}
	}
	if n := search.MirrorAnswers(mem); n != int64(compared) {
		t.Errorf("the words in memory answered %d of %d searches", n, compared)
	}
	fmt.Printf("search on PostgreSQL, words in memory against the statements one by one: %d searches compared\n", compared)
}

// waitMirror has ix hold its words in memory and waits until it answers
// from them.
func waitMirror(t testing.TB, ix *search.Index) {
	t.Helper()
	ix.UseMirror(nil)
	deadline := time.Now().Add(time.Minute)
	for {
		ok, err := ix.MirrorReady(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the words were not in memory after a minute")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// What one node writes, the next search on another node finds, with the
// other node answering from its words in memory: a new document, a
// changed one, a removed one, a transaction that committed after a later
// one, more changes than the overlay holds, and changes cleared before
// the other node read them. On SQLite the same searches run on the
// statements (there is one node).
func TestMirrorFollowsEveryNode(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		writer := search.New(db, time.Now)
		other := db
		if db.Dialect == store.Postgres {
			var err error
			if other, err = store.Open(ctx, db.ConnString(), ""); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
		}
		reader := search.New(other, time.Now)
		day := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		doc := func(id int64, title string) search.Doc {
			return search.Doc{ItemID: id, SiteID: 1, Kind: "tin-tuc", Live: true, State: "published", Title: title,
				Body: "Nội dung bài viết " + title, URL: fmt.Sprintf("/tin/%d", id), PublishedAt: &day}
		}
		put := func(docs ...search.Doc) {
			t.Helper()
			if err := writer.Put(ctx, docs); err != nil {
				t.Fatal(err)
			}
		}
		found := func(q string) []int64 {
			t.Helper()
			res, err := reader.Search(ctx, search.Parse(q), search.Filter{PerPage: 50})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, h := range res.Hits {
				ids = append(ids, h.ItemID)
			}
			slices.Sort(ids)
			return ids
		}
		expect := func(q string, want ...int64) {
			t.Helper()
			if got := found(q); !slices.Equal(got, want) {
				t.Errorf("%q found %v; want %v", q, got, want)
			}
		}
		put(doc(1, "Hội nghị tổng kết năm"), doc(2, "Lễ hội hoa xuân"), doc(3, "Thông báo lịch tiếp công dân"))
		if db.Dialect == store.Postgres {
			waitMirror(t, reader)
		}
		answered := search.MirrorAnswers(reader)

		put(doc(10, "Đàn chim quokka về vườn quốc gia"))
		expect("quokka", 10)
		put(doc(10, "Đàn chim wombat về vườn quốc gia"))
		expect("quokka")
		expect("wombat", 10)
		if err := writer.Remove(ctx, 10); err != nil {
			t.Fatal(err)
		}
		expect("wombat")
		if db.Dialect != store.Postgres {
			return
		}

		// A transaction that began first and commits last: its change
		// is read at the next search after its commit, though a later
		// one's was read before.
		raw, err := sql.Open("pgx", db.ConnString())
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		slow, err := raw.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := slow.ExecContext(ctx, `UPDATE search_docs SET tsv = tsv || 'numbat'::tsvector WHERE item_id = 1`); err != nil {
			t.Fatal(err)
		}
		put(doc(11, "Loài numbat quý hiếm"))
		expect("numbat", 11)
		if err := slow.Commit(); err != nil {
			t.Fatal(err)
		}
		expect("numbat", 1, 11)
		if got := search.MirrorAnswers(reader) - answered; got != 6 {
			t.Errorf("the words in memory answered %d of the 6 searches", got)
		}

		// More changes than the overlay holds: the node reads its words
		// again, and the statements answer meanwhile. A transaction that
		// began before them stays open throughout (as an ANALYZE after an
		// import does), holding every snapshot's xmin before them: the
		// node still tells the changes its reading saw from those it did
		// not, and answers from memory.
		held, err := raw.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer held.Rollback()
		if _, err := held.ExecContext(ctx, `SELECT pg_current_xact_id()`); err != nil {
			t.Fatal(err)
		}
		var many []search.Doc
		for i := range 4200 {
			many = append(many, doc(int64(100+i), "Bản tin về dingo"))
		}
		many[4199].Title = "Bản tin về dingo và kiwi"
		put(many...)
		if got := found("dingo"); len(got) != 50 {
			t.Errorf("dingo found %d documents on the first page; want 50", len(got))
		}
		waitMirror(t, reader)
		before := search.MirrorAnswers(reader)
		expect("dingo kiwi", 4299)
		expect("kiwi", 4299)
		if got := search.MirrorAnswers(reader) - before; got != 2 {
			t.Errorf("with a transaction open since before the changes, the words in memory answered %d of 2 searches", got)
		}
		if err := held.Rollback(); err != nil {
			t.Fatal(err)
		}

		// Changes cleared before this node read them: it reads its words
		// again rather than miss one. (Two transactions: the newest
		// cleared change stays, the horizon at its transaction.)
		put(doc(12, "Chuột túi echidna"))
		put(doc(13, "Thú mỏ vịt platypus"))
		if _, err := db.Exec(ctx, `UPDATE search_changes SET at = at - interval '1 hour'`); err != nil {
			t.Fatal(err)
		}
		search.ClearChanges(db, 10*time.Minute)
		before = search.MirrorAnswers(reader)
		expect("echidna", 12)
		if search.MirrorAnswers(reader) != before {
			t.Error("a node that missed cleared changes answered from its words in memory")
		}
		waitMirror(t, reader)
		expect("echidna", 12)
		var left int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM search_changes`).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left > 1 {
			t.Errorf("%d changes left after clearing", left)
		}

		// A TRUNCATE names no rows: every node reads its words again.
		if _, err := db.Exec(ctx, `TRUNCATE search_docs`); err != nil {
			t.Fatal(err)
		}
		put(doc(14, "Chim emu"))
		expect("echidna")
		waitMirror(t, reader)
		before = search.MirrorAnswers(reader)
		expect("echidna")
		expect("emu", 14)
		if search.MirrorAnswers(reader) != before+2 {
			t.Error("the words in memory did not answer after the TRUNCATE")
		}
	})
}
