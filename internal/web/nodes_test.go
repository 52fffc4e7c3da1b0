package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestUnpublishReachesEveryNode runs two nodes on one PostgreSQL
// database, each with its own page cache: an item unpublished through one
// node is no longer served from the other's cache (LISTEN/NOTIFY).
func TestUnpublishReachesEveryNode(t *testing.T) {
	db := storetest.Postgres(t)
	h := newHarness(t, db) // node A
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nodeB, err := web.New(ctx, web.Options{DB: db, Log: discard(), Now: h.clock.Now, MediaDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	srvB := httptest.NewServer(nodeB)
	defer srvB.Close()
	ready := make(chan struct{})
	go nodeB.ListenForInvalidations(ctx, ready)
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("node B did not start listening")
	}

	h.person("btv", account.Editor, "dong-nai")
	h.person("tban", account.BoardHead, "dong-nai")
	b, tb := h.browser(), h.browser()
	b.signIn("btv")
	tb.signIn("tban")
	path := b.newItem(article("Tin trên hai máy chủ", "<p>Nội dung.</p>"))
	b.post(path+"/buoc", url.Values{"action": {"submit"}})
	b.post(path+"/buoc", url.Values{"action": {"send"}})
	tb.post(path+"/buoc", url.Values{"action": {"approve"}})

	get := func() (int, string) {
		resp, err := http.Get(srvB.URL + "/tin-tuc/tin-tren-hai-may-chu")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("X-Cache")
	}
	get()
	if st, xc := get(); st != 200 || xc != "hit" {
		t.Fatalf("node B = %d %s; want a cached 200", st, xc)
	}
	if p := tb.post(path+"/buoc", url.Values{"action": {"unpublish"}, "comment": {"Thông tin chưa chính xác"}}); p.status != http.StatusSeeOther {
		t.Fatalf("unpublish on node A = %d", p.status)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := get()
		if st == http.StatusNotFound {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("node B still serves the unpublished item (%d) 5 s after node A unpublished it", st)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSignInLimitHoldsAcrossNodes: two nodes on one PostgreSQL database
// share the sign-in limit. Twelve wrong attempts from one address, taken
// in turn by the two nodes, are six on each — under either node's own
// limit of ten — but the installation refuses past ten.
func TestSignInLimitHoldsAcrossNodes(t *testing.T) {
	db := storetest.Postgres(t)
	// One clock, in the middle of a minute, for both: the shared count is
	// kept per minute of the server's clock.
	at := time.Now().Truncate(time.Minute).Add(30 * time.Second)
	sameClock := func(o *web.Options) { o.Now = func() time.Time { return at } }
	nodes := []*harness{newHarness(t, db, sameClock), newHarness(t, db, sameClock)}
	var statuses []int
	for i := range 12 {
		b := nodes[i%2].browser()
		p := b.post("/dang-nhap", url.Values{"username": {fmt.Sprintf("doan-mo-%d", i)}, "password": {"sai-mat-khau"}})
		statuses = append(statuses, p.status)
	}
	refused := 0
	for _, st := range statuses {
		if st == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused != 2 || statuses[10] != http.StatusTooManyRequests || statuses[11] != http.StatusTooManyRequests {
		t.Errorf("statuses %v; want the 11th and 12th attempts refused with 429", statuses)
	}
}
