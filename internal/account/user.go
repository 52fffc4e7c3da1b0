// Package account holds the people who run the portal: their accounts,
// the roles they hold on each site, passwords (argon2id), sessions stored
// in the database so several nodes share them, lockout after repeated
// failures, and TOTP second factors for those who approve or administer.
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// User is a staff account. Citizens have no accounts.
type User struct {
	ID           int64
	Username     string
	FullName     string
	Email        string
	passwordHash string
	totpSecret   string
	Disabled     bool
	FailedLogins int
	LockedUntil  *time.Time
	CreatedAt    time.Time
	LastLoginAt  *time.Time
	Grants       []Grant
}

// HasTOTP reports whether the user has enrolled a second factor.
func (u *User) HasTOTP() bool { return u.totpSecret != "" }

// Grant is one role held on one site.
type Grant struct {
	SiteID int64
	Role   Role
}

// NeedsTOTP reports whether any role the user holds requires a second factor.
func (u *User) NeedsTOTP() bool {
	for _, g := range u.Grants {
		if g.Role.NeedsTOTP() {
			return true
		}
	}
	return false
}

// Can reports whether the user may perform a on the site siteID. Roles
// held on the main portal (mainID) that are installation-wide count on
// every site.
func (u *User) Can(siteID, mainID int64, a Action) bool {
	for _, g := range u.Grants {
		if (g.SiteID == siteID || (g.SiteID == mainID && g.Role.InstallationWide())) && Allows(g.Role, a) {
			return true
		}
	}
	return false
}

// RolesOn lists the roles the user holds on siteID.
func (u *User) RolesOn(siteID int64) []Role {
	var out []Role
	for _, g := range u.Grants {
		if g.SiteID == siteID {
			out = append(out, g.Role)
		}
	}
	return out
}

// Users reads and writes accounts and their roles.
type Users struct {
	db  *store.DB
	now func() time.Time
	// MaxFailures wrong passwords in a row lock an account for LockFor.
	MaxFailures int
	LockFor     time.Duration
	// Sealer seals TOTP secrets (see seal.go); nil keeps them in clear,
	// as tests and tools without the key file do.
	Sealer *Sealer
}

// NewUsers returns the account store on db.
func NewUsers(db *store.DB, now func() time.Time) *Users {
	return &Users{db: db, now: now, MaxFailures: 5, LockFor: 15 * time.Minute}
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// NewUser describes an account to create.
type NewUser struct {
	Username, FullName, Email, Password string
}

// Create stores a new account; by is recorded in the audit log with it.
func (us *Users) Create(ctx context.Context, n NewUser, by audit.Actor) (*User, error) {
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.FullName = vn.Clean(n.FullName)
	n.Email = strings.TrimSpace(n.Email)
	switch {
	case !usernameRE.MatchString(n.Username):
		return nil, apperr.Field("username", "Tên đăng nhập dài 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
			"The username is 3–40 characters: lower-case letters, digits, dot, hyphen, underscore.")
	case n.FullName == "":
		return nil, apperr.Field("full_name", "Hãy nhập họ và tên.", "Enter the full name.")
	case n.Email != "" && !strings.Contains(n.Email, "@"):
		return nil, apperr.Field("email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid email address.")
	case len([]rune(n.Password)) < MinPasswordLen:
		return nil, apperr.Field("password", fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", MinPasswordLen),
			fmt.Sprintf("The password needs at least %d characters.", MinPasswordLen))
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	u := &User{Username: n.Username, FullName: n.FullName, Email: n.Email, CreatedAt: us.now().UTC()}
	err = us.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO users (username, full_name, email, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, u.Username, u.FullName, u.Email, hash, u.CreatedAt).Scan(&u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("user.create", 0, u.Username, ""))
	})
	if store.IsUniqueViolation(err) {
		return nil, apperr.Field("username", "Tên đăng nhập này đã có người dùng.", "This username is taken.")
	}
	if err != nil {
		return nil, fmt.Errorf("create user %s: %w", n.Username, err)
	}
	return u, nil
}

const userColumns = `id, username, full_name, email, password_hash, totp_secret, disabled, failed_logins,
	locked_until, created_at, last_login_at`

func (us *Users) scan(ctx context.Context, row *sql.Row) (*User, error) {
	var u User
	var locked, last sql.NullTime
	err := row.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.passwordHash, &u.totpSecret, &u.Disabled,
		&u.FailedLogins, &locked, &u.CreatedAt, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy tài khoản.", "Account not found.")
	}
	if err != nil {
		return nil, err
	}
	if locked.Valid {
		u.LockedUntil = &locked.Time
	}
	if last.Valid {
		u.LastLoginAt = &last.Time
	}
	u.Grants, err = us.grants(ctx, u.ID)
	return &u, err
}

// ByID finds an account with its roles.
func (us *Users) ByID(ctx context.Context, id int64) (*User, error) {
	return us.scan(ctx, us.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// ByUsername finds an account with its roles.
func (us *Users) ByUsername(ctx context.Context, name string) (*User, error) {
	return us.scan(ctx, us.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`,
		strings.ToLower(strings.TrimSpace(name))))
}

func (us *Users) grants(ctx context.Context, userID int64) ([]Grant, error) {
	rows, err := us.db.Query(ctx, `SELECT site_id, role FROM site_roles WHERE user_id = ? ORDER BY site_id, role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		var g Grant
		if err := rows.Scan(&g.SiteID, &g.Role); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// List returns every account with its roles, ordered by username.
func (us *Users) List(ctx context.Context) ([]*User, error) {
	rows, err := us.db.Query(ctx, `SELECT id FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := make([]*User, 0, len(ids))
	for _, id := range ids {
		u, err := us.ByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// SetDisabled turns an account off or on; turning it off ends its sessions.
func (us *Users) SetDisabled(ctx context.Context, id int64, disabled bool, by audit.Actor) error {
	return us.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, disabled, id); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		action := "user.enable"
		if disabled {
			action = "user.disable"
		}
		return audit.Record(ctx, tx, by.Entry(action, 0, fmt.Sprint(id), ""))
	})
}

// SetPassword replaces a password and ends every session of the account.
func (us *Users) SetPassword(ctx context.Context, id int64, password string, by audit.Actor) error {
	if len([]rune(password)) < MinPasswordLen {
		return apperr.Field("password", fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự.", MinPasswordLen),
			fmt.Sprintf("The password needs at least %d characters.", MinPasswordLen))
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return us.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`, hash, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("user.password", 0, fmt.Sprint(id), ""))
	})
}

// ResetTOTP removes a person's second factor — a lost phone — with its
// recovery codes, and ends their sessions; at the next sign-in they enrol
// again.
func (us *Users) ResetTOTP(ctx context.Context, id int64, by audit.Actor) error {
	return us.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = '' WHERE id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("totp.reset", 0, fmt.Sprint(id), ""))
	})
}

// Actor is the user as the audit log names them.
func (u *User) Actor(ip string) audit.Actor { return audit.Actor{ID: u.ID, Name: u.Username, IP: ip} }

// Names returns the full names of the accounts ids, by id, for pages that
// show who did something (the audit log): one query by primary key.
// An id with no account is left out.
func (us *Users) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	seen := map[int64]bool{}
	var args []any
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := us.db.Query(ctx, `SELECT id, full_name FROM users WHERE id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
