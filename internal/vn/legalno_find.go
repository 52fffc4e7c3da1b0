package vn

import "regexp"

// docNumberInText matches a candidate document number in running text: a
// serial number, "/" and an optional year, then letter codes joined by
// "-" or "/" ("43/2011/NĐ-CP", "24/CT-UBND", "21-LCT/HĐNN8").
var docNumberInText = regexp.MustCompile(
	`\d{1,6}(?:/\d{4})?[/-][A-Za-zĐđ][A-Za-zĐđ0-9&]*(?:[-/][A-Za-zĐđ][A-Za-zĐđ0-9&]*)*`)

// FindDocNumbers returns the document numbers mentioned in running text,
// such as "theo Nghị định số 43/2011/NĐ-CP ngày 13/6/2011", in order of
// first mention and without repeats (by [DocNumber.Key]). To keep dates,
// fractions and codes out, a number without a year counts only when it
// names a known type ("24/CT-UBND"), and "/2019/QĐ-UBND" with its serial
// left blank is skipped.
func FindDocNumbers(text string) []DocNumber {
	text = CleanMultiline(text)
	var out []DocNumber
	seen := map[string]bool{}
	for _, loc := range docNumberInText.FindAllStringIndex(text, -1) {
		if loc[0] > 0 && !boundaryBefore(text[loc[0]-1]) {
			continue
		}
		d, ok := ParseDocNumber(text[loc[0]:loc[1]])
		if !ok || (d.Year == 0 && d.Type == "") {
			continue
		}
		if k := d.Key(); !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// boundaryBefore reports whether a number may start after byte c: not
// inside a word, another number or a path.
func boundaryBefore(c byte) bool {
	switch {
	case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		return false
	case c == '/' || c == '-' || c == '.' || c == '_':
		return false
	}
	return true
}
