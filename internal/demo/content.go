package demo

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/corpus"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/workflow"
)

// The demo's articles are written for the demo (no newspaper text); they
// show the shapes a portal's items take.
var demoCategories = []content.Category{
	{Slug: "tin-tuc-su-kien", Name: "Tin tức – Sự kiện", NameEN: "News and events", Position: 1, InMenu: true, HomeBlock: true},
	{Slug: "chi-dao-dieu-hanh", Name: "Chỉ đạo điều hành", NameEN: "Direction and administration", Position: 2, InMenu: true},
	{Slug: "thong-bao", Name: "Thông báo", NameEN: "Announcements", Position: 3, InMenu: true, HomeBlock: true},
}

type demoItem struct {
	site, category string
	edit           content.Edit
	state          content.State // where the demo leaves it
	publishIn      time.Duration // for scheduled items
	cover          string        // the cover's alt text, when the item has the demo's cover (WithMedia)
}

var demoItems = []demoItem{
	{"dong-nai", "tin-tuc-su-kien", content.Edit{Kind: content.Article, Featured: true,
		Title:   "Tỉnh triển khai kế hoạch chuyển đổi số năm 2027",
		Summary: "Ủy ban nhân dân tỉnh ban hành kế hoạch chuyển đổi số năm 2027, tập trung vào dịch vụ công trực tuyến toàn trình và dữ liệu dùng chung.",
		Body: `<p>Kế hoạch đặt mục tiêu đến cuối năm 2027, toàn bộ thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình.</p>
<h2>Ba nhóm nhiệm vụ chính</h2><ul><li>Hoàn thiện hạ tầng số và bảo đảm an toàn thông tin.</li><li>Kết nối, chia sẻ dữ liệu giữa các sở, ngành và xã, phường.</li><li>Đào tạo kỹ năng số cho cán bộ, công chức.</li></ul>
<p>Các sở, ngành và Ủy ban nhân dân cấp xã báo cáo tiến độ hằng quý về Sở Khoa học và Công nghệ.</p>
<p>Người dân tra cứu thủ tục tại <a href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.012345.000.00.00.H16&amp;co_quan_thuc_hien=so-khoa-hoc-va-cong-nghe-tinh-dong-nai">https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.012345.000.00.00.H16&amp;co_quan_thuc_hien=so-khoa-hoc-va-cong-nghe-tinh-dong-nai</a> và theo dõi chương trình qua thẻ #ChuyểnĐổiSốĐồngNaiNămHaiNghìnKhôngTrămHaiMươiBảyVìNgườiDânVàDoanhNghiệp.</p>`,
		Author: "Ban Biên tập", Source: "Văn phòng Ủy ban nhân dân tỉnh"}, content.Published, 0,
		"Đồi xanh bên dòng sông dưới bầu trời trong, hình minh họa cho kế hoạch chuyển đổi số"},
	{"dong-nai", "chi-dao-dieu-hanh", content.Edit{Kind: content.Article,
		Title:   "Chủ tịch UBND tỉnh chỉ đạo bảo đảm an toàn giao thông dịp cuối năm",
		Summary: "Các lực lượng chức năng tăng cường tuần tra, kiểm soát và xử lý vi phạm trong dịp cuối năm.",
		Body:    `<p>Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Công an tỉnh, Sở Xây dựng và Ủy ban nhân dân các xã, phường phối hợp bảo đảm an toàn giao thông, nhất là trên các tuyến quốc lộ đi qua địa bàn.</p>`,
		Author:  "Ban Biên tập", Source: "Văn phòng Ủy ban nhân dân tỉnh"}, content.Published, 0,
		"Quốc lộ uốn quanh đồi cây xanh ven sông lúc chiều, hình minh họa cho bài an toàn giao thông"},
	{"dong-nai", "thong-bao", content.Edit{Kind: content.Announcement,
		Title:   "Thông báo lịch tiếp công dân tháng 12",
		Summary: "Lịch tiếp công dân định kỳ của lãnh đạo Ủy ban nhân dân tỉnh trong tháng 12.",
		Body:    `<p>Lãnh đạo Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào ngày 15 hằng tháng tại Trụ sở Tiếp công dân tỉnh. Khi ngày tiếp trùng ngày nghỉ, lịch tiếp chuyển sang ngày làm việc kế tiếp.</p>`,
		Author:  "Ban Tiếp công dân", Source: "Ban Tiếp công dân tỉnh"}, content.Published, 0,
		"Cảnh đồi và sông trong nắng chiều, hình minh họa cho lịch tiếp công dân"},
	{"dong-nai", "tin-tuc-su-kien", content.Edit{Kind: content.Article,
		Title:   "Hội nghị tổng kết công tác năm của Ban Biên tập Cổng thông tin",
		Summary: "Ban Biên tập tổng kết hoạt động của Cổng Thông tin điện tử và các trang thành phần.",
		Body:    `<p>Hội nghị đánh giá việc cập nhật thông tin, trả lời phản ánh, kiến nghị và đề ra nhiệm vụ năm tới.</p>`,
		Author:  "Ban Biên tập", Source: "Ban Biên tập Cổng Thông tin điện tử"}, content.Scheduled, 24 * time.Hour, ""},
	{"dong-nai", "tin-tuc-su-kien", content.Edit{Kind: content.Article,
		Title:   "Khánh thành trung tâm phục vụ hành chính công",
		Summary: "Trung tâm đi vào hoạt động, tiếp nhận hồ sơ của người dân và doanh nghiệp.",
		Body:    `<p>Trung tâm bố trí khu vực hướng dẫn, khu vực tự phục vụ và máy tra cứu kết quả giải quyết hồ sơ.</p>`,
		Author:  "Cộng tác viên", Source: "Trung tâm Phục vụ hành chính công"}, content.Approval, 0, ""},
	{"so-khcn", "", content.Edit{Kind: content.Article,
		Title:   "Sở Khoa học và Công nghệ công bố danh mục nhiệm vụ khoa học năm 2027",
		Summary: "Danh mục gồm các nhiệm vụ về nông nghiệp công nghệ cao, chuyển đổi số và bảo vệ môi trường.",
		Body:    `<p>Các tổ chức, cá nhân quan tâm nộp hồ sơ đăng ký chủ trì nhiệm vụ tại Sở Khoa học và Công nghệ trước ngày 31 tháng 1.</p>`,
		Author:  "Phòng Quản lý khoa học", Source: "Sở Khoa học và Công nghệ"}, content.Published, 0, ""},
}

