package content_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// Categories at the same position come in Vietnamese order — a < ă < â,
// d < đ, tones in the order ngang, huyền, hỏi, ngã, sắc, nặng — on both
// databases, whose own ORDER BY sorts bytes (issue 5, point 6).
func TestCategoriesInVietnameseOrder(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
		if err := site.NewSites(db, time.Now).Create(ctx, st, audit.CLI); err != nil {
			t.Fatal(err)
		}
		cs := content.NewStore(db, time.Now)
		want := []string{"An ninh", "Ăn uống", "Ẩm thực", "Dân vận", "Đô thị", "Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Ô tô", "Ơn nghĩa", "Y tế"}
		// Saved in an order that is neither this one nor byte order.
		for i, name := range []string{"Đô thị", "Mạ", "Ơn nghĩa", "Ăn uống", "Má", "Y tế", "Mã", "An ninh", "Ma", "Ẩm thực", "Mả", "Ô tô", "Dân vận", "Mà"} {
			c := &content.Category{SiteID: st.ID, Slug: "muc-" + string(rune('a'+i)), Name: name}
			if err := cs.SaveCategory(ctx, c, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		cats, err := cs.Categories(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cats {
			got = append(got, c.Name)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("categories in order\n got %v\nwant %v", got, want)
		}
	})
}
