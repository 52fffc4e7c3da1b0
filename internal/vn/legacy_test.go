package vn

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/testenv"
)

// legacyDir holds the shared legacy-encoding vectors, from this package.
const legacyDir = "../../../shared/corpus/legacy-encodings"

// manifestEncodings maps the manifest's encoding names to ours.
var manifestEncodings = map[string]Encoding{
	"tcvn3-abc": TCVN3, "vni-windows": VNI, "viscii": VISCII,
	"tcvn5712-1": TCVN5712, "cp1258": CP1258, "viqr": VIQR,
}

// needCorpus skips the test when the shared corpus is absent, except in CI.
func needCorpus(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		testenv.Missing(t, "corpus not available: %v", err)
	}
}

type vector struct {
	Encoding     string `json:"encoding"`
	BytesFile    string `json:"bytes_file"`
	ExpectedFile string `json:"expected_nfc_file"`
}

func loadVectors(t *testing.T) []vector {
	t.Helper()
	needCorpus(t, legacyDir)
	raw, err := os.ReadFile(filepath.Join(legacyDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(raw, &vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) != 150 {
		t.Fatalf("manifest has %d vectors, want 150", len(vs))
	}
	return vs
}

func TestLegacyVectors(t *testing.T) {
	vs := loadVectors(t)
	declared, auto, sameEnc := map[string]int{}, map[string]int{}, map[string]int{}
	minConf := map[string]float64{}
	for _, v := range vs {
		enc, ok := manifestEncodings[v.Encoding]
		if !ok {
			t.Fatalf("%s: unknown encoding %q", v.BytesFile, v.Encoding)
		}
		in, err1 := os.ReadFile(filepath.Join(legacyDir, v.BytesFile))
		want, err2 := os.ReadFile(filepath.Join(legacyDir, v.ExpectedFile))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", v.BytesFile, err1, err2)
		}
		got, err := Decode(enc, in)
		if err != nil || got != string(want) {
			t.Errorf("%s: Decode(%v) = %q, %v\nwant %q", v.BytesFile, enc, got, err, want)
		} else {
			declared[v.Encoding]++
		}
		text, denc, conf := ToUnicode(in)
		if c, ok := minConf[v.Encoding]; !ok || conf < c {
			minConf[v.Encoding] = conf
		}
		if text != string(want) {
			t.Errorf("%s: ToUnicode = %q (%v, %.2f)\nwant %q", v.BytesFile, text, denc, conf, want)
		} else {
			auto[v.Encoding]++
		}
		if denc == enc {
			sameEnc[v.Encoding]++
		} else {
			t.Logf("%s: detected %v (%.2f), declared %v; same text: %v", v.BytesFile, denc, conf, enc, text == string(want))
		}
	}
	for name := range manifestEncodings {
		t.Logf("%-12s declared %d/25, auto-detected text %d/25, same encoding %d/25, lowest confidence %.2f",
			name, declared[name], auto[name], sameEnc[name], minConf[name])
	}
}

// TestCharmap checks the tables against every letter of the corpus charmap.
func TestCharmap(t *testing.T) {
	path := filepath.Join(legacyDir, "charmap-vietnamese-letters.tsv")
	needCorpus(t, path)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cols := map[int]Encoding{2: VISCII, 3: TCVN5712, 4: CP1258, 5: TCVN3, 6: VNI}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	rows := 0
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		letter := fields[0]
		rows++
		for col, enc := range cols {
			if fields[col] == "" {
				continue
			}
			b, err := hex.DecodeString(fields[col])
			if err != nil {
				t.Fatalf("%s: bad hex %q", letter, fields[col])
			}
			if got, _ := Decode(enc, b); got != letter {
				t.Errorf("Decode(%v, %x) = %q, want %q", enc, b, got, letter)
			}
			if got, err := Encode(enc, letter); err != nil || string(got) != string(b) {
				t.Errorf("Encode(%v, %q) = %x, %v; want %x", enc, letter, got, err, b)
			}
		}
		if got, _ := Decode(VIQR, []byte(fields[7])); got != letter {
			t.Errorf("Decode(VIQR, %q) = %q, want %q", fields[7], got, letter)
		}
		if got, _ := Encode(VIQR, letter); string(got) != fields[7] && !strings.EqualFold(string(got), fields[7]) {
			t.Errorf("Encode(VIQR, %q) = %q, want %q", letter, got, fields[7])
		}
	}
	if rows != 134 {
		t.Errorf("charmap has %d letters, want 134", rows)
	}
}

func TestParseEncoding(t *testing.T) {
	for _, e := range Encodings() {
		if got, err := ParseEncoding(strings.ToUpper(e.Name())); err != nil || got != e {
			t.Errorf("ParseEncoding(%q) = %v, %v", e.Name(), got, err)
		}
	}
	for name, want := range map[string]Encoding{"abc": TCVN3, "VN1": TCVN5712, "utf-8": Unicode, "vni-windows": VNI} {
		if got, err := ParseEncoding(name); err != nil || got != want {
			t.Errorf("ParseEncoding(%q) = %v, %v; want %v", name, got, err, want)
		}
	}
	if _, err := ParseEncoding("latin1"); err == nil {
		t.Error("ParseEncoding(latin1) succeeded")
	}
	if _, err := Decode(Encoding(99), nil); err == nil {
		t.Error("Decode(99) succeeded")
	}
}

