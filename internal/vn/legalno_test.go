package vn

import (
	"reflect"
	"testing"
)

func TestParseDocNumber(t *testing.T) {
	qd := DocNumber{"15", 2019, "QĐ", "UBND"}
	nd43 := DocNumber{"43", 2011, "NĐ", "CP"}
	tests := []struct {
		in   string
		want DocNumber
	}{
		{"15/2019/QĐ-UBND", qd},
		{"15/2019/qđ-ubnd", qd},
		{"15/2019/QD-UBND", qd},
		{"15/2019/qd-ubnd", qd},
		{"15-2019-qd-ubnd", qd},
		{"15 2019 QĐ UBND", qd},
		{" 15 / 2019 / QĐ - UBND ", qd},
		{"15.2019.QĐ.UBND", qd},
		{"15_2019_qd_ubnd", qd},
		{"15/2019/QĐUBND", qd},
		{"Số 15/2019/QĐ-UBND", qd},
		{"Số: 15/2019/QĐ-UBND", qd},
		{"so 15/2019/qd-ubnd", qd},
		{"Quyết định số 15/2019/QĐ-UBND", qd},
		{"15/2019/Q\u0110-UBND", qd},
		{"Số 43/2011/NĐ-CP", nd43},
		{"43/2011/NĐ-CP", nd43},
		{"43/2011/ND-CP", nd43},
		{"43/2011/nđ-cp", nd43},
		{"Nghị định số 43/2011/NĐ-CP", nd43},
		{"148/2025/QH15", DocNumber{"148", 2025, "", "QH15"}},
		{"45/2019/qh14", DocNumber{"45", 2019, "", "QH14"}},
		{"Luật số: 45/2019/QH14", DocNumber{"45", 2019, "", "QH14"}},
		{"28/2026/QH16", DocNumber{"28", 2026, "", "QH16"}},
		{"22/2023/TT-BTTTT", DocNumber{"22", 2023, "TT", "BTTTT"}},
		{"32/2017/tt-btttt", DocNumber{"32", 2017, "TT", "BTTTT"}},
		{"01/2020/TTLT-BTC-BNV", DocNumber{"01", 2020, "TTLT", "BTC-BNV"}},
		{"24/CT-UBND", DocNumber{"24", 0, "CT", "UBND"}},
		{"24/ct-ubnd", DocNumber{"24", 0, "CT", "UBND"}},
		{"12/2021/NQ-HĐND", DocNumber{"12", 2021, "NQ", "HĐND"}},
		{"12/2021/NQ-HDND", DocNumber{"12", 2021, "NQ", "HĐND"}},
		{"01/NQ-CP", DocNumber{"01", 0, "NQ", "CP"}},
		{"19/2018/QĐ-TTg", DocNumber{"19", 2018, "QĐ", "TTg"}},
		{"19/2018/QD-TTG", DocNumber{"19", 2018, "QĐ", "TTg"}},
		{"09/2017/NĐ-CP", DocNumber{"09", 2017, "NĐ", "CP"}},
		{"03/2015/PL-UBTVQH13", DocNumber{"03", 2015, "PL", "UBTVQH13"}},
		{"21-LCT/HĐNN8", DocNumber{"21", 0, "LCT", "HĐNN8"}},
		{"18-L/CTN", DocNumber{"18", 0, "L", "CTN"}},
		{"05/VBHN-BTTTT", DocNumber{"05", 0, "VBHN", "BTTTT"}},
		{"123/KH-UBND", DocNumber{"123", 0, "KH", "UBND"}},
		{"4567/UBND-KT", DocNumber{"4567", 0, "", "UBND-KT"}},
		{"10/2022/TT-BGDĐT", DocNumber{"10", 2022, "TT", "BGDĐT"}},
		{"10/2022/TT-BGDDT", DocNumber{"10", 2022, "TT", "BGDĐT"}},
		{"1234/QĐ-SYT", DocNumber{"1234", 0, "QĐ", "SYT"}},
	}
	for _, tt := range tests {
		got, ok := ParseDocNumber(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ParseDocNumber(%q) = %+v, %v; want %+v", tt.in, got, ok, tt.want)
			continue
		}
		if back, ok := ParseDocNumber(got.Canonical()); !ok || back != got {
			t.Errorf("round trip of %q via %q gave %+v", tt.in, got.Canonical(), back)
		}
	}
}

