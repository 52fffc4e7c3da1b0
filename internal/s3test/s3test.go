// Package s3test runs a real S3-compatible server for tests: MinIO,
// built by `go install` into $HOME/.cache/cong-tools (see .ci/setup),
// listening on a free loopback port, with its data in the test's
// temporary folder. When the binary is missing the test is skipped,
// except under CI=true, where it fails: CI must prove that media and
// backups really go to S3 and come back.
package s3test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/congportal/cong/internal/s3conf"
	"github.com/congportal/cong/internal/testenv"
)

// Version is the MinIO server the tests run: the module's newest
// commit (it publishes no semantic versions, so go install takes this
// pseudo-version).
const Version = "v0.0.0-20260212201848-7aac2a2c5b7c"

// Binary returns the path of minio: $CONG_MINIO, or the copy that
// .ci/setup builds under $HOME/.cache/cong-tools.
func Binary() string {
	if p := os.Getenv("CONG_MINIO"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "cong-tools", "minio-"+Version, "minio")
}

// Server is a running MinIO.
type Server struct {
	Config s3conf.Config // endpoint and credentials for the portal
	URL    string        // http://host:port

	cmd  *exec.Cmd
	dir  string
	logs *strings.Builder
	mu   sync.Mutex
}

// Start runs MinIO on a free loopback port and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if _, err := os.Stat(bin); err != nil {
		testenv.Missing(t, "minio not found at %s (GOBIN=$HOME/.cache/cong-tools/minio-%s go install github.com/minio/minio@%s, as .ci/setup does)",
			bin, Version, Version)
	}
	addr := freeAddr(t)
	key := make([]byte, 12)
	rand.Read(key)
	s := &Server{URL: "http://" + addr, dir: t.TempDir(), logs: &strings.Builder{},
		Config: s3conf.Config{Endpoint: "http://" + addr, AccessKey: "cong-test", SecretKey: hex.EncodeToString(key), Region: "us-east-1"}}
	s.cmd = exec.Command(bin, "server", "--quiet", "--address", addr, "--console-address", freeAddr(t), s.dir)
	s.cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+s.Config.AccessKey,
		"MINIO_ROOT_PASSWORD="+s.Config.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=1", // a single drive in a temporary folder, no root-disk warnings
	)
	s.cmd.Stdout, s.cmd.Stderr = (*syncWriter)(s), (*syncWriter)(s)
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start minio: %v", err)
	}
	t.Cleanup(s.stop)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/minio/health/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("minio did not start on %s in 60 s:\n%s", addr, s.output())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return s
}

// Bucket makes a new bucket and returns it as s3://NAME.
func (s *Server) Bucket(t testing.TB, name string) string {
	t.Helper()
	c, err := s.Config.Client()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v\n%s", name, err, s.output())
	}
	return "s3://" + name
}

// Client is a client of the server, for tests that look into a bucket.
func (s *Server) Client(t testing.TB) *minio.Client {
	t.Helper()
	c, err := s.Config.Client()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Getenv answers CONG_S3_* as the portal's commands read them, and
// falls back to other for the rest.
func (s *Server) Getenv(other func(string) string) func(string) string {
	return func(k string) string {
		switch k {
		case "CONG_S3_ENDPOINT":
			return s.Config.Endpoint
		case "CONG_S3_ACCESS_KEY":
			return s.Config.AccessKey
		case "CONG_S3_SECRET_KEY":
			return s.Config.SecretKey
		case "CONG_S3_REGION":
			return s.Config.Region
		}
		if other == nil {
			return ""
		}
		return other(k)
	}
}

func (s *Server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// syncWriter collects the server's output for failure messages.
type syncWriter Server

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.logs.Len() < 64<<10 {
		w.logs.Write(p)
	}
	return len(p), nil
}

func (s *Server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// String names the server in messages.
func (s *Server) String() string { return fmt.Sprintf("minio at %s", s.URL) }
