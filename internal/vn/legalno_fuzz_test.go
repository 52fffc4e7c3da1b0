package vn

import "testing"

func FuzzParseDocNumber(f *testing.F) {
	for _, s := range []string{
		"15/2019/QĐ-UBND", "15-2019-qd-ubnd", "15 2019 QĐ UBND", "Số 43/2011/NĐ-CP",
		"148/2025/QH15", "01/2020/TTLT-BTC-BNV", "24/CT-UBND", "21-LCT/HĐNN8",
		"19/2018/QĐ-TTg", "4567/UBND-KT", "15/2019/QĐUBND", "/2019/QĐ-UBND",
		"theo Nghị định số 43/2011/NĐ-CP ngày 13/6/2011",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDocNumber(s)
		_ = FindDocNumbers(s)
		if !ok {
			return
		}
		c := d.Canonical()
		back, ok := ParseDocNumber(c)
		if !ok || back != d {
			t.Fatalf("%q parsed to %+v; its canonical %q parsed to %+v, %v", s, d, c, back, ok)
		}
		if back.Key() != d.Key() {
			t.Fatalf("Key changed over the round trip: %q vs %q", d.Key(), back.Key())
		}
	})
}
