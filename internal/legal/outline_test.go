package legal

import (
	"strings"
	"testing"

	"github.com/congportal/cong/internal/vn"
)

func linkVI(label string) string { return "Liên kết đến " + label }

// TestOutlineOfParagraphs: a text typed as paragraphs (the rich-text
// editor) gets its parts as headings, with the importer's anchors.
func TestOutlineOfParagraphs(t *testing.T) {
	body := "<p>QUỐC HỘI</p>\n<p>Chương I</p>\n<p>NHỮNG QUY ĐỊNH CHUNG</p>\n<p>Điều 1. Phạm vi điều chỉnh</p>\n<p>Luật này quy định…</p>\n" +
		"<p>Điều 2. Giải thích từ ngữ</p>\n<table><tr><td>Mức thuế</td><td>1.000 đồng</td></tr></table>\n" +
		"<p>Chương II</p>\n<p>CĂN CỨ TÍNH THUẾ</p>\n<p>Mục 1</p>\n<p>ĐỐI TƯỢNG</p>\n<p><strong>Điều 3.</strong> Đối tượng chịu thuế</p>\n" +
		"<p>Mục 2. Mức thuế</p>\n<p>Điều 4</p>\n<p>Điều kiện áp dụng là…</p>\n<p>1. Khoản không là một phần.</p>\n<p>Điều 1. Sửa đổi (của quy chế kèm theo)</p>\n"
	out, hs := Outline(body, linkVI)
	want := []Heading{
		{ID: "chuong-1", Label: "Chương I", Title: "NHỮNG QUY ĐỊNH CHUNG", Level: 2},
		{ID: "dieu-1", Label: "Điều 1", Title: "Phạm vi điều chỉnh", Level: 4},
		{ID: "dieu-2", Label: "Điều 2", Title: "Giải thích từ ngữ", Level: 4},
		{ID: "chuong-2", Label: "Chương II", Title: "CĂN CỨ TÍNH THUẾ", Level: 2},
		{ID: "chuong-2-muc-1", Label: "Mục 1", Title: "ĐỐI TƯỢNG", Level: 3},
		{ID: "dieu-3", Label: "Điều 3", Title: "Đối tượng chịu thuế", Level: 4},
		{ID: "chuong-2-muc-2", Label: "Mục 2", Title: "Mức thuế", Level: 3},
		{ID: "dieu-4", Label: "Điều 4", Level: 4},
		{ID: "dieu-1-2", Label: "Điều 1", Title: "Sửa đổi (của quy chế kèm theo)", Level: 4},
	}
	if len(hs) != len(want) {
		t.Fatalf("%d headings; want %d: %+v", len(hs), len(want), hs)
	}
	for i := range want {
		if hs[i] != want[i] {
			t.Errorf("heading %d: %+v; want %+v", i, hs[i], want[i])
		}
	}
	for _, s := range []string{
		`<p>QUỐC HỘI</p>`,
		`<h2 id="chuong-1" class="legal-part">Chương I<br>NHỮNG QUY ĐỊNH CHUNG <a class="anchor" href="#chuong-1">#<span class="visually-hidden"> Liên kết đến Chương I</span></a></h2>`,
		`<h4 id="dieu-1" class="legal-part">Điều 1. Phạm vi điều chỉnh <a class="anchor" href="#dieu-1">`,
		`<table><tr><td>Mức thuế</td><td>1.000 đồng</td></tr></table>`, // tables stay tables
		`<p>Luật này quy định…</p>`,
		`<p>Điều kiện áp dụng là…</p>`, // "Điều kiện" is not a part
		`<p>1. Khoản không là một phần.</p>`,
		`<h4 id="dieu-1-2" class="legal-part">`,
	} {
		if !strings.Contains(out, s) {
			t.Errorf("the outlined body lacks %s\n%s", s, out)
		}
	}
	if strings.Contains(out, "<p>NHỮNG QUY ĐỊNH CHUNG</p>") {
		t.Errorf("the chapter's name is left as a paragraph too")
	}
	if _, hs := Outline("<p>Điều 1. A</p><p>Điều 2. B</p>", linkVI); len(hs) != 2 || hs[0].Level != 2 {
		t.Errorf("articles alone: %+v", hs)
	}
	plainBody := "<p>Thông báo lịch tiếp công dân.</p><ul><li>Điều 1 không ở đầu đoạn</li></ul>"
	if out, hs := Outline(plainBody, linkVI); out != plainBody || hs != nil {
		t.Errorf("a body without parts changed: %q %+v", out, hs)
	}
	if out, _ := Outline("<p>Điều 1. &lt;script&gt;x</p>", linkVI); strings.Contains(out, "<script>") {
		t.Errorf("a title's markup was let through: %s", out)
	}
}

