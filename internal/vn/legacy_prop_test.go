package vn

import (
	"bufio"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// vietLetters are the 134 letters of the corpus charmap, plus the ASCII
// letters Vietnamese uses.
const vietLetters = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" +
	"ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ" +
	"abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY"

// randomText makes a string of n random characters from letters,
// separated now and then by spaces and punctuation.
func randomText(r *rand.Rand, letters []rune, n int) string {
	var b strings.Builder
	for range n {
		switch r.IntN(8) {
		case 0:
			b.WriteByte(' ')
		case 1:
			b.WriteByte(" .,?'`~^(+\\-\n"[r.IntN(13)])
		default:
			b.WriteRune(letters[r.IntN(len(letters))])
		}
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	all := []rune(vietLetters)
	var tcvn3 []rune // TCVN3 has no upper-case toned letters
	for _, l := range all {
		if l < 0x80 || strings.ContainsRune(tcvn3Letters, l) {
			tcvn3 = append(tcvn3, l)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, enc := range []Encoding{TCVN3, VNI, VISCII, TCVN5712, CP1258, VIQR, Unicode} {
		letters := all
		if enc == TCVN3 {
			letters = tcvn3
		}
		for i := range 2000 {
			s := randomText(r, letters, 1+i%60)
			b, err := Encode(enc, s)
			if err != nil {
				t.Fatalf("Encode(%v, %q): %v", enc, s, err)
			}
			if got, err := Decode(enc, b); err != nil || got != s {
				t.Fatalf("Decode(%v, Encode(%q)) = %q, %v (bytes %q)", enc, s, got, err, b)
			}
		}
	}
	if _, err := Encode(TCVN3, "Ấ"); err == nil {
		t.Error("TCVN3 encoded Ấ, which it does not have")
	}
	if _, err := Encode(VISCII, "ñ"); err == nil {
		t.Error("VISCII encoded ñ")
	}
}

// TestDetectRoundTrip: longer random Vietnamese text, encoded, is found
// again by ToUnicode.
func TestDetectRoundTrip(t *testing.T) {
	words := strings.Fields("Việt Nam đồng nghiệp chương trình tổ chức quy định ủy ban nhân dân " +
		"tỉnh thành phố hội nghị đối tượng áp dụng văn bản pháp luật của được người")
	r := rand.New(rand.NewPCG(3, 4))
	for _, enc := range []Encoding{TCVN3, VNI, VISCII, TCVN5712, CP1258, VIQR} {
		converted := 0
		for range 200 {
			var ws []string
			for range 4 + r.IntN(20) {
				ws = append(ws, words[r.IntN(len(words))])
			}
			s := strings.Join(ws, " ")
			b, _ := Encode(enc, s)
			got, denc, conf := ToUnicode(b)
			switch {
			case got == s: // TCVN3 and VN1 agree on lower-case text
				converted++
			case got != string(b) || (denc != Unicode && conf >= Threshold):
				t.Fatalf("ToUnicode(Encode(%v, %q)) = %q, %v %.2f: neither converted nor left alone",
					enc, s, got, denc, conf)
			}
		}
		if converted < 190 {
			t.Errorf("%v: %d of 200 random texts converted, want ≥ 190", enc, converted)
		}
		t.Logf("%v: %d of 200 random texts of 4–23 words converted, the rest left alone", enc, converted)
	}
}

// TestUnicodeNeverTouched: proper Unicode text from the corpus comes back
// as Unicode, confidently, byte for byte.
func TestUnicodeNeverTouched(t *testing.T) {
	for _, c := range []struct {
		file string
		n    int
	}{{"news.jsonl", 300}, {"legal.jsonl", 50}} {
		path := "../../../shared/corpus/" + c.file
		needCorpus(t, path)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		seen, converted := 0, 0
		for seen < c.n && sc.Scan() {
			var rec struct{ Body string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				t.Fatal(err)
			}
			seen++
			enc, conf := Detect([]byte(rec.Body))
			got, tenc, _ := ToUnicode([]byte(rec.Body))
			fixed, fenc, _ := FixMisdecoded(rec.Body)
			if enc != Unicode || conf < 0.99 || got != rec.Body || tenc != Unicode || fixed != rec.Body || fenc != Unicode {
				converted++
				t.Errorf("%s record %d: Detect %v %.2f, ToUnicode %v changed=%v, FixMisdecoded %v", c.file, seen, enc, conf, tenc, got != rec.Body, fenc)
			}
		}
		f.Close()
		if seen != c.n {
			t.Fatalf("%s: read %d records, want %d", c.file, seen, c.n)
		}
		t.Logf("%s: %d records, %d converted", c.file, seen, converted)
	}
}
