package web

import (
	"net/url"
	"strings"
	"testing"
)

// browserHost is where a browser would go for a Location of loc, by the
// WHATWG URL rules that matter here: leading C0 controls and spaces
// trimmed, tabs and newlines removed anywhere, backslashes read as
// slashes. "" means this portal.
func browserHost(loc string) string {
	loc = strings.TrimLeft(loc, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	if strings.HasPrefix(loc, "//") {
		return "other"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "unparsable"
	}
	if u.Scheme != "" || u.Host != "" {
		return "other"
	}
	return ""
}

// FuzzLocalTarget: whatever a request sends as next=, what safeNext
// returns leads a browser to this portal.
func FuzzLocalTarget(f *testing.F) {
	for _, s := range []string{"/", "/quan-tri/", "/\t/evil", "//evil", "/\\evil", "https://evil", "/%2F/evil",
		"/a?b=c#d", "/\u00a0/evil", "/\x00", "javascript:alert(1)", "/en/tin-tuc/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if h := browserHost(got); h != "" {
			t.Fatalf("safeNext(%q) = %q: a browser goes to %s", next, got, h)
		}
		if p, ok := localTarget(next); ok && p != next {
			t.Fatalf("localTarget changed %q to %q", next, p)
		}
	})
}
