package media

import (
	"context"
	"testing"
)

func TestCheckName(t *testing.T) {
	tests := []struct {
		name, content string
		ok            bool
	}{
		{"anh.jpg", "jpeg", true},
		{"ANH.JPEG", "jpeg", true},
		{"anh.jpg", "png", true}, // a PNG saved as .jpg: re-encoded anyway
		{"anh", "png", true},
		{"anh.jpg", "pdf", false},
		{"bao-cao.pdf", "docx", false},
		{"bao-cao.docx", "docx", true},
		{"bao-cao.doc", "docx", false},
		{"so-lieu.xlsx", "ods", false},
		{"so-lieu.csv", "csv", true},
		{"trang.html", "txt", false},
	}
	for _, tt := range tests {
		if err := checkName(tt.name, formats[tt.content]); (err == nil) != tt.ok {
			t.Errorf("checkName(%q, %s) = %v; want ok=%v", tt.name, tt.content, err, tt.ok)
		}
	}
}

func TestVariantWidths(t *testing.T) {
	tests := []struct {
		w    int
		want []int
	}{
		{100, []int{100}},
		{320, []int{320}},
		{800, []int{320, 640, 800}},
		{1600, []int{320, 640, 1024, 1600}},
		{4000, []int{320, 640, 1024, 1600}},
	}
	for _, tt := range tests {
		if got := variantWidths(tt.w); !equal(got, tt.want) {
			t.Errorf("variantWidths(%d) = %v; want %v", tt.w, got, tt.want)
		}
	}
}

func TestExifOrientation(t *testing.T) {
	plain := jpegBytes(t, photo(16, 8))
	for _, o := range []uint16{1, 3, 6, 8} {
		if got := exifOrientation(withEXIF(plain, o)); got != int(o) {
			t.Errorf("orientation %d read as %d", o, got)
		}
	}
	if got := exifOrientation(plain); got != 1 {
		t.Errorf("no EXIF read as %d", got)
	}
	if b := orient(photo(16, 8), 6).Bounds(); b.Dx() != 8 || b.Dy() != 16 {
		t.Errorf("orient 6 gave %v; want 8×16", b)
	}
}

// FuzzSniff feeds arbitrary bytes to everything that parses an upload
// before it is trusted: none may panic.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Add(pngHeader(60000, 60000))
	f.Add(minimalDOCX(f))
	f.Add(zipOf(f, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}))
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte("<svg onload=alert(1)>"))
	f.Add([]byte("PK\x05\x06\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte("Xã,Dân số\n"))
	f.Add(mp4Bytes("isom", 0))
	f.Add(webmBytes("webm"))
	f.Add([]byte(vttText))
	lim := DefaultLimits()
	lim.MaxPixels = 1 << 20 // keeps each run fast
	f.Fuzz(func(t *testing.T, data []byte) {
		exifOrientation(data)
		zipEntryCount(data)
		ft, err := sniff(data, "x.csv", lim)
		if err != nil {
			return
		}
		checkName("x.jpg", ft)
		if ft.image {
			processImage(context.Background(), data, ft, lim)
		}
	})
}

// BenchmarkProcessImage measures what an editor waits for after uploading
// a 2000×1500 photo: decoding, four resized variants, JPEG and WebP.
func BenchmarkProcessImage(b *testing.B) {
	data := jpegBytes(b, photo(2000, 1500))
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, _, err := processImage(ctx, data, formats["jpeg"], DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
