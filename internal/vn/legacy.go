package vn

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Encoding is a way Vietnamese text is stored as bytes. The zero value is
// Unicode (UTF-8), the only encoding the portal stores; the others are the
// legacy encodings that documents and pasted text still arrive in.
type Encoding int

// The encodings [Decode], [Encode] and [Detect] know.
const (
	Unicode  Encoding = iota // UTF-8, possibly decomposed (NFD) or with the ƣ artefact
	TCVN3                    // TCVN3 (ABC), the .VnTime fonts: one byte per letter
	VNI                      // VNI-Windows: base letter + mark byte, read as Windows-1252
	VISCII                   // VISCII (RFC 1456)
	TCVN5712                 // TCVN 5712:1993 VN1, with upper-case letters in C0 bytes
	CP1258                   // Windows-1258: base letters + combining tone marks
	VIQR                     // VIQR (RFC 1456): ASCII mnemonics such as "Vie^.t"
	numEncodings
)

var encodingNames = [numEncodings]struct{ name, label string }{
	Unicode:  {"unicode", "Unicode (UTF-8)"},
	TCVN3:    {"tcvn3", "TCVN3 (ABC)"},
	VNI:      {"vni", "VNI-Windows"},
	VISCII:   {"viscii", "VISCII"},
	TCVN5712: {"tcvn5712", "TCVN 5712:1993 (VN1)"},
	CP1258:   {"cp1258", "Windows-1258"},
	VIQR:     {"viqr", "VIQR"},
}

// encodingAliases are the other names [ParseEncoding] accepts.
var encodingAliases = map[string]Encoding{
	"utf-8": Unicode, "utf8": Unicode, "abc": TCVN3, "tcvn3-abc": TCVN3, "vni-windows": VNI,
	"vn1": TCVN5712, "tcvn5712-1": TCVN5712, "tcvn": TCVN5712, "windows-1258": CP1258,
}

// String returns the encoding's name for people, e.g. "TCVN3 (ABC)".
func (e Encoding) String() string {
	if e < 0 || e >= numEncodings {
		return fmt.Sprintf("Encoding(%d)", int(e))
	}
	return encodingNames[e].label
}

// Name returns the encoding's short name, e.g. "tcvn3", as [ParseEncoding]
// and the command line accept it.
func (e Encoding) Name() string {
	if e < 0 || e >= numEncodings {
		return e.String()
	}
	return encodingNames[e].name
}

// Encodings lists every encoding, Unicode first.
func Encodings() []Encoding {
	out := make([]Encoding, numEncodings)
	for i := range out {
		out[i] = Encoding(i)
	}
	return out
}

// ErrUnknownEncoding is returned for an Encoding or name vn does not know.
var ErrUnknownEncoding = errors.New("vn: unknown encoding")

// ParseEncoding returns the encoding a short name (see [Encoding.Name]) or
// a common alias ("utf-8", "abc", "vni-windows", "vn1", "windows-1258")
// stands for, ignoring case.
func ParseEncoding(name string) (Encoding, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	for i, n := range encodingNames {
		if n.name == name {
			return Encoding(i), nil
		}
	}
	if e, ok := encodingAliases[name]; ok {
		return e, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownEncoding, name)
}

// DecodeError reports input that the encoding does not define: invalid
// UTF-8, or a Windows-1258 byte with no character. Decode still returns
// the text, with U+FFFD in those places.
type DecodeError struct {
	Enc    Encoding
	Offset int // of the first bad byte
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("vn: byte %d is not valid %s", e.Offset, e.Enc)
}

// EncodeError reports a character the target encoding cannot write.
type EncodeError struct {
	Enc  Encoding
	Rune rune
}

func (e *EncodeError) Error() string {
	return fmt.Sprintf("vn: %s cannot encode %q (%U)", e.Enc, e.Rune, e.Rune)
}

