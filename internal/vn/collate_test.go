package vn

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// ordered lists are in Vietnamese dictionary order.
var ordered = map[string][]string{
	"letters": {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l",
		"m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"},
	"tones":  {"a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ", "â", "ầ", "ẩ", "ẫ", "ấ", "ậ"},
	"words":  {"ba", "bà", "bả", "bã", "bá", "bạ", "bác", "bạc", "bắc", "bấc", "bậc"},
	"spaces": {"an", "an toàn", "anh", "ánh", "ăn"},
	"case":   {"an", "An", "AN", "ăn", "Ăn"},
	"digits": {"", " ", "-", "0", "1", "9", "a"},
	"provinces": {"An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
		"Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Cà Mau", "Cao Bằng",
		"Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
		"Đồng Tháp", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
		"Hòa Bình", "Hưng Yên", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng",
		"Yên Bái"},
}

func TestCompareOrder(t *testing.T) {
	for name, want := range ordered {
		t.Run(name, func(t *testing.T) {
			for i := 1; i < len(want); i++ {
				a, b := want[i-1], want[i]
				if got := Compare(a, b); got != -1 {
					t.Errorf("Compare(%q, %q) = %d, want -1", a, b, got)
				}
				if !Less(a, b) || Less(b, a) {
					t.Errorf("Less disagrees on %q < %q", a, b)
				}
			}
			got := slices.Clone(want)
			rand.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			SortStrings(got)
			if !slices.Equal(got, want) {
				t.Errorf("SortStrings = %q, want %q", got, want)
			}
		})
	}
}

func TestCompareEqual(t *testing.T) {
	tests := []struct{ name, a, b string }{
		{"same", "Đồng Nai", "Đồng Nai"},
		{"nfc vs nfd", "Việt", "Vie\u0323\u0302t"},
		{"both empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(tt.a, tt.b); got != 0 {
				t.Errorf("Compare(%q, %q) = %d, want 0", tt.a, tt.b, got)
			}
		})
	}
}

// TestCompareMatchesCLDR cross-checks against the CLDR Vietnamese tailoring
// in golang.org/x/text/collate on words made of Vietnamese letters.
func TestCompareMatchesCLDR(t *testing.T) {
	c := collate.New(language.Vietnamese)
	var words []string
	for _, list := range ordered {
		words = append(words, list...)
	}
	words = append(words, "Chương", "chương", "chuông", "chướng", "trưởng",
		"truông", "tượng", "tuồng", "đối", "dội", "Đội", "nghệ", "nghề", "ngữ")
	for _, a := range words {
		for _, b := range words {
			want := c.CompareString(a, b)
			if want == 0 {
				continue // CLDR ties strings that we order at the identical level
			}
			if got := Compare(a, b); got != want {
				t.Errorf("Compare(%q, %q) = %d, CLDR says %d", a, b, got, want)
			}
		}
	}
}

func TestSortKeyStable(t *testing.T) {
	a, b := SortKey("Đồng Nai"), SortKey("Đồng Nai")
	if !bytes.Equal(a, b) {
		t.Fatalf("SortKey not deterministic: %x vs %x", a, b)
	}
	if !bytes.Equal(SortKey("Việt"), SortKey("Vie\u0323\u0302t")) {
		t.Errorf("SortKey differs between NFC and NFD input")
	}
}
