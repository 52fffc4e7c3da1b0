package browsertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// staffPortal is the demo portal of startPortal with the handles the
// editorial tests need besides the browser: the database, to add staff,
// and the server, to run the publication schedule at a chosen time.
type staffPortal struct {
	*portal
	db  *store.DB
	srv *web.Server
	// secrets are the TOTP secrets enrolled by signIn, by username.
	secrets map[string]string
}

// startStaffPortal serves a fresh demo portal on a migrated SQLite
// database, like startPortal, keeping the database and the server.
func startStaffPortal(t *testing.T) *staffPortal {
	t.Helper()
	ctx := context.Background()
	db := storetest.SQLite(t)
	mediaDir := t.TempDir()
	logins, err := demo.Fill(ctx, db, time.Now, demo.WithMedia(mediaDir)) // with its cover image
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", MediaDir: mediaDir})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	p := &staffPortal{portal: &portal{URL: hs.URL, logins: map[string]string{}}, db: db, srv: srv, secrets: map[string]string{}}
	for _, l := range logins {
		p.logins[l.Username] = l.Password
	}
	return p
}

// addStaff creates an account holding role on the site with code, as the
// cong command would, and remembers its password for signIn.
func (p *staffPortal) addStaff(t *testing.T, username, fullName, code string, role account.Role) {
	t.Helper()
	ctx := context.Background()
	st, err := site.NewSites(p.db, time.Now).ByCode(ctx, code)
	if err != nil {
		t.Fatalf("site %s: %v", code, err)
	}
	users := account.NewUsers(p.db, time.Now)
	pw := account.RandomPassword()
	u, err := users.Create(ctx, account.NewUser{Username: username, FullName: fullName, Password: pw}, audit.CLI)
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	if err := users.Grant(ctx, u.ID, st.ID, role, audit.CLI); err != nil {
		t.Fatalf("grant %s to %s on %s: %v", role, username, code, err)
	}
	p.logins[username] = pw
}

// personTab opens a tab in a browser context of its own — its own cookies, as
// if another person sat at another computer — in the browser of bctx.
func personTab(t *testing.T, bctx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	return ctx
}

// signIn opens a tab of its own for username and signs in through the
// form; a board head or an administrator enrols an authenticator on the
// way, typing the code computed from the secret the page shows. The person
// must land on the dashboard.
func (p *staffPortal) signIn(t *testing.T, bctx context.Context, username string) context.Context {
	t.Helper()
	ctx := personTab(t, bctx)
	path := login(t, ctx, p.URL, username, p.password(t, username))
	if path == "/quan-tri/xac-thuc/dang-ky" {
		secret := strings.TrimSpace(eval[string](t, ctx, `(document.querySelector("code.secret") || {textContent: ""}).textContent`))
		if secret == "" {
			t.Fatalf("%s: the enrolment page shows no secret", username)
		}
		p.secrets[username] = secret
		code, err := totp.GenerateCode(secret, time.Now())
		if err != nil {
			t.Fatalf("%s: TOTP code: %v", username, err)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.ID("code"), code))
		followClick(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
		path = eval[string](t, ctx, `location.pathname`)
		path = pastRecoveryCodes(t, ctx, path)
	}
	if path != "/quan-tri/" {
		t.Fatalf("%s signed in and landed on %s (%s), want /quan-tri/", username, path, alertText(t, ctx))
	}
	return ctx
}

// pastRecoveryCodes goes on from the page of recovery codes an enrolment
// shows once, as a person who has kept them would, and returns the path
// reached; on any other page it returns path as it is.
func pastRecoveryCodes(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	if n := eval[int](t, ctx, `document.querySelectorAll("ul.codes li").length`); n == 0 {
		return path
	}
	followClick(t, ctx, chromedp.Click(chromedp.CSS(`main a.button[href="/quan-tri/"]`)))
	return eval[string](t, ctx, `location.pathname`)
}

// followClick takes an action that leads to a new page (a click on a link or
// a submit button), waits for that page and returns its HTTP status.
func followClick(t *testing.T, ctx context.Context, a chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return resp.Status
}

// openPage navigates to url and returns the HTTP status.
func openPage(t *testing.T, ctx context.Context, url string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	return resp.Status
}

