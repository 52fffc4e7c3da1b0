package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
)

// legacyVectors is the shared legacy-encoding corpus, from this package.
const legacyVectors = "../../../shared/corpus/legacy-encodings"

// copyVector copies a corpus vector into dir and returns its new path and
// expected text; it skips the test if the corpus is absent, outside CI.
func copyVector(t *testing.T, dir, name string) (path, want string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(legacyVectors, name))
	if err != nil {
		testenv.Missing(t, "corpus not available: %v", err)
	}
	exp, err := os.ReadFile(filepath.Join(legacyVectors, strings.TrimSuffix(name, filepath.Ext(name))+".expected.txt"))
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, string(exp)
}

func TestConvertAuto(t *testing.T) {
	dir := t.TempDir()
	vectors := map[string]string{
		"tcvn3-abc/001.tcvn3": "TCVN3 (ABC), độ tin cậy",
		"vni-windows/002.vni": "VNI-Windows, độ tin cậy",
		"viscii/003.viscii":   "VISCII, độ tin cậy",
		"cp1258/004.cp1258":   "Windows-1258, độ tin cậy",
		"viqr/005.viqr":       "VIQR, độ tin cậy",
	}
	want := map[string]string{}
	var args []string
	for name := range vectors {
		p, exp := copyVector(t, dir, name)
		want[p] = exp
		args = append(args, p)
	}
	unicodeFile := filepath.Join(dir, "da-unicode.txt")
	os.WriteFile(unicodeFile, []byte("Cổng Thông tin điện tử tỉnh Đồng Nai"), 0o644)
	args = append(args, unicodeFile)
	stdout, _, err := runCmd(t, env(nil), append([]string{"convert"}, args...)...)
	if err != nil {
		t.Fatalf("convert: %v\n%s", err, stdout)
	}
	for name, label := range vectors {
		p := filepath.Join(dir, filepath.Base(name))
		got, err := os.ReadFile(p + ".utf8.txt")
		if err != nil || string(got) != want[p] {
			t.Errorf("%s: wrote %q, %v; want %q", name, got, err, want[p])
		}
		if !strings.Contains(stdout, p+": "+label) || !strings.Contains(stdout, "→ "+p+".utf8.txt") {
			t.Errorf("report lacks %q for %s:\n%s", label, p, stdout)
		}
	}
	if !strings.Contains(stdout, unicodeFile+": đã là Unicode") {
		t.Errorf("Unicode file not reported as left alone:\n%s", stdout)
	}
	if _, err := os.Stat(unicodeFile + ".utf8.txt"); err == nil {
		t.Error("a copy of the Unicode file was written")
	}
}

func TestConvertFromAndOut(t *testing.T) {
	dir, out := t.TempDir(), filepath.Join(t.TempDir(), "ket-qua")
	p, want := copyVector(t, dir, "tcvn5712-1/009.tcvn")
	stdout, _, err := runCmd(t, env(nil), "convert", p, "--from", "vn1", "--out", out)
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(out, "009.tcvn.utf8.txt"))
	if err != nil || string(got) != want {
		t.Errorf("wrote %q, %v; want %q", got, err, want)
	}
	if !strings.Contains(stdout, "TCVN 5712:1993 (VN1), theo --from") {
		t.Errorf("report: %q", stdout)
	}
}

func TestConvertLowConfidenceLeftAlone(t *testing.T) {
	p := filepath.Join(t.TempDir(), "latin1.txt")
	os.WriteFile(p, []byte("Caf\xe9 cr\xe8me"), 0o644)
	stdout, _, err := runCmd(t, env(nil), "convert", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "để nguyên") {
		t.Errorf("report: %q", stdout)
	}
	if _, err := os.Stat(p + ".utf8.txt"); err == nil {
		t.Error("low-confidence file was converted")
	}
}

func TestConvertBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
		code int
	}{
		{"missing file", []string{"convert", filepath.Join(dir, "khong-co.txt")}, "không đọc được tệp: không tồn tại", 1},
		{"unknown encoding", []string{"convert", "--from", "latin1", "x.txt"}, "bảng mã \"latin1\" không hỗ trợ", 2},
		{"no file", []string{"convert", "--from", "auto"}, "thiếu tệp", 2},
		{"unknown flag", []string{"convert", "--to", "x"}, "flag provided but not defined", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, env(nil), tt.args...)
			if err == nil {
				t.Fatal("succeeded; want an error")
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q; want one line containing %q", msg, tt.want)
			}
			if ExitCode(err) != tt.code {
				t.Errorf("exit code %d; want %d", ExitCode(err), tt.code)
			}
			if strings.Contains(stderr, "Usage") {
				t.Errorf("usage dump on stderr: %q", stderr)
			}
		})
	}
}
