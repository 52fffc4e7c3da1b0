package richtext

import (
	"strings"
	"testing"
)

func TestMapTextTouchesOnlyText(t *testing.T) {
	in := `<p class="x">abc <a href="/abc">abc</a> &amp; abc</p><img alt="abc" src="/abc.png">`
	got := MapText(in, strings.ToUpper)
	want := `<p class="x">ABC <a href="/abc">ABC</a> &amp; ABC</p><img alt="abc" src="/abc.png"/>`
	if got != want {
		t.Errorf("MapText = %q; want %q", got, want)
	}
}

func TestLegalStructureKeepsItsAnchors(t *testing.T) {
	in := `<section class="legal-chuong" id="chuong-1"><h2>Chương I</h2><section class="legal-dieu" id="dieu-5"><h3>Điều 5</h3><div class="legal-khoan" id="dieu-5-khoan-2"><p>2. Nội dung.</p></div></section></section>`
	got := Sanitize(in)
	for _, want := range []string{`id="chuong-1"`, `id="dieu-5"`, `id="dieu-5-khoan-2"`, `class="legal-khoan"`} {
		if !strings.Contains(got, want) {
			t.Errorf("Sanitize dropped %s: %s", want, got)
		}
	}
	bad := Sanitize(`<div id="x onclick=alert(1)" class="evil">a</div><section class="legal-x other" id="Dieu 5">b</section>`)
	if strings.Contains(bad, "onclick") || strings.Contains(bad, "evil") || strings.Contains(bad, "other") || strings.Contains(bad, "Dieu 5") {
		t.Errorf("Sanitize kept a forbidden id or class: %s", bad)
	}
}
