package vn

import (
	"bytes"
	"slices"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// alphabet is the Vietnamese alphabet in dictionary order, with the
// loan-word letters f, j, w and z in their Latin places.
const alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

// Primary weights. 0x00 separates the levels of a sort key, so every weight
// starts with a non-zero byte and multi-byte weights have a fixed length.
const (
	wSpace  = 0x01 // any white space
	wPunct  = 0x02 // + 3-byte code point: punctuation and symbols
	wDigit  = 0x10 // + digit value
	wLetter = 0x20 // + index in alphabet
	wOther  = 0xf0 // + 3-byte lowercase code point: everything else
	wMark   = 0x07 // secondary: + 3-byte code point of a non-Vietnamese mark

	levelSep = 0x00
)

// Tones, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
const (
	toneNone byte = 1 + iota
	toneGrave
	toneHook
	toneTilde
	toneAcute
	toneDot
)

var letterIndex = buildLetterIndex()

func buildLetterIndex() map[rune]byte {
	m := make(map[rune]byte, 33)
	i := byte(0)
	for _, r := range alphabet {
		m[r] = i
		i++
	}
	return m
}

// element is one base character with the marks attached to it.
type element struct {
	base  rune // lowercase; -1 before the first base character
	upper bool
	tone  byte
	other []rune // marks that are neither tones nor Vietnamese vowel marks
}

// keyBuilder accumulates the three weighted levels of a sort key.
type keyBuilder struct {
	primary, secondary, tertiary []byte
	cur                          element
}

// SortKey returns a byte string whose bytewise order is Vietnamese
// alphabetical order, so a database can store it in an indexed column and
// sort with a plain ORDER BY. Letters compare first by base letter, with ă
// â đ ê ô ơ ư as letters of their own (a < ă < â < b … u < ư < v); then by
// tone (none, huyền, hỏi, ngã, sắc, nặng); then lowercase before
// uppercase; finally by the NFC text itself, so distinct strings never
// tie. Keys are only comparable with keys made by the same version of vn.
func SortKey(s string) []byte {
	s = NFC(s)
	k := keyBuilder{cur: element{base: -1}}
	for _, r := range norm.NFD.String(s) {
		k.add(r)
	}
	k.flush()
	key := make([]byte, 0, len(k.primary)+len(k.secondary)+len(k.tertiary)+len(s)+3)
	key = append(append(key, k.primary...), levelSep)
	key = append(append(key, k.secondary...), levelSep)
	key = append(append(key, k.tertiary...), levelSep)
	return append(key, s...)
}

// add feeds one rune of the NFD text into the builder.
func (k *keyBuilder) add(r rune) {
	if unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) {
		k.mark(r)
		return
	}
	k.flush()
	lower := unicode.ToLower(r)
	k.cur = element{base: lower, upper: lower != r, tone: toneNone, other: k.cur.other[:0]}
}

// mark applies a combining mark to the current element.
func (k *keyBuilder) mark(r rune) {
	c := &k.cur
	if t := toneOf(r); t != 0 && c.tone == toneNone {
		c.tone = t
		return
	}
	if v := withVowelMark(c.base, r); v != 0 {
		c.base = v
		return
	}
	c.other = append(c.other, r)
}

// toneOf returns the tone a combining mark writes, or 0.
func toneOf(r rune) byte {
	switch r {
	case '\u0300':
		return toneGrave
	case '\u0309':
		return toneHook
	case '\u0303':
		return toneTilde
	case '\u0301':
		return toneAcute
	case '\u0323':
		return toneDot
	}
	return 0
}

// withVowelMark returns the Vietnamese letter base+mark, or 0.
func withVowelMark(base, mark rune) rune {
	switch {
	case mark == '\u0306' && base == 'a':
		return 'ă'
	case mark == '\u0302' && base == 'a':
		return 'â'
	case mark == '\u0302' && base == 'e':
		return 'ê'
	case mark == '\u0302' && base == 'o':
		return 'ô'
	case mark == '\u031b' && base == 'o':
		return 'ơ'
	case mark == '\u031b' && base == 'u':
		return 'ư'
	}
	return 0
}

// flush writes the current element's weights to each level.
func (k *keyBuilder) flush() {
	c := &k.cur
	if c.base >= 0 {
		k.primary = appendPrimary(k.primary, c.base)
		k.tertiary = append(k.tertiary, caseWeight(c.upper))
	}
	if c.base >= 0 || c.tone != 0 {
		k.secondary = append(k.secondary, max(c.tone, toneNone))
	}
	for _, m := range c.other {
		k.secondary = appendCodePoint(append(k.secondary, wMark), m)
	}
	c.other = c.other[:0]
	c.tone = 0
}

// caseWeight is the tertiary weight: lowercase sorts first.
func caseWeight(upper bool) byte {
	if upper {
		return 2
	}
	return 1
}

// appendPrimary appends the primary weight of a lowercase base rune.
func appendPrimary(b []byte, r rune) []byte {
	if i, ok := letterIndex[r]; ok {
		return append(b, wLetter+i)
	}
	switch {
	case '0' <= r && r <= '9':
		return append(b, wDigit+byte(r-'0'))
	case unicode.IsSpace(r):
		return append(b, wSpace)
	case unicode.IsPunct(r) || unicode.IsSymbol(r):
		return appendCodePoint(append(b, wPunct), r)
	}
	return appendCodePoint(append(b, wOther), r)
}

// appendCodePoint appends r as three big-endian bytes.
func appendCodePoint(b []byte, r rune) []byte {
	return append(b, byte(r>>16), byte(r>>8), byte(r))
}

// Compare orders a and b in Vietnamese alphabetical order (see [SortKey]),
// returning -1, 0 or +1 like strings.Compare; it returns 0 only when the
// NFC forms are equal. Go's own string order puts "Đà Nẵng" after "Yên
// Bái" and "ư" after every ASCII letter, which is wrong for Vietnamese
// readers.
func Compare(a, b string) int {
	return bytes.Compare(SortKey(a), SortKey(b))
}

// Less reports whether a sorts before b in Vietnamese alphabetical order;
// it suits sort.Slice and similar APIs that want a less function.
func Less(a, b string) bool {
	return Compare(a, b) < 0
}

// SortStrings sorts ss in place in Vietnamese alphabetical order, computing
// each sort key once rather than twice per comparison.
func SortStrings(ss []string) {
	type keyed struct {
		key []byte
		s   string
	}
	ks := make([]keyed, len(ss))
	for i, s := range ss {
		ks[i] = keyed{SortKey(s), s}
	}
	slices.SortFunc(ks, func(x, y keyed) int { return bytes.Compare(x.key, y.key) })
	for i := range ks {
		ss[i] = ks[i].s
	}
}
