package vn

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTable maps the runes below foldTableEnd to their folded rune; 0 means
// the rune takes the slow path. Latin Extended Additional (U+1E00–U+1EFF,
// where the toned Vietnamese vowels live) is covered by foldExtra.
var foldTable, foldExtra = buildFoldTables()

const (
	foldTableEnd = 0x250
	extraStart   = 0x1e00
	extraEnd     = 0x1f00
)

func buildFoldTables() (low, extra []rune) {
	low = make([]rune, foldTableEnd)
	for r := rune(0); r < foldTableEnd; r++ {
		low[r] = foldOne(r)
	}
	extra = make([]rune, extraEnd-extraStart)
	for r := rune(extraStart); r < extraEnd; r++ {
		extra[r-extraStart] = foldOne(r)
	}
	return low, extra
}

// foldOne returns the single rune r folds to, or 0 when it folds to
// nothing or to several runes.
func foldOne(r rune) rune {
	var b strings.Builder
	foldSlow(&b, r)
	f, n := utf8.DecodeRuneInString(b.String())
	if n == 0 || n != b.Len() {
		return 0
	}
	return f
}

// Fold returns s lowercased with every diacritic removed (tone marks and the
// vowel marks of ă â ê ô ơ ư) and đ/Đ written as d, so "Đồng Nai", "đồng
// nai" and "dong nai" all fold to "dong nai". Search, de-duplication and
// slugs use it so that citizens who type without diacritics still find
// what they look for. ASCII input that is already lowercase is returned
// without allocating; invalid UTF-8 bytes become U+FFFD.
func Fold(s string) string {
	switch asciiCase(s) {
	case asciiLower:
		return s
	case asciiMixed:
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	exotic := false
	for _, r := range s {
		if f := tableFold(r); f != 0 {
			b.WriteRune(f)
			continue
		}
		exotic = true
		foldSlow(&b, r)
	}
	out := b.String()
	if exotic && !isNFC(out) {
		out = norm.NFC.String(out)
	}
	return out
}

const (
	notASCII = iota
	asciiLower
	asciiMixed
)

// asciiCase classifies s for Fold's fast paths.
func asciiCase(s string) int {
	kind := asciiLower
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return notASCII
		}
		if 'A' <= c && c <= 'Z' {
			kind = asciiMixed
		}
	}
	return kind
}

// tableFold returns the precomputed fold of r, or 0 if r needs foldSlow.
func tableFold(r rune) rune {
	switch {
	case r < foldTableEnd:
		return foldTable[r]
	case extraStart <= r && r < extraEnd:
		return foldExtra[r-extraStart]
	}
	return 0
}

// foldSlow writes the fold of r: lowercase, canonically decomposed, with
// non-spacing and enclosing marks dropped. đ and Đ are mapped explicitly
// because Unicode gives them no decomposition, and the PDF artefacts ƣ and
// Ƣ fold like the ư and Ư they stand for, so unrepaired text still matches.
func foldSlow(b *strings.Builder, r rune) {
	switch r {
	case 'đ', 'Đ':
		b.WriteByte('d')
		return
	case '\u01a3', '\u01a2':
		b.WriteByte('u')
		return
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
	for _, c := range norm.NFD.String(string(buf[:n])) {
		if isMark(c) {
			continue
		}
		c = unicode.ToLower(c)
		if c == 'đ' {
			c = 'd'
		}
		b.WriteRune(c)
	}
}

// isMark reports whether r is a diacritic: a non-spacing or enclosing mark.
func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me)
}

// FoldRune is Fold of one rune when a table gives it (every Latin letter
// and digit Vietnamese text uses), or 0 when r needs Fold itself. A
// scanner that folds word by word uses it to fold without allocating.
func FoldRune(r rune) rune { return tableFold(r) }
