package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
)

// The journeys of issue 13: the first hour of each person who uses the
// portal — a citizen, an editor, a board head, a unit's liaison and an
// administrator — walked through the UI as that person would, in a
// browser of their own. Every page a journey reaches is checked the same
// way at 320, 375 and 1280 CSS pixels: no wider than the screen (WCAG
// 2.1 1.4.10), no English word of the interface on a Vietnamese page,
// and what the person came for is there; and it is shot, full page, into
// CONG_SCREENSHOTS (or a temporary folder) as journey-PERSON-NN-STEP-WIDTH.png
// for a person to look at.

// journeyWidths are the screens every step is looked at on: the WCAG
// reflow width, a common phone and a desktop.
var journeyWidths = []int64{320, 375, 1280}

// englishUI matches the English words of the portal's own interface
// (buttons, headings, states and the codes behind them) that a page in
// Vietnamese must never show: each would be an untranslated string.
var englishUI = regexp.MustCompile(`\b(Save|Send|Submit|Approve|Publish|Answer|Status|Title|Draft|Editing|Published|Received|Registered|Assigned|Answered|` +
	`Role|Roles|Users|Username|Password|Create|Grant|Revoke|Sign in|Sign out|Search|Queue|Items|Error|Request|Requests|Nothing|` +
	`Dashboard|Settings|Reason|Overdue|Due|Step|Unit|Site|Sites|Category|Summary|Author|Source|Preview|Checks|History|` +
	`in_scope|assigned|registered|answered|received|draft|editing|approval|published|role\.grant|denied)\b`)

// journey is one person's walk through the portal.
type journey struct {
	t      *testing.T
	p      *staffPortal
	dir    string
	person string
	n      int // steps checked so far
}

func newJourney(t *testing.T, p *staffPortal, dir, person string) *journey {
	return &journey{t: t, p: p, dir: dir, person: person}
}

// check looks at the page open in ctx as the step named step: at each
// width, not wider than the screen, and shot; in Vietnamese throughout,
// with every string of want on it. It leaves the tab at 1280 px.
func (j *journey) check(ctx context.Context, step string, want ...string) {
	t := j.t
	t.Helper()
	j.n++
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "vi" {
		t.Errorf("%s, %s: the page's language is %q, want vi", j.person, step, lang)
	}
	text := eval[string](t, ctx, `document.body.innerText`)
	if m := englishUI.FindAllString(text, 5); len(m) > 0 {
		t.Errorf("%s, %s: the Vietnamese page shows English %q (%s)", j.person, step, m, eval[string](t, ctx, `location.pathname`))
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s, %s: the page does not say %q; it reads:\n%.1500s", j.person, step, w, text)
		}
	}
	for _, w := range journeyWidths {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s, %s at %dpx: the page is %d px wide, wider than the screen (%d); too wide: %v", j.person, step, w, o.ScrollWidth, inner, o.Wide)
		}
		savePNG(t, ctx, j.dir, fmt.Sprintf("journey-%s-%02d-%s-%d.png", j.person, j.n, step, w))
	}
}

