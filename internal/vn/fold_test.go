package vn

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ascii lower", "dong nai", "dong nai"},
		{"ascii upper", "Dong NAI", "dong nai"},
		{"d stroke", "Đồng Nai", "dong nai"},
		{"all tones", "a à ả ã á ạ", "a a a a a a"},
		{"vowel marks", "ă â ê ô ơ ư", "a a e o o u"},
		{"capitals", "ĂÂÊÔƠƯĐ", "aaeooud"},
		{"stacked marks", "Trưởng Ấp Cộng", "truong ap cong"},
		{"decomposed input", "Vie\u0323\u0302t", "viet"},
		{"stray combining mark", "\u0301a", "a"},
		{"other latin", "Crème Brûlée", "creme brulee"},
		{"non latin kept", "Hà Nội 東京", "ha noi 東京"},
		{"invalid byte", "a\xffB", "a\ufffdb"},
		{"pdf artefact", "Chƣơng Ƣu", "chuong uu"},
		{"kelvin sign", "\u212a", "k"},
		{"angstrom sign", "\u212b", "a"},
		{"hangul recomposed", "\u1100\u1161", "\uac00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldFastPathAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Fold("dong nai 2019") }); n != 0 {
		t.Errorf("Fold of lowercase ASCII allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Fold("Sở Khoa học và Công nghệ") }); n > 1 {
		t.Errorf("Fold of Vietnamese allocates %v times, want at most 1", n)
	}
}
