package browsertest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pickerPNG writes a 900×600 image of its own colours to dir.
func pickerPNG(t *testing.T, dir, name string, tint uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 900, 600))
	for x := range 900 {
		for y := range 600 {
			img.Set(x, y, color.RGBA{uint8(x / 4), tint, uint8(y / 3), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestMediaPicker inserts images into an article with the editor's media
// picker as a person would: "Chèn ảnh" opens a dialog with the site's
// images; one is picked, refused without alt text, given one and
// inserted; another is uploaded from the dialog, its alt text prefilled;
// the item is saved and its body holds both images with their alt text.
func TestMediaPicker(t *testing.T) {
	if _, err := os.Stat("../web/static/vendor/editor.js"); err != nil {
		missing(t, "the editor bundle is not built (npm ci && npm run build): %v", err)
	}
	p := startPortal(t)
	ctx := Start(t)
	shots := screenshotDir(t)
	dir := t.TempDir()
	old := pickerPNG(t, dir, "cau-hoa-an.png", 40)
	fresh := pickerPNG(t, dir, "le-khanh-thanh.png", 200)
	login(t, ctx, p.URL, "bientap", p.password(t, "bientap"))

	// An image already in the library, uploaded without alt text.
	do(t, ctx,
		chromedp.Navigate(p.URL+"/quan-tri/s/dong-nai/tep"),
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{old}),
	)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`main form button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}

	do(t, ctx,
		chromedp.Navigate(p.URL+"/quan-tri/s/dong-nai/noi-dung/moi"),
		chromedp.WaitVisible(chromedp.CSS(".ProseMirror")),
		chromedp.SendKeys(chromedp.ID("title"), "Bài viết có ảnh từ thư viện"),
		chromedp.SendKeys(chromedp.ID("summary"), "Tóm tắt."),
		chromedp.SendKeys(chromedp.ID("source"), "Ban Biên tập"),
		chromedp.Click(chromedp.CSS(".ProseMirror")),
		chromedp.SendKeys(chromedp.CSS(".ProseMirror"), "Đoạn mở đầu."),
		chromedp.Click(chromedp.CSS(`.rte-bar button[title="Chèn ảnh"]`)),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-item")),
	)
	if got := eval[string](t, ctx, `document.activeElement.closest("dialog.picker") ? document.activeElement.textContent : ""`); got != "Chèn ảnh" {
		t.Errorf("the focus is on %q; want the dialog's heading", got)
	}
	if modal := eval[bool](t, ctx, `document.querySelector("dialog.picker").matches(":modal")`); !modal {
		t.Error("the picker is not a modal dialog")
	}
	if items := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("dialog.picker .picker-item span"), s => s.textContent)`); len(items) == 0 || items[0] != "cau-hoa-an.png" {
		t.Errorf("the picker lists %q; want the uploaded cau-hoa-an.png first", items)
	}
	// The demo has fewer uploads than a page: no "more" button, no message.
	if shown := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("dialog.picker button, dialog.picker .field-error"))
		.filter(e => e.offsetParent !== null && e.closest("[hidden]") === null && getComputedStyle(e).display !== "none")
		.map(e => e.textContent)`); len(shown) < 4 || shown[0] != "Đóng" || shown[1] != "cau-hoa-an.png" || shown[len(shown)-1] != "Tải lên" ||
		slices.Contains(shown, "Xem thêm ảnh") {
		t.Errorf("the dialog shows %q; want the close button, the images (cau-hoa-an.png first) and the upload button", shown)
	}
	Axe(t, ctx, "") // the open dialog
	for _, width := range []int64{1280, 320} {
		do(t, ctx, chromedp.EmulateViewport(width, 800), chromedp.Sleep(150*time.Millisecond))
		if wide := eval[bool](t, ctx, `(() => { const d = document.querySelector("dialog.picker");
			return d.scrollWidth > d.clientWidth || d.getBoundingClientRect().right > innerWidth; })()`); wide {
			t.Errorf("the dialog is wider than the %d px screen", width)
		}
		shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("dialog.picker")))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(shots, fmt.Sprintf("picker-%d.png", width))
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))

	// Escape closes the dialog and gives the focus back to "Chèn ảnh".
	do(t, ctx, chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS("dialog.picker")))
	if title := eval[string](t, ctx, `document.activeElement.title`); title != "Chèn ảnh" {
		t.Errorf("after Escape the focus is on %q; want the Chèn ảnh button", title)
	}

	// Pick the library's image: its alt text is required.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.rte-bar button[title="Chèn ảnh"]`)),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-item")),
		chromedp.Click(chromedp.CSS("dialog.picker .picker-item")),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-alt input")),
		chromedp.Click(chromedp.CSS(`dialog.picker .picker-alt button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-alt .field-error")),
	)
	if invalid := eval[string](t, ctx, `document.activeElement.getAttribute("aria-invalid") || ""`); invalid != "true" {
		t.Error("an empty alt text did not put the focus on the field marked invalid")
	}
	Axe(t, ctx, "") // the alt step with its message
	do(t, ctx, chromedp.EmulateViewport(320, 800), chromedp.Sleep(150*time.Millisecond))
	if shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("dialog.picker"))); err == nil {
		os.WriteFile(filepath.Join(shots, "picker-alt-320.png"), shot, 0o644)
	}
	do(t, ctx, chromedp.EmulateViewport(1280, 900))
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("dialog.picker .picker-alt input"), "Cầu Hóa An bắc qua sông Đồng Nai"),
		chromedp.Click(chromedp.CSS(`dialog.picker .picker-alt button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS("dialog.picker")),
	)

	// Upload a new image from the dialog, with its alt text.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`.rte-bar button[title="Chèn ảnh"]`)),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-item")),
		chromedp.SetUploadFiles(chromedp.CSS(`dialog.picker input[type="file"]`), []string{fresh}),
		chromedp.SendKeys(chromedp.CSS(`dialog.picker .picker-upload input[name="alt"]`), "Lễ khánh thành công trình"),
		chromedp.Click(chromedp.CSS(`dialog.picker .picker-upload button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker .picker-alt input")),
	)
	if alt := eval[string](t, ctx, `document.querySelector("dialog.picker .picker-alt input").value`); alt != "Lễ khánh thành công trình" {
		t.Errorf("the uploaded image's alt text is prefilled as %q", alt)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`dialog.picker .picker-alt button[type="submit"]`)),
		chromedp.WaitNotPresent(chromedp.CSS("dialog.picker")),
	)

	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.wide button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	saved := eval[string](t, ctx, `document.querySelector(".preview").innerHTML`)
	imgs := eval[[]map[string]string](t, ctx, `Array.from(document.querySelectorAll(".preview img"), i => ({src: i.getAttribute("src"), alt: i.getAttribute("alt")}))`)
	if len(imgs) != 2 || imgs[0]["alt"] != "Cầu Hóa An bắc qua sông Đồng Nai" || imgs[1]["alt"] != "Lễ khánh thành công trình" {
		t.Fatalf("the saved body's images are %v; body %s", imgs, saved)
	}
	for _, im := range imgs {
		if !strings.HasPrefix(im["src"], "/media/") {
			t.Errorf("image src %q is not in the media library", im["src"])
			continue
		}
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`fetch(`+jsString(im["src"])+`).then(r => r.ok)`, chromedp.EvalAwaitPromise))
		if err != nil || !ok {
			t.Errorf("%s is not served (%v)", im["src"], err)
		}
	}
}
