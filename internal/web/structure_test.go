package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/workflow"
)

// section returns the HTML from the first occurrence of start to the end
// of the element it opens (the next closing tag named end), or "".
func section(body, start, end string) string {
	i := strings.Index(body, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j+len(end)]
}

var categoryLinkRE = regexp.MustCompile(`href="/chuyen-muc/([a-z0-9-]+)"`)

// publishAll takes an item through submit, send and approve in the
// forms, the first two by by, the approval by the board head.
func publishAll(t *testing.T, by, head *browser, path string) {
	t.Helper()
	for _, s := range []struct {
		b      *browser
		action string
	}{{by, "submit"}, {by, "send"}, {head, "approve"}} {
		if p := s.b.post(path+"/buoc", url.Values{"action": {s.action}}); p.status != http.StatusSeeOther {
			t.Fatalf("%s %s = %d\n%.2000s", s.action, path, p.status, p.body)
		}
	}
}

// itemID is the id at the end of an item's admin path.
func itemID(t *testing.T, path string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(path[strings.LastIndex(path, "/")+1:], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSiteStructure(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		head := h.person("tban", account.BoardHead, "dong-nai")
		h.person("btv", account.Editor, "dong-nai")
		tb, btv, anon := h.browser(), h.browser(), h.browser()
		tb.signIn("tban")
		btv.signIn("btv")

		// Categories are the board's to create, not an editor's.
		cat := func(name, slug string, position int, inMenu, homeBlock bool) url.Values {
			v := url.Values{"name": {name}, "slug": {slug}, "position": {strconv.Itoa(position)}}
			if inMenu {
				v.Set("in_menu", "1")
			}
			if homeBlock {
				v.Set("home_block", "1")
			}
			return v
		}
		if p := btv.post("/quan-tri/s/dong-nai/chuyen-muc", cat("Của biên tập viên", "cua-bien-tap-vien", 4, true, false)); p.status != http.StatusForbidden {
			t.Errorf("editor creating a category = %d; want 403", p.status)
		}
		// Created out of order: the menu follows the position, not the creation.
		for _, c := range []url.Values{
			cat("Kinh tế", "kinh-te", 30, true, true),
			cat("Văn hóa", "van-hoa", 10, true, false),
			cat("Xã hội", "xa-hoi", 20, true, false),
			cat("Nội bộ", "noi-bo", 5, false, false),
		} {
			if p := tb.post("/quan-tri/s/dong-nai/chuyen-muc", c); p.status != http.StatusSeeOther || p.location != "/quan-tri/s/dong-nai/chuyen-muc?luu=1" {
				t.Fatalf("create category %s = %d %q\n%.2000s", c.Get("slug"), p.status, p.location, p.body)
			}
		}
		if p := tb.post("/quan-tri/s/dong-nai/chuyen-muc", cat("Kinh tế lần hai", "kinh-te", 40, true, false)); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a second category with the same slug = %d; want 422", p.status)
		}

		// The public menu lists the in-menu categories in position order
		// (the demo's at positions 1–3 come first).
		home := anon.get("/")
		nav := section(home.body, `<nav class="mainnav"`, "</nav>")
		if nav == "" {
			t.Fatalf("no main menu on the home page:\n%.3000s", home.body)
		}
		var got []string
		for _, m := range categoryLinkRE.FindAllStringSubmatch(nav, -1) {
			got = append(got, m[1])
		}
		want := []string{"tin-tuc-su-kien", "chi-dao-dieu-hanh", "thong-bao", "van-hoa", "xa-hoi", "kinh-te"}
		if !slices.Equal(got, want) {
			t.Errorf("menu categories = %v; want %v", got, want)
		}
		if p := anon.get("/chuyen-muc/noi-bo"); p.status != 200 {
			t.Errorf("a category outside the menu has no page: %d", p.status)
		}

		cs := content.NewStore(h.db, h.clock.Now)
		catID := func(slug string) string {
			c, err := cs.CategoryBySlug(ctx, h.main.ID, slug)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(c.ID, 10)
		}

		// A featured item in the home-block category, by the board head.
		feat := article("Tỉnh thu hút vốn đầu tư kỷ lục", "<p>Vốn đầu tư tăng mạnh.</p>")
		feat.Set("category", catID("kinh-te"))
		feat.Set("featured", "1")
		featPath := tb.newItem(feat)
		publishAll(t, tb, tb, featPath)
		// An ordinary item in the same category, by an editor.
		plain := article("Chợ phiên cuối tuần mở cửa", "<p>Chợ phiên họp vào sáng thứ bảy.</p>")
		plain.Set("category", catID("kinh-te"))
		plainPath := btv.newItem(plain)
		publishAll(t, btv, tb, plainPath)
		if it, err := cs.Get(ctx, itemID(t, featPath)); err != nil || !it.Featured || !it.Live {
			t.Fatalf("featured item = %+v, %v", it, err)
		}

		home = anon.get("/")
		block := section(home.body, `aria-labelledby="khoi-kinh-te"`, "</section>")
		if block == "" {
			t.Fatalf("no home block for the home_block category:\n%.4000s", home.body)
		}
		if !strings.Contains(block, `href="/chuyen-muc/kinh-te"`) || !strings.Contains(block, "Kinh tế") ||
			!strings.Contains(block, "Tỉnh thu hút vốn đầu tư kỷ lục") || !strings.Contains(block, "Chợ phiên cuối tuần mở cửa") {
			t.Errorf("home block of Kinh tế:\n%s", block)
		}
		for _, slug := range []string{"van-hoa", "xa-hoi", "noi-bo"} {
			if strings.Contains(home.body, `aria-labelledby="khoi-`+slug+`"`) {
				t.Errorf("category %s has a home block without home_block", slug)
			}
		}
		featured := section(home.body, `<section class="panel featured"`, "</section>")
		if !strings.Contains(featured, "Tin nổi bật") || !strings.Contains(featured, "Tỉnh thu hút vốn đầu tư kỷ lục") {
			t.Errorf("the featured item is not under Tin nổi bật:\n%s", featured)
		}
		if strings.Contains(featured, "Chợ phiên cuối tuần mở cửa") {
			t.Error("an item not marked featured is under Tin nổi bật")
		}

		// A category with 21 items pages at 20.
		u, err := h.users.ByID(ctx, head.ID)
		if err != nil {
			t.Fatal(err)
		}
		boss := workflow.Person{User: u, MainID: h.main.ID, IP: "127.0.0.1"}
		flow := workflow.New(h.db, cs, h.clock.Now)
		xaHoi, _ := strconv.ParseInt(catID("xa-hoi"), 10, 64)
		for i := 1; i <= 21; i++ {
			e := content.Edit{Kind: content.Article, CategoryID: xaHoi, Title: fmt.Sprintf("Tin xã hội số %02d", i),
				Summary: "Tóm tắt.", Body: "<p>Nội dung.</p>", Author: "Ban Biên tập", Source: "Văn phòng"}
			it, err := cs.Create(ctx, h.main.ID, e, u.Actor(""))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []workflow.Action{workflow.Submit, workflow.Send, workflow.Approve} {
				if _, err := flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: a}, boss); err != nil {
					t.Fatalf("item %d %s: %v", i, a, err)
				}
			}
		}
		teasers := func(body string) int { return strings.Count(body, `<article class="teaser">`) }
		p1 := anon.get("/chuyen-muc/xa-hoi")
		if p1.status != 200 || teasers(p1.body) != 20 {
			t.Fatalf("category page 1 = %d with %d items; want 20\n%.3000s", p1.status, teasers(p1.body), p1.body)
		}
		if !strings.Contains(p1.body, `href="/chuyen-muc/xa-hoi?trang=2" rel="next"`) || strings.Contains(p1.body, `rel="prev"`) {
			t.Errorf("page 1 has no link to page 2 (or a link back):\n%s", section(p1.body, `<nav class="pager"`, "</nav>"))
		}
		if !strings.Contains(p1.body, "Tin xã hội số 21") || strings.Contains(p1.body, "Tin xã hội số 01") {
			t.Error("page 1 does not start with the newest items")
		}
		p2 := anon.get("/chuyen-muc/xa-hoi?trang=2")
		if p2.status != 200 || teasers(p2.body) != 1 || !strings.Contains(p2.body, "Tin xã hội số 01") {
			t.Fatalf("category page 2 = %d with %d items; want the oldest one\n%.3000s", p2.status, teasers(p2.body), p2.body)
		}
		if !strings.Contains(p2.body, `href="/chuyen-muc/xa-hoi?trang=1" rel="prev"`) || strings.Contains(p2.body, `rel="next"`) {
			t.Errorf("page 2 pager:\n%s", section(p2.body, `<nav class="pager"`, "</nav>"))
		}
		if p := anon.get("/chuyen-muc/van-hoa"); p.status != 200 || teasers(p.body) != 0 || strings.Contains(p.body, `class="pager"`) {
			t.Errorf("an empty category = %d with %d items", p.status, teasers(p.body))
		}
		if p := anon.get("/chuyen-muc/khong-co"); p.status != http.StatusNotFound {
			t.Errorf("an unknown category = %d; want 404", p.status)
		}
	})
}

