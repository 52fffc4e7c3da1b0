package browsertest

import (
	"testing"
)

// TestStaffPagesAccessible runs axe on the pages of the board head and the
// administrator, signed in through the real forms with TOTP enrolment:
// the work queue, an item, categories, media, required sections, users,
// sites, rule sets, the holiday calendar and the audit log.
func TestStaffPagesAccessible(t *testing.T) {
	p := startStaffPortal(t)
	bctx := Start(t)
	head := p.signIn(t, bctx, "truongban")
	for _, path := range []string{"/quan-tri/", "/quan-tri/s/dong-nai/", "/quan-tri/s/dong-nai/noi-dung",
		"/quan-tri/s/dong-nai/noi-dung/moi", "/quan-tri/s/dong-nai/chuyen-muc", "/quan-tri/s/dong-nai/tep",
		"/quan-tri/s/dong-nai/chuyen-muc-bat-buoc", "/quan-tri/s/dong-nai/to-chuc", "/quan-tri/tai-khoan",
		// The department's queue and directory carry the spokesperson
		// alert (an appointment waiting to be posted) and the edit form.
		"/quan-tri/s/so-khcn/", "/quan-tri/s/so-khcn/to-chuc"} {
		t.Run("head"+path, func(t *testing.T) {
			if st := openPage(t, head, p.URL+path); st != 200 {
				t.Fatalf("%s = %d", path, st)
			}
			Axe(t, head, "")
			if name, ok := map[string]string{"/quan-tri/s/dong-nai/chuyen-muc-bat-buoc": "sections",
				"/quan-tri/s/so-khcn/to-chuc": "directory-alert"}[path]; ok {
				shoot(t, head, p.URL+path, screenshotDir(t)+"/"+name+".png")
			}
		})
	}
	admin := p.signIn(t, bctx, "quantri")
	for _, path := range []string{"/quan-tri/nguoi-dung", "/quan-tri/trang", "/quan-tri/trang/so-khcn",
		"/quan-tri/quy-dinh", "/quan-tri/lich-nghi", "/quan-tri/nhat-ky"} {
		t.Run("admin"+path, func(t *testing.T) {
			if st := openPage(t, admin, p.URL+path); st != 200 {
				t.Fatalf("%s = %d", path, st)
			}
			Axe(t, admin, "")
			if path == "/quan-tri/lich-nghi" {
				shoot(t, admin, p.URL+path, screenshotDir(t)+"/calendar.png")
			}
		})
	}
}
