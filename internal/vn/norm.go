package vn

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Letters that PDF text extraction writes instead of ư and Ư.
const (
	oiSmall = "\u01a3" // ƣ LATIN SMALL LETTER OI
	oiCap   = "\u01a2" // Ƣ LATIN CAPITAL LETTER OI
)

var oiReplacer = strings.NewReplacer(oiSmall, "ư", oiCap, "Ư")

// NFC returns s in Unicode Normalization Form C, with invalid UTF-8 bytes
// replaced by U+FFFD and C0 control characters other than tab, newline and
// carriage return removed. Vietnamese arrives both precomposed and
// decomposed (macOS, some IMEs); without one canonical form equal words
// would compare, index and hash differently. Input that is already clean
// is returned without allocating.
func NFC(s string) string {
	ascii, dirty := scan(s)
	if dirty {
		return norm.NFC.String(sanitize(s))
	}
	if ascii || isNFC(s) {
		return s
	}
	return norm.NFC.String(s)
}

// isNFC reports whether s is in NFC. QuickSpanString answers most text
// without allocating; IsNormalString settles the rare "maybe" cases.
func isNFC(s string) bool {
	return norm.NFC.QuickSpanString(s) == len(s) || norm.NFC.IsNormalString(s)
}

// scan reports whether s is pure ASCII and whether it needs sanitize.
func scan(s string) (ascii, dirty bool) {
	ascii = true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
		} else if badControl(rune(c)) {
			return false, true
		}
	}
	return ascii, !ascii && !utf8.ValidString(s)
}

// badControl reports whether r is a C0 control that NFC removes.
func badControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// sanitize replaces each invalid byte with U+FFFD and drops bad controls.
func sanitize(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s { // range yields U+FFFD for each invalid byte
		if !badControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Repair fixes the "ƣ artefact" and returns NFC text. Text copied out of
// PDFs (the provincial regulations among them) often carries U+01A3 "ƣ"
// and U+01A2 "Ƣ" where "ư" and "Ư" are meant, so "Chƣơng" would never
// match a search for "Chương". Oi is not a Vietnamese letter, so the
// replacement is always safe; tone marks that follow as combining
// characters compose onto the repaired letter ("ƣ"+U+0301 becomes "ứ").
func Repair(s string) string {
	if strings.Contains(s, oiSmall) || strings.Contains(s, oiCap) {
		s = oiReplacer.Replace(s)
	}
	return NFC(s)
}

// Clean is the normaliser that every single-line input path calls (form
// fields, titles, names, query strings): it applies [NFC] and [Repair],
// turns each run of line breaks and tabs into one space so a value cannot
// smuggle a line break into a title or header, and trims surrounding
// whitespace. Use [CleanMultiline] for text areas.
func Clean(s string) string {
	return strings.TrimSpace(mapBreaks(Repair(s), " ", true))
}

// CleanMultiline is [Clean] for multi-line text such as article bodies and
// citizen feedback: inner line breaks are kept but normalised to "\n"
// (from "\r\n", "\r", U+0085, U+2028 and U+2029) so stored text and
// diffs do not depend on the submitter's operating system.
func CleanMultiline(s string) string {
	return strings.TrimSpace(mapBreaks(Repair(s), "\n", false))
}

// isBreak reports whether r is a line break (or, when tabs, a tab).
func isBreak(r rune, tabs bool) bool {
	switch r {
	case '\n', '\r', '\u0085', '\u2028', '\u2029':
		return true
	case '\t':
		return tabs
	}
	return false
}

// mapBreaks replaces line breaks with sep; "\r\n" counts as one break, and
// with tabs set every run of breaks and tabs becomes a single sep.
func mapBreaks(s, sep string, tabs bool) string {
	if !hasBreak(s, tabs, sep == "\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prev := false
	for i, r := range s {
		if !isBreak(r, tabs) {
			b.WriteRune(r)
			prev = false
			continue
		}
		if (tabs && prev) || (r == '\n' && i > 0 && s[i-1] == '\r') {
			continue
		}
		b.WriteString(sep)
		prev = true
	}
	return b.String()
}

// hasBreak reports whether mapBreaks would change s, which must be valid
// UTF-8; a lone "\n" needs no change when newlines are kept.
func hasBreak(s string, tabs, keepLF bool) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			return true
		case '\n':
			if !keepLF {
				return true
			}
		case '\t':
			if tabs {
				return true
			}
		case 0xc2, 0xe2: // lead bytes of U+0085, U+2028 and U+2029
			if r, _ := utf8.DecodeRuneInString(s[i:]); isBreak(r, tabs) {
				return true
			}
		}
	}
	return false
}