func TestRestoreRevision(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("btv", account.Editor, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		h.person("ctv", account.Collaborator, "dong-nai")
		btv, tb, ctv := h.browser(), h.browser(), h.browser()
		btv.signIn("btv")
		tb.signIn("tban")
		ctv.signIn("ctv")
		cs := content.NewStore(h.db, h.clock.Now)

		first := article("Bản gốc của bài", "<p>Nội dung phiên bản một.</p>")
		first.Set("tags", "gốc")
		path := btv.newItem(first)
		id := itemID(t, path)
		second := article("Bản sửa của bài", "<p>Nội dung phiên bản hai.</p>")
		second.Set("version", versionRE.FindStringSubmatch(btv.get(path).body)[1])
		second.Set("author", "Trần Thị B")
		if p := btv.post(path, second); p.status != http.StatusSeeOther {
			t.Fatalf("second save = %d\n%.2000s", p.status, p.body)
		}

		if p := btv.post(path+"/khoi-phuc", url.Values{"number": {"1"}}); p.status != http.StatusSeeOther {
			t.Fatalf("restore = %d\n%.2000s", p.status, p.body)
		}
		revs, err := cs.Revisions(ctx, id)
		if err != nil || len(revs) != 3 {
			t.Fatalf("revisions after restore = %d, %v; want 3", len(revs), err)
		}
		byNumber := map[int]*content.Revision{}
		for _, r := range revs {
			full, err := cs.Revision(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			byNumber[full.Number] = full
		}
		r1, r3 := byNumber[1], byNumber[3]
		if r1 == nil || r3 == nil {
			t.Fatalf("revision numbers = %v", byNumber)
		}
		if r3.Title != r1.Title || r3.Summary != r1.Summary || r3.Body != r1.Body || r3.Author != r1.Author ||
			r3.Source != r1.Source || r3.Tags != r1.Tags {
			t.Errorf("revision 3 = %+v; want the text of revision 1 %+v", r3, r1)
		}
		if r3.Note != "Khôi phục phiên bản 1" {
			t.Errorf("note of the restore = %q", r3.Note)
		}
		it, err := cs.Get(ctx, id)
		if err != nil || it.Rev.Number != 3 || it.Rev.Title != "Bản gốc của bài" {
			t.Fatalf("current revision after restore = %+v, %v", it.Rev, err)
		}
		if p := btv.get(path); !strings.Contains(p.body, "Khôi phục phiên bản 1") {
			t.Error("the item page does not show the restore note")
		}
		if p := btv.post(path+"/khoi-phuc", url.Values{"number": {"9"}}); p.status != http.StatusNotFound {
			t.Errorf("restoring a revision that does not exist = %d; want 404", p.status)
		}

		// Once live, a collaborator who did not write it may not restore.
		publishAll(t, btv, tb, path)
		denied := h.auditCount("denied")
		if p := ctv.post(path+"/khoi-phuc", url.Values{"number": {"2"}}); p.status != http.StatusForbidden {
			t.Errorf("collaborator restoring a live item = %d; want 403", p.status)
		}
		if h.auditCount("denied") != denied+1 {
			t.Error("the refused restore is not in the audit log")
		}
		if revs, _ := cs.Revisions(ctx, id); len(revs) != 3 {
			t.Errorf("a refused restore added a revision: %d", len(revs))
		}
		if it, _ := cs.Get(ctx, id); !it.Live || it.State != content.Published {
			t.Errorf("a refused restore changed the item: %+v", it)
		}
	})
}

