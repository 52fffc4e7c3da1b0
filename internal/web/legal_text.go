package web

import (
	"html/template"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
)

// articleText is an item's body as the public page shows it, with the
// table of contents of a legal document's parts (legal.Outline).
type articleText struct {
	Body    template.HTML
	Outline []legal.Heading
}

// Text is the item's body; for a legal document its Phần, Chương, Mục
// and Điều become headings, each with an anchor and a visible link to
// itself, listed in a table of contents (issue 20, point 4). The body
// was sanitised when saved.
func (p *articlePage) Text() *articleText {
	body := p.Item.Rev.Body
	if p.Item.Kind != content.Legal {
		return &articleText{Body: template.HTML(body)} // #nosec G203 -- sanitised on save (internal/richtext)
	}
	out, hs := legal.Outline(body, func(label string) string { return translate(p.Lang, "legal.anchor") + " " + label })
	return &articleText{Body: template.HTML(out), Outline: hs} // #nosec G203 -- sanitised on save; Outline escapes what it adds
}

// TOCIndent is the indentation class of an outline entry: its depth under
// the text's largest part.
func (t *articleText) TOCIndent(h legal.Heading) string {
	top := t.Outline[0].Level
	for _, o := range t.Outline {
		top = min(top, o.Level)
	}
	switch h.Level - top {
	case 0:
		return "toc-1"
	case 1:
		return "toc-2"
	}
	return "toc-3"
}

// NationalDB is the National Legal Documents Database, where a document
// without its own link there is looked up by its number.
func (p *articlePage) NationalDB() string { return legal.NationalDatabase }

func init() {
	for k, v := range map[string][2]string{
		"legal.toc":             {"Mục lục văn bản", "Contents"},
		"legal.anchor":          {"Liên kết đến", "Link to"},
		"legal.original":        {"Tệp gốc (văn bản đã ký)", "Original file (signed text)"},
		"legal.original.get":    {"Tải tệp gốc", "Download the original"},
		"legal.original.help":   {"Đường dẫn tệp trong thư viện của Cổng (/media/…) hoặc địa chỉ bắt đầu bằng https://.", "A file of the portal's library (/media/…) or an address starting with https://."},
		"legal.national":        {"Cơ sở dữ liệu quốc gia về văn bản pháp luật", "National Legal Documents Database"},
		"legal.national.open":   {"Xem văn bản trên Cơ sở dữ liệu quốc gia", "Open the document in the national database"},
		"legal.national.search": {"Tra cứu theo số, ký hiệu", "Look it up by its number"},
		"legal.lookup":          {"Tìm văn bản theo số, ký hiệu hoặc từ khóa", "Find a document by its number or by words"},
		"legal.lookup.go":       {"Tìm văn bản", "Find"},
		"legal.lookup.help":     {"Ví dụ: 15/2019/QĐ-UBND (gõ cách nào cũng được), hoặc: thuế bảo vệ môi trường.", "E.g. 15/2019/QĐ-UBND (typed any way), or: environmental protection tax."},
	} {
		messages[k] = v
	}
}
