package vn

import (
	"strings"
	"testing"
)

// outline lists "anchor|label|title" for every node, for compact tables.
func outline(d *LegalDoc) []string {
	var out []string
	d.Walk(func(n *Node) {
		out = append(out, n.Anchor+"|"+n.Label+"|"+n.Title)
	})
	return out
}

func TestParseLegalStructure(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"chapter title on next lines", "Chương I\nNHỮNG QUY ĐỊNH\nCHUNG\nĐiều 1. Phạm vi\nNội dung.",
			[]string{"chuong-1|Chương I|NHỮNG QUY ĐỊNH CHUNG", "dieu-1|Điều 1|Phạm vi"}},
		{"chapter title on same line", "Chương II. TỔ CHỨC\nĐiều 5: Ban\n1. Một.\n2. Hai.",
			[]string{"chuong-2|Chương II|TỔ CHỨC", "dieu-5|Điều 5|Ban", "dieu-5-khoan-1|Khoản 1|", "dieu-5-khoan-2|Khoản 2|"}},
		{"arabic chapter, sentence-case title", "Chương 3:\nNhững quy định khác\nĐiều 9.Hiệu lực",
			[]string{"chuong-3|Chương 3|Những quy định khác", "dieu-9|Điều 9|Hiệu lực"}},
		{"points under clause, đ kept apart from d", "Điều 2. X\n1. Gồm:\na) A;\nd) D;\nđ) Đ;\ne) E.",
			[]string{"dieu-2|Điều 2|X", "dieu-2-khoan-1|Khoản 1|", "dieu-2-khoan-1-diem-a|Điểm a|",
				"dieu-2-khoan-1-diem-d|Điểm d|", "dieu-2-khoan-1-diem-dd|Điểm đ|", "dieu-2-khoan-1-diem-e|Điểm e|"}},
		{"points directly under article", "Điều 3. Y\na) một;\nb) hai.",
			[]string{"dieu-3|Điều 3|Y", "dieu-3-diem-a|Điểm a|", "dieu-3-diem-b|Điểm b|"}},
		{"part, chapter, section, subsection", "Phần thứ nhất\nQUY ĐỊNH CHUNG\nChương I\nA\nMục 1. B\nTiểu mục 2. C\nĐiều 10a. D",
			[]string{"phan-1|Phần thứ nhất|QUY ĐỊNH CHUNG", "chuong-1|Chương I|A", "chuong-1-muc-1|Mục 1|B",
				"chuong-1-muc-1-tieu-muc-2|Tiểu mục 2|C", "dieu-10a|Điều 10a|D"}},
		{"sections restart per chapter", "Chương I\nA\nMục 1\nB\nChương II\nC\nMục 1\nD",
			[]string{"chuong-1|Chương I|A", "chuong-1-muc-1|Mục 1|B", "chuong-2|Chương II|C", "chuong-2-muc-1|Mục 1|D"}},
		{"duplicate chapter", "Chương IV\nA\nĐiều 1. X\nChương IV\nB\nĐiều 2. Y",
			[]string{"chuong-4|Chương IV|A", "dieu-1|Điều 1|X", "chuong-4-2|Chương IV|B", "dieu-2|Điều 2|Y"}},
		{"wrapped article title, lower case", "Điều 13. Nhiệm vụ của Ban thành\nphần\n1. Nhiệm vụ:",
			[]string{"dieu-13|Điều 13|Nhiệm vụ của Ban thành phần", "dieu-13-khoan-1|Khoản 1|"}},
		{"wrapped article title before clause", "Điều 17. Trách nhiệm của UBND thành phố\nLong Khánh và các cơ quan khác\n1. Cung cấp.",
			[]string{"dieu-17|Điều 17|Trách nhiệm của UBND thành phố Long Khánh và các cơ quan khác", "dieu-17-khoan-1|Khoản 1|"}},
		{"references are not headings", "Điều 1. X\nTheo quy định tại\nĐiều 6, khoản 2 Điều 46 của Luật này;\nChương II của Luật này\nMục tiêu là\n2015. năm\n1.000 đồng",
			[]string{"dieu-1|Điều 1|X"}},
		{"clauses outside an article stay text", "QUY CHẾ\n1. Một\n2. Hai\nĐiều 1. X",
			[]string{"dieu-1|Điều 1|X"}},
		{"ƣ artefact and page noise", "Chƣơng I\n\n- 2 -\n\nĐỐI TƢỢNG\nĐiều 1. Đối tƣợng\nTrang 3\n1. Nội dung.",
			[]string{"chuong-1|Chương I|ĐỐI TƯỢNG", "dieu-1|Điều 1|Đối tượng", "dieu-1-khoan-1|Khoản 1|"}},
		{"malformed numbers", "Chương l\nA\nĐiều 12. X\n1. Một.\n2.. Hai.\nJ) Gì.",
			[]string{"chuong-1|Chương I|A", "dieu-12|Điều 12|X", "dieu-12-khoan-1|Khoản 1|", "dieu-12-khoan-2|Khoản 2|", "dieu-12-khoan-2-diem-j|Điểm j|"}},
		{"uppercase keywords", "CHƯƠNG V\nX\nMỤC 2. Y\nĐIỀU 7. Z",
			[]string{"chuong-5|Chương V|X", "chuong-5-muc-2|Mục 2|Y", "dieu-7|Điều 7|Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseLegal(tt.in)
			got := outline(d)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("outline =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseLegalText(t *testing.T) {
	in := "CỘNG HÒA XÃ HỘI\nQUY CHẾ\nĐiều 1. Phạm vi\n1. Quy chế này quy định về tổ chức và quản lý hoạt động của Cổng Thông\ntin điện tử tỉnh.\nĐộ tuổi tối thiểu là 15.\n2. Hai:\n- gạch một;\n- gạch hai."
	d := ParseLegal(in)
	if d.Preamble != "CỘNG HÒA XÃ HỘI\nQUY CHẾ" {
		t.Errorf("Preamble = %q", d.Preamble)
	}
	k1 := d.Find("dieu-1-khoan-1")
	if k1 == nil || k1.Text != "Quy chế này quy định về tổ chức và quản lý hoạt động của Cổng Thông tin điện tử tỉnh.\nĐộ tuổi tối thiểu là 15." {
		t.Errorf("khoản 1 = %+v", k1)
	}
	if k2 := d.Find("#dieu-1-khoan-2"); k2 == nil || k2.Text != "Hai:\n- gạch một;\n- gạch hai." {
		t.Errorf("khoản 2 = %+v", k2)
	}
	if d.Find("dieu-9") != nil || d.Find("") != nil {
		t.Error("Find returned a node for a missing anchor")
	}
	var nilDoc *LegalDoc
	if nilDoc.Find("dieu-1") != nil {
		t.Error("Find on nil doc")
	}
}

func TestParseLegalWarnings(t *testing.T) {
	d := ParseLegal("Chương IV\nA\nĐiều 12. X\n1.. Một.\nChương IV\nB")
	if len(d.Warnings) != 2 {
		t.Fatalf("Warnings = %q, want 2", d.Warnings)
	}
	if !strings.HasPrefix(d.Warnings[0], "line 4: ") || !strings.Contains(d.Warnings[0], `"1.."`) {
		t.Errorf("warning 0 = %q", d.Warnings[0])
	}
	if !strings.HasPrefix(d.Warnings[1], "line 5: ") || !strings.Contains(d.Warnings[1], "chuong-4-2") {
		t.Errorf("warning 1 = %q", d.Warnings[1])
	}
}

func TestLegalHTML(t *testing.T) {
	d := ParseLegal("Luật <b>&</b>\nChương I\nA & B\nĐiều 5. Tên <script>\n1. Một \"x\".\na) điểm <i>.\n2. Hai.")
	h := d.HTML()
	for _, want := range []string{
		`<article class="legal">`,
		`<p>Luật &lt;b&gt;&amp;&lt;/b&gt;</p>`,
		`<section class="legal-chuong" id="chuong-1"><h2>`,
		`<span class="legal-title">A &amp; B</span>`,
		`<section class="legal-dieu" id="dieu-5"><h3><span class="legal-label">Điều 5.</span> <span class="legal-title">Tên &lt;script&gt;</span></h3>`,
		`<div class="legal-khoan" id="dieu-5-khoan-1"><p><span class="legal-num">1.</span> Một &#34;x&#34;.</p>`,
		`<div class="legal-diem" id="dieu-5-khoan-1-diem-a"><p><span class="legal-num">a)</span> điểm &lt;i&gt;.</p>`,
		`id="dieu-5-khoan-2"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %s\n%s", want, h)
		}
	}
	if strings.Contains(h, "<script>") || strings.Contains(h, "<i>") {
		t.Errorf("HTML not escaped:\n%s", h)
	}
}
