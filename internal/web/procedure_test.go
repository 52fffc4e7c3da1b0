package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestProcedureRoleMatrix: only those who publish on the site (the board
// head and deputy) keep its catalogue; every other role is refused on
// every staff action, the refusal logged; a stranger is sent to sign in.
func TestProcedureRoleMatrix(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		admin := "/quan-tri/s/dong-nai/dich-vu-cong"
		gets := []string{admin, admin + "/moi", admin + "/1.009101"}
		csv := "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do\n1.000777,Thủ tục ma trận,Hộ tịch,xa,UBND,toàn trình\n"
		posts := []func(b *browser) page{
			func(b *browser) page {
				return b.post(admin+"/luu", url.Values{"ma_thu_tuc": {"1.000778"}, "ten_thu_tuc": {"Thủ tục ma trận hai"}, "linh_vuc": {"Hộ tịch"},
					"cap_thuc_hien": {"xa"}, "co_quan_thuc_hien": {"UBND"}, "muc_do": {"toan-trinh"}})
			},
			func(b *browser) page { return b.post(admin+"/1.009104/bo", nil) },
			func(b *browser) page { return b.postFile(admin+"/tep", nil, "file", "a.csv", []byte(csv)) },
			func(b *browser) page {
				return b.postFile(admin+"/so-lieu/tep", nil, "file", "s.csv", []byte("ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.009101,2026,1,1,1,1\n"))
			},
		}
		for _, c := range []struct {
			name string
			role account.Role
			site string
			may  bool
		}{
			{"pm.admin", account.Admin, "dong-nai", false}, {"pm.editor", account.Editor, "dong-nai", false},
			{"pm.ctv", account.Collaborator, "dong-nai", false}, {"pm.member", account.BoardMember, "dong-nai", false},
			{"pm.lead", account.TeamLead, "dong-nai", false}, {"pm.liaison", account.Liaison, "dong-nai", false},
			{"pm.overseer", account.Overseer, "dong-nai", false}, {"pm.other", account.BoardHead, "so-khcn", false},
			{"pm.deputy", account.BoardDeputy, "dong-nai", true}, {"pm.head", account.BoardHead, "dong-nai", true},
		} {
			h.person(c.name, c.role, c.site)
			b := h.browser()
			b.signIn(c.name)
			if ws := b.get("/quan-tri/s/dong-nai/"); c.site == "dong-nai" && ws.status == 200 &&
				strings.Contains(ws.body, `href="/quan-tri/s/dong-nai/dich-vu-cong"`) != c.may {
				t.Errorf("%s (%s): the workspace's link to the catalogue shown: %v", c.name, c.role, !c.may)
			}
			denied := h.auditCount("denied")
			for _, path := range gets {
				if p := b.get(path); (p.status == 200) != c.may || (!c.may && p.status != 403) {
					t.Errorf("%s (%s) opens %s: %d", c.name, c.role, path, p.status)
				}
			}
			for i, post := range posts {
				p := post(b)
				if c.may && p.status != 303 || !c.may && p.status != 403 {
					t.Errorf("%s (%s), action %d: %d\n%.1500s", c.name, c.role, i, p.status, p.body)
				}
			}
			if want := len(gets) + len(posts); !c.may && h.auditCount("denied") != denied+want {
				t.Errorf("%s: %d refusals logged; want %d", c.name, h.auditCount("denied")-denied, want)
			}
			if c.may { // put back what the allowed person removed, take out what they added
				db.Exec(context.Background(), `UPDATE procedures SET removed_at = NULL WHERE code = '1.009104'`)
				db.Exec(context.Background(), `UPDATE procedures SET removed_at = CURRENT_TIMESTAMP WHERE code = '1.000778'`)
			}
		}
		if p := h.browser().get(admin); p.status != 303 && p.status != 302 {
			t.Errorf("a stranger on the staff page: %d", p.status)
		}
	})
}

