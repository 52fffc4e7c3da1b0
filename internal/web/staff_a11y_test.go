package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store/storetest"
)

// fieldTag finds the start tag of the form control named name.
func fieldTag(body, tag, name string) string {
	return regexp.MustCompile(`<` + tag + `\b[^>]*\bname="` + name + `"[^>]*>`).FindString(body)
}

// TestStaffFormsMarkFieldsInError: a staff form sent back with a field
// error marks that field (aria-invalid, described by its message) for
// people using a screen reader, not only the list above the form — the
// new-item form and the site form.
func TestStaffFormsMarkFieldsInError(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("btv")
	p := b.post("/quan-tri/s/dong-nai/noi-dung", article("", "<p>Nội dung.</p>"))
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("an item without a title = %d; want 422", p.status)
	}
	title := fieldTag(p.body, "input", "title")
	if !strings.Contains(title, `aria-invalid="true"`) || !strings.Contains(title, `aria-describedby="fe-title`) {
		t.Errorf("the title field is not marked: %s", title)
	}
	if !strings.Contains(p.body, `<span class="field-error" id="fe-title">Hãy nhập tiêu đề.</span>`) {
		t.Errorf("the title's message is not next to it")
	}
	if body := fieldTag(p.body, "textarea", "body"); strings.Contains(body, "aria-invalid") {
		t.Errorf("a field without error is marked: %s", body)
	}

	h.person("qtri", account.Admin, "dong-nai")
	admin := h.browser()
	admin.signIn("qtri")
	p = admin.post("/quan-tri/trang/so-khcn", url.Values{"name": {""}, "kind": {"department"}, "path_prefix": {"/so-khcn"}, "workflow": {"full"}, "post_check_hours": {"24"}})
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("a site without a name = %d; want 422", p.status)
	}
	if name := fieldTag(p.body, "input", "name"); !strings.Contains(name, `aria-invalid="true"`) || !strings.Contains(name, `aria-describedby="fe-name`) {
		t.Errorf("the site's name field is not marked: %s", name)
	}
}

// TestItemPreviewIsReachableByKeyboard: the scrollable preview of an
// item's body takes focus, so a keyboard user can scroll it (axe's
// scrollable-region-focusable), and is a region named in the staff
// member's language.
func TestItemPreviewIsReachableByKeyboard(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("btv")
	path := b.newItem(article("Bài xem trước", "<p>"+strings.Repeat("Đoạn văn dài. ", 400)+"</p>"))
	for _, c := range []struct{ lang, label string }{
		{"vi", "Xem trước nội dung bài, cuộn được"},
		{"en", "Preview of the body, scrollable"},
	} {
		if c.lang == "en" {
			b.get("/ngon-ngu?lang=en")
		}
		p := b.get(path)
		box := regexp.MustCompile(`<div class="preview[^"]*"[^>]*>`).FindString(p.body)
		for _, want := range []string{`tabindex="0"`, `role="region"`, `aria-label="` + c.label + `"`} {
			if !strings.Contains(box, want) {
				t.Errorf("%s: the preview box %q lacks %s", c.lang, box, want)
			}
		}
	}
}

// TestEveryStaffFormMarksFieldsInError: the forms whose render functions
// build their own page — an existing item's, the categories' — mark the
// field in error too (withInvalid), in both languages.
func TestEveryStaffFormMarksFieldsInError(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv.sua", account.Editor, "dong-nai")
	h.person("tb.cm", account.BoardHead, "dong-nai")
	b := h.browser()
	b.signIn("btv.sua")
	path := b.newItem(article("Bài để sửa", "<p>Nội dung.</p>"))
	form := article("", "<p>Nội dung.</p>")
	form.Set("version", versionRE.FindStringSubmatch(b.get(path).body)[1])
	p := b.post(path, form)
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("saving an item without a title = %d; want 422", p.status)
	}
	if title := fieldTag(p.body, "input", "title"); !strings.Contains(title, `aria-invalid="true"`) || !strings.Contains(title, `aria-describedby="fe-title`) {
		t.Errorf("an existing item's title field is not marked: %s", title)
	}
	tb := h.browser()
	tb.signIn("tb.cm")
	p = tb.post("/quan-tri/s/dong-nai/chuyen-muc", url.Values{"name": {""}, "position": {"3"}})
	if p.status != http.StatusUnprocessableEntity {
		t.Fatalf("a category without a name = %d; want 422", p.status)
	}
	if name := fieldTag(p.body, "input", "name"); !strings.Contains(name, `aria-invalid="true"`) {
		t.Errorf("the category's name field is not marked: %s", name)
	}
}
