package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// procedureLook judges the page a tab shows, at 320 and at 1280 px: no
// wider than the screen and axe 0 violations at both widths; on a
// Vietnamese page, no English word of the interface.
func procedureLook(t *testing.T, ctx context.Context, dir, name string, vietnamese bool) {
	t.Helper()
	if vietnamese {
		if m := englishUI.FindAllString(eval[string](t, ctx, `document.body.innerText`), 5); len(m) > 0 {
			t.Errorf("%s: the Vietnamese page shows English %q", name, m)
		}
	}
	for _, w := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s at %dpx: the page is %d px wide, wider than the screen (%d): %v", name, w, o.ScrollWidth, inner, o.Wide)
		}
		if v := Axe(t, ctx, ""); len(v) > 0 {
			t.Errorf("%s at %dpx: axe found %v", name, w, v)
		}
		savePNG(t, ctx, dir, fmt.Sprintf("%s-%d.png", name, w))
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
}

// TestProcedureInThreeClicks (issue 20, point 1; REQ-27): a citizen
// finds every procedure of the province in at most three clicks from
// the home page — the main menu's "Dịch vụ công", a field, the
// procedure — counted click by click; the procedure page shows its
// fields, the dossier, the year's figures and the button to the National
// Public Service Portal. The catalogue, a field, a procedure (and their
// English pages) and the board's list and form: 320 and 1280 px, axe 0
// violations at both, Vietnamese pages without English words.
func TestProcedureInThreeClicks(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)
	citizen := personTab(t, bctx)

	want := map[string]bool{}
	rows, err := p.db.Query(context.Background(), `SELECT code FROM procedures WHERE site_id = (SELECT id FROM sites WHERE code = 'dong-nai') AND removed_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code string
		rows.Scan(&code)
		want[code] = true
	}
	rows.Close()
	if len(want) < 8 {
		t.Fatalf("the demo has %d procedures; want at least 8", len(want))
	}

	// Click 1, from the home page: the main menu.
	home := func() {
		if st := openPage(t, citizen, p.URL+"/"); st != 200 {
			t.Fatalf("home = %d", st)
		}
		if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`nav.mainnav a[href="/dich-vu-cong"]`))); st != 200 {
			t.Fatalf("click 1, the catalogue = %d", st)
		}
	}
	home()
	procedureLook(t, citizen, dir, "procedure-catalogue", true)
	fields := eval[[]string](t, citizen, `[...document.querySelectorAll('section[aria-labelledby="f-field"] li a')].map(a => a.textContent)`)
	if len(fields) < 3 {
		t.Fatalf("%d fields in the catalogue; want at least 3", len(fields))
	}
	reached := map[string]int{}
	for i, field := range fields {
		if i > 0 {
			home()
		}
		// Click 2: the field.
		if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(fmt.Sprintf(`section[aria-labelledby="f-field"] li:nth-child(%d) a`, i+1)))); st != 200 {
			t.Fatalf("click 2, the field %s = %d", field, st)
		}
		if i == 0 {
			procedureLook(t, citizen, dir, "procedure-field", true)
		}
		links := eval[[]string](t, citizen, `[...document.querySelectorAll('ul.proc-list li > a')].map(a => a.getAttribute("href"))`)
		if len(links) == 0 {
			t.Errorf("the field %s lists no procedure", field)
			continue
		}
		for _, l := range links {
			reached[strings.TrimPrefix(l, "/dich-vu-cong/")] = 3
		}
		// Click 3: a procedure of the field (the first).
		name := eval[string](t, citizen, `document.querySelector('ul.proc-list li > a').textContent`)
		if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`ul.proc-list li:first-child > a`))); st != 200 {
			t.Fatalf("click 3, %s = %d", name, st)
		}
		if h1 := textOf(t, citizen, "h1"); h1 != name {
			t.Errorf("click 3 led to %q, want %q", h1, name)
		}
		text := eval[string](t, citizen, `document.querySelector("main").innerText`)
		for _, w := range []string{"Mã thủ tục", field, "Mức độ dịch vụ công trực tuyến", "Thành phần hồ sơ", "Thời hạn giải quyết",
			"Tình hình giải quyết hồ sơ năm", "Tiếp nhận trực tuyến", "Giải quyết đúng hạn", "Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the page lacks %q", name, w)
			}
		}
		if href := eval[string](t, citizen, `document.querySelector("main a.button").href`); !strings.HasPrefix(href, "https://dichvucong.gov.vn/") {
			t.Errorf("%s: the button leads to %q", name, href)
		}
		if i == 0 {
			procedureLook(t, citizen, dir, "procedure-page", true)
		}
	}
	for code := range want {
		if reached[code] == 0 {
			t.Errorf("the procedure %s cannot be reached in three clicks from the home page", code)
		}
	}
	t.Logf("%d procedures, each in 3 clicks (home → Dịch vụ công → one of %d fields → the procedure)", len(want), len(fields))

	// The English pages.
	for _, path := range []string{"/en/dich-vu-cong", "/en/dich-vu-cong/1.009101"} {
		if st := openPage(t, citizen, p.URL+path); st != 200 {
			t.Fatalf("%s = %d", path, st)
		}
		procedureLook(t, citizen, dir, "procedure-en"+strings.ReplaceAll(strings.TrimPrefix(path, "/en/dich-vu-cong"), "/", "-"), false)
	}

	// The board's list and form.
	head := p.signIn(t, bctx, "truongban")
	for _, path := range []string{"/quan-tri/s/dong-nai/dich-vu-cong", "/quan-tri/s/dong-nai/dich-vu-cong/1.009102"} {
		if st := openPage(t, head, p.URL+path); st != 200 {
			t.Fatalf("%s = %d", path, st)
		}
		procedureLook(t, head, dir, "procedure-admin"+strings.ReplaceAll(strings.TrimPrefix(path, "/quan-tri/s/dong-nai/dich-vu-cong"), "/", "-"), true)
	}
	t.Logf("screenshots in %s", dir)
}
