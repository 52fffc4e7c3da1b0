package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// recoveryRows counts an account's stored recovery codes, all and unused.
func (h *harness) recoveryRows(username string) (all, unused int) {
	h.t.Helper()
	err := h.db.QueryRow(context.Background(), `SELECT COUNT(*), COALESCE(SUM(CASE WHEN used_at IS NULL THEN 1 ELSE 0 END), 0)
		FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE username = ?)`, username).Scan(&all, &unused)
	if err != nil {
		h.t.Fatal(err)
	}
	return all, unused
}

// signInWithRecovery signs username in with the password, then with a
// recovery code in place of the app's code; it returns the answer.
func (h *harness) signInWithRecovery(username, code string) (*browser, page) {
	h.t.Helper()
	b := h.browser()
	ip := nextAddress()
	if p := b.postFrom(ip, "/dang-nhap", url.Values{"username": {username}, "password": {testPassword}}); !strings.HasPrefix(p.location, "/dang-nhap/xac-thuc") {
		h.t.Fatalf("sign-in of %s went to %d %q", username, p.status, p.location)
	}
	return b, b.postFrom(ip, "/dang-nhap/xac-thuc", url.Values{"code": {code}, "next": {"/quan-tri/"}})
}

// TestSecurityRecoveryCodes: an enrolment gives ten recovery codes, shown
// once and stored as keyed hashes; each signs in once in place of the
// app's code, a wrong or spent one counts toward the lockout, the person
// makes a new set (voiding the old) after a current code, and the
// administrator's reset voids them (issue 13, item 10).
func TestSecurityRecoveryCodes(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("truongban7", account.BoardHead, "dong-nai")
		owner := h.browser()
		owner.signIn("truongban7")
		codes := owner.recovery
		if len(codes) != account.RecoveryCodeCount {
			t.Fatalf("the enrolment showed %d recovery codes; want %d", len(codes), account.RecoveryCodeCount)
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if seen[c] {
				t.Errorf("code %s shown twice", c)
			}
			seen[c] = true
		}

		// Not in clear: no stored value contains a code, with or without
		// its dash.
		rows, err := db.Query(context.Background(), `SELECT code_hash FROM recovery_codes`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var hash string
			if err := rows.Scan(&hash); err != nil {
				t.Fatal(err)
			}
			n++
			for _, c := range codes {
				if strings.Contains(hash, c) || strings.Contains(hash, strings.ReplaceAll(c, "-", "")) {
					t.Errorf("a recovery code is stored in clear: %q", hash)
				}
			}
		}
		rows.Close()
		if n != account.RecoveryCodeCount {
			t.Errorf("%d recovery codes stored; want %d", n, account.RecoveryCodeCount)
		}
		if p := owner.get("/quan-tri/tai-khoan"); !strings.Contains(p.body, `<dd id="recovery-left">10`) {
			t.Errorf("the account page does not say 10 codes are left:\n%.3000s", p.body)
		}

		// A code signs in once, typed in capitals and with spaces too.
		typed := strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))
		b, p := h.signInWithRecovery("truongban7", typed)
		if p.status != http.StatusSeeOther || p.location != "/quan-tri/" {
			t.Fatalf("sign-in with a recovery code = %d %q\n%.2000s", p.status, p.location, p.body)
		}
		if p := b.get("/quan-tri/"); p.status != http.StatusOK {
			t.Errorf("dashboard after a recovery code = %d", p.status)
		}
		if n := h.auditCount("totp.recovery"); n != 1 {
			t.Errorf("recovery sign-in audited %d times; want 1", n)
		}
		if _, unused := h.recoveryRows("truongban7"); unused != 9 {
			t.Errorf("%d codes unused after one sign-in; want 9", unused)
		}
		if p := owner.get("/quan-tri/tai-khoan"); !strings.Contains(p.body, `<dd id="recovery-left">9`) {
			t.Error("the account page does not say 9 codes are left")
		}

		// Never twice; a spent or a wrong code counts as a failure.
		fails := h.auditCount("totp.fail")
		if _, p := h.signInWithRecovery("truongban7", codes[0]); p.status != http.StatusUnauthorized {
			t.Errorf("the same recovery code again = %d %q; want 401", p.status, p.location)
		}
		if _, p := h.signInWithRecovery("truongban7", "zzzzz-zzzzz"); p.status != http.StatusUnauthorized || !strings.Contains(p.body, "Mã dự phòng không đúng") {
			t.Errorf("a wrong recovery code = %d; want 401 saying so", p.status)
		}
		if got := h.auditCount("totp.fail"); got != fails+2 {
			t.Errorf("wrong recovery codes counted %d times; want 2", got-fails)
		}

		// A new set voids the old; it needs a current code.
		if p := owner.post("/quan-tri/tai-khoan/ma-du-phong", url.Values{"code": {"000000"}}); p.status != http.StatusUnprocessableEntity {
			t.Errorf("a new set with a wrong code = %d; want 422", p.status)
		}
		p = owner.post("/quan-tri/tai-khoan/ma-du-phong", url.Values{"code": {owner.code()}})
		renewed := recoveryCodesIn(p.body)
		if p.status != http.StatusOK || len(renewed) != account.RecoveryCodeCount || p.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("a new set = %d, %d codes, Cache-Control %q", p.status, len(renewed), p.header.Get("Cache-Control"))
		}
		if n := h.auditCount("totp.recovery.renew"); n != 1 {
			t.Errorf("new set audited %d times; want 1", n)
		}
		if all, _ := h.recoveryRows("truongban7"); all != account.RecoveryCodeCount {
			t.Errorf("%d codes stored after a new set; want %d", all, account.RecoveryCodeCount)
		}
		if _, p := h.signInWithRecovery("truongban7", codes[1]); p.status != http.StatusUnauthorized {
			t.Errorf("an old code after a new set = %d; want 401", p.status)
		}
		if _, p := h.signInWithRecovery("truongban7", renewed[0]); p.location != "/quan-tri/" {
			t.Errorf("a code of the new set = %d %q; want the dashboard", p.status, p.location)
		}

		// The administrator's reset voids them.
		h.person("quantri7", account.Admin, "dong-nai")
		admin := h.browser()
		admin.signIn("quantri7")
		var id int64
		if err := db.QueryRow(context.Background(), `SELECT id FROM users WHERE username = 'truongban7'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if p := admin.post(fmt.Sprintf("/quan-tri/nguoi-dung/%d/xac-thuc", id), url.Values{}); p.status != http.StatusSeeOther {
			t.Fatalf("reset = %d\n%.1000s", p.status, p.body)
		}
		if all, _ := h.recoveryRows("truongban7"); all != 0 {
			t.Errorf("%d recovery codes left after the administrator's reset; want none", all)
		}
	})
}

// TestSecurityRecoveryCodesLock: five wrong recovery codes lock the
// account like five wrong app codes.
func TestSecurityRecoveryCodesLock(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		h.person("phoban7", account.BoardDeputy, "dong-nai")
		owner := h.browser()
		owner.signIn("phoban7")
		thief := h.browser()
		thief.postFrom(nextAddress(), "/dang-nhap", url.Values{"username": {"phoban7"}, "password": {testPassword}})
		var last page
		for i := range 5 {
			last = thief.postFrom(nextAddress(), "/dang-nhap/xac-thuc", url.Values{"code": {fmt.Sprintf("aaaaa-aaaa%d", i)}})
		}
		if last.status != http.StatusTooManyRequests {
			t.Fatalf("fifth wrong recovery code = %d; want 429 (locked)", last.status)
		}
		if p := thief.postFrom(nextAddress(), "/dang-nhap/xac-thuc", url.Values{"code": {owner.recovery[0]}}); p.status != http.StatusTooManyRequests {
			t.Errorf("a right recovery code on a locked account = %d; want 429", p.status)
		}
		if _, unused := h.recoveryRows("phoban7"); unused != account.RecoveryCodeCount {
			t.Errorf("%d codes unused; the locked account spent one", unused)
		}
	})
}
