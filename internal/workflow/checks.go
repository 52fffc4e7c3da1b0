package workflow

import (
	"context"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// CheckOptions tell the checks what they cannot know themselves: whether
// an internal link leads anywhere (the web layer knows the routes).
type CheckOptions struct {
	LinkExists    func(path string) bool
	InternalHosts []string
}

// Check runs the checks before publishing (Art. 12.7) on an item's
// current revision, for the editor's page.
func (e *Engine) Check(ctx context.Context, it *content.Item, opts CheckOptions) ([]richtext.Problem, error) {
	return e.check(ctx, e.db, it, it.Rev, opts)
}

func (e *Engine) check(ctx context.Context, q store.Querier, it *content.Item, rev *content.Revision, opts CheckOptions) ([]richtext.Problem, error) {
	terms, err := prohibitedTerms(ctx, q, it.SiteID)
	if err != nil {
		return nil, err
	}
	var out []richtext.Problem
	required := func(empty bool, vi, en string) {
		if empty {
			out = append(out, richtext.Problem{Code: "required", Severity: "error", Message: apperr.Msg{VI: vi, EN: en}})
		}
	}
	// Art. 3.3: author and source; REQ-04: the Dublin Core description.
	required(rev.Author == "", "Thiếu tác giả (Điều 3.3 Quy chế).", "The author is missing (Art. 3.3).")
	required(rev.Source == "", "Thiếu nguồn tin (Điều 3.3 Quy chế).", "The source is missing (Art. 3.3).")
	required(rev.Summary == "", "Thiếu tóm tắt: cần cho phần mô tả (Dublin Core) và trang danh sách.", "The summary is missing: it is the Dublin Core description.")
	required(rev.CoverMediaID != 0 && rev.CoverAlt == "", "Ảnh đại diện chưa có mô tả thay thế (alt).", "The cover image has no alternative text.")
	out = append(out, richtext.Check(rev.Title, richtext.CheckOptions{Prohibited: terms})...)
	out = append(out, richtext.Check(rev.Body, richtext.CheckOptions{
		LinkExists: opts.LinkExists, InternalHosts: opts.InternalHosts, Prohibited: terms})...)
	recs, err := mediaText(ctx, q, it.SiteID, rev.Body)
	return append(out, recs...), err
}

func hasErrors(ps []richtext.Problem) bool {
	for _, p := range ps {
		if p.Severity == "error" {
			return true
		}
	}
	return false
}

// prohibitedTerms reads the editable list of terms (Art. 6) for a site:
// its own and those for every site.
func prohibitedTerms(ctx context.Context, q store.Querier, siteID int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT term FROM prohibited_terms WHERE site_id = ? OR site_id IS NULL`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	vn.SortStrings(out) // the list editors read, in Vietnamese order
	return out, rows.Err()
}
