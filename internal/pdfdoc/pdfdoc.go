// Package pdfdoc is the PDF layer of the provincial electronic gazette
// (issue 16): it checks that an uploaded file is a PDF the portal accepts,
// reads its page count, title and digital signatures (PAdES/CMS), and
// merges documents into one issue PDF with a bookmark per document.
//
// PDF parsing, validation and merging are pdfcpu's
// (github.com/pdfcpu/pdfcpu); a signature is verified here from its
// dictionary's /ByteRange and /Contents with the CMS parser of
// github.com/digitorus/pkcs7 (the one pdfsign is built on), so that the
// four facts the gazette shows — the signed bytes are intact, they cover
// the whole file, who signed and when, the certificate's validity at
// that time — are reported each on its own. pdfcpu's own signature
// validation folds them into one status that stays "unknown" for any
// certificate outside its trust store, which is every certificate a
// province issues until someone imports the national root by hand.
//
// The package turns pdfcpu's configuration directory off (no
// ~/.config/pdfcpu is read or written) when it is loaded.
package pdfdoc

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

func init() {
	// pdfcpu would otherwise create and read a configuration directory
	// (config.yml, fonts, certificates) under the user's home.
	api.DisableConfigDir()
}

// Limits of a gazette file.
const (
	MaxBytes = 100 << 20 // larger files are refused with a message
	MaxPages = 2000
)

// maxSignatures bounds the work of one Inspect: each signature is a
// digest over up to MaxBytes.
const maxSignatures = 20

// Signature is one digital signature of a PDF, as verified.
type Signature struct {
	Signer      string     // the certificate subject's common name (and organisation when present)
	Issuer      string     // the certificate issuer's common name
	SigningTime time.Time  // from the signature (signed attribute or /M)
	Intact      bool       // the signed byte range's digest matches: not changed since signing
	WholeFile   bool       // the byte ranges cover the whole file except the signature value (nothing appended after signing)
	CertValidAt bool       // the certificate was within its validity at SigningTime
	Problem     apperr.Msg // empty when Intact && WholeFile; otherwise why, in Vietnamese and English

	// The signer's certificate and the others the signature carries, as
	// read: Trust builds the chain from them.
	cert  *x509.Certificate
	certs []*x509.Certificate
}

// Info is what Inspect reads of an accepted PDF.
type Info struct {
	Pages      int
	Signatures []Signature // empty: unsigned; in the order they were made
	Title      string      // the PDF's /Title if any
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

// refuse is the Invalid error about the uploaded file.
func refuse(vi, en string) error { return apperr.Field("file", vi, en) }

// mb formats a size in megabytes for messages.
func mb(n int) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// config is pdfcpu's configuration for reading: relaxed validation (the
// way real-world PDFs are read by viewers), no optimisation.
func config(cmd model.CommandMode) *model.Configuration {
	conf := model.NewDefaultConfiguration()
	conf.Cmd = cmd
	conf.ValidationMode = model.ValidationRelaxed
	conf.Offline = true
	return conf
}

// Inspect checks that data is a PDF we accept (a real PDF by its bytes,
// not encrypted, at most MaxBytes and MaxPages) and reads its page count
// and signatures. A file that is not acceptable is an *apperr.Error of
// kind Invalid with a message on the field "file", Vietnamese first.
// A PDF that pdfcpu cannot validate is refused too: Merge could not
// take it into an issue.
func Inspect(data []byte) (info *Info, err error) {
	switch {
	case len(data) == 0:
		return nil, refuse("Tệp rỗng: hãy chọn lại tệp PDF.", "The file is empty: choose the PDF again.")
	case len(data) > MaxBytes:
		return nil, refuse(fmt.Sprintf("Tệp PDF nặng %s, quá mức %s cho một văn bản đăng công báo.", mb(len(data)), mb(MaxBytes)),
			fmt.Sprintf("The PDF is %s, over the gazette's limit of %s.", mb(len(data)), mb(MaxBytes)))
	case !bytes.HasPrefix(data, []byte("%PDF-")):
		return nil, refuse("Tệp không phải PDF: hãy lưu văn bản dưới dạng PDF (có chữ ký số) rồi tải lên.",
			"The file is not a PDF: save the document as a (digitally signed) PDF and upload it.")
	}
	defer func() {
		if r := recover(); r != nil {
			info, err = nil, damaged(fmt.Errorf("panic: %v", r))
		}
	}()
	ctx, err := read(data, model.VALIDATE)
	if err != nil {
		return nil, err
	}
	if ctx.PageCount > MaxPages {
		return nil, refuse(fmt.Sprintf("PDF dài %d trang, quá mức %d trang cho một văn bản đăng công báo.", ctx.PageCount, MaxPages),
			fmt.Sprintf("The PDF has %d pages, over the gazette's limit of %d.", ctx.PageCount, MaxPages))
	}
	if ctx.PageCount < 1 {
		return nil, refuse("PDF không có trang nào.", "The PDF has no pages.")
	}
	info = &Info{Pages: ctx.PageCount, Title: strings.TrimSpace(ctx.Title)}
	sigs := signatureDicts(ctx)
	if len(sigs) > maxSignatures {
		return nil, refuse(fmt.Sprintf("PDF có %d chữ ký số, quá mức %d chữ ký mà Cổng kiểm tra cho một văn bản.", len(sigs), maxSignatures),
			fmt.Sprintf("The PDF carries %d signatures, more than the %d the portal checks for one document.", len(sigs), maxSignatures))
	}
	for _, sd := range sigs {
		info.Signatures = append(info.Signatures, verify(data, sd))
	}
	return info, nil
}

// read parses and validates data with pdfcpu, refusing an encrypted
// file. Its errors are messages for people.
func read(data []byte, cmd model.CommandMode) (*model.Context, error) {
	conf := config(cmd)
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "encrypt") {
			return nil, encrypted()
		}
		return nil, damaged(err)
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		return nil, encrypted()
	}
	if err := api.ValidateContext(ctx); err != nil {
		return nil, damaged(err)
	}
	return ctx, nil
}

