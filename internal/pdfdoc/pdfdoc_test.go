package pdfdoc

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/document"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// need returns the path of a Debian tool, failing (never skipping) with
// the package to install when it is missing.
func need(t testing.TB, cmd, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(cmd)
	if err != nil {
		t.Fatalf("%s is missing: apt-get install %s", cmd, pkg)
	}
	return p
}

// run runs a tool with a timeout and returns its combined output; a
// non-zero exit is returned too, not failed, for pdfsig's sake.
func run(t testing.TB, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	return string(out), err
}

// file writes data into the test's temporary directory.
func file(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// refused checks that err is an Invalid apperr with a "file" message
// containing vi, and returns the message.
func refused(t *testing.T, err error, vi string) apperr.Msg {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		t.Fatalf("err = %v, want an Invalid apperr", err)
	}
	m, ok := e.Fields["file"]
	if !ok || m.EN == "" {
		t.Fatalf("err = %#v, want a message in both languages on the field file", e)
	}
	if !strings.Contains(m.VI, vi) {
		t.Fatalf("message %q does not say %q", m.VI, vi)
	}
	return m
}

const signer = "Nguyễn Văn An"

func TestSigned(t *testing.T) {
	before := time.Now().Add(-time.Second)
	pdf := pdfdoctest.Signed(t, "Quyết định về việc công bố thủ tục hành chính.", signer)
	info, err := Inspect(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !info.Verified() || len(info.Signatures) != 1 {
		t.Fatalf("info = %+v, want one verified signature", info)
	}
	s := info.Signatures[0]
	if s.Signer != signer || s.Issuer != signer {
		t.Errorf("signer %q issuer %q, want %q (self-signed)", s.Signer, s.Issuer, signer)
	}
	if s.SigningTime.Before(before.Truncate(time.Second)) || s.SigningTime.After(time.Now()) {
		t.Errorf("signing time %v, want about %v", s.SigningTime, before)
	}
	if !s.Intact || !s.WholeFile || !s.CertValidAt || s.Problem != (apperr.Msg{}) {
		t.Errorf("signature %+v, want intact, whole file, certificate valid, no problem", s)
	}
	if info.Pages != 1 || info.Title != "QUYẾT ĐỊNH" {
		t.Errorf("pages %d title %q", info.Pages, info.Title)
	}
}

func TestSignerOrganisation(t *testing.T) {
	c := pdfdoctest.NewCert(t, "Trần Thị Bình", "Ủy ban nhân dân tỉnh Đồng Nai", time.Time{}, time.Time{})
	info, err := Inspect(pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, "Văn bản"), c, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Signatures[0].Signer; got != "Trần Thị Bình (Ủy ban nhân dân tỉnh Đồng Nai)" {
		t.Errorf("signer %q", got)
	}
}

func TestCertificateExpiredAtSigning(t *testing.T) {
	// A certificate that had expired when the document was signed: the
	// bytes are intact, the certificate was not valid then.
	c := pdfdoctest.NewCert(t, signer, "", time.Now().AddDate(-2, 0, 0), time.Now().AddDate(-1, 0, 0))
	info, err := Inspect(pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, "Văn bản"), c, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	s := info.Signatures[0]
	if !s.Intact || !s.WholeFile || s.CertValidAt {
		t.Errorf("signature %+v, want intact, whole file, certificate not valid at signing", s)
	}
}

func TestTampered(t *testing.T) {
	pdf := pdfdoctest.Signed(t, "Quyết định.", signer)
	bad := pdfdoctest.Tamper(pdf)
	if bytes.Equal(pdf, bad) || len(pdf) != len(bad) {
		t.Fatal("Tamper changed nothing or changed the length")
	}
	info, err := Inspect(bad)
	if err != nil {
		t.Fatal(err)
	}
	if info.Verified() || len(info.Signatures) != 1 {
		t.Fatalf("info %+v, want one signature, not verified", info)
	}
	s := info.Signatures[0]
	if s.Intact || !s.WholeFile || s.Signer != signer {
		t.Errorf("signature %+v, want not intact, whole file, signer kept", s)
	}
	if !strings.Contains(s.Problem.VI, "bị thay đổi sau khi ký") || !strings.Contains(s.Problem.EN, "changed after signing") {
		t.Errorf("problem %+v", s.Problem)
	}
}

func TestAppendedAfterSigning(t *testing.T) {
	pdf := pdfdoctest.AppendAfterSigning(t, pdfdoctest.Signed(t, "Quyết định.", signer))
	info, err := Inspect(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if info.Verified() || len(info.Signatures) != 1 {
		t.Fatalf("info %+v, want one signature, not verified", info)
	}
	s := info.Signatures[0]
	if !s.Intact || s.WholeFile {
		t.Errorf("signature %+v, want intact but not the whole file", s)
	}
	if !strings.Contains(s.Problem.VI, "thêm vào sau khi ký") || !strings.Contains(s.Problem.EN, "appended") {
		t.Errorf("problem %+v", s.Problem)
	}
	if info.Title != "Changed after signing" {
		t.Errorf("title %q: the update was not read", info.Title)
	}
}

func TestSignedTwice(t *testing.T) {
	// A second signature (the publishing office's) appended after the
	// first: the first no longer covers the whole file, the second does.
	first := pdfdoctest.Signed(t, "Quyết định.", signer)
	pdf := pdfdoctest.Sign(t, first, pdfdoctest.NewCert(t, "Văn phòng UBND tỉnh", "", time.Time{}, time.Time{}), time.Now())
	info, err := Inspect(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Signatures) != 2 {
		t.Fatalf("%d signatures, want 2", len(info.Signatures))
	}
	a, b := info.Signatures[0], info.Signatures[1]
	if a.Signer != signer || !a.Intact || a.WholeFile {
		t.Errorf("first %+v", a)
	}
	if b.Signer != "Văn phòng UBND tỉnh" || !b.Intact || !b.WholeFile {
		t.Errorf("second %+v", b)
	}
	if info.Verified() {
		t.Error("Verified with a signature that does not cover the file")
	}
}

func TestUnsigned(t *testing.T) {
	info, err := Inspect(pdfdoctest.Unsigned(t, "Văn bản chưa ký"))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Signatures) != 0 || info.Verified() || info.Pages != 1 {
		t.Errorf("info %+v, want one page, no signatures, not verified", info)
	}
}

// TestPdfsig cross-checks the fixtures with poppler's pdfsig.
func TestPdfsig(t *testing.T) {
	pdfsig := need(t, "pdfsig", "poppler-utils")
	pdf := pdfdoctest.Signed(t, "Quyết định.", signer)
	out, _ := run(t, pdfsig, file(t, "signed.pdf", pdf))
	for _, want := range []string{"Signer Certificate Common Name: " + signer, "Signature Validation: Signature is Valid.", "Total document signed"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfsig of the signed fixture does not say %q:\n%s", want, out)
		}
	}
	out, _ = run(t, pdfsig, file(t, "tampered.pdf", pdfdoctest.Tamper(pdf)))
	if strings.Contains(out, "Signature is Valid") || !strings.Contains(out, "Signature Validation: Digest Mismatch") {
		t.Errorf("pdfsig of the tampered fixture:\n%s", out)
	}
	out, _ = run(t, pdfsig, file(t, "appended.pdf", pdfdoctest.AppendAfterSigning(t, pdf)))
	if strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig says the appended-to fixture is wholly signed:\n%s", out)
	}
}

