package web

import (
	"net/url"
	"strconv"
	"strings"
)

// listCount is how many a list matches as its page says it: the number,
// or "more than" a cap when counting on would read every row of a
// province's years of work (content.CountCap).
type listCount struct {
	N    int
	More bool // more than N match
}

// countOf is n as counted up to limit + 1: beyond limit it says "more
// than limit".
func countOf(n, limit int) listCount {
	if n > limit {
		return listCount{N: limit, More: true}
	}
	return listCount{N: n}
}

// In writes the count in lang: "hơn 10.000", "more than 10,000".
func (c listCount) In(lang string) string {
	n := groupDigits(c.N, lang)
	if c.More {
		return translate(lang, "search.morethan") + " " + n
	}
	return n
}

// groupDigits writes n with its thousands grouped as lang does: 10.000
// in Vietnamese, 10,000 in English.
func groupDigits(n int, lang string) string {
	s := strconv.Itoa(n)
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pageLinks returns the links to the previous and next pages of a
// list at path with query q, for page n (from 1); next only when more
// exist.
func pageLinks(path string, q url.Values, n int, more bool) (prev, next string) {
	link := func(k int) string {
		v := url.Values{}
		for key, vals := range q {
			v[key] = vals
		}
		v.Del("trang")
		if k > 1 {
			v.Set("trang", strconv.Itoa(k))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if n > 1 {
		prev = link(n - 1)
	}
	if more {
		next = link(n + 1)
	}
	return prev, next
}
