package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// The diagnostics, off unless asked for: a CPU profile of the first node
// over the run (-profile), and what the database's backends are doing,
// sampled (-pg-sample).

// heapProfile fetches the node's heap profile into file.
func heapProfile(ctx context.Context, addr, file string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/debug/pprof/heap", nil)
	resp, err := (&http.Client{Timeout: time.Minute}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("heap profile: %s", resp.Status)
	}
	f, err := os.Create(file) // #nosec G304 -- the file the operator names (-profile)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// profileNode fetches a CPU profile of d from the node's profiler
// (CONG_PPROF_ADDR) into file; the returned function waits for it.
func profileNode(ctx context.Context, addr string, d time.Duration, file string) func() error {
	errc := make(chan error, 1)
	go func() {
		secs := int(d.Round(time.Second) / time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, max(1, secs)), nil)
		resp, err := (&http.Client{Timeout: d + time.Minute}).Do(req)
		if err != nil {
			errc <- err
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			errc <- fmt.Errorf("profile: %s", resp.Status)
			return
		}
		f, err := os.Create(file) // #nosec G304 -- the file the operator names (-profile)
		if err != nil {
			errc <- err
			return
		}
		if _, err := io.Copy(f, resp.Body); err != nil {
			_ = f.Close()
			errc <- err
			return
		}
		errc <- f.Close()
	}()
	return func() error { return <-errc }
}

// pgSampler counts, every 50 ms, the statements the database's backends
// are running and what they wait for.
type pgSampler struct {
	mu      sync.Mutex
	samples int
	active  int
	byQuery map[string]int
	byWait  map[string]int
}

func samplePG(ctx context.Context, db *sql.DB, name string) (*pgSampler, func()) {
	s := &pgSampler{byQuery: map[string]int{}, byWait: map[string]int{}}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rows, err := db.QueryContext(ctx, `SELECT COALESCE(wait_event_type || ':' || wait_event, 'CPU'), query
				FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`, name)
			if err != nil {
				continue
			}
			s.mu.Lock()
			s.samples++
			for rows.Next() {
				var wait, q string
				if rows.Scan(&wait, &q) == nil {
					s.active++
					s.byWait[wait]++
					s.byQuery[strings.Join(strings.Fields(q), " ")]++
				}
			}
			s.mu.Unlock()
			rows.Close()
		}
	}()
	return s, func() { cancel(); <-done }
}

// print writes the commonest statements and waits.
func (s *pgSampler) print(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.samples == 0 {
		return
	}
	fmt.Fprintf(w, "  PostgreSQL, sampled every 50 ms (%d samples): %.1f backends of the database active on average\n",
		s.samples, float64(s.active)/float64(s.samples))
	top := func(m map[string]int, n, width int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return m[b] - m[a] })
		for _, k := range keys[:min(n, len(keys))] {
			fmt.Fprintf(w, "    %5.1f %%  %.*s\n", 100*float64(m[k])/float64(max(1, s.active)), width, k)
		}
	}
	fmt.Fprintln(w, "   waits (CPU: none):")
	top(s.byWait, 6, 80)
	fmt.Fprintln(w, "   statements:")
	top(s.byQuery, 8, 300)
}
