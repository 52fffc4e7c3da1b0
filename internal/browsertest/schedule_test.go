package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/schedule"
)

// TestLeadersSchedule (issue 20, point 3): a citizen reads this week's
// leaders' working schedule — by day with Vietnamese weekday names, today
// marked, the demo's change shown as "Điều chỉnh"; an editor adds an
// entry to next week, which the public does not see until the board head
// publishes the week; then it is there. The public week at 320 and 1280
// px: no wider than the screen, Vietnamese only, axe 0 violations; the
// staff's week too.
func TestLeadersSchedule(t *testing.T) {
	p := startStaffPortal(t)
	dir := screenshotDir(t)
	bctx := Start(t)
	this := schedule.WeekOf(time.Now())
	next := schedule.Name(schedule.AddWeeks(this, 1))
	monday, _ := schedule.ParseWeek(next)
	tuesday := schedule.Days(monday)[1]

	citizen := personTab(t, bctx)
	if st := openPage(t, citizen, p.URL+"/lich-cong-tac"); st != 200 {
		t.Fatalf("the schedule = %d", st)
	}
	text := eval[string](t, citizen, `document.querySelector("main").innerText`)
	for _, want := range []string{"Lịch công tác của lãnh đạo", schedule.DayWords(this), "Hôm nay", "Hoàng Văn K", "Chủ tịch UBND tỉnh",
		"Điều chỉnh", "Tuần trước", "Tuần sau"} {
		if !strings.Contains(text, want) {
			t.Errorf("the week lacks %q:\n%.3000s", want, text)
		}
	}
	if n := eval[int](t, citizen, `document.querySelectorAll('section[aria-current="date"]').length`); n != 1 {
		t.Errorf("%d days marked as today", n)
	}
	mergeLook(t, citizen, dir, "schedule-public")

	editor := p.signIn(t, bctx, "bientap")
	if st := openPage(t, editor, p.URL+"/quan-tri/s/dong-nai/lich-cong-tac?tuan="+next); st != 200 {
		t.Fatalf("the editor's week = %d", st)
	}
	do(t, editor,
		chromedp.SendKeys(chromedp.ID("e-day"), schedule.DayShort(tuesday)),
		chromedp.SendKeys(chromedp.ID("e-start"), "09:00"),
		chromedp.SendKeys(chromedp.ID("e-end"), "11:00"),
		chromedp.SendKeys(chromedp.ID("e-leader"), "Phan Thị L"),
		chromedp.SendKeys(chromedp.ID("e-title"), "Phó Chủ tịch UBND tỉnh"),
		chromedp.SendKeys(chromedp.ID("e-content"), "Làm việc với Ban Quản lý các khu công nghiệp về thu hút đầu tư"),
		chromedp.SendKeys(chromedp.ID("e-place"), "Trụ sở Ban Quản lý các khu công nghiệp tỉnh"))
	if st := followClick(t, editor, chromedp.Click(chromedp.CSS(`form[aria-labelledby="muc"] button[type="submit"]`))); st != 200 {
		t.Fatalf("saving the entry = %d: %s", st, alertText(t, editor))
	}
	if text := textOf(t, editor, "main"); !strings.Contains(text, "Làm việc với Ban Quản lý các khu công nghiệp") || !strings.Contains(text, "chưa công bố") {
		t.Errorf("the editor's week after saving:\n%.3000s", text)
	}
	if n := eval[int](t, editor, `document.querySelectorAll('form[action$="/cong-bo"]').length`); n != 0 {
		t.Errorf("the editor is offered to publish")
	}
	mergeLook(t, editor, dir, "schedule-admin")

	if st := openPage(t, citizen, p.URL+"/lich-cong-tac?tuan="+next); st != 200 {
		t.Fatalf("next week = %d", st)
	}
	if text := textOf(t, citizen, "main"); strings.Contains(text, "Làm việc với Ban Quản lý các khu công nghiệp") || !strings.Contains(text, "chưa được công bố") {
		t.Errorf("the unpublished week is public:\n%.2000s", text)
	}

	head := p.signIn(t, bctx, "truongban")
	if st := openPage(t, head, p.URL+"/quan-tri/s/dong-nai/lich-cong-tac?tuan="+next); st != 200 {
		t.Fatalf("the board head's week = %d", st)
	}
	if st := followClick(t, head, chromedp.Click(chromedp.CSS(`form[action$="/cong-bo"] button[type="submit"]`))); st != 200 {
		t.Fatalf("publishing = %d: %s", st, alertText(t, head))
	}
	if text := textOf(t, head, "main"); !strings.Contains(text, "Đã công bố lịch công tác tuần") {
		t.Errorf("after publishing:\n%.2000s", text)
	}

	if st := openPage(t, citizen, p.URL+"/lich-cong-tac?tuan="+next); st != 200 {
		t.Fatalf("next week = %d", st)
	}
	text = textOf(t, citizen, "main")
	for _, want := range []string{schedule.DayWords(tuesday), "09:00 – 11:00", "Phan Thị L", "Làm việc với Ban Quản lý các khu công nghiệp về thu hút đầu tư",
		"Trụ sở Ban Quản lý các khu công nghiệp tỉnh"} {
		if !strings.Contains(text, want) {
			t.Errorf("the published week lacks %q:\n%.3000s", want, text)
		}
	}
	mergeLook(t, citizen, dir, "schedule-next")
	t.Logf("screenshots in %s", dir)
}
