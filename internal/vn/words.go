package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Amounts in words, as payment lists, statements and receipts write them
// beside the figure ("Bằng chữ: Một triệu hai trăm nghìn đồng").
//
// The reading rules, one choice made where usage varies:
//
//   - a zero tens digit before a units digit reads "linh" (chosen over the
//     southern "lẻ"): 105 "một trăm linh năm";
//   - 10–19 read "mười …": 10 "mười", 15 "mười lăm", 14 "mười bốn";
//   - 20–99 read "… mươi …", with 1 as "mốt", 4 as "tư" and 5 as "lăm"
//     (chosen over "nhăm"): 21 "hai mươi mốt", 24 "hai mươi tư",
//     25 "hai mươi lăm";
//   - a group of three digits that follows a larger group is read whole,
//     "không trăm" included: 1,000,005 "một triệu không trăm linh năm";
//     a group of zeros is left out: 1,200,000 "một triệu hai trăm nghìn";
//   - groups are "nghìn" (chosen over "ngàn"), "triệu", "tỷ"; above
//     999,999,999,999 "tỷ" repeats, its count read as a number of its
//     own: 10^12 "một nghìn tỷ", 10^18 "một tỷ tỷ";
//   - 0 reads "không"; a negative amount reads "âm …".
//
// The first letter is upper case, as the words start a line.

var digitWords = [10]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// NumberWords is n read in Vietnamese words, lower case, without a unit:
// NumberWords(1000005) = "một triệu không trăm linh năm".
func NumberWords(n int64) string {
	if n == 0 {
		return digitWords[0]
	}
	var w []string
	// The magnitude as unsigned, so that the smallest int64 reads too.
	u := uint64(n)
	if n < 0 {
		w = append(w, "âm")
		u = -u
	}
	return strings.Join(appendWords(w, u, true), " ")
}

// MoneyWords is an amount of đồng in words, capitalised, as a document
// writes it: MoneyWords(1200000) = "Một triệu hai trăm nghìn đồng",
// MoneyWords(0) = "Không đồng", MoneyWords(-5000) = "Âm năm nghìn đồng".
func MoneyWords(n int64) string {
	return capitalise(NumberWords(n) + " đồng")
}

func capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// appendWords appends the words of u > 0; leading says no larger group
// comes before it, so its first group leaves out "không trăm" and "linh".
func appendWords(w []string, u uint64, leading bool) []string {
	const billion = 1_000_000_000
	if u >= billion {
		w = appendWords(w, u/billion, leading)
		w = append(w, "tỷ")
		if r := u % billion; r > 0 {
			w = appendBelowBillion(w, r, false)
		}
		return w
	}
	return appendBelowBillion(w, u, leading)
}

// appendBelowBillion appends the words of 0 < u < 10^9.
func appendBelowBillion(w []string, u uint64, leading bool) []string {
	groups := [3]struct {
		v    uint64
		name string
	}{{u / 1_000_000, "triệu"}, {u / 1000 % 1000, "nghìn"}, {u % 1000, ""}}
	for _, g := range groups {
		if g.v == 0 {
			continue
		}
		w = appendGroup(w, int(g.v), leading)
		leading = false
		if g.name != "" {
			w = append(w, g.name)
		}
	}
	return w
}

// appendGroup appends the words of 0 < g < 1000.
func appendGroup(w []string, g int, leading bool) []string {
	h, t, u := g/100, g/10%10, g%10
	if h > 0 || !leading {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if h > 0 || !leading {
			w = append(w, "linh")
		}
		w = append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
		switch u {
		case 0:
		case 5:
			w = append(w, "lăm")
		default:
			w = append(w, digitWords[u])
		}
	default:
		w = append(w, digitWords[t], "mươi")
		switch u {
		case 0:
		case 1:
			w = append(w, "mốt")
		case 4:
			w = append(w, "tư")
		case 5:
			w = append(w, "lăm")
		default:
			w = append(w, digitWords[u])
		}
	}
	return w
}
