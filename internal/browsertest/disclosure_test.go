package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDisclosureCatalogue (issue 20, point 2): a citizen goes from the
// "Tiếp cận thông tin" section to the catalogue of information to be
// published and sees the focal point, the lines of the published legal
// documents and the entries published elsewhere; the board head adds an
// entry on the staff page, which then appears in the catalogue. Every
// page at 320 and 1280 px: no wider than the screen, Vietnamese only,
// axe 0 violations.
func TestDisclosureCatalogue(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)

	citizen := personTab(t, bctx)
	if st := openPage(t, citizen, p.URL+"/chuyen-muc/tiep-can-thong-tin"); st != 200 {
		t.Fatalf("the section = %d", st)
	}
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`main a[href="/tiep-can-thong-tin"]`))); st != 200 {
		t.Fatalf("the catalogue = %d", st)
	}
	text := eval[string](t, citizen, `document.querySelector("main").innerText`)
	for _, want := range []string{"Danh mục thông tin phải được công khai", "Đầu mối cung cấp thông tin", "tiepcanthongtin@dongnai.gov.vn",
		"Thông tin công khai trên Cổng", "Đăng trên Cổng thông tin điện tử", "Thông báo kết quả lựa chọn nhà thầu", "ngày 6 tháng 10 năm 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the catalogue lacks %q:\n%.3000s", want, text)
		}
	}
	mergeLook(t, citizen, dir, "disclosure-public")

	head := p.signIn(t, bctx, "truongban")
	if st := openPage(t, head, p.URL+"/quan-tri/s/dong-nai/tiep-can-thong-tin"); st != 200 {
		t.Fatalf("the board's page = %d", st)
	}
	mergeLook(t, head, dir, "disclosure-admin")
	do(t, head,
		chromedp.SendKeys(chromedp.ID("e-name"), "Kế hoạch tiếp công dân định kỳ năm 2027"),
		chromedp.SendKeys(chromedp.ID("e-form"), "Niêm yết tại Trụ sở tiếp công dân tỉnh"),
		chromedp.SendKeys(chromedp.ID("e-published"), "01/12/2026"))
	if st := followClick(t, head, chromedp.Click(chromedp.CSS(`form[aria-labelledby="muc"] button[type="submit"]`))); st != 200 {
		t.Fatalf("saving the entry = %d: %s", st, alertText(t, head))
	}
	if st := openPage(t, citizen, p.URL+"/tiep-can-thong-tin?nam=2026"); st != 200 {
		t.Fatalf("the catalogue of 2026 = %d", st)
	}
	if text := eval[string](t, citizen, `document.querySelector("main").innerText`); !strings.Contains(text, "Kế hoạch tiếp công dân định kỳ năm 2027") ||
		!strings.Contains(text, "ngày 1 tháng 12 năm 2026") {
		t.Errorf("the new entry is not in the catalogue:\n%.3000s", text)
	}
	t.Logf("screenshots in %s", dir)
}
