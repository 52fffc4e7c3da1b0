package account

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

var (
	errBadCode = apperr.New(apperr.Unauthorized, "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng.",
		"The code is wrong or has expired. Enter the current code from your app.")
	errUsedCode = apperr.New(apperr.Unauthorized, "Mã này đã được dùng. Hãy đợi ứng dụng hiện mã mới rồi nhập mã đó.",
		"This code has already been used. Wait for your app to show a new one and enter it.")
	errCurrentCode = apperr.Field("current_code", "Tài khoản đã có xác thực hai bước: hãy nhập mã đang hiển thị trên ứng dụng cũ để đổi sang thiết bị mới. Mất điện thoại cũ thì nhờ quản trị viên xóa xác thực hai bước.",
		"This account already has two-step verification: enter the code your current app shows to move to a new device. If you lost it, ask an administrator to reset it.")
)

// totpLockedError tells the person when they may try again after too
// many wrong codes.
func totpLockedError(until time.Time) error {
	local := until.In(vn.ICT)
	return apperr.New(apperr.TooMany,
		fmt.Sprintf("Tài khoản tạm khóa do nhập sai mã xác thực nhiều lần. Hãy thử lại sau %s.", local.Format("15:04")),
		fmt.Sprintf("Too many wrong codes: the account is locked until %s.", local.Format("15:04")))
}

// NewTOTPKey makes a new secret for u, to show as a QR code and as text.
// It is stored only when the person proves they can produce codes.
func NewTOTPKey(issuer string, u *User) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: u.Username})
}

// Enrolment is a person setting up (or moving) their second factor from
// a signed-in session.
type Enrolment struct {
	User   *User
	Secret string // the new secret, shown to the person
	Code   string // a code of the new secret, proving the app has it
	// CurrentCode is a code of the secret the account has now: moving to
	// a new device needs it, so a stolen password alone cannot replace
	// the second factor. An administrator's reset clears the secret,
	// after which no current code is asked.
	CurrentCode string
	Session     string // the session's token: it passes the second factor; the account's other sessions end
	IP          string
}

// EnrollTOTP stores the new secret once its code is right and, when the
// account already has one, the current code is right too. In the same
// transaction the enrolling session is marked as having passed the
// second factor, the account's other sessions end, and a new set of
// recovery codes replaces the old: it returns them, to show once.
func (us *Users) EnrollTOTP(ctx context.Context, e Enrolment) ([]string, error) {
	now := us.now()
	step := matchStep(e.Secret, e.Code, now)
	if step < 0 {
		return nil, errBadCode
	}
	var codes []string
	u := e.User
	stored := us.Sealer.seal(e.Secret, userBound(u.ID))
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		if err := us.Sealer.stillAdopted(ctx, tx); err != nil {
			return err
		}
		// Read the secret in the transaction, not from the session's
		// copy: an enrolment in another tab may have set one since.
		var current string
		var locked sql.NullTime
		if err := tx.QueryRow(ctx, `SELECT totp_secret, locked_until FROM users WHERE id = ?`, u.ID).Scan(&current, &locked); err != nil {
			return err
		}
		if locked.Valid && now.Before(locked.Time) {
			return totpLockedError(locked.Time)
		}
		if current != "" {
			if e.CurrentCode == "" {
				return errCurrentCode
			}
			if err := us.useCode(ctx, tx, u, current, e.CurrentCode); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = ?, totp_last_step = ?, totp_failures = 0 WHERE id = ?`,
			stored, step, u.ID); err != nil {
			return err
		}
		id := hashToken(e.Session)
		if _, err := tx.Exec(ctx, `UPDATE sessions SET mfa_done = TRUE WHERE id = ? AND user_id = ?`, id, u.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id <> ?`, u.ID, id); err != nil {
			return err
		}
		var err error
		if codes, err = us.replaceRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		action := "totp.enroll"
		if current != "" {
			action = "totp.reenroll"
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: action, IP: e.IP})
	})
	if err != nil {
		if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Unauthorized {
			// A wrong current code counts like a wrong code at sign-in.
			return nil, us.totpFailed(ctx, u, e.IP, err)
		}
		return nil, err
	}
	u.totpSecret = stored
	return codes, nil
}

// CheckTOTP verifies a code of an enrolled user at sign-in. A code is
// accepted once; wrong codes are counted on the account, and at
// MaxFailures the account locks for LockFor, whatever addresses the
// guesses came from.
func (us *Users) CheckTOTP(ctx context.Context, u *User, code, ip string) error {
	now := us.now()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		us.audit(ctx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "totp.locked", IP: ip})
		return totpLockedError(*u.LockedUntil)
	}
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		if err := us.useCode(ctx, tx, u, u.totpSecret, code); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE users SET totp_failures = 0 WHERE id = ?`, u.ID)
		return err
	})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Unauthorized {
		return us.totpFailed(ctx, u, ip, err)
	}
	return err
}

// useCode accepts code for the stored (sealed) secret once: the step it
// belongs to must be later than the last accepted one, and recording it
// is a conditional update, so two requests racing with one code cannot
// both pass.
func (us *Users) useCode(ctx context.Context, tx *store.Tx, u *User, stored, code string) error {
	// A secret that does not open (moved from another account) fails
	// like a wrong code; a wrong key file stops the server at start.
	secret, err := us.Sealer.open(stored, userBound(u.ID))
	if err != nil || secret == "" {
		return errBadCode
	}
	step := matchStep(secret, code, us.now())
	if step < 0 {
		return errBadCode
	}
	res, err := tx.Exec(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, u.ID, step)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errUsedCode
	}
	return nil
}

// totpFailed counts a wrong (or reused) code on the account and locks it
// at the limit; cause is the answer when it does not lock.
func (us *Users) totpFailed(ctx context.Context, u *User, ip string, cause error) error {
	now := us.now().UTC()
	var until *time.Time
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `UPDATE users SET totp_failures = totp_failures + 1 WHERE id = ? RETURNING totp_failures`, u.ID).Scan(&n); err != nil {
			return err
		}
		detail := fmt.Sprintf("wrong code %d/%d", n, us.MaxFailures)
		if n >= us.MaxFailures {
			t := now.Add(us.LockFor)
			until = &t
			detail += ", locked"
			if _, err := tx.Exec(ctx, `UPDATE users SET totp_failures = 0, locked_until = ? WHERE id = ?`, t, u.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "totp.fail", Detail: detail, IP: ip})
	})
	if err != nil {
		return err
	}
	if until != nil {
		u.LockedUntil = until
		return totpLockedError(*until)
	}
	return cause
}

// totpOpts are the parameters every authenticator app uses by default.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// matchStep returns the 30-second step (Unix time / 30) whose code is
// code, trying the current step and one on either side for clocks that
// drift; -1 when none matches.
func matchStep(secret, code string, now time.Time) int64 {
	if len(code) != 6 {
		return -1
	}
	step := now.Unix() / 30
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*30, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d
		}
	}
	return -1
}

// TOTPKeyFromSecret rebuilds the key for a secret being enrolled, to draw
// its QR code.
func TOTPKeyFromSecret(issuer string, u *User, secret string) (*otp.Key, error) {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", issuer)
	v.Set("algorithm", "SHA1")
	v.Set("digits", "6")
	v.Set("period", "30")
	u2 := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + u.Username, RawQuery: v.Encode()}
	return otp.NewKeyFromURL(u2.String())
}
