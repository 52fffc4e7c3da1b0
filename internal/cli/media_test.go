package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/congportal/cong/internal/s3test"
)

// TestMediaMigrateCommand runs cong media migrate as an operator would,
// with the credentials in CONG_S3_*: DATA/media into a bucket, again
// (nothing copied), and back into an empty folder with the same files.
func TestMediaMigrateCommand(t *testing.T) {
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-cli")
	data := demoData(t)
	getenv := s3.Getenv(nil)
	out, _, err := runCmd(t, getenv, "media", "migrate", "--data", data, "--to", "s3://cong-cli/cong/media")
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	files := countFiles(t, filepath.Join(data, "media"))
	if files == 0 || !regexp.MustCompile(`: `+strconv.Itoa(files)+` tệp; chép `+strconv.Itoa(files)+` \(`).MatchString(out) {
		t.Fatalf("migrate of %d files said:\n%s", files, out)
	}
	out, _, err = runCmd(t, getenv, "media", "migrate", "--data", data, "--to", "s3://cong-cli/cong/media")
	if err != nil || !strings.Contains(out, "chép 0 (0 B), đã có "+strconv.Itoa(files)) {
		t.Fatalf("second migrate: %v\n%s", err, out)
	}
	back := filepath.Join(t.TempDir(), "media")
	out, _, err = runCmd(t, getenv, "media", "migrate", "--from", "s3://cong-cli/cong/media", "--to", back)
	if err != nil || countFiles(t, back) != files {
		t.Fatalf("migrate back: %v, %d files\n%s", err, countFiles(t, back), out)
	}
	for _, c := range []struct {
		args []string
		env  func(string) string
		want string
	}{
		{[]string{"media", "migrate", "--data", data}, getenv, "thiếu --to"},
		{[]string{"media", "migrate", "--data", data, "--to", filepath.Join(data, "media")}, getenv, "cũng là nơi chép từ"},
		{[]string{"media", "migrate", "--data", data, "--to", "s3://khong-co-bucket"}, getenv, "không có bucket"},
		{[]string{"media", "migrate", "--data", data, "--to", "s3://cong-cli"}, env(nil), "CONG_S3_ENDPOINT"},
		{[]string{"media", "chep"}, getenv, "cong media migrate"},
	} {
		if _, _, err := runCmd(t, c.env, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v; want an error saying %q", c.args, err, c.want)
		}
	}
}

// TestBackupCommandToS3 backs a portal up into a bucket, verifies the
// backup there and restores it into an empty folder with its media in
// another bucket prefix.
func TestBackupCommandToS3(t *testing.T) {
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-cli-backup")
	data := demoData(t)
	getenv := s3.Getenv(nil)
	out, _, err := runCmd(t, getenv, "backup", "--data", data, "--to", "s3://cong-cli-backup/sao-luu")
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	name := regexp.MustCompile(`Đã sao lưu (s3://cong-cli-backup/sao-luu/cong-[0-9TZ-]+):`).FindStringSubmatch(out)
	if name == nil {
		t.Fatalf("backup said:\n%s", out)
	}
	if out, _, err := runCmd(t, getenv, "backup", "verify", name[1]); err != nil || !strings.Contains(out, "nguyên vẹn") {
		t.Fatalf("verify %s: %v\n%s", name[1], err, out)
	}
	target := t.TempDir()
	out, _, err = runCmd(t, getenv, "restore", name[1], "--data", target, "--media", "s3://cong-cli-backup/media-moi")
	if err != nil || !strings.Contains(out, "Đã khôi phục") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(target, "media")); err == nil {
		t.Error("restore with --media s3://… wrote the media into the data folder")
	}
	out, _, err = runCmd(t, getenv, "media", "migrate", "--from", "s3://cong-cli-backup/media-moi", "--to", filepath.Join(data, "media"))
	if err != nil || !strings.Contains(out, "chép 0 (0 B)") {
		t.Errorf("the restored bucket differs from the original media: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, getenv, "backup", "verify", "s3://cong-cli-backup/sao-luu/cong-khong-co"); err == nil {
		t.Error("verify of an absent backup in the bucket passed")
	}
}

// TestServeMediaOnS3 starts cong serve --demo --media s3://…: the demo's
// images are put in the bucket and served from it.
func TestServeMediaOnS3(t *testing.T) {
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-serve")
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--demo", "--data", data, "--addr", "127.0.0.1:0", "--media", "s3://cong-serve/anh"},
			s3.Getenv(nil), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	addrRE := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/ `)
	var addr string
	for addr == "" && sc.Scan() {
		if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	if addr == "" {
		cancel()
		t.Fatalf("serve did not start: %v", <-done)
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	home, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	img := regexp.MustCompile(`/media/[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}-w[0-9]+\.(jpg|webp|png)`).FindString(string(home))
	if img == "" {
		t.Fatalf("no image on the home page:\n%.2000s", home)
	}
	c := s3.Client(t)
	if _, err := c.StatObject(ctx, "cong-serve", "anh/"+strings.TrimPrefix(img, "/media/"), minio.StatObjectOptions{}); err != nil {
		t.Fatalf("%s is not in the bucket: %v", img, err)
	}
	resp, err = http.Get("http://" + addr + img)
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/") {
		t.Fatalf("GET %s = %v, %v", img, resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after the signal = %v", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return nil
	})
	return n
}
