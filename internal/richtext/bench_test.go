package richtext

import "testing"

// BenchmarkSanitize50KB sanitises a 50 KB Vietnamese article, the size the
// revision benchmark of issue 3 saves.
func BenchmarkSanitize50KB(b *testing.B) {
	body := article(50 << 10)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Sanitize(body)
	}
}

// BenchmarkCheck50KB runs the pre-publication checks on the same article.
func BenchmarkCheck50KB(b *testing.B) {
	body := Sanitize(article(50 << 10))
	opts := CheckOptions{LinkExists: func(string) bool { return true }, Prohibited: []string{"ma túy", "đánh bạc", "cờ bạc"}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Check(body, opts)
	}
}
