// Package mailtest runs a real SMTP server for tests: mailpit, built by
// `go install` into $HOME/.cache/cong-tools (see .ci/run), listening on
// free loopback ports, with its HTTP API to read what arrived. When the
// binary is missing the test is skipped, except under CI=true, where it
// fails: CI must prove that mail is really delivered.
package mailtest

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/congportal/cong/internal/testenv"
)

// Version is the mailpit release the tests run.
const Version = "v1.33.1"

// Binary returns the path of mailpit: $CONG_MAILPIT, or the copy that
// .ci/run builds under $HOME/.cache/cong-tools.
func Binary() string {
	if p := os.Getenv("CONG_MAILPIT"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "cong-tools", "mailpit-"+Version, "mailpit")
}

// Server is a running mailpit.
type Server struct {
	SMTPAddr string // host:port for the portal's --smtp-addr
	API      string // http://host:port of the web UI and API

	cmd *exec.Cmd
	bin string
	dir string
}

// Start runs mailpit on free loopback ports and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary()
	if _, err := os.Stat(bin); err != nil {
		msg := fmt.Sprintf("mailpit not found at %s (GOBIN=$HOME/.cache/cong-tools/mailpit-%s go install github.com/axllent/mailpit@%s)", bin, Version, Version)
		testenv.Missing(t, "%s", msg)
	}
	s := &Server{SMTPAddr: freeAddr(t), API: "http://" + freeAddr(t), bin: bin, dir: t.TempDir()}
	s.start(t)
	t.Cleanup(s.Stop)
	return s
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	s.cmd = exec.Command(s.bin,
		"--smtp", s.SMTPAddr,
		"--listen", s.API[len("http://"):],
		"--database", filepath.Join(s.dir, "mailpit.db"),
		// The portal authenticates when given a user name; any will do.
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--quiet", "--disable-version-check")
	s.cmd.Dir = s.dir
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.SMTPAddr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			if resp, err := http.Get(s.API + "/api/v1/messages"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			s.Stop()
			t.Fatalf("mailpit did not start on %s / %s", s.SMTPAddr, s.API)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop ends mailpit: the SMTP server is down until Restart.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Restart starts mailpit again on the same ports, with the mail it had.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	s.start(t)
}

// Address is a mail address as mailpit reports it.
type Address struct{ Name, Address string }

// Message is one received mail, as mailpit parsed it.
type Message struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
	Text      string
	// ListUnsubscribe is mailpit's reading of the List-Unsubscribe header.
	ListUnsubscribe struct {
		Header string
		Links  []string
	}
}

// Messages returns every mail received, newest first, with its text.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	var list struct {
		Messages []Message `json:"messages"`
	}
	s.get(t, "/api/v1/messages?limit=1000", &list)
	for i, m := range list.Messages {
		var full Message
		s.get(t, "/api/v1/message/"+url.PathEscape(m.ID), &full)
		list.Messages[i] = full
	}
	return list.Messages
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := http.Get(s.API + path)
	if err != nil {
		t.Fatalf("mailpit API %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit API %s: HTTP %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit API %s: %v", path, err)
	}
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
