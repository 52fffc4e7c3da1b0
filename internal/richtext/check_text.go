package richtext

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/congportal/cong/internal/apperr"
)

// heading reports an empty heading, an h1 (the page title's level) in the
// body and a level that skips one (h2 then h4), which breaks the outline
// that screen readers and the table of contents rely on.
func (c *checker) heading(n *html.Node) {
	level, _ := strconv.Atoi(n.Data[1:])
	if headingText(n) == "" {
		c.add(CodeEmptyHeading, SeverityError, fragment(n), apperr.Msg{
			VI: "Tiêu đề mục không có chữ. Hãy nhập nội dung tiêu đề hoặc xoá tiêu đề đó.",
			EN: "A heading has no text. Write the heading or delete it."})
	}
	switch {
	case level == 1:
		c.add(CodeHeadingOrder, SeverityWarning, fragment(n), apperr.Msg{
			VI: "Cấp tiêu đề h1 dành cho tên bài. Hãy dùng h2 cho các mục trong bài.",
			EN: "Level h1 is the article title. Use h2 for sections of the body."})
	case level > c.prev+1:
		c.add(CodeHeadingOrder, SeverityWarning, fragment(n), apperr.Msg{
			VI: fmt.Sprintf("Cấp tiêu đề nhảy từ h%d xuống h%d. Hãy dùng h%d, không bỏ cấp.", c.prev, level, c.prev+1),
			EN: fmt.Sprintf("The heading level jumps from h%d to h%d. Use h%d; do not skip levels.", c.prev, level, c.prev+1)})
	}
	c.prev = level
}

// headingText returns the text of a heading, counting an image's alt text.
func headingText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(d *html.Node) bool {
		switch {
		case d.Type == html.TextNode:
			b.WriteString(d.Data)
		case d.Type == html.ElementNode && d.Data == "img":
			b.WriteString(attr(d, "alt"))
		}
		return true
	})
	return strings.TrimFunc(b.String(), unicode.IsSpace)
}

// prohibited reports each prohibited term found, once, with its count.
func (c *checker) prohibited(text []string) {
	m := newMatcher(c.opts.Prohibited)
	if m.empty() {
		return
	}
	count := map[string]int{}
	var order []match
	var context []string
	for _, line := range text {
		for _, hit := range m.find(line) {
			if count[hit.term] == 0 {
				order = append(order, hit)
				context = append(context, around(line, hit.start, hit.end, 40))
			}
			count[hit.term]++
		}
	}
	for i, hit := range order {
		n := count[hit.term]
		c.problems = append(c.problems, Problem{Code: CodeProhibited, Severity: SeverityError,
			Excerpt: context[i], Term: hit.term, Message: apperr.Msg{
				VI: fmt.Sprintf("Bài có từ ngữ thuộc danh sách cấm “%s” (%d lần). Hãy sửa hoặc bỏ trước khi xuất bản.", hit.term, n),
				EN: fmt.Sprintf("The body contains the prohibited term “%s” (found %d). Rewrite or remove it before publishing.", hit.term, n)}})
	}
}

// around returns s[start:end] with up to pad runes of context either side.
func around(s string, start, end, pad int) string {
	from, to := start, end
	for i := 0; i < pad && from > 0; i++ {
		_, n := utf8.DecodeLastRuneInString(s[:from])
		from -= n
	}
	for i := 0; i < pad && to < len(s); i++ {
		_, n := utf8.DecodeRuneInString(s[to:])
		to += n
	}
	out := s[from:to]
	if from > 0 {
		out = "…" + out
	}
	if to < len(s) {
		out += "…"
	}
	return out
}

// legacyMessages says, per kind of garbage, what it is and how to fix it.
var legacyMessages = [legacyKinds]apperr.Msg{
	legacyOi: {
		VI: "Văn bản có chữ “ƣ” (lỗi khi chép từ PDF) thay cho “ư”. Hãy lưu lại bài để hệ thống tự sửa, rồi kiểm tra lại.",
		EN: "The text has “ƣ” (a PDF copy artefact) instead of “ư”. Save the item again to repair it, then re-check."},
	legacyMojibake: {
		VI: "Văn bản bị lỗi phông do mã UTF-8 bị đọc nhầm (ví dụ “Äá»“ng” thay cho “Đồng”). Hãy chép lại từ tài liệu gốc.",
		EN: "The text is garbled: UTF-8 read as Windows-1252 (e.g. “Äá»“ng” for “Đồng”). Copy it again from the original document."},
	legacyTCVN3: {
		VI: "Văn bản còn ở bảng mã TCVN3 (ABC, phông .VnTime). Hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại.",
		EN: "The text is in the TCVN3 (ABC, .VnTime) encoding. Convert it to Unicode (e.g. with Unikey's converter) and paste it again."},
	legacyVNI: {
		VI: "Văn bản còn ở bảng mã VNI-Windows (phông VNI-Times). Hãy chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi dán lại.",
		EN: "The text is in the VNI-Windows (VNI-Times) encoding. Convert it to Unicode (e.g. with Unikey's converter) and paste it again."},
}

// legacy reports each kind of legacy-encoding garbage once, with up to
// three of the garbled words as the excerpt.
func (c *checker) legacy(text []string) {
	var words [legacyKinds][]string
	for _, h := range findLegacy(strings.Join(text, "\n")) {
		if len(words[h.kind]) < 3 && !slices.Contains(words[h.kind], h.word) {
			words[h.kind] = append(words[h.kind], h.word)
		}
	}
	for k, ws := range words {
		if len(ws) > 0 {
			c.add(CodeLegacyEncoding, SeverityError, strings.Join(ws, " "), legacyMessages[k])
		}
	}
}