// retype empties the field with id and types text into it, key by key.
func retype(t *testing.T, ctx context.Context, id, text string) {
	t.Helper()
	if eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).value`, id)) != "" {
		do(t, ctx, chromedp.Clear(chromedp.ID(id)))
	}
	if text != "" {
		do(t, ctx, chromedp.SendKeys(chromedp.ID(id), text))
	}
	if got := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != text {
		t.Fatalf("typed %q into #%s, the field holds %q", text, id, got)
	}
}

// textOf is the visible text of the first element matching css, "" if none.
func textOf(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, css)))
}

// alertText is the text of the page's error box and notice, for messages.
func alertText(t *testing.T, ctx context.Context) string {
	t.Helper()
	return textOf(t, ctx, `[role="alert"]`) + " " + textOf(t, ctx, `[role="status"]`)
}

// xq quotes s as an XPath string literal.
func xq(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return `concat("` + strings.ReplaceAll(s, `"`, `", '"', "`) + `")`
}

// linkInSection is an XPath selector of the link reading title inside the
// section whose heading starts with heading.
func linkInSection(heading, title string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//section[.//*[self::h2 or self::h3][starts-with(normalize-space(), %s)]]//a[normalize-space()=%s]`,
		xq(heading), xq(title)))
}

// sectionText is the text of the section whose heading starts with
// heading, "" when the page has no such section.
func sectionText(t *testing.T, ctx context.Context, heading string) string {
	t.Helper()
	return strings.TrimSpace(eval[string](t, ctx, fmt.Sprintf(`(() => {
		for (const h of document.querySelectorAll("section h2, section h3")) {
			if (h.textContent.trim().startsWith(%q)) return h.closest("section").innerText;
		}
		return "";
	})()`, heading)))
}

// openFromQueue opens the workspace of site code and clicks the item
// titled title in the queue list headed heading.
func openFromQueue(t *testing.T, ctx context.Context, base, code, heading, title string) {
	t.Helper()
	if st := openPage(t, ctx, base+"/quan-tri/s/"+code+"/"); st != 200 {
		t.Fatalf("workspace of %s: HTTP %d", code, st)
	}
	if !strings.Contains(sectionText(t, ctx, heading), title) {
		t.Fatalf("the workspace of %s has no %q in %q; the queue reads:\n%s", code, title, heading,
			textOf(t, ctx, "main"))
	}
	if st := followClick(t, ctx, chromedp.Click(linkInSection(heading, title))); st != 200 {
		t.Fatalf("open %q from the queue: HTTP %d", title, st)
	}
	if h1 := textOf(t, ctx, "main h1"); h1 != title {
		t.Fatalf("the queue link led to a page titled %q, want %q", h1, title)
	}
}

