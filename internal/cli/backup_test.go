package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store"
)

// demoData makes a data folder holding a SQLite portal with the demo
// content, its images and a secret key file, and returns the folder.
func demoData(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, "", data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Fill(ctx, db, time.Now, demo.WithMedia(filepath.Join(data, "media"))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "secret.key"), []byte(strings.Repeat("ab", 32)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBackupAndRestoreCommands runs cong backup and cong restore as an
// operator would: the key apart, a restore into an empty folder, the
// refusal of a folder that holds data and of --replace without --yes,
// and a damaged backup named by verify and refused by restore.
func TestBackupAndRestoreCommands(t *testing.T) {
	data := demoData(t)
	to := filepath.Join(t.TempDir(), "sao-luu")
	keyCopy := filepath.Join(t.TempDir(), "khoa-cat-rieng.key")
	out, _, err := runCmd(t, env(nil), "backup", "--data", data, "--to", to, "--with-key", keyCopy)
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out, "Đã sao lưu "+to+"/cong-") || !strings.Contains(out, "Đã chép khóa bí mật vào "+keyCopy) {
		t.Fatalf("backup said:\n%s", out)
	}
	if b, err := os.ReadFile(keyCopy); err != nil || string(b) != strings.Repeat("ab", 32)+"\n" {
		t.Fatalf("the key copy: %q, %v", b, err)
	}
	if fi, _ := os.Stat(keyCopy); fi.Mode().Perm() != 0o600 {
		t.Errorf("the key copy has mode %v", fi.Mode().Perm())
	}
	// The key is nowhere in the backup.
	filepath.Walk(to, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), strings.Repeat("ab", 32)) || fi.Name() == "secret.key" {
				t.Errorf("%s holds the secret key", p)
			}
		}
		return nil
	})
	if _, _, err := runCmd(t, env(nil), "backup", "--data", data, "--to", to, "--with-key", filepath.Join(to, "k")); ExitCode(err) != 2 {
		t.Errorf("--with-key inside the backups: %v", err)
	}
	names, _ := os.ReadDir(to)
	var name string
	for _, n := range names {
		if strings.HasPrefix(n.Name(), "cong-") {
			name = filepath.Join(to, n.Name())
		}
	}

	out, _, err = runCmd(t, env(nil), "backup", "verify", name)
	if err != nil || !strings.Contains(out, "nguyên vẹn") {
		t.Fatalf("verify: %v\n%s", err, out)
	}

	target := t.TempDir()
	out, _, err = runCmd(t, env(nil), "restore", name, "--data", target)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.Contains(out, "Đã khôi phục") {
		t.Fatalf("restore said:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(target, "media")); err != nil {
		t.Errorf("no media restored: %v", err)
	}
	_, _, err = runCmd(t, env(nil), "restore", "--data", target, name)
	if err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Errorf("restore into a folder with data: %v", err)
	}
	if _, _, err := runCmd(t, env(nil), "restore", "--data", target, "--replace", name); ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("--replace without --yes: %v", err)
	}
	if out, _, err := runCmd(t, env(nil), "restore", "--data", target, "--replace", "--yes", name); err != nil {
		t.Errorf("--replace --yes: %v\n%s", err, out)
	}

	// One byte changed in the users' table: named, and nothing written.
	file := filepath.Join(name, "tables", "users.jsonl.gz")
	b, _ := os.ReadFile(file)
	b[len(b)/2] ^= 1
	os.WriteFile(file, b, 0o600)
	if _, _, err := runCmd(t, env(nil), "backup", "verify", name); err == nil || !strings.Contains(err.Error(), "tables/users.jsonl.gz") {
		t.Errorf("verify of a changed file: %v", err)
	}
	empty := t.TempDir()
	if _, _, err := runCmd(t, env(nil), "restore", name, "--data", empty); err == nil || !strings.Contains(err.Error(), "tables/users.jsonl.gz") {
		t.Errorf("restore of a changed file: %v", err)
	}
	db, err := store.Open(context.Background(), "", empty)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(context.Background()); err == nil {
		t.Errorf("a refused restore wrote the schema (version %d)", v)
	}
}

// TestBackupKillDrill kills `cong backup` (the real binary) with SIGKILL
// at random moments, five times: every backup present under a final
// name afterwards verifies, the shared media store holds no object whose
// bytes are not its name, and the next backup completes.
func TestBackupKillDrill(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "cong")
	build := exec.Command("go", "build", "-o", bin, "github.com/congportal/cong/cmd/cong")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := demoData(t)
	to := filepath.Join(t.TempDir(), "sao-luu")
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "backup", "--data", data, "--to", to)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	start := time.Now()
	if err := run().Wait(); err != nil {
		t.Fatalf("a backup left alone: %v", err)
	}
	full := time.Since(start)
	killedWhileRunning := 0
	for range 5 {
		// Clear the shared store now and then, so that kills also land
		// while media are copied.
		if rand.IntN(2) == 0 {
			os.RemoveAll(filepath.Join(to, "media"))
		}
		time.Sleep(1100 * time.Millisecond) // a new second: a new backup name
		cmd := run()
		time.Sleep(time.Duration(rand.Int64N(int64(full))))
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) && !ee.Exited() {
			killedWhileRunning++
		}
	}
	if killedWhileRunning == 0 {
		t.Fatalf("no kill landed while a backup ran (a full backup takes %v)", full)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := run().Wait(); err != nil {
		t.Fatalf("the backup after the kills: %v", err)
	}
	ctx := context.Background()
	dest := &backup.Local{Dir: to}
	entries, _ := os.ReadDir(to)
	complete, partial := 0, 0
	for _, e := range entries {
		switch {
		case e.Name() == "media":
		case strings.HasPrefix(e.Name(), "."):
			partial++
		default:
			if _, err := backup.Verify(ctx, dest, e.Name(), nil); err != nil {
				t.Errorf("%s is under a final name but does not verify: %v", e.Name(), err)
			}
			complete++
		}
	}
	filepath.Walk(filepath.Join(to, "media"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !strings.HasPrefix(fi.Name(), ".tmp-") {
			b, _ := os.ReadFile(p)
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != fi.Name() {
				t.Errorf("media object %s does not hold its bytes", p)
			}
		}
		return nil
	})
	t.Logf("a backup takes %v; %d of 5 kills landed while it ran; %d backups complete and verified, %d unfinished left under a temporary name after the last backup", full.Round(time.Millisecond), killedWhileRunning, complete, partial)
	if partial != 0 {
		t.Errorf("the backup after the kills left %d unfinished ones behind", partial)
	}
	if complete < 2 {
		t.Errorf("%d complete backups, want the first and the last at least", complete)
	}
}
