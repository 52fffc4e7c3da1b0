package rating_test

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/congportal/cong/internal/rating"
)

// FuzzParseForm: whatever a form body holds, the parser answers without
// panicking, and what it accepts is a yes or no with a one-line comment
// of valid UTF-8 within the limit.
func FuzzParseForm(f *testing.F) {
	for _, seed := range []string{
		"tra-loi=co", "tra-loi=khong&y-kien=Thi%E1%BA%BFu+s%E1%BB%91+li%E1%BB%87u", "tra-loi=co&tra-loi=khong",
		"tra-loi=", "y-kien=abc", "tra-loi=CO", "tra-loi=co&y-kien=%00%ff%fe", "tra-loi=khong&y-kien=a%0D%0Ab%0Ac",
		"tra-loi=co&y-kien=" + strings.Repeat("%E1%BB%87", 501), "%zz=1&tra-loi=co", "tra-loi=co&y-kien=%E2%80%AE%E2%80%8B",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		useful, comment, err := rating.ParseForm(v)
		if err != nil {
			return
		}
		if a := v.Get(rating.AnswerField); (a == rating.AnswerYes) != useful || (a != rating.AnswerYes && a != rating.AnswerNo) {
			t.Errorf("answer %q read as useful=%v", a, useful)
		}
		if !utf8.ValidString(comment) || utf8.RuneCountInString(comment) > rating.MaxComment ||
			strings.ContainsAny(comment, "\r\n\t") || comment != strings.TrimSpace(comment) {
			t.Errorf("comment %q accepted", comment)
		}
	})
}
