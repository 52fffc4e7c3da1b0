package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Engine applies workflow steps to items.
type Engine struct {
	db      *store.DB
	content *content.Store
	now     func() time.Time

	// Reply queues the answer to a reader who left an address with an
	// error report, inside the transaction that resolves it (reports.go);
	// nil leaves the address unused.
	Reply func(ctx context.Context, tx *store.Tx, r ErrorReport, resolution string) error
}

// New returns the workflow engine.
func New(db *store.DB, cs *content.Store, now func() time.Time) *Engine {
	return &Engine{db: db, content: cs, now: now}
}

// Request is a step asked for by a person.
type Request struct {
	ItemID   int64
	Action   Action
	Comment  string // the reason, for steps that need one; a note otherwise
	Override bool   // publish over failed checks (board head, with a reason)
	Checks   CheckOptions
}

// Person is who asks: the account, the main portal's id (installation-
// wide roles are held there) and their address for the audit log.
type Person struct {
	User   *account.User
	MainID int64
	IP     string
}

func (p Person) actor() audit.Actor {
	return audit.Actor{ID: p.User.ID, Name: p.User.Username, IP: p.IP}
}

// ChecksFailed carries the problems that stopped an approval. It unwraps
// to an Invalid apperr.Error, so the web layer answers 422.
type ChecksFailed struct {
	err      *apperr.Error
	Problems []richtext.Problem
}

func (c *ChecksFailed) Error() string { return c.err.Error() }
func (c *ChecksFailed) Unwrap() error { return c.err }

// Apply takes the step req for p. Everything is decided here on the
// server: the state, the role matrix, the reason, the checks; a refusal
// changes nothing, and a refusal for want of rights is audited.
func (e *Engine) Apply(ctx context.Context, req Request, p Person) (*content.Item, error) {
	st, ok := steps[req.Action]
	if !ok || req.Action == Publish || req.Action == Correct {
		return nil, apperr.New(apperr.Invalid, "Thao tác không hợp lệ.", "Unknown step.")
	}
	req.Comment = vn.Clean(req.Comment)
	now := e.now().UTC()
	var denied int64 // the site of a refusal for want of rights, audited after the transaction
	var siteID int64
	err := e.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := content.LockItem(ctx, tx, req.ItemID)
		if err != nil {
			return err
		}
		siteID = it.SiteID
		if !p.User.Can(it.SiteID, p.MainID, st.perm) {
			denied = it.SiteID
			return apperr.New(apperr.Forbidden, "Vai trò của bạn trên trang này không được thực hiện bước này.",
				"Your role on this site does not allow this step.")
		}
		if !allowedFrom(req.Action, it.State) && !(req.Action == Unpublish && it.Live) {
			return apperr.New(apperr.Conflict,
				fmt.Sprintf("Không thể %s khi nội dung đang ở trạng thái “%s”.", strings.ToLower(st.label.VI), it.State.Label("vi")),
				fmt.Sprintf("Cannot %s an item that is %s.", strings.ToLower(st.label.EN), strings.ToLower(it.State.Label("en"))))
		}
		if st.needReason && req.Comment == "" {
			return apperr.Field("comment", "Hãy ghi rõ lý do.", "Give the reason.")
		}
		rev, err := revisionIn(ctx, tx, it.CurrentRev)
		if err != nil {
			return err
		}
		if req.Action == Submit && (rev.Author == "" || rev.Source == "") {
			return apperr.Field("author", "Hãy ghi tác giả và nguồn trước khi gửi (Điều 3.3 Quy chế).",
				"Give the author and the source before submitting (Art. 3.3).")
		}
		override := ""
		if req.Action == Approve {
			if override, err = e.gate(ctx, tx, it, rev, req, p); err != nil {
				return err
			}
		}
		flow, hours, err := siteFlow(ctx, tx, it.SiteID)
		if err != nil {
			return err
		}
		scheduled := it.PublishAt != nil && it.PublishAt.After(now)
		to := next(req.Action, it.State, flow, scheduled)
		if req.Action == Unpublish && it.State != content.Published {
			to = it.State // a live item with a new draft: the draft stays where it is
		}
		if err := move(ctx, tx, it, to, now, override); err != nil {
			return err
		}
		if req.Action == Approve && override == "" && it.OverrideReason != "" {
			// Approved cleanly this time: off the list of items to review.
			if _, err := tx.Exec(ctx, `UPDATE items SET override_reason = '' WHERE id = ?`, it.ID); err != nil {
				return err
			}
		}
		if to == content.Published && req.Action != Republish {
			if err := queuePostCheck(ctx, tx, it, p.User.ID, now, hours); err != nil {
				return err
			}
		}
		return record(ctx, tx, it, req.Action, to, req.Comment, p.actor(), now)
	})
	if denied != 0 {
		// Outside the transaction: on SQLite the write connection is the
		// transaction's until it ends.
		audit.Record(ctx, e.db, p.actor().Entry("denied", denied, fmt.Sprint(req.ItemID), string(req.Action)))
	}
	if err != nil {
		return nil, err
	}
	e.content.Changed(siteID, req.ItemID) // committed: cached pages may show the old state
	return e.content.Get(ctx, req.ItemID)
}

