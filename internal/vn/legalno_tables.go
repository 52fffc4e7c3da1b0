package vn

import (
	"strings"
	"unicode/utf8"
)

// docType is one known document type code.
type docType struct {
	code string // canonical spelling, e.g. "QĐ"
	name string // Vietnamese name, e.g. "Quyết định"
}

// docTypes lists the type codes that appear in document numbers. "L" and
// "LCT" are the old-style law numbers ("50-L/CTN", "21-LCT/HĐNN8");
// National Assembly numbers of today ("45/2019/QH14") carry no type code.
var docTypes = []docType{
	{"QĐ", "Quyết định"},
	{"NĐ", "Nghị định"},
	{"TT", "Thông tư"},
	{"TTLT", "Thông tư liên tịch"},
	{"NQ", "Nghị quyết"},
	{"NQLT", "Nghị quyết liên tịch"},
	{"CT", "Chỉ thị"},
	{"KH", "Kế hoạch"},
	{"CV", "Công văn"},
	{"L", "Luật"},
	{"LCT", "Luật"},
	{"PL", "Pháp lệnh"},
	{"VBHN", "Văn bản hợp nhất"},
	{"HD", "Hướng dẫn"},
	{"TB", "Thông báo"},
	{"BC", "Báo cáo"},
	{"TTr", "Tờ trình"},
	{"CTr", "Chương trình"},
	{"KL", "Kết luận"},
	{"SL", "Sắc lệnh"},
}

// docTypeByKey maps the folded code ("qd") to its entry.
var docTypeByKey = func() map[string]docType {
	m := make(map[string]docType, len(docTypes))
	for _, t := range docTypes {
		m[Fold(t.code)] = t
	}
	return m
}()

// issuers spells the issuing bodies whose code holds Đ or lower case, or
// which a glued code ("QĐUBND") may end with.
var issuers = []string{
	"UBND", "HĐND", "CP", "TTg", "QH", "UBTVQH", "CTN", "HĐNN", "HĐBT",
	"BTC", "BNV", "BTTTT", "BGDĐT", "BLĐTBXH", "BKHĐT", "BYT", "BCA",
	"BQP", "BTP", "BCT", "BXD", "BGTVT", "BTNMT", "BNNPTNT", "BVHTTDL",
	"BKHCN", "BNG", "NHNN", "TTCP", "KTNN", "TANDTC", "VKSNDTC", "VPCP",
	"VPQH", "BDT", "UBDT", "MTTQ", "STTTT", "VP",
}

// issuerByKey maps the folded issuer prefix ("hdnd") to its spelling.
var issuerByKey = func() map[string]string {
	m := make(map[string]string, len(issuers))
	for _, s := range issuers {
		m[Fold(s)] = s
	}
	return m
}()

// DocTypeName returns the Vietnamese name of a document type code, with
// D accepted for Đ and any letter case: "QĐ", "QD" and "qđ" give
// "Quyết định". It returns "" for an unknown code.
func DocTypeName(code string) string {
	return docTypeByKey[Fold(Clean(code))].name
}

// docTypeCode returns the canonical spelling of a known type code.
func docTypeCode(tok string) (string, bool) {
	t, ok := docTypeByKey[Fold(tok)]
	return t.code, ok
}

// issuerCode spells one issuer code: a known body ("hdnd" → "HĐND"),
// possibly followed by a term number ("qh15" → "QH15"); anything else in
// upper case.
func issuerCode(tok string) string {
	f := Fold(tok)
	p := strings.TrimRight(f, "0123456789")
	if s, ok := issuerByKey[p]; ok && p != "" {
		return s + f[len(p):]
	}
	return strings.ToUpper(tok)
}

// knownIssuer reports whether the folded code is a known body, with or
// without a term number.
func knownIssuer(f string) bool {
	p := strings.TrimRight(f, "0123456789")
	_, ok := issuerByKey[p]
	return ok && p != ""
}

// splitGlued splits a type code written together with a known issuer,
// "QĐUBND" or "NDCP", into "QĐ" and the issuer.
func splitGlued(tok string) (typ, issuer string, ok bool) {
	f := Fold(tok)
	if len(f) != utf8.RuneCountInString(tok) {
		return "", "", false
	}
	for n := len(f) - 1; n > 0; n-- {
		if t, ok := docTypeByKey[f[:n]]; ok && knownIssuer(f[n:]) {
			// Fold maps each rune of a code to one byte, so byte n of f
			// is rune n of tok.
			r := []rune(tok)
			return t.code, string(r[n:]), true
		}
	}
	return "", "", false
}
