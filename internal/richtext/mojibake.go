package richtext

import (
	"strings"
	"unicode"
)

// cp1252Special reports whether r is one of the characters Windows-1252
// puts at bytes 0x80–0x9F, where UTF-8 continuation bytes land.
func cp1252Special(r rune) bool {
	return strings.ContainsRune("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ", r)
}

// continuation reports whether r is what a UTF-8 continuation byte
// (0x80–0xBF) becomes when read as Windows-1252.
func continuation(r rune) bool {
	return r >= 0x80 && r <= 0xbf || cp1252Special(r)
}

// ambiguous continuations also follow a real capital Ã or Â in upper-case
// Vietnamese ("MÃ”", "XÃ HỘI" with a no-break space).
func ambiguous(r rune) bool {
	return r == 0xa0 || strings.ContainsRune("‘’‚“”„•…–—‹›", r)
}

// mojibake reports whether w shows UTF-8 read as Windows-1252, and whether
// the evidence is strong. The patterns are lead bytes of Vietnamese letters
// followed by continuation bytes: "á»"/"áº" then one more (ồ, ế…), "Ä", "Å"
// and "Æ" (not Vietnamese letters) then one (đ, ư, ơ, ĩ, ũ), "â€" (curly
// quotes and dashes), and "Ã"/"Â" then one (à, á, ê…). Because Ã and Â are
// real capitals, they count after an ambiguous punctuation mark only when
// the word goes on with a letter or they follow a small letter.
func mojibake(w string) (strong, found bool) {
	rs := []rune(w)
	for i := 0; i+1 < len(rs); i++ {
		r, next := rs[i], rs[i+1]
		if !continuation(next) {
			continue
		}
		switch r {
		case 'á':
			if (next == 'º' || next == '»') && i+2 < len(rs) && continuation(rs[i+2]) {
				return true, true
			}
		case 'Ä', 'Å', 'Æ':
			return true, true
		case 'â':
			if next == '€' {
				return true, true
			}
		case 'Ã', 'Â':
			if !ambiguous(next) {
				found = true
				continue
			}
			if (i > 0 && unicode.IsLower(rs[i-1])) || (i+2 < len(rs) && unicode.IsLetter(rs[i+2])) {
				found = true
			}
		}
	}
	return false, found
}
