// Package pdfdoctest makes PDFs for tests: unsigned, signed with a
// throwaway self-signed certificate made at run time (no key is ever
// written to disk or committed), tampered with and updated after
// signing.
package pdfdoctest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/congportal/cong/internal/document"
	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
)

// Doc is the official document the fixtures are made of: text is its
// one paragraph (several when it has blank lines).
func Doc(text string) *document.Doc {
	d := &document.Doc{
		ParentAgency: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
		Agency:       "SỞ TƯ PHÁP",
		Number:       "Số: 12/QĐ-STP",
		Place:        "Đồng Nai",
		Date:         time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		Title:        "QUYẾT ĐỊNH",
	}
	for _, p := range bytes.Split([]byte(text), []byte("\n\n")) {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: string(p), Align: document.Justify})
	}
	return d
}

// Unsigned returns a PDF made with document.WritePDF containing text.
func Unsigned(t testing.TB, text string) []byte {
	t.Helper()
	return Write(t, Doc(text))
}

// Write returns d as a PDF made with document.WritePDF.
func Write(t testing.TB, d *document.Doc) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := document.WritePDF(&b, d); err != nil {
		t.Fatalf("pdfdoctest: WritePDF: %v", err)
	}
	return b.Bytes()
}

// Cert is a throwaway certificate and its key, with the certificates
// that issued it (its issuer first; empty when it is self-signed).
type Cert struct {
	Key   crypto.Signer
	Cert  *x509.Certificate
	Chain []*x509.Certificate
}

// NewCert makes a self-signed ECDSA P-256 certificate whose subject's
// common name is cn, valid from notBefore to notAfter (zero: an hour
// ago to a year on).
func NewCert(t testing.TB, cn, org string, notBefore, notAfter time.Time) Cert {
	t.Helper()
	return makeCert(t, cn, org, notBefore, notAfter, false, nil)
}

// NewCA makes a self-signed certification authority (a root).
func NewCA(t testing.TB, cn string, notBefore, notAfter time.Time) Cert {
	t.Helper()
	return makeCert(t, cn, "", notBefore, notAfter, true, nil)
}

// Issue makes a signer's certificate issued by ca.
func (ca Cert) Issue(t testing.TB, cn, org string, notBefore, notAfter time.Time) Cert {
	t.Helper()
	return makeCert(t, cn, org, notBefore, notAfter, false, &ca)
}

// IssueCA makes an intermediate authority issued by ca.
func (ca Cert) IssueCA(t testing.TB, cn string, notBefore, notAfter time.Time) Cert {
	t.Helper()
	return makeCert(t, cn, "", notBefore, notAfter, true, &ca)
}

// PEM is the certificate in PEM, as an installation's trusted roots file
// holds it.
func (c Cert) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Cert.Raw})
}

