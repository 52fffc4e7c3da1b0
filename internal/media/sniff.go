package media

import (
	"bytes"
	"encoding/binary"
	"math/bits"
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
	"mp4":  {"mp4", "video/mp4", "mp4", []string{"mp4", "m4v"}, false, "video MP4"},
	"webm": {"webm", "video/webm", "webm", []string{"webm"}, false, "video WebM"},
	"vtt":  {"vtt", "text/vtt", "vtt", []string{"vtt"}, false, "phụ đề WebVTT"},
	"mp3":  {"mp3", "audio/mpeg", "mp3", []string{"mp3"}, false, "âm thanh MP3"},
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
const accepted = " Cổng nhận ảnh JPEG, PNG, GIF, WebP; video MP4, WebM, âm thanh MP3 và phụ đề WebVTT; tài liệu PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV, TXT."

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
// no magic of their own. Videos (MP4, WebM) are kept as uploaded, like
// documents: they are not decoded, only recognised by their container.
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
	if brand, ok := ftypBrand(data); ok {
		return mp4(brand)
	}
	if bytes.HasPrefix(data, ebmlMagic) {
		return webm(data)
	}
	if isMP3(data) {
		return formats["mp3"], nil
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
	case isText(data, detected) && isWebVTT(data):
		return formats["vtt"], nil
	case isText(data, detected):
		if ext(name) == "csv" {
			return formats["csv"], nil
		}
		return formats["txt"], nil
	}
	return nil, refuse("Không nhận loại tệp này."+accepted, "This type of file is not accepted.")
}

// videoBrands are the major brands of an ISO base media file (the first
// four bytes of its ftyp box) that browsers play as MP4: the ISO and MPEG-4
// brands, H.264, DASH, iTunes' M4V and the cameras' own (Sony's XAVC S,
// MSNV). QuickTime (qt), 3GPP, audio (M4A) and image (HEIC, AVIF) brands
// are not among them.
var videoBrands = []string{"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "mmp4",
	"M4V ", "M4VH", "M4VP", "MSNV", "XAVC"}

// ftypBrand reads the major brand of data when it starts with a whole
// ftyp box, as every MP4 does: its size (at least 16 bytes, a multiple of
// four, within data), "ftyp", the major brand, a version and the
// compatible brands.
func ftypBrand(data []byte) (string, bool) {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return "", false
	}
	size := binary.BigEndian.Uint32(data[:4])
	if size < 16 || size%4 != 0 || uint64(size) > uint64(len(data)) {
		return "", false
	}
	return string(data[8:12]), true
}

// mp4 is the format of an ISO base media file of brand: an MP4 video, or
// a refusal naming what it is when it is a photo from a phone (HEIC,
// AVIF) or a QuickTime film, which have the same structure.
func mp4(brand string) (*format, error) {
	switch {
	case slices.Contains(videoBrands, brand):
		return formats["mp4"], nil
	case slices.Contains([]string{"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis"}, brand):
		return nil, refuse("Ảnh HEIC hoặc AVIF (ảnh chụp bằng điện thoại) chưa được nhận: hãy lưu thành JPEG rồi tải lên lại.",
			"HEIC and AVIF images are not accepted; save it as JPEG.")
	case brand == "qt  ":
		return nil, refuse("Video QuickTime (MOV) chưa được nhận: hãy xuất thành MP4 (H.264) rồi tải lên lại.",
			"QuickTime (MOV) videos are not accepted; export it as MP4 (H.264).")
	}
	return nil, refuse("Không nhận loại tệp này (tệp dạng MP4 nhưng không phải video)."+accepted,
		"This type of file is not accepted (an MP4 container that is not a video).")
}

// ebmlMagic starts every EBML file: WebM and Matroska.
var ebmlMagic = []byte("\x1a\x45\xdf\xa3")

// webm is the format of an EBML file: a WebM video when its header's
// DocType says "webm". Matroska (MKV), which browsers do not all play, is
// refused with what to do.
func webm(data []byte) (*format, error) {
	switch docType(data) {
	case "webm":
		return formats["webm"], nil
	case "matroska":
		return nil, refuse("Video Matroska (MKV) chưa được nhận: hãy xuất thành MP4 (H.264) hoặc WebM rồi tải lên lại.",
			"Matroska (MKV) videos are not accepted; export it as MP4 (H.264) or WebM.")
	}
	return nil, refuse("Tệp video bị hỏng hoặc không đúng định dạng."+accepted, "The video is damaged or of an unknown format.")
}

// docType reads the DocType element (ID 0x4282) of the EBML header at
// the start of data, or "" when the header is damaged or has none. Every
// length is checked against data before it is used.
func docType(data []byte) string {
	size, n := ebmlSize(data[len(ebmlMagic):])
	if n == 0 {
		return ""
	}
	body := data[len(ebmlMagic)+n:]
	if size >= 0 && size < int64(len(body)) {
		body = body[:size]
	}
	for len(body) > 0 {
		id, idLen := ebmlID(body)
		if idLen == 0 {
			return ""
		}
		size, n := ebmlSize(body[idLen:])
		if n == 0 || size < 0 || size > int64(len(body)-idLen-n) {
			return ""
		}
		value := body[idLen+n : idLen+n+int(size)]
		if id == 0x4282 {
			return string(bytes.TrimRight(value, "\x00"))
		}
		body = body[idLen+n+int(size):]
	}
	return ""
}

// ebmlID reads an element ID (1 to 4 bytes, its length marker kept) and
// its length; 0 when b does not start with one.
func ebmlID(b []byte) (uint32, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := bits.LeadingZeros8(b[0]) + 1
	if n > 4 || len(b) < n {
		return 0, 0
	}
	var id uint32
	for _, c := range b[:n] {
		id = id<<8 | uint32(c)
	}
	return id, n
}

// ebmlSize reads an element size (1 to 8 bytes, its length marker
// dropped) and its length; the size is -1 when it is "unknown" (every
// value bit set), and the length 0 when b does not start with a size.
func ebmlSize(b []byte) (int64, int) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0
	}
	n := bits.LeadingZeros8(b[0]) + 1
	if len(b) < n {
		return 0, 0
	}
	v := uint64(b[0] & (0xff >> n))
	all := v == uint64(0xff>>n)
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
		all = all && c == 0xff
	}
	if all || v > 1<<62 {
		return -1, n
	}
	return int64(v), n
}

// isWebVTT reports whether text is a WebVTT file: "WEBVTT" first (after
// a byte order mark), then a space, a tab or the end of the line.
func isWebVTT(text []byte) bool {
	rest, ok := bytes.CutPrefix(bytes.TrimPrefix(text, []byte("\xef\xbb\xbf")), []byte("WEBVTT"))
	return ok && (len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r')
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

// isMP3 reports whether data starts like an MP3 recording: an ID3v2 tag,
// or an MPEG audio layer III frame header (11 sync bits, a version that is
// not reserved, layer III). Audio is kept as uploaded, like video; it
// needs a transcript before an item linking it is approved.
func isMP3(data []byte) bool {
	if len(data) >= 4 && string(data[:3]) == "ID3" && data[3] >= 2 && data[3] <= 4 {
		return true
	}
	return len(data) >= 4 && data[0] == 0xff && data[1]&0xe6 == 0xe2 && (data[1]>>3)&3 != 1 && data[2]&0xf0 != 0xf0
}
