package account

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Grant gives user the role on site. The caller has checked that the
// actor may (MayGrant); the change is audited with the actor's name.
func (us *Users) Grant(ctx context.Context, userID, siteID int64, r Role, by audit.Actor) error {
	return us.changeRole(ctx, userID, siteID, r, by, true)
}

// Revoke takes the role on site away from user.
func (us *Users) Revoke(ctx context.Context, userID, siteID int64, r Role, by audit.Actor) error {
	return us.changeRole(ctx, userID, siteID, r, by, false)
}

func (us *Users) changeRole(ctx context.Context, userID, siteID int64, r Role, by audit.Actor, grant bool) error {
	if !r.Valid() {
		return apperr.Field("role", "Vai trò không hợp lệ.", "Unknown role.")
	}
	now := us.now().UTC()
	return us.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		action := "role.grant"
		if grant {
			_, err = tx.Exec(ctx, `INSERT INTO site_roles (user_id, site_id, role, granted_at, granted_by)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, userID, siteID, r, now, nullable(by.ID))
		} else {
			action = "role.revoke"
			_, err = tx.Exec(ctx, `DELETE FROM site_roles WHERE user_id = ? AND site_id = ? AND role = ?`, userID, siteID, r)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", action, err)
		}
		return audit.Record(ctx, tx, by.Entry(action, siteID, fmt.Sprint(userID), string(r)))
	})
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