func makeCert(t testing.TB, cn, org string, notBefore, notAfter time.Time, isCA bool, parent *Cert) Cert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("pdfdoctest: key: %v", err)
	}
	if notBefore.IsZero() {
		notBefore = time.Now().Add(-time.Hour)
	}
	if notAfter.IsZero() {
		notAfter = time.Now().AddDate(1, 0, 0)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		t.Fatalf("pdfdoctest: serial: %v", err)
	}
	subject := pkix.Name{CommonName: cn}
	if org != "" {
		subject.Organization = []string{org}
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      subject,
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
	if isCA {
		tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageCertSign|x509.KeyUsageCRLSign, nil
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
	}
	issuer, signer := tmpl, crypto.Signer(key)
	var chain []*x509.Certificate
	if parent != nil {
		issuer, signer = parent.Cert, parent.Key
		chain = append([]*x509.Certificate{parent.Cert}, parent.Chain...)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, &key.PublicKey, signer)
	if err != nil {
		t.Fatalf("pdfdoctest: certificate: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("pdfdoctest: certificate: %v", err)
	}
	return Cert{Key: key, Cert: cert, Chain: chain}
}

// Signed returns a PDF containing text signed with a throwaway
// self-signed certificate whose common name is signer, signed now.
func Signed(t testing.TB, text, signer string) []byte {
	t.Helper()
	return Sign(t, Unsigned(t, text), NewCert(t, signer, "", time.Time{}, time.Time{}), time.Now())
}

// Sign signs pdf with c (an approval signature, SHA-256, invisible),
// giving at as the signing time; the signature carries c's chain.
func Sign(t testing.TB, in []byte, c Cert, at time.Time) []byte {
	t.Helper()
	rdr, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatalf("pdfdoctest: read for signing: %v", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in), &out, rdr, int64(len(in)), sign.SignData{
		Signature: sign.SignDataSignature{
			CertType: sign.ApprovalSignature,
			Info: sign.SignDataSignatureInfo{
				Name: c.Cert.Subject.CommonName, Location: "Đồng Nai", Reason: "Ban hành văn bản", Date: at,
			},
		},
		Signer:            c.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       c.Cert,
		CertificateChains: [][]*x509.Certificate{append([]*x509.Certificate{c.Cert}, c.Chain...)},
	})
	if err != nil {
		t.Fatalf("pdfdoctest: sign: %v", err)
	}
	return out.Bytes()
}

var (
	byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	rootRE      = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
)

// Tamper returns a copy of a signed PDF with one byte changed inside the
// signed range of its content: a digit of the first page's width
// (/MediaBox), so that the file still parses but is no longer what was
// signed; a file without one gets a byte of its header comment changed.
func Tamper(pdf []byte) []byte {
	out := bytes.Clone(pdf)
	end := len(out)
	if m := byteRangeRE.FindSubmatch(out); m != nil {
		if n, err := strconv.Atoi(string(m[2])); err == nil && n < end {
			end = n // inside the first range
		}
	}
	if i := bytes.Index(out[:end], []byte("/MediaBox [0 0 ")); i >= 0 {
		j := i + len("/MediaBox [0 0 ")
		for ; j < end && out[j] >= '0' && out[j] <= '9'; j++ {
			if j+1 >= len(out) || out[j+1] < '0' || out[j+1] > '9' {
				out[j] = '0' + (out[j]-'0'+1)%10
				return out
			}
		}
	}
	// "%PDF-1.x\n%âãÏÓ": the comment's first byte after '%'.
	if i := bytes.IndexByte(out[1:], '%'); i >= 0 && i+2 < end {
		out[i+2] ^= 0x01
	}
	return out
}

// AppendAfterSigning returns a copy of a signed PDF with an incremental
// update appended after the signature: a new document information
// dictionary with another title, in a classic cross-reference section
// (the fixtures' signatures are written with one).
func AppendAfterSigning(t testing.TB, in []byte) []byte {
	t.Helper()
	sx := startxrefRE.FindSubmatch(in)
	if sx == nil {
		t.Fatal("pdfdoctest: AppendAfterSigning: no startxref at the end of the file")
	}
	tail := in[bytes.LastIndex(in, []byte("trailer")):]
	root, size := rootRE.FindSubmatch(tail), sizeRE.FindSubmatch(tail)
	if root == nil || size == nil {
		t.Fatal("pdfdoctest: AppendAfterSigning: no classic trailer with /Root and /Size")
	}
	n, _ := strconv.Atoi(string(size[1]))
	var b bytes.Buffer
	b.Write(in)
	if in[len(in)-1] != '\n' {
		b.WriteByte('\n')
	}
	at := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<</Title (Changed after signing) /Producer (pdfdoctest)>>\nendobj\n", n)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n", n, at)
	fmt.Fprintf(&b, "trailer\n<</Size %d /Root %s %s R /Info %d 0 R /Prev %s>>\nstartxref\n%d\n%%%%EOF\n",
		n+1, root[1], root[2], n, sx[1], xref)
	return b.Bytes()
}
