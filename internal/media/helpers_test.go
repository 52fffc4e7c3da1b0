package media

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store"
)

var testNow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// newTestStore returns a Store with its own root folder on db, and the id
// of a site to upload to.
func newTestStore(t testing.TB, db *store.DB, lim Limits) (*Store, string, int64) {
	t.Helper()
	ctx := context.Background()
	var siteID int64
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO sites (code, kind, name, created_at) VALUES ('so-tt', 'department', 'Sở Thông tin', ?) RETURNING id`,
			testNow).Scan(&siteID)
	})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(t.TempDir(), "media")
	return NewStore(db, root, func() time.Time { return testNow }, lim), root, siteID
}

// photo draws a photo-like picture: smooth gradients with a little noise,
// so that encoders meet what they meet in real uploads.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			n := uint8(r.IntN(12))
			img.Set(x, y, color.RGBA{uint8(x*255/w) + n, uint8(y*255/h) + n, uint8((x+y)*127/(w+h)) + n, 255})
		}
	}
	return img
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gpsMarker stands for the coordinates a phone writes into a photo.
const gpsMarker = "GPS 21.0285N 105.8542E Ba Dinh"

// withEXIF inserts an APP1 EXIF segment right after the JPEG's SOI, with
// an Orientation tag and a GPS IFD holding gpsMarker as its area text.
func withEXIF(jpg []byte, orientation uint16) []byte {
	le := binary.LittleEndian
	var t []byte
	t = append(t, "II"...)
	t = le.AppendUint16(t, 42)
	t = le.AppendUint32(t, 8) // IFD0 at 8
	// IFD0: 2 entries, then next-IFD offset 0.
	gpsIFD := uint32(8 + 2 + 2*12 + 4)
	t = le.AppendUint16(t, 2)
	t = append(t, ifdEntry(0x0112, 3, 1, uint32(orientation))...) // Orientation, SHORT
	t = append(t, ifdEntry(0x8825, 4, 1, gpsIFD)...)              // GPS IFD pointer, LONG
	t = le.AppendUint32(t, 0)
	// GPS IFD: GPSLatitudeRef "N", GPSAreaInformation → marker.
	text := uint32(int(gpsIFD) + 2 + 2*12 + 4)
	t = le.AppendUint16(t, 2)
	t = append(t, ifdEntry(0x0001, 2, 2, uint32('N'))...)
	t = append(t, ifdEntry(0x001c, 7, uint32(len(gpsMarker)), text)...)
	t = le.AppendUint32(t, 0)
	t = append(t, gpsMarker...)
	seg := append([]byte("Exif\x00\x00"), t...)
	app1 := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func ifdEntry(tag, typ uint16, count, value uint32) []byte {
	le := binary.LittleEndian
	b := le.AppendUint16(nil, tag)
	b = le.AppendUint16(b, typ)
	b = le.AppendUint32(b, count)
	if typ == 3 { // a SHORT sits in the first two bytes of the value field
		return le.AppendUint32(b, value&0xffff)
	}
	return le.AppendUint32(b, value)
}

// pngHeader is a PNG that declares w×h pixels in its IHDR and holds
// nothing else of worth: a decompression bomb's calling card.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	b = pngChunk(b, "IHDR", ihdr)
	b = pngChunk(b, "IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return pngChunk(b, "IEND", nil)
}

func pngChunk(b []byte, typ string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	c := append([]byte(typ), data...)
	b = append(b, c...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(c))
}

// zipOf builds a ZIP of the named entries, in order; an entry named
// "mimetype" is stored uncompressed as ODF requires.
func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e[0], Method: zip.Deflate}
		if e[0] == "mimetype" {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// minimalDOCX is the smallest document Word opens.
func minimalDOCX(t testing.TB) []byte {
	return zipOf(t,
		[2]string{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		[2]string{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Báo cáo kết quả</w:t></w:r></w:p></w:body></w:document>`},
	)
}

// rootFiles lists everything under root, folders included.
func rootFiles(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && p != root {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func countRows(t testing.TB, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