// clickStep clicks the workflow button with value action on the open item
// page and returns the HTTP status of the page it leads to.
func clickStep(t *testing.T, ctx context.Context, action string) int64 {
	t.Helper()
	sel := chromedp.CSS(fmt.Sprintf(`form button[name="action"][value=%q]`, action))
	if n := eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll('form button[name="action"][value=%q]').length`, action)); n != 1 {
		t.Fatalf("the item page shows %d %q button(s); its steps read %q", n, action, sectionText(t, ctx, "Chuyển bước"))
	}
	return followClick(t, ctx, chromedp.Click(sel))
}

// saveItem clicks "Lưu" under the item form and checks it was saved.
func saveItem(t *testing.T, ctx context.Context) {
	t.Helper()
	st := followClick(t, ctx, chromedp.Click(chromedp.CSS(`section[aria-labelledby="sua"] form button[type="submit"]`)))
	if st != 200 || !strings.Contains(textOf(t, ctx, `[role="status"]`), "Đã lưu.") {
		t.Fatalf("save: HTTP %d, page says %q", st, alertText(t, ctx))
	}
}

// statusLine is the item page's state line (state · kind · revision …).
func statusLine(t *testing.T, ctx context.Context) string {
	t.Helper()
	return textOf(t, ctx, "main .status-line")
}

// articleForm is what a person types into the item form.
type articleForm struct {
	Title, Summary, Author, Source string
	Heading                        string    // the body's <h2>, if any
	Paras                          []string  // the body's paragraphs
	PublishAt                      time.Time // zero: publish on approval
}

// writeArticle opens the new-item form of site code, types a, saves, and returns
// the admin path of the new item.
func writeArticle(t *testing.T, ctx context.Context, base, code string, a articleForm) string {
	t.Helper()
	if st := openPage(t, ctx, base+"/quan-tri/s/"+code+"/noi-dung/moi"); st != 200 {
		t.Fatalf("new item form on %s: HTTP %d", code, st)
	}
	retype(t, ctx, "title", a.Title)
	retype(t, ctx, "summary", a.Summary)
	typeBody(t, ctx, a)
	retype(t, ctx, "author", a.Author)
	retype(t, ctx, "source", a.Source)
	if !a.PublishAt.IsZero() {
		// Typed day first, as the field's hint says.
		retype(t, ctx, "publish_at", a.PublishAt.In(vnTime).Format("02/01/2006 15:04"))
	}
	saveItem(t, ctx)
	path := eval[string](t, ctx, `location.pathname`)
	if !strings.HasPrefix(path, "/quan-tri/s/"+code+"/noi-dung/") || strings.HasSuffix(path, "/moi") {
		t.Fatalf("saving the new item led to %s", path)
	}
	if h1 := textOf(t, ctx, "main h1"); h1 != a.Title {
		t.Errorf("the saved item is titled %q, want %q", h1, a.Title)
	}
	return path
}

// html is the body as HTML, the way the rich-text editor writes it.
func (a articleForm) html() string {
	var b strings.Builder
	if a.Heading != "" {
		b.WriteString("<h2>" + a.Heading + "</h2>")
	}
	for _, p := range a.Paras {
		b.WriteString("<p>" + p + "</p>")
	}
	return b.String()
}

// typeBody types the body into the rich-text editor — a heading with the
// toolbar's H2 button, then paragraphs separated by Enter — and checks the
// HTML it hands to the form. Without the editor bundle (npm run build)
// the form has the plain HTML textarea, and the HTML is typed there.
func typeBody(t *testing.T, ctx context.Context, a articleForm) {
	t.Helper()
	if !eval[bool](t, ctx, `!!document.querySelector(".rte .ProseMirror")`) {
		retype(t, ctx, "body", a.html())
		return
	}
	// Click into the editor, then type at the caret as a keyboard does.
	// A toolbar button gives the focus back to the text a moment after
	// the click, as a person sees before typing on.
	focused := chromedp.Poll[chromedp.Void](`document.activeElement && document.activeElement.classList.contains("ProseMirror")`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(3*time.Second))
	do(t, ctx, chromedp.Click(chromedp.CSS(".rte .ProseMirror")), focused)
	if a.Heading != "" {
		h2 := `.rte-bar button[title="Tiêu đề mục"]`
		do(t, ctx, chromedp.Click(chromedp.CSS(h2)), focused,
			chromedp.Poll[chromedp.Void](`document.querySelector('`+h2+`').getAttribute("aria-pressed") === "true"`,
				chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(3*time.Second)),
			chromedp.KeyEvent(a.Heading))
		pressEnter(t, ctx)
	}
	for i, para := range a.Paras {
		if i > 0 {
			pressEnter(t, ctx)
		}
		do(t, ctx, chromedp.KeyEvent(para))
	}
	// TipTap keeps an empty paragraph after a last block that is not
	// one (its trailing node); it is invisible and harmless.
	got := eval[string](t, ctx, `document.getElementById("body").value`)
	if strings.TrimSuffix(got, "<p></p>") != a.html() {
		t.Fatalf("typed the body into the editor; the form holds %q, want %q", got, a.html())
	}
}

// pressEnter presses Enter in the focused element the way a keyboard
// does, as one keyDown that carries its text. (chromedp's KeyEvent sends
// a separate char event after the keyDown, which an editor that handles
// the keyDown itself receives as a second Enter.)
func pressEnter(t *testing.T, ctx context.Context) {
	t.Helper()
	down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter",
		WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"}
	up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter",
		WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}
	for _, k := range []input.DispatchKeyEventParams{down, up} {
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, k); err != nil {
			t.Fatalf("press Enter: %v", err)
		}
	}
}

// vnTime is Vietnam's time, in which people type dates.
var vnTime = time.FixedZone("ICT", 7*3600)

// savePNG saves a full-page PNG of the open page under dir.
func savePNG(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", file)
}
