package pdfdoc

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/digitorus/pkcs7"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// sigDict is what a signature dictionary (/Type /Sig) says.
type sigDict struct {
	byteRange []int64 // pairs of offset, length
	contents  []byte  // the CMS SignedData, with its zero padding
	subFilter string
	m         string // /M, the signing time the signing program wrote
	badRange  bool   // /ByteRange is missing or not numbers
}

// signatureDicts finds the signature dictionaries of a parsed PDF — the
// values of its signature fields, wherever they hang — ordered by the
// end of their signed bytes, which is the order they were made in.
// Document timestamps (/Type /DocTimeStamp) are not signatures of a
// person and are left out.
func signatureDicts(ctx *model.Context) []sigDict {
	var out []sigDict
	for _, e := range ctx.Table {
		if e == nil || e.Free {
			continue
		}
		d, ok := e.Object.(types.Dict)
		if !ok {
			continue
		}
		c, ok := d.Find("Contents")
		if !ok {
			continue
		}
		if _, ok := d.Find("ByteRange"); !ok {
			continue
		}
		if t := d.NameEntry("Type"); t != nil && *t != "Sig" {
			continue
		}
		var sd sigDict
		switch c := c.(type) {
		case types.HexLiteral:
			sd.contents, _ = c.Bytes()
		case types.StringLiteral:
			sd.contents, _ = types.Unescape(c.Value())
		default:
			continue // an object of another kind that has these keys
		}
		if sf := d.NameEntry("SubFilter"); sf != nil {
			sd.subFilter = *sf
		}
		if sd.subFilter == "ETSI.RFC3161" {
			continue
		}
		if m := d.StringEntry("M"); m != nil {
			sd.m = *m
		}
		br := d.ArrayEntry("ByteRange")
		if len(br) < 2 || len(br)%2 != 0 || len(br) > 64 {
			sd.badRange = true
		}
		for _, v := range br {
			i, ok := v.(types.Integer)
			if !ok {
				sd.badRange = true
				break
			}
			sd.byteRange = append(sd.byteRange, int64(i))
		}
		out = append(out, sd)
	}
	end := func(s sigDict) int64 {
		if n := len(s.byteRange); n >= 2 && !s.badRange {
			return s.byteRange[n-2] + s.byteRange[n-1]
		}
		return -1
	}
	slices.SortStableFunc(out, func(a, b sigDict) int {
		switch ea, eb := end(a), end(b); {
		case ea < eb:
			return -1
		case ea > eb:
			return 1
		}
		return bytes.Compare(a.contents, b.contents)
	})
	return out
}

// The problems of a signature.
var (
	problemChanged = apperr.Msg{
		VI: "Tài liệu đã bị thay đổi sau khi ký: nội dung không còn khớp với chữ ký số.",
		EN: "The document was changed after signing: its content no longer matches the digital signature.",
	}
	problemAppended = apperr.Msg{
		VI: "Tệp có phần được thêm vào sau khi ký (cập nhật nối thêm): phần đó không được chữ ký số bảo vệ.",
		EN: "Something was appended to the file after signing (an incremental update): that part is not covered by the signature.",
	}
	problemRange = apperr.Msg{
		VI: "Chữ ký số bị hỏng: vùng dữ liệu được ký (ByteRange) không hợp lệ.",
		EN: "The digital signature is damaged: its signed byte range (ByteRange) is not valid.",
	}
	problemCMS = apperr.Msg{
		VI: "Chữ ký số bị hỏng hoặc không đọc được (giá trị chữ ký không phải CMS/PKCS#7 hợp lệ).",
		EN: "The digital signature is damaged or unreadable (its value is not valid CMS/PKCS#7).",
	}
	problemNoCert = apperr.Msg{
		VI: "Chữ ký số không kèm chứng thư số của người ký.",
		EN: "The digital signature does not carry the signer's certificate.",
	}
	problemSignature = apperr.Msg{
		VI: "Giá trị chữ ký số không hợp lệ với chứng thư số kèm theo.",
		EN: "The signature value does not verify against the certificate it carries.",
	}
	problemSHA1 = apperr.Msg{
		VI: "Chữ ký số theo kiểu cũ adbe.pkcs7.sha1, Cổng không kiểm tra được: hãy ký lại theo chuẩn PAdES.",
		EN: "The signature is of the old adbe.pkcs7.sha1 kind, which the portal does not check: sign again as PAdES.",
	}
)