// Decode converts b from enc to UTF-8 text in NFC, with the ƣ artefact
// repaired (see [Repair]); for Unicode it also drops a leading byte-order
// mark. Control characters are kept: removing them is [Clean]'s job. Bytes
// the encoding does not define become U+FFFD and are reported by a
// *DecodeError next to the text. VIQR is decoded whether or not the text
// looks like VIQR; use [Detect] or [ToUnicode] to decide that.
func Decode(enc Encoding, b []byte) (string, error) {
	if enc < 0 || enc >= numEncodings {
		return "", fmt.Errorf("%w %d", ErrUnknownEncoding, int(enc))
	}
	s, bad := decodeRaw(enc, b)
	var err error
	if bad >= 0 {
		err = &DecodeError{enc, bad}
	}
	return normalize(s), err
}

// normalize repairs the ƣ artefact and returns the NFC form of valid
// UTF-8 s, keeping control characters.
func normalize(s string) string {
	if strings.Contains(s, oiSmall) || strings.Contains(s, oiCap) {
		s = oiReplacer.Replace(s)
	}
	return norm.NFC.String(s)
}

// decodeRaw decodes b without normalising, returning the offset of the
// first undefined byte or -1. Unknown encodings yield "".
func decodeRaw(enc Encoding, b []byte) (string, int) {
	switch enc {
	case Unicode:
		s := strings.TrimPrefix(string(b), "\ufeff")
		if !utf8.ValidString(s) {
			return strings.ToValidUTF8(s, "\ufffd"), firstInvalid(b)
		}
		return s, -1
	case VIQR:
		return decodeVIQR(strings.ToValidUTF8(string(b), "\ufffd")), firstInvalid(b)
	case VNI:
		return decodeVNI(b), -1
	case TCVN3, TCVN5712, VISCII, CP1258:
		return decodeSingle(enc, b)
	}
	return "", -1
}

// firstInvalid returns the offset of the first invalid UTF-8 byte, or -1.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// decodeSingle decodes the one-byte-per-character encodings.
func decodeSingle(enc Encoding, b []byte) (string, int) {
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	bad := -1
	for i, c := range b {
		r := singleRune(enc, c)
		if r == utf8.RuneError && bad < 0 {
			bad = i
		}
		sb.WriteRune(r)
	}
	return sb.String(), bad
}

// singleRune is the character byte c stands for in a one-byte encoding.
func singleRune(enc Encoding, c byte) rune {
	switch enc {
	case TCVN3:
		if c >= 0xa0 {
			return tcvn5712High[c-0x80]
		}
		if c >= 0x80 {
			return cp1252High[c-0x80]
		}
	case TCVN5712:
		if c >= 0x80 {
			return tcvn5712High[c-0x80]
		}
		if r, ok := tcvn5712C0[c]; ok {
			return r
		}
	case VISCII:
		if c >= 0x80 {
			return visciiHigh[c-0x80]
		}
		if r, ok := visciiC0[c]; ok {
			return r
		}
	case CP1258:
		if c >= 0x80 {
			return cp1258High[c-0x80]
		}
	}
	return rune(c)
}

// decodeVNI decodes VNI-Windows: mark bytes after a letter become
// combining marks (NFC later composes them), other bytes are the VNI
// single-byte letters or Windows-1252.
func decodeVNI(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	prevLetter := false
	for _, c := range b {
		if c < 0x80 {
			sb.WriteByte(c)
			prevLetter = 'a' <= c|0x20 && c|0x20 <= 'z'
			continue
		}
		if r, ok := vniSingle[c]; ok {
			sb.WriteRune(r)
			prevLetter = true
			continue
		}
		if i := vniMarkIndex(c); i >= 0 && prevLetter {
			sb.WriteString(vniMarkSeqs[i])
			continue // a second mark byte may follow a base only in junk
		}
		sb.WriteRune(cp1252High[c-0x80])
		prevLetter = false
	}
	return sb.String()
}

// vniMarkIndex returns c's index in vniMarkSeqs, or -1.
func vniMarkIndex(c byte) int {
	if i := strings.IndexByte(vniLowMarks, c); i >= 0 {
		return i
	}
	return strings.IndexByte(vniUpMarks, c)
}
