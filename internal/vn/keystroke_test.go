package vn

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestKeystrokes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Telex, the tone at the end or after the vowel.
		{"giaos", "giáo"}, {"ducj", "dục"}, {"luaatj", "luật"}, {"ddaats", "đất"}, {"ddai", "đai"},
		{"hocj", "học"}, {"hoocj", "hộc"}, {"phis", "phí"}, {"xax", "xã"}, {"hooij", "hội"}, {"baor", "bảo"},
		{"hieemr", "hiểm"}, {"dduwowngf", "đường"}, {"truongwf", "trường"}, {"nuwowcs", "nước"},
		{"tooi", "tôi"}, {"coong", "công"}, {"khoong", "không"}, {"cos", "có"}, {"hoaf", "hòa"}, {"thuyr", "thủy"}, {"quys", "quý"},
		{"gias", "giá"}, {"vieetj", "việt"}, {"tw", "tư"}, {"nawm", "năm"}, {"mwa", "mưa"},
		{"nguowif", "người"}, {"luaajt", "luật"},
		// VNI, digits after the vowel or at the end.
		{"gia1o", "giáo"}, {"du5c", "dục"}, {"lua65t", "luật"}, {"lua6t5", "luật"}, {"d9a61t", "đất"},
		{"d9ai", "đai"}, {"d9u7o7ng2", "đường"}, {"duong79", "đương"}, {"ho5c", "học"}, {"na8m", "năm"},
		{"nguoi72", "người"}, {"tie6ng1", "tiếng"}, {"vie65t", "việt"},
	} {
		got, ok := Keystrokes(c.in)
		if !ok || got != c.want {
			t.Errorf("Keystrokes(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	// Plain words, names, codes and what reads as nothing are left alone.
	for _, in := range []string{"giao", "duc", "luat", "dong", "nai", "viet", "covid", "u23", "u19", "f1", "qh14",
		"h5n1", "bitcoin", "wannacry", "facebook", "blttds", "ubnd", "2022", "", "ass", "iphone", "email"} {
		if got, ok := Keystrokes(in); ok {
			t.Errorf("Keystrokes(%q) = %q; want it left alone", in, got)
		}
	}
}

func FuzzKeystrokes(f *testing.F) {
	for _, s := range []string{"giaos", "gia1o", "dduwowngf", "d9u7o7ng2", "u23", "wwww", "a1", "zzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Keystrokes(s)
		if !ok {
			return
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) || !IsSyllable(got) {
			t.Fatalf("Keystrokes(%q) = %q: not one syllable in NFC", s, got)
		}
	})
}
