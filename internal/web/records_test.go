package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// recordForms are a valid form of each record type, by the last segment
// of its save address, with the demo item it is saved on.
var recordForms = []struct {
	typ, slug string
	form      url.Values
}{
	{"du-an", "duong-ven-song-doan-tran-bien", url.Values{"pj_code": {"DA-GT-2025-014"}, "pj_type": {"dau-tu-cong"}, "pj_field": {"Giao thông"},
		"pj_status": {"dang-thuc-hien"}, "pj_start": {"2025-03-01"}, "pj_end": {"2027-12-31"}, "pj_budget": {"1.275.000.000.000"},
		"pj_funding": {"ngan-sach"}, "pj_investor": {"Ban Quản lý dự án giao thông"}}},
	{"ngan-sach", "cong-khai-du-toan-ngan-sach-2026", url.Values{"bg_year": {"2026"}, "bg_part": {""}, "bg_type": {"du-toan"}}},
	{"thong-ke", "ho-so-truc-tuyen-2025", url.Values{"st_year": {"2025"}, "st_part": {"Q4"}, "st_indicator": {"Hồ sơ tiếp nhận"},
		"st_table": {"Tháng,Hồ sơ\nTháng 10,19.020\nTháng 11,19.377\n"}}},
	{"khoa-hoc", "cam-bien-tuoi-tieu-cay-an-trai", url.Values{"sc_code": {"ĐTKHCN.2025-07"}, "sc_level": {"tinh"}, "sc_host": {"Trung tâm Ứng dụng"},
		"sc_status": {"dang-thuc-hien"}, "sc_budget": {"1850000000"}}},
	{"ke-hoach", "ke-hoach-chuyen-doi-so-2026-2030", url.Values{"pl_type": {"ke-hoach"}, "pl_from": {"2026"}, "pl_to": {"2030"},
		"pl_decision": {"215/QĐ-UBND"}, "pl_decided": {"2026-01-20"}}},
}