func TestParseDocNumberRejects(t *testing.T) {
	for _, in := range []string{
		"", "15", "15/2019", "13/6/2011", "QĐ-UBND", "/2019/QĐ-UBND",
		"15/1234/QĐ-UBND", "15/19/QĐ-UBND", "abc 15/2019/QĐ-UBND",
		"1234567/2019/QĐ-UBND", "15/2019/QĐ-UB(ND)", "15/2019/Ủy-ban",
	} {
		if d, ok := ParseDocNumber(in); ok {
			t.Errorf("ParseDocNumber(%q) = %+v, want rejection", in, d)
		}
	}
}

func TestDocNumberCanonicalAndKey(t *testing.T) {
	tests := []struct{ in, canon, key string }{
		{"15-2019-qd-ubnd", "15/2019/QĐ-UBND", "15/2019/qd-ubnd"},
		{"015/2019/QD-UBND", "015/2019/QĐ-UBND", "15/2019/qd-ubnd"},
		{"148/2025/qh15", "148/2025/QH15", "148/2025/qh15"},
		{"01/2020/ttlt btc bnv", "01/2020/TTLT-BTC-BNV", "1/2020/ttlt-btc-bnv"},
		{"24 CT UBND", "24/CT-UBND", "24/ct-ubnd"},
		{"21-LCT/HĐNN8", "21/LCT-HĐNN8", "21/lct-hdnn8"},
		{"0/2019/QĐ-UBND", "0/2019/QĐ-UBND", "0/2019/qd-ubnd"},
	}
	for _, tt := range tests {
		d, ok := ParseDocNumber(tt.in)
		if !ok {
			t.Fatalf("ParseDocNumber(%q) failed", tt.in)
		}
		if got := d.Canonical(); got != tt.canon {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.canon)
		}
		if got := d.Key(); got != tt.key {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.key)
		}
	}
}

func TestDocTypeName(t *testing.T) {
	for code, want := range map[string]string{
		"QĐ": "Quyết định", "QD": "Quyết định", "qđ": "Quyết định",
		"NĐ": "Nghị định", "ND": "Nghị định", "TT": "Thông tư",
		"TTLT": "Thông tư liên tịch", "NQ": "Nghị quyết", "CT": "Chỉ thị",
		"KH": "Kế hoạch", "CV": "Công văn", "L": "Luật", "PL": "Pháp lệnh",
		"VBHN": "Văn bản hợp nhất", "XYZ": "", "": "",
	} {
		if got := DocTypeName(code); got != want {
			t.Errorf("DocTypeName(%q) = %q, want %q", code, got, want)
		}
	}
	for _, dt := range docTypes {
		if d, ok := ParseDocNumber("1/2020/" + dt.code + "-UBND"); !ok || d.Type != dt.code {
			t.Errorf("type %q does not parse back: %+v", dt.code, d)
		}
	}
}

func TestFindDocNumbers(t *testing.T) {
	text := `a) Cung cấp thông tin theo quy định tại
Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ (sau đây gọi tắt là Nghị định số
43/2011/NĐ-CP). Thông tư số 32/2017/TT-BTTTT ngày 15/11/2017; Chỉ thị 24/CT-UBND;
Luật số 45/2019/qh14, Quyết định số        /2019/QĐ-UBND ngày     /     /2019,
tiêu chuẩn TCVN 6909:2001, tỷ lệ 1/2, mã abc12/2019/QĐ-UBND, công văn 4567/UBND-KT.`
	got := FindDocNumbers(text)
	want := []DocNumber{
		{"43", 2011, "NĐ", "CP"},
		{"32", 2017, "TT", "BTTTT"},
		{"24", 0, "CT", "UBND"},
		{"45", 2019, "", "QH14"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("FindDocNumbers =\n%+v\nwant\n%+v", got, want)
	}
	if got := FindDocNumbers("không có số hiệu nào, ngày 13/6/2011"); len(got) != 0 {
		t.Errorf("FindDocNumbers found %+v in text without numbers", got)
	}
}
