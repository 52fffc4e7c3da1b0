package workflow

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Transition is one step in an item's history.
type Transition struct {
	Action  string
	From    content.State
	To      content.State
	Actor   string
	Comment string
	At      time.Time
}

// History lists an item's steps, oldest first.
func (e *Engine) History(ctx context.Context, itemID int64) ([]Transition, error) {
	rows, err := e.db.Query(ctx, `SELECT t.action, t.from_state, t.to_state, COALESCE(u.full_name, t.actor), t.comment, t.at
		FROM transitions t LEFT JOIN users u ON u.id = t.actor_id WHERE t.item_id = ? ORDER BY t.id`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transition
	for rows.Next() {
		var t Transition
		if err := rows.Scan(&t.Action, &t.From, &t.To, &t.Actor, &t.Comment, &t.At); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CorrectPublished saves a minor correction of a published item and
// publishes it at once, in one transaction. Only approvers may; the
// correction passes the same checks as an approval (a board head may
// override them with a reason), enters the post-publication check queue
// like any publication, and is marked minor in the revisions and recorded
// in the history, so it is never a way around the workflow.
func (e *Engine) CorrectPublished(ctx context.Context, itemID int64, d content.Edit, checks CheckOptions, override bool, p Person) (*content.Item, error) {
	d.Minor = true
	if err := d.Clean(); err != nil {
		return nil, err
	}
	now := e.now().UTC()
	var siteID int64
	err := e.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := content.LockItem(ctx, tx, itemID)
		if err != nil {
			return err
		}
		siteID = it.SiteID
		if !p.User.Can(it.SiteID, p.MainID, account.ApproveContent) {
			return apperr.New(apperr.Forbidden, "Chỉ người duyệt mới được đính chính trực tiếp bài đã đăng.",
				"Only approvers may correct a published item directly.")
		}
		if it.State != content.Published || !it.Live {
			return apperr.New(apperr.Conflict, "Chỉ đính chính trực tiếp được bài đang đăng không có bản sửa chờ duyệt.",
				"Only a published item with no pending draft can be corrected directly.")
		}
		if err := e.content.SaveTx(ctx, tx, itemID, d, p.actor()); err != nil {
			return err
		}
		rev, err := revisionIn(ctx, tx, latestRevision(ctx, tx, itemID))
		if err != nil {
			return err
		}
		reason, err := e.gate(ctx, tx, it, rev, Request{ItemID: itemID, Action: Correct, Comment: vn.Clean(d.Note),
			Override: override, Checks: checks}, p)
		if err != nil {
			return err
		}
		_, hours, err := siteFlow(ctx, tx, it.SiteID)
		if err != nil {
			return err
		}
		cur, err := content.LockItem(ctx, tx, itemID) // after the save: the new revision is current
		if err != nil {
			return err
		}
		if err := move(ctx, tx, cur, content.Published, now, reason); err != nil {
			return err
		}
		if err := queuePostCheck(ctx, tx, cur, p.User.ID, now, hours); err != nil {
			return err
		}
		it.CurrentRev = cur.CurrentRev
		return record(ctx, tx, it, Correct, content.Published, d.Note, p.actor(), now)
	})
	if err != nil {
		return nil, err
	}
	e.content.Changed(siteID, itemID)
	return e.content.Get(ctx, itemID)
}

// latestRevision is the id of the item's newest revision.
func latestRevision(ctx context.Context, q store.Querier, itemID int64) int64 {
	var id int64
	q.QueryRow(ctx, `SELECT current_rev FROM items WHERE id = ?`, itemID).Scan(&id)
	return id
}

// Terms lists the prohibited terms that apply to a site.
func (e *Engine) Terms(ctx context.Context, siteID int64) ([]string, error) {
	return prohibitedTerms(ctx, e.db, siteID)
}

// SetTerms replaces the site's own list of prohibited terms (Art. 6).
func (e *Engine) SetTerms(ctx context.Context, siteID int64, terms []string, p Person) error {
	if !p.User.Can(siteID, p.MainID, account.ApproveContent) && !p.User.Can(siteID, p.MainID, account.ManageSettings) {
		return apperr.New(apperr.Forbidden, "Vai trò của bạn không được sửa danh sách từ cấm.", "Your role may not edit the prohibited terms.")
	}
	now := e.now().UTC()
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM prohibited_terms WHERE site_id = ?`, siteID); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, t := range terms {
			t = vn.Clean(t)
			if t == "" || seen[vn.Fold(t)] {
				continue
			}
			seen[vn.Fold(t)] = true
			if _, err := tx.Exec(ctx, `INSERT INTO prohibited_terms (site_id, term, created_by, created_at) VALUES (?, ?, ?, ?)`,
				siteID, t, p.User.ID, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p.actor().Entry("terms.set", siteID, "", itoa(int64(len(seen)))))
	})
}
