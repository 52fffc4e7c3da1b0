// Package workflow moves content through the editorial board's steps —
// draft, editing, approval, scheduled, published, unpublished, archived —
// allowing each step only to the roles of the matrix, checking items
// before publication and queueing them for a second check after (Art.
// 12.3, 12.7), and carrying component sites' items to the main portal's
// inbox (Art. 17.1). Every step is recorded with actor, time and comment.
package workflow

import (
	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
)

// Action is a step a person asks for.
type Action string

// The workflow steps.
const (
	Submit    Action = "submit"    // draft → editing (or approval when the site skips editing)
	Send      Action = "send"      // editing → approval
	Return    Action = "return"    // any review step → draft, with a reason (trả lại)
	Approve   Action = "approve"   // approval → published, or scheduled when publish-at is ahead
	Unpublish Action = "unpublish" // published → unpublished, with a reason
	Republish Action = "republish" // unpublished → published
	Archive   Action = "archive"   // published or unpublished → archived
	Publish   Action = "publish"   // scheduled → published, by the scheduler
	Correct   Action = "correct"   // a minor correction of a published item by an approver
)

// step is one rule of the workflow: from which states an action may be
// taken, which permission of the role matrix it needs, and whether the
// person must say why.
type step struct {
	from       []content.State
	perm       account.Action
	needReason bool
	label      apperr.Msg
}

var steps = map[Action]step{
	Submit:    {[]content.State{content.Draft}, account.SubmitContent, false, apperr.Msg{VI: "Gửi biên tập", EN: "Submit"}},
	Send:      {[]content.State{content.Editing}, account.EditContent, false, apperr.Msg{VI: "Trình duyệt", EN: "Send for approval"}},
	Return:    {[]content.State{content.Editing, content.Approval, content.Scheduled}, account.ReturnContent, true, apperr.Msg{VI: "Trả lại", EN: "Return"}},
	Approve:   {[]content.State{content.Approval}, account.ApproveContent, false, apperr.Msg{VI: "Duyệt đăng", EN: "Approve"}},
	Unpublish: {[]content.State{content.Published}, account.PublishContent, true, apperr.Msg{VI: "Gỡ bài", EN: "Unpublish"}},
	Republish: {[]content.State{content.Unpublished}, account.PublishContent, false, apperr.Msg{VI: "Đăng lại", EN: "Republish"}},
	Archive:   {[]content.State{content.Published, content.Unpublished}, account.PublishContent, false, apperr.Msg{VI: "Lưu trữ", EN: "Archive"}},
	Publish:   {[]content.State{content.Scheduled}, account.PublishContent, false, apperr.Msg{VI: "Đăng", EN: "Publish"}},
	Correct:   {[]content.State{content.Draft}, account.ApproveContent, false, apperr.Msg{VI: "Đính chính nhỏ", EN: "Minor correction"}},
}

// Actions lists the steps people ask for, in the order buttons show them.
var Actions = []Action{Submit, Send, Approve, Return, Unpublish, Republish, Archive}

// Label is the step's name for people.
func (a Action) Label(lang string) string { return steps[a].label.In(lang) }

// NeedsReason reports whether the step must carry a comment.
func (a Action) NeedsReason() bool { return steps[a].needReason }

// Permission is the role-matrix action that the step needs.
func (a Action) Permission() account.Action { return steps[a].perm }

// Flow is how a site runs its workflow.
type Flow string

// The two flows: a commune site may skip the editing step.
const (
	Full  Flow = "full"
	Short Flow = "short"
)

// next is the state an action leads to from state on a site with flow.
func next(a Action, from content.State, flow Flow, scheduled bool) content.State {
	switch a {
	case Submit:
		if flow == Short {
			return content.Approval
		}
		return content.Editing
	case Send:
		return content.Approval
	case Return:
		return content.Draft
	case Approve:
		if scheduled {
			return content.Scheduled
		}
		return content.Published
	case Unpublish:
		return content.Unpublished
	case Archive:
		return content.Archived
	}
	return content.Published // Publish, Republish, Correct
}

// allowedFrom reports whether a may be taken from state.
func allowedFrom(a Action, state content.State) bool {
	for _, s := range steps[a].from {
		if s == state {
			return true
		}
	}
	return false
}

// Available lists the steps u may take on it now, for the buttons of the
// item page. The server checks again when a step is asked for.
func Available(u *account.User, mainID int64, it *content.Item) []Action {
	var out []Action
	for _, a := range Actions {
		if (allowedFrom(a, it.State) || (a == Unpublish && it.Live)) && u.Can(it.SiteID, mainID, steps[a].perm) {
			out = append(out, a)
		}
	}
	return out
}

// MayEdit reports whether u may save a new revision of it now: authors
// their own drafts, editors in the editing step and after publication,
// approvers while they review.
// workActions are those of the people who take part in a site's
// editorial work: they see its items in the making.
var workActions = []account.Action{account.EditContent, account.ReturnContent, account.ApproveContent,
	account.PublishContent, account.CheckPublished}

// SeesWork reports whether u takes part in the editorial work of the
// site: sees its drafts, items waiting for a step, their revisions and
// history. A liaison, an overseer or an administrator holds a role on
// the site without taking part: they see what is published.
func SeesWork(u *account.User, mainID, siteID int64) bool {
	for _, a := range workActions {
		if u.Can(siteID, mainID, a) {
			return true
		}
	}
	return false
}

// MayRead reports whether u may open it as staff: those who take part in
// the site's work, its author while they may still write, and anyone
// with a role on the site when it is public (and then only as
// published: see PublishedOnly).
func MayRead(u *account.User, mainID int64, it *content.Item) bool {
	return SeesWork(u, mainID, it.SiteID) || ownDraft(u, mainID, it) || it.Live
}

// PublishedOnly reports whether u, having opened it, sees only its
// published revision: not its drafts, revisions or history.
func PublishedOnly(u *account.User, mainID int64, it *content.Item) bool {
	return !SeesWork(u, mainID, it.SiteID) && !ownDraft(u, mainID, it)
}

func ownDraft(u *account.User, mainID int64, it *content.Item) bool {
	return it.CreatedBy == u.ID && u.Can(it.SiteID, mainID, account.WriteContent)
}

func MayEdit(u *account.User, mainID int64, it *content.Item) bool {
	can := func(a account.Action) bool { return u.Can(it.SiteID, mainID, a) }
	switch it.State {
	case content.Draft:
		return (it.CreatedBy == u.ID && can(account.WriteContent)) || can(account.EditContent) || can(account.ApproveContent)
	case content.Editing:
		return can(account.EditContent)
	case content.Approval, content.Scheduled:
		return can(account.ApproveContent)
	}
	return can(account.EditContent) || (it.CreatedBy == u.ID && can(account.WriteContent))
}
