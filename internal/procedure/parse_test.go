package procedure

import (
	"os"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/apperr"
)

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseSamples: the JSON and CSV samples read to the same
// procedures, with their lines, lists and normalised levels.
func TestParseSamples(t *testing.T) {
	js, err := ParseProcedures(sample(t, "procedures.json"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := ParseProcedures(sample(t, "procedures.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(js) != 2 || len(cs) != 3 {
		t.Fatalf("%d JSON records, %d CSV; want 2 and 3", len(js), len(cs))
	}
	if js[0].Line != 4 || js[1].Line != 27 || cs[0].Line != 2 || cs[1].Line != 4 || cs[2].Line != 5 {
		t.Errorf("lines: JSON %d %d, CSV %d %d %d", js[0].Line, js[1].Line, cs[0].Line, cs[1].Line, cs[2].Line)
	}
	a, b := js[0].Record, cs[0].Record
	if a.Level != Province || a.ServiceLevel != Full || a.Proactive != 2 || b.Level != Province || b.ServiceLevel != Full || b.Proactive != 2 {
		t.Errorf("levels: %+v / %+v", a, b)
	}
	if len(a.Dossier) != 2 || len(b.Dossier) != 2 || a.Dossier[1] != b.Dossier[1] || b.Dossier[1] != (Component{"Giấy chứng nhận đăng ký doanh nghiệp", 0, 1}) {
		t.Errorf("dossier: %+v / %+v", a.Dossier, b.Dossier)
	}
	if len(b.Forms) != 1 || b.Forms[0] != a.Forms[0] {
		t.Errorf("forms: %+v / %+v", a.Forms, b.Forms)
	}
	if p := cs[1].Record; p.Level != Commune || p.ServiceLevel != Partial || p.PartialReason == "" {
		t.Errorf("the partial one: %+v", p)
	}
	st, err := ParseStats(sample(t, "stats.csv"))
	if err != nil || len(st) != 3 || st[1].Record.ReceivedTotal != 300 || st[2].Record.Year != 2025 {
		t.Errorf("stats.csv: %v %+v", err, st)
	}
	sj, err := ParseStats(sample(t, "stats.json"))
	if err != nil || len(sj) != 1 || sj[0].Record.OnTime != 115 || sj[0].Line != 2 {
		t.Errorf("stats.json: %v %+v", err, sj)
	}
}

// TestParseBadInput: each mistake is one Vietnamese message naming the
// line and the field.
func TestParseBadInput(t *testing.T) {
	header := "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do\n"
	good := "1.000001,Thủ tục một,Hộ tịch,Cấp xã,UBND xã,toàn trình\n"
	for _, c := range []struct{ name, file, want string }{
		{"empty", "  \n", "tệp trống"},
		{"not utf-8", header + "1.000001,Th\xf9 t\xf5c,Hộ tịch,Cấp xã,UBND xã,toàn trình\n", "Dòng 2: tệp không phải văn bản UTF-8"},
		{"bad code", header + good + "1.23,Thủ tục hai,Hộ tịch,Cấp xã,UBND xã,toàn trình\n", "Dòng 3, trường “ma_thu_tuc”: Mã thủ tục \"1.23\" không đúng dạng"},
		{"no name", header + good + "1.000002,,Hộ tịch,Cấp xã,UBND xã,toàn trình\n", "Dòng 3, trường “ten_thu_tuc”"},
		{"bad level", header + "1.000002,Hai,Hộ tịch,Cấp huyện,UBND,toàn trình\n", "Dòng 2, trường “cap_thuc_hien”: Cấp thực hiện phải là"},
		{"partial without reason", header + "1.000002,Hai,Hộ tịch,Cấp xã,UBND,một phần\n", "Dòng 2, trường “ly_do_mot_phan”"},
		{"unknown column", "ma_thu_tuc,ten,linh_vuc\n", "Dòng 1, trường “ten”: cột không có"},
		{"missing column", "ma_thu_tuc,ten_thu_tuc\n1.000001,A\n", "Dòng 1, trường “linh_vuc”: dòng tiêu đề thiếu"},
		{"short row", header + "1.000001,A,B\n", "Dòng 2: dòng có 3 cột"},
		{"twice", header + good + good, "Dòng 3, trường “ma_thu_tuc”: mã thủ tục 1.000001 đã có ở dòng 2"},
		{"bad proactive", "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do,muc_do_chu_dong\n1.000001,A,B,xa,C,toàn trình,5\n", "Dòng 2, trường “muc_do_chu_dong”"},
		{"bad dossier", "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do,thanh_phan_ho_so\n1.000001,A,B,xa,C,toàn trình,Đơn | một | 0\n", "Dòng 2, trường “thanh_phan_ho_so”: Thành phần hồ sơ thứ 1"},
		{"bad link", "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do,duong_dan_dvc\n1.000001,A,B,xa,C,toàn trình,javascript:alert(1)\n", "Dòng 2, trường “duong_dan_dvc”"},
		{"foreign service link", "ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do,duong_dan_dvc\n1.000001,A,B,xa,C,toàn trình,https://dichvucong.gov.vn.example.com/x\n", "Dòng 2, trường “duong_dan_dvc”"},
		{"csv quote", header + "1.000001,\"A,B\n", "tệp CSV sai cú pháp"},
		{"json syntax", "[\n{\"ma_thu_tuc\": \"1.000001\",\n}\n]", "Dòng 3: tệp JSON sai cú pháp"},
		{"json unknown", "[\n  {\"ma_thu_tuc\": \"1.000001\", \"ten\": \"A\"}\n]", "Dòng 2, trường “ten”: trường không có"},
		{"json type", "[\n  {\"ma_thu_tuc\": \"1.000001\",\n   \"muc_do_chu_dong\": \"hai\"}\n]", "Dòng 3, trường “muc_do_chu_dong”: giá trị phải là một số nguyên"},
		{"json shape", "{\"procedures\": []}", "khóa “thu_tuc”"},
		{"json not object", "[1]", "Dòng 1: mỗi bản ghi phải là một đối tượng"},
		{"json content", "[\n {\"ma_thu_tuc\": \"1.000001\", \"ten_thu_tuc\": \"A\", \"linh_vuc\": \"B\", \"cap_thuc_hien\": \"xa\", \"co_quan_thuc_hien\": \"C\", \"muc_do\": \"toàn trình\"},\n {\"ma_thu_tuc\": \"1.000002\"}\n]", "Dòng 3, trường “ten_thu_tuc”"},
		{"json trailing", "[]\n[]", "Dòng 2: tệp JSON có dữ liệu thừa"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseProcedures([]byte(c.file))
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || !strings.Contains(e.Msg.VI, c.want) {
				t.Errorf("got %v; want %q", err, c.want)
			}
		})
	}
	for _, c := range []struct{ name, file, want string }{
		{"on time over resolved", "ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.000001,2026,1,2,3,4\n", "Dòng 2, trường “dung_han”"},
		{"online over total", "ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.000001,2026,5,2,3,3\n", "Dòng 2, trường “tiep_nhan_truc_tuyen”"},
		{"not a number", "ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.000001,2026,năm,2,3,3\n", "Dòng 2, trường “tiep_nhan_truc_tuyen”: \"năm\" không phải"},
		{"year", "[{\"ma_thu_tuc\": \"1.000001\", \"nam\": 26}]", "Dòng 1, trường “nam”"},
		{"twice", "ma_thu_tuc,nam,tiep_nhan_truc_tuyen,tong_tiep_nhan,da_giai_quyet,dung_han\n1.000001,2026,1,2,3,3\n1.000001,2026,1,2,3,3\n", "Dòng 3, trường “ma_thu_tuc”: số liệu năm 2026"},
	} {
		t.Run("stats "+c.name, func(t *testing.T) {
			_, err := ParseStats([]byte(c.file))
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || !strings.Contains(e.Msg.VI, c.want) {
				t.Errorf("got %v; want %q", err, c.want)
			}
		})
	}
}

// TestServiceLevelWords: the levels as people write them.
func TestServiceLevelWords(t *testing.T) {
	for in, want := range map[string]ServiceLevel{"toàn trình": Full, "Toàn Trình": Full, "toan_trinh": Full, "toan-trinh": Full,
		"Dịch vụ công trực tuyến một phần": Partial, "mot phan": Partial} {
		if got, ok := ParseServiceLevel(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "4", "mức độ 4"} {
		if _, ok := ParseServiceLevel(in); ok {
			t.Errorf("%q read as a service level", in)
		}
	}
	if (&Stats{Resolved: 3, OnTime: 2}).OnTimePercent() != 66.7 || (&Stats{}).OnTimePercent() != -1 {
		t.Error("percent on time")
	}
}
