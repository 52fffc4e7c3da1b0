package richtext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// legacyKind names a way Vietnamese text gets garbled on its way into the
// portal: typed in an old 8-bit font encoding, or UTF-8 read as
// Windows-1252, or extracted from a PDF with "ƣ" for "ư".
type legacyKind int

const (
	legacyOi       legacyKind = iota // ƣ for ư (PDF extraction)
	legacyMojibake                   // UTF-8 bytes read as Windows-1252: "Äá»“ng"
	legacyTCVN3                      // TCVN3 (ABC), .VnTime fonts: "§ång", "tØnh"
	legacyVNI                        // VNI-Windows, VNI-Times fonts: "Ñoàng", "Vieät"
	legacyKinds
)

// tcvn3 pairs each character that TCVN3 (ABC) text shows when read as
// Windows-1252 with the Vietnamese letter it stands for (from the charmap in
// shared/corpus/legacy-encodings). "−" stands for "ư" as PDF extraction of
// .VnTime text writes it.
var tcvn3 = buildTCVN3("¢Â£Ê¤Ôµà¸á©â·ãÌèÐéªê×ìÝíßòãó«ôâõïùóúýý¡Ă¨ă§Đ®đÜĩòũ¥Ơ¬ơ¦Ư\u00adư" +
	"¹ạ¶ảÊấÇầÈẩÉẫËậ¾ắ»ằ¼ẳ½ẵÆặÑẹÎẻÏẽÕếÒềÓểÔễÖệØỉÞịäọáỏèốåồæổçỗéộíớêờëởìỡîợ" +
	"ôụñủøứõừöử÷ữùựúỳþỵûỷüỹ−ư")

func buildTCVN3(pairs string) map[rune]rune {
	rs := []rune(pairs)
	m := make(map[rune]rune, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		m[rs[i]] = rs[i+1]
	}
	return m
}

// vni undoes VNI-Windows, where a letter is written as a base letter and a
// following mark byte. Two-character sequences come first so that the
// replacer prefers them to the single-character ones.
var vni = strings.NewReplacer(
	"AØ", "À", "AÙ", "Á", "AÂ", "Â", "AÕ", "Ã", "EØ", "È", "EÙ", "É", "EÂ", "Ê", "OØ", "Ò", "OÙ", "Ó",
	"OÂ", "Ô", "OÕ", "Õ", "UØ", "Ù", "UÙ", "Ú", "YÙ", "Ý", "aø", "à", "aù", "á", "aâ", "â", "aõ", "ã",
	"eø", "è", "eù", "é", "eâ", "ê", "oø", "ò", "où", "ó", "oâ", "ô", "oõ", "õ", "uø", "ù", "uù", "ú",
	"yù", "ý", "AÊ", "Ă", "aê", "ă", "UÕ", "Ũ", "uõ", "ũ", "AÏ", "Ạ", "aï", "ạ", "AÛ", "Ả", "aû", "ả",
	"AÁ", "Ấ", "aá", "ấ", "AÀ", "Ầ", "aà", "ầ", "AÅ", "Ẩ", "aå", "ẩ", "AÃ", "Ẫ", "aã", "ẫ", "AÄ", "Ậ",
	"aä", "ậ", "AÉ", "Ắ", "aé", "ắ", "AÈ", "Ằ", "aè", "ằ", "AÚ", "Ẳ", "aú", "ẳ", "AÜ", "Ẵ", "aü", "ẵ",
	"AË", "Ặ", "aë", "ặ", "EÏ", "Ẹ", "eï", "ẹ", "EÛ", "Ẻ", "eû", "ẻ", "EÕ", "Ẽ", "eõ", "ẽ", "EÁ", "Ế",
	"eá", "ế", "EÀ", "Ề", "eà", "ề", "EÅ", "Ể", "eå", "ể", "EÃ", "Ễ", "eã", "ễ", "EÄ", "Ệ", "eä", "ệ",
	"OÏ", "Ọ", "oï", "ọ", "OÛ", "Ỏ", "oû", "ỏ", "OÁ", "Ố", "oá", "ố", "OÀ", "Ồ", "oà", "ồ", "OÅ", "Ổ",
	"oå", "ổ", "OÃ", "Ỗ", "oã", "ỗ", "OÄ", "Ộ", "oä", "ộ", "ÔÙ", "Ớ", "ôù", "ớ", "ÔØ", "Ờ", "ôø", "ờ",
	"ÔÛ", "Ở", "ôû", "ở", "ÔÕ", "Ỡ", "ôõ", "ỡ", "ÔÏ", "Ợ", "ôï", "ợ", "UÏ", "Ụ", "uï", "ụ", "UÛ", "Ủ",
	"uû", "ủ", "ÖÙ", "Ứ", "öù", "ứ", "ÖØ", "Ừ", "öø", "ừ", "ÖÛ", "Ử", "öû", "ử", "ÖÕ", "Ữ", "öõ", "ữ",
	"ÖÏ", "Ự", "öï", "ự", "YØ", "Ỳ", "yø", "ỳ",
	"Ì", "Ì", "Í", "Í", "ì", "ì", "í", "í", "Ñ", "Đ", "ñ", "đ", "Ó", "Ĩ", "ó", "ĩ", "Ô", "Ơ", "ô", "ơ",
	"Ö", "Ư", "ö", "ư", "Æ", "Ỉ", "æ", "ỉ", "Ò", "Ị", "ò", "ị", "Î", "Ỵ", "î", "ỵ",
)