// TestRecordsOverHTTP (issue 20 point 3): the role matrix of each save
// action (a board head saves a live item's record; an editor, a
// collaborator and a board of another site are refused and the refusal
// logged; an editor saves the record of the draft they write); bad
// input shows the message with what was typed; the public page shows
// the record and its JSON-LD; the lists filter; the feeds and the CSV.
func TestRecordsOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		h.person("rec.head", account.BoardHead, "dong-nai")
		h.person("rec.editor", account.Editor, "dong-nai")
		h.person("rec.collab", account.Collaborator, "dong-nai")
		h.person("rec.other", account.BoardHead, "so-khcn")
		head, editor, collab, other, anon := h.browser(), h.browser(), h.browser(), h.browser(), h.browser()
		head.signIn("rec.head")
		editor.signIn("rec.editor")
		collab.signIn("rec.collab")
		other.signIn("rec.other")
		itemPath := func(slug string) string {
			var id int64
			if err := db.QueryRow(ctx, `SELECT id FROM items WHERE slug = ?`, slug).Scan(&id); err != nil {
				t.Fatalf("item %s: %v", slug, err)
			}
			return "/quan-tri/s/dong-nai/noi-dung/" + strconv.FormatInt(id, 10)
		}

		// The role matrix of each save, on a live item.
		for _, rf := range recordForms {
			path := itemPath(rf.slug) + "/ho-so/" + rf.typ
			denied := h.auditCount("denied")
			for name, b := range map[string]*browser{"editor": editor, "collaborator": collab} {
				if p := b.post(path, rf.form); p.status != 403 {
					t.Errorf("%s saves %s on a live item: %d", name, rf.typ, p.status)
				}
			}
			if p := other.post(path, rf.form); p.status != 404 && p.status != 403 {
				t.Errorf("another site's board head saves %s: %d", rf.typ, p.status)
			}
			if n := h.auditCount("denied"); n < denied+2 {
				t.Errorf("%s: %d refusals logged; want at least 2", rf.typ, n-denied)
			}
			if p := anon.post(path, rf.form); p.status == 303 && !strings.Contains(p.location, "dang-nhap") {
				t.Errorf("anonymous saves %s: %d %s", rf.typ, p.status, p.location)
			}
			saved := h.auditCount("records." + map[string]string{"du-an": "project", "ngan-sach": "budget", "thong-ke": "statistic",
				"khoa-hoc": "science", "ke-hoach": "plan"}[rf.typ] + ".save")
			if p := head.post(path, rf.form); p.status != 303 {
				t.Fatalf("the board head saves %s: %d\n%.3000s", rf.typ, p.status, p.body)
			}
			if n := h.auditCount("records." + map[string]string{"du-an": "project", "ngan-sach": "budget", "thong-ke": "statistic",
				"khoa-hoc": "science", "ke-hoach": "plan"}[rf.typ] + ".save"); n != saved+1 {
				t.Errorf("%s: not audited", rf.typ)
			}
			// Not on an item of another kind.
			if p := head.post(itemPath("ho-so-truc-tuyen-2025")+"/ho-so/"+rf.typ, rf.form); rf.typ != "thong-ke" && rf.typ != "ngan-sach" && p.status != 404 {
				t.Errorf("%s on a statistics item: %d", rf.typ, p.status)
			}
		}
		if p := head.post(itemPath("ho-so-truc-tuyen-2025")+"/ho-so/khong-co", url.Values{}); p.status != 404 {
			t.Errorf("an unknown record type: %d", p.status)
		}

		// An editor saves the record of the draft they write.
		p := editor.post("/quan-tri/s/dong-nai/noi-dung", url.Values{"kind": {"project"}, "lang": {"vi"}, "title": {"Gói thầu sửa chữa trụ sở"},
			"summary": {"Sửa chữa trụ sở làm việc."}, "body": {"Nội dung gói thầu."}, "author": {"Ban Biên tập"}, "source": {"Văn phòng"}})
		if p.status != 303 {
			t.Fatalf("the editor's draft: %d\n%.2000s", p.status, p.body)
		}
		draft := strings.TrimSuffix(p.location, "?luu=1")
		if p := editor.post(draft+"/ho-so/du-an", recordForms[0].form); p.status != 303 {
			t.Errorf("the editor saves their draft's project: %d\n%.2000s", p.status, p.body)
		}
		if p := editor.get(draft); !strings.Contains(p.body, `value="1.275.000.000.000"`) || !strings.Contains(p.body, `id="ho-so-du-an"`) {
			t.Errorf("the draft's page lacks the saved project")
		}

		// Bad input: a message on the field, what was typed kept, nothing saved.
		for _, c := range []struct {
			typ, slug string
			form      url.Values
			field     string
			msg, kept string
		}{
			{"du-an", "duong-ven-song-doan-tran-bien", url.Values{"pj_code": {"DA-MOI-01"}, "pj_type": {"dau-tu-cong"}, "pj_field": {"Giao thông"},
				"pj_status": {"dang-thuc-hien"}, "pj_budget": {"mười hai tỷ"}, "pj_start": {"2027-01-01"}, "pj_end": {"2026-01-01"}},
				"pj_budget", "Tổng mức đầu tư phải là một số đồng", `value="mười hai tỷ"`},
			{"du-an", "duong-ven-song-doan-tran-bien", url.Values{"pj_code": {"DA-MOI-02"}, "pj_type": {"dau-tu-cong"}, "pj_field": {"Giao thông"},
				"pj_status": {"dang-thuc-hien"}, "pj_start": {"2027-01-01"}, "pj_end": {"2026-01-01"}},
				"pj_end", "Ngày kết thúc phải sau ngày bắt đầu.", `value="DA-MOI-02"`},
			{"thong-ke", "ho-so-truc-tuyen-2025", url.Values{"st_year": {"2025"}, "st_indicator": {"Chỉ tiêu thử"},
				"st_table": {"Quý,Hồ sơ\nQuý I,10\nQuý II,11,12\n"}},
				"st_table", "Dòng 3 có 3 ô, trong khi dòng tiêu đề có 2 ô", "Quý II,11,12"},
			{"ngan-sach", "cong-khai-du-toan-ngan-sach-2026", url.Values{"bg_year": {"2026"}, "bg_part": {"Q5"}, "bg_type": {"du-toan"}},
				"bg_year", "Kỳ báo cáo không tồn tại", `value="2026"`},
			{"ngan-sach", "cong-khai-du-toan-ngan-sach-2026", url.Values{"bg_year": {"2026"}, "bg_type": {"du-toan"}, "bg_files": {"999999"}},
				"bg_files", "Tệp đính kèm phải là tệp trong thư viện của trang này.", `value="2026"`},
			{"ke-hoach", "ke-hoach-chuyen-doi-so-2026-2030", url.Values{"pl_type": {"ke-hoach"}, "pl_from": {"2030"}, "pl_to": {"2026"}, "pl_decision": {"999/QĐ-THU"}},
				"pl_to", "Năm kết thúc không được trước năm bắt đầu.", `value="999/QĐ-THU"`},
			{"khoa-hoc", "cam-bien-tuoi-tieu-cay-an-trai", url.Values{"sc_code": {"X-1"}, "sc_level": {"tinh"}, "sc_host": {"Viện thử"}, "sc_status": {"hoan-thanh"},
				"sc_budget": {"12,5 triệu"}}, "sc_budget", "Kinh phí phải là một số đồng", `value="Viện thử"`},
		} {
			p := head.post(itemPath(c.slug)+"/ho-so/"+c.typ, c.form)
			if p.status != 422 || !strings.Contains(p.body, c.msg) || !strings.Contains(p.body, c.kept) {
				t.Errorf("%s %s: %d, want the message %q and %q kept\n%.3000s", c.typ, c.field, p.status, c.msg, c.kept, p.body)
			}
			if !regexp.MustCompile(`name="`+c.field+`"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="`+c.field+`"`).MatchString(p.body) &&
				c.field != "bg_files" {
				t.Errorf("%s: the field %s is not marked invalid", c.typ, c.field)
			}
		}
		var code string
		db.QueryRow(ctx, `SELECT code FROM record_projects p JOIN items i ON i.id = p.item_id WHERE i.slug = 'duong-ven-song-doan-tran-bien'`).Scan(&code)
		if code != "DA-GT-2025-014" {
			t.Errorf("a refused save changed the project: %q", code)
		}

		// The public page of a project: the table, money and days in words, JSON-LD.
		p = anon.get("/du-an/duong-ven-song-doan-tran-bien")
		for _, want := range []string{"Thông tin dự án", "DA-GT-2025-014", "Đầu tư công", "1.275.000.000.000 đồng", "ngày 1 tháng 3 năm 2025",
			"ngày 31 tháng 12 năm 2027", "Đang thực hiện", `"@type":"Project"`, `property="dc:identifier"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the project's page lacks %q", want)
			}
		}
		// A statistic: the accessible table, the CSV, a Dataset.
		p = anon.get("/thong-ke/ho-so-truc-tuyen-2025")
		for _, want := range []string{`<caption id="bang-so-lieu">Hồ sơ tiếp nhận`, `<th scope="col">Hồ sơ</th>`, `<th scope="row">Tháng 10</th>`,
			`class="num">19.020</td>`, "Quý IV năm 2025", `"@type":"Dataset"`, "so-lieu.csv"} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the statistic's page lacks %q", want)
			}
		}
		if c := anon.get("/thong-ke/ho-so-truc-tuyen-2025/so-lieu.csv"); c.status != 200 || !strings.Contains(c.body, "Tháng 10,19.020") ||
			!strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") {
			t.Errorf("the CSV: %d %q", c.status, c.body)
		}
		if c := anon.get("/thong-ke/khong-co/so-lieu.csv"); c.status != 404 {
			t.Errorf("the CSV of no statistic: %d", c.status)
		}
		if p := anon.get("/ke-hoach/ke-hoach-chuyen-doi-so-2026-2030"); !strings.Contains(p.body, "2026–2030") || !strings.Contains(p.body, "ngày 20 tháng 1 năm 2026") {
			t.Errorf("the plan's page lacks its record")
		}

		// The lists and their filters; bad filters are dropped, never a 500.
		for path, want := range map[string][]string{
			"/du-an":                          {"Dự án đường ven sông", "Gói thầu mua sắm thiết bị", "Dự án cấp nước sạch"},
			"/du-an?trang-thai=hoan-thanh":    {"Gói thầu mua sắm thiết bị"},
			"/du-an?linh-vuc=Giao+th%C3%B4ng": {"Dự án đường ven sông"},
			"/du-an?nam=2029":                 {"Dự án cấp nước sạch"},
			"/ngan-sach?ky=2026-Q3":           {"quý III năm 2026"},
			"/ngan-sach?loai=du-toan":         {"Công khai dự toán"},
			"/thong-ke?ky=2026":               {"Giá trị sản xuất nông nghiệp"},
			"/khoa-hoc?cap=co-so":             {"bộ dữ liệu mở"},
			"/ke-hoach?loai=chuong-trinh":     {"Chương trình phát triển du lịch"},
		} {
			p := anon.get(path)
			if p.status != 200 {
				t.Errorf("%s: %d", path, p.status)
				continue
			}
			for _, w := range want {
				if !strings.Contains(p.body, w) {
					t.Errorf("%s lacks %q", path, w)
				}
			}
		}
		if p := anon.get("/du-an?trang-thai=hoan-thanh"); strings.Contains(p.body, "Dự án đường ven sông") {
			t.Errorf("the status filter lets the project under way through")
		}
		for _, path := range []string{"/du-an?nam=abc&trang-thai=%00x&linh-vuc=" + strings.Repeat("x", 900), "/thong-ke?ky=2025-Q9",
			"/ngan-sach?ky=hai", "/khoa-hoc?cap=vu-tru&trang=-3", "/ke-hoach?nam=99999&trang=999"} {
			if p := anon.get(path); p.status != 200 {
				t.Errorf("%s: %d", path, p.status)
			}
		}
		for _, l := range []string{"/du-an", "/ngan-sach", "/thong-ke", "/khoa-hoc", "/ke-hoach"} {
			if p := anon.get("/en" + l); p.status != 200 || !strings.Contains(p.body, "Nothing published yet.") {
				t.Errorf("/en%s: %d", l, p.status)
			}
			f := anon.get(l + "/feed.atom")
			if f.status != 200 || !strings.Contains(f.body, "<entry>") {
				t.Errorf("%s/feed.atom: %d\n%.500s", l, f.status, f.body)
			}
		}
		if f := anon.get("/khoa-hoc/feed.atom"); strings.Contains(f.body, "Kế hoạch chuyển đổi số") {
			t.Errorf("the science feed holds a plan")
		}
	})
}
