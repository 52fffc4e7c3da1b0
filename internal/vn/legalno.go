package vn

import (
	"strconv"
	"strings"
)

// DocNumber is the number and symbol (số ký hiệu) of a Vietnamese legal
// or administrative document, e.g. "15/2019/QĐ-UBND": serial Number "15",
// Year 2019, Type "QĐ" (quyết định) and Issuer "UBND" (ủy ban nhân dân).
//
// Number keeps its leading zeros as written ("01"). Year is 0 for the old
// style without a year ("24/CT-UBND", "21-LCT/HĐNN8"). Type is a canonical
// code from the known list (see [DocTypeName]) or "" when the number does
// not name a type: National Assembly numbers such as "45/2019/QH14" are
// shared by laws and resolutions, and official letters are numbered
// "123/UBND-KT". Issuer holds every code after the type joined by "-"
// ("BTC-BNV" for a joint circular, "QH15", "UBTVQH14"), spelled the usual
// way for known bodies ("HĐND", "TTg") and upper-cased otherwise.
type DocNumber struct {
	Number string
	Year   int
	Type   string
	Issuer string
}

// Year bounds accepted in a document number.
const (
	docYearMin = 1945
	docYearMax = 2100
)

// Canonical returns the number in the standard written form,
// "15/2019/QĐ-UBND", "148/2025/QH15" or, without a year, "24/CT-UBND".
// ParseDocNumber(d.Canonical()) gives d back for every d it returned.
func (d DocNumber) Canonical() string {
	var b strings.Builder
	b.WriteString(d.Number)
	if d.Year > 0 {
		b.WriteByte('/')
		b.WriteString(strconv.Itoa(d.Year))
	}
	b.WriteByte('/')
	b.WriteString(d.Type)
	if d.Type != "" && d.Issuer != "" {
		b.WriteByte('-')
	}
	b.WriteString(d.Issuer)
	return b.String()
}

// Key returns a search key for the number: [Fold] of the canonical form
// with the serial number's leading zeros removed, so "15/2019/QĐ-UBND",
// "15-2019-qd-ubnd" and "015/2019/QD-UBND" all give "15/2019/qd-ubnd".
func (d DocNumber) Key() string {
	n := strings.TrimLeft(d.Number, "0")
	if n == "" && d.Number != "" {
		n = "0"
	}
	d.Number = n
	return Fold(d.Canonical())
}

// ParseDocNumber reads a document number typed any of the usual ways:
// "15/2019/QĐ-UBND", "15/2019/qđ-ubnd", "15/2019/QD-UBND" (D for Đ),
// "15-2019-qd-ubnd", "15 2019 QĐ UBND", with a leading "Số", "Số:" or
// "Nghị định số", laws "148/2025/QH15", joint circulars
// "01/2020/TTLT-BTC-BNV" and the old style without a year "24/CT-UBND"
// or "21-LCT/HĐNN8". The input goes through [Clean] first. It reports
// false when s is not a document number: no serial number, an implausible
// year, or no letter code after the numbers.
func ParseDocNumber(s string) (DocNumber, bool) {
	s = Clean(s)
	if strings.HasPrefix(s, "/") {
		return DocNumber{}, false // the serial number was left blank
	}
	toks := docTokens(s)
	toks, ok := dropPrefix(toks)
	if !ok || len(toks) < 2 || !isDigits(toks[0]) || len(toks[0]) > 6 {
		return DocNumber{}, false
	}
	d := DocNumber{Number: toks[0]}
	rest := toks[1:]
	if isDigits(rest[0]) {
		y, err := strconv.Atoi(rest[0])
		if err != nil || len(rest[0]) != 4 || y < docYearMin || y > docYearMax {
			return DocNumber{}, false
		}
		d.Year = y
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return DocNumber{}, false
	}
	for _, t := range rest {
		if !isCode(t) {
			return DocNumber{}, false
		}
	}
	if typ, ok := docTypeCode(rest[0]); ok {
		d.Type = typ
		rest = rest[1:]
	} else if typ, iss, ok := splitGlued(rest[0]); ok {
		d.Type = typ
		rest = append([]string{iss}, rest[1:]...)
	}
	codes := make([]string, len(rest))
	for i, t := range rest {
		codes[i] = issuerCode(t)
	}
	d.Issuer = strings.Join(codes, "-")
	return d, true
}

// docTokens splits s at the separators people type between the parts of
// a number: / - – — _ . : , \ and white space.
func docTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '/', '-', '–', '—', '_', '.', ':', ',', '\\', ' ', '\t', '\u00a0':
			return true
		}
		return false
	})
}

// dropPrefix removes leading words such as "Số", "Số hiệu", "Nghị định
// số" before the serial number; the last word must be "số", "hiệu" or
// "No". It reports false when words precede the number without one.
func dropPrefix(toks []string) ([]string, bool) {
	i := 0
	for i < len(toks) && !isDigits(toks[i]) {
		i++
	}
	if i == 0 {
		return toks, true
	}
	if i == len(toks) || i > 6 {
		return nil, false
	}
	switch Fold(toks[i-1]) {
	case "so", "hieu", "no":
		return toks[i:], true
	}
	return nil, false
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isCode reports whether s can be a type or issuer code: ASCII letters,
// đ/Đ, digits and "&", starting with a letter, at most 16 bytes.
func isCode(s string) bool {
	if s == "" || len(s) > 16 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r == 'Đ', r == 'đ':
		case i > 0 && (r >= '0' && r <= '9' || r == '&'):
		default:
			return false
		}
	}
	return true
}
