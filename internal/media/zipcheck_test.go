package media

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// lyingDOCX is a DOCX whose word/document.xml claims, in its local
// header and in the central directory, declared bytes uncompressed, and
// really inflates to real bytes of zeros: the compressed stream is
// written with compress/flate and stored raw under the lying header.
func lyingDOCX(t testing.TB, declared uint64, real int64) []byte {
	t.Helper()
	var comp bytes.Buffer
	fw, err := flate.NewWriter(&comp, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	crc := crc32.NewIEEE()
	if _, err := io.Copy(io.MultiWriter(fw, crc), io.LimitReader(&endless{}, real)); err != nil {
		t.Fatal(err)
	}
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range [][2]string{{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", "<Relationships/>"}} {
		w, _ := zw.Create(e[0])
		w.Write([]byte(e[1]))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipSizesAreCounted: an archive is judged by what it really
// inflates to, not by what it declares. The audit's DOCX claimed 1,000
// bytes and expanded to 400 MB; this one expands to 64 MB, refused after
// the first 32 KB.
func TestZipSizesAreCounted(t *testing.T) {
	lim := DefaultLimits()
	big := lim
	big.MaxZipRatio = 1 << 20 // only the declared size is at fault
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want string // "" for accepted
	}{
		{"a small DOCX", minimalDOCX(t), lim, ""},
		{"an ODT", zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<office:document-content/>"}), lim, ""},
		{"declares 1,000 bytes, inflates to 64 MB", lyingDOCX(t, 1000, 64<<20), big, "khai báo 1000 byte nhưng giải nén ra nhiều hơn"},
		{"declares and inflates to 2 MB of zeros", lyingDOCX(t, 2<<20, 2<<20), lim, "gấp hơn 100 lần kích thước nén"},
		{"declares more than the limit in all", lyingDOCX(t, 2<<20, 2<<20), Limits{MaxUnzippedBytes: 1 << 20, MaxZipRatio: 1 << 20}, "lớn hơn 1 MB"},
		{"declares more than it holds", lyingDOCX(t, 5000, 1000), lim, "bị hỏng"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := checkZip(tt.data, tt.lim)
			if tt.want == "" {
				if err != nil || f == nil {
					t.Fatalf("checkZip = %v, %v; want accepted", f, err)
				}
				return
			}
			wantRefusal(t, err, tt.want)
		})
	}
}

// FuzzCheckZip: whatever the bytes, checkZip never panics, and what it
// accepts is an office format whose entries really inflate to no more
// than they declare and, all together, than the limit.
func FuzzCheckZip(f *testing.F) {
	f.Add(minimalDOCX(f))
	f.Add(lyingDOCX(f, 1000, 1<<20))
	f.Add(zipOf(f, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<x/>"}))
	lim := DefaultLimits()
	lim.MaxUnzippedBytes = 4 << 20 // keeps each run fast
	f.Fuzz(func(t *testing.T, data []byte) {
		ft, err := checkZip(data, lim)
		if err != nil {
			return
		}
		if !strings.Contains("docx xlsx pptx odt ods", ft.name) {
			t.Fatalf("accepted as %s", ft.name)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("accepted, but archive/zip refuses it: %v", err)
		}
		var total int64
		for _, e := range zr.File {
			rc, err := e.Open()
			if err != nil {
				t.Fatalf("accepted, but %s does not open: %v", e.Name, err)
			}
			n, err := io.Copy(io.Discard, io.LimitReader(rc, lim.MaxUnzippedBytes+1))
			rc.Close()
			if err != nil { // archive/zip's own checks: more than declared, a wrong checksum
				t.Fatalf("accepted, but %s does not inflate: %v", e.Name, err)
			}
			if total += n; uint64(n) > e.UncompressedSize64 || total > lim.MaxUnzippedBytes {
				t.Fatalf("accepted, but %s inflates to %d bytes (declared %d; %d in all)", e.Name, n, e.UncompressedSize64, total)
			}
		}
	})
}
