// Package pdfdoc is the PDF layer of the provincial electronic gazette
// (issue 16): it checks that an uploaded file is a PDF the portal accepts,
// reads its page count, title and digital signatures (PAdES/CMS), and
// merges documents into one issue PDF with a bookmark per document.
package pdfdoc

import (
	"errors"
	"io"
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Limits of a gazette file.
const (
	MaxBytes = 100 << 20 // larger files are refused with a message
	MaxPages = 2000
)

// Signature is one digital signature of a PDF, as verified.
type Signature struct {
	Signer      string     // the certificate subject's common name (and organisation when present)
	Issuer      string     // the certificate issuer's common name
	SigningTime time.Time  // from the signature (signed attribute or /M)
	Intact      bool       // the signed byte range's digest matches: not changed since signing
	WholeFile   bool       // the byte ranges cover the whole file except the signature value (nothing appended after signing)
	CertValidAt bool       // the certificate was within its validity at SigningTime
	Problem     apperr.Msg // empty when Intact && WholeFile; otherwise why, in Vietnamese and English
}

// Info is what Inspect reads of an accepted PDF.
type Info struct {
	Pages      int
	Signatures []Signature // empty: unsigned
	Title      string      // the PDF's /Title if any
}

// Inspect checks that data is a PDF we accept (a real PDF by its bytes,
// not encrypted, at most MaxBytes and MaxPages) and reads its page count
// and signatures. A file that is not acceptable is an *apperr.Error of
// kind Invalid with a message on the field "file".
func Inspect(data []byte) (*Info, error) {
	return nil, errors.New("pdfdoc: TODO")
}

// Verified reports whether the file carries at least one signature and
// every signature is Intact and WholeFile.
func (i *Info) Verified() bool {
	if i == nil || len(i.Signatures) == 0 {
		return false
	}
	for _, s := range i.Signatures {
		if !s.Intact || !s.WholeFile {
			return false
		}
	}
	return true
}

// Part is one document of a merged PDF.
type Part struct {
	Title string // the bookmark
	PDF   []byte
}

// Merge writes one PDF of the parts in order, with a top-level bookmark
// per part pointing at its first page.
func Merge(w io.Writer, parts []Part) error {
	return errors.New("pdfdoc: TODO")
}
