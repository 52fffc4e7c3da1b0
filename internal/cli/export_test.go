package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/archive"
)

// TestExportCommands runs cong export static and cong export items as an
// operator would, flags before or after the folder and the file.
func TestExportCommands(t *testing.T) {
	data := demoData(t)
	getenv := env(map[string]string{"CONG_DATA": data})
	dir := filepath.Join(t.TempDir(), "dong-nai-2026")
	out, errOut, err := runCmd(t, getenv, "export", "static", dir, "--site", "dong-nai", "--base-url", "https://dongnai.gov.vn/")
	if err != nil {
		t.Fatalf("export static: %v\n%s", err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	if !strings.Contains(out, "Đã xuất dong-nai vào "+dir) {
		t.Errorf("summary: %q", out)
	}
	c, err := archive.Check(dir)
	if err != nil || len(c.Broken) > 0 || c.Relative == 0 {
		t.Errorf("check: %+v, %v", c, err)
	}
	// A second copy into the same folder is refused: nothing is mixed.
	if _, _, err := runCmd(t, getenv, "export", "static", "--site", "dong-nai", dir); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Errorf("export into a full folder: %v", err)
	}

	file := filepath.Join(t.TempDir(), "dong-nai-2010.jsonl")
	out, errOut, err = runCmd(t, getenv, "export", "items", "--site", "dong-nai", "--year", "2010", file, "--base-url", "https://dongnai.gov.vn")
	if err != nil {
		t.Fatalf("export items: %v\n%s", err, errOut)
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		var r archive.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.ID == 0 {
			t.Fatalf("line %d: %v %s", n+1, err, sc.Text())
		}
	}
	if n == 0 || !strings.Contains(out, "Đã xuất "+strconv.Itoa(n)+" mục") {
		t.Errorf("%d lines; said %q", n, out)
	}

	for _, bad := range [][]string{
		{"export"}, {"export", "pdf"}, {"export", "static", dir + "-x"}, {"export", "items", "--site", "dong-nai", file + "-x"},
		{"export", "items", "--site", "dong-nai", "--year", "2010"},
	} {
		if _, _, err := runCmd(t, getenv, bad...); err == nil || ExitCode(err) != 2 {
			t.Errorf("%v: %v (exit %d), want a usage error", bad, err, ExitCode(err))
		}
	}
}
