package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/account"
)

// The editorial tests drive the whole path of an article through the
// board's workflow (issue 3, point 10) in one Chromium each: every person
// has a tab of their own with its own cookies, types into the real forms
// and clicks the real buttons; the reader is a tab that never signed in.

// publicLink is the href of the link reading title inside the home page's
// "Tin mới" list of the open page, "" when it is not there.
func publicLink(t *testing.T, ctx context.Context, title string) string {
	t.Helper()
	return eval[string](t, ctx, `(() => {
		const want = `+jsString(title)+`;
		for (const a of document.querySelectorAll("#tin-moi ~ ul a, section[aria-labelledby='tin-moi'] a")) {
			if (a.textContent.trim() === want) return a.getAttribute("href");
		}
		return "";
	})()`)
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// checkByline checks the public article page open in ctx: its heading,
// the author line and the source line.
func checkByline(t *testing.T, ctx context.Context, title, author, source string) {
	t.Helper()
	if h1 := textOf(t, ctx, "main h1"); h1 != title {
		t.Errorf("the public article is headed %q, want %q", h1, title)
	}
	byline := textOf(t, ctx, "main footer.byline")
	if !strings.Contains(byline, "Tác giả: "+author) {
		t.Errorf("the byline reads %q, want it to say %q", byline, "Tác giả: "+author)
	}
	if !strings.Contains(byline, "Nguồn: "+source) {
		t.Errorf("the byline reads %q, want it to say %q", byline, "Nguồn: "+source)
	}
}

// TestEditorialPath: a collaborator writes an article and submits it, an
// editor takes it from the queue, edits the title and sends it on, the
// board head approves it, and a reader finds it on the home page with its
// body, author and source.
func TestEditorialPath(t *testing.T) {
	start := time.Now()
	p := startStaffPortal(t)
	bctx := Start(t)
	dir := screenshotDir(t)

	a := articleForm{
		Title:   "Đồng Nai khởi công cầu Bửu Hòa mới bắc qua sông Đồng Nai",
		Summary: "Cây cầu dài 1,2 km nối phường Trấn Biên với phường Bửu Hòa, dự kiến hoàn thành năm 2028.",
		Heading: "Quy mô công trình",
		Paras: []string{"Cầu có bốn làn xe, vốn đầu tư hơn 2.000 tỷ đồng từ ngân sách tỉnh.",
			"Người dân được hướng dẫn đi đường vòng qua cầu Hóa An trong thời gian thi công."},
		Author: "Nguyễn Thị Hằng",
		Source: "Báo Đồng Nai",
	}
	const edited = "Đồng Nai khởi công cầu Bửu Hòa mới, nối đôi bờ sông Đồng Nai"

	// The collaborator writes and submits.
	ctv := p.signIn(t, bctx, "congtacvien")
	itemPath := writeArticle(t, ctv, p.URL, "dong-nai", a)
	if got := textOf(t, ctv, "main .preview h2"); got != "Quy mô công trình" {
		t.Errorf("the preview's heading reads %q, want the <h2> of the body", got)
	}
	if st := clickStep(t, ctv, "submit"); st != 200 {
		t.Fatalf("submit: HTTP %d: %s", st, alertText(t, ctv))
	}
	if path := eval[string](t, ctv, `location.pathname`); path != "/quan-tri/s/dong-nai/" {
		t.Errorf("after submitting the collaborator is on %s, want the work queue", path)
	}
	if n := textOf(t, ctv, `[role="status"]`); !strings.Contains(n, "Gửi biên tập") {
		t.Errorf("after submitting the page says %q, want it to confirm %q", n, "Gửi biên tập")
	}

	// The editor takes it from the queue, edits the title, sends it on.
	bt := p.signIn(t, bctx, "bientap")
	openFromQueue(t, bt, p.URL, "dong-nai", "Chờ biên tập", a.Title)
	if path := eval[string](t, bt, `location.pathname`); path != itemPath {
		t.Errorf("the queue led the editor to %s, want %s", path, itemPath)
	}
	t.Run("axe-editor", func(t *testing.T) { Axe(t, bt, "") })
	savePNG(t, bt, dir, "editorial-item-editor.png")
	retype(t, bt, "title", edited)
	saveItem(t, bt)
	if h1 := textOf(t, bt, "main h1"); h1 != edited {
		t.Errorf("after saving, the item is titled %q, want %q", h1, edited)
	}
	if st := clickStep(t, bt, "send"); st != 200 {
		t.Fatalf("send: HTTP %d: %s", st, alertText(t, bt))
	}

	// The board head, enrolling an authenticator at first sign-in, approves.
	tb := p.signIn(t, bctx, "truongban")
	openFromQueue(t, tb, p.URL, "dong-nai", "Chờ duyệt", edited)
	if st := clickStep(t, tb, "approve"); st != 200 {
		t.Fatalf("approve: HTTP %d: %s", st, alertText(t, tb))
	}
	if s := statusLine(t, tb); !strings.HasPrefix(s, "Đã đăng") {
		t.Fatalf("after approval the item is %q (%s), want Đã đăng", s, alertText(t, tb))
	}

	// A reader finds it among the latest news and reads it.
	rd := personTab(t, bctx)
	if st := openPage(t, rd, p.URL+"/"); st != 200 {
		t.Fatalf("home: HTTP %d", st)
	}
	href := publicLink(t, rd, edited)
	if href == "" {
		t.Fatalf("the home page's %q does not list %q; it reads:\n%s", "Tin mới", edited, sectionText(t, rd, "Tin mới"))
	}
	if !strings.HasPrefix(href, "/tin-tuc/") {
		t.Errorf("the article's address is %s, want /tin-tuc/…", href)
	}
	if st := followClick(t, rd, chromedp.Click(linkInSection("Tin mới", edited))); st != 200 {
		t.Fatalf("open the article from the home page: HTTP %d", st)
	}
	if got := textOf(t, rd, "main .article-body h2"); got != "Quy mô công trình" {
		t.Errorf("the article body's <h2> reads %q", got)
	}
	body := textOf(t, rd, "main .article-body")
	for _, want := range []string{"Cầu có bốn làn xe, vốn đầu tư hơn 2.000 tỷ đồng", "đường vòng qua cầu Hóa An"} {
		if !strings.Contains(body, want) {
			t.Errorf("the article body lacks %q; it reads %q", want, body)
		}
	}
	if sum := textOf(t, rd, "main .summary"); sum != a.Summary {
		t.Errorf("the summary reads %q, want %q", sum, a.Summary)
	}
	checkByline(t, rd, edited, a.Author, a.Source)
	t.Run("axe-article", func(t *testing.T) { Axe(t, rd, "") })
	savePNG(t, rd, dir, "editorial-public-article.png")
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestReturnWithReason: an editor returns a submitted item; without a
// reason the step is refused in Vietnamese and nothing changes; with one
// the item is back among the collaborator's drafts, the reason in its
// history.
func TestReturnWithReason(t *testing.T) {
	start := time.Now()
	p := startStaffPortal(t)
	bctx := Start(t)

	a := articleForm{
		Title:   "Phường Trấn Biên ra quân dọn vệ sinh kênh rạch",
		Summary: "Hơn 300 đoàn viên tham gia.",
		Paras:   []string{"Sáng Chủ nhật, đoàn viên thanh niên phường đã thu gom hơn 5 tấn rác."},
		Author:  "Lê Văn Cộng",
		Source:  "Đoàn phường Trấn Biên",
	}
	const reason = "Cần ảnh minh họa và trích dẫn ý kiến của lãnh đạo phường."

	ctv := p.signIn(t, bctx, "congtacvien")
	itemPath := writeArticle(t, ctv, p.URL, "dong-nai", a)
	if st := clickStep(t, ctv, "submit"); st != 200 {
		t.Fatalf("submit: HTTP %d: %s", st, alertText(t, ctv))
	}

	bt := p.signIn(t, bctx, "bientap")
	openFromQueue(t, bt, p.URL, "dong-nai", "Chờ biên tập", a.Title)
	history := sectionText(t, bt, "Quá trình xử lý")

	// Without a reason: refused, in Vietnamese, and nothing changes.
	st := clickStep(t, bt, "return")
	if st != 422 {
		t.Errorf("returning without a reason answered HTTP %d, want 422", st)
	}
	if e := textOf(t, bt, `[role="alert"]`); !strings.Contains(e, "Hãy ghi rõ lý do.") {
		t.Errorf("returning without a reason shows %q, want %q", e, "Hãy ghi rõ lý do.")
	}
	if s := statusLine(t, bt); !strings.HasPrefix(s, "Chờ biên tập") {
		t.Errorf("after a refused return the item is %q, want still Chờ biên tập", s)
	}
	openPage(t, bt, p.URL+itemPath)
	if s := statusLine(t, bt); !strings.HasPrefix(s, "Chờ biên tập") {
		t.Errorf("reloaded after a refused return, the item is %q, want still Chờ biên tập", s)
	}
	if h := sectionText(t, bt, "Quá trình xử lý"); h != history {
		t.Errorf("a refused return changed the history:\nbefore %q\nafter  %q", history, h)
	}

	// With a reason: back to the collaborator.
	retype(t, bt, "comment", reason)
	if st := clickStep(t, bt, "return"); st != 200 {
		t.Fatalf("return with a reason: HTTP %d: %s", st, alertText(t, bt))
	}
	if q := sectionText(t, bt, "Chờ biên tập"); strings.Contains(q, a.Title) {
		t.Errorf("the returned item is still in the editor's queue:\n%s", q)
	}

	openFromQueue(t, ctv, p.URL, "dong-nai", "Bài nháp của tôi", a.Title)
	if s := statusLine(t, ctv); !strings.HasPrefix(s, "Nháp") {
		t.Errorf("the returned item is %q, want Nháp", s)
	}
	h := sectionText(t, ctv, "Quá trình xử lý")
	if !strings.Contains(h, reason) || !strings.Contains(h, "Trần Thị Biên") { // bientap's full name
		t.Errorf("the history does not show bientap's reason %q; it reads:\n%s", reason, h)
	}
	// The collaborator may edit and submit again.
	if eval[int](t, ctv, `document.querySelectorAll('#title, button[name="action"][value="submit"]').length`) != 2 {
		t.Errorf("the collaborator cannot edit and resubmit the returned item")
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestScheduledPublication: an article approved to appear an hour from
// now is not public until the schedule runs at that hour.
func TestScheduledPublication(t *testing.T) {
	start := time.Now()
	p := startStaffPortal(t)
	bctx := Start(t)

	at := time.Now().Add(time.Hour).Truncate(time.Minute)
	a := articleForm{
		Title:     "Thông báo lịch tiếp công dân tháng tới của Chủ tịch UBND tỉnh",
		Summary:   "Lịch tiếp công dân định kỳ.",
		Paras:     []string{"Chủ tịch UBND tỉnh tiếp công dân vào ngày 15 hằng tháng tại Trụ sở Tiếp công dân tỉnh."},
		Author:    "Văn phòng UBND tỉnh",
		Source:    "Ban Tiếp công dân tỉnh",
		PublishAt: at,
	}

	bt := p.signIn(t, bctx, "bientap")
	itemPath := writeArticle(t, bt, p.URL, "dong-nai", a)
	slug := eval[string](t, bt, `document.getElementById("slug").value`)
	if slug == "" {
		t.Fatal("the saved item has no slug")
	}
	publicURL := p.URL + "/tin-tuc/" + slug
	if st := clickStep(t, bt, "submit"); st != 200 {
		t.Fatalf("submit: HTTP %d: %s", st, alertText(t, bt))
	}
	openFromQueue(t, bt, p.URL, "dong-nai", "Chờ biên tập", a.Title)
	if st := clickStep(t, bt, "send"); st != 200 {
		t.Fatalf("send: HTTP %d: %s", st, alertText(t, bt))
	}

	tb := p.signIn(t, bctx, "truongban")
	openFromQueue(t, tb, p.URL, "dong-nai", "Chờ duyệt", a.Title)
	if st := clickStep(t, tb, "approve"); st != 200 {
		t.Fatalf("approve: HTTP %d: %s", st, alertText(t, tb))
	}
	s := statusLine(t, tb)
	if !strings.HasPrefix(s, "Đã duyệt, chờ đăng") {
		t.Fatalf("approved with a publish-at an hour ahead, the item is %q, want Đã duyệt, chờ đăng", s)
	}
	if want := at.In(vnTime).Format("15:04"); !strings.Contains(s, want) {
		t.Errorf("the status line %q does not show the publication time %s", s, want)
	}
	openPage(t, tb, p.URL+"/quan-tri/s/dong-nai/")
	if q := sectionText(t, tb, "Đã duyệt, chờ đăng theo lịch"); !strings.Contains(q, a.Title) {
		t.Errorf("the scheduled queue does not list the item:\n%s", q)
	}

	// Not public before its time.
	rd := personTab(t, bctx)
	if st := openPage(t, rd, publicURL); st != 404 {
		t.Errorf("before its time %s answers HTTP %d, want 404", publicURL, st)
	}
	openPage(t, rd, p.URL+"/")
	if href := publicLink(t, rd, a.Title); href != "" {
		t.Errorf("before its time the home page lists the article at %s", href)
	}

	// The schedule runs at the hour (plus a minute): now it is public.
	changed, err := p.srv.Workflow().RunSchedule(context.Background(), time.Now().Add(61*time.Minute))
	if err != nil {
		t.Fatalf("RunSchedule: %v", err)
	}
	if len(changed) != 1 {
		t.Errorf("RunSchedule changed %v, want the one scheduled item", changed)
	}
	if st := openPage(t, rd, publicURL); st != 200 {
		t.Fatalf("after its time %s answers HTTP %d, want 200", publicURL, st)
	}
	checkByline(t, rd, a.Title, a.Author, a.Source)
	openPage(t, rd, p.URL+"/")
	if href := publicLink(t, rd, a.Title); href != "/tin-tuc/"+slug {
		t.Errorf("after its time the home page links the article at %q, want /tin-tuc/%s", href, slug)
	}
	openPage(t, tb, p.URL+itemPath)
	if s := statusLine(t, tb); !strings.HasPrefix(s, "Đã đăng") {
		t.Errorf("after the schedule ran the item is %q, want Đã đăng", s)
	}
	if h := sectionText(t, tb, "Quá trình xử lý"); !strings.Contains(h, "theo lịch đăng") {
		t.Errorf("the history does not record the scheduled publication:\n%s", h)
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}

// TestInbox: an article published on the Department of Science and
// Technology's site is proposed to the main portal by the department's
// liaison; the main portal's editor accepts it from the inbox, and once
// the board head approves, the copy keeps the author and names the
// department in its source.
func TestInbox(t *testing.T) {
	start := time.Now()
	p := startStaffPortal(t)
	p.addStaff(t, "truongban.khcn", "Đặng Văn Sở", "so-khcn", account.BoardHead)
	p.addStaff(t, "daumoi.khcn", "Hồ Thị Mối", "so-khcn", account.Liaison)
	bctx := Start(t)

	a := articleForm{
		Title:   "Sở Khoa học và Công nghệ trao giải Hội thi Sáng tạo kỹ thuật lần thứ XII",
		Summary: "Hai mươi giải pháp được trao giải.",
		Heading: "Kết quả",
		Paras:   []string{"Giải nhất thuộc về giải pháp tưới tiết kiệm nước cho vườn sầu riêng."},
		Author:  "Phạm Thị Khoa",
		Source:  "Phòng Quản lý khoa học",
	}

	// The department publishes it through its own board.
	kh := p.signIn(t, bctx, "bientap.khcn")
	writeArticle(t, kh, p.URL, "so-khcn", a)
	if st := clickStep(t, kh, "submit"); st != 200 {
		t.Fatalf("submit: HTTP %d: %s", st, alertText(t, kh))
	}
	openFromQueue(t, kh, p.URL, "so-khcn", "Chờ biên tập", a.Title)
	if st := clickStep(t, kh, "send"); st != 200 {
		t.Fatalf("send: HTTP %d: %s", st, alertText(t, kh))
	}
	tk := p.signIn(t, bctx, "truongban.khcn")
	openFromQueue(t, tk, p.URL, "so-khcn", "Chờ duyệt", a.Title)
	if st := clickStep(t, tk, "approve"); st != 200 {
		t.Fatalf("approve on so-khcn: HTTP %d: %s", st, alertText(t, tk))
	}
	if s := statusLine(t, tk); !strings.HasPrefix(s, "Đã đăng") {
		t.Fatalf("after approval on so-khcn the item is %q", s)
	}

	// The liaison finds it among the department's content and proposes it.
	dm := p.signIn(t, bctx, "daumoi.khcn")
	if st := openPage(t, dm, p.URL+"/quan-tri/s/so-khcn/noi-dung"); st != 200 {
		t.Fatalf("so-khcn's content list for the liaison: HTTP %d", st)
	}
	link := chromedp.Search(`//main//a[normalize-space()=` + xq(a.Title) + `]`)
	if st := followClick(t, dm, chromedp.Click(link)); st != 200 {
		t.Fatalf("open the item from the list: HTTP %d", st)
	}
	if sectionText(t, dm, "Gửi lên Cổng chính") == "" {
		t.Fatalf("the liaison sees no %q form on the published item", "Gửi lên Cổng chính")
	}
	do(t, dm, chromedp.SendKeys(chromedp.ID("pnote"), "Đề nghị đăng ở mục Khoa học – Công nghệ."))
	st := followClick(t, dm, chromedp.Click(chromedp.CSS(`section[aria-labelledby="de-xuat"] button[type="submit"]`)))
	if st != 200 || textOf(t, dm, `[role="alert"]`) != "" {
		t.Fatalf("propose: HTTP %d: %s", st, alertText(t, dm))
	}

	// The main portal's editor accepts it from the inbox.
	bt := p.signIn(t, bctx, "bientap")
	openPage(t, bt, p.URL+"/quan-tri/s/dong-nai/")
	inbox := sectionText(t, bt, "Tin các đơn vị gửi lên Cổng chính")
	for _, want := range []string{a.Title, "Sở Khoa học và Công nghệ", a.Author} {
		if !strings.Contains(inbox, want) {
			t.Fatalf("the main portal's inbox lacks %q; it reads:\n%s", want, inbox)
		}
	}
	savePNG(t, bt, screenshotDir(t), "inbox-workspace.png")
	accept := chromedp.Search(`//section[@aria-labelledby="q-inbox"]//li[.//h4[normalize-space()=` + xq(a.Title) +
		`]]//button[starts-with(normalize-space(), "Nhận đăng")]`)
	if st := followClick(t, bt, chromedp.Click(accept)); st != 200 {
		t.Fatalf("accept: HTTP %d: %s", st, alertText(t, bt))
	}
	if e := textOf(t, bt, `[role="alert"]`); e != "" {
		t.Fatalf("accept: %s", e)
	}

	// The main portal's board head approves the copy.
	tb := p.signIn(t, bctx, "truongban")
	openFromQueue(t, tb, p.URL, "dong-nai", "Chờ duyệt", a.Title)
	if got := eval[string](t, tb, `document.getElementById("author").value`); got != a.Author {
		t.Errorf("the copy's author is %q, want %q", got, a.Author)
	}
	if st := clickStep(t, tb, "approve"); st != 200 {
		t.Fatalf("approve the copy: HTTP %d: %s", st, alertText(t, tb))
	}
	href := eval[string](t, tb, `(document.querySelector("main .subnav a[href*='/tin-tuc/']") || {href: ""}).href`)
	if href == "" {
		t.Fatalf("the approved copy has no public link; the page says %s", alertText(t, tb))
	}
	if strings.Contains(href, "/so-khcn/") {
		t.Fatalf("the copy links to %s, on the department's site, want the main portal", href)
	}

	// A reader sees the copy on the main portal with author and source.
	rd := personTab(t, bctx)
	if st := openPage(t, rd, href); st != 200 {
		t.Fatalf("the copy at %s: HTTP %d", href, st)
	}
	if h1 := textOf(t, rd, "main h1"); h1 != a.Title {
		t.Errorf("the copy is headed %q, want %q", h1, a.Title)
	}
	byline := textOf(t, rd, "main footer.byline")
	if !strings.Contains(byline, "Tác giả: "+a.Author) {
		t.Errorf("the copy's byline reads %q, want the author %q", byline, a.Author)
	}
	src := textOf(t, rd, "main footer.byline p.source")
	if !strings.HasPrefix(src, "Nguồn:") || !strings.Contains(src, "Sở Khoa học và Công nghệ") {
		t.Errorf("the copy's source line reads %q, want it to name Sở Khoa học và Công nghệ", src)
	}
	if !strings.Contains(src, a.Source) {
		t.Errorf("the copy's source line %q dropped the original source %q", src, a.Source)
	}
	savePNG(t, rd, screenshotDir(t), "inbox-copy-public.png")
	t.Logf("the copy's source line reads %q", src)
	if n := eval[int](t, rd, `[...document.querySelectorAll("main footer.byline a")].filter(a => a.getAttribute("href").startsWith("/so-khcn")).length`); n == 0 {
		t.Errorf("the copy's byline does not link to the department's site")
	}
	t.Logf("took %s", time.Since(start).Round(time.Millisecond))
}
