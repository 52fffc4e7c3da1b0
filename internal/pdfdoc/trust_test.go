package pdfdoc

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
)

// TestTrust: a signature is trusted when the signer's certificate chains,
// through the intermediates the signature carries, to a configured root,
// every link valid at the signing time; a self-signed certificate, one
// from another authority, a chain whose intermediate is missing or was
// expired when the document was signed are not, each with its reason.
func TestTrust(t *testing.T) {
	signedAt := time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	root := pdfdoctest.NewCA(t, "Root CA thử nghiệm", year(2020), year(2040))
	mid := root.IssueCA(t, "CA chuyên dùng thử nghiệm", year(2021), year(2035))
	leaf := mid.Issue(t, "Nguyễn Văn A", "UBND tỉnh Đồng Nai", year(2025), year(2028))
	roots := x509.NewCertPool()
	roots.AddCert(root.Cert)
	other := x509.NewCertPool()
	other.AddCert(pdfdoctest.NewCA(t, "Root CA khác", year(2020), year(2040)).Cert)

	sig := func(t *testing.T, c pdfdoctest.Cert) Signature {
		t.Helper()
		info, err := Inspect(pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, "Quyết định số 12/2026/QĐ-UBND."), c, signedAt))
		if err != nil || len(info.Signatures) != 1 || !info.Verified() {
			t.Fatalf("Inspect: %+v, %v; want one intact signature", info, err)
		}
		return info.Signatures[0]
	}
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	if m := sig(t, leaf).Trust(roots, now); m.VI != "" {
		t.Errorf("a chain to the trusted root: %s", m.VI)
	}
	if m := sig(t, leaf).Trust(other, now); !strings.Contains(m.VI, "không do tổ chức chứng thực được tin cậy cấp") ||
		!strings.Contains(m.VI, "CA chuyên dùng thử nghiệm") {
		t.Errorf("a chain to another root: %q", m.VI)
	}
	self := pdfdoctest.NewCert(t, "Nguyễn Văn A", "UBND tỉnh Đồng Nai", year(2025), year(2028))
	if m := sig(t, self).Trust(roots, now); !strings.Contains(m.VI, "không do tổ chức chứng thực được tin cậy cấp") {
		t.Errorf("a self-signed certificate: %q", m.VI)
	}
	// The intermediate left out of the signature: the chain cannot be built.
	bare := leaf
	bare.Chain = nil
	if m := sig(t, bare).Trust(roots, now); !strings.Contains(m.VI, "không do tổ chức chứng thực được tin cậy cấp") {
		t.Errorf("without the intermediate: %q", m.VI)
	}
	// An intermediate that had expired when the document was signed,
	// though the signer's own certificate was valid.
	oldMid := root.IssueCA(t, "CA đã hết hạn", year(2020), year(2026))
	late := oldMid.Issue(t, "Nguyễn Văn A", "", year(2025), year(2028))
	if m := sig(t, late).Trust(roots, now); !strings.Contains(m.VI, "hết hạn") {
		t.Errorf("an intermediate expired at signing: %q", m.VI)
	}
	// Judged at the signing time, not today: a chain valid then is
	// trusted after the signer's certificate has expired.
	if m := sig(t, leaf).Trust(roots, year(2030)); m.VI != "" {
		t.Errorf("checked in 2030 a signature of 2026: %s", m.VI)
	}
}

func TestLoadRoots(t *testing.T) {
	if pool, n, err := LoadRoots(""); pool != nil || n != 0 || err != nil {
		t.Errorf(`LoadRoots("") = %v, %d, %v; want nothing`, pool, n, err)
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := pdfdoctest.NewCA(t, "Root A", time.Time{}, time.Time{})
	b := pdfdoctest.NewCA(t, "Root B", time.Time{}, time.Time{})
	if _, n, err := LoadRoots(write("roots.pem", append(append([]byte("# gốc tin cậy\n"), a.PEM()...), b.PEM()...))); n != 2 || err != nil {
		t.Errorf("two roots: %d, %v", n, err)
	}
	for name, data := range map[string][]byte{
		"empty.pem": nil,
		"text.pem":  []byte("không phải chứng thư"),
		"bad.pem":   []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
	} {
		if _, _, err := LoadRoots(write(name, data)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, _, err := LoadRoots(filepath.Join(dir, "missing.pem")); err == nil {
		t.Error("a missing file: no error")
	}
}

// FuzzLoadRoots: any file gives a pool with at least one certificate or
// an error, never a panic.
func FuzzLoadRoots(f *testing.F) {
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add(pdfdoctest.NewCA(f, "Root", time.Time{}, time.Time{}).PEM())
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
	path := filepath.Join(f.TempDir(), "roots.pem")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		pool, n, err := LoadRoots(path)
		if err == nil && (pool == nil || n == 0) {
			t.Errorf("no error and no certificate: %v, %d", pool, n)
		}
	})
}
