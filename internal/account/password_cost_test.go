package account

import (
	"os"
	"strings"
	"testing"
)

// The account package's tests hash at the real cost; every other test
// binary at the low one (password.go).
func TestMain(m *testing.M) {
	fullCost.Store(true)
	os.Exit(m.Run())
}

// In a test binary hashes are cheap unless fullCost is set, and a cheap
// hash and a full one both verify (a hash names its parameters).
func TestTestBinaryCost(t *testing.T) {
	full, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	fullCost.Store(false)
	t.Cleanup(func() { fullCost.Store(true) })
	cheap, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(full, "$argon2id$v=19$m=65536,t=1,p=4$") || !strings.HasPrefix(cheap, "$argon2id$v=19$m=64,t=1,p=4$") {
		t.Fatalf("hashes at the full and the test cost: %s, %s", full, cheap)
	}
	for _, h := range []string{full, cheap} {
		if ok, err := CheckPassword(h, "mật khẩu đủ dài"); !ok || err != nil {
			t.Errorf("CheckPassword(%s) = %v, %v", h, ok, err)
		}
		if ok, _ := CheckPassword(h, "mật khẩu khác"); ok {
			t.Errorf("CheckPassword(%s) accepts another password", h)
		}
	}
}
