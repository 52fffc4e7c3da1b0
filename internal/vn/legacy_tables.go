package vn

// Character tables of the legacy Vietnamese encodings. They are data, not
// logic: each string lists, for the bytes 0x80–0xFF in order, the character
// that byte stands for.
//
// Sources:
//   - VISCII (RFC 1456 appendix) and TCVN 5712:1993 VN1: dumped byte by byte
//     from glibc iconv (charsets VISCII and TCVN5712-1), and checked in
//     legacy_test.go against shared/corpus/legacy-encodings/
//     charmap-vietnamese-letters.tsv.
//   - Windows-1258 and Windows-1252: Microsoft's code page tables as shipped
//     in glibc iconv (CP1258) and Python's cp1252 codec; the bytes those
//     code pages leave undefined are U+FFFD (1258) or the C1 control of the
//     same number (1252, as Windows' MultiByteToWideChar does).
//   - TCVN3 (ABC, the .VnTime fonts) is the VN3 level of TCVN 5712:1993: VN1
//     without the upper-case toned letters. The letters it has (column
//     tcvn3_abc_hex of the charmap) sit at the same bytes as in VN1, so it
//     is decoded with the VN1 table for 0xA0–0xFF, while 0x80–0x9F, which
//     VN3 leaves to the font's Windows-1252 punctuation, and the C0 bytes
//     are read as Windows-1252.
//   - VNI-Windows: column vni_windows_hex of the charmap (VNI fonts read as
//     Windows-1252): a base letter followed by a mark byte, or a single
//     byte for đ ơ ư and the toned i and ỵ. The charmap leaves out ỷ ỹ Ỷ Ỹ
//     as suspect in its source; they follow the same base+mark rule (y+û,
//     y+õ) like every other toned y.

// table turns a 128-rune string into a lookup array for bytes 0x80–0xFF.
func table(s string) *[128]rune {
	var t [128]rune
	i := 0
	for _, r := range s {
		t[i] = r
		i++
	}
	if i != 128 {
		panic("vn: legacy table has the wrong length")
	}
	return &t
}

var visciiC0 = map[byte]rune{
	0x02: 'Ẳ', 0x05: 'Ẵ', 0x06: 'Ẫ', 0x14: 'Ỷ', 0x19: 'Ỹ', 0x1e: 'Ỵ',
}

var visciiHigh = table(
	"ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ" + // 80–8f
		"ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ" + // 90–9f
		"Õắằặấầẩậẽẹếềểễệố" + // a0–af
		"ồổỗỠƠộờởịỰỨỪỬơớƯ" + // b0–bf
		"ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ" + // c0–cf
		"ĐứÒÓÔạỷừửÙÚỹỵÝỡư" + // d0–df
		"àáâãảăữẫèéêẻìíĩỉ" + // e0–ef
		"đựòóôõỏọụùúũủýợỮ", // f0–ff
)

var tcvn5712C0 = map[byte]rune{
	0x01: 'Ú', 0x02: 'Ụ', 0x04: 'Ừ', 0x05: 'Ử', 0x06: 'Ữ', 0x11: 'Ứ',
	0x12: 'Ự', 0x13: 'Ỳ', 0x14: 'Ỷ', 0x15: 'Ỹ', 0x16: 'Ý', 0x17: 'Ỵ',
}

var tcvn5712High = table(
	"ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ" + // 80–8f
		"ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ" + // 90–9f
		"\u00A0ĂÂÊÔƠƯĐăâêôơưđẰ" + // a0–af
		"\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ" + // b0–bf
		"ẮẦẨẪẤỀặầẩẫấậèỂẻẽ" + // c0–cf
		"éẹềểễếệìỉỄẾỒĩíịò" + // d0–df
		"Ổỏõóọồổỗốộờởỡớợù" + // e0–ef
		"ỖủũúụừửữứựỳỷỹýỵỐ", // f0–ff
)

// tcvn3Letters are the letters TCVN3 (VN3) defines; encoding to TCVN3
// refuses the other VN1 letters.
const tcvn3Letters = "ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợ" +
	"ùủũúụừửữứựỳỷỹýỵ"

var cp1258High = table(
	"€\uFFFD‚ƒ„…†‡ˆ‰\uFFFD‹Œ\uFFFD\uFFFD\uFFFD" + // 80–8f
		"\uFFFD‘’“”•–—˜™\uFFFD›œ\uFFFD\uFFFDŸ" + // 90–9f
		"\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯" + // a0–af
		"°±²³´µ¶·¸¹º»¼½¾¿" + // b0–bf
		"ÀÁÂĂÄÅÆÇÈÉÊË\u0300ÍÎÏ" + // c0–cf
		"ĐÑ\u0309ÓÔƠÖ×ØÙÚÛÜƯ\u0303ß" + // d0–df
		"àáâăäåæçèéêë\u0301íîï" + // e0–ef
		"đñ\u0323óôơö÷øùúûüư₫ÿ", // f0–ff
)

var cp1252High = table(
	"€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F" + // 80–8f
		"\u0090‘’“”•–—˜™š›œ\u009DžŸ" + // 90–9f
		"\u00A0¡¢£¤¥¦§¨©ª«¬\u00AD®¯" + // a0–af
		"°±²³´µ¶·¸¹º»¼½¾¿" + // b0–bf
		"ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ" + // c0–cf
		"ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß" + // d0–df
		"àáâãäåæçèéêëìíîï" + // e0–ef
		"ðñòóôõö÷øùúûüýþÿ", // f0–ff
)

// Combining marks: the five tones and the three vowel marks.
const (
	markGrave   = "\u0300" // huyền
	markAcute   = "\u0301" // sắc
	markHook    = "\u0309" // hỏi
	markTilde   = "\u0303" // ngã
	markDot     = "\u0323" // nặng
	markCirc    = "\u0302" // â ê ô
	markBreve   = "\u0306" // ă
	markHorn    = "\u031b" // ơ ư (VNI writes ơ ư as single bytes)
	vniLowMarks = "\xf8\xf9\xfb\xf5\xef\xe2\xe0\xe1\xe5\xe3\xe4\xea\xe8\xe9\xfa\xfc\xeb"
	vniUpMarks  = "\xd8\xd9\xdb\xd5\xcf\xc2\xc0\xc1\xc5\xc3\xc4\xca\xc8\xc9\xda\xdc\xcb"
)

// vniMarkSeqs are the marks each byte of vniLowMarks and vniUpMarks (same
// position) writes on the base letter before it.
var vniMarkSeqs = [17]string{
	markGrave, markAcute, markHook, markTilde, markDot,
	markCirc, markCirc + markGrave, markCirc + markAcute, markCirc + markHook,
	markCirc + markTilde, markCirc + markDot,
	markBreve, markBreve + markGrave, markBreve + markAcute, markBreve + markHook,
	markBreve + markTilde, markBreve + markDot,
}

// vniSingle are the VNI bytes that are whole letters.
var vniSingle = map[byte]rune{
	0xec: 'ì', 0xed: 'í', 0xf3: 'ĩ', 0xe6: 'ỉ', 0xf2: 'ị', 0xee: 'ỵ', 0xf1: 'đ', 0xf4: 'ơ', 0xf6: 'ư',
	0xcc: 'Ì', 0xcd: 'Í', 0xd3: 'Ĩ', 0xc6: 'Ỉ', 0xd2: 'Ị', 0xce: 'Ỵ', 0xd1: 'Đ', 0xd4: 'Ơ', 0xd6: 'Ư',
}