// Every kind of item goes through the forms and the workflow and is
// served at its own URL prefix.
func TestEveryKindIsPublishedAtItsPath(t *testing.T) {
	prefix := map[content.Kind]string{
		content.Article: "tin-tuc", content.Announcement: "thong-bao", content.Event: "su-kien", content.Page: "trang",
		content.Legal: "van-ban", content.Press: "bao-chi", content.Procedure: "thu-tuc", content.Project: "du-an",
		content.Plan: "ke-hoach", content.Statistics: "thong-ke", content.Recruitment: "tuyen-dung",
	}
	if len(prefix) != len(content.Kinds) {
		t.Fatalf("content.Kinds has %d kinds; the test knows %d", len(content.Kinds), len(prefix))
	}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("btv", account.Editor, "dong-nai")
		h.person("tban", account.BoardHead, "dong-nai")
		btv, tb, anon := h.browser(), h.browser(), h.browser()
		btv.signIn("btv")
		tb.signIn("tban")
		cs := content.NewStore(h.db, h.clock.Now)
		for _, k := range content.Kinds {
			want, ok := prefix[k]
			if !ok {
				t.Errorf("kind %s is not known to the test", k)
				continue
			}
			if k.Path() != want {
				t.Errorf("%s.Path() = %q; want %q", k, k.Path(), want)
			}
			title := "Nội dung thử nghiệm loại " + k.Label("vi")
			form := article(title, "<p>Nội dung của "+string(k)+".</p>")
			form.Set("kind", string(k))
			path := btv.newItem(form)
			publishAll(t, btv, tb, path)
			it, err := cs.Get(ctx, itemID(t, path))
			if err != nil {
				t.Fatal(err)
			}
			if it.Kind != k || !it.Live {
				t.Errorf("item of kind %s = kind %s, live %v", k, it.Kind, it.Live)
				continue
			}
			u := it.URL()
			if !strings.HasPrefix(u, "/"+want+"/") {
				t.Errorf("URL of a %s = %q; want under /%s/", k, u, want)
			}
			if p := anon.get(u); p.status != 200 || !strings.Contains(p.body, title) {
				t.Errorf("GET %s (%s) = %d, title shown %v", u, k, p.status, strings.Contains(p.body, title))
			}
			// The same slug under another kind's prefix is not the item.
			other := "/tin-tuc/" + it.Slug
			if k == content.Article {
				other = "/trang/" + it.Slug
			}
			if p := anon.get(other); p.status != http.StatusNotFound {
				t.Errorf("GET %s (a %s under the wrong prefix) = %d; want 404", other, k, p.status)
			}
		}
	})
}
