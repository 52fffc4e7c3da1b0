package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// ratedItem is a published item of a site: its id and its page.
type ratedItem struct {
	id   string
	path string // its page
	post string // where its rating form posts
}

// liveArticles lists n published Vietnamese items of every site, those
// of the main portal first, each with its page's path on its site.
func liveArticles(t *testing.T, h *harness, n int) []ratedItem {
	t.Helper()
	ctx := context.Background()
	rows, err := h.db.Query(ctx, `SELECT id, site_id, kind, slug FROM items
		WHERE live AND lang = 'vi' ORDER BY CASE WHEN site_id = ? THEN 0 ELSE 1 END, id LIMIT ?`, h.main.ID, n)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id, site   int64
		kind, slug string
	}
	var found []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.site, &r.kind, &r.slug); err != nil {
			t.Fatal(err)
		}
		found = append(found, r)
	}
	rows.Close()
	if len(found) < n {
		t.Fatalf("the demo has %d live items, the test needs %d", len(found), n)
	}
	var out []ratedItem
	for _, r := range found {
		st, err := site.NewSites(h.db, h.clock.Now).ByID(ctx, r.site)
		if err != nil {
			t.Fatal(err)
		}
		it := content.Item{Kind: content.Kind(r.kind), Lang: "vi", Slug: r.slug}
		out = append(out, ratedItem{id: strconv.FormatInt(r.id, 10), path: st.URL(it.URL()), post: st.URL("/danh-gia/" + strconv.FormatInt(r.id, 10))})
	}
	return out
}

