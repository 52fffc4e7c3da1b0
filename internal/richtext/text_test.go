package richtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<h2>Tiêu đề</h2><p>Đoạn <b>một</b>  có   khoảng trắng.</p>`, "Tiêu đề\nĐoạn một có khoảng trắng."},
		{`<ul><li>a</li><li>b</li></ul><p>x<br>y</p>`, "a\nb\nx\ny"},
		{`<table><tr><td>1</td><td>2</td></tr></table>`, "1 2"},
		{`<p>Chƣơng&nbsp;I</p><script>alert(1)</script><style>p{}</style>`, "Chương I"},
		{`<p>A &amp; B</p>`, "A & B"},
		{``, ""},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	body := `<p>Cổng Thông tin điện tử tỉnh Đồng Nai là nơi cung cấp thông tin.</p>`
	tests := []struct {
		n    int
		want string
	}{
		{0, ""},
		{100, "Cổng Thông tin điện tử tỉnh Đồng Nai là nơi cung cấp thông tin."},
		{20, "Cổng Thông tin điện…"},
		{15, "Cổng Thông tin…"},
		{3, "Cổ…"},
	}
	for _, tt := range tests {
		got := Excerpt(body, tt.n)
		if got != tt.want {
			t.Errorf("Excerpt(%d) = %q, want %q", tt.n, got, tt.want)
		}
		if utf8.RuneCountInString(got) > tt.n {
			t.Errorf("Excerpt(%d) = %q: too long", tt.n, got)
		}
	}
}

func TestHighlight(t *testing.T) {
	tests := []struct {
		in    string
		terms []string
		want  string
	}{
		{`<p>Buôn bán MA TÚY và ma tuý là tội.</p>`, []string{"ma túy"}, `<p>Buôn bán <mark>MA TÚY</mark> và <mark>ma tuý</mark> là tội.</p>`},
		{`<p>thema túy, mattuy</p>`, []string{"ma túy"}, `<p>thema túy, mattuy</p>`},
		{`<p title="ma túy">x</p><a href="/ma-tuy">ma&amp;tuý</a>`, []string{"ma tuy", "tuy"}, `<p>x</p><a href="/ma-tuy"><mark>ma&amp;tuý</mark></a>`},
		{`<p>đánh bạc</p>`, []string{"danh", "danh bac"}, `<p><mark>đánh bạc</mark></p>`},
		{`<p>a</p><script>ma túy</script>`, []string{"ma túy"}, `<p>a</p>`},
		{`<p>x</p>`, nil, `<p>x</p>`},
	}
	for _, tt := range tests {
		if got := Highlight(tt.in, tt.terms); got != tt.want {
			t.Errorf("Highlight(%q, %q)\n got %q\nwant %q", tt.in, tt.terms, got, tt.want)
		}
	}
	if strings.Contains(Highlight(`<p>x</p>`, []string{"p"}), "<mark>p") {
		t.Error("Highlight marked inside a tag")
	}
}
