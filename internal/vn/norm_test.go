package vn

import "testing"

func TestNFC(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ascii", "Cong thong tin", "Cong thong tin"},
		{"composes", "Vie\u0323\u0302t Nam", "Việt Nam"},
		{"already nfc", "Việt Nam", "Việt Nam"},
		{"drops NUL", "a\x00b", "ab"},
		{"drops C0 keeps tab nl cr", "a\x01\tb\r\n\x1f", "a\tb\r\n"},
		{"invalid byte", "a\xffb", "a\ufffdb"},
		{"truncated sequence", "ư\xe1\xbb", "ư\ufffd\ufffd"},
		{"control inside sequence", "e\x00\u0301", "é"},
		{"keeps DEL and C1", "a\x7f\u0085", "a\x7f\u0085"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NFC(tt.in); got != tt.want {
				t.Errorf("NFC(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRepair(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"chuong", "Chƣơng", "Chương"},
		{"doi tuong", "đối tƣợng", "đối tượng"},
		{"truong ban", "Trƣởng ban", "Trưởng ban"},
		{"capital", "ƢU TIÊN", "ƯU TIÊN"},
		{"combining acute", "ƣ\u0301", "ứ"},
		{"combining dot below", "tƣ\u0323", "tự"},
		{"capital combining grave", "Ƣ\u0300", "Ừ"},
		{"untouched", "Cổng thông tin", "Cổng thông tin"},
		{"normalises", "e\u0301", "é"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Repair(tt.in); got != tt.want {
				t.Errorf("Repair(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"spaces only", " \t\r\n ", ""},
		{"trims and repairs", "  Chƣơng I \r\n", "Chương I"},
		{"inner breaks to one space", "Sở\r\n\tKhoa học", "Sở Khoa học"},
		{"inner spaces kept", "a  b", "a  b"},
		{"unicode line separator", "a\u2028b", "a b"},
		{"controls removed", "\x00Đồng\x07 Nai\x1b", "Đồng Nai"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanMultiline(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"crlf", "a\r\nb", "a\nb"},
		{"lone cr", "a\rb\r\rc", "a\nb\n\nc"},
		{"lf kept", "a\n\nb", "a\n\nb"},
		{"tabs kept", "a\tb", "a\tb"},
		{"trimmed", "\r\n  Chƣơng II\r\n", "Chương II"},
		{"paragraph separator", "a\u2029b\u0085c", "a\nb\nc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanMultiline(tt.in); got != tt.want {
				t.Errorf("CleanMultiline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanFastPathAllocs(t *testing.T) {
	for _, s := range []string{"plain ascii title", "Sở Khoa học và Công nghệ", "Điều 1. Phạm vi"} {
		if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
			t.Errorf("Clean(%q) allocates %v times, want 0", s, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = CleanMultiline("Chương I\nĐiều 1") }); n != 0 {
		t.Errorf("CleanMultiline of clean text allocates %v times, want 0", n)
	}
}