// TestJourneys walks the five people of issue 13 through their first
// hour, one after the other on one portal: the citizen's request is the
// one the liaison answers, the editor's article the one the board head
// publishes.
func TestJourneys(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	ctx := context.Background()
	var requestCode, articleTitle, articleSlug string

	t.Run("citizen", func(t *testing.T) {
		// A citizen sends a request through the form — the browser solves
		// the captcha while they type — keeps the private link the receipt
		// shows and reads their request's page through it.
		j := newJourney(t, p, dir, "citizen")
		c := personTab(t, Start(t))
		if st := openPage(t, c, p.URL+"/phan-anh-kien-nghi"); st != 200 {
			t.Fatalf("the feedback form: HTTP %d", st)
		}
		j.check(c, "form", "Phản ánh", "Gửi")
		do(t, c,
			chromedp.SendKeys(chromedp.ID("fb-name"), "Đặng Thị Mai"),
			chromedp.SendKeys(chromedp.ID("fb-address"), "45 đường Phạm Văn Thuận, phường Tam Hiệp"),
			chromedp.SendKeys(chromedp.ID("fb-phone"), "0913 222 333"),
			chromedp.SendKeys(chromedp.ID("fb-email"), "mai.dang@example.vn"),
			chromedp.SetValue(chromedp.ID("fb-category"), "vuong-mac"),
			chromedp.SendKeys(chromedp.ID("fb-title"), "Hồ sơ đề tài khoa học nộp quá hạn chưa có kết quả"),
			chromedp.SendKeys(chromedp.ID("fb-body"), "Tôi nộp hồ sơ xét duyệt đề tài khoa học cấp tỉnh từ ba tháng trước nhưng chưa nhận được trả lời."),
		)
		// Sent at once: the captcha's script holds the form until solved.
		if st := followClick(t, c, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); st != 200 {
			t.Fatalf("sending the form: HTTP %d: %s", st, alertText(t, c))
		}
		path := eval[string](t, c, `location.pathname`)
		if !strings.HasPrefix(path, "/phan-anh-kien-nghi/PAKN-") {
			t.Fatalf("after sending, the citizen is at %s: %s", path, alertText(t, c))
		}
		requestCode = strings.Split(path, "/")[2]
		j.check(c, "receipt", requestCode, "Đã tiếp nhận")
		link := eval[string](t, c, `(document.querySelector(".private-link a") || {href: ""}).href`)
		if link == "" {
			t.Fatal("the receipt shows no private link")
		}
		// Later, from the link kept: the request's page, its state and timeline.
		c = personTab(t, Start(t))
		if st := openPage(t, c, link); st != 200 {
			t.Fatalf("the private link: HTTP %d", st)
		}
		j.check(c, "status", requestCode, "Hồ sơ đề tài khoa học nộp quá hạn", "Đã tiếp nhận", "Gửi phản ánh")
		if strings.Contains(textOf(t, c, "main"), "mai.dang@example.vn") {
			t.Errorf("the private page shows the sender's e-mail") // only the staff handling it see contacts
		}
	})

	t.Run("editor", func(t *testing.T) {
		// An editor signs in, writes an article in the form, saves it and
		// sends it on to the board for approval.
		j := newJourney(t, p, dir, "editor")
		a := articleForm{
			Title:   "Đồng Nai mở rộng dịch vụ công trực tuyến toàn trình cho doanh nghiệp",
			Summary: "Thêm 120 thủ tục hành chính được giải quyết hoàn toàn trên mạng từ tháng tới.",
			Heading: "Những thủ tục mới",
			Paras: []string{"Các thủ tục về đầu tư, xây dựng và đất đai được đưa lên Cổng dịch vụ công của tỉnh.",
				"Doanh nghiệp nộp hồ sơ và nhận kết quả mà không phải đến bộ phận một cửa."},
			Author: "Trần Thị Biên",
			Source: "Sở Khoa học và Công nghệ",
		}
		articleTitle = a.Title
		bt := p.signIn(t, Start(t), "bientap")
		j.check(bt, "dashboard", "Bảng điều khiển", "Biên tập viên")
		if st := openPage(t, bt, p.URL+"/quan-tri/s/dong-nai/noi-dung/moi"); st != 200 {
			t.Fatalf("the new item form: HTTP %d", st)
		}
		j.check(bt, "new-item", "Tiêu đề", "Lưu")
		writeArticle(t, bt, p.URL, "dong-nai", a)
		articleSlug = eval[string](t, bt, `document.getElementById("slug").value`)
		j.check(bt, "saved", a.Title, "Đã lưu.")
		if st := clickStep(t, bt, "submit"); st != 200 {
			t.Fatalf("submit: HTTP %d: %s", st, alertText(t, bt))
		}
		openFromQueue(t, bt, p.URL, "dong-nai", "Chờ biên tập", a.Title)
		if st := clickStep(t, bt, "send"); st != 200 {
			t.Fatalf("send: HTTP %d: %s", st, alertText(t, bt))
		}
		j.check(bt, "sent", "Trình duyệt")
		if st := openPage(t, bt, p.URL+"/quan-tri/s/dong-nai/noi-dung"); st != 200 {
			t.Fatalf("the site's items: HTTP %d", st)
		}
		j.check(bt, "items", a.Title, "Chờ duyệt")
	})

	t.Run("board head", func(t *testing.T) {
		// The board head signs in — enrolling an authenticator the first
		// time — finds the editor's article waiting, approves it, and sees
		// it published on the portal.
		if articleTitle == "" || articleSlug == "" {
			t.Fatal("the editor's journey left no article to approve")
		}
		j := newJourney(t, p, dir, "boardhead")
		bctx := Start(t)
		tb := p.signIn(t, bctx, "truongban")
		j.check(tb, "dashboard", "Bảng điều khiển", "Trưởng ban Biên tập")
		if st := openPage(t, tb, p.URL+"/quan-tri/s/dong-nai/"); st != 200 {
			t.Fatalf("the workspace: HTTP %d", st)
		}
		j.check(tb, "workspace", "Chờ duyệt", articleTitle)
		openFromQueue(t, tb, p.URL, "dong-nai", "Chờ duyệt", articleTitle)
		j.check(tb, "item", articleTitle, "Duyệt")
		if st := clickStep(t, tb, "approve"); st != 200 {
			t.Fatalf("approve: HTTP %d: %s", st, alertText(t, tb))
		}
		if s := statusLine(t, tb); !strings.HasPrefix(s, "Đã đăng") {
			t.Fatalf("after approval the item is %q (%s), want Đã đăng", s, alertText(t, tb))
		}
		j.check(tb, "approved", "Đã đăng")
		rd := personTab(t, bctx)
		if st := openPage(t, rd, p.URL+"/tin-tuc/"+articleSlug); st != 200 {
			t.Fatalf("the published article: HTTP %d", st)
		}
		j.check(rd, "published", articleTitle, "Những thủ tục mới", "Tác giả: Trần Thị Biên")
	})

	t.Run("liaison", func(t *testing.T) {
		// The liaison of a department's unit — a role on the department's
		// site only — finds on their workspace the request the main portal
		// routed to their unit, opens it from the queue and answers it.
		j := newJourney(t, p, dir, "liaison")
		sites := site.NewSites(p.db, time.Now)
		main, err := sites.Main(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dept, err := sites.ByCode(ctx, "so-khcn")
		if err != nil {
			t.Fatal(err)
		}
		unit := &directory.Unit{SiteID: dept.ID, Name: "Phòng Quản lý khoa học"}
		if err := directory.NewStore(p.db, time.Now).SaveUnit(ctx, unit, audit.CLI); err != nil {
			t.Fatal(err)
		}
		p.addStaff(t, "daumoi.khcn", "Lý Văn Mối", "so-khcn", account.Liaison)
		p.addStaff(t, "totruong.journey", "Hồ Văn Tổ", "dong-nai", account.TeamLead)
		p.addStaff(t, "totruong.khcn", "Đỗ Thị Trưởng", "so-khcn", account.TeamLead)
		users := account.NewUsers(p.db, time.Now)
		person := func(name string) feedback.Person {
			u, err := users.ByUsername(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			return feedback.Person{User: u, MainID: main.ID, IP: "127.0.0.1"}
		}
		fb := feedback.NewStore(p.db, feedback.Options{})
		liaison := person("daumoi.khcn")
		// The department names its liaison for the unit; the main portal's
		// staff take the citizen's request in and route it there.
		if err := fb.SetLiaison(ctx, dept.ID, unit.ID, liaison.User, true, person("totruong.khcn")); err != nil {
			t.Fatal(err)
		}
		r, err := fb.ByCode(ctx, requestCode)
		if err != nil {
			t.Fatalf("the citizen's request %q: %v", requestCode, err)
		}
		for _, s := range []struct {
			who string
			req feedback.StepRequest
		}{
			{"bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Register}},
			{"bientap", feedback.StepRequest{ID: r.ID, Action: feedback.Accept}},
			{"totruong.journey", feedback.StepRequest{ID: r.ID, Action: feedback.Assign, UnitID: unit.ID}},
		} {
			if _, err := fb.Step(ctx, s.req, person(s.who)); err != nil {
				t.Fatalf("%s %s: %v", s.who, s.req.Action, err)
			}
		}

		dm := p.signIn(t, Start(t), "daumoi.khcn")
		j.check(dm, "dashboard", "1 phản ánh, kiến nghị đang chờ bạn")
		if st := followClick(t, dm, chromedp.Click(chromedp.Search(`//main//a[contains(., "đang chờ bạn")]`))); st != 200 {
			t.Fatalf("the dashboard's link to the queue: HTTP %d", st)
		}
		if path := eval[string](t, dm, `location.pathname`); path != "/quan-tri/s/so-khcn/" {
			t.Errorf("the dashboard led the liaison to %s, want the department's workspace", path)
		}
		j.check(dm, "workspace", "Phản ánh giao đơn vị của bạn, chờ trả lời", requestCode, "Gửi đến")
		if st := followClick(t, dm, chromedp.Click(linkInSection("Phản ánh giao đơn vị của bạn", requestCode))); st != 200 {
			t.Fatalf("open %s from the queue: HTTP %d", requestCode, st)
		}
		casePath := "/quan-tri/s/dong-nai/kien-nghi/" + strconv.FormatInt(r.ID, 10)
		if path := eval[string](t, dm, `location.pathname`); path != casePath {
			t.Errorf("the queue led the liaison to %s, want %s", path, casePath)
		}
		j.check(dm, "case", requestCode, "Hồ sơ đề tài khoa học nộp quá hạn", "Trả lời")
		if back := eval[string](t, dm, `document.querySelector("main .subnav a").getAttribute("href")`); back != "/quan-tri/s/so-khcn/kien-nghi" {
			t.Errorf("the case page's link to the list of requests is %s, want the department's, which the liaison may open", back)
		}
		do(t, dm, chromedp.SetValue(chromedp.ID("fb-action"), "answer"))
		retype(t, dm, "fb-answer", "Sở đã xem xét hồ sơ; kết quả xét duyệt sẽ được gửi đến bà trong tuần này.")
		followClick(t, dm, chromedp.Click(chromedp.CSS(`main form[action$="/buoc"] button[type="submit"]`)))
		if got := eval[string](t, dm, `location.search`); got != "?luu=1" {
			t.Fatalf("the answer was not taken: %s", alertText(t, dm))
		}
		j.check(dm, "answered", "Đã có trả lời, chờ duyệt")
		// Back to the department's list of requests, where it now waits for approval.
		if st := followClick(t, dm, chromedp.Click(chromedp.CSS(`main .subnav a`))); st != 200 {
			t.Fatalf("the case page's link to the list: HTTP %d", st)
		}
		j.check(dm, "list", requestCode, "Đã có trả lời, chờ duyệt")
		if got, err := fb.Get(ctx, r.ID); err != nil || got.State != feedback.Answered {
			t.Errorf("after the liaison's answer the request is %v (%v), want answered", got.State, err)
		}
	})

	t.Run("administrator", func(t *testing.T) {
		// The administrator signs in — enrolling an authenticator — creates
		// an account for a new editor of the department and grants the role.
		j := newJourney(t, p, dir, "admin")
		qt := p.signIn(t, Start(t), "quantri")
		j.check(qt, "dashboard", "Bảng điều khiển", "Người dùng")
		if st := openPage(t, qt, p.URL+"/quan-tri/nguoi-dung"); st != 200 {
			t.Fatalf("the users page: HTTP %d", st)
		}
		j.check(qt, "users", "Người dùng", "Tạo")
		do(t, qt,
			chromedp.SendKeys(chromedp.ID("username"), "nguyenvanmoi"),
			chromedp.SendKeys(chromedp.ID("full_name"), "Nguyễn Văn Mới"),
			chromedp.SendKeys(chromedp.ID("email"), "moi.nguyen@example.vn"),
			chromedp.SendKeys(chromedp.ID("password"), "mật-khẩu-mới-đủ-dài-2026"),
		)
		if st := followClick(t, qt, chromedp.Click(chromedp.CSS(`main form[action="/quan-tri/nguoi-dung"] button[type="submit"]`))); st != 200 {
			t.Fatalf("create the account: HTTP %d: %s", st, alertText(t, qt))
		}
		if h1 := textOf(t, qt, "main h1"); !strings.HasPrefix(h1, "Nguyễn Văn Mới") {
			t.Fatalf("after creating, the page is headed %q: %s", h1, alertText(t, qt))
		}
		j.check(qt, "created", "Nguyễn Văn Mới", "Giao vai trò")
		do(t, qt, chromedp.SetValue(chromedp.ID("site"), "so-khcn"), chromedp.SetValue(chromedp.ID("role"), string(account.Editor)))
		if st := followClick(t, qt, chromedp.Click(chromedp.CSS(`main form[action$="/giao"] button[type="submit"]`))); st != 200 {
			t.Fatalf("grant the role: HTTP %d: %s", st, alertText(t, qt))
		}
		roles := textOf(t, qt, "main table")
		if !strings.Contains(roles, "Biên tập viên") || !strings.Contains(roles, "Sở Khoa học và Công nghệ") {
			t.Errorf("after the grant the roles read %q, want Biên tập viên on the department", roles)
		}
		j.check(qt, "granted", "Biên tập viên")
		u, err := account.NewUsers(p.db, time.Now).ByUsername(ctx, "nguyenvanmoi")
		if err != nil {
			t.Fatal(err)
		}
		dept, _ := site.NewSites(p.db, time.Now).ByCode(ctx, "so-khcn")
		if rs := u.RolesOn(dept.ID); len(rs) != 1 || rs[0] != account.Editor {
			t.Errorf("the new account holds %v on the department, want [editor]", rs)
		}
	})
	t.Logf("screenshots in %s", dir)
}
