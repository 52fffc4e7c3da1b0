package vn

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// VIQR (RFC 1456) writes Vietnamese in ASCII: a vowel, then an optional
// vowel mark — "(" breve, "^" circumflex, "+" horn — then an optional tone
// — "'" sắc, "`" huyền, "?" hỏi, "~" ngã, "." nặng; "dd" is đ. A
// backslash before a mnemonic character keeps it literal ("nhau\." is
// "nhau." and not "nhaụ").

// viqrTones maps each VIQR tone character to its combining mark.
var viqrTones = map[rune]string{'\'': markAcute, '`': markGrave, '?': markHook, '~': markTilde, '.': markDot}

// viqrEscapable are the characters a backslash makes literal.
const viqrEscapable = "'`?~.^(+\\dD"

func isVIQRVowel(r rune) bool { return strings.ContainsRune("aeiouyAEIOUY", r) }

// viqrMark returns the combining mark that m writes on vowel v, or "".
func viqrMark(v, m rune) string {
	switch lv := v | 0x20; {
	case m == '(' && lv == 'a':
		return markBreve
	case m == '^' && (lv == 'a' || lv == 'e' || lv == 'o'):
		return markCirc
	case m == '+' && (lv == 'o' || lv == 'u'):
		return markHorn
	}
	return ""
}

// decodeVIQR converts VIQR mnemonics to combining marks (not yet NFC).
func decodeVIQR(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == '\\' && i+1 < len(rs) && strings.ContainsRune(viqrEscapable, rs[i+1]):
			i++
			b.WriteRune(rs[i])
		case (c == 'd' || c == 'D') && i+1 < len(rs) && (rs[i+1] == 'd' || rs[i+1] == 'D'):
			i++
			b.WriteRune(map[bool]rune{true: 'Đ', false: 'đ'}[c == 'D'])
		case isVIQRVowel(c):
			b.WriteRune(c)
			if i+1 < len(rs) {
				if m := viqrMark(c, rs[i+1]); m != "" {
					b.WriteString(m)
					i++
				}
			}
			if i+1 < len(rs) {
				if t, ok := viqrTones[rs[i+1]]; ok {
					b.WriteString(t)
					i++
				}
			}
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// viqrChunk is the VIQR spelling of one character, and for a vowel what
// the decoder could still attach to it.
type viqrChunk struct {
	text          string
	vowel         rune // base vowel, or 0
	marked, toned bool
}

// consumes reports whether the decoder would attach c to chunk k.
func (k viqrChunk) consumes(c rune) bool {
	if k.vowel == 0 || k.toned {
		return false
	}
	if _, ok := viqrTones[c]; ok {
		return true
	}
	return !k.marked && viqrMark(k.vowel, c) != ""
}

// encodeVIQR writes NFC text s in VIQR; it never fails, since characters
// outside Vietnamese pass through as they are.
func encodeVIQR(s string) ([]byte, error) {
	var chunks []viqrChunk
	for _, r := range s {
		chunks = append(chunks, viqrSpell(r))
	}
	var b strings.Builder
	for i, k := range chunks {
		var next rune
		if i+1 < len(chunks) {
			next = []rune(chunks[i+1].text)[0]
		}
		switch {
		case i > 0 && chunks[i-1].consumes([]rune(k.text)[0]):
			b.WriteByte('\\')
		case (k.text == "d" || k.text == "D") && (next == 'd' || next == 'D'):
			b.WriteByte('\\')
		case k.text == "\\" && next != 0 && strings.ContainsRune(viqrEscapable, next):
			b.WriteByte('\\')
		}
		b.WriteString(k.text)
	}
	return []byte(b.String()), nil
}

// viqrSpell spells one character in VIQR: base vowel, vowel mark, tone.
func viqrSpell(r rune) viqrChunk {
	switch r {
	case 'đ':
		return viqrChunk{text: "dd"}
	case 'Đ':
		return viqrChunk{text: "DD"}
	}
	d := []rune(norm.NFD.String(string(r)))
	if !isVIQRVowel(d[0]) {
		return viqrChunk{text: string(r)}
	}
	k := viqrChunk{vowel: d[0]}
	var mark, tone string
	for _, m := range d[1:] {
		if c := viqrMarkChar(d[0], string(m)); c != 0 && mark == "" {
			mark = string(c)
		} else if c := viqrToneChar(string(m)); c != 0 && tone == "" {
			tone = string(c)
		} else {
			return viqrChunk{text: string(r)}
		}
	}
	k.text = string(d[0]) + mark + tone
	k.marked, k.toned = mark != "", tone != ""
	return k
}

// viqrMarkChar is the VIQR character for combining mark m on vowel v, or 0.
func viqrMarkChar(v rune, m string) rune {
	for _, c := range "(^+" {
		if viqrMark(v, c) == m {
			return c
		}
	}
	return 0
}

// viqrToneChar is the VIQR character for a combining tone mark, or 0.
func viqrToneChar(m string) byte {
	for c, t := range viqrTones {
		if t == m {
			return byte(c)
		}
	}
	return 0
}
