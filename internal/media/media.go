// Package media keeps the images and attachments that editors upload for
// content items. It decides what a file is by its bytes, never by its
// name; refuses lies, oversize files and decompression bombs before
// anything is stored; re-encodes every image into resized variants, which
// drops EXIF, GPS and any other metadata; and stores files under
// content-addressed paths so they can be served as immutable.
package media

import (
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Kind says whether an upload is shown as an image or offered for download.
type Kind string

// The two kinds of media.
const (
	Image Kind = "image"
	File  Kind = "file"
)

// URLPrefix is where Handler expects to be mounted; stored paths are
// relative to it.
const URLPrefix = "/media/"

// Widths are the variant widths made for every image large enough.
var Widths = []int{320, 640, 1024, 1600}

// Media is one upload. For an image, Variants lists its renditions; for
// an attachment, Path is the stored file.
type Media struct {
	ID           int64
	SiteID       int64
	Kind         Kind
	SHA256       string
	MIME         string
	Ext          string // canonical extension without the dot: "jpg", "pdf"
	Size         int64  // bytes as uploaded
	OriginalName string
	Width        int // of the image as displayed (after EXIF orientation)
	Height       int
	Alt          string
	// CaptionsID is the WebVTT upload of the same site that captions a
	// video (0: none chosen; Captions then looks for one by name), and
	// Transcript the text of what a recording says (REQ-54).
	CaptionsID int64
	Transcript string
	CreatedBy  int64
	CreatedAt  time.Time
	Variants   []Variant
}

// Variant is one stored rendition of an image.
type Variant struct {
	Width  int
	Format string // "jpeg", "png" or "webp"
	Path   string // relative to the media root and to URLPrefix
	Size   int64
}

// URL is where the variant is served.
func (v Variant) URL() string { return URLPrefix + v.Path }

// Recording reports whether m is a video or an audio file, which needs
// captions or a transcript before an item linking it is approved.
func (m *Media) Recording() bool {
	return strings.HasPrefix(m.MIME, "video/") || strings.HasPrefix(m.MIME, "audio/")
}

// Accessible reports whether a recording has what its readers need: a
// transcript, or for a video captions.
func (m *Media) Accessible() bool {
	return strings.TrimSpace(m.Transcript) != "" || (m.CaptionsID != 0 && strings.HasPrefix(m.MIME, "video/"))
}

// Path is the stored file of an attachment, or the largest variant of an
// image in its main format.
func (m *Media) Path() string {
	if m.Kind == File {
		return filePath(m.SHA256, "orig", m.Ext)
	}
	var best Variant
	for _, v := range m.Variants {
		if v.Format == m.Format() && v.Width > best.Width {
			best = v
		}
	}
	return best.Path
}

// URL is where the attachment, or the largest image variant, is served.
func (m *Media) URL() string { return URLPrefix + m.Path() }

// Format is the main format of an image's variants: "png" when the image
// has transparency, "jpeg" otherwise. Every browser shows both.
func (m *Media) Format() string {
	for _, v := range m.Variants {
		if v.Format == "png" {
			return "png"
		}
	}
	return "jpeg"
}

// Srcset returns the variants of m in format as an HTML srcset value
// ("/media/…-w320.jpg 320w, …"), smallest first, or "" when m has none
// in that format (WebP is kept only where it is smaller).
func Srcset(m *Media, format string) string {
	var parts []string
	for _, v := range m.Variants { // stored ordered by width
		if v.Format == format {
			parts = append(parts, fmt.Sprintf("%s %dw", v.URL(), v.Width))
		}
	}
	return strings.Join(parts, ", ")
}

// Limits bound what an upload may cost. Zero fields take the defaults.
type Limits struct {
	MaxImageBytes    int64 // size of an uploaded image; default 15 MB
	MaxFileBytes     int64 // size of an attachment; default 30 MB
	MaxPixels        int64 // width×height of a staff upload's image, checked before decoding; default 40 megapixels
	MaxZipEntries    int   // entries in a DOCX, XLSX, ODT…; default 10 000
	MaxUnzippedBytes int64 // sum of their uncompressed sizes, declared and real; default 300 MB
	MaxZipRatio      int64 // real size of an entry past 1 MB over its compressed size; default 100
}

// DefaultLimits are the limits a portal runs with unless configured.
func DefaultLimits() Limits {
	return Limits{
		MaxImageBytes:    15 << 20,
		MaxFileBytes:     30 << 20,
		MaxPixels:        40_000_000,
		MaxZipEntries:    10_000,
		MaxUnzippedBytes: 300 << 20,
		MaxZipRatio:      100,
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxImageBytes <= 0 {
		l.MaxImageBytes = d.MaxImageBytes
	}
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = d.MaxPixels
	}
	if l.MaxZipEntries <= 0 {
		l.MaxZipEntries = d.MaxZipEntries
	}
	if l.MaxUnzippedBytes <= 0 {
		l.MaxUnzippedBytes = d.MaxUnzippedBytes
	}
	if l.MaxZipRatio <= 0 {
		l.MaxZipRatio = d.MaxZipRatio
	}
	return l
}

// refuse is the error of an upload the portal will not take. It names
// the form field "file" so the form can show it beside the input.
func refuse(vi, en string) error { return apperr.Field("file", vi, en) }

// mb writes a byte count as megabytes for messages.
func mb(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
