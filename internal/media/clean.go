package media

import (
	"bytes"
	"context"
	"fmt"
)

// Cleaned is an attachment checked by its content and made safe to keep.
type Cleaned struct {
	Data []byte
	Mime string // the Content-Type it is served with
	Ext  string // canonical extension, without the dot
	Name string // the file name as given, cleaned for display
}

// Clean checks an attachment that is not a media-library upload (a
// citizen's photo or PDF): its bytes must be an image or a PDF whatever
// its name says, a name that claims another type is refused, and images
// come back re-encoded at their own size (at most the largest variant
// width), which drops EXIF, GPS and comments. max bounds the size.
//
// Clean is the portal's anonymous door: its images have their own
// smaller pixel ceiling (CitizenMaxPixels), their own budget of memory,
// apart from the staff's, and wait a few seconds at most for it; a
// request may also share an allowance (LimitRequestPixels).
func Clean(ctx context.Context, name string, data []byte, max int64) (*Cleaned, error) {
	lim := DefaultLimits()
	if int64(len(data)) > max {
		return nil, refuse(fmt.Sprintf("Tệp %s lớn hơn mức cho phép %s.", cleanName(name), mb(max)),
			fmt.Sprintf("The file %s is larger than the %s limit.", cleanName(name), mb(max)))
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) { // refused without the cost of inflating it to check it
		return nil, refuse("Chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tài liệu PDF; tệp này là tài liệu văn phòng hoặc tệp nén (DOCX, XLSX, ZIP…): hãy lưu thành PDF rồi gửi lại.",
			"Only images (JPEG, PNG, GIF, WebP) and PDF documents are accepted; this file is an office document or an archive: save it as PDF.")
	}
	f, err := sniff(data, name, lim)
	if err != nil {
		return nil, err
	}
	if err := checkName(name, f); err != nil {
		return nil, err
	}
	switch {
	case f.name == "pdf":
		return &Cleaned{Data: data, Mime: f.mime, Ext: f.ext, Name: cleanName(name)}, nil
	case !f.image:
		return nil, refuse("Chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tài liệu PDF; tệp này là "+f.vi+".",
			"Only images (JPEG, PNG, GIF, WebP) and PDF documents are accepted; this file is "+f.name+".")
	}
	r, err := cleanImage(ctx, data, f)
	if err != nil {
		return nil, err
	}
	return &Cleaned{Data: r.data, Mime: formats[r.format].mime, Ext: r.ext, Name: cleanName(name)}, nil
}
