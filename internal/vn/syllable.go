package vn

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// toneless matches one lower-case Vietnamese syllable without its tone:
// an optional initial consonant, then a vowel cluster that must, may or
// cannot take a final consonant. "k" is allowed as a final for the
// Central Highlands names (Đắk Lắk, Đắk Nông) that official text is full of.
var toneless = regexp.MustCompile(`^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?` +
	`(?:(?:ă|â|iê|yê|uô|ươ|uyê|oă|uâ|oo)(?:ch|c|k|m|ng|nh|n|p|t)` +
	`|(?:a|e|ê|i|o|ô|ơ|u|ư|y|oa|oe|uê|uy)(?:ch|c|k|m|ng|nh|n|p|t)?` +
	`|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|iêu|yêu|oai|oay|oao|oeo` +
	`|uây|uôi|uya|uyu|ươi|ươu|uơ)$`)

// IsSyllable reports whether w is a well-formed Vietnamese syllable, in
// any case and normalisation form: an initial consonant, a vowel cluster
// and a final consonant that Vietnamese spelling allows, at most one tone
// mark, placed on a vowel, and — as in every native word — only sắc or
// nặng on a syllable ending in c, ch, k, p or t. Loan words and names
// ("Vinamilk", "Kông") fail it; that is fine for its use, which is to
// tell whether decoded text reads as Vietnamese.
func IsSyllable(w string) bool {
	if w == "" || len(w) > 32 {
		return false
	}
	var bare strings.Builder
	tone, prev := "", rune(0)
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		switch m := string(r); m {
		case markGrave, markAcute, markHook, markTilde, markDot:
			if tone != "" || !strings.ContainsRune("aeiouy", prev) {
				return false
			}
			tone = m
			continue
		case markCirc, markBreve, markHorn:
		default:
			prev = r
		}
		bare.WriteRune(r)
	}
	s := norm.NFC.String(bare.String())
	if !toneless.MatchString(s) {
		return false
	}
	stop := strings.HasSuffix(s, "c") || strings.HasSuffix(s, "ch") || strings.HasSuffix(s, "k") ||
		strings.HasSuffix(s, "p") || strings.HasSuffix(s, "t")
	return !stop || tone == markAcute || tone == markDot
}