// legalSample is a few laws of the National Assembly from
// ../shared/corpus/legal.jsonl; legal texts are not covered by copyright
// (IP Law Art. 15), so they may ship in the demo.
//
//go:embed legal-sample.jsonl
var legalSample string

// fillLegal loads the sample into the main portal's legal-documents
// database, through the same importer as `cong import legal`.
func fillLegal(ctx context.Context, db *store.DB, now func() time.Time, siteID int64) error {
	cs := content.NewStore(db, now)
	im := &corpus.Importer{Content: cs, Legal: legal.NewStore(db, now), SiteID: siteID,
		SiteCode: "dong-nai", Kind: "legal", Actor: demoActor}
	if c, err := cs.CategoryBySlug(ctx, siteID, "van-ban-phap-luat"); err == nil {
		im.CategoryID = c.ID // the required legal-documents section
	}
	return im.Run(ctx, strings.NewReader(legalSample), 0, io.Discard)
}

// fillContent adds categories and items through the real workflow, so
// the demo's history, audit log and post-publication queue are real.
func fillContent(ctx context.Context, db *store.DB, now func() time.Time, sites map[string]int64, head, editor map[string]workflow.Person, o options) error {
	cs := content.NewStore(db, now)
	flow := workflow.New(db, cs, now)
	cats := map[string]int64{}
	for _, c := range demoCategories {
		c := c
		c.SiteID = sites["dong-nai"]
		if err := cs.SaveCategory(ctx, &c, demoActor); err != nil {
			return err
		}
		cats[c.Slug] = c.ID
	}
	scene := 0 // each cover its own picture (see coverJPEG)
	for _, d := range demoItems {
		e := d.edit
		e.CategoryID = cats[d.category]
		if d.publishIn > 0 {
			at := now().Add(d.publishIn)
			e.PublishAt = &at
		}
		ed := editor[d.site]
		by := audit.Actor{ID: ed.User.ID, Name: ed.User.Username, IP: "local"}
		if d.cover != "" && o.mediaDir != "" {
			id, err := uploadCover(ctx, db, now, o.mediaDir, sites[d.site], scene, by)
			scene++
			if err != nil {
				return fmt.Errorf("cover: %w", err)
			}
			e.CoverMediaID, e.CoverAlt = id, d.cover
		}
		it, err := cs.Create(ctx, sites[d.site], e, by)
		if err != nil {
			return err
		}
		steps := []struct {
			a  workflow.Action
			by workflow.Person
		}{{workflow.Submit, ed}, {workflow.Send, ed}, {workflow.Approve, head[d.site]}}
		for _, s := range steps {
			if d.state == content.Approval && s.a == workflow.Approve {
				break
			}
			if _, err := flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: s.a}, s.by); err != nil {
				return err
			}
		}
	}
	return nil
}
