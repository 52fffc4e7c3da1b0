package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/testenv"
)

// The fault tests stop a database server, fill a disk or make a file
// read-only, on real parts: a PostgreSQL cluster of their own and a small
// tmpfs. Both need root, as CI has (it runs .ci/run as root on the same
// kind of machine); elsewhere they are reported by testenv.Missing,
// which skips outside CI and fails under CI=true.

// SQLiteIn opens a migrated SQLite database in dir (cong.db), for a test
// that chooses where the file lives (a small tmpfs).
func SQLiteIn(t testing.TB, dir string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatalf("open sqlite in %s: %v", dir, err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db)
	return db
}

// needRoot reports a test that needs root where it is not.
func needRoot(t testing.TB, what string) {
	t.Helper()
	if os.Geteuid() != 0 {
		testenv.Missing(t, "%s needs root (CI runs as root)", what)
	}
}

// Tmpfs mounts a tmpfs of size bytes on a new folder and unmounts it when
// the test ends (after the databases opened in it are closed, which
// their cleanups, registered later, do first).
func Tmpfs(t testing.TB, size int64) string {
	t.Helper()
	needRoot(t, "mounting a tmpfs")
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.FormatInt(size, 10)+",mode=0750", "tmpfs", dir).CombinedOutput()
	if err != nil {
		testenv.Missing(t, "mount a tmpfs on %s: %v: %s", dir, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	return dir
}

// FillDisk writes a file in dir until its file system has no space left.
func FillDisk(t testing.TB, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "fill"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for size := len(chunk); size > 0; {
		if _, err := f.Write(chunk[:size]); err != nil {
			if !strings.Contains(err.Error(), "no space left") {
				t.Fatalf("fill %s: %v", dir, err)
			}
			size /= 2
		}
	}
}

// Immutable sets the immutable flag on files (chattr +i) until the test
// ends: the one way to make a file read-only for root, who ignores
// permissions. It needs root and a file system with the flag (ext4, as
// CI has).
func Immutable(t testing.TB, files ...string) {
	t.Helper()
	needRoot(t, "chattr +i")
	for _, f := range files {
		if out, err := exec.Command("chattr", "+i", f).CombinedOutput(); err != nil {
			testenv.Missing(t, "chattr +i %s (needs a file system with the immutable flag, such as ext4): %v: %s", f, err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", f).Run() })
	}
}

// Cluster is a PostgreSQL server of a test's own, on a free port, that
// the test may stop and start again.
type Cluster struct {
	URL  string // of its database "postgres"
	dir  string
	bin  string
	port int
	cred *syscall.Credential
}

// NewCluster makes and starts a throwaway PostgreSQL cluster (initdb and
// pg_ctl, as the postgres user; about a second) and removes it when the
// test ends.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	needRoot(t, "a throwaway PostgreSQL cluster")
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		testenv.Missing(t, "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
	}
	sort.Strings(bins)
	pg, err := user.Lookup("postgres")
	if err != nil {
		testenv.Missing(t, "no postgres user to run a throwaway cluster: %v", err)
	}
	uid, _ := strconv.Atoi(pg.Uid)
	gid, _ := strconv.Atoi(pg.Gid)
	dir, err := os.MkdirTemp("", "cong-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	c := &Cluster{dir: dir, bin: filepath.Dir(bins[len(bins)-1]), port: freePort(t),
		cred: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
	c.run(t, "initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
	c.Start(t)
	t.Cleanup(func() { c.pgctl("stop", "-m", "immediate") })
	return c
}

// Database creates a database in the cluster and returns the store
// opened on it, migrated.
func (c *Cluster) Database(t testing.TB) *store.DB {
	t.Helper()
	admin, err := store.Open(context.Background(), c.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(context.Background(), "CREATE DATABASE cong"); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	db, err := store.Open(context.Background(), replaceDBName(c.URL, "cong"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db)
	return db
}

// Start starts the server and waits until it accepts connections.
func (c *Cluster) Start(t testing.TB) {
	t.Helper()
	if out, err := c.pgctl("start", "-w", "-l", filepath.Join(c.dir, "log"),
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir)); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "log"))
		t.Fatalf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
}

// Stop stops the server at once, as a crash or an operator would,
// dropping every connection.
func (c *Cluster) Stop(t testing.TB) {
	t.Helper()
	if out, err := c.pgctl("stop", "-w", "-m", "immediate"); err != nil {
		t.Fatalf("pg_ctl stop: %v: %s", err, out)
	}
}

func (c *Cluster) pgctl(args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, "pg_ctl"), append([]string{"-D", filepath.Join(c.dir, "data")}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	return cmd.CombinedOutput()
}

func (c *Cluster) run(t testing.TB, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", name, err, out)
	}
}

// freePort is a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// HoldWriteLock takes the database's write lock from another connection,
// as another process would, until the returned func (also called when
// the test ends) releases it: on SQLite a connection of its own runs
// BEGIN IMMEDIATE; on PostgreSQL a transaction locks table IN EXCLUSIVE
// MODE (reads go on, writes wait).
func HoldWriteLock(t testing.TB, db *store.DB, table string) (release func()) {
	t.Helper()
	ctx := context.Background()
	stop, held, ended := make(chan struct{}), make(chan error, 1), make(chan struct{})
	if db.Dialect == store.SQLite {
		other, err := sql.Open("sqlite", "file:"+db.Location)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := other.Conn(ctx)
		if err == nil {
			_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		}
		held <- err
		go func() {
			<-stop
			if conn != nil {
				conn.ExecContext(ctx, "ROLLBACK")
				conn.Close()
			}
			other.Close()
			close(ended)
		}()
	} else {
		go func() {
			db.InTx(ctx, func(tx *store.Tx) error {
				_, err := tx.Exec(ctx, "LOCK TABLE "+table+" IN EXCLUSIVE MODE")
				held <- err
				<-stop
				return errors.New("released")
			})
			close(ended)
		}()
	}
	if err := <-held; err != nil {
		close(stop)
		t.Fatalf("hold the write lock: %v", err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(stop)
			<-ended
		})
	}
	t.Cleanup(release)
	return release
}
