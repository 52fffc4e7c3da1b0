package media

import (
	"bytes"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// format is a type of file the portal accepts.
type format struct {
	name  string   // "jpeg", "pdf", "docx"…
	mime  string   // Content-Type it is served with
	ext   string   // canonical extension, without the dot
	exts  []string // extensions a file name of this type may have
	image bool     // decoded and re-encoded, never stored as uploaded
	vi    string   // what it is, for messages
}

// formats lists every accepted type. Anything else is refused.
var formats = map[string]*format{
	"jpeg": {"jpeg", "image/jpeg", "jpg", []string{"jpg", "jpeg", "jpe", "jfif"}, true, "ảnh JPEG"},
	"png":  {"png", "image/png", "png", []string{"png"}, true, "ảnh PNG"},
	"gif":  {"gif", "image/gif", "gif", []string{"gif"}, true, "ảnh GIF"},
	"webp": {"webp", "image/webp", "webp", []string{"webp"}, true, "ảnh WebP"},
	"pdf":  {"pdf", "application/pdf", "pdf", []string{"pdf"}, false, "tài liệu PDF"},
	"docx": {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", []string{"docx"}, false, "văn bản Word (DOCX)"},
	"xlsx": {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", []string{"xlsx"}, false, "bảng tính Excel (XLSX)"},
	"pptx": {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", []string{"pptx"}, false, "bản trình chiếu PowerPoint (PPTX)"},
	"odt":  {"odt", "application/vnd.oasis.opendocument.text", "odt", []string{"odt"}, false, "văn bản OpenDocument (ODT)"},
	"ods":  {"ods", "application/vnd.oasis.opendocument.spreadsheet", "ods", []string{"ods"}, false, "bảng tính OpenDocument (ODS)"},
	"csv":  {"csv", "text/csv; charset=utf-8", "csv", []string{"csv"}, false, "bảng dữ liệu CSV"},
	"txt":  {"txt", "text/plain; charset=utf-8", "txt", []string{"txt", "text"}, false, "văn bản thuần (TXT)"},
}

// byExt finds the format whose file names end in ext, for serving.
func byExt(ext string) *format {
	for _, f := range formats {
		if f.ext == ext {
			return f
		}
	}
	return nil
}

// accepted is the list of accepted types, said once for every refusal.
const accepted = " Cổng nhận ảnh JPEG, PNG, GIF, WebP và tài liệu PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT."

// imageMagic reports whether head starts like one of the image formats,
// so that the image size limit applies while the rest is read.
func imageMagic(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

// sniff decides what data is from its bytes alone, refusing what the
// portal does not serve. name only tells CSV from plain text, which have
// no magic of their own.
func sniff(data []byte, name string, lim Limits) (*format, error) {
	if len(data) == 0 {
		return nil, refuse("Tệp rỗng: hãy chọn lại tệp cần tải lên.", "The file is empty.")
	}
	detected := http.DetectContentType(data)
	if img := imageMagic(data); img != "" {
		// The standard sniffer must agree, so a file crafted to pass one
		// check and not the other is refused.
		if detected != formats[img].mime {
			return nil, refuse("Tệp ảnh bị hỏng hoặc không đúng định dạng."+accepted, "The image is damaged or of an unknown format.")
		}
		return formats[img], nil
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return formats["pdf"], nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return checkZip(data, lim)
	case isExecutable(data):
		return nil, refuse("Không nhận tệp chương trình chạy được (exe, dll, ELF, Mach-O…): tệp có thể chứa mã độc.",
			"Executable files are not accepted.")
	case isMarkup(data, detected):
		return nil, refuse("Không nhận tệp HTML, XML hay ảnh SVG vì có thể chứa mã chạy được (script). Hãy lưu thành PDF hoặc PNG rồi tải lên.",
			"HTML, XML and SVG files are not accepted because they can carry scripts; save them as PDF or PNG.")
	case strings.HasPrefix(detected, "text/plain") && !utf8.Valid(data):
		return nil, refuse("Tệp văn bản không ở mã UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu lại với mã UTF-8 (trong Excel: CSV UTF-8) rồi tải lên.",
			"Text files must be UTF-8; save it again as UTF-8.")
	case isText(data, detected):
		if ext(name) == "csv" {
			return formats["csv"], nil
		}
		return formats["txt"], nil
	}
	return nil, refuse("Không nhận loại tệp này."+accepted, "This type of file is not accepted.")
}

// isExecutable recognises the programs of Windows, Linux and macOS and
// shell scripts, to name them in the refusal.
func isExecutable(data []byte) bool {
	for _, magic := range []string{"MZ", "\x7fELF", "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe", "#!"} {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	return false
}

// isMarkup catches HTML, XML and SVG, which a browser may run scripts
// from, even when they start late or in capitals.
func isMarkup(data []byte, detected string) bool {
	if strings.HasPrefix(detected, "text/html") || strings.HasPrefix(detected, "text/xml") {
		return true
	}
	head := bytes.ToLower(data[:min(len(data), 1024)])
	for _, tag := range []string{"<svg", "<?xml", "<!doctype", "<html", "<script", "<body", "<iframe"} {
		if bytes.Contains(head, []byte(tag)) {
			return true
		}
	}
	return false
}

// isText accepts UTF-8 text (with or without a byte order mark) that has
// no control characters besides tab, line breaks and form feed.
func isText(data []byte, detected string) bool {
	if !strings.HasPrefix(detected, "text/plain") || !utf8.Valid(data) {
		return false
	}
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// ext is the lower-case extension of name without the dot.
func ext(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
}

// checkName refuses a file whose name claims another type than its
// bytes. A name without an extension is accepted: the stored file takes
// the extension of what it is. An image named as another kind of image
// (a PNG saved as .jpg, common with phones) is accepted too, since
// images are re-encoded and stored under the extension of their variants.
func checkName(name string, f *format) error {
	e := ext(name)
	if e == "" || slices.Contains(f.exts, e) {
		return nil
	}
	claimed := claimedBy(e)
	switch {
	case claimed == nil:
		return refuse("Không nhận tệp có đuôi ."+e+"."+accepted, "Files ending in ."+e+" are not accepted.")
	case claimed.image && f.image:
		return nil
	}
	return refuse("Tệp có đuôi ."+e+" nhưng nội dung không phải "+claimed.vi+" mà là "+f.vi+
		". Hãy đổi tên tệp cho đúng hoặc chọn đúng tệp rồi tải lên lại.",
		"The file name ends in ."+e+" but its content is "+f.name+"; rename it or choose the right file.")
}

// claimedBy is the format a file name ending in e claims to be.
func claimedBy(e string) *format {
	for _, g := range formats {
		if slices.Contains(g.exts, e) {
			return g
		}
	}
	return nil
}
