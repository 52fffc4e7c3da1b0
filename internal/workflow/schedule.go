package workflow

import (
	"context"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
)

// scheduler is the actor of steps the portal takes by itself.
var scheduler = audit.Actor{Name: "lịch đăng", IP: "local"}

// RunSchedule publishes approved items whose publish-at has come and
// takes down live items whose unpublish-at has passed. The jobs component
// runs it often (under a lease, on one node), so both take effect within
// a minute. It returns the ids of the items it changed.
func (e *Engine) RunSchedule(ctx context.Context, now time.Time) ([]int64, error) {
	now = now.UTC()
	var changed []int64
	due, err := e.ids(ctx, `SELECT id FROM items WHERE state = 'scheduled' AND publish_at <= ? ORDER BY publish_at`, now)
	if err != nil {
		return nil, err
	}
	for _, id := range due {
		ok, err := e.scheduled(ctx, id, now, Publish)
		if err != nil {
			return changed, err
		}
		if ok {
			changed = append(changed, id)
		}
	}
	expired, err := e.ids(ctx, `SELECT id FROM items WHERE live AND unpublish_at IS NOT NULL AND unpublish_at <= ?`, now)
	if err != nil {
		return changed, err
	}
	for _, id := range expired {
		ok, err := e.scheduled(ctx, id, now, Unpublish)
		if err != nil {
			return changed, err
		}
		if ok {
			changed = append(changed, id)
		}
	}
	return changed, nil
}

// scheduled takes one step for the scheduler, re-checking the item under
// its lock: an editor may have changed it since it was listed.
func (e *Engine) scheduled(ctx context.Context, id int64, now time.Time, a Action) (bool, error) {
	done := false
	var siteID int64
	err := e.db.InTx(ctx, func(tx *store.Tx) error {
		it, err := content.LockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		siteID = it.SiteID
		var to content.State
		switch {
		case a == Publish && it.State == content.Scheduled && it.PublishAt != nil && !it.PublishAt.After(now):
			to = content.Published
		case a == Unpublish && it.Live && it.UnpublishAt != nil && !it.UnpublishAt.After(now):
			to = content.Unpublished
			if it.State != content.Published {
				to = it.State
			}
		default:
			return nil
		}
		if err := move(ctx, tx, it, to, now, ""); err != nil {
			return err
		}
		if a == Publish {
			approver, hours, err := lastApproval(ctx, tx, it.ID)
			if err != nil {
				return err
			}
			if err := queuePostCheck(ctx, tx, it, approver, now, hours); err != nil {
				return err
			}
		}
		done = true
		comment := "theo lịch đăng"
		if a == Unpublish {
			comment = "hết thời hạn đăng"
		}
		return record(ctx, tx, it, a, to, comment, scheduler, now)
	})
	if err == nil && done {
		e.content.Changed(siteID, id)
	}
	return done, err
}

// lastApproval finds who approved the item last (the post-publication
// check must be done by someone else) and the site's check period.
func lastApproval(ctx context.Context, tx *store.Tx, itemID int64) (int64, int, error) {
	var approver int64
	var hours int
	err := tx.QueryRow(ctx, `SELECT COALESCE((SELECT actor_id FROM transitions WHERE item_id = ? AND action = 'approve'
		ORDER BY id DESC LIMIT 1), 0), s.post_check_hours FROM items i JOIN sites s ON s.id = i.site_id WHERE i.id = ?`,
		itemID, itemID).Scan(&approver, &hours)
	return approver, hours, err
}

func (e *Engine) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := e.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
