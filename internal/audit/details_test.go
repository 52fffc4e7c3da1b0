package audit_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/audit"
)

// The ways the code names what a "denied" entry refused: a right of the
// role matrix, a code given to deny or to the helpers that call it.
var (
	rightRE   = regexp.MustCompile(`\s\w+\s+Action = "([a-z.]+)"`)
	refusedRE = regexp.MustCompile(`(?:\.deny\(r, [^\n]*|\.legalItem\(r, |\.directorySite\(r, )"([a-z]+\.[a-z.]+)"\)`)
)

// TestEveryRefusalIsNamed: every right of the matrix and every page or
// step a handler refuses by name has words in both languages, so the
// audit log's "denied" entries say what was refused (issue 13, item 10).
func TestEveryRefusalIsNamed(t *testing.T) {
	found := map[string]string{}
	matrix, err := os.ReadFile("../account/matrix.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rightRE.FindAllStringSubmatch(string(matrix), -1) {
		found[m[1]] = "internal/account/matrix.go"
	}
	files, err := filepath.Glob("../web/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range refusedRE.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = path
		}
	}
	if len(found) < 40 {
		t.Fatalf("found only %d refusal codes: the patterns no longer match the source", len(found))
	}
	for code, path := range found {
		for _, lang := range []string{"vi", "en"} {
			if name, ok := audit.Refusal(code, lang); !ok || name == code {
				t.Errorf("%s refuses %q, which has no name in %s", path, code, lang)
			}
		}
	}
	// A workflow step refused is named as its action.
	if got := audit.Detail("denied", "approve", "vi"); got != audit.Label("item.approve", "vi") {
		t.Errorf("a refused approval reads %q", got)
	}
}

// TestDetailsInWords: the details the portal writes as codes read in
// words, in both languages; free text is left as it is.
func TestDetailsInWords(t *testing.T) {
	for _, c := range []struct{ action, detail, lang, want string }{
		{"denied", "user.manage", "vi", "Quản lý người dùng"},
		{"denied", "user.manage", "en", "Manage users"},
		{"denied", "role.grant", "vi", "Giao vai trò"},
		{"denied", "calendar.save", "en", "Change the holiday calendar"},
		{"feedback.denied", "assign", "vi", "Phản ánh: giao đơn vị xử lý"},
		{"login.fail", "wrong password 2/5", "vi", "sai mật khẩu, 2/5 lần"},
		{"totp.fail", "wrong code 5/5, locked", "vi", "sai mã xác thực, 5/5 lần, đã tạm khóa"},
		{"totp.fail", "wrong code 5/5, locked", "en", "wrong code, 5/5 times, locked"},
		{"login.locked", "unknown user", "vi", "tên đăng nhập không có"},
		{"totp.recovery", "left 9", "vi", "còn 9 mã dự phòng chưa dùng"},
		{"totp.recovery", "left 9", "en", "9 recovery codes left"},
		{"totp.forget-key", "3 second factors removed", "vi", "đã xóa xác thực hai bước của 3 tài khoản"},
		{"item.create", "Tin về user.manage", "vi", "Tin về user.manage"},
		{"denied", "something.new", "vi", "something.new"},
	} {
		if got := audit.Detail(c.action, c.detail, c.lang); got != c.want {
			t.Errorf("Detail(%s, %q, %s) = %q; want %q", c.action, c.detail, c.lang, got, c.want)
		}
	}
}
