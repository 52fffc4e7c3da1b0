package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
)

// The template benchmarks execute a page's templates alone, with its data
// made here, no database and no handler: the part of an uncached render
// that this package controls (issue 12, point 6). The handler benchmarks
// (BenchmarkArticleUncached, and those of corpus_bench_test.go) measure
// the whole of it.

// benchSite is a main portal with its full header and footer.
var benchSite = &site.Site{ID: 1, Code: "dong-nai", Kind: site.Portal, Main: true, Status: site.Active,
	Name: "Ủy ban nhân dân tỉnh Đồng Nai", NameEN: "Dong Nai Provincial People's Committee",
	Owner: "Ủy ban nhân dân tỉnh Đồng Nai", Responsible: "Chánh Văn phòng UBND tỉnh",
	Address: "Số 2 Nguyễn Văn Trị, phường Trấn Biên, tỉnh Đồng Nai", Phone: "0251 3822 403", Email: "banbientap@dongnai.gov.vn"}

// benchCategories are a portal's categories: the required sections and
// the imported ones, three of them in the menu.
func benchCategories() []*content.Category {
	var cats []*content.Category
	for i := range 26 {
		cats = append(cats, &content.Category{ID: int64(i + 1), SiteID: 1, Slug: fmt.Sprintf("chuyen-muc-%d", i+1),
			Name: fmt.Sprintf("Chuyên mục số %d về đời sống", i+1), NameEN: fmt.Sprintf("Category %d", i+1), Position: i, InMenu: i < 3})
	}
	return cats
}

// benchItem is a published article of about 4 KB, like the corpus's.
func benchItem(id int64) *content.Item {
	t := time.Date(2021, 3, 14, 9, 30, 0, 0, time.UTC)
	var body strings.Builder
	for i := range 8 {
		fmt.Fprintf(&body, "<p>Đoạn %d: Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và địa phương tập trung triển khai "+
			"đồng bộ các giải pháp, bảo đảm tiến độ và chất lượng công việc, báo cáo kết quả về Văn phòng trước ngày 15 hằng tháng; "+
			"người dân và doanh nghiệp được hướng dẫn đầy đủ, kịp thời.</p>\n", i+1)
	}
	return &content.Item{ID: id, SiteID: 1, Kind: content.Article, State: content.Published, Lang: "vi", Live: true,
		Slug: fmt.Sprintf("tinh-trien-khai-nhiem-vu-trong-tam-%d", id), CategoryID: 1, PublishedAt: &t, FirstPublishedAt: &t,
		Rev: &content.Revision{ID: id, ItemID: id, Number: 1, Title: fmt.Sprintf("Tỉnh triển khai nhiệm vụ trọng tâm số %d năm 2021", id),
			Summary: "Ủy ban nhân dân tỉnh ban hành kế hoạch triển khai các nhiệm vụ trọng tâm, tập trung vào cải cách hành chính và chuyển đổi số.",
			Body:    body.String(), Author: "Ban Biên tập", Source: "Văn phòng Ủy ban nhân dân tỉnh"}}
}

func benchPage(b *testing.B, lang string) *Page {
	as, err := loadAssets()
	if err != nil {
		b.Fatal(err)
	}
	return &Page{Lang: lang, Site: benchSite, Main: benchSite, Path: "/", Categories: benchCategories(), assets: as, Version: "bench"}
}

func benchRender(b *testing.B, name string, data pageData) {
	rd, err := loadTemplates()
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	if err := rd.render(rec, 200, name, data); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(rec.Body.Len()))
	b.ReportAllocs()
	defer CPUPerOp(b)()
	for i := 0; i < b.N; i++ {
		if err := rd.render(httptest.NewRecorder(), 200, name, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplateArticle executes the article page's templates.
func BenchmarkTemplateArticle(b *testing.B) {
	p := benchPage(b, "vi")
	it := benchItem(42)
	p.Title = it.Rev.Title
	ap := &articlePage{Page: p, Item: it, Category: p.Categories[0], Canonical: "https://dongnai.gov.vn" + it.URL(),
		base: "https://dongnai.gov.vn"}
	benchRender(b, "public/article", ap)
}

// BenchmarkTemplateCategory executes a category page of 20 teasers.
func BenchmarkTemplateCategory(b *testing.B) {
	p := benchPage(b, "vi")
	lp := &listPage{Page: p, Category: p.Categories[0], PageNo: 2,
		Prev: "/chuyen-muc/chuyen-muc-1?trang=1", Next: "/chuyen-muc/chuyen-muc-1?trang=3"}
	for i := range 20 {
		lp.Items = append(lp.Items, benchItem(int64(100+i)))
	}
	benchRender(b, "public/category", lp)
}

// BenchmarkTemplateHome executes the main portal's home: 3 featured
// items, the 10 latest, two home blocks of 5 and the component sites.
func BenchmarkTemplateHome(b *testing.B) {
	p := benchPage(b, "vi")
	hp := &homePage{Page: p, SiteNames: map[int64]*site.Site{}}
	for i := range 3 {
		hp.Featured = append(hp.Featured, benchItem(int64(200+i)))
	}
	for i := range 10 {
		hp.Latest = append(hp.Latest, benchItem(int64(300+i)))
	}
	for k := range 2 {
		blk := homeBlock{Category: p.Categories[k]}
		for i := range 5 {
			blk.Items = append(blk.Items, benchItem(int64(400+10*k+i)))
		}
		hp.Blocks = append(hp.Blocks, blk)
	}
	for i := range 20 {
		hp.Components = append(hp.Components, &site.Site{ID: int64(10 + i), Code: fmt.Sprintf("so-%d", i), Kind: site.Department,
			Status: site.Active, Name: fmt.Sprintf("Sở số %d tỉnh Đồng Nai", i), PathPrefix: fmt.Sprintf("/so-%d", i)})
	}
	benchRender(b, "public/home", hp)
}
