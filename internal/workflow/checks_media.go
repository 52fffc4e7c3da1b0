package workflow

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
)

// CodeMediaText is the problem of a recording linked without its text.
const CodeMediaText = "media-text"

// mediaText is the check of the recordings an item links (issue 20
// point 8; REQ-54, WCAG 2.1 1.2.1–1.2.3): each video or audio file of the
// site's library that the body links or embeds must have a transcript, or
// for a video captions, before the item is approved. It is an error, so
// an approval stops here (gate) like any other failed check.
func mediaText(ctx context.Context, q store.Querier, siteID int64, body string) ([]richtext.Problem, error) {
	recs, err := media.LinkedRecordings(ctx, q, siteID, body)
	if err != nil {
		return nil, fmt.Errorf("workflow: check recordings: %w", err)
	}
	var out []richtext.Problem
	for _, r := range recs {
		if r.Accessible {
			continue
		}
		msg := apperr.Msg{
			VI: fmt.Sprintf("Tệp âm thanh “%s” chưa có bản ghi lời: hãy nhập bản ghi lời ở trang “Ảnh và tệp” trước khi duyệt, để người khiếm thính cũng đọc được nội dung.", r.Name),
			EN: fmt.Sprintf("The audio file “%s” has no transcript: add one on the media page before approval, so that deaf readers can read it.", r.Name)}
		if r.Video {
			msg = apperr.Msg{
				VI: fmt.Sprintf("Video “%s” chưa có phụ đề hay bản ghi lời: hãy chọn tệp phụ đề (.vtt) hoặc nhập bản ghi lời ở trang “Ảnh và tệp” trước khi duyệt.", r.Name),
				EN: fmt.Sprintf("The video “%s” has neither captions nor a transcript: choose a captions file (.vtt) or add a transcript on the media page before approval.", r.Name)}
		}
		out = append(out, richtext.Problem{Code: CodeMediaText, Severity: "error", Message: msg, Excerpt: r.Name})
	}
	return out, nil
}