// TestOutlineOfImportedText: an imported text (vn.ParseLegal's HTML)
// keeps its anchors; each heading gains its link; the outline lists the
// parts, not the clauses.
func TestOutlineOfImportedText(t *testing.T) {
	body := vn.ParseLegal("LUẬT\nChương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nLuật này quy định.\nĐiều 2. Giải thích từ ngữ\n1. Thuế là...\n2. Mức thuế là...\n").HTML()
	out, hs := Outline(body, linkVI)
	if len(hs) != 3 || hs[0].ID != "chuong-1" || hs[0].Label != "Chương I" || hs[0].Title != "NHỮNG QUY ĐỊNH CHUNG" ||
		hs[2] != (Heading{ID: "dieu-2", Label: "Điều 2", Title: "Giải thích từ ngữ", Level: 3}) {
		t.Fatalf("outline: %+v", hs)
	}
	if !strings.Contains(out, `Phạm vi điều chỉnh</span> <a class="anchor" href="#dieu-1">#<span class="visually-hidden"> Liên kết đến Điều 1</span></a></h3>`) ||
		!strings.Contains(out, `id="dieu-2-khoan-1"`) {
		t.Errorf("the imported text:\n%s", out)
	}
}

// TestOutlineOfStoredText: the same once the sanitiser has dropped the
// spans of the headings, as the database holds imported texts.
func TestOutlineOfStoredText(t *testing.T) {
	body := `<div class="legal-preamble"><p>LUẬT</p></div><section class="legal-chuong" id="chuong-1"><h2>Chương 1<br/>NHỮNG QUY ĐỊNH CHUNG</h2>` +
		`<section class="legal-dieu" id="dieu-1"><h3>Điều 1. Phạm vi điều chỉnh</h3><p>Luật này quy định.</p></section></section>`
	out, hs := Outline(body, linkVI)
	if len(hs) != 2 || hs[0] != (Heading{ID: "chuong-1", Label: "Chương 1", Title: "NHỮNG QUY ĐỊNH CHUNG", Level: 2}) ||
		hs[1] != (Heading{ID: "dieu-1", Label: "Điều 1", Title: "Phạm vi điều chỉnh", Level: 3}) {
		t.Fatalf("outline: %+v", hs)
	}
	if !strings.Contains(out, `<h2>Chương 1<br/>NHỮNG QUY ĐỊNH CHUNG <a class="anchor" href="#chuong-1">`) {
		t.Errorf("the stored text:\n%s", out)
	}
}

// FuzzOutline: any body outlines without panicking and ends up with ids
// that are unique and in the body.
func FuzzOutline(f *testing.F) {
	for _, s := range []string{"<p>Chương 1.</p><p>A</p><p>Điều 1. B</p>", "<p>Điều 1</p><p>Điều 1</p>", "<p><p>Mục I</p>", "<p>Phần", "Điều 1.<p>x</p>",
		"<p>Mục 1</p><p>Mục 1</p><p>Chương 1</p><p>Mục 2</p>", vn.ParseLegal("Chương I\nĐiều 1. A\nĐiều 1. B").HTML()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		out, hs := Outline(body, linkVI)
		if len(hs) == 0 && out != body {
			t.Fatalf("changed without headings")
		}
		if strings.Contains(body, `<section class="legal-`) {
			return // ids are the importer's
		}
		seen := map[string]bool{}
		for _, h := range hs {
			if seen[h.ID] {
				t.Fatalf("id %s twice", h.ID)
			}
			seen[h.ID] = true
			if !strings.Contains(out, `id="`+h.ID+`"`) {
				t.Fatalf("heading %s not in the body", h.ID)
			}
		}
	})
}
