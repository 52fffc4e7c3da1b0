package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// checkZip accepts the office formats built on ZIP (DOCX, XLSX, PPTX,
// ODT, ODS) and refuses zip bombs. The sizes an archive declares are
// checked first, from its central directory — the entry count even
// before archive/zip reads it — and then every entry is decompressed to
// count what it really holds: a declared size is only a claim, and an
// entry claiming 1,000 bytes may inflate to gigabytes. The portal never
// keeps what it inflates; the limits protect whoever opens the file
// later, including the portal's own indexer.
func checkZip(data []byte, lim Limits) (*format, error) {
	lim = lim.withDefaults()
	n, ok := zipEntryCount(data)
	if !ok {
		return nil, badZip()
	}
	if n > uint64(lim.MaxZipEntries) {
		return nil, tooManyEntries(n, lim)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, badZip()
	}
	if len(zr.File) > lim.MaxZipEntries { // a count the end record understated
		return nil, tooManyEntries(uint64(len(zr.File)), lim)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.MaxUnzippedBytes) || f.UncompressedSize64 > uint64(lim.MaxUnzippedBytes) {
			return nil, tooBigUnzipped(lim)
		}
	}
	if err := inflate(zr, lim); err != nil {
		return nil, err
	}
	if f := odfType(zr); f != nil {
		return f, nil
	}
	return ooxmlType(zr)
}

// zipRatioGrace is what an entry may inflate to whatever its ratio:
// small parts of a document (styles, settings) compress very well.
const zipRatioGrace = 1 << 20

// inflate decompresses every entry of zr, counting the bytes it really
// gives, and refuses the archive as soon as an entry gives more than it
// declared, more than MaxZipRatio times its compressed size (past
// zipRatioGrace), or all entries together more than MaxUnzippedBytes.
// At most MaxUnzippedBytes are inflated, 32 KB at a time.
func inflate(zr *zip.Reader, lim Limits) error {
	buf := make([]byte, 32<<10)
	left := lim.MaxUnzippedBytes
	for _, f := range zr.File {
		n, err := inflateEntry(f, buf, left, lim)
		if err != nil {
			return err
		}
		left -= n
	}
	return nil
}

// inflateEntry reads f to its end into buf and returns how many bytes it
// gave, refusing it past left, past its declared size or past the ratio.
func inflateEntry(f *zip.File, buf []byte, left int64, lim Limits) (int64, error) {
	ratio := lim.MaxZipRatio
	rc, err := f.Open()
	if err != nil { // a compression method no office format uses
		return 0, badZip()
	}
	defer rc.Close()
	var n int64
	for {
		k, err := rc.Read(buf)
		n += int64(k)
		switch {
		case uint64(n) > f.UncompressedSize64, errors.Is(err, zip.ErrFormat): // archive/zip's own check of the size
			return n, refuse(fmt.Sprintf("Thành phần %s trong tệp nén khai báo %d byte nhưng giải nén ra nhiều hơn: có thể là tệp độc hại (zip bomb). Hãy kiểm tra lại tệp.", cleanName(f.Name), f.UncompressedSize64),
				fmt.Sprintf("The entry %s expands beyond the %d bytes the archive declares (a zip bomb?).", cleanName(f.Name), f.UncompressedSize64))
		case n > left:
			return n, tooBigUnzipped(lim)
		case n > zipRatioGrace && n > ratio*int64(f.CompressedSize64):
			return n, refuse(fmt.Sprintf("Thành phần %s của tệp nén giải nén ra gấp hơn %d lần kích thước nén: có thể là tệp độc hại (zip bomb). Hãy kiểm tra lại tệp.", cleanName(f.Name), ratio),
				fmt.Sprintf("The entry %s expands more than %d times its compressed size (a zip bomb?).", cleanName(f.Name), ratio))
		case err == io.EOF:
			return n, nil
		case err != nil: // damaged data, a wrong checksum, an entry shorter than declared
			return n, badZip()
		}
	}
}

