package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/store"
)

// phases splits the timed searches' wall time by statement (-phases):
// each statement is charged from its start to the next statement's
// start, or to the end of its search, so that the time a statement
// waits for, and the Go work after it, are its own. "before the first
// statement" is the parsing before any. A statement run beside another
// (the title group during the count) shares the span.
type phases struct {
	db    *store.DB
	on    bool
	mu    sync.Mutex
	last  time.Time
	label string
	spent map[string]time.Duration
	runs  map[string]int
	stop  func()
}

func newPhases(db *store.DB, on bool) *phases {
	p := &phases{db: db, on: on, spent: map[string]time.Duration{}, runs: map[string]int{}}
	if on {
		p.stop = db.Trace(func(query string, args []any) {
			p.mu.Lock()
			defer p.mu.Unlock()
			now := time.Now()
			p.spent[p.label] += now.Sub(p.last)
			p.last, p.label = now, statementLabel(query)
			p.runs[p.label]++
		})
	}
	return p
}

func (p *phases) begin(t time.Time) {
	if p.on {
		p.mu.Lock()
		p.last, p.label = t, "before the first statement"
		p.mu.Unlock()
	}
}

func (p *phases) end() {
	if p.on {
		p.mu.Lock()
		p.spent[p.label] += time.Since(p.last)
		p.mu.Unlock()
	}
}

func (p *phases) print(searches int) {
	if !p.on {
		return
	}
	p.stop()
	labels := make([]string, 0, len(p.spent))
	var all time.Duration
	for l, d := range p.spent {
		labels = append(labels, l)
		all += d
	}
	slices.SortFunc(labels, func(a, b string) int { return int(p.spent[b] - p.spent[a]) })
	fmt.Printf("where the time went, per search (%d searches, %.2f ms each on average):\n", searches, float64(all.Microseconds())/1000/float64(searches))
	for _, l := range labels {
		fmt.Printf("  %7.3f ms  %5.2f runs  %s\n", float64(p.spent[l].Microseconds())/1000/float64(searches), float64(p.runs[l])/float64(searches), l)
	}
}

var placeholders = regexp.MustCompile(`(\?, )+\?`)

// statementLabel is a statement on one line, its lists of placeholders
// shortened, cut at 150 characters.
func statementLabel(q string) string {
	q = placeholders.ReplaceAllString(strings.Join(strings.Fields(q), " "), "?…")
	if len(q) > 150 {
		q = q[:150] + "…"
	}
	return q
}
