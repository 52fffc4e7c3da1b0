package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// consultText is the draft the test posts: short, with chapters,
// articles, clauses and points, so every kind of comment control shows.
const consultText = `Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc cấp, sử dụng và thu hồi thẻ thư viện điện tử của Thư viện tỉnh.

Điều 2. Đối tượng áp dụng
Người đọc là công dân Việt Nam và người nước ngoài cư trú hợp pháp trên địa bàn tỉnh.

Điều 3. Cấp thẻ thư viện điện tử
1. Thẻ được cấp miễn phí qua Cổng thông tin điện tử của tỉnh.
2. Hồ sơ đề nghị cấp thẻ gồm:
a) Tờ khai theo mẫu;
b) Ảnh chân dung chụp trong 6 tháng gần nhất.

Chương II
TỔ CHỨC THỰC HIỆN

Điều 4. Trách nhiệm thi hành
Sở Văn hóa, Thể thao và Du lịch hướng dẫn, kiểm tra việc thực hiện Quy định này.
`

const (
	consultTitle   = "Dự thảo Quyết định ban hành Quy định cấp thẻ thư viện điện tử"
	consultComment = "Đề nghị bỏ yêu cầu ảnh chân dung ở điểm b vì thẻ điện tử đã xác thực qua định danh điện tử VNeID."
	consultAnswer  = "Tiếp thu: bỏ điểm b; người đề nghị xác thực qua tài khoản định danh điện tử mức độ 2."
)

// consultWidths are the screens every page of the journey is looked at on.
var consultWidths = []int64{320, 1280}

