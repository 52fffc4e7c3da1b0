// Package pdfdoctest makes PDFs for tests: unsigned, signed with a
// throwaway self-signed certificate made at run time, tampered with and
// updated after signing.
package pdfdoctest

import "testing"

// Unsigned returns a PDF made with document.WritePDF containing text.
func Unsigned(t testing.TB, text string) []byte {
	t.Helper()
	t.Fatal("pdfdoctest: TODO")
	return nil
}

// Signed returns a PDF containing text signed with a throwaway
// self-signed certificate whose common name is signer.
func Signed(t testing.TB, text, signer string) []byte {
	t.Helper()
	t.Fatal("pdfdoctest: TODO")
	return nil
}

// Tamper returns a copy of a signed PDF with one byte changed inside the
// signed byte range.
func Tamper(pdf []byte) []byte {
	return append([]byte(nil), pdf...)
}

// AppendAfterSigning returns a copy of a signed PDF with an incremental
// update appended after the signature.
func AppendAfterSigning(t testing.TB, pdf []byte) []byte {
	t.Helper()
	t.Fatal("pdfdoctest: TODO")
	return nil
}
