package richtext

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html/atom"
)

// linkCases are link addresses as an editor may send them (in HTML, so
// entities are decoded first) and whether the link may stay.
var linkCases = []struct {
	href string
	kept bool
}{
	{"/tin-tuc/a", true},
	{"/", true},
	{"/tim-kiem?q=đất+đai", true},
	{"/van-ban/luat#dieu-5", true},
	{"#dieu-5-khoan-2", true},
	{"https://chinhphu.vn/", true},
	{"http://dongnai.gov.vn/tin-tuc?id=1", true},
	{"HTTPS://ChinhPhu.vn/", true},
	{"https://chinhphu.vn:8443/a", true},
	{"mailto:banbientap@dongnai.gov.vn", true},
	{"tel:+842513822222", true},

	// No authority, or an authority a browser finds elsewhere.
	{"https:evil.example", false},
	{"HTTPS:evil.example", false},
	{"https:/evil.example", false},
	{"https:///evil.example", false},
	{"https:\\\\evil.example", false},
	{"https://\\evil.example", false},
	{"http:evil.example/a", false},
	{"https&colon;evil.example", false},
	{"&#104;ttps:evil.example", false},
	{"&#x68;&#x74;&#x74;&#x70;&#x73;&#x3a;&#x2f;evil.example", false},
	{"//evil.example/", false},
	{"///evil.example/", false},
	{"/\\evil.example/", false},
	{"/&#92;evil.example/", false},
	{"\\\\evil.example", false},
	{"https://chinhphu.vn@evil.example/", false},
	{"https://:443/", false},
	{"https://", false},
	// Other schemes, hidden or not.
	{"javascript:alert(1)", false},
	{"JaVaScRiPt:alert(1)", false},
	{"java&#x09;script:alert(1)", false},
	{"&#106;avascript&colon;alert(1)", false},
	{"data:text/html,x", false},
	{"ftp://x.vn/", false},
	{"mailto://evil.example", false},
	{"mailto:", false},
	// Characters browsers strip or reinterpret.
	{" https://chinhphu.vn/", false},
	{"https://chinh phu.vn/", false},
	{"/tin-tuc/a\tb", false},
	{"/a&#x0A;b", false},
	{"/a\u200bb", false},
	{"/a\u00a0b", false},
	{"https://chinhphu.vn/\u2028", false},
	// Not site-relative: resolved against the article's own address.
	{"tin-tuc/a", false},
	{"./a", false},
	{"?trang=2", false},
	{"", false},
}

func TestSanitizeLinks(t *testing.T) {
	for _, tt := range linkCases {
		t.Run(tt.href, func(t *testing.T) {
			out := Sanitize(`<p><a href="` + tt.href + `">liên kết</a></p>`)
			kept := strings.Contains(out, "<a ")
			if kept != tt.kept {
				t.Fatalf("Sanitize(href %q) = %s; want the link kept: %v", tt.href, out, tt.kept)
			}
			if !strings.Contains(out, "liên kết") {
				t.Errorf("Sanitize(href %q) = %s: the text is lost", tt.href, out)
			}
			assertLinks(t, tt.href, out)
			if again := Sanitize(out); again != out {
				t.Errorf("not idempotent: %q then %q", out, again)
			}
		})
	}
}

// A link refused keeps its text and what is inside it; a link without an
// address is text too.
func TestSanitizeRefusedLinkKeepsText(t *testing.T) {
	for in, want := range map[string]string{
		`<p>Xem <a href="https:evil.example"><b>tại đây</b></a>.</p>`: `<p>Xem <b>tại đây</b>.</p>`,
		`<p>a <a target="_blank">b</a> c</p>`:                         `<p>a b c</p>`,
		`<p><a href="javascript:x" target="_blank">b</a></p>`:         `<p>b</p>`,
	} {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

// assertLinks fails when an href left in out is not one the rule allows,
// judged without allowedLink: a path starting with one "/" (not "//" nor
// "/\"), a fragment, http(s) with "//" and a host, mailto: or tel:.
func assertLinks(t *testing.T, in, out string) {
	t.Helper()
	for _, n := range nodes(parse(out)) {
		if n.DataAtom != atom.A {
			continue
		}
		href, ok := lookup(n, "href")
		if !ok {
			t.Errorf("Sanitize(%q) = %q: a link without an address", in, out)
			continue
		}
		if !ruleAllows(href) {
			t.Errorf("Sanitize(%q) = %q: href %q kept", in, out, href)
		}
	}
}

func ruleAllows(href string) bool {
	for _, r := range href {
		if r <= ' ' || r == '\\' || r == 0x7f || r == 0x85 || r == 0xa0 || (r >= 0x2000 && r <= 0x206f) || r == 0xfeff {
			return false
		}
	}
	lower := strings.ToLower(href)
	switch {
	case strings.HasPrefix(href, "#"):
		return true
	case strings.HasPrefix(href, "/"):
		return !strings.HasPrefix(href, "//")
	case strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		u, err := url.Parse(href)
		return err == nil && u.Hostname() != "" && u.User == nil
	case strings.HasPrefix(lower, "mailto:"), strings.HasPrefix(lower, "tel:"):
		return !strings.Contains(href, "//")
	}
	return false
}
