package browsertest

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axePages are the public pages TestAxe judges, and TestReflow loads at
// 320 px: every kind of page of every kind of site, in both languages.
var axePages = []struct{ name, path string }{
	{"home", "/"},
	{"home-en", "/en/"},
	{"login", "/dang-nhap"},
	{"department", "/so-khcn/"},
	{"department-en", "/so-khcn/en/"},
	{"commune", "/phuong-tran-bien/"},
	{"archived", "/bien-hoa/"},
	{"sitemap", "/so-do-trang"},
	{"legal documents", "/van-ban"},
	{"directory", "/to-chuc"},
	{"spokespersons", "/nguoi-phat-ngon"},
	{"department spokespersons", "/so-khcn/nguoi-phat-ngon"},
	{"legal documents filtered", "/van-ban?nam=2010&hieu-luc=con-hieu-luc"},
	{"legal document", "/van-ban/luat-thue-bao-ve-moi-truong"},
	{"category", "/chuyen-muc/tin-tuc-su-kien"},
	{"article", "/tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"},
	{"intro", "/gioi-thieu"},
	{"services", "/dich-vu-cong"},
	{"contact", "/lien-he"},
	{"feedback form", "/phan-anh-kien-nghi"},
	{"questions and answers", "/hoi-dap"},
	{"questions and answers filtered", "/hoi-dap?q=giay+phep"},
	{"search", "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"},
	{"search-en", "/en/tim-kiem?q=dong+nai"},
	{"department search", "/so-khcn/tim-kiem?q=khoa+hoc"},
	{"intro-en", "/en/gioi-thieu"},
	{"feedback form-en", "/en/phan-anh-kien-nghi"},
}

// TestAxe runs axe-core's WCAG 2.0/2.1 A and AA rules on the public pages of
// every kind of site, in both languages, on the sign-in page, and on the
// admin dashboard of a signed-in editor.
func TestAxe(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	for _, pg := range axePages {
		t.Run(pg.name, func(t *testing.T) { Axe(t, ctx, p.URL+pg.path) })
	}

	// The reader's own display settings must keep the page within AA too:
	// high contrast and the largest text.
	t.Run("home-contrast-large-text", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Evaluate[chromedp.Void](`localStorage.setItem("cong-contrast", "1"); localStorage.setItem("cong-text", "3")`),
		)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`)) })
		Axe(t, ctx, p.URL+"/")
		for _, path := range []string{"/so-khcn/", "/bien-hoa/", "/dang-nhap"} {
			Axe(t, ctx, p.URL+path)
		}
	})

	t.Run("dashboard", func(t *testing.T) {
		if got := login(t, ctx, p.URL, "bientap", p.password(t, "bientap")); got != "/quan-tri/" {
			t.Fatalf("bientap landed on %s, want /quan-tri/", got)
		}
		Axe(t, ctx, "")                          // the page the form led to
		Axe(t, ctx, p.URL+"/quan-tri/tai-khoan") // the editor's own account page
	})
}

// focused describes document.activeElement.
type focused struct {
	Tag, ID, Class, Href, Text string
	Left, Top, Right, Bottom   float64
	ViewW, ViewH               float64
}

const focusedJS = `(() => {
	const e = document.activeElement, r = e.getBoundingClientRect();
	return {Tag: e.tagName.toLowerCase(), ID: e.id, Class: e.className, Href: e.getAttribute("href") || "",
		Text: e.textContent.trim().slice(0, 60), Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom,
		ViewW: innerWidth, ViewH: innerHeight};
})()`

// TestSkipLink: the first Tab lands on a visible "skip to content" link, and
// Enter on it moves the keyboard focus into main#noi-dung.
func TestSkipLink(t *testing.T) {
	p := startPortal(t)
	ctx := Start(t)
	for _, pg := range []struct{ name, path string }{
		{"home", "/"}, {"home-en", "/en/"}, {"department", "/so-khcn/"}, {"login", "/dang-nhap"},
	} {
		path := pg.path
		t.Run(pg.name, func(t *testing.T) {
			do(t, ctx, chromedp.Navigate(p.URL+path), chromedp.KeyEvent(kb.Tab))
			f := eval[focused](t, ctx, focusedJS)
			if f.Tag != "a" || f.Class != "skip" || f.Href != "#noi-dung" {
				t.Fatalf("first Tab focuses <%s id=%q class=%q href=%q>%s, want the skip link", f.Tag, f.ID, f.Class, f.Href, f.Text)
			}
			if f.Left < 0 || f.Top < 0 || f.Right > f.ViewW || f.Bottom > f.ViewH || f.Right-f.Left < 1 {
				t.Errorf("focused skip link is off screen: box (%v,%v)-(%v,%v) in a %vx%v viewport", f.Left, f.Top, f.Right, f.Bottom, f.ViewW, f.ViewH)
			}
			err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter),
				chromedp.Poll[chromedp.Void](`document.activeElement.id === "noi-dung"`,
					chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(3*time.Second)))
			f = eval[focused](t, ctx, focusedJS)
			if err != nil || f.Tag != "main" {
				t.Fatalf("after Enter on the skip link focus is on <%s id=%q class=%q>, want <main id=\"noi-dung\"> (%v)", f.Tag, f.ID, f.Class, err)
			}
			// The next Tab goes on inside the main content, not back at the top.
			do(t, ctx, chromedp.KeyEvent(kb.Tab))
			f = eval[focused](t, ctx, focusedJS)
			if !eval[bool](t, ctx, `document.getElementById("noi-dung").contains(document.activeElement)`) {
				t.Errorf("Tab after the skip link focuses <%s class=%q>%s outside main", f.Tag, f.Class, f.Text)
			}
		})
	}
}
