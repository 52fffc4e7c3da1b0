package vn

import (
	"os"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
)

// seedPath is the provincial regulation shipped in shared/seed, reached
// from this package directory.
const seedPath = "../../../shared/seed/quy-che-cong-ttdt-dong-nai.txt"

func TestCleanSeedRegulation(t *testing.T) {
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		testenv.Missing(t, "seed document not available: %v", err)
	}
	if !strings.ContainsRune(string(raw), '\u01a3') {
		t.Fatalf("seed no longer contains the ƣ artefact; test is moot")
	}
	for name, got := range map[string]string{
		"CleanMultiline": CleanMultiline(string(raw)),
		"Clean":          Clean(string(raw)),
	} {
		t.Run(name, func(t *testing.T) {
			if strings.ContainsAny(got, "\u01a3\u01a2") {
				t.Errorf("%s left U+01A3/U+01A2 in the regulation", name)
			}
			for _, want := range []string{"Chương I", "đối tượng"} {
				if !strings.Contains(got, want) {
					t.Errorf("%s output lacks %q", name, want)
				}
			}
		})
	}
}
