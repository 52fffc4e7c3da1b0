package web

import (
	"net/url"
	"strings"
)

// safeNext is the one validator of a redirect target that came from the
// request (the next= of sign-in, the second factor and the language
// switch): a path on this portal, or the staff home when it is not one.
func safeNext(next string) string {
	if p, ok := localTarget(next); ok {
		return p
	}
	return "/quan-tri/"
}

// localTarget reports whether s can only lead to a page of this portal
// whatever a browser makes of it. Browsers drop tabs and newlines inside
// URLs and read a backslash as a slash, so "/\t/evil.example" and
// "/\evil.example" are the protocol-relative "//evil.example": any
// control character, space or backslash is refused, not cleaned.
func localTarget(s string) (string, bool) {
	if len(s) == 0 || len(s) > 2048 || s[0] != '/' {
		return "", false
	}
	if len(s) > 1 && (s[1] == '/' || s[1] == '\\') {
		return "", false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\\' || r == '\u00a0' || r == '\ufffd' ||
			(r >= 0x80 && r <= 0x9f) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	// An encoded slash or backslash right after the first is still a
	// path to every browser, but some proxies decode it: refuse it too.
	if low := strings.ToLower(s); strings.HasPrefix(low, "/%2f") || strings.HasPrefix(low, "/%5c") {
		return "", false
	}
	return s, true
}