// consultLook checks the page open in ctx as name: at 320 and 1280 px it
// is no wider than the screen (a wide table scrolls inside its wrapper,
// never the page) and, when shot is set, a full-page PNG is saved as
// consultation-NAME-WIDTH.png; it is in Vietnamese throughout; then axe
// judges it at 1280 px. It returns the number of axe violations.
func consultLook(t *testing.T, ctx context.Context, dir, name string, shot bool) int {
	t.Helper()
	text := eval[string](t, ctx, `document.body.innerText`)
	if m := englishUI.FindAllString(text, 5); len(m) > 0 {
		t.Errorf("%s: the Vietnamese page shows English %q", name, m)
	}
	for _, w := range consultWidths {
		do(t, ctx, chromedp.EmulateViewport(w, 900))
		o := eval[overflow](t, ctx, overflowJS)
		if inner := eval[int](t, ctx, `innerWidth`); o.ScrollWidth > inner {
			t.Errorf("%s at %dpx: the page is %d px wide, wider than the screen (%d); too wide: %v", name, w, o.ScrollWidth, inner, o.Wide)
		}
		if shot {
			savePNG(t, ctx, dir, fmt.Sprintf("consultation-%s-%d.png", name, w))
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	return len(Axe(t, ctx, ""))
}

// TestConsultationJourney (issue 14): an editor posts a draft and opens
// it; a citizen comments on Điều 3 Khoản 2 through the real form, the
// browser solving the captcha; the editor erases the commenter's contacts
// at their request (the comment stays, shown by its initials), publishes
// the comment, records its handling and closes the period early with its
// legal basis; the board head approves the synthesis; the public page
// shows it and its PDF downloads. axe judges the list, the draft, the
// form (also with an error), the thanks page, the staff pages and the
// synthesis; none is wider than 320 or 1280 px screens; screenshots go to
// CONG_SCREENSHOTS (the images of docs/consultation.md) or a temporary
// folder.
func TestConsultationJourney(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	violations := 0
	staffList := p.URL + "/quan-tri/s/dong-nai/lay-y-kien"

	// The editor prepares the draft and opens it now, for the minimum period.
	editor := p.signIn(t, Start(t), "bientap")
	if st := openPage(t, editor, staffList); st != 200 {
		t.Fatalf("the staff list of drafts: HTTP %d", st)
	}
	do(t, editor,
		chromedp.SendKeys(chromedp.ID("cs-title"), consultTitle),
		chromedp.SetValue(chromedp.ID("cs-kind"), "Quyết định"),
		chromedp.SendKeys(chromedp.ID("cs-agency"), "Sở Văn hóa, Thể thao và Du lịch"),
		chromedp.SendKeys(chromedp.ID("cs-recv"), "Thư viện tỉnh Đồng Nai"),
		chromedp.SendKeys(chromedp.ID("cs-recv-email"), "thuvien@example.vn"),
		chromedp.SetValue(chromedp.ID("cs-body"), consultText),
	)
	if st := followClick(t, editor, chromedp.Click(chromedp.CSS(`form[aria-labelledby="moi"] button[type="submit"]`))); st != 200 {
		t.Fatalf("saving the draft: HTTP %d: %s", st, alertText(t, editor))
	}
	draftPath := eval[string](t, editor, `location.pathname`)
	id, err := strconv.ParseInt(draftPath[strings.LastIndex(draftPath, "/")+1:], 10, 64)
	if err != nil || !strings.HasPrefix(draftPath, "/quan-tri/s/dong-nai/lay-y-kien/") {
		t.Fatalf("after saving, the editor is at %s: %s", draftPath, alertText(t, editor))
	}
	retype(t, editor, "cs-opens", time.Now().In(vnTime).Format("02/01/2006 15:04"))
	followClick(t, editor, chromedp.Click(chromedp.CSS(`form[action$="/mo"] button[type="submit"]`)))
	if got := textOf(t, editor, ".facts dd strong"); got != "Đang lấy ý kiến" {
		t.Fatalf("after opening, the draft is %q: %s", got, alertText(t, editor))
	}
	var slug string
	if err := p.db.QueryRow(t.Context(), `SELECT slug FROM consult_drafts WHERE id = ?`, id).Scan(&slug); err != nil {
		t.Fatal(err)
	}

	// The citizen finds it in the list and comments on Điều 3 Khoản 2.
	citizen := personTab(t, Start(t))
	if st := openPage(t, citizen, p.URL+"/lay-y-kien"); st != 200 {
		t.Fatalf("the list: HTTP %d", st)
	}
	violations += consultLook(t, citizen, dir, "list", true)
	followClick(t, citizen, chromedp.Click(chromedp.Search(`//main//a[normalize-space()=`+xq(consultTitle)+`]`)))
	if path := eval[string](t, citizen, `location.pathname`); path != "/lay-y-kien/"+slug {
		t.Fatalf("the list's link led to %s", path)
	}
	violations += consultLook(t, citizen, dir, "draft", true)
	ctl := `#dieu-3-khoan-2 > .cs-ctl a.cs-add`
	if got := textOf(t, citizen, ctl); got != "Góp ý Điều 3, Khoản 2" {
		t.Errorf("the comment control of Điều 3 Khoản 2 reads %q", got)
	}
	followClick(t, citizen, chromedp.Click(chromedp.CSS(ctl)))
	if got := eval[string](t, citizen, `document.getElementById("cs-muc").value`); got != "dieu-3-khoan-2" {
		t.Errorf("the form is about %q, want dieu-3-khoan-2", got)
	}
	if q := textOf(t, citizen, ".cs-quote"); !strings.Contains(q, "Hồ sơ đề nghị cấp thẻ") {
		t.Errorf("the form quotes %q, want Khoản 2's text", q)
	}
	violations += consultLook(t, citizen, dir, "form", true)

	// Sent without a contact: refused, with what was written kept.
	do(t, citizen,
		chromedp.SendKeys(chromedp.ID("cs-body"), consultComment),
		chromedp.SendKeys(chromedp.ID("cs-name"), "Lê Thị Thu Hà"),
		chromedp.Click(chromedp.ID("cs-show-initials")),
	)
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); st != 422 {
		t.Errorf("a comment without contact: HTTP %d, want 422", st)
	}
	if msg := textOf(t, citizen, `.errors`); msg == "" {
		t.Errorf("a comment without contact: no error shown")
	}
	if got := eval[string](t, citizen, `document.getElementById("cs-body").value`); got != consultComment {
		t.Errorf("after the error the comment reads %q", got)
	}
	violations += consultLook(t, citizen, dir, "form-error", false)

	do(t, citizen, chromedp.SendKeys(chromedp.ID("cs-email"), "thuha.le@example.vn"))
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); st != 200 {
		t.Fatalf("sending the comment: HTTP %d: %s", st, alertText(t, citizen))
	}
	if path := eval[string](t, citizen, `location.pathname`); path != "/lay-y-kien/"+slug+"/da-gui" {
		t.Fatalf("after sending, the citizen is at %s: %s", path, alertText(t, citizen))
	}
	violations += consultLook(t, citizen, dir, "thanks", false)
	var cid int64
	var anchor string
	if err := p.db.QueryRow(t.Context(), `SELECT id, anchor FROM consult_comments WHERE draft_id = ?`, id).Scan(&cid, &anchor); err != nil {
		t.Fatalf("the comment was not stored: %v", err)
	}
	if anchor != "dieu-3-khoan-2" {
		t.Errorf("the comment is anchored to %q", anchor)
	}

	// The editor publishes it and records its handling (a browser of
	// their own again: Start's time budget is per browser).
	editor = p.signIn(t, Start(t), "bientap")
	if st := openPage(t, editor, staffList); st != 200 {
		t.Fatalf("the staff list: HTTP %d", st)
	}
	violations += consultLook(t, editor, dir, "staff-list", false)
	followClick(t, editor, chromedp.Click(chromedp.Search(`//main//a[normalize-space()=`+xq(consultTitle)+`]`)))
	if got := textOf(t, editor, fmt.Sprintf("#c%d", cid)); !strings.Contains(got, consultComment) || !strings.Contains(got, "Điều 3, Khoản 2") {
		t.Errorf("the staff page shows the comment as %q", got)
	}
	violations += consultLook(t, editor, dir, "staff-draft", true)
	if got := eval[string](t, editor, `document.getElementById("cs-ebody").value`); got != "" {
		t.Errorf("the form for a comment received outside the portal starts with %.60q…, want empty", got)
	}
	c := strconv.FormatInt(cid, 10)

	// The commenter asked for their data to be erased: the contacts page
	// shows them (the view is audited) and erases them on confirmation.
	followClick(t, editor, chromedp.Click(chromedp.CSS(`a[href$="/y-kien/`+c+`/lien-he"]`)))
	if got := textOf(t, editor, "main dl"); !strings.Contains(got, "thuha.le@example.vn") || !strings.Contains(got, "Lê Thị Thu Hà") {
		t.Errorf("the contacts page reads %q", got)
	}
	violations += consultLook(t, editor, dir, "staff-contacts", false)
	do(t, editor, chromedp.Click(chromedp.ID("cs-erase-sure")))
	followClick(t, editor, chromedp.Click(chromedp.CSS(`form[action$="/xoa"] button`)))
	var name, email string
	if err := p.db.QueryRow(t.Context(), `SELECT name, email FROM consult_comments WHERE id = ?`, cid).Scan(&name, &email); err != nil || name != "" || email != "" {
		t.Errorf("after erasure the comment keeps name %q and email %q (%v): %s", name, email, err, alertText(t, editor))
	}

	do(t, editor, chromedp.SetValue(chromedp.ID("cs-mod-"+c), "publish"))
	followClick(t, editor, chromedp.Click(chromedp.CSS(`form[action$="/y-kien/`+c+`/kiem-duyet"] button`)))
	if msg := textOf(t, editor, `[role="alert"]`); msg != "" {
		t.Fatalf("publishing the comment: %s", msg)
	}
	do(t, editor,
		chromedp.SetValue(chromedp.ID("cs-h-"+c), "accepted"),
		chromedp.SendKeys(chromedp.ID("cs-e-"+c), consultAnswer),
	)
	followClick(t, editor, chromedp.Click(chromedp.CSS(`form[action$="/y-kien/`+c+`/tiep-thu"] button`)))
	if msg := textOf(t, editor, `[role="alert"]`); msg != "" {
		t.Fatalf("recording the handling: %s", msg)
	}
	if got := textOf(t, editor, "#tong-hop + p"); !strings.Contains(got, "Chưa tiếp thu, giải trình: 0") {
		t.Errorf("after the handling the synthesis says %q", got)
	}
	violations += consultLook(t, editor, dir, "staff-synthesis", true)

	// The period ends early, with its legal basis.
	do(t, editor, chromedp.SendKeys(chromedp.ID("cs-close-basis"), "Khoản 2 Điều 52 Luật Ban hành văn bản quy phạm pháp luật 2025 (thủ tục rút gọn)"))
	followClick(t, editor, chromedp.Click(chromedp.CSS(`form[action$="/ket-thuc"] button`)))
	if got := textOf(t, editor, ".facts dd strong"); got != "Đã hết thời hạn lấy ý kiến" {
		t.Fatalf("after closing, the draft is %q: %s", got, alertText(t, editor))
	}

	// The board head approves the synthesis.
	head := p.signIn(t, Start(t), "truongban")
	if st := openPage(t, head, p.URL+draftPath); st != 200 {
		t.Fatalf("the board head opens the draft: HTTP %d", st)
	}
	do(t, head, chromedp.SendKeys(chromedp.ID("cs-note"), "Cơ quan soạn thảo đã tiếp thu toàn bộ ý kiến."))
	followClick(t, head, chromedp.Click(chromedp.CSS(`form[action$="/cong-bo"] button`)))
	if got := textOf(t, head, ".facts dd strong"); got != "Đã công khai tiếp thu, giải trình" {
		t.Fatalf("after approval, the draft is %q: %s", got, alertText(t, head))
	}

	// The public page shows the synthesis, and its PDF downloads.
	reader := personTab(t, Start(t))
	if st := openPage(t, reader, p.URL+"/lay-y-kien/"+slug); st != 200 {
		t.Fatalf("the draft's page: HTTP %d", st)
	}
	syn := textOf(t, reader, "#tong-hop")
	for _, want := range []string{consultComment, consultAnswer, "Điều 3, Khoản 2", "L.T.T.H."} {
		if !strings.Contains(syn, want) {
			t.Errorf("the published synthesis lacks %q: %q", want, syn)
		}
	}
	if strings.Contains(syn, "Lê Thị Thu Hà") || strings.Contains(syn, "thuha.le@example.vn") {
		t.Errorf("the synthesis shows the commenter's name or email: %q", syn)
	}
	do(t, reader, chromedp.Evaluate[chromedp.Void](`document.getElementById("tong-hop").scrollIntoView()`))
	violations += consultLook(t, reader, dir, "synthesis", true)
	// On a phone the table scrolls inside its wrapper, which the keyboard
	// reaches; axe judges it there too.
	do(t, reader, chromedp.EmulateViewport(320, 900))
	if wrap := eval[[]int](t, reader, `(w => [w.scrollWidth, w.clientWidth, w.tabIndex])(document.querySelector("#tong-hop .table-wrap"))`); wrap[0] <= wrap[1] || wrap[2] != 0 {
		t.Errorf("at 320px the synthesis wrapper is %d px wide showing %d, tabindex %d: want a table wider than the screen scrolling in a focusable wrapper", wrap[0], wrap[1], wrap[2])
	}
	violations += len(Axe(t, reader, ""))
	do(t, reader, chromedp.EmulateViewport(1280, 900))
	type download struct {
		Type string
		Size int
		Head string
	}
	pdf := eval2[download](t, reader, `(async () => {
		const a = [...document.querySelectorAll("#tong-hop a")].find(a => a.textContent.trim() === "PDF");
		if (!a) return {Type: "no PDF link", Size: 0, Head: ""};
		const r = await fetch(a.href), b = new Uint8Array(await r.arrayBuffer());
		return {Type: r.headers.get("Content-Type") || "", Size: b.length, Head: String.fromCharCode(...b.slice(0, 5))};
	})()`)
	if !strings.HasPrefix(pdf.Type, "application/pdf") || pdf.Size == 0 || pdf.Head != "%PDF-" {
		t.Errorf("the synthesis PDF: Content-Type %q, %d bytes, starting %q", pdf.Type, pdf.Size, pdf.Head)
	}
	if violations > 0 {
		t.Errorf("axe: %d violation(s) in all", violations)
	}
	t.Logf("screenshots in %s", dir)
}

// eval2 evaluates a JavaScript expression whose value is a promise.
func eval2[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}
