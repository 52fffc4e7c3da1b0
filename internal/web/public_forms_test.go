package web_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
)

// control finds the opening tag of the form control named name.
func control(body, tag, name string) string {
	return regexp.MustCompile(`<` + tag + `\b[^>]*\bname="` + regexp.QuoteMeta(name) + `"[^>]*>`).FindString(body)
}

// TestPublicFormMarksInvalidFields: a form sent back with errors marks
// each field in error aria-invalid="true" and ties it, by
// aria-describedby, to its own message (which keeps any help text the
// field had); the fields without errors are left alone. This is done
// when any page is rendered, so every form gets it.
func TestPublicFormMarksInvalidFields(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	for _, c := range []struct{ path, nameMsg, titleMsg string }{
		{"/phan-anh-kien-nghi", "Xin ghi họ và tên.", "Xin ghi tiêu đề."},
		{"/en/phan-anh-kien-nghi", "Give your full name.", "Give a title."},
	} {
		b := h.browser()
		p := b.postMultipart(c.path, map[string]string{"name": "", "address": "Số 1 đường Võ Thị Sáu",
			"phone": "12", "category": "", "title": "", "body": "Nội dung", "altcha": b.solveCaptcha()}, nil)
		if p.status != 422 {
			t.Fatalf("%s: status %d, want 422", c.path, p.status)
		}
		for _, f := range []struct{ tag, name, msg, more string }{
			{"input", "name", c.nameMsg, ""},
			{"input", "title", c.titleMsg, ""},
			{"input", "phone", "", " fb-contact-help"}, // its help text stays
			{"select", "category", "", ""},
		} {
			tag := control(p.body, f.tag, f.name)
			if !strings.Contains(tag, `aria-invalid="true"`) || !strings.Contains(tag, `aria-describedby="fe-`+f.name+f.more+`"`) {
				t.Errorf("%s: the %s field is not marked: %s", c.path, f.name, tag)
			}
			msg := regexp.MustCompile(`<span class="field-error" id="fe-` + f.name + `">([^<]+)</span>`).FindStringSubmatch(p.body)
			if msg == nil {
				t.Errorf("%s: no message for %s", c.path, f.name)
			} else if f.msg != "" && msg[1] != f.msg {
				t.Errorf("%s: the message of %s is %q, want %q", c.path, f.name, msg[1], f.msg)
			}
		}
		for _, ok := range [][2]string{{"input", "address"}, {"textarea", "body"}, {"input", "email"}, {"input", "idempotency_key"}} {
			if tag := control(p.body, ok[0], ok[1]); tag == "" || strings.Contains(tag, "aria-invalid") {
				t.Errorf("%s: the %s field is marked though it has no error: %q", c.path, ok[1], tag)
			}
		}
		if strings.Count(p.body, `class="field-error"`) != 4 {
			t.Errorf("%s: %d field messages, want 4", c.path, strings.Count(p.body, `class="field-error"`))
		}
		// The same form, fetched afresh, marks nothing.
		if p := b.get(c.path); strings.Contains(p.body, "aria-invalid") || strings.Contains(p.body, "field-error") {
			t.Errorf("%s: a fresh form has fields marked invalid", c.path)
		}
	}
}
