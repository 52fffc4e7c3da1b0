package vn

import (
	"math"
	"strings"
	"testing"
)

var moneyWordCases = []struct {
	n    int64
	want string
}{
	{0, "Không đồng"},
	{1, "Một đồng"},
	{4, "Bốn đồng"},
	{5, "Năm đồng"},
	{10, "Mười đồng"},
	{11, "Mười một đồng"},
	{14, "Mười bốn đồng"},
	{15, "Mười lăm đồng"},
	{20, "Hai mươi đồng"},
	{21, "Hai mươi mốt đồng"},
	{24, "Hai mươi tư đồng"},
	{25, "Hai mươi lăm đồng"},
	{99, "Chín mươi chín đồng"},
	{100, "Một trăm đồng"},
	{101, "Một trăm linh một đồng"},
	{105, "Một trăm linh năm đồng"},
	{110, "Một trăm mười đồng"},
	{115, "Một trăm mười lăm đồng"},
	{151, "Một trăm năm mươi mốt đồng"},
	{1000, "Một nghìn đồng"},
	{1001, "Một nghìn không trăm linh một đồng"},
	{1010, "Một nghìn không trăm mười đồng"},
	{1021, "Một nghìn không trăm hai mươi mốt đồng"},
	{15000, "Mười lăm nghìn đồng"},
	{253000, "Hai trăm năm mươi ba nghìn đồng"},
	{234000, "Hai trăm ba mươi tư nghìn đồng"},
	{1000005, "Một triệu không trăm linh năm đồng"},
	{1005000, "Một triệu không trăm linh năm nghìn đồng"},
	{1200000, "Một triệu hai trăm nghìn đồng"},
	{2530000, "Hai triệu năm trăm ba mươi nghìn đồng"},
	{1000000000, "Một tỷ đồng"},
	{1000000001, "Một tỷ không trăm linh một đồng"},
	{1000005000, "Một tỷ không trăm linh năm nghìn đồng"},
	{21000000000, "Hai mươi mốt tỷ đồng"},
	{1000000000000, "Một nghìn tỷ đồng"},
	{1234567891011, "Một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn không trăm mười một đồng"},
	{1000000000000000000, "Một tỷ tỷ đồng"},
	{math.MaxInt64, "Chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh bảy đồng"},
	{-1500, "Âm một nghìn năm trăm đồng"},
	{math.MinInt64, "Âm chín tỷ hai trăm hai mươi ba triệu ba trăm bảy mươi hai nghìn không trăm ba mươi sáu tỷ tám trăm năm mươi tư triệu bảy trăm bảy mươi lăm nghìn tám trăm linh tám đồng"},
}

func TestMoneyWords(t *testing.T) {
	for _, c := range moneyWordCases {
		if got := MoneyWords(c.n); got != c.want {
			t.Errorf("MoneyWords(%d) = %q; want %q", c.n, got, c.want)
		}
	}
	if got := NumberWords(1000005); got != "một triệu không trăm linh năm" {
		t.Errorf("NumberWords(1000005) = %q", got)
	}
}

// readWords reads back what NumberWords wrote (the test's own reader, by
// other rules than the writer's: each word adds to the group, the group
// names multiply), so that a wrong word shows as a wrong number.
func readWords(t testing.TB, s string) (int64, bool) {
	t.Helper()
	neg := false
	if rest, ok := strings.CutPrefix(s, "âm "); ok {
		neg, s = true, rest
	}
	digit := map[string]uint64{"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
		"sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
	var acc, block, group, d uint64
	for _, w := range strings.Fields(s) {
		switch w {
		case "trăm":
			group += d * 100
			d = 0
		case "mươi":
			group += d * 10
			d = 0
		case "mười":
			group += 10
		case "linh":
		case "nghìn":
			block += (group + d) * 1000
			group, d = 0, 0
		case "triệu":
			block += (group + d) * 1_000_000
			group, d = 0, 0
		case "tỷ":
			acc = (acc + block + group + d) * 1_000_000_000
			block, group, d = 0, 0, 0
		default:
			v, ok := digit[w]
			if !ok {
				t.Errorf("unknown word %q in %q", w, s)
				return 0, false
			}
			d = v
		}
	}
	u := acc + block + group + d
	if neg {
		return int64(-u), true
	}
	return int64(u), true
}

func checkMoneyWords(t testing.TB, n int64) {
	t.Helper()
	s := MoneyWords(n)
	switch {
	case !strings.HasSuffix(s, " đồng"):
		t.Fatalf("MoneyWords(%d) = %q: no unit", n, s)
	case strings.Contains(s, "  ") || strings.TrimSpace(s) != s:
		t.Fatalf("MoneyWords(%d) = %q: stray spaces", n, s)
	case n < 0 && !strings.HasPrefix(s, "Âm "):
		t.Fatalf("MoneyWords(%d) = %q: a negative amount must say so", n, s)
	case n >= 0 && strings.Contains(s, "Âm"):
		t.Fatalf("MoneyWords(%d) = %q", n, s)
	case s != capitalise(s):
		t.Fatalf("MoneyWords(%d) = %q: not capitalised", n, s)
	}
	words := NumberWords(n)
	if got, ok := readWords(t, words); !ok || got != n {
		t.Fatalf("NumberWords(%d) = %q reads back as %d", n, words, got)
	}
}

func TestMoneyWordsReadBack(t *testing.T) {
	for _, c := range moneyWordCases {
		checkMoneyWords(t, c.n)
	}
	for n := int64(0); n <= 200_000; n++ {
		checkMoneyWords(t, n)
	}
	for n := int64(1); n > 0 && n < math.MaxInt64/7; n = n*7 + 3 {
		checkMoneyWords(t, n)
		checkMoneyWords(t, -n)
	}
}

// FuzzMoneyWords: for every int64 MoneyWords neither panics nor writes
// anything but a well-formed amount that reads back to the number.
func FuzzMoneyWords(f *testing.F) {
	for _, c := range moneyWordCases {
		f.Add(c.n)
	}
	f.Fuzz(func(t *testing.T, n int64) { checkMoneyWords(t, n) })
}
