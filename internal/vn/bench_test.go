package vn

import "testing"

// paragraph is a realistic portal paragraph (from the Đồng Nai regulation,
// with one ƣ artefact left in as pasted text would have it).
const paragraph = "Cổng Thông tin điện tử tỉnh Đồng Nai là nơi cung cấp, trao đổi " +
	"thông tin chính thức và công khai trên mạng internet của Ủy ban nhân dân tỉnh " +
	"Đồng Nai. Quy chế này áp dụng đối với các tổ chức và cá nhân tham gia quản lý, " +
	"vận hành, khai thác Cổng Thông tin điện tử tỉnh; Trưởng ban biên tập chịu trách " +
	"nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh về nội dung thông tin đăng tải."

const pastedParagraph = paragraph + " Chƣơng II quy định đối tƣợng áp dụng.\r\n"

func BenchmarkFold(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		_ = Fold(paragraph)
	}
}

func BenchmarkFoldASCII(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = Fold("cong thong tin dien tu tinh dong nai")
	}
}

func BenchmarkClean(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		_ = Clean(paragraph)
	}
}

func BenchmarkCleanPasted(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(pastedParagraph)))
	for b.Loop() {
		_ = Clean(pastedParagraph)
	}
}

func BenchmarkSortKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = SortKey("Sở Khoa học và Công nghệ tỉnh Đồng Nai")
	}
}
