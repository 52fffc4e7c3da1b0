package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// metric reads one sample of a node's /metrics, and whether the node
// exports it (the words in memory exist on PostgreSQL only, and not with
// --search-memory off).
func metric(ctx context.Context, n *node, name string) (float64, bool) {
	c := &http.Client{Timeout: 5 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, n.base+"/metrics", nil)
	resp, err := c.Do(req)
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), name+" ")
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

// waitMemory waits up to two minutes for a node to answer from the
// index's words in memory, so that the run measures what a node does
// once started, not its first reading. A node without them goes on.
func waitMemory(ctx context.Context, n *node) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		ready, ok := metric(ctx, n, "cong_search_memory_ready")
		if !ok || ready == 1 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not hold the index's words in memory within 2 minutes:\n%s", n.name, logTail(n.log, 20))
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// memoryAnswers is the searches a node answered from memory so far, or
// -1 when it has no words in memory.
func memoryAnswers(ctx context.Context, n *node) int64 {
	v, ok := metric(ctx, n, "cong_search_memory_answers_total")
	if !ok {
		return -1
	}
	return int64(v)
}
