package account_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	h, err := account.HashPassword("Mật khẩu Việt Nam 2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=4$") {
		t.Errorf("hash %q is not argon2id in PHC form", h)
	}
	h2, _ := account.HashPassword("Mật khẩu Việt Nam 2026")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	decomposed := "Ma\u0323\u0302t kha\u0302\u0309u Vie\u0323\u0302t Nam 2026" // as some keyboards type it
	for pw, want := range map[string]bool{"Mật khẩu Việt Nam 2026": true, decomposed: true, "mật khẩu việt nam 2026": false, "": false} {
		if ok, err := account.CheckPassword(h, pw); ok != want || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func FuzzCheckPassword(f *testing.F) {
	good, _ := account.HashPassword("x") // a different salt in each fuzz worker
	for _, s := range []string{good, "", "$argon2id$", "$argon2id$v=19$m=1,t=1,p=1$$", "$bcrypt$x$y$z$w"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, hash string) {
		// A corrupt hash in the database must give an error, never a panic,
		// a huge allocation or a match.
		if ok, _ := account.CheckPassword(hash, "x"); ok && !strings.HasPrefix(hash, "$argon2id$") {
			t.Fatalf("CheckPassword accepted a hash of another kind %q", hash)
		}
	})
}

func TestUsersAndSessions(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		users := account.NewUsers(db, clock)
		u, err := users.Create(ctx, account.NewUser{Username: " NguyenVanA ", FullName: "Nguyễn Văn A", Password: "mot-hai-ba-bon"}, audit.CLI)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "nguyenvana" {
			t.Errorf("username %q; want lower-cased and trimmed", u.Username)
		}
		for _, bad := range []account.NewUser{
			{Username: "nguyenvana", FullName: "Trùng", Password: "mot-hai-ba-bon"},
			{Username: "ab", FullName: "Ngắn", Password: "mot-hai-ba-bon"},
			{Username: "người-dùng", FullName: "Có dấu", Password: "mot-hai-ba-bon"},
			{Username: "ngan-mk", FullName: "Mật khẩu ngắn", Password: "123"},
			{Username: "khong-ten", FullName: " ", Password: "mot-hai-ba-bon"},
		} {
			if _, err := users.Create(ctx, bad, audit.CLI); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("Create(%+v) = %v; want Invalid", bad, err)
			}
		}
		sessions := account.NewSessions(db, clock)
		token, err := sessions.Create(ctx, u.ID, true, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		db.QueryRow(ctx, `SELECT id FROM sessions`).Scan(&stored)
		if stored == token || strings.Contains(stored, token) {
			t.Error("the session token is stored in clear")
		}
		if s, err := sessions.Lookup(ctx, token); err != nil || s.UserID != u.ID {
			t.Fatalf("Lookup = %v, %v", s, err)
		}
		now = now.Add(13 * time.Hour) // past MaxAge
		if _, err := sessions.Lookup(ctx, token); err != account.ErrNoSession {
			t.Errorf("Lookup after 13 h = %v; want ErrNoSession", err)
		}
		// A new password ends every session.
		token, _ = sessions.Create(ctx, u.ID, true, "", "")
		if err := users.SetPassword(ctx, u.ID, "mat-khau-moi-2026", audit.CLI); err != nil {
			t.Fatal(err)
		}
		if _, err := sessions.Lookup(ctx, token); err != account.ErrNoSession {
			t.Errorf("session survived a password change: %v", err)
		}
		if _, err := users.Authenticate(ctx, "nguyenvana", "mat-khau-moi-2026", "127.0.0.1"); err != nil {
			t.Errorf("Authenticate with the new password = %v", err)
		}
		// Disabled accounts cannot sign in, even with the right password.
		users.SetDisabled(ctx, u.ID, true, audit.CLI)
		if _, err := users.Authenticate(ctx, "nguyenvana", "mat-khau-moi-2026", "127.0.0.1"); apperr.KindOf(err) != apperr.Unauthorized {
			t.Errorf("Authenticate of a disabled account = %v; want Unauthorized", err)
		}
	})
}
