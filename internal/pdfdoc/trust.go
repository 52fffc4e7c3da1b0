package pdfdoc

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Trust checks that the signer's certificate was issued, through the
// certificates the signature carries, by one of roots, and that every
// certificate of that chain was valid at the signing time (at now when
// the signature names none): the question Intact does not answer, whether
// the signer's certificate comes from an authority the installation
// recognises rather than from anyone who can make one. The zero Msg means
// it does.
func (s Signature) Trust(roots *x509.CertPool, now time.Time) apperr.Msg {
	if s.cert == nil {
		return problemNoCert
	}
	inter := x509.NewCertPool()
	for _, c := range s.certs {
		if c != s.cert {
			inter.AddCert(c)
		}
	}
	at := s.SigningTime
	if at.IsZero() {
		at = now
	}
	_, err := s.cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err == nil {
		return apperr.Msg{}
	}
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		return apperr.Msg{
			VI: "Chứng thư số của người ký không do tổ chức chứng thực được tin cậy cấp (nơi cấp ghi trong chứng thư: " + s.Issuer + "); chuỗi chứng thư không dẫn đến chứng thư gốc nào mà máy chủ được cấu hình tin cậy.",
			EN: "The signer's certificate was not issued by a trusted certification authority (issuer named in it: " + s.Issuer + "); its chain leads to none of the root certificates this server trusts.",
		}
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return apperr.Msg{
			VI: "Một chứng thư số trong chuỗi chứng thực đã hết hạn hoặc chưa có hiệu lực tại thời điểm ký.",
			EN: "A certificate of the chain was expired or not yet valid at the time of signing.",
		}
	default:
		return apperr.Msg{
			VI: "Chuỗi chứng thư số của người ký không hợp lệ: " + err.Error(),
			EN: "The signer's certificate chain is not valid: " + err.Error(),
		}
	}
}

// LoadRoots reads the root certificates an installation trusts for
// signed documents from a PEM file (several CERTIFICATE blocks). An empty
// path is no roots: nil, and signatures are checked for integrity only.
func LoadRoots(path string) (*x509.CertPool, int, error) {
	if path == "" {
		return nil, 0, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, fmt.Errorf("không đọc được tệp chứng thư gốc (cannot read the roots file): %w", err)
	}
	pool := x509.NewCertPool()
	n := 0
	for len(data) > 0 {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: chứng thư thứ %d hỏng (certificate %d is damaged): %w", path, n+1, n+1, err)
		}
		pool.AddCert(c)
		n++
	}
	if n == 0 {
		return nil, 0, fmt.Errorf("%s không chứa chứng thư PEM nào (-----BEGIN CERTIFICATE-----) (holds no PEM certificate)", path)
	}
	return pool, n, nil
}
