package vn

import (
	"testing"
	"unicode/utf8"
)

var legacySeeds = []string{
	"", "N\xa8m 2020 l\xb5 l\xc7n \xae\xc7u", "Vie\xe4t Nam \xd1o\xe0ng", "Vie^.t Nam la` nu+o+'c",
	"\x11ng \x9e\x02", "Vi\xea\xf2t \x81", "Ch−¬ng", "§ång Nai", "Chƣơng", "Vie\u0323\u0302t",
	"\\\\\\.d\\d", "\xff\xfe\xfd", "a\xe2\xf9\xf9\xf9", "\xf9 \xe1", "I'm here.", "Đồng Nai",
}

func FuzzDetect(f *testing.F) {
	for _, s := range legacySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		enc, conf := Detect(b)
		if enc < 0 || enc >= numEncodings || conf < 0 || conf > 1 {
			t.Fatalf("Detect(%q) = %v, %v", b, enc, conf)
		}
		text, tenc, tconf := ToUnicode(b)
		if tconf >= Threshold || utf8.Valid(b) {
			checkText(t, "ToUnicode", text)
		} else if text != string(b) {
			t.Fatalf("ToUnicode(%q) = %q, %v %.2f: changed although unsure", b, text, tenc, tconf)
		}
		if utf8.Valid(b) {
			fixed, _, _ := FixMisdecoded(string(b))
			if !utf8.ValidString(fixed) {
				t.Fatalf("FixMisdecoded(%q) = %q: invalid UTF-8", b, fixed)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range legacySeeds {
		for e := range numEncodings {
			f.Add(uint8(e), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, e uint8, b []byte) {
		enc := Encoding(e % uint8(numEncodings))
		s, _ := Decode(enc, b)
		checkText(t, "Decode", s)
		if enc == VIQR || enc == Unicode {
			return
		}
		out, err := Encode(enc, s)
		if err != nil {
			return // e.g. U+FFFD, or a control the encoding uses for a letter
		}
		if again, _ := Decode(enc, out); again != s {
			t.Fatalf("Decode(%v, Encode(%q)) = %q", enc, s, again)
		}
	})
}
