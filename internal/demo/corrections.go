package demo

import (
	"context"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/correction"
	"github.com/congportal/cong/internal/workflow"
)

func init() {
	moreFills = append(moreFills, struct {
		what string
		fill func(ctx context.Context, env *fillEnv) error
	}{"corrections", fillCorrections})
}

// The demo's correction (REQ-21): an announcement of the chairman's
// citizen-reception day, published with the wrong day, corrected by the
// board head, the correction marked public; and a reader's open error
// report about another page, with a made-up address for the answer, so
// the queue shows its 15-day deadline.
const (
	correctionSlug = "lich-tiep-cong-dan-dinh-ky-thang-12-nam-2026"
	correctionWas  = `<p>Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào <strong>thứ Ba, ngày 15 tháng 12 năm 2026</strong>, từ 7 giờ 30 đến 11 giờ, tại Trụ sở Tiếp công dân tỉnh, số 2 đường Nguyễn Văn Trị.</p>
<p>Công dân đến đăng ký mang theo giấy tờ tùy thân và tài liệu liên quan đến nội dung khiếu nại, tố cáo, kiến nghị.</p>`
	correctionNow = `<p>Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào <strong>thứ Tư, ngày 16 tháng 12 năm 2026</strong>, từ 7 giờ 30 đến 11 giờ, tại Trụ sở Tiếp công dân tỉnh, số 2 đường Nguyễn Văn Trị.</p>
<p>Công dân đến đăng ký mang theo giấy tờ tùy thân và tài liệu liên quan đến nội dung khiếu nại, tố cáo, kiến nghị.</p>`
	correctionNote = "Thông báo đăng ngày trước ghi nhầm ngày tiếp công dân là thứ Ba, ngày 15 tháng 12 năm 2026; ngày đúng là thứ Tư, ngày 16 tháng 12 năm 2026."
)

func fillCorrections(ctx context.Context, env *fillEnv) error {
	siteID := env.sites["dong-nai"]
	head, editor := env.heads["dong-nai"], env.editors["dong-nai"]
	cs := content.NewStore(env.db, env.now)
	flow := workflow.New(env.db, cs, env.now)
	it, err := cs.Create(ctx, siteID, content.Edit{Kind: content.Announcement, Slug: correctionSlug,
		Title:   "Lịch tiếp công dân định kỳ tháng 12 năm 2026 của Chủ tịch UBND tỉnh",
		Summary: "Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ tháng 12 năm 2026 tại Trụ sở Tiếp công dân tỉnh.",
		Body:    correctionWas, Author: "Văn phòng UBND tỉnh", Source: "Ban Tiếp công dân tỉnh"}, editor.User.Actor(""))
	if err != nil {
		return err
	}
	for _, s := range []struct {
		a  workflow.Action
		by workflow.Person
	}{{workflow.Submit, editor}, {workflow.Send, editor}, {workflow.Approve, head}} {
		if it, err = flow.Apply(ctx, workflow.Request{ItemID: it.ID, Action: s.a}, s.by); err != nil {
			return err
		}
	}
	d := content.Edit{Kind: it.Kind, Lang: it.Lang, Slug: it.Slug, Title: it.Rev.Title, Summary: it.Rev.Summary, Body: correctionNow,
		Author: it.Rev.Author, Source: it.Rev.Source, Version: it.Version, Note: "Sửa ngày tiếp công dân"}
	if it, err = flow.CorrectPublished(ctx, it.ID, d, workflow.CheckOptions{}, false, head); err != nil {
		return err
	}
	fixes := correction.NewStore(env.db, cs, env.now)
	if _, err := fixes.Publish(ctx, it.ID, 0, correctionNote, correction.Person{User: head.User, MainID: head.MainID, Actor: head.User.Actor("")}); err != nil {
		return err
	}
	return flow.ReportErrorFrom(ctx, siteID, 0, "/lien-he", "Số điện thoại đường dây nóng trên trang liên hệ còn thiếu một chữ số.",
		"ban.doc@example.vn", "203.0.113.20")
}
