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

// TestRoyaltyProposeApproveAndPaymentList (issue 19): an editor follows
// a published item's "Nhuận bút" link and proposes its royalty (one
// author from the accounts, 100 %, news, coefficient 5); the board head
// approves it on the same page, which then shows the amount in đồng and
// in words; the board head opens the month's payment list, whose XLSX
// download answers 200 with a spreadsheet. The item is moved to August
// 2026 first, so that Decree 18/2014's schedule applies (the provincial
// one, from 01/09/2026, is shipped empty). Every page at 320 and 1280
// px: no wider than the screen, Vietnamese throughout, axe 0 violations.
func TestRoyaltyProposeApproveAndPaymentList(t *testing.T) {
	p := startStaffPortal(t)
	ctx := context.Background()
	var id int64
	var title string
	if err := p.db.QueryRow(ctx, `SELECT i.id, r.title FROM items i JOIN sites s ON s.id = i.site_id JOIN revisions r ON r.id = i.published_rev
		WHERE s.code = 'dong-nai' AND i.kind <> 'legal' AND i.first_published_at IS NOT NULL ORDER BY i.id LIMIT 1`).Scan(&id, &title); err != nil {
		t.Fatalf("a published item of dong-nai: %v", err)
	}
	if _, err := p.db.Exec(ctx, `UPDATE items SET first_published_at = ? WHERE id = ?`, time.Date(2026, 8, 15, 3, 0, 0, 0, time.UTC), id); err != nil {
		t.Fatal(err)
	}
	var editorID int64
	if err := p.db.QueryRow(ctx, `SELECT id FROM users WHERE username = 'bientap'`).Scan(&editorID); err != nil {
		t.Fatal(err)
	}
	itemURL := fmt.Sprintf("/quan-tri/s/dong-nai/noi-dung/%d", id)
	royaltyURL := itemURL + "/nhuan-but"
	dir := screenshotDir(t)
	bctx := Start(t)

	// The editor: from the item page to its royalty page.
	editor := p.signIn(t, bctx, "bientap")
	if st := openPage(t, editor, p.URL+itemURL); st != 200 {
		t.Fatalf("the item page = %d", st)
	}
	link := `main p.subnav a[href="` + royaltyURL + `"]`
	if got := eval[string](t, editor, `(document.querySelector('`+link+`') || {textContent: ""}).textContent.trim()`); got != "Nhuận bút" {
		t.Fatalf("the item page's royalty link reads %q, want Nhuận bút", got)
	}
	if st := followClick(t, editor, chromedp.Click(chromedp.CSS(link))); st != 200 {
		t.Fatalf("the royalty page = %d", st)
	}
	text := eval[string](t, editor, `document.querySelector("main").innerText`)
	for _, want := range []string{"Nhuận bút", "royalties-nd18-2014", "2.530.000 đồng", "Đề nghị nhuận bút"} {
		if !strings.Contains(text, want) {
			t.Errorf("the royalty page lacks %q:\n%s", want, text)
		}
	}
	mergeLook(t, editor, dir, "royalty-form")

	// The proposal: news, coefficient 5, the editor herself, 100 %.
	do(t, editor,
		chromedp.SetValue(chromedp.ID("r-kind"), "tin"),
		chromedp.SendKeys(chromedp.ID("r-coef"), "5"),
		chromedp.SetValue(chromedp.ID("a1-user"), strconv.FormatInt(editorID, 10)),
		chromedp.SendKeys(chromedp.ID("a1-share"), "100"))
	if st := followClick(t, editor, chromedp.Click(chromedp.CSS(`form[aria-labelledby="lap-de-nghi"] button[type="submit"]`))); st != 200 {
		t.Fatalf("the proposal = %d: %s", st, alertText(t, editor))
	}
	if got := eval[string](t, editor, `location.pathname`); got != royaltyURL {
		t.Errorf("the proposal led to %s (%s)", got, alertText(t, editor))
	}
	if s := textOf(t, editor, "section.royalty-proposal h3"); !strings.Contains(s, "Chờ duyệt") {
		t.Errorf("the proposal's heading: %q; want Chờ duyệt", s)
	}
	mergeLook(t, editor, dir, "royalty-proposed")

	// The board head approves it on the same page.
	head := p.signIn(t, bctx, "truongban")
	if st := openPage(t, head, p.URL+royaltyURL); st != 200 {
		t.Fatalf("the board head's royalty page = %d", st)
	}
	if st := followClick(t, head, chromedp.Click(chromedp.CSS(`section.royalty-proposal form[action$="/duyet"] button[type="submit"]`))); st != 200 {
		t.Fatalf("the approval = %d: %s", st, alertText(t, head))
	}
	text = eval[string](t, head, `document.querySelector("main").innerText`)
	for _, want := range []string{"Đã duyệt", "Trần Thị Biên", "1.265.000 đồng", "Bằng chữ", "Một triệu hai trăm sáu mươi lăm nghìn đồng"} {
		if !strings.Contains(text, want) {
			t.Errorf("the approved proposal lacks %q:\n%s", want, text)
		}
	}
	if got := eval[string](t, head, `(document.querySelector("section.royalty-proposal tfoot td[data-total]") || {dataset: {}}).dataset.total || ""`); got != "1265000" {
		t.Errorf("the total = %q, want 1265000", got)
	}
	mergeLook(t, head, dir, "royalty-approved")

	// The payment list of August 2026 and its XLSX.
	if st := openPage(t, head, p.URL+"/quan-tri/s/dong-nai/nhuan-but?ky=2026-08"); st != 200 {
		t.Fatalf("the payment list = %d", st)
	}
	text = eval[string](t, head, `document.querySelector("main").innerText`)
	for _, want := range []string{"Bảng kê thanh toán nhuận bút, thù lao", "8 năm 2026", title, "Trần Thị Biên", "1.265.000 đồng",
		"Một triệu hai trăm sáu mươi lăm nghìn đồng", "Đã duyệt, chưa chi"} {
		if !strings.Contains(text, want) {
			t.Errorf("the payment list lacks %q:\n%s", want, text)
		}
	}
	mergeLook(t, head, dir, "royalty-list")
	if x := fetchDownload(t, head, "XLSX"); x.Status != 200 || !strings.HasPrefix(x.Type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") || x.Size == 0 || x.Head != "PK" {
		t.Errorf("the XLSX: %d, Content-Type %q, %d bytes, starting %q", x.Status, x.Type, x.Size, x.Head)
	}

	// The author's own statement, from the staff menu, and its PDF.
	if st := openPage(t, editor, p.URL+"/quan-tri/"); st != 200 {
		t.Fatalf("the staff home = %d", st)
	}
	if st := followClick(t, editor, chromedp.Click(chromedp.CSS(`a[href="/quan-tri/nhuan-but-cua-toi"]`))); st != 200 {
		t.Fatalf("Nhuận bút của tôi = %d", st)
	}
	if st := openPage(t, editor, p.URL+"/quan-tri/nhuan-but-cua-toi?ky=2026-08"); st != 200 {
		t.Fatalf("the author's statement of August = %d", st)
	}
	text = eval[string](t, editor, `document.querySelector("main").innerText`)
	for _, want := range []string{"Nhuận bút, thù lao của tôi", title, "1.265.000 đồng", "Một triệu hai trăm sáu mươi lăm nghìn đồng"} {
		if !strings.Contains(text, want) {
			t.Errorf("the author's statement lacks %q:\n%s", want, text)
		}
	}
	mergeLook(t, editor, dir, "royalty-mine")
	if x := fetchDownload(t, editor, "PDF"); x.Status != 200 || x.Type != "application/pdf" || x.Head != "%P" {
		t.Errorf("the statement's PDF: %d, Content-Type %q, %d bytes, starting %q", x.Status, x.Type, x.Size, x.Head)
	}
	t.Logf("screenshots in %s", dir)
}

// download is what fetching a download link of a page answered.
type download struct {
	Status int
	Type   string
	Size   int
	Head   string // the first two bytes
}

// fetchDownload fetches the page's download link whose text is label.
func fetchDownload(t *testing.T, ctx context.Context, label string) download {
	t.Helper()
	return eval2[download](t, ctx, `(async () => {
		const a = [...document.querySelectorAll("main a[download]")].find(a => a.textContent.trim() === "`+label+`");
		if (!a) return {Status: 0, Type: "no `+label+` link", Size: 0, Head: ""};
		const r = await fetch(a.href), b = new Uint8Array(await r.arrayBuffer());
		return {Status: r.status, Type: r.headers.get("Content-Type") || "", Size: b.length, Head: String.fromCharCode(...b.slice(0, 2))};
	})()`)
}
