package document

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"io"
	"slices"
	"strconv"
)

// fpdf compresses each page with a new zlib writer, about 1.2 MB of
// allocation a page: 2.6 GB for a synthesis of 10,000 comments. So
// WritePDF has fpdf write pages uncompressed and compresses them here,
// in one pass over fpdf's output with one zlib writer, rewriting the
// cross-reference table for the new offsets.

// compressPDF copies the PDF in data to w with every uncompressed
// stream object of fpdf's exact form ("N 0 obj\n<</Length L>>\nstream\n"
// L bytes "\nendstream\nendobj\n") Flate-compressed. Data it cannot
// read as fpdf's classic layout is copied unchanged.
func compressPDF(w io.Writer, data []byte) error {
	xrefAt, offsets, trailer, ok := readXref(data)
	if !ok {
		_, err := w.Write(data)
		return err
	}
	type obj struct{ n, off int }
	objs := make([]obj, 0, len(offsets))
	for n, off := range offsets {
		if n > 0 {
			objs = append(objs, obj{n, off})
		}
	}
	slices.SortFunc(objs, func(a, b obj) int { return a.off - b.off })
	if len(objs) == 0 || objs[0].off <= 0 || objs[len(objs)-1].off >= xrefAt {
		_, err := w.Write(data)
		return err
	}

	bw := bufio.NewWriterSize(w, 256<<10)
	pos := 0 // bytes written
	write := func(b []byte) {
		n, _ := bw.Write(b)
		pos += n
	}
	var zbuf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
	if err != nil {
		return err
	}
	newOff := make([]int, len(offsets))
	write(data[:objs[0].off])
	for i, o := range objs {
		end := xrefAt
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		newOff[o.n] = pos
		region := data[o.off:end]
		head, body, tail, ok := plainStream(region, o.n)
		if !ok {
			write(region)
			continue
		}
		zbuf.Reset()
		zw.Reset(&zbuf)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		write(head)
		write([]byte("<</Filter /FlateDecode /Length " + strconv.Itoa(zbuf.Len()) + ">>\nstream\n"))
		write(zbuf.Bytes())
		write(tail)
	}
	newXref := pos
	write([]byte("xref\n0 " + strconv.Itoa(len(offsets)) + "\n0000000000 65535 f \n"))
	entry := []byte("0000000000 00000 n \n")
	for n := 1; n < len(offsets); n++ {
		v := newOff[n]
		for j := 9; j >= 0; j-- {
			entry[j] = byte('0' + v%10)
			v /= 10
		}
		write(entry)
	}
	write(trailer)
	write([]byte("startxref\n" + strconv.Itoa(newXref) + "\n%%EOF\n"))
	return bw.Flush()
}

// readXref reads fpdf's cross-reference table: where it starts, the
// offset of each object (index 0 unused) and the trailer dictionary
// (from "trailer" up to "startxref").
func readXref(data []byte) (at int, offsets []int, trailer []byte, ok bool) {
	sx := bytes.LastIndex(data, []byte("\nstartxref\n"))
	if sx < 0 {
		return 0, nil, nil, false
	}
	rest := data[sx+len("\nstartxref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return 0, nil, nil, false
	}
	at, err := strconv.Atoi(string(rest[:nl]))
	if err != nil || at <= 0 || at >= sx || !bytes.HasPrefix(data[at:], []byte("xref\n0 ")) {
		return 0, nil, nil, false
	}
	p := data[at+len("xref\n0 "):]
	nl = bytes.IndexByte(p, '\n')
	if nl < 0 {
		return 0, nil, nil, false
	}
	count, err := strconv.Atoi(string(p[:nl]))
	if err != nil || count < 1 || len(p) < nl+1+20*count {
		return 0, nil, nil, false
	}
	entries := p[nl+1 : nl+1+20*count]
	offsets = make([]int, count)
	for n := 1; n < count; n++ {
		e := entries[20*n : 20*n+20]
		if !bytes.Equal(e[10:], []byte(" 00000 n \n")) {
			return 0, nil, nil, false
		}
		if offsets[n], err = strconv.Atoi(string(e[:10])); err != nil {
			return 0, nil, nil, false
		}
	}
	start := at + len("xref\n0 ") + nl + 1 + 20*count
	if start > sx+1 {
		return 0, nil, nil, false
	}
	trailer = data[start : sx+1]
	if !bytes.HasPrefix(trailer, []byte("trailer\n")) {
		return 0, nil, nil, false
	}
	return at, offsets, trailer, true
}

// plainStream splits an object region of the form "N 0 obj\n<</Length
// L>>\nstream\n" + L bytes + "\nendstream\nendobj\n" into its head
// ("N 0 obj\n"), its stream data and its tail ("\nendstream\nendobj\n").
func plainStream(region []byte, n int) (head, body, tail []byte, ok bool) {
	h := strconv.Itoa(n) + " 0 obj\n"
	if !bytes.HasPrefix(region, []byte(h)) {
		return nil, nil, nil, false
	}
	rest := region[len(h):]
	const open = "<</Length "
	if !bytes.HasPrefix(rest, []byte(open)) {
		return nil, nil, nil, false
	}
	rest = rest[len(open):]
	end := bytes.Index(rest, []byte(">>\nstream\n"))
	if end < 0 || end > 12 {
		return nil, nil, nil, false
	}
	l, err := strconv.Atoi(string(rest[:end]))
	if err != nil || l < 0 {
		return nil, nil, nil, false
	}
	rest = rest[end+len(">>\nstream\n"):]
	const closing = "\nendstream\nendobj\n"
	if len(rest) != l+len(closing) || string(rest[l:]) != closing {
		return nil, nil, nil, false
	}
	return region[:len(h)], rest[:l], rest[l:], true
}
