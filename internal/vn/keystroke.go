package vn

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Keystrokes reads a word typed with the keys of Telex or VNI but without
// the input method that turns them into letters — what a search box gets
// from a reader whose keyboard tool was off: "giaos" is "giáo", "ducj"
// "dục", "dduwowngf" "đường" (Telex); "gia1o" is "giáo", "d9u7o7ng2"
// "đường" (VNI). It answers the word with its marks and true only when w
// as typed is not a Vietnamese syllable and its reading is one, so that
// a word typed plainly ("giao", "duc") or a name ("covid", "u23") is left
// alone (but for "oo", see below). Whether the reading is meant is for the caller to judge: "taxi"
// reads as "tãi" in Telex; a search weighs how common each form is.
func Keystrokes(w string) (string, bool) {
	w = strings.ToLower(w)
	// "oo" makes a syllable only of a few loan words (xoong, boong), and
	// is how Telex types ô: "coong" is "công".
	if w == "" || len(w) > 16 || IsSyllable(w) && !strings.Contains(w, "oo") {
		return "", false
	}
	var out string
	var ok bool
	if strings.ContainsAny(w, "0123456789") {
		out, ok = vni(w)
	} else {
		out, ok = telex(w)
	}
	if !ok || !IsSyllable(out) {
		return "", false
	}
	return out, true
}

// The tones as combining marks, by the Telex letter and the VNI digit
// that type them.
var (
	telexTones = map[byte]string{'s': markAcute, 'f': markGrave, 'r': markHook, 'x': markTilde, 'j': markDot}
	vniTones   = map[byte]string{'1': markAcute, '2': markGrave, '3': markHook, '4': markTilde, '5': markDot}
)

func isBareVowel(r rune) bool { return strings.ContainsRune("aăâeêioôơuưy", r) }

// telex reads a word of ASCII letters as Telex keys: aa â, aw ă, ee ê,
// oo ô, ow ơ, uw ư, uow ươ, w alone ư, dd đ, and one tone letter (s f r x
// j) after the first vowel. A w may come after the consonant that ends
// the syllable ("truongw"), as the input methods allow.
func telex(w string) (string, bool) {
	var base []rune
	tone := ""
	changed := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return "", false
		}
		n := len(base)
		switch {
		case c == 'd' && n == 1 && base[0] == 'd':
			base[0], changed = 'đ', true
		case (c == 'a' || c == 'e' || c == 'o') && n > 0 && base[n-1] == rune(c):
			base[n-1], changed = map[byte]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}[c], true
		case c == 'w':
			if !hornOrBreve(base) {
				base = append(base, 'ư') // "w" alone is ư: "tw" → "tư"
			}
			changed = true
		case telexTones[c] != "" && tone == "" && hasVowel(base):
			tone, changed = telexTones[c], true
		default:
			base = append(base, rune(c))
		}
	}
	if !changed {
		return "", false
	}
	return withTone(base, tone)
}

// hornOrBreve applies a Telex w to the vowels of base: uo → ươ, o → ơ,
// u → ư, a → ă, on the last vowel run. It reports whether there was one.
func hornOrBreve(base []rune) bool {
	end := len(base)
	for end > 0 && !isBareVowel(base[end-1]) {
		end--
	}
	for i := end - 1; i >= 0 && isBareVowel(base[i]); i-- {
		switch base[i] {
		case 'o':
			base[i] = 'ơ'
			if i > 0 && base[i-1] == 'u' {
				base[i-1] = 'ư'
			}
			return true
		case 'u':
			base[i] = 'ư'
			return true
		case 'a':
			base[i] = 'ă'
			return true
		}
	}
	return false
}

// vni reads a word of letters and digits as VNI keys: 6 puts a circumflex
// on a, e or o, 7 a horn on o or u (uo → ươ), 8 a breve on a, 9 makes d
// đ, and 1–5 are the tones. Each digit applies to the vowel it follows
// or, typed at the end, to the syllable's; a digit that has nothing to
// apply to makes the word something else (a name, a code: "u23", "f1").
func vni(w string) (string, bool) {
	var base []rune
	tone := ""
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			base = append(base, rune(c))
		case vniTones[c] != "":
			if tone != "" || !hasVowel(base) {
				return "", false
			}
			tone = vniTones[c]
		case c == '6':
			if !mark(base, map[rune]rune{'a': 'â', 'e': 'ê', 'o': 'ô'}) {
				return "", false
			}
		case c == '7':
			if !hornOrBreve(base) || strings.ContainsRune(string(base), 'ă') {
				return "", false
			}
		case c == '8':
			if !mark(base, map[rune]rune{'a': 'ă'}) {
				return "", false
			}
		case c == '9':
			if len(base) == 0 || base[0] != 'd' {
				return "", false
			}
			base[0] = 'đ'
		default:
			return "", false
		}
	}
	return withTone(base, tone)
}

// mark replaces the last vowel of base found in m with its marked form.
func mark(base []rune, m map[rune]rune) bool {
	for i := len(base) - 1; i >= 0; i-- {
		if r, ok := m[base[i]]; ok {
			base[i] = r
			return true
		}
	}
	return false
}

func hasVowel(base []rune) bool {
	for _, r := range base {
		if isBareVowel(r) {
			return true
		}
	}
	return false
}

// withTone puts tone (a combining mark, or "" for none) on the vowel of
// base that carries it, and returns the syllable in NFC.
func withTone(base []rune, tone string) (string, bool) {
	if !hasVowel(base) {
		return "", false
	}
	if tone == "" {
		return norm.NFC.String(string(base)), true
	}
	i := toneVowel(base)
	s := string(base[:i+1]) + tone + string(base[i+1:])
	return norm.NFC.String(s), true
}

// toneVowel is the index of the vowel that takes the tone: a vowel with a
// mark of its own (the second of ươ); else, in a closed syllable, the
// last vowel; else the middle one of three or the first of two ("hòa",
// "thủy", "mùa", "ngoái"). The u of qu and the i of gi before another
// vowel belong to the consonant.
func toneVowel(base []rune) int {
	start := 0
	for start < len(base) && !isBareVowel(base[start]) {
		start++
	}
	if start > 0 && start+1 < len(base) && isBareVowel(base[start+1]) &&
		(base[start-1] == 'q' && base[start] == 'u' || base[start-1] == 'g' && base[start] == 'i') {
		start++
	}
	end := start
	for end < len(base) && isBareVowel(base[end]) {
		end++
	}
	marked := -1
	for i := start; i < end; i++ {
		if strings.ContainsRune("ăâêôơư", base[i]) {
			marked = i
		}
	}
	switch {
	case marked >= 0:
		return marked
	case end < len(base):
		return end - 1
	case end-start == 3:
		return start + 1
	}
	return start
}
