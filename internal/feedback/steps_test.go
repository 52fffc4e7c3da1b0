package feedback_test

import (
	"context"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestMergeForwardReject: a duplicate is merged into the request kept;
// forwarding and rejection need a reason, which the sender sees and is
// told by mail; a final request takes no more steps.
func TestMergeForwardReject(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		keep, _, _ := f.fb.Submit(ctx, f.submission())
		dup, _, _ := f.fb.Submit(ctx, f.submission())
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: dup.ID, Action: feedback.Merge, Into: "PAKN-2026-999999"}, f.people["bientap"]); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("merged into an unknown code: %v", err)
		}
		got := f.step("bientap", feedback.StepRequest{ID: dup.ID, Action: feedback.Merge, Into: keep.Code})
		if got.State != feedback.Merged || got.MergedInto != keep.ID {
			t.Errorf("merge: %s into %d", got.State, got.MergedInto)
		}
		out, _, _ := f.fb.Submit(ctx, f.submission())
		f.step("bientap", feedback.StepRequest{ID: out.ID, Action: feedback.Register})
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: out.ID, Action: feedback.Forward}, f.people["bientap"]); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("forwarded without a reason: %v", err)
		}
		f.mails = nil
		f.step("bientap", feedback.StepRequest{ID: out.ID, Action: feedback.Forward, Reason: "Thuộc thẩm quyền Bộ Xây dựng"})
		pub, _ := f.fb.Timeline(ctx, out.ID, true)
		if last := pub[len(pub)-1]; last.Kind != "forward" || last.Note != "Thuộc thẩm quyền Bộ Xây dựng" {
			t.Errorf("the sender's timeline ends with %+v", last)
		}
		if len(f.mails) != 1 || f.mails[0].to != "an@example.vn" {
			t.Errorf("mails after forwarding: %+v", f.mails)
		}
		if _, err := f.fb.Step(ctx, feedback.StepRequest{ID: out.ID, Action: feedback.Accept}, f.people["bientap"]); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("a step on a forwarded request: %v", err)
		}
	})
}
