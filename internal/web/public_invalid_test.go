package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/apperr"
)

// TestMarkInvalid: the rewriting of a rendered form keeps everything but
// the tags of the fields in error byte for byte.
func TestMarkInvalid(t *testing.T) {
	page := `<!DOCTYPE html><html><head><script>if (a < b && c) { x = "<input name=\"q\">"; }</script></head><body>
<form><input type="hidden" name="q" value="1"><p><label for="q">Q</label><input id="q" name="q" value="a &amp; b" aria-describedby="q-help"><span id="q-help">help</span></p>
<p><select id="k" name="k"><option value="1">Một</option></select></p>
<p><textarea id="t" name="t">&lt;b&gt;</textarea></p>
<p><input type="radio" name="r" value="1"><input type="radio" name="r" value="2"></p>
<p><input id="ok" name="ok"></p><button type="submit" name="q">Gửi</button></form></body></html>`
	got := string(markInvalid([]byte(page), map[string]string{"q": "Xin ghi Q <ngay>.", "k": "Chọn k.", "t": "T.", "r": "R.", "x": "none"}))
	for _, want := range []string{
		`<script>if (a < b && c) { x = "<input name=\"q\">"; }</script>`,
		`<input type="hidden" name="q" value="1">`,
		`<span class="field-error" id="fe-q">Xin ghi Q &lt;ngay&gt;.</span><input id="q" name="q" value="a &amp; b" aria-describedby="fe-q q-help" aria-invalid="true">`,
		`<span class="field-error" id="fe-k">Chọn k.</span><select id="k" name="k" aria-describedby="fe-k" aria-invalid="true"><option value="1">Một</option></select>`,
		`<span class="field-error" id="fe-t">T.</span><textarea id="t" name="t" aria-describedby="fe-t" aria-invalid="true">&lt;b&gt;</textarea>`,
		`<span class="field-error" id="fe-r">R.</span><input type="radio" name="r" value="1" aria-describedby="fe-r" aria-invalid="true"><input type="radio" name="r" value="2" aria-describedby="fe-r" aria-invalid="true">`,
		`<p><input id="ok" name="ok"></p><button type="submit" name="q">Gửi</button>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s\nin %s", want, got)
		}
	}
	if strings.Count(got, "field-error") != 4 {
		t.Errorf("%d messages, want 4 (none for a field the form lacks)", strings.Count(got, "field-error"))
	}
	if same := string(markInvalid([]byte(page), map[string]string{"nothing": "x"})); same != page {
		t.Errorf("a page without the fields changed:\n%s", same)
	}
}

// TestSetInvalid: a handler's failed form becomes the page's field
// messages, in both places render and the layouts read them.
func TestSetInvalid(t *testing.T) {
	p := &Page{Lang: "en"}
	e := apperr.Field("title", "Xin ghi tiêu đề.", "Give a title.")
	e.Fields["author"] = apperr.Msg{VI: "Xin ghi tác giả.", EN: "Give the author."}
	p.SetInvalid(e)
	if p.Invalid["title"] != "Give a title." || p.Invalid["author"] != "Give the author." {
		t.Errorf("Invalid = %v", p.Invalid)
	}
	if !slices.Equal(p.Errors, []string{"Give the author.", "Give a title."}) {
		t.Errorf("Errors = %q", p.Errors)
	}
	q := &Page{Lang: "vi"}
	q.SetInvalid(apperr.New(apperr.Conflict, "Đã có người sửa.", "Someone else saved it."))
	if q.Invalid != nil || !slices.Equal(q.Errors, []string{"Đã có người sửa."}) {
		t.Errorf("an error without fields: Invalid %v, Errors %q", q.Invalid, q.Errors)
	}
}
