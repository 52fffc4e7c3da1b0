package account_test

import (
	"testing"

	"github.com/congportal/cong/internal/account"
)

// A recovery code is read as people type it from paper; anything else
// (a six-digit app code, other letters, too short or long) is not one.
func TestNormalizeRecoveryCode(t *testing.T) {
	for in, want := range map[string]string{
		"abcde-fgh12":   "abcdefgh12",
		" ABCDE FGH12 ": "abcdefgh12",
		"0o1il-23456":   "0011123456",
		"abcdefgh12":    "abcdefgh12",
		"123456":        "",
		"abcde-fgh1":    "",
		"abcde-fgh123":  "",
		"abcde-fghu2":   "", // u is not in the alphabet
		"abcdé-fgh12":   "",
		"":              "",
	} {
		if got := account.NormalizeRecoveryCode(in); got != want {
			t.Errorf("NormalizeRecoveryCode(%q) = %q; want %q", in, got, want)
		}
	}
	if account.IsRecoveryCode("654321") {
		t.Error("a six-digit app code was taken for a recovery code")
	}
}