// gate runs the checks before an approval. Failures stop it unless a
// board head overrides them with a reason, which is recorded.
func (e *Engine) gate(ctx context.Context, tx *store.Tx, it *content.Item, rev *content.Revision, req Request, p Person) (string, error) {
	problems, err := e.check(ctx, tx, it, rev, req.Checks)
	if err != nil {
		return "", err
	}
	if !hasErrors(problems) {
		return "", nil
	}
	if !req.Override {
		return "", &ChecksFailed{err: apperr.New(apperr.Invalid,
			"Nội dung chưa qua kiểm tra trước khi đăng; hãy sửa các lỗi được liệt kê.",
			"The item failed the checks before publishing; fix the problems listed."), Problems: problems}
	}
	if !p.User.Can(it.SiteID, p.MainID, account.OverrideChecks) {
		return "", apperr.New(apperr.Forbidden, "Chỉ Trưởng ban mới được đăng khi nội dung chưa qua kiểm tra.",
			"Only the board head may publish over failed checks.")
	}
	if req.Comment == "" {
		return "", apperr.Field("comment", "Hãy ghi lý do đăng khi nội dung chưa qua kiểm tra.",
			"Give the reason for publishing over failed checks.")
	}
	return req.Comment, nil
}

// move sets the item's new state; publication makes the current revision
// the public one.
func move(ctx context.Context, tx *store.Tx, it *content.Item, to content.State, now time.Time, override string) error {
	var err error
	switch to {
	case content.Published:
		_, err = tx.Exec(ctx, `UPDATE items SET state = 'published', live = TRUE, published_rev = current_rev,
			published_at = ?, first_published_at = COALESCE(first_published_at, ?),
			override_reason = CASE WHEN ? <> '' THEN ? ELSE override_reason END,
			version = version + 1, updated_at = ? WHERE id = ?`, now, now, override, override, now, it.ID)
	case content.Unpublished, content.Archived:
		_, err = tx.Exec(ctx, `UPDATE items SET state = ?, live = FALSE, version = version + 1, updated_at = ? WHERE id = ?`,
			to, now, it.ID)
	case it.State: // unpublishing a live item whose new draft is in review
		_, err = tx.Exec(ctx, `UPDATE items SET live = FALSE, version = version + 1, updated_at = ? WHERE id = ?`, now, it.ID)
	default:
		_, err = tx.Exec(ctx, `UPDATE items SET state = ?, override_reason = CASE WHEN ? <> '' THEN ? ELSE override_reason END,
			version = version + 1, updated_at = ? WHERE id = ?`, to, override, override, now, it.ID)
	}
	return err
}

// record writes the step to the item's history and to the audit log.
func record(ctx context.Context, tx *store.Tx, it *content.Item, a Action, to content.State, comment string, by audit.Actor, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO transitions (item_id, revision_id, action, from_state, to_state, actor_id, actor, comment, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, it.ID, it.CurrentRev, a, it.State, to, nullID(by.ID), by.Name, comment, now)
	if err != nil {
		return err
	}
	e := by.Entry("item."+string(a), it.SiteID, fmt.Sprint(it.ID), string(it.State)+" → "+string(to)+" "+comment)
	e.At = now
	return audit.Record(ctx, tx, e)
}

func siteFlow(ctx context.Context, q store.Querier, siteID int64) (Flow, int, error) {
	var flow Flow
	var hours int
	err := q.QueryRow(ctx, `SELECT workflow, post_check_hours FROM sites WHERE id = ?`, siteID).Scan(&flow, &hours)
	return flow, hours, err
}

func revisionIn(ctx context.Context, q store.Querier, id int64) (*content.Revision, error) {
	var r content.Revision
	err := q.QueryRow(ctx, `SELECT id, title, summary, body, author, source, cover_alt, COALESCE(cover_media_id, 0)
		FROM revisions WHERE id = ?`, id).Scan(&r.ID, &r.Title, &r.Summary, &r.Body, &r.Author, &r.Source, &r.CoverAlt, &r.CoverMediaID)
	return &r, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
