package vn

import "strings"

// SlugMaxLen is the longest slug Slug returns, in bytes; long enough for a
// full document title, short enough for a readable URL and a DB index.
const SlugMaxLen = 80

// Slug turns a title or name into a URL path segment: [Fold], then every
// run of characters outside [a-z0-9] becomes one "-", with no hyphen at
// either end, cut to at most SlugMaxLen bytes at a hyphen where possible.
// "Sở Khoa học và Công nghệ" gives "so-khoa-hoc-va-cong-nghe". Links stay
// readable and ASCII-only, which survives email clients and printed QR
// codes; Slug of a slug returns it unchanged.
func Slug(s string) string {
	f := Fold(s)
	b := make([]byte, 0, len(f))
	hyphen := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			if hyphen && len(b) > 0 {
				b = append(b, '-')
			}
			b = append(b, c)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return cutSlug(string(b))
}

// cutSlug shortens a clean slug to SlugMaxLen bytes, at a hyphen if one
// falls inside the limit.
func cutSlug(s string) string {
	if len(s) <= SlugMaxLen {
		return s
	}
	if s[SlugMaxLen] == '-' {
		return s[:SlugMaxLen]
	}
	cut := s[:SlugMaxLen]
	if i := strings.LastIndexByte(cut, '-'); i > 0 {
		return cut[:i]
	}
	return cut
}
