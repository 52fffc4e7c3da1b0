package vn

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Threshold is the confidence below which [ToUnicode] and
// [FixMisdecoded] leave text as it is. A legacy reading's confidence is
// share × evidence × margin, where share is the part of its non-ASCII
// words that are valid syllables ([IsSyllable]) among those words and
// stray symbols, evidence is 1 − 0.6ⁿ for n such words and symbols, and
// margin is 1 − ½e^(−d), where d is how many more good-minus-bad words the
// reading has than the closest reading that gives a different text. So three clean words (0.78) are enough and two (0.64) barely are,
// while one word or a reading that is right only three times in four
// is not; a file in one legacy encoding scores 0.9–1.
const Threshold = 0.6

// legacyOrder lists the byte encodings tried on text that is not UTF-8;
// on a tie (TCVN3 and VN1 agree on lower-case text) the first wins.
var legacyOrder = []Encoding{TCVN3, TCVN5712, VNI, VISCII, CP1258, Unicode}

// tally counts the evidence in a decoded text.
type tally struct{ good, bad int }

func (t tally) n() int { return t.good + t.bad }

func (t tally) net() int { return t.good - t.bad }

func (t tally) share() float64 {
	if t.n() == 0 {
		return 0
	}
	return float64(t.good) / float64(t.n())
}

// evidence grows from 0 towards 1 with the number of words judged.
func evidence(n int) float64 { return 1 - math.Pow(0.6, float64(n)) }

// okSymbols are non-ASCII non-letters that real Vietnamese text contains.
const okSymbols = "\u00a0“”‘’–—…•«»°·€™©®₫§"

// score judges NFC text: every word with a non-ASCII letter counts good
// if it is a Vietnamese syllable, and every other non-ASCII character,
// U+FFFD and control character outside a word counts bad.
func score(s string) tally {
	var t tally
	start, nonASCII := -1, false
	end := func(i int) {
		if start >= 0 && nonASCII {
			if IsSyllable(s[start:i]) {
				t.good++
			} else {
				t.bad++
			}
		}
		start, nonASCII = -1, false
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.Is(unicode.M, r) {
			if start < 0 {
				start = i
			}
			nonASCII = nonASCII || r >= utf8.RuneSelf
			continue
		}
		end(i)
		if r >= utf8.RuneSelf && !strings.ContainsRune(okSymbols, r) && !unicode.IsSpace(r) ||
			r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			t.bad++
		}
	}
	end(len(s))
	return t
}

// candidate is one reading of the input.
type candidate struct {
	enc  Encoding
	text string
	t    tally
	conf float64
}

// Detect guesses how b encodes Vietnamese text and how sure it is, from 0
// to 1. Valid UTF-8 is Unicode — with confidence 1 when it has non-ASCII
// characters — unless it is pure ASCII that reads much better as VIQR.
// Other bytes are decoded in every legacy encoding and each reading is
// scored by the share of its words that are Vietnamese syllables (see
// [Threshold] for the formula); ties go to TCVN3, the most common.
func Detect(b []byte) (Encoding, float64) {
	c := detect(b)
	return c.enc, c.conf
}

func detect(b []byte) candidate {
	if utf8.Valid(b) {
		s := string(b)
		v := viqrCandidate(s)
		if v.conf >= Threshold {
			return v
		}
		if strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
			return candidate{enc: Unicode, conf: 1}
		}
		return candidate{enc: Unicode, conf: 1 - v.conf}
	}
	cands := make([]candidate, 0, len(legacyOrder))
	best := -1
	for _, enc := range legacyOrder {
		raw, _ := decodeRaw(enc, b)
		c := candidate{enc: enc, text: norm.NFC.String(raw)}
		c.t = score(c.text)
		cands = append(cands, c)
		if best < 0 || better(c.t, cands[best].t) {
			best = len(cands) - 1
		}
	}
	c := cands[best]
	d := c.t.net()
	for _, o := range cands {
		if o.text != c.text {
			d = min(d, c.t.net()-o.t.net())
		}
	}
	c.conf = c.t.share() * evidence(c.t.n()) * (1 - 0.5*math.Exp(-float64(max(d, 0))))
	return c
}

// better reports whether tally a beats b: more good words net of bad
// ones, then a higher share.
func better(a, b tally) bool {
	if a.net() != b.net() {
		return a.net() > b.net()
	}
	return a.share() > b.share()
}

