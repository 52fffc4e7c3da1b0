package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Proposal is an item a component site offers to the main portal.
type Proposal struct {
	ID         int64
	ItemID     int64
	RevisionID int64
	FromSiteID int64
	FromSite   string
	Title      string
	Summary    string
	Author     string
	State      string // proposed, accepted, returned
	Note       string
	Reason     string
	ProposedAt time.Time
	CopyItemID int64
}

// Propose offers a published item of a component site to the main
// portal's editors (Art. 17.1).
func (e *Engine) Propose(ctx context.Context, itemID int64, note string, p Person) error {
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := content.LockItem(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if !p.User.Can(it.SiteID, p.MainID, account.SubmitToInbox) {
			return apperr.New(apperr.Forbidden, "Vai trò của bạn không được gửi tin lên Cổng chính.", "Your role may not propose items to the main portal.")
		}
		if it.SiteID == p.MainID {
			return apperr.New(apperr.Invalid, "Bài đã ở trên Cổng chính.", "The item is already on the main portal.")
		}
		if !it.Live {
			return apperr.New(apperr.Invalid, "Chỉ gửi được bài đã đăng trên trang của đơn vị.", "Only a published item can be proposed.")
		}
		var open int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inbox WHERE item_id = ? AND revision_id = ? AND state IN ('proposed', 'accepted')`,
			it.ID, it.PublishedRev).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "Bài này đã được gửi lên Cổng chính (đang chờ hoặc đã nhận).",
				"This item was already proposed to the main portal (awaiting or accepted).")
		}
		now := e.now().UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO inbox (item_id, revision_id, from_site_id, to_site_id, note, proposed_by, proposed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, it.ID, it.PublishedRev, it.SiteID, p.MainID, vn.Clean(note), p.User.ID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p.actor().Entry("inbox.propose", it.SiteID, fmt.Sprint(it.ID), vn.Clean(note)))
	})
}

// Inbox lists what waits for (or was decided by) the main portal.
func (e *Engine) Inbox(ctx context.Context, mainID int64, state string) ([]Proposal, error) {
	return e.proposals(ctx, "b.to_site_id = ?", mainID, state)
}

// Sent lists a component site's proposals in a state, for instance those
// the main portal returned, with their reasons.
func (e *Engine) Sent(ctx context.Context, siteID int64, state string) ([]Proposal, error) {
	return e.proposals(ctx, "b.from_site_id = ?", siteID, state)
}

func (e *Engine) proposals(ctx context.Context, cond string, siteID int64, state string) ([]Proposal, error) {
	rows, err := e.db.Query(ctx, `SELECT b.id, b.item_id, b.revision_id, b.from_site_id, s.name, r.title, r.summary, r.author,
		b.state, b.note, b.reason, b.proposed_at, COALESCE(b.copy_item_id, 0)
		FROM inbox b JOIN sites s ON s.id = b.from_site_id JOIN revisions r ON r.id = b.revision_id
		WHERE `+cond+` AND b.state = ? ORDER BY b.id DESC LIMIT 50`, siteID, state)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Proposal
	for rows.Next() {
		var pr Proposal
		if err := rows.Scan(&pr.ID, &pr.ItemID, &pr.RevisionID, &pr.FromSiteID, &pr.FromSite, &pr.Title, &pr.Summary,
			&pr.Author, &pr.State, &pr.Note, &pr.Reason, &pr.ProposedAt, &pr.CopyItemID); err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, rows.Err()
}

// Accept copies a proposed item to the main portal. The copy keeps the
// author, names the source site in its source and links to the original;
// it enters the main portal's workflow awaiting approval.
func (e *Engine) Accept(ctx context.Context, proposalID int64, p Person) (*content.Item, error) {
	pr, err := e.openProposal(ctx, proposalID, p)
	if err != nil {
		return nil, err
	}
	rev, err := e.content.Revision(ctx, pr.RevisionID)
	if err != nil {
		return nil, err
	}
	orig, err := e.content.Get(ctx, pr.ItemID)
	if err != nil {
		return nil, err
	}
	source := rev.Source
	if source == "" {
		source = pr.FromSite
	}
	now := e.now().UTC()
	// Claim the proposal first, so that of two editors accepting at once
	// one makes the copy and the other is told, leaving no stray copy.
	res, err := e.db.Exec(ctx, `UPDATE inbox SET state = 'accepted', decided_by = ?, decided_at = ?
		WHERE id = ? AND state = 'proposed'`, p.User.ID, now, proposalID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, apperr.New(apperr.Conflict, "Đề xuất này vừa được người khác xử lý.", "Someone else has just decided this proposal.")
	}
	// The public page names and links the source site (source_site_id).
	cp, err := e.content.Create(ctx, p.MainID, content.Edit{Kind: orig.Kind, Lang: orig.Lang, Title: rev.Title,
		Summary: rev.Summary, Body: rev.Body, Author: rev.Author, Source: source, Tags: rev.Tags,
		CoverMediaID: rev.CoverMediaID, CoverAlt: rev.CoverAlt, Note: "Nhận từ " + pr.FromSite}, p.actor())
	if err != nil {
		e.db.Exec(ctx, `UPDATE inbox SET state = 'proposed', decided_by = NULL, decided_at = NULL WHERE id = ?`, proposalID)
		return nil, err
	}
	err = e.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE inbox SET copy_item_id = ? WHERE id = ?`, cp.ID, proposalID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE items SET state = 'approval', source_site_id = ?, source_item_id = ? WHERE id = ?`,
			pr.FromSiteID, pr.ItemID, cp.ID); err != nil {
			return err
		}
		cp.State = content.Draft
		return record(ctx, tx, cp, "accept", content.Approval, "Nhận từ "+pr.FromSite, p.actor(), now)
	})
	if err != nil {
		return nil, err
	}
	e.content.Changed(p.MainID, cp.ID)
	return e.content.Get(ctx, cp.ID)
}

// ReturnProposal sends a proposal back to its site with a reason.
func (e *Engine) ReturnProposal(ctx context.Context, proposalID int64, reason string, p Person) error {
	reason = vn.Clean(reason)
	if reason == "" {
		return apperr.Field("reason", "Hãy ghi lý do trả lại.", "Give the reason for returning it.")
	}
	pr, err := e.openProposal(ctx, proposalID, p)
	if err != nil {
		return err
	}
	return e.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE inbox SET state = 'returned', reason = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND state = 'proposed'`, reason, p.User.ID, e.now().UTC(), proposalID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "Đề xuất này vừa được người khác xử lý.", "Someone else has just decided this proposal.")
		}
		return audit.Record(ctx, tx, p.actor().Entry("inbox.return", pr.FromSiteID, fmt.Sprint(pr.ItemID), reason))
	})
}

func (e *Engine) openProposal(ctx context.Context, id int64, p Person) (*Proposal, error) {
	var pr Proposal
	var to int64
	err := e.db.QueryRow(ctx, `SELECT b.id, b.item_id, b.revision_id, b.from_site_id, s.name, b.state, b.to_site_id
		FROM inbox b JOIN sites s ON s.id = b.from_site_id WHERE b.id = ?`, id).
		Scan(&pr.ID, &pr.ItemID, &pr.RevisionID, &pr.FromSiteID, &pr.FromSite, &pr.State, &to)
	if err == sql.ErrNoRows {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy đề xuất.", "Proposal not found.")
	}
	if err != nil {
		return nil, err
	}
	if !p.User.Can(to, p.MainID, account.AcceptFromInbox) {
		return nil, apperr.New(apperr.Forbidden, "Vai trò của bạn không được xử lý hộp thư Cổng chính.", "Your role may not handle the main portal's inbox.")
	}
	if pr.State != "proposed" {
		return nil, apperr.New(apperr.Conflict, "Đề xuất này đã được xử lý.", "This proposal was already decided.")
	}
	return &pr, nil
}
