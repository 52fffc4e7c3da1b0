package media

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/webp"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var editor = audit.Actor{Name: "bientap", IP: "10.0.0.7"}

func TestUploadPhotoStripsEXIF(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, root, siteID := newTestStore(t, db, Limits{})
		// 2000×1200 stored sideways: orientation 6 turns it to 1200×2000.
		raw := withEXIF(jpegBytes(t, photo(2000, 1200)), 6)
		if !bytes.Contains(raw, []byte("Exif")) || !bytes.Contains(raw, []byte(gpsMarker)) {
			t.Fatal("test photo lacks its EXIF")
		}
		m, err := s.Upload(ctx, siteID, "IMG_0042 ảnh hội nghị.JPG", bytes.NewReader(raw), editor)
		if err != nil {
			t.Fatal(err)
		}
		if m.Kind != Image || m.MIME != "image/jpeg" || m.Width != 1200 || m.Height != 2000 {
			t.Errorf("got %s %s %d×%d; want image image/jpeg 1200×2000 (upright)", m.Kind, m.MIME, m.Width, m.Height)
		}
		var widths []int
		for _, v := range m.Variants {
			if v.Format != "jpeg" {
				continue
			}
			widths = append(widths, v.Width)
			img := decodeVariant(t, root, v)
			if got := img.Bounds().Dx(); got != v.Width {
				t.Errorf("%s is %d wide; want %d", v.Path, got, v.Width)
			}
			if b := img.Bounds(); b.Dy() < b.Dx() {
				t.Errorf("%s is %v: not turned upright", v.Path, b)
			}
		}
		if got, want := widths, []int{320, 640, 1024, 1200}; !equal(got, want) {
			t.Errorf("jpeg widths %v; want %v", got, want)
		}
		for _, p := range rootFiles(t, root) {
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte("Exif")) || bytes.Contains(b, []byte(gpsMarker)) || bytes.Contains(b, []byte("21.0285")) {
				t.Errorf("%s keeps EXIF or GPS data", p)
			}
		}
		got, err := s.Get(ctx, m.ID)
		if err != nil || got.OriginalName != "IMG_0042 ảnh hội nghị.JPG" || len(got.Variants) != len(m.Variants) {
			t.Errorf("Get = %+v, %v", got, err)
		}
		if ss := Srcset(got, "jpeg"); !strings.HasPrefix(ss, "/media/"+m.SHA256[:2]+"/"+m.SHA256[2:4]+"/"+m.SHA256+"-w320.jpg 320w, ") ||
			!strings.HasSuffix(ss, "-w1200.jpg 1200w") {
			t.Errorf("Srcset = %q", ss)
		}
	})
}

func decodeVariant(t *testing.T, root string, v Variant) image.Image {
	t.Helper()
	f, err := os.Open(filepath.Join(root, v.Path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var img image.Image
	switch v.Format {
	case "jpeg":
		img, err = jpeg.Decode(f)
	case "png":
		img, err = png.Decode(f)
	case "webp":
		img, err = webp.Decode(f)
	}
	if err != nil {
		t.Fatalf("%s: %v", v.Path, err)
	}
	return img
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUploadTransparentPNGStaysPNG(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		s, root, siteID := newTestStore(t, db, Limits{})
		logo := image.NewNRGBA(image.Rect(0, 0, 700, 300))
		for y := 50; y < 250; y++ {
			for x := 100; x < 600; x++ {
				logo.Set(x, y, color.NRGBA{200, 16, 46, 255}) // a red banner on transparency
			}
		}
		m, err := s.Upload(context.Background(), siteID, "logo.png", bytes.NewReader(pngBytes(t, logo)), editor)
		if err != nil {
			t.Fatal(err)
		}
		if m.MIME != "image/png" || m.Format() != "png" || !strings.HasSuffix(m.Path(), "-w700.png") {
			t.Errorf("got %s, %s, %s; want a PNG of 700 px", m.MIME, m.Format(), m.Path())
		}
		for _, v := range m.Variants {
			if v.Format == "jpeg" {
				t.Errorf("transparent image got a JPEG variant %s", v.Path)
			}
			img := decodeVariant(t, root, v)
			if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
				t.Errorf("%s lost its transparency", v.Path)
			}
		}
		if Srcset(m, "webp") == "" {
			t.Error("a flat logo should get a (smaller) lossless WebP")
		}
	})
}

