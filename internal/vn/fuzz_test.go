package vn

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var fuzzSeeds = []string{
	"", " ", "Chƣơng I", "đối tƣợng", "ƣ\u0301", "Ƣ\u0323", "Sở Khoa học và Công nghệ",
	"Vie\u0323\u0302t", "a\x00b\r\n\tc", "\xff\xfe", "e\x00\u0301", "\u0301",
	"\u212b\u1100\u1161", "Đồng Nai\u2028", "a\u0085b", strings.Repeat("\u0301", 40),
	"Quyết định số 12/2019/QĐ-UBND",
}

// checkText fails unless s is valid UTF-8 in NFC.
func checkText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s = %q: invalid UTF-8", what, s)
	}
	if !norm.NFC.IsNormalString(s) {
		t.Fatalf("%s = %q: not NFC", what, s)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c := Clean(in)
		checkText(t, "Clean", c)
		checkText(t, "NFC", NFC(in))
		checkText(t, "Repair", Repair(in))
		if again := Clean(c); again != c {
			t.Fatalf("Clean not idempotent: %q -> %q -> %q", in, c, again)
		}
		if strings.ContainsAny(c, "\u01a3\u01a2\x00\n\r\t") || strings.TrimSpace(c) != c {
			t.Fatalf("Clean(%q) = %q: artefact, break or edge space left", in, c)
		}
		m := CleanMultiline(in)
		checkText(t, "CleanMultiline", m)
		if again := CleanMultiline(m); again != m {
			t.Fatalf("CleanMultiline not idempotent: %q -> %q -> %q", in, m, again)
		}
		if strings.ContainsAny(m, "\u01a3\u01a2\x00\r") {
			t.Fatalf("CleanMultiline(%q) = %q: artefact or CR left", in, m)
		}
	})
}

func FuzzSlug(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := Slug(in)
		if len(s) > SlugMaxLen {
			t.Fatalf("Slug(%q) = %q: longer than %d", in, s, SlugMaxLen)
		}
		for i := 0; i < len(s); i++ {
			if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				t.Fatalf("Slug(%q) = %q: byte %q", in, s, c)
			}
		}
		if strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
			t.Fatalf("Slug(%q) = %q: bad hyphens", in, s)
		}
		if again := Slug(s); again != s {
			t.Fatalf("Slug not idempotent: %q -> %q -> %q", in, s, again)
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := Fold(in)
		checkText(t, "Fold", s)
		if again := Fold(s); again != s {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", in, s, again)
		}
		for _, r := range s {
			if r == 'đ' || r == 'Đ' || unicode.In(r, unicode.Mn, unicode.Me) {
				t.Fatalf("Fold(%q) = %q: contains %U", in, s, r)
			}
		}
	})
}

func FuzzCompare(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, fuzzSeeds[(i+1)%len(fuzzSeeds)])
	}
	f.Add("ba", "bà")
	f.Add("an", "An")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Compare(a, b), Compare(b, a)
		if ab != -ba {
			t.Fatalf("Compare(%q, %q) = %d but reversed = %d", a, b, ab, ba)
		}
		if kc := bytes.Compare(SortKey(a), SortKey(b)); kc != ab {
			t.Fatalf("Compare(%q, %q) = %d but SortKey order = %d", a, b, ab, kc)
		}
		if (ab == 0) != (NFC(a) == NFC(b)) {
			t.Fatalf("Compare(%q, %q) = %d disagrees with NFC equality", a, b, ab)
		}
		if Less(a, b) != (ab < 0) {
			t.Fatalf("Less(%q, %q) disagrees with Compare", a, b)
		}
	})
}
