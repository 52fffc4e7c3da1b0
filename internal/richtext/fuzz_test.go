package richtext

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range append([]string{wordPaste, "", "<p>Chƣơng I</p>", "<h1 id=a>x</h1>", "<p>a&nbsp;&nbsp;b</p>",
		"<img src=/a alt=b>", "e<b></b>\u0301", "<p>>\u0338</p>", "<table>x<td>y</table>", "<p>§ång Ñoàng Äá»“ng</p>",
		`<a href="https:evil.example">x</a>`, `<a href="/\\x">x</a>`, `<a href="https://a.vn/" target=_blank>x</a>`},
		xssPayloads...) {
		f.Add(s)
	}
}

func FuzzSanitize(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("Sanitize(%q) = %q: script left", in, out)
		}
		if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
			t.Fatalf("Sanitize(%q) = %q: invalid UTF-8 or not NFC", in, out)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q\n once %q\ntwice %q", in, out, again)
		}
		assertInert(t, in, out)
		assertLinks(t, in, out)
	})
}

func FuzzCheck(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, in string) {
		opts := CheckOptions{LinkExists: func(string) bool { return false },
			InternalHosts: []string{"dongnai.gov.vn"}, Prohibited: []string{"ma túy", "a", "đ b"}}
		for _, p := range Check(in, opts) {
			if p.Code == "" || p.Message.VI == "" || p.Message.EN == "" {
				t.Fatalf("Check(%q): incomplete problem %+v", in, p)
			}
		}
		_ = Highlight(in, opts.Prohibited)
		_ = Excerpt(in, 40)
	})
}