func TestUploadIsDeduplicated(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, root, siteID := newTestStore(t, db, Limits{})
		raw := jpegBytes(t, photo(400, 300))
		a, err := s.Upload(ctx, siteID, "a.jpg", bytes.NewReader(raw), editor)
		if err != nil {
			t.Fatal(err)
		}
		files := len(rootFiles(t, root))
		b, err := s.Upload(ctx, siteID, "b.jpeg", bytes.NewReader(raw), editor)
		if err != nil {
			t.Fatal(err)
		}
		if b.ID != a.ID || b.OriginalName != "a.jpg" {
			t.Errorf("second upload = %d %q; want the first, %d", b.ID, b.OriginalName, a.ID)
		}
		if n := countRows(t, db, "media"); n != 1 {
			t.Errorf("%d media rows; want 1", n)
		}
		if n := len(rootFiles(t, root)); n != files {
			t.Errorf("%d files after the second upload; want %d", n, files)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: "media.upload"})
		if len(entries) != 1 || entries[0].Actor != "bientap" {
			t.Errorf("audit = %+v; want one media.upload by bientap", entries)
		}
	})
}

func TestUploadAttachments(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, root, siteID := newTestStore(t, db, Limits{})
		tests := []struct {
			name, mime string
			data       []byte
		}{
			// A name in decomposed Unicode, as macOS sends it, is stored in NFC.
			{"Ba\u0301o ca\u0301o quý 1.docx", formats["docx"].mime, minimalDOCX(t)},
			{"ke-hoach.odt", formats["odt"].mime, zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"},
				[2]string{"META-INF/manifest.xml", "<manifest/>"}, [2]string{"content.xml", "<office:document-content/>"})},
			{"quyet-dinh.pdf", "application/pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")},
			{"so-lieu.csv", "text/csv; charset=utf-8", []byte("Xã,Dân số\nPhú Mỹ,12000\n")},
			{"ghi-chu", "text/plain; charset=utf-8", []byte("Ghi chú không có đuôi tệp.\n")},
		}
		for _, tt := range tests {
			m, err := s.Upload(ctx, siteID, tt.name, bytes.NewReader(tt.data), editor)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			if m.Kind != File || m.MIME != tt.mime {
				t.Errorf("%s: %s %s; want file %s", tt.name, m.Kind, m.MIME, tt.mime)
			}
			stored, err := os.ReadFile(filepath.Join(root, m.Path()))
			if err != nil || !bytes.Equal(stored, tt.data) {
				t.Errorf("%s: stored file differs (%v)", tt.name, err)
			}
		}
		ms, err := s.List(ctx, siteID, 1)
		if err != nil || len(ms) != len(tests) || ms[len(ms)-1].OriginalName != "Báo cáo quý 1.docx" {
			t.Errorf("List = %d items, %v; want %d, oldest the DOCX with an NFC name", len(ms), err, len(tests))
		}
	})
}

// endless is a reader of zeros that counts what was taken from it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

