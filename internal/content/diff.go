package content

import (
	"strings"
	"unicode"

	"github.com/congportal/cong/internal/richtext"
)

// Op is what happened to a run of words between two revisions.
type Op int

// The operations of a diff.
const (
	Same Op = iota
	Added
	Removed
)

// Chunk is a run of words that was kept, added or removed.
type Chunk struct {
	Op   Op
	Text string
}

// FieldDiff is the difference in one field between two revisions.
type FieldDiff struct {
	Field   string // "title", "summary", "body", "author", "source"
	Changed bool
	Chunks  []Chunk
}

// Compare returns a readable word-level difference between revisions a
// and b: the title, summary, body (as text), author and source.
func Compare(a, b *Revision) []FieldDiff {
	pairs := []struct{ name, x, y string }{
		{"title", a.Title, b.Title},
		{"summary", a.Summary, b.Summary},
		{"body", richtext.PlainText(a.Body), richtext.PlainText(b.Body)},
		{"author", a.Author, b.Author},
		{"source", a.Source, b.Source},
	}
	out := make([]FieldDiff, 0, len(pairs))
	for _, p := range pairs {
		chunks := DiffWords(p.x, p.y)
		out = append(out, FieldDiff{Field: p.name, Changed: p.x != p.y, Chunks: chunks})
	}
	return out
}

// DiffWords compares two texts word by word (keeping the spaces and line
// breaks with the words) with Myers' algorithm, which finds the shortest
// edit and so the diff a person expects. Texts that differ in more than
// maxEdits words are shown as wholly replaced, to bound time and memory.
func DiffWords(a, b string) []Chunk {
	x, y := tokens(a), tokens(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var out []Chunk
	add := func(op Op, t string) {
		if t == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += t
		} else {
			out = append(out, Chunk{Op: op, Text: t})
		}
	}
	add(Same, strings.Join(x[:pre], ""))
	mx, my := x[pre:len(x)-suf], y[pre:len(y)-suf]
	ops, ok := myers(mx, my)
	if !ok {
		add(Removed, strings.Join(mx, ""))
		add(Added, strings.Join(my, ""))
	}
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Same:
			add(Same, mx[i])
			i, j = i+1, j+1
		case Removed:
			add(Removed, mx[i])
			i++
		case Added:
			add(Added, my[j])
			j++
		}
	}
	add(Same, strings.Join(x[len(x)-suf:], ""))
	return out
}

// maxEdits bounds the Myers search: its memory grows with the square of
// the number of edits.
const maxEdits = 2000

// tokens splits text into words, each with the white space after it.
func tokens(s string) []string {
	var out []string
	start := 0
	inSpace := false
	for i, r := range s {
		sp := unicode.IsSpace(r)
		if inSpace && !sp {
			out = append(out, s[start:i])
			start = i
		}
		inSpace = sp
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// myers returns the edit script from x to y, or false when more than
// maxEdits edits are needed. trace[d] keeps the furthest points of step d
// for diagonals -d…d only, so memory is about maxEdits² in the worst case.
func myers(x, y []string) ([]Op, bool) {
	n, m := len(x), len(y)
	if n+m == 0 {
		return nil, true
	}
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= n+m && d <= maxEdits; d++ {
		for k := -d; k <= d; k += 2 {
			var i int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				i = v[off+k+1]
			} else {
				i = v[off+k-1] + 1
			}
			j := i - k
			for i < n && j < m && x[i] == y[j] {
				i, j = i+1, j+1
			}
			v[off+k] = i
			if i >= n && j >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return backtrack(trace, n, m), true
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

// backtrack walks the trace from the end to recover the operations.
func backtrack(trace [][]int, n, m int) []Op {
	at := func(d, k int) int { return trace[d][k+d] } // trace[d] covers k in -d…d
	var ops []Op
	i, j := n, m
	for d := len(trace) - 1; d > 0; d-- {
		k := i - j
		var pk int
		if k == -d || (k != d && at(d-1, k-1) < at(d-1, k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		pi := at(d-1, pk)
		pj := pi - pk
		for i > pi && j > pj {
			ops = append(ops, Same)
			i, j = i-1, j-1
		}
		if i == pi {
			ops = append(ops, Added)
		} else {
			ops = append(ops, Removed)
		}
		i, j = pi, pj
	}
	for i > 0 && j > 0 {
		ops = append(ops, Same)
		i, j = i-1, j-1
	}
	for l, r := 0, len(ops)-1; l < r; l, r = l+1, r-1 {
		ops[l], ops[r] = ops[r], ops[l]
	}
	return ops
}
