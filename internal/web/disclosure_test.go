package web_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestDisclosureCatalogueOverHTTP (issue 20, point 2): the board enters
// the focal point and an entry published elsewhere; the public catalogue
// shows them with the lines generated from the published legal documents;
// its XLSX and CSV hold the same; editors and collaborators are refused
// (and the refusal logged); bad input is a message with what was typed;
// a removed entry leaves the cached public page at once.
func TestDisclosureCatalogueOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("disc.head", account.BoardHead, "dong-nai")
		h.person("disc.editor", account.Editor, "dong-nai")
		head, editor, anon := h.browser(), h.browser(), h.browser()
		head.signIn("disc.head")
		editor.signIn("disc.editor")
		admin := "/quan-tri/s/dong-nai/tiep-can-thong-tin"

		// A published legal document of the demo, with its number.
		var number, title string
		if err := db.QueryRow(ctx, `SELECT l.number, r.title FROM items i JOIN legal_docs l ON l.item_id = i.id JOIN revisions r ON r.id = i.published_rev
			WHERE i.site_id = ? AND i.live AND i.lang = 'vi' AND l.number <> '' ORDER BY i.published_at DESC, i.id DESC LIMIT 1`, h.main.ID).Scan(&number, &title); err != nil {
			t.Fatalf("a published legal document: %v", err)
		}

		// The role matrix.
		denied := h.auditCount("denied")
		for _, path := range []string{admin} {
			if p := editor.get(path); p.status != 403 {
				t.Errorf("the editor opens %s: %d", path, p.status)
			}
		}
		for _, path := range []string{admin + "/dau-moi", admin + "/muc", admin + "/muc/1/bo"} {
			if p := editor.post(path, url.Values{"unit": {"X"}, "phone": {"1"}, "name": {"X"}, "form": {"Y"}, "published_on": {"01/05/2026"}}); p.status != 403 {
				t.Errorf("the editor posts %s: %d", path, p.status)
			}
		}
		if n := h.auditCount("denied"); n != denied+4 {
			t.Errorf("%d refusals logged; want 4", n-denied)
		}
		if p := head.get(admin); p.status != 200 || !strings.Contains(p.body, "Đầu mối cung cấp thông tin") {
			t.Fatalf("the board head's page: %d", p.status)
		}

		// Bad input: the message, and what was typed kept.
		p := head.post(admin+"/dau-moi", url.Values{"unit": {"Văn phòng UBND tỉnh"}, "email": {"tiepcan@"}})
		if p.status != 422 || !strings.Contains(p.body, "Địa chỉ thư điện tử không đúng.") || !strings.Contains(p.body, `value="Văn phòng UBND tỉnh"`) {
			t.Errorf("a bad email: %d\n%.3000s", p.status, p.body)
		}
		p = head.post(admin+"/muc", url.Values{"name": {"Thông báo tuyển dụng"}, "form": {"Niêm yết"}, "published_on": {"31/02/2026"}})
		if p.status != 422 || !strings.Contains(p.body, "Hãy ghi ngày công khai") || !strings.Contains(p.body, `value="Thông báo tuyển dụng"`) {
			t.Errorf("a bad day: %d\n%.3000s", p.status, p.body)
		}
		if !regexp.MustCompile(`<input[^>]*name="published_on"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="published_on"`).MatchString(p.body) {
			t.Errorf("the bad day's field is not marked invalid")
		}

		// The focal point and an entry (the demo made its own before).
		contacts, created := h.auditCount("disclosure.contact"), h.auditCount("disclosure.entry.create")
		if p := head.post(admin+"/dau-moi", url.Values{"unit": {"Văn phòng UBND tỉnh"}, "person": {"Nguyễn Thị Đầu Mối"}, "position": {"Chuyên viên"},
			"phone": {"0251 3822 999"}, "email": {"tiepcanthongtin@example.gov.vn"}}); p.status != 303 {
			t.Fatalf("save the focal point: %d\n%.2000s", p.status, p.body)
		}
		entry := url.Values{"name": {"Thông báo tuyển dụng công chức năm 2026"}, "number": {"45/TB-UBND"}, "created_on": {"28/04/2026"},
			"form": {"Niêm yết tại trụ sở Ủy ban nhân dân tỉnh"}, "published_on": {"01/05/2026"}, "duration": {"30 ngày"}}
		if p := head.post(admin+"/muc", entry); p.status != 303 {
			t.Fatalf("save an entry: %d\n%.2000s", p.status, p.body)
		}
		if h.auditCount("disclosure.contact") != contacts+1 || h.auditCount("disclosure.entry.create") != created+1 {
			t.Errorf("audit: %d focal points, %d entries", h.auditCount("disclosure.contact")-contacts, h.auditCount("disclosure.entry.create")-created)
		}

		// The public catalogue.
		p = anon.get("/tiep-can-thong-tin")
		if p.status != 200 {
			t.Fatalf("the catalogue: %d", p.status)
		}
		for _, want := range []string{"Danh mục thông tin phải được công khai", "Nguyễn Thị Đầu Mối", "0251 3822 999", title, number,
			"Thông báo tuyển dụng công chức năm 2026", "45/TB-UBND", "ngày 28 tháng 4 năm 2026", "ngày 1 tháng 5 năm 2026", "30 ngày",
			"Niêm yết tại trụ sở Ủy ban nhân dân tỉnh", "Đăng trên Cổng thông tin điện tử"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the catalogue lacks %q", want)
			}
		}
		if p := anon.get("/tiep-can-thong-tin?nam=2026"); p.status != 200 || !strings.Contains(p.body, "Thông báo tuyển dụng công chức năm 2026") {
			t.Errorf("2026: %d", p.status)
		}
		if p := anon.get("/tiep-can-thong-tin?nam=2019"); p.status != 200 || strings.Contains(p.body, "Thông báo tuyển dụng công chức năm 2026") {
			t.Errorf("2019 shows 2026's entry: %d", p.status)
		}
		// A year that is not a number is dropped by the page cache's
		// reading of the address (cache.go), as on /van-ban: every year.
		if p := anon.get("/tiep-can-thong-tin?nam=abc"); p.status != 200 || !strings.Contains(p.body, "Thông báo tuyển dụng công chức năm 2026") {
			t.Errorf("a year that is not a number: %d", p.status)
		}

		// The downloads.
		dir := t.TempDir()
		x := anon.get("/tiep-can-thong-tin/danh-muc.xlsx")
		if x.status != 200 || !strings.Contains(x.header.Get("Content-Disposition"), "danh-muc-thong-tin-cong-khai-dong-nai.xlsx") {
			t.Fatalf("the XLSX: %d %q", x.status, x.header.Get("Content-Disposition"))
		}
		os.WriteFile(filepath.Join(dir, "d.xlsx"), []byte(x.body), 0o644)
		f, err := excelize.OpenFile(filepath.Join(dir, "d.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := f.GetRows(f.GetSheetList()[0])
		f.Close()
		flat := flatten(rows)
		for _, want := range []string{"DANH MỤC THÔNG TIN PHẢI ĐƯỢC CÔNG KHAI", "Tên thông tin", title, number, "Thông báo tuyển dụng công chức năm 2026", "Nguyễn Thị Đầu Mối"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the XLSX lacks %q", want)
			}
		}
		c := anon.get("/tiep-can-thong-tin/danh-muc.csv?nam=2026")
		if c.status != 200 || !strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(c.body, "Tên thông tin,Số, ký hiệu") && !strings.Contains(c.body, `Tên thông tin,"Số, ký hiệu"`) ||
			!strings.Contains(c.body, "Thông báo tuyển dụng công chức năm 2026,45/TB-UBND") {
			t.Errorf("the CSV: %d %q\n%.1000s", c.status, c.header.Get("Content-Type"), c.body)
		}

		// Removing the entry leaves the public page (cached above) at once.
		var id string
		if err := db.QueryRow(ctx, `SELECT CAST(id AS TEXT) FROM disclosure_entries WHERE number = '45/TB-UBND'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if p := head.post(admin+"/muc/"+id+"/bo", nil); p.status != 303 {
			t.Fatalf("remove: %d", p.status)
		}
		if p := anon.get("/tiep-can-thong-tin"); strings.Contains(p.body, "Thông báo tuyển dụng công chức năm 2026") {
			t.Errorf("the removed entry is still on the public page")
		}
		if p := head.post(admin+"/muc/"+id+"/bo", nil); p.status != 404 {
			t.Errorf("remove twice: %d", p.status)
		}
	})
}
