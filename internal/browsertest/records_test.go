package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRecordsProjects (issue 20, point 3): a citizen opens the list of
// projects, narrows it to the completed ones, opens the procurement
// package and reads its record — the type, the days in words, the budget
// and the contract value grouped with dots in đồng, the contractor — then
// a statistic's table. Every page at 320 and 1280 px: no wider than the
// screen, Vietnamese only, axe 0 violations.
func TestRecordsProjects(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)

	citizen := personTab(t, bctx)
	if st := openPage(t, citizen, p.URL+"/du-an"); st != 200 {
		t.Fatalf("the projects = %d", st)
	}
	text := eval[string](t, citizen, `document.querySelector("main").innerText`)
	for _, want := range []string{"Dự án đầu tư công, mua sắm công", "Dự án đường ven sông Đồng Nai", "Gói thầu mua sắm thiết bị dạy học",
		"1.250.000.000.000 đồng", "Đang thực hiện", "Chuẩn bị đầu tư"} {
		if !strings.Contains(text, want) {
			t.Errorf("the list lacks %q:\n%.3000s", want, text)
		}
	}
	mergeLook(t, citizen, dir, "records-projects")

	// The filter by status, then the completed package.
	do(t, citizen, chromedp.SetValue(chromedp.ID("trang-thai"), "hoan-thanh"))
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`))); st != 200 {
		t.Fatalf("filtered = %d", st)
	}
	text = eval[string](t, citizen, `document.querySelector("main").innerText`)
	if !strings.Contains(text, "Gói thầu mua sắm thiết bị dạy học") || strings.Contains(text, "Dự án đường ven sông") {
		t.Errorf("the completed projects:\n%.2000s", text)
	}
	if st := followClick(t, citizen, chromedp.Click(chromedp.CSS(`main table a`))); st != 200 {
		t.Fatalf("the package = %d", st)
	}
	text = eval[string](t, citizen, `document.querySelector("main").innerText`)
	for _, want := range []string{"Thông tin dự án", "MS-GD-2026-03", "Mua sắm công", "Giáo dục", "ngày 15 tháng 2 năm 2026",
		"ngày 30 tháng 8 năm 2026", "38.600.000.000 đồng", "36.915.400.000 đồng", "Nhà thầu được lựa chọn", "Hoàn thành"} {
		if !strings.Contains(text, want) {
			t.Errorf("the package's page lacks %q:\n%.3000s", want, text)
		}
	}
	if ld := eval[string](t, citizen, `[...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent).join("\n")`); !strings.Contains(ld, `"@type":"Project"`) {
		t.Errorf("no Project in the JSON-LD:\n%s", ld)
	}
	mergeLook(t, citizen, dir, "records-project")

	// A statistic's table, read as a table.
	if st := openPage(t, citizen, p.URL+"/thong-ke/ho-so-truc-tuyen-2025"); st != 200 {
		t.Fatalf("the statistic = %d", st)
	}
	if n := eval[int](t, citizen, `document.querySelectorAll('table.data-table th[scope="row"]').length`); n != 4 {
		t.Errorf("the table has %d row headings; want 4", n)
	}
	mergeLook(t, citizen, dir, "records-statistic")
	t.Logf("screenshots in %s", dir)
}
