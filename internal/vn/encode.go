package vn

import (
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// Encode writes the NFC form of s in enc, the inverse of [Decode]: for
// every s made of characters enc can write, Decode(enc, Encode(enc, s))
// returns NFC(s). Windows-1258 writes toned letters it lacks as base
// letter + tone mark, as Windows and glibc do; VIQR escapes literal
// mnemonic characters with a backslash (RFC 1456). A character enc cannot
// write yields an *EncodeError. Encoders exist so that tests can check
// the decoders and so that text can be handed back to legacy tools.
func Encode(enc Encoding, s string) ([]byte, error) {
	s = norm.NFC.String(s)
	switch enc {
	case Unicode:
		return []byte(s), nil
	case VIQR:
		return encodeVIQR(s)
	case TCVN3, VNI, VISCII, TCVN5712, CP1258:
	default:
		return nil, fmt.Errorf("%w %d", ErrUnknownEncoding, int(enc))
	}
	rev := reverseTable(enc)
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if b, ok := rev[r]; ok {
			out = append(out, b...)
			continue
		}
		if r < 0x80 && !(enc == VISCII && visciiC0[byte(r)] != 0) &&
			!(enc == TCVN5712 && tcvn5712C0[byte(r)] != 0) {
			out = append(out, byte(r))
			continue
		}
		if b, ok := splitTone(rev, r); ok {
			out = append(out, b...)
			continue
		}
		return nil, &EncodeError{enc, r}
	}
	return out, nil
}

// splitTone writes r as its toneless letter plus a combining tone byte,
// for encodings (Windows-1258) that have the tone marks as characters.
func splitTone(rev map[rune][]byte, r rune) ([]byte, bool) {
	d := norm.NFD.String(string(r))
	for _, tone := range []string{markGrave, markAcute, markHook, markTilde, markDot} {
		if !strings.Contains(d, tone) {
			continue
		}
		base := []rune(norm.NFC.String(strings.Replace(d, tone, "", 1)))
		if len(base) != 1 {
			return nil, false
		}
		tb, ok1 := rev[[]rune(tone)[0]]
		bb, ok2 := rev[base[0]]
		if !ok2 && base[0] < 0x80 {
			bb, ok2 = []byte{byte(base[0])}, true
		}
		if ok1 && ok2 {
			return append(append([]byte{}, bb...), tb...), true
		}
	}
	return nil, false
}

var (
	reverseOnce   sync.Once
	reverseTables [numEncodings]map[rune][]byte
)

// reverseTable maps each character enc can write to its bytes.
func reverseTable(enc Encoding) map[rune][]byte {
	reverseOnce.Do(buildReverseTables)
	return reverseTables[enc]
}

func buildReverseTables() {
	for _, enc := range []Encoding{TCVN5712, VISCII, CP1258} {
		m := map[rune][]byte{}
		for c := 0; c < 256; c++ {
			r := singleRune(enc, byte(c))
			if c >= 0x80 || r != rune(c) {
				if _, dup := m[r]; !dup && r != '\ufffd' {
					m[r] = []byte{byte(c)}
				}
			}
		}
		reverseTables[enc] = m
	}
	delete(reverseTables[TCVN5712], '\u0300') // VN1 has all letters precomposed
	t3 := map[rune][]byte{}
	for c := 0x80; c < 0xa1; c++ {
		t3[singleRune(TCVN3, byte(c))] = []byte{byte(c)}
	}
	for _, r := range tcvn3Letters {
		t3[r] = reverseTables[TCVN5712][r]
	}
	reverseTables[TCVN3] = t3
	reverseTables[VNI] = buildVNIReverse()
}

// buildVNIReverse enumerates the VNI letters: the single-byte letters,
// then every vowel with every mark byte of its own case, then the
// Windows-1252 characters of the remaining bytes.
func buildVNIReverse() map[rune][]byte {
	m := map[rune][]byte{}
	for c, r := range vniSingle {
		m[r] = []byte{c}
	}
	add := func(base []byte, marks string) {
		for i := 0; i < len(marks); i++ {
			b := append(append([]byte{}, base...), marks[i])
			rs := []rune(norm.NFC.String(decodeVNI(b)))
			if _, ok := m[rs[0]]; !ok && len(rs) == 1 {
				m[rs[0]] = b
			}
		}
	}
	for _, c := range []byte("aeouy\xf4\xf6") {
		add([]byte{c}, vniLowMarks)
	}
	for _, c := range []byte("AEOUY\xd4\xd6") {
		add([]byte{c}, vniUpMarks)
	}
	for c := 0x80; c < 0x100; c++ {
		r := cp1252High[c-0x80]
		if _, ok := m[r]; !ok && vniMarkIndex(byte(c)) < 0 && vniSingle[byte(c)] == 0 {
			m[r] = []byte{byte(c)}
		}
	}
	return m
}
