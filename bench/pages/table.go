package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/congportal/cong/bench/internal/machine"
)

// ms writes an answer's time: milliseconds, or what ended it.
func (r result) ms() string {
	switch r.err {
	case "":
		return millis(r.d)
	case "timeout":
		return ">" + strconv.Itoa(int(r.d.Seconds())) + " s"
	case "no link":
		return "–"
	}
	return fmt.Sprintf("%s at %.1f s", r.err, r.d.Seconds())
}

func (r result) statusText() string {
	if r.err != "" {
		return "–"
	}
	return strconv.Itoa(r.status)
}

func millis(d time.Duration) string {
	ms := float64(d.Microseconds()) / 1000
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f", ms)
	case ms < 1000:
		return fmt.Sprintf("%.1f", ms)
	}
	return fmt.Sprintf("%.0f", ms)
}

// median is the median of the page's answers (a failed answer counts
// with the time it took, which is less than the page needs).
func (p *page) median() time.Duration {
	ds := make([]time.Duration, len(p.results))
	for i, r := range p.results {
		ds[i] = r.d
	}
	return medianOf(ds)
}

func medianOf(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	ds = slices.Clone(ds)
	slices.Sort(ds)
	if len(ds)%2 == 1 {
		return ds[len(ds)/2]
	}
	return (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
}

// printTable writes one row per page, then the median over the page
// kinds and the slowest, for the first answers and for the medians.
func printTable(w io.Writer, pages []*page, markdown bool) {
	head := []string{"page", "path", "status", "bytes", "first ms", "median ms", "answers", "X-Cache"}
	var rows [][]string
	var firsts, medians []time.Duration
	var slowest *page
	for _, p := range pages {
		f := p.first()
		if len(p.results) == 0 {
			rows = append(rows, []string{p.name, "(no link found)", "–", "–", "–", "–", "0", ""})
			continue
		}
		med := millis(p.median())
		if f.failed() && len(p.results) == 1 {
			med = f.ms()
		}
		rows = append(rows, []string{p.name, p.shown, f.statusText(), strconv.FormatInt(f.bytes, 10), f.ms(), med,
			strconv.Itoa(len(p.results)), f.cache})
		firsts = append(firsts, f.d)
		medians = append(medians, p.median())
		if slowest == nil || f.d > slowest.first().d {
			slowest = p
		}
	}
	if markdown {
		fmt.Fprintln(w, "| "+strings.Join(head, " | ")+" |")
		fmt.Fprintln(w, "|"+strings.Repeat("---|", len(head)))
		for _, r := range rows {
			r[1] = "`" + r[1] + "`"
			fmt.Fprintln(w, "| "+strings.Join(r, " | ")+" |")
		}
	} else {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t")+"\t")
		}
		tw.Flush()
	}
	if slowest == nil {
		return
	}
	fmt.Fprintf(w, "\n%d page kinds: first answers median %s ms, slowest %s (%s); medians: median %s ms\n",
		len(firsts), millis(medianOf(firsts)), slowest.first().ms(), slowest.name, millis(medianOf(medians)))
}

// pageJSON is one row of the table in the -json file.
type pageJSON struct {
	Page     string  `json:"page"`
	Path     string  `json:"path"`
	Status   int     `json:"status"`
	Bytes    int64   `json:"bytes"`
	FirstMS  float64 `json:"first_ms"`
	MedianMS float64 `json:"median_ms"`
	Answers  int     `json:"answers"`
	Error    string  `json:"error,omitempty"` // closed, timeout, no link
}

// writeJSON writes the run's rows with the machine's load average.
func writeJSON(path, base string, pages []*page) error {
	out := struct {
		Base  string     `json:"base"`
		Load  string     `json:"load_average"`
		At    time.Time  `json:"at"`
		Pages []pageJSON `json:"pages"`
	}{Base: base, Load: machine.LoadAvg(), At: time.Now().UTC()}
	for _, p := range pages {
		f := p.first()
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		out.Pages = append(out.Pages, pageJSON{Page: p.name, Path: p.shown, Status: f.status, Bytes: f.bytes,
			FirstMS: ms(f.d), MedianMS: ms(p.median()), Answers: len(p.results), Error: f.err})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
