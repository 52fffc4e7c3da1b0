package records_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/records"
)

func TestParseTable(t *testing.T) {
	tb, err := records.ParseTable("\ufeffChỉ tiêu,\"Năm 2025, ước\"\n\nDân số,\"3.200,5\"\r\n  Lao động , 1.900 \n")
	if err != nil {
		t.Fatal(err)
	}
	want := &records.Table{Head: []string{"Chỉ tiêu", "Năm 2025, ước"}, Rows: [][]string{{"Dân số", "3.200,5"}, {"Lao động", "1.900"}}}
	if !reflect.DeepEqual(tb, want) {
		t.Errorf("got %+v", tb)
	}
	if tb2, err := records.ParseTable("A\tB\n1\t2\n"); err != nil || len(tb2.Head) != 2 {
		t.Errorf("tabs: %+v %v", tb2, err)
	}
	for in, want := range map[string]string{
		"":                                      "Hãy nhập bảng số liệu",
		"A,B\n":                                 "ít nhất một dòng số liệu",
		"A,B\n1,2\n3\n":                         "Dòng 3 có 1 ô, trong khi dòng tiêu đề có 2 ô",
		"A,\n1,2\n":                             "Tiêu đề cột thứ 2 (dòng 1) còn trống",
		"A,B\n\"1,2\n":                          "dấu ngoặc kép",
		"A,B\n1,x\"y\"\n":                       "dấu ngoặc kép",
		"A\n" + strings.Repeat("x", 301) + "\n": "dài quá 300 ký tự",
	} {
		_, err := records.ParseTable(in)
		e, ok := apperr.As(err)
		if !ok || !strings.Contains(e.Fields["st_table"].VI, want) {
			t.Errorf("ParseTable(%q): %v; want %q", in, err, want)
		}
	}
}

// FuzzParseTable: the parser never panics; what it accepts is a table
// whose rows are as wide as its headings, with no empty heading, which
// its CSV reads back to the same table.
func FuzzParseTable(f *testing.F) {
	for _, seed := range []string{
		"A,B\n1,2\n", "Quý;Số\nI;1\n", "A\tB\n1\t2\n", "\"a,b\",c\n\"x\"\"y\",z\n", "A\n\"\"\n", "A,B\n1,2\n3\n",
		"A,B\n\"1,2\n", "\ufeffA\n1\n", "a;b\n\"c;d\"\n", "\"a;b\"\nx\n", " \n A \n\n b \n", "A,B\r\n1,\"2\r\n3\"\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tb, err := records.ParseTable(in)
		if err != nil {
			if _, ok := apperr.As(err); !ok {
				t.Fatalf("not a person's error: %v", err)
			}
			return
		}
		if len(tb.Head) == 0 || len(tb.Rows) == 0 {
			t.Fatalf("empty table accepted: %+v", tb)
		}
		for _, h := range tb.Head {
			if h == "" {
				t.Fatalf("empty heading accepted")
			}
		}
		for _, r := range tb.Rows {
			if len(r) != len(tb.Head) {
				t.Fatalf("ragged row accepted: %q", r)
			}
		}
		again, err := records.ParseTable(tb.CSV())
		if err != nil || !reflect.DeepEqual(again, tb) {
			t.Fatalf("CSV %q reads back as %+v, %v; want %+v", tb.CSV(), again, err, tb)
		}
	})
}