func TestNotPDF(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty": nil,
		"text":  []byte("Quyết định số 12"),
		"png":   []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"docx":  []byte("PK\x03\x04 word/document.xml"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Inspect(data)
			if name == "empty" {
				refused(t, err, "Tệp rỗng")
				return
			}
			refused(t, err, "Tệp không phải PDF")
		})
	}
	t.Run("damaged", func(t *testing.T) {
		pdf := pdfdoctest.Unsigned(t, "Văn bản")
		_, err := Inspect(pdf[:len(pdf)/2])
		refused(t, err, "PDF bị hỏng")
	})
}

func TestEncrypted(t *testing.T) {
	plain := pdfdoctest.Unsigned(t, "Văn bản mật")
	for name, conf := range map[string]*model.Configuration{
		"user password":       model.NewAESConfiguration("mo", "chu", 256),
		"owner password only": model.NewAESConfiguration("", "chu", 128),
		"RC4":                 model.NewRC4Configuration("mo", "chu", 128),
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := api.Encrypt(bytes.NewReader(plain), &b, conf); err != nil {
				t.Fatal(err)
			}
			_, err := Inspect(b.Bytes())
			m := refused(t, err, "PDF có mật khẩu")
			if !strings.Contains(m.EN, "password") {
				t.Errorf("English %q", m.EN)
			}
		})
	}
}

func TestTooManyPages(t *testing.T) {
	pdfinfo := need(t, "pdfinfo", "poppler-utils")
	d := pdfdoctest.Doc("Văn bản dài")
	for i := range 5000 * 34 {
		d.Blocks = append(d.Blocks, document.Paragraph{Text: "Điều " + strconv.Itoa(i)})
	}
	pdf := pdfdoctest.Write(t, d)
	out, err := run(t, pdfinfo, file(t, "long.pdf", pdf))
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(out)
	if pages == nil {
		t.Fatalf("pdfinfo:\n%s", out)
	}
	start := time.Now()
	_, err = Inspect(pdf)
	m := refused(t, err, "PDF dài "+pages[1]+" trang, quá mức 2000 trang")
	t.Logf("%s pages refused in %v: %s / %s", pages[1], time.Since(start), m.VI, m.EN)
}

func TestTooLarge(t *testing.T) {
	// One allocation of 200 MB (the kernel gives zero pages lazily);
	// Inspect refuses it by its length before reading anything.
	data := make([]byte, 200<<20)
	copy(data, "%PDF-1.7\n")
	start := time.Now()
	_, err := Inspect(data)
	m := refused(t, err, "Tệp PDF nặng 200 MB, quá mức 100 MB")
	if d := time.Since(start); d > time.Second {
		t.Errorf("refusing took %v", d)
	}
	t.Log(m.VI, "/", m.EN)
}