func tooManyEntries(n uint64, lim Limits) error {
	return refuse(fmt.Sprintf("Tệp nén chứa quá nhiều thành phần (%d, tối đa %d): có thể là tệp độc hại (zip bomb).", n, lim.MaxZipEntries),
		fmt.Sprintf("The archive has too many entries (%d, at most %d).", n, lim.MaxZipEntries))
}

func tooBigUnzipped(lim Limits) error {
	return refuse("Tệp nén khi giải nén sẽ lớn hơn "+mb(lim.MaxUnzippedBytes)+": có thể là tệp độc hại (zip bomb). Hãy kiểm tra lại tệp.",
		"The archive would expand beyond "+mb(lim.MaxUnzippedBytes)+" (a zip bomb?).")
}

func badZip() error {
	return refuse("Tệp nén (ZIP, DOCX, XLSX, ODT…) bị hỏng hoặc không đầy đủ: hãy lưu lại tài liệu rồi tải lên lại.",
		"The archive is damaged or incomplete.")
}

// zipEntryCount reads the number of entries from the end of central
// directory record (or its ZIP64 form), before any entry is parsed.
func zipEntryCount(data []byte) (uint64, bool) {
	const eocdLen, sig = 22, "PK\x05\x06"
	from := max(0, len(data)-eocdLen-0xffff) // the record ends in a comment of up to 64 KiB
	i := bytes.LastIndex(data[from:], []byte(sig))
	if i < 0 || from+i+eocdLen > len(data) {
		return 0, false
	}
	eocd := from + i
	n := uint64(binary.LittleEndian.Uint16(data[eocd+10:]))
	if n != 0xffff {
		return n, true
	}
	// ZIP64: a locator just before the record points at the real count.
	loc := eocd - 20
	if loc < 0 || string(data[loc:loc+4]) != "PK\x06\x07" {
		return n, true
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if len(data) < 56 || off > uint64(len(data)-56) || string(data[off:off+4]) != "PK\x06\x06" {
		return 0, false
	}
	return binary.LittleEndian.Uint64(data[off+32:]), true
}

// odfType recognises OpenDocument files: their first entry is an
// uncompressed "mimetype" naming the document type.
func odfType(zr *zip.Reader) *format {
	if len(zr.File) == 0 || zr.File[0].Name != "mimetype" {
		return nil
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	b, _ := io.ReadAll(io.LimitReader(rc, 100))
	switch strings.TrimSpace(string(b)) {
	case "application/vnd.oasis.opendocument.text":
		return formats["odt"]
	case "application/vnd.oasis.opendocument.spreadsheet":
		return formats["ods"]
	}
	return nil
}

// ooxmlType recognises Office Open XML files by their [Content_Types].xml
// and the folder of their main part, refusing those that carry macros.
func ooxmlType(zr *zip.Reader) (*format, error) {
	var types bool
	var kind string
	for _, f := range zr.File {
		name := f.Name
		switch {
		case name == "[Content_Types].xml":
			types = true
		case strings.HasSuffix(strings.ToLower(name), "vbaproject.bin"):
			return nil, refuse("Không nhận tài liệu có macro (VBA) vì macro có thể chứa mã độc. Hãy lưu thành DOCX, XLSX hoặc PPTX không có macro.",
				"Documents with macros are not accepted.")
		case kind == "" && strings.HasPrefix(name, "word/"):
			kind = "docx"
		case kind == "" && strings.HasPrefix(name, "xl/"):
			kind = "xlsx"
		case kind == "" && strings.HasPrefix(name, "ppt/"):
			kind = "pptx"
		}
	}
	if !types || kind == "" {
		return nil, refuse("Không nhận tệp nén ZIP. Nếu là tài liệu văn phòng, hãy lưu lại thành DOCX, XLSX, PPTX, ODT hoặc ODS."+accepted,
			"ZIP archives are not accepted, only office documents.")
	}
	return formats[kind], nil
}
