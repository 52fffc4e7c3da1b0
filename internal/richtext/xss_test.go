package richtext

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// xssPayloads are classic script-injection vectors (OWASP cheat sheet,
// html5sec.org and browser-quirk lists), each of which must come out of
// Sanitize inert.
var xssPayloads = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//xss.example/x.js></SCRIPT>`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<script/xss src="//x"></script>`,
	`<<script>alert(1);//<</script>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="/a.png" alt="x" onload="alert(1)">`,
	`<IMG SRC="jav&#x09;ascript:alert(1)">`,
	`<img src=javascript:alert(1)>`,
	`<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">`,
	`<img """><script>alert(1)</script>">`,
	`<img src=/ onerror="&#97;&#108;&#101;&#114;&#116;(1)">`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="JaVaScRiPt:alert(1)">x</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="jav&#x0A;ascript:alert(1)">x</a>`,
	`<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
	`<a href="&#x6A;avascript&colon;alert(1)">x</a>`,
	`<a href=" javascript:alert(1)">x</a>`,
	`<a href="\x01javascript:alert(1)">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<a href="VBScript:msgbox(1)">x</a>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<a href="DATA:text/html,<script>alert(1)</script>">x</a>`,
	`<a href="/\evil.example/">x</a>`,
	`<a href="https://x.vn" onclick="alert(1)" onmouseover="alert(2)">x</a>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<math href="javascript:alert(1)">x</math>`,
	`<p style="background:url(javascript:alert(1))">x</p>`,
	`<div style="width: expression(alert(1));">x</div>`,
	`<style>@import 'javascript:alert(1)';</style>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="data:image/svg+xml,<svg onload=alert(1)>">`,
	`<form><button formaction="javascript:alert(1)">x</button></form>`,
	`<input type="image" src="x" onerror="alert(1)">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:/">`,
	`<link rel="stylesheet" href="javascript:alert(1)">`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<video><source onerror="alert(1)"></video>`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<!-- --!><script>alert(1)</script> -->`,
	`<p title="</p><script>alert(1)</script>">x</p>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
	`<textarea></textarea><script>alert(1)</script>`,
	`<title><script>alert(1)</script></title>`,
	`<xmp><script>alert(1)</script></xmp>`,
	`<table><td background="javascript:alert(1)">x</td></table>`,
	`<a href="https://x.vn"><b><a href="javascript:alert(1)">y</a></b></a>`,
	`<b><p><i>x</b>y<script>alert(1)</script>`,
	"<img src=x\u0000onerror=alert(1)>",
	"<a href=\"java\u0000script:alert(1)\">x</a>",
	"<a href=\"ja\u200bvascript:alert(1)\">x</a>",
	"＜script＞alert(1)＜/script＞",
	"<scrıpt>alert(1)</scrıpt>",
	`<h2 id="x" onfocus="alert(1)" tabindex="0" autofocus>x</h2>`,
	`<abbr title="x" onmouseover="alert(1)">UBND</abbr>`,
	`<img src="/a.png" alt="x" srcset="javascript:alert(1) 1x">`,
	`<a href="https://x.vn" target="javascript:alert(1)">x</a>`,
}

var (
	eventAttr  = regexp.MustCompile(`(?i)\son\w+\s*=`)
	tagPattern = regexp.MustCompile(`<[a-zA-Z][^>]*>`) // text is escaped, so these are tags
	quoted     = regexp.MustCompile(`"[^"]*"`)         // attribute values, which may say anything
	badScheme  = regexp.MustCompile(`(?i)^\s*(javascript|vbscript|data):`)
)

// assertInert fails unless out has no script element, no event handler
// (" on…=" inside a tag) and no script-capable URL in any attribute.
func assertInert(t *testing.T, in, out string) {
	t.Helper()
	lower := strings.ToLower(out)
	if strings.Contains(lower, "<script") || strings.Contains(lower, "<iframe") ||
		strings.Contains(lower, "<svg") || strings.Contains(lower, "<style") {
		t.Errorf("Sanitize(%q) = %q: active element left", in, out)
	}
	for _, tag := range tagPattern.FindAllString(out, -1) {
		if eventAttr.MatchString(quoted.ReplaceAllString(tag, `""`)) {
			t.Errorf("Sanitize(%q) = %q: event handler left in %s", in, out, tag)
		}
	}
	for _, n := range nodes(parse(out)) {
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("Sanitize(%q) = %q: attribute %s", in, out, a.Key)
			}
			if badScheme.MatchString(strings.Map(dropInvisible, a.Val)) {
				t.Errorf("Sanitize(%q) = %q: dangerous URL in %s", in, out, a.Key)
			}
		}
	}
}

// dropInvisible removes what browsers strip from URLs before reading the
// scheme, so "java\tscript:" counts as "javascript:".
func dropInvisible(r rune) rune {
	if r <= ' ' || r == '\u200b' {
		return -1
	}
	return r
}

// nodes lists every element below root.
func nodes(root *html.Node) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			out = append(out, n)
		}
		return true
	})
	return out
}

func TestSanitizeXSS(t *testing.T) {
	if len(xssPayloads) < 40 {
		t.Fatalf("only %d payloads", len(xssPayloads))
	}
	for _, p := range xssPayloads {
		out := Sanitize(p)
		assertInert(t, p, out)
		assertInert(t, p, Highlight(p, []string{"alert", "x"}))
	}
}