// viqrCandidate scores ASCII text as VIQR. Only words that VIQR decoding
// changes count, and a "." or "?" at the end of a word is ignored, being
// far more often sentence punctuation than a tone; each distinct word
// counts once, so a repeated "I'm" is not evidence.
func viqrCandidate(s string) candidate {
	c := candidate{enc: VIQR}
	if strings.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.Is(unicode.M, r)) }) >= 0 {
		return c // has real Vietnamese letters, so it is not VIQR
	}
	seen := map[string]bool{}
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(w, ".?!,;:)\"]")
		w = strings.TrimLeft(w, "(\"[")
		if seen[w] {
			continue
		}
		seen[w] = true
		d := norm.NFC.String(decodeVIQR(w))
		if d == w {
			continue
		}
		if t := score(d); t.bad == 0 && t.good > 0 {
			c.t.good++
		} else {
			c.t.bad++
		}
	}
	c.conf = c.t.share() * evidence(c.t.n())
	return c
}

// ToUnicode converts text of unknown encoding to UTF-8 NFC: it detects
// the encoding ([Detect]), decodes it ([Decode]) and reports what it found
// and how sure it was. Valid UTF-8 is always normalised (NFC, ƣ repaired),
// which leaves proper Unicode text byte for byte as it was; if it is
// instead legacy text that was read as Windows-1252 on the way in
// ("Ch−¬ng"), it is repaired as [FixMisdecoded] does. Anything else whose
// confidence is below [Threshold] comes back untouched, as string(b),
// which may then not be valid UTF-8.
func ToUnicode(b []byte) (text string, enc Encoding, confidence float64) {
	c := detect(b)
	if c.enc == Unicode && utf8.Valid(b) {
		if fixed, e, conf := FixMisdecoded(string(b)); e != Unicode {
			return fixed, e, conf
		}
		text, _ = Decode(Unicode, b)
		return text, Unicode, c.conf
	}
	if c.conf < Threshold {
		return string(b), c.enc, c.conf
	}
	text, _ = Decode(c.enc, b)
	return text, c.enc, c.conf
}

// FixMisdecoded repairs legacy text that has already been turned into
// Unicode by reading its bytes as Windows-1252 — what happens to text
// pasted from a Word file set in a .VnTime or VNI font ("Ch−¬ng",
// "§ång Nai", "Vieät Nam") or to UTF-8 read as Windows-1252 ("Äá»“ng").
// It maps s back to those bytes and decodes them as [ToUnicode] would,
// returning the repaired text, the encoding found and the confidence. It
// returns s unchanged, with Unicode and the confidence that s is proper
// text, when s has characters Windows-1252 cannot hold (so it was never
// 8-bit text), when the repair is not confident, or when s reads as
// Vietnamese at least as well as the repair does.
func FixMisdecoded(s string) (string, Encoding, float64) {
	b, ok := toCP1252(s)
	if !ok {
		return s, Unicode, 1
	}
	var c candidate
	if utf8.Valid(b) {
		c = candidate{enc: Unicode, text: norm.NFC.String(string(b))}
		c.t = score(c.text)
		c.conf = c.t.share() * evidence(c.t.n())
	} else {
		c = detect(b)
	}
	own := score(norm.NFC.String(s))
	if c.conf < Threshold || c.t.share() <= own.share() || c.text == s {
		return s, Unicode, 1 - c.conf
	}
	text, _ := Decode(c.enc, b)
	return text, c.enc, c.conf
}

// toCP1252 maps s back to the Windows-1252 bytes it was read from; "−"
// (U+2212), which PDF extraction writes for the soft hyphen that is ư in
// TCVN3, becomes 0xAD.
func toCP1252(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r == '−':
			out = append(out, 0xad)
		default:
			c, ok := cp1252Bytes[r]
			if !ok {
				return nil, false
			}
			out = append(out, c)
		}
	}
	return out, true
}

// cp1252Bytes inverts cp1252High, for toCP1252.
var cp1252Bytes = func() map[rune]byte {
	m := make(map[rune]byte, 128)
	for i, r := range cp1252High {
		m[r] = byte(0x80 + i)
	}
	return m
}()

// Redecode reads s as the Windows-1252 characters of text in enc and
// decodes it: once a whole document is known to be, say, TCVN3 pasted as
// if it were Unicode, each of its pieces (the text nodes of an article)
// is repaired the same way, however short. It reports false, and returns
// s, when s cannot have come from enc that way.
func Redecode(s string, enc Encoding) (string, bool) {
	b, ok := toCP1252(s)
	if !ok {
		return s, false
	}
	if enc == Unicode { // UTF-8 that was read as Windows-1252
		if !utf8.Valid(b) {
			return s, false
		}
		return norm.NFC.String(string(b)), true
	}
	text, err := Decode(enc, b)
	if err != nil {
		return s, false
	}
	return text, true
}
