package cli

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/archive"
	"github.com/congportal/cong/internal/s3test"
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

// TestExportStaticMediaOnS3 exports a portal whose media are in a bucket
// (a real MinIO) and not in DATA/media, with --media s3://… as cong serve
// takes it: the pictures that the pages show are in the copy.
func TestExportStaticMediaOnS3(t *testing.T) {
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-export")
	data := demoData(t)
	getenv := s3.Getenv(env(map[string]string{"CONG_DATA": data}))
	if out, _, err := runCmd(t, getenv, "media", "migrate", "--to", "s3://cong-export/media"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if err := os.RemoveAll(filepath.Join(data, "media")); err != nil { // in the bucket only
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "dong-nai")
	out, errOut, err := runCmd(t, getenv, "export", "static", "--site", "dong-nai", dir, "--media", "s3://cong-export/media")
	if err != nil {
		t.Fatalf("export static: %v\n%s", err, errOut)
	}
	t.Log(strings.TrimSpace(out))
	if strings.Contains(errOut, "/media/") {
		t.Errorf("media the portal did not serve from the bucket:\n%s", errOut)
	}
	if m := regexp.MustCompile(` (\d+) tệp phương tiện`).FindStringSubmatch(out); m == nil || m[1] == "0" {
		t.Errorf("no media file in the copy: %q", out)
	}
	home, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`["\s,](media/[^"\s,]+)`).FindAllStringSubmatch(string(home), -1)
	if len(refs) == 0 {
		t.Fatal("the home page shows no picture from media/")
	}
	for _, m := range refs {
		if fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(m[1]))); err != nil || fi.Size() == 0 {
			t.Errorf("the home page's picture %s is not in the copy: %v", m[1], err)
		}
	}
	if c, err := archive.Check(dir); err != nil || len(c.Broken) > 0 {
		t.Errorf("check: %+v, %v", c, err)
	}
}
