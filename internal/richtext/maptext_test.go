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
