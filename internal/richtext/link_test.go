package richtext

import "testing"

func TestLink(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "",
		" https://vbpl.vn/x?a=1 ":      "https://vbpl.vn/x?a=1",
		"http://example.gov.vn/a.pdf":  "http://example.gov.vn/a.pdf",
		"/media/3/abc.pdf":             "/media/3/abc.pdf",
		"javascript:alert(1)":          "!",
		"data:text/html,x":             "!",
		"//evil.example/x":             "!",
		"https://user:pw@example.org/": "!",
		"https:///nohost":              "!",
		"/a b":                         "!",
		"ftp://example.org/a":          "!",
	} {
		got, ok := Link(in)
		if want == "!" {
			if ok {
				t.Errorf("Link(%q) = %q, accepted", in, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("Link(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
