package cli

import (
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
)

// TestSiteRenameCommand: cong site rename renames at once from a past
// date, records one for later, refuses without a decision, and prints the
// history.
func TestSiteRenameCommand(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			e := map[string]string{"CONG_DATA": t.TempDir()}
			if backend == "postgres" {
				e["CONG_DATABASE_URL"] = storetest.PostgresURL(t)
			}
			steps := []struct {
				args []string
				want string
			}{
				{[]string{"site", "add", "--main", "--kind", "portal", "--code", "tinh-x", "--name", "Ủy ban nhân dân tỉnh X"}, "Đã thêm trang tinh-x"},
				{[]string{"site", "add", "--code", "huyen-a", "--name", "UBND huyện A", "--kind", "district"}, "/huyen-a/"},
				{[]string{"site", "rename", "--site", "huyen-a", "--name", "UBND xã A", "--kind", "commune", "--prefix", "/xa-a",
					"--from", "2025-07-01", "--decision", "1656/NQ-UBTVQH15"}, "Đã đổi tên trang huyen-a: UBND huyện A → UBND xã A, tại /xa-a"},
				{[]string{"site", "rename", "--site", "huyen-a", "--name", "UBND phường A", "--prefix", "/phuong-a",
					"--from", "2999-01-01", "--decision", "99/NQ-UBTVQH"}, "có hiệu lực từ 01/01/2999"},
				{[]string{"site", "rename", "--site", "huyen-a", "--history"}, "01/07/2025 00:00  UBND huyện A (/huyen-a) → UBND xã A (/xa-a)  QĐ 1656/NQ-UBTVQH15  [đã áp dụng]"},
				{[]string{"site", "list"}, "/xa-a/"},
			}
			for _, s := range steps {
				out, _, err := runCmd(t, env(e), s.args...)
				if err != nil || !strings.Contains(out, s.want) {
					t.Fatalf("cong %s = %q, %v; want output with %q", strings.Join(s.args, " "), out, err, s.want)
				}
			}
			if _, _, err := runCmd(t, env(e), "site", "rename", "--site", "tinh-x", "--name", "Tỉnh Y"); err == nil || !strings.Contains(err.Error(), "quyết định") {
				t.Errorf("rename without a decision = %v; want the decision message", err)
			}
		})
	}
}
