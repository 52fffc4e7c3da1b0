package feedback_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store/storetest"
)

// FuzzSubmit: whatever a sender types, Submit stores the request or
// answers with a message for a field; it never fails otherwise, never
// panics, and stores valid UTF-8.
func FuzzSubmit(f *testing.F) {
	for _, s := range [][5]string{
		{"Nguyễn Văn An", "12 Lê Lợi", "0912 345 678", "an@example.vn", "Nội dung"},
		{"", "", "", "", ""},
		{"<script>alert(1)</script>", "\x00\xff", "+84 (912) 345-678", "a@b", strings.Repeat("x", 30000)},
		{"Nguyê\u0303n", "\u2028", "123", "not-an-email", "\r\n\r\n"},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], "khong-phu-hop")
	}
	db := storetest.SQLite(f)
	fx := newFixture(f, db)
	f.Fuzz(func(t *testing.T, name, address, phone, email, body, category string) {
		sub := fx.submission()
		sub.Name, sub.Address, sub.Phone, sub.Email, sub.Body, sub.Category = name, address, phone, email, body, feedback.Category(category)
		r, _, err := fx.fb.Submit(context.Background(), sub)
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.Invalid || len(e.Fields) == 0 {
				t.Fatalf("not a field message: %v", err)
			}
			return
		}
		got, err := fx.fb.Get(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{got.Name, got.Address, got.Body, got.Email, got.Phone} {
			if !utf8.ValidString(s) {
				t.Fatalf("stored invalid UTF-8 %q", s)
			}
		}
	})
}