// forever is the NotAfter given to certificates while checking the
// signature value alone.
var forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// verify checks one signature of data.
func verify(data []byte, sd sigDict) (s Signature) {
	size := int64(len(data))
	s.WholeFile = wholeFile(data, sd)
	p7, err := pkcs7.Parse(trimPadding(sd.contents))
	if err != nil || p7 == nil || len(p7.Signers) == 0 {
		s.Problem = problemCMS
		return s
	}
	cert := p7.GetOnlySigner()
	if cert == nil && len(p7.Certificates) > 0 && len(p7.Signers) > 0 {
		// Several signers: the first one's, found by serial number.
		for _, c := range p7.Certificates {
			if c.SerialNumber != nil && c.SerialNumber.Cmp(p7.Signers[0].IssuerAndSerialNumber.SerialNumber) == 0 {
				cert = c
				break
			}
		}
	}
	s.cert, s.certs = cert, slices.Clone(p7.Certificates)
	if cert != nil {
		s.Signer = signerName(cert)
		s.Issuer = cert.Issuer.CommonName
		if s.Issuer == "" {
			s.Issuer = cert.Issuer.String()
		}
	}
	var st time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &st); err == nil && !st.IsZero() {
		s.SigningTime = st
	} else if t, ok := types.DateTime(sd.m, true); ok && sd.m != "" {
		s.SigningTime = t
	}
	if cert != nil && !s.SigningTime.IsZero() {
		s.CertValidAt = !s.SigningTime.Before(cert.NotBefore) && !s.SigningTime.After(cert.NotAfter)
	}
	switch {
	case cert == nil:
		s.Problem = problemNoCert
		return s
	case sd.subFilter == "adbe.pkcs7.sha1":
		s.Problem = problemSHA1
		return s
	case sd.badRange || !rangesOK(sd.byteRange, size):
		s.Problem = problemRange
		return s
	}
	// The signed bytes, in one piece (the ranges are disjoint and in
	// order, so at most the file's size).
	n := int64(0)
	for i := 1; i < len(sd.byteRange); i += 2 {
		n += sd.byteRange[i]
	}
	content := make([]byte, 0, n)
	for i := 0; i < len(sd.byteRange); i += 2 {
		content = append(content, data[sd.byteRange[i]:sd.byteRange[i]+sd.byteRange[i+1]]...)
	}
	p7.Content = content
	// The signature value alone: pkcs7 also refuses a signing time
	// outside the certificate's validity, which is CertValidAt's
	// business, so it is checked against copies valid forever.
	for i, c := range p7.Certificates {
		cc := *c
		cc.NotBefore, cc.NotAfter = time.Time{}, forever
		p7.Certificates[i] = &cc
	}
	err = p7.Verify()
	var mismatch *pkcs7.MessageDigestMismatchError
	switch {
	case err == nil:
		s.Intact = true
	case errors.As(err, &mismatch):
		s.Problem = problemChanged
		return s
	default:
		s.Problem = problemSignature
		return s
	}
	if !s.WholeFile {
		s.Problem = problemAppended
	}
	return s
}

// signerName is the certificate subject's common name, with its
// organisation when it has one.
func signerName(c *x509.Certificate) string {
	name := strings.TrimSpace(c.Subject.CommonName)
	if len(c.Subject.Organization) > 0 {
		if o := strings.TrimSpace(c.Subject.Organization[0]); o != "" && o != name {
			if name == "" {
				return o
			}
			name += " (" + o + ")"
		}
	}
	if name == "" {
		name = c.Subject.String()
	}
	return name
}

// rangesOK reports whether the byte ranges lie inside the file, in order
// and without overlapping.
func rangesOK(br []int64, size int64) bool {
	if len(br) < 2 || len(br)%2 != 0 {
		return false
	}
	prev := int64(0)
	for i := 0; i < len(br); i += 2 {
		off, n := br[i], br[i+1]
		if off < prev || n < 0 || off > size || n > size-off {
			return false
		}
		prev = off + n
	}
	return true
}

// wholeFile reports whether the two byte ranges of a signature cover the
// whole file but for the signature value itself: the first starts the
// file, the second ends it, and the gap between them is exactly the
// hexadecimal string of the signature's /Contents.
func wholeFile(data []byte, sd sigDict) bool {
	br := sd.byteRange
	if sd.badRange || len(br) != 4 || !rangesOK(br, int64(len(data))) {
		return false
	}
	gapFrom, gapTo := br[0]+br[1], br[2]
	if br[0] != 0 || br[2]+br[3] != int64(len(data)) || gapTo-gapFrom < 2 {
		return false
	}
	gap := data[gapFrom:gapTo]
	if gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false
	}
	v, err := hex.DecodeString(string(gap[1 : len(gap)-1]))
	return err == nil && bytes.Equal(trimPadding(v), trimPadding(sd.contents))
}

// trimPadding drops the zero bytes a signing program leaves after the
// DER value in the space it reserved for /Contents. A DER SEQUENCE
// carries its own length, so only bytes past it are dropped.
func trimPadding(b []byte) []byte {
	if n := derLength(b); n > 0 && n <= len(b) {
		return b[:n]
	}
	return b
}

// derLength is the full length of the DER value b starts with, or 0.
func derLength(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	l := int(b[1])
	if l < 0x80 {
		return 2 + l
	}
	k := l & 0x7f
	if k == 0 || k > 4 || len(b) < 2+k {
		return 0 // indefinite (BER) or too long: let the parser judge
	}
	n := 0
	for _, c := range b[2 : 2+k] {
		n = n<<8 | int(c)
	}
	if n < 0 || n > len(b) {
		return 0
	}
	return 2 + k + n
}
