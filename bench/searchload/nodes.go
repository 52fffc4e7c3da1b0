package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// node is a running `cong serve`.
type node struct {
	name, base, log string
	cmd             *exec.Cmd
	done            chan struct{} // closed when the process has ended
}

func (n *node) pid() int { return n.cmd.Process.Pid }

func (n *node) exited() bool {
	select {
	case <-n.done:
		return true
	default:
		return false
	}
}

// startNodes starts count nodes on free 127.0.0.1 ports, one after the
// other (the first makes the secret key in the shared data folder, which
// the others then read), each waited for until it answers a search.
// The first one serves Go's profiler on pprofAddr, when given.
func startNodes(ctx context.Context, c *congCmd, count int, pprofAddr string) ([]*node, error) {
	var nodes []*node
	for i := range count {
		port, err := freePort()
		if err != nil {
			return nodes, err
		}
		n := &node{name: fmt.Sprintf("node %d", i+1), base: fmt.Sprintf("http://127.0.0.1:%d", port),
			log: filepath.Join(c.dir, fmt.Sprintf("node%d.log", i+1)), done: make(chan struct{})}
		f, err := os.Create(n.log)
		if err != nil {
			return nodes, err
		}
		// Not the run's context: stopNodes ends them, in order.
		n.cmd = c.command(context.Background(), "serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--log", "json")
		n.cmd.Stdout, n.cmd.Stderr = f, f
		if i == 0 && pprofAddr != "" {
			n.cmd.Env = append(n.cmd.Env, "CONG_PPROF_ADDR="+pprofAddr)
		}
		if err := n.cmd.Start(); err != nil {
			_ = f.Close()
			return nodes, err
		}
		go func() {
			_ = n.cmd.Wait() // its exit shows in done; its log says why
			_ = f.Close()
			close(n.done)
		}()
		nodes = append(nodes, n)
		if err := waitUp(ctx, n); err != nil {
			return nodes, err
		}
		if err := waitMemory(ctx, n); err != nil {
			return nodes, err
		}
		logf("%s (pid %d) answers at %s", n.name, n.pid(), n.base)
	}
	return nodes, nil
}

// waitUp waits up to 60 s for /readyz and then for a search to answer 200.
func waitUp(ctx context.Context, n *node) error {
	c := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for _, path := range []string{"/readyz", "/api/v1/search?q=%C4%91%E1%BB%93ng+nai"} {
		for {
			if n.exited() {
				return fmt.Errorf("%s ended before it answered:\n%s", n.name, logTail(n.log, 20))
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s did not answer %s within 60 s:\n%s", n.name, path, logTail(n.log, 20))
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, n.base+path, nil)
			resp, err := c.Do(req)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

// stopNodes ends the nodes: SIGTERM, then SIGKILL after 10 s.
func stopNodes(nodes []*node) {
	for _, n := range nodes {
		if !n.exited() {
			_ = n.cmd.Process.Signal(syscall.SIGTERM)
		}
	}
	for _, n := range nodes {
		select {
		case <-n.done:
		case <-time.After(10 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.done
		}
	}
	if len(nodes) > 0 {
		logf("nodes stopped")
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func logTail(path string, n int) string {
	b, err := os.ReadFile(path) // #nosec G304 -- a node's log in this program's temporary folder
	if err != nil {
		return err.Error()
	}
	return tail(string(b), n)
}

// logSummary is what a node's log says about the run: its errors and
// warnings, and the searches it logged as slow (a second or more).
type logSummary struct {
	errors, warnings, slow int
	slowest                time.Duration
	samples                []string
}

func readLog(path string) logSummary {
	var s logSummary
	f, err := os.Open(path) // #nosec G304 -- a node's log in this program's temporary folder
	if err != nil {
		return s
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var l struct {
			Level, Msg, Path string
			Duration         time.Duration
			Status           int
		}
		if json.Unmarshal(sc.Bytes(), &l) != nil {
			continue
		}
		switch l.Level {
		case "ERROR":
			s.errors++
		case "WARN":
			s.warnings++
		}
		if l.Msg == "request" && l.Duration >= time.Second {
			s.slow++
			s.slowest = max(s.slowest, l.Duration)
		}
		if (l.Level == "ERROR" || l.Level == "WARN") && len(s.samples) < 5 {
			s.samples = append(s.samples, sc.Text())
		}
	}
	return s
}
