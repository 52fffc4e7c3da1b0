package browsertest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// TestMoveSecondFactor is an administrator moving two-step verification to
// a new phone, as a person would: from the account page, the form asks
// for the current app's code and the new app's; without the current code
// the secret does not change. The form is checked at 320 and 1280 pixels
// (no sideways scroll, screenshots to CONG_SCREENSHOTS) and by axe.
func TestMoveSecondFactor(t *testing.T) {
	p := startStaffPortal(t)
	bctx := Start(t)
	ctx := p.signIn(t, bctx, "quantri") // enrols the first phone
	var first string
	if err := p.db.QueryRow(t.Context(), `SELECT totp_secret FROM users WHERE username = 'quantri'`).Scan(&first); err != nil {
		t.Fatal(err)
	}

	openPage(t, ctx, p.URL+"/quan-tri/tai-khoan")
	followClick(t, ctx, chromedp.Click(chromedp.Search(`//a[normalize-space()=`+xq("Chuyển sang điện thoại khác")+`]`)))
	if path := eval[string](t, ctx, `location.pathname`); path != "/quan-tri/xac-thuc/dang-ky" {
		t.Fatalf("the link led to %s", path)
	}
	lead := textOf(t, ctx, "main p")
	if !strings.Contains(lead, "nhập mã đang hiển thị trên ứng dụng cũ") {
		t.Errorf("the form does not explain the move: %q", lead)
	}
	dir := screenshotDir(t)
	for _, width := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > int(width) {
			t.Errorf("the form at %dpx: scrollWidth %d; too wide: %v", width, o.ScrollWidth, o.Wide)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "totp-move-"+strconv.FormatInt(width, 10)+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	Axe(t, ctx, "")

	secret := strings.TrimSpace(textOf(t, ctx, "code.secret"))
	newCode, _ := totp.GenerateCode(secret, time.Now())
	// Without the current code: refused, and the form says why.
	retype(t, ctx, "current_code", "000000")
	retype(t, ctx, "code", newCode)
	followClick(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if msg := alertText(t, ctx); !strings.Contains(msg, "Mã xác thực không đúng") {
		t.Errorf("a wrong current code: the page says %q", msg)
	}
	// With it (the next 30-second step's code: the enrolment used this one).
	current, _ := totp.GenerateCode(p.secrets["quantri"], time.Now().Add(30*time.Second))
	retype(t, ctx, "current_code", current)
	retype(t, ctx, "code", newCode)
	followClick(t, ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	if n := eval[int](t, ctx, `document.querySelectorAll("ul.codes li").length`); n != 10 {
		t.Errorf("the move showed %d recovery codes; want 10", n)
	}
	// The page of recovery codes, shown once: it fits a phone, says to keep
	// them, and passes axe.
	if warning := textOf(t, ctx, ".keep"); !strings.Contains(warning, "Hãy lưu ngay 10 mã dự phòng") {
		t.Errorf("the recovery codes come without the warning to keep them: %q", warning)
	}
	for _, width := range []int64{320, 1280} {
		do(t, ctx, chromedp.EmulateViewport(width, 900))
		if o := eval[overflow](t, ctx, overflowJS); o.ScrollWidth > int(width) {
			t.Errorf("the recovery codes at %dpx: scrollWidth %d; too wide: %v", width, o.ScrollWidth, o.Wide)
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "totp-codes-"+strconv.FormatInt(width, 10)+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	Axe(t, ctx, "")
	if path := pastRecoveryCodes(t, ctx, eval[string](t, ctx, `location.pathname`)); path != "/quan-tri/" {
		t.Fatalf("after the move the page is %s (%s)", path, alertText(t, ctx))
	}
	var now string
	p.db.QueryRow(t.Context(), `SELECT totp_secret FROM users WHERE username = 'quantri'`).Scan(&now)
	if now == first {
		t.Error("the secret did not change")
	}
}
