package richtext

import (
	"strings"
	"testing"
)

func TestFromPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đoạn một.\n\nĐoạn hai,\ndòng hai.", "<p>Đoạn một.</p>\n<p>Đoạn hai,<br>dòng hai.</p>\n"},
		{"Một\r\n\r\n\r\nHai", "<p>Một</p>\n<p>Hai</p>\n"},
		{"a < b và c > d", "<p>a &lt; b và c &gt; d</p>\n"},
		{"<p>Đã là HTML.</p>", "<p>Đã là HTML.</p>"},
		{"Tom &amp; Jerry", "Tom &amp; Jerry"}, // a character reference: markup, left to Sanitize
		{"  \n ", "  \n "},
	}
	for _, tt := range tests {
		if got := FromPlainText(tt.in); got != tt.want {
			t.Errorf("FromPlainText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFromPlainText(f *testing.F) {
	f.Add("Đoạn một.\n\nĐoạn hai.")
	f.Add("a <b> c")
	f.Add("<script>alert(1)</script>")
	f.Fuzz(func(t *testing.T, s string) {
		out := FromPlainText(s)
		if markup.MatchString(s) || out == s {
			return // markup is Sanitize's to clean
		}
		// Plain text comes out as paragraphs and line breaks only: any
		// other "<" was escaped.
		rest := strings.NewReplacer("<p>", "", "</p>", "", "<br>", "").Replace(out)
		if strings.Contains(rest, "<") {
			t.Errorf("FromPlainText(%q) = %q: a tag that is not ours", s, out)
		}
	})
}