func TestUploadRefusals(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		lim := DefaultLimits()
		lim.MaxUnzippedBytes = 32 << 20 // lets the real bomb below stay small
		s, root, siteID := newTestStore(t, db, lim)

		var bomb bytes.Buffer // 64 MB of zeros that deflate to about 64 KB
		zw := zip.NewWriter(&bomb)
		w, _ := zw.Create("[Content_Types].xml")
		w.Write([]byte("<Types/>"))
		w, _ = zw.Create("word/document.xml")
		io.Copy(w, io.LimitReader(&endless{}, 64<<20))
		zw.Close()

		var liar bytes.Buffer // a central directory claiming a terabyte
		zw = zip.NewWriter(&liar)
		zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, UncompressedSize64: 1 << 40, CompressedSize64: 2})
		zw.Close()

		many := make([][2]string, 0, 10_002)
		many = append(many, [2]string{"[Content_Types].xml", "<Types/>"})
		for range 10_001 {
			many = append(many, [2]string{"word/x", ""})
		}

		tests := []struct {
			name string
			r    io.Reader
			want string
		}{
			{"anh.jpg", strings.NewReader("%PDF-1.7\n%âãÏÓ\n"), "Tệp có đuôi .jpg nhưng nội dung không phải ảnh JPEG mà là tài liệu PDF"},
			{"bao-cao.pdf", strings.NewReader("<!DOCTYPE html><html><body><script>alert(1)</script>"), "Không nhận tệp HTML"},
			{"logo.png", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "SVG"},
			{"van-ban.docx", &bomb, "zip bomb"},
			{"bang-tinh.docx", &liar, "zip bomb"},
			{"nhieu.docx", bytes.NewReader(zipOf(t, many...)), "quá nhiều thành phần"},
			{"macro.docx", bytes.NewReader(zipOf(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w/>"}, [2]string{"word/vbaProject.bin", "x"})), "macro"},
			{"tai-lieu.zip", bytes.NewReader(zipOf(t, [2]string{"a.txt", "a"})), "Không nhận tệp nén ZIP"},
			{"bom.png", bytes.NewReader(pngHeader(60000, 60000)), "60000×60000 điểm ảnh, vượt mức tối đa 40 megapixel"},
			{"hong.jpg", strings.NewReader("\xff\xd8\xff\xe0 not really a jpeg"), "Không đọc được ảnh"},
			{"setup.pdf", strings.NewReader("MZ\x90\x00\x03\x00\x00\x00"), "chương trình chạy được"},
			{"danh-sach.csv", strings.NewReader("X\xe3,D\xe2n s\xf4\n"), "UTF-8"},
			{"ghi-chu.html", strings.NewReader("chỉ là chữ\n"), "Không nhận tệp có đuôi .html"},
			{"rong.txt", strings.NewReader(""), "Tệp rỗng"},
			{"lon.jpg", io.MultiReader(strings.NewReader("\xff\xd8\xff\xe0"), &endless{}), "Ảnh quá lớn: tối đa 15 MB"},
			{"lon.pdf", io.MultiReader(strings.NewReader("%PDF-1.7\n"), &endless{}), "Tệp quá lớn: tối đa 30 MB"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := s.Upload(ctx, siteID, tt.name, tt.r, editor)
				if apperr.KindOf(err) != apperr.Invalid || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Upload = %v; want Invalid saying %q", err, tt.want)
				}
				if e, _ := apperr.As(err); e.Fields["file"].EN == "" {
					t.Error("no English message")
				}
				if n := countRows(t, db, "media"); n != 0 {
					t.Errorf("%d media rows stored", n)
				}
				if files := rootFiles(t, root); len(files) != 0 {
					t.Errorf("files left in the root: %v", files)
				}
			})
		}
	})
}

func TestOversizeStopsReading(t *testing.T) {
	s := NewStore(nil, t.TempDir(), nil, Limits{})
	src := &endless{}
	if _, err := s.read(io.MultiReader(strings.NewReader("\xff\xd8\xff"), src)); err == nil {
		t.Fatal("read an endless image")
	}
	if max := s.limits.MaxImageBytes + 512; src.read > max {
		t.Errorf("read %d bytes; want at most %d", src.read, max)
	}
}

func TestSetAltAndGetMissing(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, siteID := newTestStore(t, db, Limits{})
		m, err := s.Upload(ctx, siteID, "a.jpg", bytes.NewReader(jpegBytes(t, photo(100, 80))), editor)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetAlt(ctx, m.ID, "  Hội nghị\ttổng kết năm 2025 ", editor); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Get(ctx, m.ID)
		if got.Alt != "Hội nghị tổng kết năm 2025" {
			t.Errorf("Alt = %q", got.Alt)
		}
		if err := s.SetAlt(ctx, 999, "x", editor); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("SetAlt(missing) = %v; want NotFound", err)
		}
		if _, err := s.Get(ctx, 999); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("Get(missing) = %v; want NotFound", err)
		}
		for _, v := range got.Variants {
			if v.Width != 100 {
				t.Errorf("a 100 px image got variants %+v; want only 100 px ones (never enlarged)", got.Variants)
			}
		}
	})
}
