package search_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// put indexes documents given as title|body pairs on site 1, live, with
// ids from 1.
func put(t *testing.T, ix *search.Index, docs ...search.Doc) {
	t.Helper()
	for i := range docs {
		if docs[i].ItemID == 0 {
			docs[i].ItemID = int64(i + 1)
		}
		if docs[i].SiteID == 0 {
			docs[i].SiteID = 1
		}
		if docs[i].Kind == "" {
			docs[i].Kind = "article"
		}
		if docs[i].State == "" {
			docs[i].State = "published"
			docs[i].Live = true
		}
		docs[i].URL = fmt.Sprintf("/tin-tuc/bai-%d", docs[i].ItemID)
	}
	if err := ix.Put(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
}

func find(t *testing.T, ix *search.Index, q string, f search.Filter) *search.Results {
	t.Helper()
	res, err := ix.Search(context.Background(), search.Parse(q), f)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

func ids(res *search.Results) []int64 {
	var out []int64
	for _, h := range res.Hits {
		out = append(out, h.ItemID)
	}
	return out
}

// day is a date as the documents of the tests carry it.
func day(s string) *time.Time { d, _ := time.Parse("2006-01-02", s); return &d }

func TestSearchBehaviour(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ix := search.New(db, time.Now)
		put(t, ix,
			search.Doc{Title: "Công bố quy hoạch tỉnh Đồng Nai thời kỳ 2021-2030", Body: "Quy hoạch được phê duyệt.", PublishedAt: day("2024-01-10")},
			search.Doc{Title: "Tra cứu má số thuế", Body: "Hướng dẫn má số cho người dân.", PublishedAt: day("2024-02-10")},
			search.Doc{Title: "Tra cứu mã số thuế", Body: "Hướng dẫn mã số cho doanh nghiệp.", PublishedAt: day("2024-03-10")},
			search.Doc{Title: "Nghị định quy định chi tiết về quản lý", Body: "Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13 tháng 6 năm 2011.", PublishedAt: day("2024-04-10")},
			search.Doc{Title: "Cung cấp thông tin trên trang thông tin điện tử", Body: "Nội dung nghị định.", Kind: "legal", Number: "43/2011/NĐ-CP", DocType: "Nghị định", PublishedAt: day("2011-06-13")},
			search.Doc{Title: "Ủy ban nhân dân tỉnh họp phiên thường kỳ", Body: "Phiên họp tháng 5.", PublishedAt: day("2024-05-10")},
			search.Doc{Title: "Giá xăng tăng, điều chỉnh kế hoạch", Body: "Giá dầu và xăng đều tăng mạnh trong tuần.", PublishedAt: day("2024-06-10")},
			search.Doc{Title: "Tăng giá xăng dầu từ chiều nay", Body: "Liên bộ điều chỉnh giá xăng dầu.", PublishedAt: day("2024-07-10")},
			search.Doc{Title: "Bản nháp về đồng nai", Body: "Chưa đăng.", State: "draft", PublishedAt: day("2024-08-10")},
		)
		// Diacritic-insensitive, đ→d.
		if got := ids(find(t, ix, "dong nai", search.Filter{})); len(got) != 1 || got[0] != 1 {
			t.Errorf("dong nai = %v; want [1] (the draft never shows)", got)
		}
		if got := ids(find(t, ix, "quy hoach", search.Filter{})); len(got) != 1 || got[0] != 1 {
			t.Errorf("quy hoach = %v", got)
		}
		// Tone-exact first.
		if got := ids(find(t, ix, "mã số", search.Filter{})); len(got) != 2 || got[0] != 3 {
			t.Errorf("mã số = %v; want 3 first", got)
		}
		if got := ids(find(t, ix, "má số", search.Filter{})); len(got) != 2 || got[0] != 2 {
			t.Errorf("má số = %v; want 2 first", got)
		}
		// Document numbers in any typing: the document itself first.
		for _, q := range []string{"43/2011/NĐ-CP", "43/2011/ND-CP", "43-2011-nd-cp", "43 2011 NĐ CP", "43/2011/nđ-cp", "nghị định 43/2011/NĐ-CP"} {
			if got := ids(find(t, ix, q, search.Filter{})); len(got) == 0 || got[0] != 5 {
				t.Errorf("%q = %v; want 5 first", q, got)
			}
		}
		// Abbreviations.
		if got := ids(find(t, ix, "UBND tỉnh", search.Filter{})); len(got) != 1 || got[0] != 6 {
			t.Errorf("UBND tỉnh = %v", got)
		}
		// Adjacent words above scattered ones; phrases.
		if got := ids(find(t, ix, "giá xăng dầu", search.Filter{})); len(got) != 2 || got[0] != 8 {
			t.Errorf("giá xăng dầu = %v; want 8 first", got)
		}
		if got := ids(find(t, ix, `"xăng dầu"`, search.Filter{})); len(got) != 1 || got[0] != 8 {
			t.Errorf(`"xăng dầu" = %v; want [8]`, got)
		}
		// Filters: kind, document type, dates, site.
		if got := ids(find(t, ix, "nghị định", search.Filter{Kinds: []string{"legal"}})); len(got) != 1 || got[0] != 5 {
			t.Errorf("kind filter = %v", got)
		}
		if got := ids(find(t, ix, "nghị định", search.Filter{DocType: "Nghị định"})); len(got) != 1 || got[0] != 5 {
			t.Errorf("type filter = %v", got)
		}
		from, _ := time.Parse("2006-01-02", "2024-06-01")
		if got := ids(find(t, ix, "xăng", search.Filter{From: from, To: from.AddDate(0, 1, 0)})); len(got) != 1 || got[0] != 7 {
			t.Errorf("date filter = %v", got)
		}
		if got := ids(find(t, ix, "xăng", search.Filter{SiteIDs: []int64{2}})); len(got) != 0 {
			t.Errorf("site filter = %v", got)
		}
		// Staff see the draft.
		if got := ids(find(t, ix, "dong nai", search.Filter{Staff: true, SiteIDs: []int64{1}})); len(got) != 2 {
			t.Errorf("staff dong nai = %v; want the draft too", got)
		}
		// Snippets mark the words, escaped.
		res := find(t, ix, "xang dau", search.Filter{})
		if res.Total != 2 || !strings.Contains(string(res.Hits[0].Snippet), "<mark>xăng dầu</mark>") && !strings.Contains(string(res.Hits[0].Snippet), "<mark>xăng</mark> <mark>dầu</mark>") {
			t.Errorf("snippet = %q (total %d)", res.Hits[0].Snippet, res.Total)
		}
		// Did you mean.
		res = find(t, ix, "quy hoahc", search.Filter{})
		if !res.AnyWord || res.Suggestion != "quy hoach" {
			t.Errorf("quy hoahc: total %d, suggestion %q", res.Total, res.Suggestion)
		}
		// Any word when no document holds them all.
		res = find(t, ix, "xăng quy hoạch", search.Filter{})
		if !res.AnyWord || res.Total != 4 { // "quy" of "quy định" too
			t.Errorf("any-word fallback: %+v", res)
		}
		res = find(t, ix, "xyzw", search.Filter{})
		if res.Total != 0 || res.Suggestion != "" {
			t.Errorf("xyzw: %+v", res)
		}
		// Paging.
		res = find(t, ix, "tra cứu", search.Filter{PerPage: 1, Page: 2})
		if res.Total != 2 || len(res.Hits) != 1 || res.Pages() != 2 {
			t.Errorf("page 2 = %+v", res)
		}
		// Removal.
		if err := ix.Remove(context.Background(), 8); err != nil {
			t.Fatal(err)
		}
		if got := ids(find(t, ix, `"xăng dầu"`, search.Filter{})); len(got) != 0 {
			t.Errorf("after removal = %v", got)
		}
	})
}
