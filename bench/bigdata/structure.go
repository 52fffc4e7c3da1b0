package main

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// actor is recorded for what this program makes through the portal's
// own stores.
var actor = audit.Actor{Name: "bigdata", IP: "local"}

// components are the component sites added beside the demo's: the
// province's departments and some of its wards and communes.
var components = []struct {
	name string
	kind site.Kind
}{
	{"Sở Tài chính", site.Department}, {"Sở Y tế", site.Department}, {"Sở Giáo dục và Đào tạo", site.Department},
	{"Sở Xây dựng", site.Department}, {"Sở Nông nghiệp và Môi trường", site.Department}, {"Sở Nội vụ", site.Department},
	{"Sở Tư pháp", site.Department}, {"Sở Công Thương", site.Department}, {"Sở Văn hóa, Thể thao và Du lịch", site.Department},
	{"Sở Dân tộc và Tôn giáo", site.Department}, {"Thanh tra tỉnh", site.Department}, {"Sở Ngoại vụ", site.Department},
	{"Ủy ban nhân dân phường Biên Hòa", site.Commune}, {"Ủy ban nhân dân phường Long Bình", site.Commune},
	{"Ủy ban nhân dân phường Tam Hiệp", site.Commune}, {"Ủy ban nhân dân phường Long Khánh", site.Commune},
	{"Ủy ban nhân dân xã Long Thành", site.Commune}, {"Ủy ban nhân dân xã Nhơn Trạch", site.Commune},
	{"Ủy ban nhân dân xã Trảng Bom", site.Commune}, {"Ủy ban nhân dân xã Định Quán", site.Commune},
	{"Ủy ban nhân dân xã Tân Phú", site.Commune}, {"Ủy ban nhân dân xã Xuân Lộc", site.Commune},
}

// siteCategories are the categories every site gets besides the
// sections the rules require; the first is where most news goes.
var siteCategories = []content.Category{
	{Slug: "tin-tuc-su-kien", Name: "Tin tức – Sự kiện", NameEN: "News and events", InMenu: true, HomeBlock: true},
	{Slug: "thong-bao", Name: "Thông báo", NameEN: "Announcements", InMenu: true, HomeBlock: true},
	{Slug: "chi-dao-dieu-hanh", Name: "Chỉ đạo điều hành", NameEN: "Direction and administration", InMenu: true},
	{Slug: "hoat-dong-chuyen-mon", Name: "Hoạt động chuyên môn", NameEN: "Professional activities"},
	{Slug: "cai-cach-hanh-chinh", Name: "Cải cách hành chính", NameEN: "Administrative reform", HomeBlock: true},
	{Slug: "chuyen-doi-so", Name: "Chuyển đổi số", NameEN: "Digital transformation"},
}

// siteInfo is a site with the categories items are filed in.
type siteInfo struct {
	*site.Site
	cats  []int64 // every category of the site
	news  int64   // most items go here
	legal int64   // the legal-documents section
}

// structure makes the component sites and the categories (idempotently:
// a second run finds them) and returns every site of the portal.
func structure(ctx context.Context, db *store.DB) ([]*siteInfo, error) {
	ss := site.NewSites(db, time.Now)
	main, err := ss.Main(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range components {
		code := vn.Slug(trimPrefix(c.name))
		if _, err := ss.ByCode(ctx, code); err == nil {
			continue
		}
		s := &site.Site{Code: code, Kind: c.kind, Name: c.name + " tỉnh Đồng Nai", PathPrefix: "/" + code, ParentID: main.ID,
			Owner: c.name, Responsible: "Thủ trưởng " + c.name, Address: "Tỉnh Đồng Nai", Phone: "0251 3822 000",
			Email: code + "@dongnai.gov.vn", Workflow: "full", PostCheckHours: 24}
		if c.kind == site.Commune {
			s.Name, s.Workflow = c.name, "short"
		}
		if err := ss.Create(ctx, s, actor); err != nil {
			return nil, fmt.Errorf("site %s: %w", code, err)
		}
	}
	all, err := ss.List(ctx)
	if err != nil {
		return nil, err
	}
	cs := content.NewStore(db, time.Now)
	sections := &rules.Sites{Rules: rules.NewStore(db, time.Now), Content: cs}
	var out []*siteInfo
	for _, st := range all {
		if st.Status == site.Active {
			if _, err := sections.EnsureSections(ctx, st, actor); err != nil {
				return nil, fmt.Errorf("sections of %s: %w", st.Code, err)
			}
		}
		si, err := categoriesOf(ctx, cs, st)
		if err != nil {
			return nil, err
		}
		out = append(out, si)
	}
	return out, nil
}

// categoriesOf adds the usual categories a site lacks and lists them.
func categoriesOf(ctx context.Context, cs *content.Store, st *site.Site) (*siteInfo, error) {
	for i, c := range siteCategories {
		_, err := cs.CategoryBySlug(ctx, st.ID, c.Slug)
		if err == nil {
			continue
		}
		if apperr.KindOf(err) != apperr.NotFound {
			return nil, err
		}
		c.SiteID, c.Position = st.ID, 100+i
		if err := cs.SaveCategory(ctx, &c, actor); err != nil {
			return nil, fmt.Errorf("category %s of %s: %w", c.Slug, st.Code, err)
		}
	}
	cats, err := cs.Categories(ctx, st.ID)
	if err != nil {
		return nil, err
	}
	si := &siteInfo{Site: st}
	for _, c := range cats {
		si.cats = append(si.cats, c.ID)
		switch c.Slug {
		case "tin-tuc-su-kien":
			si.news = c.ID
		case "van-ban-phap-luat":
			si.legal = c.ID
		}
	}
	if si.legal == 0 {
		si.legal = si.news
	}
	return si, nil
}

// trimPrefix drops "Ủy ban nhân dân " from a commune's name for its code.
func trimPrefix(name string) string {
	const ubnd = "Ủy ban nhân dân "
	if len(name) > len(ubnd) && name[:len(ubnd)] == ubnd {
		return name[len(ubnd):]
	}
	return name
}
