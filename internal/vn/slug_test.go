package vn

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	long := strings.Repeat("Quy chế tổ chức ", 10)
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"only punctuation", " -- !! ", ""},
		{"department", "Sở Khoa học và Công nghệ", "so-khoa-hoc-va-cong-nghe"},
		{"province", "Đồng Nai", "dong-nai"},
		{"decision number", "Quyết định số 12/2019/QĐ-UBND", "quyet-dinh-so-12-2019-qd-ubnd"},
		{"edges trimmed", "  «Chương I» ", "chuong-i"},
		{"pdf artefact", "Chƣơng", "chuong"},
		{"long cut at hyphen", long, "quy-che-to-chuc-quy-che-to-chuc-quy-che-to-chuc-quy-che-to-chuc-quy-che-to-chuc"},
		{"long word hard cut", strings.Repeat("a", 100), strings.Repeat("a", SlugMaxLen)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugLimit(t *testing.T) {
	// A hyphen exactly at the limit: the first 80 bytes are a whole slug.
	in := strings.Repeat("a", SlugMaxLen) + " b"
	if got := Slug(in); got != strings.Repeat("a", SlugMaxLen) {
		t.Errorf("Slug(%q) = %q", in, got)
	}
}
