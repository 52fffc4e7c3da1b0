package media

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// checkZip accepts the office formats built on ZIP (DOCX, XLSX, PPTX,
// ODT, ODS) and refuses zip bombs. The limits are checked from the
// central directory — the entry count even before archive/zip reads it —
// and nothing is decompressed except ODF's tiny "mimetype" entry. The
// portal never unpacks the rest; the limits protect whoever opens the
// file later, including the portal's own indexer.
func checkZip(data []byte, lim Limits) (*format, error) {
	n, ok := zipEntryCount(data)
	if !ok {
		return nil, badZip()
	}
	if n > uint64(lim.MaxZipEntries) {
		return nil, refuse(fmt.Sprintf("Tệp nén chứa quá nhiều thành phần (%d, tối đa %d): có thể là tệp độc hại (zip bomb).", n, lim.MaxZipEntries),
			fmt.Sprintf("The archive has too many entries (%d, at most %d).", n, lim.MaxZipEntries))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, badZip()
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.MaxUnzippedBytes) || f.UncompressedSize64 > uint64(lim.MaxUnzippedBytes) {
			return nil, refuse("Tệp nén khi giải nén sẽ lớn hơn "+mb(lim.MaxUnzippedBytes)+": có thể là tệp độc hại (zip bomb). Hãy kiểm tra lại tệp.",
				"The archive would expand beyond "+mb(lim.MaxUnzippedBytes)+" (a zip bomb?).")
		}
	}
	if f := odfType(zr); f != nil {
		return f, nil
	}
	return ooxmlType(zr)
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