func TestDecodeSpecialCases(t *testing.T) {
	tests := []struct {
		name string
		enc  Encoding
		in   string
		want string
	}{
		{"NFD", Unicode, "Vie\u0323\u0302t Nam", "Việt Nam"},
		{"oi artefact", Unicode, "Chƣơng II, đối tƣợng", "Chương II, đối tượng"},
		{"BOM", Unicode, "\ufeffĐồng Nai", "Đồng Nai"},
		{"TCVN3 capitals", TCVN3, "\xa7\xe5ng Nai", "Đồng Nai"},
		{"TCVN3 punctuation", TCVN3, "\x93\xa7\xe5ng\x94", "“Đồng”"},
		{"VN1 C0 capital", TCVN5712, "\x11ng", "Ứng"},
		{"VNI", VNI, "Vie\xe4t Nam, \xd1o\xe0ng Nai", "Việt Nam, Đồng Nai"},
		{"VNI capitals", VNI, "\xd1O\xc0NG", "ĐỒNG"},
		{"CP1258 tones", CP1258, "Vi\xea\xf2t", "Việt"},
		{"VIQR escape", VIQR, `nhau\. Vie^.t`, "nhau. Việt"},
		{"VIQR dd", VIQR, "DDo^`ng Nai, d\\d", "Đồng Nai, dd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Decode(tt.enc, []byte(tt.in)); err != nil || got != tt.want {
				t.Errorf("Decode(%v, %q) = %q, %v; want %q", tt.enc, tt.in, got, err, tt.want)
			}
		})
	}
	if _, err := Decode(CP1258, []byte("a\x81")); err == nil {
		t.Error("undefined CP1258 byte gave no error")
	}
	if got, err := Decode(Unicode, []byte("a\xffb")); err == nil || got != "a\ufffdb" {
		t.Errorf("invalid UTF-8: %q, %v", got, err)
	}
}

func TestFixMisdecoded(t *testing.T) {
	tests := []struct {
		in, want string
		enc      Encoding
	}{
		{"Ch−¬ng II. §èi t−îng ¸p dông cña Quy chÕ", "Chương II. Đối tượng áp dụng của Quy chế", TCVN3},
		{"§ång Nai tæ chøc héi nghÞ", "Đồng Nai tổ chức hội nghị", TCVN3},
		{"Vieät Nam, tænh Ñoàng Nai coù nhieàu khu coâng nghieäp", "Việt Nam, tỉnh Đồng Nai có nhiều khu công nghiệp", VNI},
		{mojibake("Đồng Nai có nhiều khu công nghiệp"), "Đồng Nai có nhiều khu công nghiệp", Unicode},
	}
	for _, tt := range tests {
		got, enc, conf := FixMisdecoded(tt.in)
		if got != tt.want || enc != tt.enc || conf < Threshold {
			t.Errorf("FixMisdecoded(%q) = %q, %v, %.2f; want %q, %v", tt.in, got, enc, conf, tt.want, tt.enc)
		}
	}
	for _, s := range []string{"Café crème à la française", "Hello, world", "Cà Mau", "Đồng Nai", "µm", "Má tôi là giáo viên"} {
		if got, enc, _ := FixMisdecoded(s); got != s || enc != Unicode {
			t.Errorf("FixMisdecoded(%q) = %q, %v; want it untouched", s, got, enc)
		}
	}
}

func TestDetectVIQROnlyWhenVIQR(t *testing.T) {
	for _, s := range []string{
		"I'm sure I'm right. Is it? Yes.",
		"Quy hoach tinh Dong Nai. Ban di choi? Me nau com.",
		"See http://example.com/a?b=c and e.g. the address.",
		"The O'Brien file (v1.2) isn't ready; we're late.",
	} {
		if enc, conf := Detect([]byte(s)); enc != Unicode {
			t.Errorf("Detect(%q) = %v %.2f; want Unicode", s, enc, conf)
		}
		if got, _, _ := ToUnicode([]byte(s)); got != s {
			t.Errorf("ToUnicode(%q) = %q; want it untouched", s, got)
		}
	}
	if enc, conf := Detect([]byte("Vie^.t Nam la` mo^.t quo^'c gia")); enc != VIQR || conf < Threshold {
		t.Errorf("Detect(VIQR) = %v %.2f", enc, conf)
	}
}

func TestLowConfidenceLeftAlone(t *testing.T) {
	for _, s := range []string{"Caf\xe9", "na\xefve r\xe9sum\xe9 \xfcber", "\xff\xfe\x00"} {
		got, enc, conf := ToUnicode([]byte(s))
		if conf >= Threshold || got != s {
			t.Errorf("ToUnicode(%q) = %q, %v, %.2f; want it untouched and unsure", s, got, enc, conf)
		}
	}
}

func TestIsSyllable(t *testing.T) {
	for _, w := range []string{"Việt", "nghiêng", "khuỷu", "quốc", "giữ", "gì", "Đắk", "ĐỒNG", "thuở", "xoong", "Vie\u0323\u0302t", "oanh"} {
		if !IsSyllable(w) {
			t.Errorf("IsSyllable(%q) = false", w)
		}
	}
	for _, w := range []string{"", "Vinamilk", "viêt", "vìệt", "bàc", "ngh", "lµ", "tØnh", "Vieät", "ååå", "strong"} {
		if IsSyllable(w) {
			t.Errorf("IsSyllable(%q) = true", w)
		}
	}
}

// mojibake returns s as its UTF-8 bytes read as Windows-1252.
func mojibake(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 {
			b.WriteByte(c)
		} else {
			b.WriteRune(cp1252High[c-0x80])
		}
	}
	return b.String()
}
