package account

import (
	"strings"
	"testing"
)

// FuzzOpen: a stored value the sealer did not make — corrupt, truncated,
// planted in clear — never opens and never panics; one it made opens only
// for its own row.
func FuzzOpen(f *testing.F) {
	s, err := NewSealer([]byte(strings.Repeat("k", KeySize)))
	if err != nil {
		f.Fatal(err)
	}
	good := s.seal("JBSWY3DPEHPK3PXP", userBound(7))
	for _, v := range []string{"", "v1:", "v1:AAAA", good, good[:len(good)-2], "JBSWY3DPEHPK3PXP", "v1:" + strings.Repeat("A", 200)} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, stored string) {
		plain, err := s.open(stored, userBound(7))
		switch {
		case stored == "":
			if plain != "" || err != nil {
				t.Fatalf("empty value opened to %q, %v", plain, err)
			}
		case err == nil:
			// Only what this key sealed for this row opens: the seeds made
			// by seal (in whichever process made them), nothing forged.
			if plain != "JBSWY3DPEHPK3PXP" {
				t.Fatalf("a value the sealer did not make opened: %q → %q", stored, plain)
			}
			if _, err := s.open(stored, userBound(8)); err == nil {
				t.Fatal("the sealed value opened for another row")
			}
		}
	})
}
