package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Recovery codes stand in for the authenticator when the phone is lost:
// RecoveryCodeCount of them are made at each enrolment (and on request,
// after a current code), shown once, and each is accepted once at
// sign-in in place of a TOTP code.
//
// They are stored as HMAC-SHA256 under a key derived from the secret key
// file, bound to the account, not as argon2id hashes: a copy of the
// database alone then cannot test a single guess (the threat the sealed
// TOTP secrets answer too), a code is found with one indexed lookup, and
// a sign-in attempt costs no ten slow hashes that an attacker could ask
// for at will. Each code carries 50 random bits; guesses at sign-in count
// toward the same lockout as wrong TOTP codes.

// RecoveryCodeCount is the number of codes in a set.
const RecoveryCodeCount = 10

// recoveryAlphabet is Crockford's base32 in lower case: no i, l, o or u,
// so a code read aloud or from paper is not mistyped.
const recoveryAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// recoveryLen is the number of characters of a code (5 bits each).
const recoveryLen = 10

var errRecoveryUnusable = apperr.New(apperr.Unauthorized, "Mã dự phòng không đúng hoặc đã được dùng.",
	"The recovery code is wrong or has already been used.")

// newRecoveryCode is a random code shown as "xxxxx-xxxxx".
func newRecoveryCode() string {
	b := make([]byte, recoveryLen)
	rand.Read(b)
	var sb strings.Builder
	for i, c := range b {
		if i == recoveryLen/2 {
			sb.WriteByte('-')
		}
		sb.WriteByte(recoveryAlphabet[c&31])
	}
	return sb.String()
}

// NormalizeRecoveryCode reads a code as typed: case, spaces and dashes
// do not matter, and o, i, l stand for 0, 1, 1. It returns "" when the
// text cannot be a recovery code.
func NormalizeRecoveryCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r == 'o':
			r = '0'
		case r == 'i' || r == 'l':
			r = '1'
		}
		if r > 0x7f || !strings.ContainsRune(recoveryAlphabet, r) {
			return ""
		}
		sb.WriteRune(r)
	}
	if sb.Len() != recoveryLen {
		return ""
	}
	return sb.String()
}

// IsRecoveryCode reports whether typed has the shape of a recovery code
// (not a six-digit TOTP code).
func IsRecoveryCode(typed string) bool { return NormalizeRecoveryCode(typed) != "" }

// hashRecovery is the stored form of a normalised code of account id.
// Without a key (tests and tools without the key file) the hash is
// unkeyed, still never the code itself.
func (s *Sealer) hashRecovery(id int64, code string) string {
	msg := "recovery_codes:" + strconv.FormatInt(id, 10) + ":" + code
	if s == nil {
		sum := sha256.Sum256([]byte(msg))
		return hex.EncodeToString(sum[:])
	}
	mac := hmac.New(sha256.New, s.codeKey)
	mac.Write([]byte(msg))
	return hex.EncodeToString(mac.Sum(nil))
}

// replaceRecoveryCodes voids the account's codes and stores a new set in
// tx, returning the codes to show once.
func (us *Users) replaceRecoveryCodes(ctx context.Context, tx *store.Tx, id int64) ([]string, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, id); err != nil {
		return nil, err
	}
	now := us.now().UTC()
	codes := make([]string, 0, RecoveryCodeCount)
	seen := map[string]bool{}
	for len(codes) < RecoveryCodeCount {
		c := newRecoveryCode()
		n := NormalizeRecoveryCode(c)
		if seen[n] {
			continue
		}
		seen[n] = true
		if _, err := tx.Exec(ctx, `INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)`,
			id, us.Sealer.hashRecovery(id, n), now); err != nil {
			return nil, err
		}
		codes = append(codes, c)
	}
	return codes, nil
}

// RecoveryCodesLeft counts the account's unused recovery codes.
func (us *Users) RecoveryCodesLeft(ctx context.Context, id int64) (int, error) {
	var n int
	err := us.db.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, id).Scan(&n)
	return n, err
}

// UseRecoveryCode accepts one of the account's unused recovery codes at
// sign-in in place of a TOTP code, once: marking it used is a conditional
// update, so two requests racing with one code cannot both pass. A wrong
// or used code counts like a wrong TOTP code toward the lockout. The use
// is audited in the same transaction, with the number of codes left.
func (us *Users) UseRecoveryCode(ctx context.Context, u *User, typed, ip string) error {
	now := us.now()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		us.audit(ctx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "totp.locked", IP: ip})
		return totpLockedError(*u.LockedUntil)
	}
	code := NormalizeRecoveryCode(typed)
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		if code == "" || !u.HasTOTP() {
			return errRecoveryUnusable
		}
		res, err := tx.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`,
			now.UTC(), u.ID, us.Sealer.hashRecovery(u.ID, code))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errRecoveryUnusable
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_failures = 0 WHERE id = ?`, u.ID); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, u.ID).Scan(&left); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "totp.recovery",
			Detail: fmt.Sprintf("left %d", left), IP: ip})
	})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Unauthorized {
		return us.totpFailed(ctx, u, ip, err)
	}
	return err
}

// RenewRecoveryCodes makes a new set of recovery codes, voiding the old
// one, after a current TOTP code of the account (a wrong one counts
// toward the lockout). It returns the codes to show once.
func (us *Users) RenewRecoveryCodes(ctx context.Context, u *User, currentCode, ip string) ([]string, error) {
	now := us.now()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return nil, totpLockedError(*u.LockedUntil)
	}
	var codes []string
	err := us.db.InTx(ctx, func(tx *store.Tx) error {
		var current string
		if err := tx.QueryRow(ctx, `SELECT totp_secret FROM users WHERE id = ?`, u.ID).Scan(&current); err != nil {
			return err
		}
		if current == "" {
			return errBadCode
		}
		if err := us.useCode(ctx, tx, u, current, strings.TrimSpace(currentCode)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_failures = 0 WHERE id = ?`, u.ID); err != nil {
			return err
		}
		var err error
		if codes, err = us.replaceRecoveryCodes(ctx, tx, u.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{At: now, ActorID: u.ID, Actor: u.Username, Action: "totp.recovery.renew", IP: ip})
	})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Unauthorized {
		return nil, us.totpFailed(ctx, u, ip, err)
	}
	return codes, err
}