// TestProcedureCatalogueOverHTTP: the public catalogue with its facets
// and counts, the search without diacritics, a procedure's page with
// every field, the dossier, the year's figures, the deep link, JSON-LD
// and Dublin Core; English labels in English; addresses that are not a
// procedure are 404, odd filters are ignored, never a 500.
func TestProcedureCatalogueOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		anon := h.browser()
		p := anon.get("/dich-vu-cong")
		if p.status != 200 {
			t.Fatalf("the catalogue: %d", p.status)
		}
		for _, want := range []string{"Lĩnh vực", "Hộ tịch</a> <span class=\"muted\">(4)</span>", "Đất đai</a> <span class=\"muted\">(2)</span>",
			"Cơ quan thực hiện", "Sở Công Thương</a> <span class=\"muted\">(2)</span>", "Cấp xã</a> <span class=\"muted\">(4)</span>",
			"Toàn trình</a> <span class=\"muted\">(6)</span>", "Một phần</a> <span class=\"muted\">(4)</span>", "10 thủ tục", `href="/dich-vu-cong/1.009101"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the catalogue lacks %q", want)
			}
		}
		p = anon.get("/dich-vu-cong?linh-vuc=" + url.QueryEscape("Hộ tịch"))
		if p.status != 200 || !strings.Contains(p.body, "4 / 10 thủ tục") || strings.Contains(p.body, "1.009201") || !strings.Contains(p.body, `aria-current="true"`) {
			t.Errorf("by field: %d", p.status)
		}
		// Within the field, the other facets count what choosing them gives.
		if !strings.Contains(p.body, "Một phần</a> <span class=\"muted\">(1)</span>") {
			t.Errorf("the service levels within Hộ tịch are not counted")
		}
		p = anon.get("/dich-vu-cong?q=khai+sinh")
		if !strings.Contains(p.body, "1 / 10 thủ tục") || !strings.Contains(p.body, "Đăng ký khai sinh") {
			t.Errorf("words without diacritics: %.2000s", p.body)
		}
		if p := anon.get("/dich-vu-cong?cap=tinh&muc-do=mot-phan"); !strings.Contains(p.body, "3 / 10 thủ tục") {
			t.Errorf("province, partly online: not 3")
		}
		for _, path := range []string{"/dich-vu-cong?cap=zzz&muc-do=%25%25&trang=-3", "/dich-vu-cong?q=" + strings.Repeat("x", 3000), "/dich-vu-cong?trang=999"} {
			if p := anon.get(path); p.status != 200 {
				t.Errorf("%s: %d", path, p.status)
			}
		}
		for _, path := range []string{"/dich-vu-cong/1.999999", "/dich-vu-cong/abc", "/dich-vu-cong/1.009101%27", "/so-khcn/dich-vu-cong/1.009101"} {
			if p := anon.get(path); p.status != 404 {
				t.Errorf("%s: %d; want 404", path, p.status)
			}
		}

		// A procedure's page.
		p = anon.get("/dich-vu-cong/1.009102")
		if p.status != 200 {
			t.Fatalf("a procedure: %d", p.status)
		}
		for _, want := range []string{"<h1 id=\"tieu-de\">Đăng ký kết hôn</h1>", "1.009102", "Cấp xã", "Ủy ban nhân dân cấp xã", "Một phần",
			"Lý do chỉ trực tuyến một phần", "yêu cầu có mặt trực tiếp", "Điều 14 Nghị định số 224/2026/NĐ-CP", "Trình tự thực hiện", "Cách thức thực hiện",
			"Thành phần hồ sơ", "<th scope=\"row\">Tờ khai đăng ký kết hôn theo mẫu</th><td>1</td><td>0</td>", "Thời hạn giải quyết", "Đối tượng thực hiện",
			"Kết quả thực hiện", "Giấy chứng nhận kết hôn", "Phí, lệ phí", "Mẫu đơn, tờ khai", `href="https://example.gov.vn/mau/to-khai-ket-hon.docx"`,
			"Căn cứ pháp lý của thủ tục", "Luật Hộ tịch năm 2014", "Quyết định công bố", "Tình hình giải quyết hồ sơ năm", "Tiếp nhận trực tuyến",
			"Giải quyết đúng hạn", `class="button" href="https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.009102"`,
			`<meta name="DC.identifier" content="1.009102">`, `<meta name="DC.title" content="Đăng ký kết hôn">`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the procedure page lacks %q", want)
			}
		}
		m := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(p.body)
		var ld map[string]any
		if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil || ld["@type"] != "GovernmentService" || ld["identifier"] != "1.009102" ||
			ld["availableChannel"].(map[string]any)["serviceUrl"] == "" || ld["provider"].(map[string]any)["name"] != "Ủy ban nhân dân cấp xã" {
			t.Errorf("JSON-LD: %v", m)
		}
		if !regexp.MustCompile(`Tiếp nhận trực tuyến</dt><dd>\d+ \(\d+,\d %\)`).MatchString(p.body) {
			t.Errorf("the year's figures are not shown with their share")
		}
		if p := anon.get("/dich-vu-cong/1.009102?nam=1999"); p.status != 200 || !strings.Contains(p.body, "Chưa có số liệu") && !strings.Contains(p.body, "Tình hình giải quyết hồ sơ năm") {
			t.Errorf("an odd year: %d", p.status)
		}

		// English labels.
		p = anon.get("/en/dich-vu-cong")
		if p.status != 200 || !strings.Contains(p.body, "Competent agency") || !strings.Contains(p.body, "Online service level") || strings.Contains(p.body, "Cơ quan thực hiện") {
			t.Errorf("the English catalogue: %d", p.status)
		}
		p = anon.get("/en/dich-vu-cong/1.009101")
		if p.status != 200 || !strings.Contains(p.body, "Apply online on the National Public Service Portal") || !strings.Contains(p.body, "Dossier") {
			t.Errorf("the English procedure page: %d", p.status)
		}
	})
}

// TestProcedureStaffEditsAndImports: the board head changes a procedure
// (the public page follows at once), adds one, and imports files; bad
// input is a message naming the line and field, what was typed is kept,
// and nothing already stored is lost.
func TestProcedureStaffEditsAndImports(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("pe.head", account.BoardHead, "dong-nai")
		head, anon := h.browser(), h.browser()
		head.signIn("pe.head")
		admin := "/quan-tri/s/dong-nai/dich-vu-cong"
		if p := anon.get("/dich-vu-cong/1.009103"); !strings.Contains(p.body, "Đăng ký khai tử") {
			t.Fatal("the demo procedure")
		}
		p := head.get(admin + "/1.009103")
		if p.status != 200 || !strings.Contains(p.body, `value="1.009103" readonly`) || !strings.Contains(p.body, "Tờ khai đăng ký khai tử theo mẫu | 1 | 0") {
			t.Fatalf("the form: %d\n%.3000s", p.status, p.body)
		}
		var id string
		db.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM procedures WHERE code = '1.009103'`).Scan(&id)
		form := url.Values{"id": {id}, "ma_thu_tuc": {"1.009103"}, "ten_thu_tuc": {"Đăng ký khai tử (đã sửa)"}, "linh_vuc": {"Hộ tịch"},
			"cap_thuc_hien": {"xa"}, "co_quan_thuc_hien": {"Ủy ban nhân dân cấp xã"}, "muc_do": {"mot-phan"}, "muc_do_chu_dong": {"1"},
			"thanh_phan_ho_so": {"Tờ khai | 1 | 0\nGiấy báo tử | 1 | 1"}, "mau_don": {"Tờ khai | https://example.gov.vn/tk.docx"}}
		// Partly online without the reason: the message, what was typed kept.
		p = head.post(admin+"/luu", form)
		if p.status != 422 || !strings.Contains(p.body, "hãy ghi lý do và căn cứ pháp lý") || !strings.Contains(p.body, "Đăng ký khai tử (đã sửa)") ||
			!strings.Contains(p.body, "Giấy báo tử | 1 | 1") || !regexp.MustCompile(`name="ly_do_mot_phan"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="ly_do_mot_phan"`).MatchString(p.body) {
			t.Errorf("partly online without a reason: %d\n%.3000s", p.status, p.body)
		}
		form.Set("thanh_phan_ho_so", "Tờ khai | một | 0")
		form.Set("ly_do_mot_phan", "Phải có mặt")
		form.Set("can_cu_mot_phan", "Điều 14")
		if p := head.post(admin+"/luu", form); p.status != 422 || !strings.Contains(p.body, "Thành phần hồ sơ thứ 1") {
			t.Errorf("a bad dossier line: %d", p.status)
		}
		form.Set("thanh_phan_ho_so", "Tờ khai | 1 | 0\nGiấy báo tử | 1 | 1")
		updates := h.auditCount("procedure.update")
		if p := head.post(admin+"/luu", form); p.status != 303 {
			t.Fatalf("save: %d\n%.2000s", p.status, p.body)
		}
		if h.auditCount("procedure.update") != updates+1 {
			t.Errorf("the change is not audited")
		}
		if p := anon.get("/dich-vu-cong/1.009103"); !strings.Contains(p.body, "Đăng ký khai tử (đã sửa)") || !strings.Contains(p.body, "Phải có mặt") {
			t.Errorf("the public page still shows the old text")
		}
		// Changing another procedure's id through the form is refused.
		form.Set("id", "999999")
		if p := head.post(admin+"/luu", form); p.status != 404 {
			t.Errorf("a change of an unknown id: %d", p.status)
		}

		// A new one; its code taken; a code not national.
		nw := url.Values{"ma_thu_tuc": {"2.000555"}, "ten_thu_tuc": {"Thủ tục thêm tay"}, "linh_vuc": {"Tư pháp"}, "cap_thuc_hien": {"tinh"},
			"co_quan_thuc_hien": {"Sở Tư pháp"}, "muc_do": {"toan-trinh"}, "duong_dan_dvc": {"https://dichvucong.gov.vn/x?ma=2.000555"}}
		if p := head.post(admin+"/luu", nw); p.status != 303 {
			t.Fatalf("new: %d\n%.2000s", p.status, p.body)
		}
		if p := head.post(admin+"/luu", nw); p.status != 422 || !strings.Contains(p.body, "Danh mục đã có thủ tục mã 2.000555") {
			t.Errorf("the same code again: %d", p.status)
		}
		nw.Set("ma_thu_tuc", "ABC")
		if p := head.post(admin+"/luu", nw); p.status != 422 || !strings.Contains(p.body, "không đúng dạng") || !strings.Contains(p.body, `value="ABC"`) {
			t.Errorf("a bad code: %d", p.status)
		}
		nw.Set("ma_thu_tuc", "2.000556")
		nw.Set("duong_dan_dvc", "https://evil.example.com/")
		if p := head.post(admin+"/luu", nw); p.status != 422 || !strings.Contains(p.body, "Đường dẫn dịch vụ phải là địa chỉ https://") {
			t.Errorf("a link off the government's domains: %d", p.status)
		}

		// Imports: a bad file stores nothing and names the line and field.
		before := h.auditCount("procedure.import")
		bad := "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do\n1.000901,Một,Hộ tịch,xa,UBND,toàn trình\n1.000902,Hai,Hộ tịch,huyện,UBND,toàn trình\n"
		p = head.postFile(admin+"/tep", nil, "file", "sai.csv", []byte(bad))
		if p.status != 422 || !strings.Contains(p.body, "Dòng 3, trường “cap_thuc_hien”") {
			t.Errorf("a bad file: %d\n%.3000s", p.status, p.body)
		}
		var n int
		db.QueryRow(context.Background(), `SELECT COUNT(*) FROM procedures WHERE code = '1.000901'`).Scan(&n)
		if n != 0 || h.auditCount("procedure.import") != before {
			t.Errorf("the bad file stored %d procedures", n)
		}
		if p := head.postFile(admin+"/tep", nil, "file", "", nil); p.status != 422 || !strings.Contains(p.body, "Hãy chọn tệp JSON hoặc CSV") {
			t.Errorf("no file: %d", p.status)
		}
		if p := head.postFile(admin+"/tep", nil, "file", "x.csv", []byte("\xff\xfe\x00")); p.status != 422 {
			t.Errorf("a binary file: %d", p.status)
		}
		sample, err := os.ReadFile("../procedure/testdata/procedures.json")
		if err != nil {
			t.Fatal(err)
		}
		p = head.postFile(admin+"/tep", nil, "file", "procedures.json", sample)
		if p.status != 303 || !strings.HasSuffix(p.header.Get("Location"), "?nhap=2-0-0") {
			t.Fatalf("the sample: %d %q", p.status, p.header.Get("Location"))
		}
		if p := head.get(p.header.Get("Location")); !strings.Contains(p.body, "Đã nhập: 2 thủ tục mới, 0 cập nhật, 0 không đổi.") {
			t.Errorf("the notice of the import")
		}
		if p := head.postFile(admin+"/tep", nil, "file", "procedures.json", sample); !strings.HasSuffix(p.header.Get("Location"), "?nhap=0-0-2") {
			t.Errorf("again: %q", p.header.Get("Location"))
		}
		stats, _ := os.ReadFile("../procedure/testdata/stats.csv")
		if p := head.postFile(admin+"/so-lieu/tep", nil, "file", "stats.csv", stats); p.status != 303 || !strings.HasSuffix(p.header.Get("Location"), "?so-lieu=3") {
			t.Errorf("the figures: %d %q", p.status, p.header.Get("Location"))
		}
		if p := head.postFile(admin+"/so-lieu/tep", nil, "file", "s.csv", []byte("ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.000000,2026,1,1,1,1\n")); p.status != 422 ||
			!strings.Contains(p.body, "Dòng 2, trường “ma_thu_tuc”: danh mục của trang không có thủ tục mã 1.000000") {
			t.Errorf("figures of an unknown procedure: %d", p.status)
		}
		if p := anon.get("/dich-vu-cong/2.000995?nam=2025"); !strings.Contains(p.body, "280") {
			t.Errorf("the imported figures are not on the page")
		}

		// Removal: gone from the public catalogue at once.
		if p := head.post(admin+"/1.009994/bo", nil); p.status != 303 {
			t.Fatalf("remove: %d", p.status)
		}
		if p := anon.get("/dich-vu-cong/1.009994"); p.status != 404 {
			t.Errorf("a removed procedure: %d", p.status)
		}
		if p := head.post(admin+"/1.009994/bo", nil); p.status != 404 {
			t.Errorf("remove twice: %d", p.status)
		}
	})
}
