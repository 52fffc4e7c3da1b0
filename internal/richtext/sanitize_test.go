package richtext

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraph", `<p>Xin chào</p>`, `<p>Xin chào</p>`},
		{"h1 becomes h2", `<h1>Tiêu đề</h1>`, `<h2>Tiêu đề</h2>`},
		{"heading anchor kept", `<h3 id="muc-2">Mục 2</h3>`, `<h3 id="muc-2">Mục 2</h3>`},
		{"bad heading id dropped", `<h3 id="Muc 2">Mục 2</h3>`, `<h3>Mục 2</h3>`},
		{"id elsewhere dropped", `<p id="x">a</p>`, `<p>a</p>`},
		{"style and class dropped", `<p style="color:red" class="lead">a</p>`, `<p>a</p>`},
		{"inline formatting", `<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u><s>f</s>H<sub>2</sub>O m<sup>2</sup></p>`,
			`<p><strong>a</strong><b>b</b><em>c</em><i>d</i><u>e</u><s>f</s>H<sub>2</sub>O m<sup>2</sup></p>`},
		{"lists and quotes", `<blockquote><ul><li>a</li></ul><ol><li>b</li></ol></blockquote>`, `<blockquote><ul><li>a</li></ul><ol><li>b</li></ol></blockquote>`},
		{"table", `<table><caption>Bảng 1</caption><thead><tr><th scope="col" colspan="2">A</th></tr></thead><tbody><tr><td rowspan="2" style="x">1</td></tr></tbody></table>`,
			`<table><caption>Bảng 1</caption><thead><tr><th scope="col" colspan="2">A</th></tr></thead><tbody><tr><td rowspan="2">1</td></tr></tbody></table>`},
		{"bad scope and span", `<table><tr><th scope="all" colspan="0">A</th><td rowspan="9999">1</td></tr></table>`,
			`<table><tbody><tr><th>A</th><td>1</td></tr></tbody></table>`},
		{"figure with image", `<figure><img src="/anh/a.jpg" alt="Ảnh" width="800" height="600" class="x"><figcaption>Chú thích</figcaption></figure>`,
			`<figure><img src="/anh/a.jpg" alt="Ảnh" width="800" height="600" loading="lazy"/><figcaption>Chú thích</figcaption></figure>`},
		{"https image", `<img src="https://cdn.dongnai.gov.vn/a.png" alt="">`, `<img src="https://cdn.dongnai.gov.vn/a.png" alt="" loading="lazy"/>`},
		{"http image dropped", `<img src="http://x.vn/a.png" alt="a">`, ``},
		{"protocol-relative image dropped", `<img src="//x.vn/a.png" alt="a">`, ``},
		{"relative image without slash dropped", `<img src="a.png" alt="a">`, ``},
		{"external link", `<a href="https://chinhphu.vn/" target="_blank">CP</a>`, `<a href="https://chinhphu.vn/" target="_blank" rel="noopener noreferrer">CP</a>`},
		{"internal link", `<a href="/tin-tuc/a" rel="nofollow">a</a>`, `<a href="/tin-tuc/a">a</a>`},
		{"mailto and tel", `<a href="mailto:banbientap@dongnai.gov.vn">m</a><a href="tel:+842513822222">t</a>`,
			`<a href="mailto:banbientap@dongnai.gov.vn">m</a><a href="tel:+842513822222">t</a>`},
		{"target other than blank dropped", `<a href="/a" target="_top">a</a>`, `<a href="/a">a</a>`},
		{"code and pre", `<pre><code>x &lt; 1</code></pre>`, `<pre><code>x &lt; 1</code></pre>`},
		{"abbr", `<abbr title="Ủy ban nhân dân">UBND</abbr>`, `<abbr title="Ủy ban nhân dân">UBND</abbr>`},
		{"hr and br", `<p>a<br>b</p><hr>`, `<p>a<br/>b</p><hr/>`},
		{"span unwrapped, div kept (legal texts use it)", `<div><span>a</span></div>`, `<div>a</div>`},
		{"form removed", `<form action="/x"><input name="a"><button>Gửi</button></form><p>b</p>`, `<p>b</p>`},
		{"nfc and oi repaired", "<p>Vie\u0323\u0302t Nam, Chƣơng I</p>", `<p>Việt Nam, Chương I</p>`},
		{"entities kept", `<p>A &amp; B &lt;b&gt; ƣ&#x301;</p>`, `<p>A &amp; B &lt;b&gt; ứ</p>`},
		{"single nbsp kept", "<p>Điều&nbsp;5</p>", "<p>Điều\u00a05</p>"},
		{"nbsp run collapsed", "<p>a&nbsp;&nbsp; &nbsp;b</p>", "<p>a b</p>"},
		{"empty paragraph dropped", "<p>&nbsp;</p><p></p><p>a</p>", "<p>a</p>"},
		{"empty heading kept for Check", "<h2></h2>", "<h2></h2>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// wordPaste is what Word 2016 puts on the clipboard for two paragraphs, a
// heading and a bulleted list of a Vietnamese announcement.
const wordPaste = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--></head>
<body lang=VI style='tab-interval:36.0pt'><!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><a name="_Toc1"></a><span lang=VI style='font-family:"Times New Roman",serif'>THÔNG BÁO<o:p></o:p></span></h1>
<p class=MsoNormal style='text-align:justify;mso-line-height-rule:exactly'><span lang=VI style='font-size:14.0pt;mso-bidi-font-family:"Times New Roman"'>Ủy ban nhân dân tỉnh Đồng Nai thông báo về việc tiếp nhận hồ sơ&nbsp;&nbsp;&nbsp; trực tuyến.<o:p></o:p></span></p>
<p class=MsoNormal><span style='mso-spacerun:yes'>&nbsp;</span><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=VI>Đối tƣợng: <b style='mso-bidi-font-weight:normal'>người dân</b><o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><!--[endif]--><span lang=VI>Thời hạn: 15 ngày làm việc<span style='mso-spacerun:yes'>  </span></span></p>
<p class=MsoNormal><span></span><i><span lang=VI>Trân trọng./.</span></i><o:p></o:p></p>
<!--EndFragment--></body></html>`

func TestSanitizeWordPaste(t *testing.T) {
	got := Sanitize(wordPaste)
	want := "<h2>THÔNG BÁO</h2>\n" +
		"<p>Ủy ban nhân dân tỉnh Đồng Nai thông báo về việc tiếp nhận hồ sơ trực tuyến.</p>\n\n" +
		"<p>Đối tượng: <b>người dân</b></p>\n" +
		"<p>Thời hạn: 15 ngày làm việc  </p>\n" +
		"<p><i>Trân trọng./.</i></p>\n"
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("Sanitize(word paste)\n got %q\nwant %q", got, want)
	}
	for _, bad := range []string{"Mso", "mso-", "<o:p", "<xml", "<span", "[if", "·", "style", "class", "lang="} {
		if strings.Contains(got, bad) {
			t.Errorf("output still contains %q: %s", bad, got)
		}
	}
}

func TestSanitizeIdempotent(t *testing.T) {
	inputs := append([]string{wordPaste, article(8 << 10)}, xssPayloads...)
	for _, in := range inputs {
		once := Sanitize(in)
		if twice := Sanitize(once); twice != once {
			t.Errorf("not idempotent for %q:\n once %q\ntwice %q", shorten(in, 80), once, twice)
		}
		if !norm.NFC.IsNormalString(once) {
			t.Errorf("output for %q is not NFC", shorten(in, 80))
		}
	}
}