func encrypted() error {
	return refuse("PDF có mật khẩu hoặc bị mã hóa: hãy gửi bản PDF không đặt mật khẩu (chữ ký số vẫn giữ nguyên).",
		"The PDF is password-protected or encrypted: send the PDF without a password (its digital signature is kept).")
}

// damaged is the refusal of a file that starts like a PDF but cannot be
// read; the library's words stay in the English message for staff.
func damaged(err error) error {
	why := err.Error()
	if len(why) > 200 {
		why = why[:200] + "…"
	}
	return refuse("PDF bị hỏng hoặc không đúng chuẩn nên không đọc được: hãy xuất lại tệp PDF từ văn bản gốc.",
		"The PDF is damaged or not well-formed and cannot be read ("+why+"): export the PDF again from the original.")
}

// Part is one document of a merged PDF.
type Part struct {
	Title string // the bookmark
	PDF   []byte
}

// Merge writes one PDF of the parts in order, with a top-level bookmark
// per part pointing at its first page. A part's own bookmarks are kept,
// nested under the part's bookmark, and its signatures are removed: the
// compiled issue is a new file whose parts' signed byte ranges no longer
// exist, and a reader would show every one of them as broken. Each
// part's signatures are checked by Inspect before it is merged.
func Merge(w io.Writer, parts []Part) (err error) {
	if len(parts) == 0 {
		return errors.New("pdfdoc: merge: no parts")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfdoc: merge: panic: %v", r)
		}
	}()
	conf := config(model.MERGECREATE)
	conf.CreateBookmarks = true
	conf.MergeBookmarkMode = model.MergeBookmarkModeWrap
	var dest *model.Context
	pages := 0
	for i, p := range parts {
		if len(p.PDF) > MaxBytes || !bytes.HasPrefix(p.PDF, []byte("%PDF-")) {
			return fmt.Errorf("pdfdoc: merge: part %d (%q) is not a PDF of at most %s", i+1, p.Title, mb(MaxBytes))
		}
		ctx, err := read(p.PDF, model.MERGECREATE)
		if err != nil {
			return fmt.Errorf("pdfdoc: merge: part %d (%q): %w", i+1, p.Title, err)
		}
		ctx.Configuration = conf
		if ctx.Form != nil || len(ctx.Signatures) > 0 || ctx.SignatureExist {
			if err := ctx.RemoveAllSignatures(); err != nil {
				return fmt.Errorf("pdfdoc: merge: part %d (%q): remove signatures: %w", i+1, p.Title, err)
			}
			// pdfcpu drops a form of signatures only from the catalog,
			// not from its cache, which merging then reads.
			if _, ok := ctx.RootDict.Find("AcroForm"); !ok {
				ctx.Form = nil
			}
			ctx.Signatures, ctx.SignatureExist = nil, false
		}
		title := bookmarkTitle(p.Title, i)
		if dest == nil {
			if err := pdfcpu.EnsureOutlines(ctx, title, false); err != nil {
				return fmt.Errorf("pdfdoc: merge: part 1 (%q): outlines: %w", p.Title, err)
			}
			ctx.EnsureVersionForWriting()
			dest = ctx
			pages = ctx.PageCount
			continue
		}
		if err := pdfcpu.MergeXRefTables(title, ctx, dest, false, false); err != nil {
			return fmt.Errorf("pdfdoc: merge: part %d (%q): %w", i+1, p.Title, err)
		}
		pages += ctx.PageCount
	}
	if dest.PageCount != pages {
		return fmt.Errorf("pdfdoc: merge: %d pages merged, %d expected", dest.PageCount, pages)
	}
	if err := api.WriteContext(dest, w); err != nil {
		return fmt.Errorf("pdfdoc: merge: write: %w", err)
	}
	return nil
}

// bookmarkTitle is a part's bookmark: its title on one line, or its
// number when it has none.
func bookmarkTitle(s string, i int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return fmt.Sprintf("%d", i+1)
	}
	return s
}
