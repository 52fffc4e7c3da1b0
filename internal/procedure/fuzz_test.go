package procedure

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/congportal/cong/internal/apperr"
)

// FuzzParse: whatever the file, the parsers return records that pass
// Clean, or an Invalid error for people — never a panic or another kind
// of error. Seeds: the samples in testdata (and testdata/fuzz).
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("[{\"ma_thu_tuc\": 1}]"))
	f.Add([]byte("ma_thu_tuc;ten_thu_tuc;linh_vuc;cap_thuc_hien;co_quan_thuc_hien;muc_do\n1.000001;A;B;xa;C;một phần\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseProcedures(data)
		check(t, err)
		for _, r := range recs {
			if r.Line < 1 {
				t.Fatalf("a record on line %d", r.Line)
			}
			if err := r.Record.Clean(); err != nil {
				t.Fatalf("a parsed record fails Clean again: %v", err)
			}
		}
		_, err = ParseStats(data)
		check(t, err)
	})
}

func check(t *testing.T, err error) {
	if err == nil {
		return
	}
	if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Msg.VI == "" {
		t.Fatalf("not a message for people: %v", err)
	}
}
