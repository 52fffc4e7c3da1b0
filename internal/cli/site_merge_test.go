package cli

import (
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
)

// TestSiteMergeCommand: cong site merge previews without --yes (nothing
// changes), merges with it, says so when run again, and refuses an order
// without a decision.
func TestSiteMergeCommand(t *testing.T) {
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
				{[]string{"site", "add", "--code", "xa-a", "--name", "UBND xã A", "--kind", "commune", "--prefix", "/xa-a"}, "chuyên mục bắt buộc"},
				{[]string{"site", "add", "--code", "xa-b", "--name", "UBND xã B", "--kind", "commune", "--prefix", "/xa-b"}, "chuyên mục bắt buộc"},
				{[]string{"site", "add", "--code", "xa-ab", "--name", "UBND xã An Bình", "--kind", "commune", "--prefix", "/xa-ab"}, "chuyên mục bắt buộc"},
				{[]string{"site", "merge", "--into", "xa-ab", "--from", "xa-a,xa-b", "--decision", "1656/NQ-UBTVQH15", "--effective", "2025-07-01"}, "Chưa thay đổi gì"},
				{[]string{"site", "list"}, "/xa-a/"},
				{[]string{"site", "merge", "--into", "xa-ab", "--from", "xa-a,xa-b", "--decision", "1656/NQ-UBTVQH15", "--yes"}, "Đã sáp nhập vào UBND xã An Bình"},
				{[]string{"site", "merge", "--into", "xa-ab", "--from", "xa-a", "--decision", "1656/NQ-UBTVQH15", "--yes"}, "đã sáp nhập trước đó"},
			}
			for _, s := range steps {
				out, _, err := runCmd(t, env(e), s.args...)
				if err != nil || !strings.Contains(out, s.want) {
					t.Fatalf("cong %s = %q, %v; want output with %q", strings.Join(s.args, " "), out, err, s.want)
				}
			}
			if _, _, err := runCmd(t, env(e), "site", "merge", "--into", "xa-ab", "--from", "tinh-x", "--decision", "1"); err == nil || !strings.Contains(err.Error(), "Cổng chính") {
				t.Errorf("merging the main portal = %v; want a refusal", err)
			}
			if _, _, err := runCmd(t, env(e), "site", "merge", "--into", "tinh-x", "--from", "xa-ab"); err == nil || !strings.Contains(err.Error(), "quyết định") {
				t.Errorf("merge without a decision = %v; want the decision message", err)
			}
		})
	}
}
