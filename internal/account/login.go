package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Messages for failed sign-ins. A wrong username and a wrong password get
// the same message, so the form does not tell which accounts exist.
var (
	errBadLogin = apperr.New(apperr.Unauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.",
		"Wrong username or password.")
	errDisabled = apperr.New(apperr.Unauthorized, "Tài khoản này đã bị khóa bởi quản trị viên. Hãy liên hệ quản trị hệ thống.",
		"This account has been disabled. Contact the system administrator.")
)

// lockedError tells the person when they may try again.
func lockedError(until time.Time) error {
	local := until.In(vn.ICT)
	return apperr.New(apperr.TooMany,
		fmt.Sprintf("Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau %s.", local.Format("15:04")),
		fmt.Sprintf("Too many wrong passwords: the account is locked until %s.", local.Format("15:04")))
}

// Authenticate checks a username and password. After MaxFailures wrong
// passwords in a row the account is locked for LockFor; every attempt is
// audited with the address it came from.
func (us *Users) Authenticate(ctx context.Context, username, password, ip string) (*User, error) {
	now := us.now().UTC()
	if !plainText(username) {
		// No account has such a name, and PostgreSQL refuses NUL in text:
		// answer as for any unknown name, under its cleaned form.
		return nil, us.unknownFailed(ctx, strings.ToValidUTF8(strings.ReplaceAll(username, "\x00", ""), "?"), password, ip)
	}
	u, err := us.ByUsername(ctx, username)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, us.unknownFailed(ctx, username, password, ip)
	}
	if err != nil {
		return nil, err
	}
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		us.audit(ctx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "login.locked", IP: ip})
		return nil, lockedError(*u.LockedUntil)
	}
	ok, err := CheckPassword(u.passwordHash, password)
	if err != nil {
		return nil, fmt.Errorf("check password of %s: %w", u.Username, err)
	}
	if !ok {
		return nil, us.failed(ctx, u, ip)
	}
	if u.Disabled {
		us.audit(ctx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "login.fail", Detail: "disabled", IP: ip})
		return nil, errDisabled
	}
	err = us.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?`, now, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "login.ok", IP: ip})
	})
	return u, err
}

// failed counts a wrong password and locks the account at the limit.
func (us *Users) failed(ctx context.Context, u *User, ip string) error {
	now := us.now().UTC()
	var until any
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		// Count in the database, so parallel guesses are all counted.
		var n int
		if err := tx.QueryRow(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins`, u.ID).Scan(&n); err != nil {
			return err
		}
		detail := fmt.Sprintf("wrong password %d/%d", n, us.MaxFailures)
		if n >= us.MaxFailures {
			until = now.Add(us.LockFor)
			detail += ", locked"
			if _, err := tx.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, until, u.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "login.fail", Detail: detail, IP: ip})
	})
	if err != nil {
		return err
	}
	if t, ok := until.(time.Time); ok {
		return lockedError(t)
	}
	return errBadLogin
}

// unknownFailed answers a sign-in with a username that names no account
// exactly as a wrong password for an account is answered: the same
// message, a hash computed so the time is the same, and the same lock
// after MaxFailures tries, counted in login_attempts. Otherwise the lock
// (429) would tell which usernames exist.
func (us *Users) unknownFailed(ctx context.Context, username, password, ip string) error {
	now := us.now().UTC()
	name := attemptName(username)
	var locked sql.NullTime
	err := us.db.QueryRow(ctx, `SELECT locked_until FROM login_attempts WHERE name = ?`, name).Scan(&locked)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if locked.Valid && now.Before(locked.Time) {
		us.audit(ctx, audit.Entry{At: now, Actor: truncate(username, 60), Action: "login.locked", Detail: "unknown user", IP: ip})
		return lockedError(locked.Time)
	}
	CheckPassword(dummyHash(), password)
	var until *time.Time
	err = us.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `INSERT INTO login_attempts (name, failures, updated_at) VALUES (?, 1, ?)
			ON CONFLICT (name) DO UPDATE SET failures = login_attempts.failures + 1, updated_at = excluded.updated_at
			RETURNING failures`, name, now).Scan(&n); err != nil {
			return err
		}
		detail := fmt.Sprintf("unknown user %d/%d", n, us.MaxFailures)
		if n >= us.MaxFailures {
			t := now.Add(us.LockFor)
			until = &t
			detail += ", locked"
			if _, err := tx.Exec(ctx, `UPDATE login_attempts SET failures = 0, locked_until = ? WHERE name = ?`, t, name); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, Actor: truncate(username, 60), Action: "login.fail", Detail: detail, IP: ip})
	})
	if err != nil {
		return err
	}
	if until != nil {
		return lockedError(*until)
	}
	return errBadLogin
}

// plainText reports whether s is valid UTF-8 without NUL bytes, as every
// stored name is.
func plainText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// attemptName is the key of an unknown username in login_attempts: the
// form ByUsername looks accounts up by, cut to the length of a username.
func attemptName(username string) string {
	return truncate(strings.ToLower(strings.TrimSpace(username)), 60)
}

// SweepAttempts forgets unknown usernames not tried for a day and no
// longer locked; the jobs runner calls it.
func (us *Users) SweepAttempts(ctx context.Context) error {
	now := us.now().UTC()
	_, err := us.db.Exec(ctx, `DELETE FROM login_attempts WHERE updated_at < ? AND (locked_until IS NULL OR locked_until < ?)`,
		now.Add(-24*time.Hour), now)
	return err
}

func (us *Users) audit(ctx context.Context, e audit.Entry) {
	audit.Record(ctx, us.db, e) // a failed audit write must not hide the login answer
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// dummyHash is checked against when the username is unknown. It is made
// at the first such sign-in, not when the program starts: argon2 takes 64
// MiB and a tenth of a second, which every `cong` command and every test
// binary paid before.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("không có tài khoản này")
	return h
})
