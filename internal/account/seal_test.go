package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestTOTPSecretsAreSealed: with a key, an enrolled secret is stored
// sealed (the database never holds it in clear), codes still check; a
// secret stored in clear before sealing existed is sealed when the key is
// adopted and keeps working; a sealed value moved onto another account
// does not open there; a second key is refused until the first is
// forgotten.
func TestTOTPSecretsAreSealed(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		plain := account.NewUsers(db, clock) // as before sealing existed
		mk := func(name string) *account.User {
			u, err := plain.Create(ctx, account.NewUser{Username: name, FullName: "Người " + name, Password: "mot-hai-ba-bon"}, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		enroll := func(users *account.Users, u *account.User) string {
			key, err := account.NewTOTPKey("Cổng", u)
			if err != nil {
				t.Fatal(err)
			}
			code, _ := totp.GenerateCode(key.Secret(), now)
			if _, err := users.EnrollTOTP(ctx, account.Enrolment{User: u, Secret: key.Secret(), Code: code, IP: "127.0.0.1"}); err != nil {
				t.Fatal(err)
			}
			return key.Secret()
		}
		stored := func(u *account.User) string {
			var s string
			if err := db.QueryRow(ctx, `SELECT totp_secret FROM users WHERE id = ?`, u.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		check := func(users *account.Users, u *account.User, secret string) error {
			fresh, err := users.ByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The next step's code: the enrolment used this step's, and a
			// code is accepted once.
			code, _ := totp.GenerateCode(secret, now.Add(30*time.Second))
			return users.CheckTOTP(ctx, fresh, code, "127.0.0.1")
		}

		old := mk("cu.truoc")
		oldSecret := enroll(plain, old)
		if stored(old) != oldSecret {
			t.Fatalf("without a key the secret should be stored as it was")
		}

		sealer, err := account.NewSealer(account.NewKey())
		if err != nil {
			t.Fatal(err)
		}
		n, err := account.AdoptKey(ctx, db, sealer, now)
		if err != nil || n != 1 {
			t.Fatalf("AdoptKey = %d, %v; want the 1 secret in clear sealed", n, err)
		}
		if recorded, err := account.KeyRecorded(ctx, db); !recorded || err != nil {
			t.Errorf("KeyRecorded = %v, %v after adopting", recorded, err)
		}
		users := account.NewUsers(db, clock)
		users.Sealer = sealer
		if s := stored(old); !strings.HasPrefix(s, "v1:") || strings.Contains(s, oldSecret) {
			t.Errorf("the old secret is not sealed: %q", s)
		}
		if err := check(users, old, oldSecret); err != nil {
			t.Errorf("the sealed old secret no longer checks: %v", err)
		}

		u := mk("moi.sau")
		secret := enroll(users, u)
		if s := stored(u); !strings.HasPrefix(s, "v1:") || strings.Contains(s, secret) {
			t.Errorf("a new secret is stored in clear: %q", s)
		}
		if err := check(users, u, secret); err != nil {
			t.Errorf("the sealed secret does not check: %v", err)
		}
		if err := check(users, u, oldSecret); err == nil {
			t.Error("another account's code passed")
		}
		if err := check(plain, u, secret); err == nil {
			t.Error("a sealed secret checked without the key")
		}

		// A secret planted in clear while a key is in use does not pass.
		if _, err := db.Exec(ctx, `UPDATE users SET totp_secret = ? WHERE id = ?`, secret, old.ID); err != nil {
			t.Fatal(err)
		}
		if err := check(users, old, secret); err == nil {
			t.Error("a secret planted in clear passed while a key is in use")
		}

		// A sealed value copied onto another account does not open there.
		if _, err := db.Exec(ctx, `UPDATE users SET totp_secret = ? WHERE id = ?`, stored(u), old.ID); err != nil {
			t.Fatal(err)
		}
		if err := check(users, old, secret); err == nil {
			t.Error("a sealed secret moved to another account opened")
		}

		// Adopting again is a no-op; another key is refused.
		if n, err := account.AdoptKey(ctx, db, sealer, now); n != 0 || err != nil {
			t.Errorf("AdoptKey again = %d, %v", n, err)
		}
		other, _ := account.NewSealer(account.NewKey())
		if _, err := account.AdoptKey(ctx, db, other, now); !errors.Is(err, account.ErrWrongKey) {
			t.Errorf("a second key: %v; want ErrWrongKey", err)
		}
		if _, err := account.NewSealer([]byte("short")); err == nil {
			t.Error("a 5-byte key was accepted")
		}

		// The key lost: every second factor goes, and so does the record
		// of the key, so that another can be adopted.
		if n, err := account.ForgetKey(ctx, db, audit.CLI); n != 2 || err != nil {
			t.Fatalf("ForgetKey = %d, %v; want the 2 accounts with a second factor", n, err)
		}
		if stored(old) != "" || stored(u) != "" {
			t.Error("ForgetKey left a second factor")
		}
		var codes int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM recovery_codes`).Scan(&codes); err != nil || codes != 0 {
			t.Errorf("ForgetKey left %d recovery codes (%v)", codes, err)
		}
		if recorded, _ := account.KeyRecorded(ctx, db); recorded {
			t.Error("ForgetKey left the key recorded")
		}
		// A node still running with the forgotten key may not enrol anyone.
		key, _ := account.NewTOTPKey("Cổng", u)
		code, _ := totp.GenerateCode(key.Secret(), now)
		if _, err := users.EnrollTOTP(ctx, account.Enrolment{User: u, Secret: key.Secret(), Code: code, IP: "127.0.0.1"}); err == nil {
			t.Error("a node with the forgotten key enrolled a second factor")
		}
		if _, err := account.AdoptKey(ctx, db, other, now); err != nil {
			t.Errorf("a new key after ForgetKey: %v", err)
		}
	})
}

// The secret being enrolled, kept on the session, is sealed too.
func TestPendingTOTPIsSealed(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users := account.NewUsers(db, time.Now)
		u, err := users.Create(ctx, account.NewUser{Username: "dang.ky", FullName: "Đăng Ký", Password: "mot-hai-ba-bon"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		sessions := account.NewSessions(db, time.Now)
		sessions.Sealer, _ = account.NewSealer(account.NewKey())
		token, err := sessions.Create(ctx, u.ID, false, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := sessions.SetPendingTOTP(ctx, token, "JBSWY3DPEHPK3PXP"); err != nil {
			t.Fatal(err)
		}
		var raw string
		db.QueryRow(ctx, `SELECT totp_pending FROM sessions`).Scan(&raw)
		if !strings.HasPrefix(raw, "v1:") || strings.Contains(raw, "JBSWY3DPEHPK3PXP") {
			t.Errorf("the pending secret is stored in clear: %q", raw)
		}
		if got, err := sessions.PendingTOTP(ctx, token); got != "JBSWY3DPEHPK3PXP" || err != nil {
			t.Errorf("PendingTOTP = %q, %v", got, err)
		}
		// Copied onto another session, it does not open there.
		other, err := sessions.Create(ctx, u.ID, false, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE sessions SET totp_pending = ?`, raw); err != nil {
			t.Fatal(err)
		}
		if got, _ := sessions.PendingTOTP(ctx, other); got != "" {
			t.Errorf("a pending secret copied to another session opened: %q", got)
		}
	})
}
