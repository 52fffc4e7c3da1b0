package content_test

import (
	"strings"
	"testing"

	"github.com/congportal/cong/internal/content"
)

// rebuild reconstructs both sides of a diff: the old text from kept and
// removed words, the new one from kept and added words.
func rebuild(chunks []content.Chunk) (a, b string) {
	var x, y strings.Builder
	for _, c := range chunks {
		if c.Op != content.Added {
			x.WriteString(c.Text)
		}
		if c.Op != content.Removed {
			y.WriteString(c.Text)
		}
	}
	return x.String(), y.String()
}

func TestDiffWords(t *testing.T) {
	tests := []struct {
		a, b string
		want []content.Chunk
	}{
		{"", "", nil},
		{"Đồng Nai", "Đồng Nai", []content.Chunk{{content.Same, "Đồng Nai"}}},
		{"Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố", []content.Chunk{
			{content.Same, "Ủy ban nhân dân "}, {content.Removed, "tỉnh"}, {content.Added, "thành phố"}}},
		{"a b c", "a c", []content.Chunk{{content.Same, "a "}, {content.Removed, "b "}, {content.Same, "c"}}},
		{"a c", "a b c", []content.Chunk{{content.Same, "a "}, {content.Added, "b "}, {content.Same, "c"}}},
	}
	for _, tt := range tests {
		got := content.DiffWords(tt.a, tt.b)
		if len(got) != len(tt.want) {
			t.Errorf("DiffWords(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("DiffWords(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
				break
			}
		}
	}
}

func TestDiffOfVeryDifferentTextsIsBounded(t *testing.T) {
	a := strings.Repeat("một hai ba ", 5000)
	b := strings.Repeat("bốn năm sáu ", 5000)
	x, y := rebuild(content.DiffWords(a, b))
	if x != a || y != b {
		t.Fatal("the bounded diff does not rebuild both texts")
	}
}

func FuzzDiffWords(f *testing.F) {
	f.Add("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố")
	f.Add("a b c", "c b a")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		x, y := rebuild(content.DiffWords(a, b))
		if x != a || y != b {
			t.Fatalf("diff of %q and %q rebuilds %q and %q", a, b, x, y)
		}
	})
}
