package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
)

// TestImportProcedures: `cong import procedures` loads the sample, a
// second run changes nothing, a bad file is one message naming its line
// and field and stores nothing; `cong import procedure-stats` attaches
// the figures.
func TestImportProcedures(t *testing.T) {
	data := t.TempDir()
	e := env(map[string]string{"CONG_DATA": data})
	if _, _, err := runCmd(t, e, "site", "add", "--main", "--kind", "portal", "--code", "dong-nai", "--name", "Ủy ban nhân dân tỉnh Đồng Nai"); err != nil {
		t.Fatal(err)
	}
	sample := "../procedure/testdata/procedures.csv"
	out, _, err := runCmd(t, e, "import", "procedures", sample)
	if err != nil || !strings.Contains(out, "Trang dong-nai: 3 thủ tục mới, 0 cập nhật, 0 không đổi.") {
		t.Fatalf("first import: %q %v", out, err)
	}
	out, _, err = runCmd(t, e, "import", "procedures", "--site", "dong-nai", sample)
	if err != nil || !strings.Contains(out, "0 thủ tục mới, 0 cập nhật, 3 không đổi.") {
		t.Errorf("second import: %q %v", out, err)
	}
	bad := filepath.Join(t.TempDir(), "sai.csv")
	os.WriteFile(bad, []byte("ma_thu_tuc,ten_thu_tuc,linh_vuc,cap_thuc_hien,co_quan_thuc_hien,muc_do\n1.000001,Một,Hộ tịch,xa,UBND,toàn trình\n1.000002,Hai,Hộ tịch,xa,UBND,một phần\n"), 0o644)
	if _, _, err := runCmd(t, e, "import", "procedures", bad); err == nil || !strings.Contains(err.Error(), "sai.csv: Dòng 3, trường “ly_do_mot_phan”") {
		t.Errorf("a bad file: %v", err)
	}
	out, _, err = runCmd(t, e, "import", "procedure-stats", "../procedure/testdata/stats.csv")
	if err != nil || !strings.Contains(out, "Đã nhập 3 dòng số liệu vào trang dong-nai.") {
		t.Errorf("stats: %q %v", out, err)
	}
	if _, _, err := runCmd(t, e, "import", "procedures"); err == nil || !strings.Contains(err.Error(), "cách dùng") {
		t.Errorf("no file: %v", err)
	}
	db, err := store.Open(context.Background(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	db.QueryRow(context.Background(), `SELECT COUNT(*) FROM procedures WHERE code IN ('1.000001', '1.000002')`).Scan(&n)
	if n != 0 {
		t.Errorf("the bad file stored %d procedures", n)
	}
}