// syllable matches one toneless, lowercase Vietnamese syllable: an optional
// initial consonant, a vowel cluster and an optional final consonant.
var syllable = regexp.MustCompile(`^(?:b|c|ch|d|đ|g|gh|gi|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)?` +
	// Vowel clusters that may take a final consonant…
	`(?:(?:a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|iê|yê|oa|oă|oe|oo|uâ|uê|uô|uơ|uy|ươ|uyê)(?:c|ch|m|n|ng|nh|p|t)?|` +
	// …and those that already end in a glide and cannot.
	`ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|uya|uyu|ươi|ươu)$`)

// isSyllable reports whether w is a well-formed Vietnamese syllable with at
// most one tone mark.
func isSyllable(w string) bool {
	tones := 0
	bare := strings.Map(func(r rune) rune {
		switch r {
		case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
			tones++
			return -1
		}
		return r
	}, norm.NFD.String(strings.ToLower(w)))
	return tones <= 1 && syllable.MatchString(norm.NFC.String(bare))
}

// legacyHit is one garbled word and what it was garbled by.
type legacyHit struct {
	kind legacyKind
	word string
	// strong is set when one such word is evidence enough; weak hits (made
	// of Vietnamese letters only, like "Neáng", or "µm" that is really
	// micrometres) count only when there are several different ones.
	strong bool
}

// findLegacy returns the garbled words in text. Normal Vietnamese Unicode
// text yields none: a word is suspect only if it contains a Latin-1
// character, is not itself a Vietnamese syllable, and becomes one when
// decoded as TCVN3 or VNI; mojibake is recognised by byte patterns that
// UTF-8 read as Windows-1252 leaves and real words never contain.
func findLegacy(text string) []legacyHit {
	var hits []legacyHit
	for _, w := range tokens(text) {
		if h, ok := classify(w); ok && (h.kind <= legacyMojibake || utf8.RuneCountInString(w) > 1) {
			hits = append(hits, h)
		}
	}
	return keepEvidence(hits)
}

// minWeak is how many different weakly garbled words make a finding.
const minWeak = 3

// keepEvidence drops weak hits unless there are strong ones or at least
// minWeak different words, so a stray "µm" or typo is not called TCVN3. Some VNI words
// also decode as TCVN3 ("teá"), so when both appear the rarer is dropped.
func keepEvidence(hits []legacyHit) []legacyHit {
	distinct := map[string]bool{}
	strong := false
	var count [legacyKinds]int
	for _, h := range hits {
		strong = strong || h.strong
		distinct[h.word] = true
		count[h.kind]++
	}
	if !strong && len(distinct) < minWeak {
		return nil
	}
	drop := legacyKinds
	switch {
	case count[legacyTCVN3] > count[legacyVNI]:
		drop = legacyVNI
	case count[legacyVNI] > count[legacyTCVN3]:
		drop = legacyTCVN3
	}
	out := hits[:0]
	for _, h := range hits {
		if h.kind != drop {
			out = append(out, h)
		}
	}
	return out
}

// classify decides whether the word w is garbage and of which kind.
func classify(w string) (legacyHit, bool) {
	if strings.ContainsAny(w, "\u01a3\u01a2") {
		return legacyHit{legacyOi, w, true}, true
	}
	if !hasLatin1(w) {
		return legacyHit{}, false
	}
	if strong, ok := mojibake(w); ok {
		return legacyHit{legacyMojibake, w, strong}, true
	}
	if !eightBit(w) || isSyllable(w) {
		return legacyHit{}, false
	}
	if d := decodeTCVN3(w); d != w && isSyllable(d) {
		return legacyHit{legacyTCVN3, w, foreign(w)}, true
	}
	if d := vni.Replace(w); d != w && isSyllable(d) {
		return legacyHit{legacyVNI, w, foreign(w)}, true
	}
	return legacyHit{}, false
}

// decodeTCVN3 maps each TCVN3 character of w to its Vietnamese letter.
func decodeTCVN3(w string) string {
	return strings.Map(func(r rune) rune {
		if v, ok := tcvn3[r]; ok {
			return v
		}
		return r
	}, w)
}

// tokens splits text into candidate words: runs of letters, marks and the
// Latin-1 and Windows-1252 symbols that legacy encodings turn letters
// into, with general punctuation (quotes, dashes) trimmed from the ends.
func tokens(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) })
	out := words[:0]
	for _, w := range words {
		w = strings.TrimFunc(w, isGeneralPunct)
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r) ||
		(r >= 0x80 && r <= 0xff && r != 0xa0) || r == '−' || cp1252Special(r)
}

func isGeneralPunct(r rune) bool { return r >= 0x2000 && r <= 0x206f }

func hasLatin1(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return r >= 0x80 && r <= 0xff || r == '−' }) >= 0
}

// eightBit reports whether w could be 8-bit legacy text read as
// Windows-1252: such text has no letters beyond that code page, so a word
// with "ư" or "ộ" in it is a Unicode word, typo or not ("Trưòng").
func eightBit(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool { return r > 0xff && r != '−' && !cp1252Special(r) }) < 0
}

// alphabet is every letter of Vietnamese beyond ASCII, and µ, which
// Unicode text uses for micrometres ("µm").
const alphabet = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ" +
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴµ"

// foreign reports whether w has a character outside the Vietnamese
// alphabet ("§", "¬", "Ø", "ä"): legacy garbage has them, while a word of
// Vietnamese letters in a strange order ("Neáng", a Khmer name, or the
// typo "vaà") is more likely right than garbled.
func foreign(w string) bool {
	return strings.IndexFunc(w, func(r rune) bool {
		return r >= 0x80 && !strings.ContainsRune(alphabet, r)
	}) >= 0
}