// bookmarks returns the top-level bookmarks of pdf as "title@page".
func bookmarks(t testing.TB, pdf []byte) []string {
	t.Helper()
	bms, err := api.Bookmarks(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bms {
		out = append(out, b.Title+"@"+strconv.Itoa(b.PageFrom))
	}
	return out
}

func TestMerge(t *testing.T) {
	pdfinfo, pdftotext := need(t, "pdfinfo", "poppler-utils"), need(t, "pdftotext", "poppler-utils")
	pdfsig := need(t, "pdfsig", "poppler-utils")
	texts := []string{
		"Nghị quyết về phát triển kinh tế – xã hội năm 2027 MKR001Z",
		"Quyết định ban hành quy chế phối hợp quản lý đường thủy nội địa MKR002Z",
		"Chỉ thị tăng cường phòng, chống thiên tai ở huyện Tân Phú MKR003Z",
	}
	// The second part is long (several pages) and signed; the third has
	// bookmarks of its own.
	long := pdfdoctest.Doc(texts[1])
	for i := range 100 {
		long.Blocks = append(long.Blocks, document.Paragraph{Text: "Khoản " + strconv.Itoa(i) + ": quy định chi tiết."})
	}
	second := pdfdoctest.Sign(t, pdfdoctest.Write(t, long), pdfdoctest.NewCert(t, signer, "", time.Time{}, time.Time{}), time.Now())
	var third bytes.Buffer
	if err := api.AddBookmarks(bytes.NewReader(pdfdoctest.Unsigned(t, texts[2])), &third,
		[]pdfcpu.Bookmark{{Title: "Điều 1. Phạm vi", PageFrom: 1}}, true, nil); err != nil {
		t.Fatal(err)
	}
	parts := []Part{
		{Title: "Nghị quyết số 01/2027/NQ-HĐND", PDF: pdfdoctest.Unsigned(t, texts[0])},
		{Title: "Quyết định số 12/2027/QĐ-UBND", PDF: second},
		{Title: "Chỉ thị số 03/CT-UBND", PDF: third.Bytes()},
	}
	want := 0
	starts := []int{}
	for _, p := range parts {
		info, err := Inspect(p.PDF)
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, want+1)
		want += info.Pages
	}
	var out bytes.Buffer
	if err := Merge(&out, parts); err != nil {
		t.Fatal(err)
	}
	path := file(t, "issue.pdf", out.Bytes())

	info, err := Inspect(out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if info.Pages != want || len(info.Signatures) != 0 {
		t.Errorf("merged: %d pages (want %d), %d signatures (want none: the parts' are removed)", info.Pages, want, len(info.Signatures))
	}
	s, err := run(t, pdfinfo, path)
	if err != nil || !regexp.MustCompile(`(?m)^Pages:\s+`+strconv.Itoa(want)+`$`).MatchString(s) {
		t.Errorf("pdfinfo (want %d pages): %v\n%s", want, err, s)
	}
	s, err = run(t, pdftotext, "-enc", "UTF-8", path, "-")
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, s)
	}
	for _, text := range texts {
		if !strings.Contains(strings.Join(strings.Fields(s), " "), text) {
			t.Errorf("pdftotext does not find %q", text)
		}
	}
	if s, _ := run(t, pdfsig, path); !strings.Contains(s, "does not contain any signatures") {
		t.Errorf("pdfsig of the merged file:\n%s", s)
	}
	got := bookmarks(t, out.Bytes())
	var wantBM []string
	for i, p := range parts {
		wantBM = append(wantBM, p.Title+"@"+strconv.Itoa(starts[i]))
	}
	if strings.Join(got, "|") != strings.Join(wantBM, "|") {
		t.Errorf("bookmarks\n got %q\nwant %q", got, wantBM)
	}
	bms, _ := api.Bookmarks(bytes.NewReader(out.Bytes()), nil)
	if len(bms) == 3 && (len(bms[2].Kids) != 1 || bms[2].Kids[0].Title != "Điều 1. Phạm vi" || bms[2].Kids[0].PageFrom != starts[2]) {
		t.Errorf("the third part's own bookmark is not nested under it: %+v", bms[2].Kids)
	}
	// poppler reads the outline too: pdftohtml -xml lists it.
	if pdftohtml, err := exec.LookPath("pdftohtml"); err == nil {
		s, _ := run(t, pdftohtml, "-xml", "-i", "-stdout", "-q", path)
		for _, p := range parts {
			if !strings.Contains(s, ">"+p.Title+"</item>") && !strings.Contains(s, ">"+p.Title+"</a></item>") {
				t.Errorf("poppler's outline does not have %q", p.Title)
			}
		}
	} else {
		t.Fatal("pdftohtml is missing: apt-get install poppler-utils")
	}
}

func TestMergeRefuses(t *testing.T) {
	if err := Merge(&bytes.Buffer{}, nil); err == nil {
		t.Error("merged nothing")
	}
	if err := Merge(&bytes.Buffer{}, []Part{{Title: "a", PDF: []byte("not a pdf")}}); err == nil {
		t.Error("merged a non-PDF")
	}
}
