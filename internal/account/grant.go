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
			if err := mayReceive(ctx, tx, userID, r, by); err != nil {
				return err
			}
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

var errSelfGrant = apperr.New(apperr.Forbidden, "Không ai tự giao vai trò cho chính mình: hãy nhờ người có thẩm quyền khác.",
	"Nobody grants a role to themselves: ask another person who may.")

// mayReceive enforces who may receive a role, whoever grants it: nobody
// grants a role to themselves (a command-line grant has no actor), and
// nobody holds two duties that must stay apart (Separated) — on any
// site, since the administrator's role reaches them all.
func mayReceive(ctx context.Context, tx *store.Tx, userID int64, r Role, by audit.Actor) error {
	if by.ID != 0 && by.ID == userID {
		return errSelfGrant
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT role FROM site_roles WHERE user_id = ?`, userID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var held Role
		if err := rows.Scan(&held); err != nil {
			return err
		}
		if Separated(held, r) {
			return separationError(held, r)
		}
	}
	return rows.Err()
}

// separationError says which held role stands in the way.
func separationError(held, r Role) error {
	return apperr.New(apperr.Conflict,
		fmt.Sprintf("Không thể giao vai trò %s cho người đang giữ vai trò %s: duyệt nội dung và quản trị hệ thống là hai nhiệm vụ tách biệt.",
			r.Label("vi"), held.Label("vi")),
		fmt.Sprintf("Cannot grant %s to a person who holds %s: approving content and administering the system are separate duties.",
			r.Label("en"), held.Label("en")))
}

func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