// ratingsWhere counts the stored ratings matching a condition.
func ratingsWhere(t *testing.T, h *harness, cond string, args ...any) int {
	t.Helper()
	var n int
	if err := h.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM ratings WHERE `+cond, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRatingWithoutJavaScript: the control on an item page is a plain
// form (a fieldset with its legend, a labelled text area, two submit
// buttons); pressing "Có" stores the answer and comes back to the item
// with the thank-you, while the page without the parameter (from the
// cache) still offers the form; a second answer the same day, an unknown
// item and an item of another site are refused with a page, never a 500.
func TestRatingWithoutJavaScript(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLocalProxy)
		b := h.browser()
		it := liveArticles(t, h, 1)[0]
		p := b.get(it.path)
		for _, want := range []string{`<section class="rating" id="danh-gia"`, `<form method="post" action="/danh-gia/` + it.id + `"`,
			`<legend>Thông tin này có hữu ích không?</legend>`, `<label for="y-kien">`, `<textarea id="y-kien" name="y-kien"`,
			`<button type="submit" name="tra-loi" value="co">Có</button>`, `<button type="submit" name="tra-loi" value="khong" class="secondary">Không</button>`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the item page lacks %s", want)
			}
		}
		ip := nextAddress()
		p = b.postFrom(ip, it.post, url.Values{"tra-loi": {"co"}, "y-kien": {"  Rất   rõ ràng, cảm ơn "}})
		if p.status != http.StatusSeeOther || p.location != it.path+"?danh-gia=cam-on#danh-gia" {
			t.Fatalf("rating: %d to %q, want 303 to the item with the thank-you", p.status, p.location)
		}
		if n := ratingsWhere(t, h, `item_id = ? AND useful AND comment = ? AND state = 'received'`, it.id, "Rất rõ ràng, cảm ơn"); n != 1 {
			t.Errorf("%d ratings stored as sent, want 1", n)
		}
		thanks := b.get(strings.TrimSuffix(p.location, "#danh-gia"))
		if thanks.status != http.StatusOK || !strings.Contains(thanks.body, `<p class="notice" role="status">Cảm ơn bạn đã đánh giá.`) ||
			strings.Contains(thanks.body, `name="tra-loi"`) {
			t.Errorf("the thank-you page: %d, thanks shown %v", thanks.status, strings.Contains(thanks.body, "Cảm ơn bạn đã đánh giá"))
		}
		if again := b.get(it.path); strings.Contains(again.body, "Cảm ơn bạn đã đánh giá") || !strings.Contains(again.body, `name="tra-loi"`) {
			t.Error("the item page without the parameter shows the thank-you (a cache key without danh-gia?)")
		}
		for _, c := range []struct {
			name, path string
			form       url.Values
			status     int
			says       string
		}{
			{"the same item again today", "/danh-gia/" + it.id, url.Values{"tra-loi": {"khong"}}, http.StatusTooManyRequests, "Bạn đã đánh giá thông tin này hôm nay"},
			{"no answer", "/danh-gia/" + it.id, url.Values{"tra-loi": {"co-le"}}, http.StatusUnprocessableEntity, "Xin bấm nút"},
			{"an unknown item", "/danh-gia/999999999", url.Values{"tra-loi": {"co"}}, http.StatusNotFound, "Không tìm thấy"},
			{"not a number", "/danh-gia/abc", url.Values{"tra-loi": {"co"}}, http.StatusNotFound, "Không tìm thấy"},
			{"another site's item", "/so-khcn/danh-gia/" + it.id, url.Values{"tra-loi": {"co"}}, http.StatusNotFound, "Không tìm thấy"},
		} {
			p := b.postFrom(ip, c.path, c.form)
			if p.status != c.status || !strings.Contains(p.body, c.says) {
				t.Errorf("%s: %d, want %d saying %q", c.name, p.status, c.status, c.says)
			}
		}
		if n := ratingsWhere(t, h, `1 = 1`); n != 1 {
			t.Errorf("%d ratings stored, want 1", n)
		}
	})
}

// TestRatingLimit: one address sends ten answers a minute; the eleventh
// is refused with 429 and a Vietnamese message, and another address
// still rates.
func TestRatingLimit(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLocalProxy)
		b := h.browser()
		items := liveArticles(t, h, 12)
		ip := nextAddress()
		for i, it := range items[:10] {
			if p := b.postFrom(ip, it.post, url.Values{"tra-loi": {"co"}}); p.status != http.StatusSeeOther {
				t.Fatalf("answer %d: %d, want 303", i+1, p.status)
			}
		}
		p := b.postFrom(ip, items[10].post, url.Values{"tra-loi": {"khong"}})
		if p.status != http.StatusTooManyRequests || !strings.Contains(p.body, "Bạn đã gửi nhiều đánh giá trong thời gian ngắn") {
			t.Errorf("the 11th answer in a minute: %d, want 429 with a message", p.status)
		}
		if p := b.postFrom(nextAddress(), items[11].post, url.Values{"tra-loi": {"khong"}}); p.status != http.StatusSeeOther {
			t.Errorf("another address: %d, want 303", p.status)
		}
		if n := ratingsWhere(t, h, `1 = 1`); n != 11 {
			t.Errorf("%d ratings stored, want 11", n)
		}
	})
}

// TestRatingCommentsForEditors: a comment naming a prohibited term is
// held; the site's editor sees both comments with their screening state
// on the site's ratings page; a collaborator of the site and one of
// another site are refused.
func TestRatingCommentsForEditors(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLocalProxy)
		if _, err := db.Exec(context.Background(), `INSERT INTO prohibited_terms (site_id, term, created_at) VALUES (?, ?, ?)`,
			h.main.ID, "lời lẽ cấm", h.clock.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		items := liveArticles(t, h, 2)
		anon := h.browser()
		anon.postFrom(nextAddress(), items[0].post, url.Values{"tra-loi": {"khong"}, "y-kien": {"Thiếu số điện thoại liên hệ"}})
		p := anon.postFrom(nextAddress(), items[1].post, url.Values{"tra-loi": {"khong"}, "y-kien": {"Đây là Lời lẽ cấm"}})
		if p.status != http.StatusSeeOther {
			t.Fatalf("a held comment: %d, want 303 (the reader is thanked all the same)", p.status)
		}
		if n := ratingsWhere(t, h, `state = 'held' AND held_terms = ?`, "lời lẽ cấm"); n != 1 {
			t.Errorf("%d held comments, want 1", n)
		}
		h.person("dg.editor", account.Editor, "dong-nai")
		h.person("dg.ctv", account.Collaborator, "dong-nai")
		h.person("dg.other", account.Collaborator, "so-khcn")
		h.person("dg.otheredit", account.Editor, "so-khcn")
		ed := h.browser()
		ed.signIn("dg.editor")
		page := ed.get("/quan-tri/s/dong-nai/danh-gia")
		if page.status != http.StatusOK {
			t.Fatalf("the editor's ratings page: %d", page.status)
		}
		for _, want := range []string{"Thiếu số điện thoại liên hệ", "Đây là Lời lẽ cấm", `data-state="held"`, "Tạm giữ: có từ ngữ bị cấm", `data-state="received"`,
			`<strong data-no>2</strong>`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the ratings page lacks %s", want)
			}
		}
		for _, who := range []string{"dg.ctv", "dg.other", "dg.otheredit"} {
			b := h.browser()
			b.signIn(who)
			if p := b.get("/quan-tri/s/dong-nai/danh-gia"); p.status != http.StatusForbidden || strings.Contains(p.body, "Thiếu số điện thoại") {
				t.Errorf("%s opens the main portal's ratings: %d", who, p.status)
			}
		}
	})
}
