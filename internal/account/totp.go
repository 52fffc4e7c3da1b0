package account

import (
	"context"
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

var errBadCode = apperr.New(apperr.Unauthorized, "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng.",
	"The code is wrong or has expired. Enter the current code from your app.")

// NewTOTPKey makes a new secret for u, to show as a QR code and as text.
// It is stored only when the person proves they can produce codes.
func NewTOTPKey(issuer string, u *User) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: u.Username})
}

// EnrollTOTP stores secret for u once code shows the app is set up.
func (us *Users) EnrollTOTP(ctx context.Context, u *User, secret, code, ip string) error {
	if !validCode(secret, code, us.now()) {
		return errBadCode
	}
	stored := us.Sealer.seal(secret, userBound(u.ID))
	return us.db.InTx(ctx, func(tx *store.Tx) error {
		if err := us.Sealer.stillAdopted(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = ? WHERE id = ?`, stored, u.ID); err != nil {
			return err
		}
		u.totpSecret = stored
		return audit.Record(ctx, tx, audit.Entry{At: us.now(), ActorID: u.ID, Actor: u.Username, Action: "totp.enroll", IP: ip})
	})
}

// CheckTOTP verifies a code of an enrolled user and audits a failure.
func (us *Users) CheckTOTP(ctx context.Context, u *User, code, ip string) error {
	// A secret that does not open (moved from another account) fails
	// like a wrong code; a wrong key file stops the server at start.
	if secret, err := us.Sealer.open(u.totpSecret, userBound(u.ID)); err == nil && secret != "" && validCode(secret, code, us.now()) {
		return nil
	}
	us.audit(ctx, audit.Entry{At: us.now(), ActorID: u.ID, Actor: u.Username, Action: "totp.fail", IP: ip})
	return errBadCode
}

// validCode accepts the code of the current 30-second step and of one
// step on either side, for clocks that drift.
func validCode(secret, code string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{
		Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
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
