package browsertest

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestRichTextEditor uses the staff editor as a person would: typing,
// bold, a paste from Word, then saving. The textarea underneath receives
// the HTML and the server keeps only clean markup.
func TestRichTextEditor(t *testing.T) {
	if _, err := os.Stat("../web/static/vendor/editor.js"); err != nil {
		missing(t, "the editor bundle is not built (npm ci && npm run build): %v", err)
	}
	p := startPortal(t)
	ctx := Start(t)
	login(t, ctx, p.URL, "bientap", p.password(t, "bientap"))
	do(t, ctx,
		chromedp.Navigate(p.URL+"/quan-tri/s/dong-nai/noi-dung/moi"),
		chromedp.WaitVisible(chromedp.CSS(".ProseMirror")),
	)
	if hidden := eval[bool](t, ctx, `document.getElementById("body").hidden`); !hidden {
		t.Fatal("the editor did not replace the HTML textarea")
	}
	Axe(t, ctx, "") // the form with the editor's toolbar
	do(t, ctx,
		chromedp.SendKeys(chromedp.ID("title"), "Bài viết bằng trình soạn thảo"),
		chromedp.SendKeys(chromedp.ID("summary"), "Tóm tắt."),
		chromedp.SendKeys(chromedp.ID("source"), "Ban Biên tập"),
		chromedp.Click(chromedp.CSS(".ProseMirror")),
		chromedp.SendKeys(chromedp.CSS(".ProseMirror"), "Đoạn văn đầu tiên. "),
		chromedp.Click(chromedp.CSS(`.rte-bar button[title="Đậm"]`)),
		chromedp.SendKeys(chromedp.CSS(".ProseMirror"), "Chữ đậm"),
	)
	// A paste from Word: MsoNormal classes, mso- styles, <o:p>.
	eval[bool](t, ctx, `(() => {
		const dt = new DataTransfer();
		dt.setData("text/html", '<p class=MsoNormal style="mso-margin-top-alt:auto"><span style="font-family:Times New Roman">Văn bản dán từ Word<o:p></o:p></span></p>');
		dt.setData("text/plain", "Văn bản dán từ Word");
		document.querySelector(".ProseMirror").dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return true;
	})()`)
	time.Sleep(200 * time.Millisecond)
	html := eval[string](t, ctx, `document.getElementById("body").value`)
	if !strings.Contains(html, "<strong>Chữ đậm</strong>") || !strings.Contains(html, "Văn bản dán từ Word") {
		t.Fatalf("the textarea holds %q", html)
	}
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form.wide button[type="submit"]`))); err != nil {
		t.Fatal(err)
	}
	preview := eval[string](t, ctx, `document.querySelector(".preview").innerHTML`)
	if !strings.Contains(preview, "<strong>Chữ đậm</strong>") || !strings.Contains(preview, "Văn bản dán từ Word") {
		t.Errorf("the saved body is %q", preview)
	}
	for _, junk := range []string{"MsoNormal", "mso-", "o:p", "font-family"} {
		if strings.Contains(preview, junk) {
			t.Errorf("the saved body keeps Word's %q: %s", junk, preview)
		}
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		os.WriteFile(screenshotDir(t)+"/editor-saved.png", shot, 0o644)
	}
}
