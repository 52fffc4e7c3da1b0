package account

import (
	"strings"
	"testing"
)

// LowerCostForTests lowers the cost of the hashes made after it, and a
// cheap hash and a full one both verify (a hash names its parameters).
func TestLowerCostForTests(t *testing.T) {
	full, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	LowerCostForTests()
	t.Cleanup(func() { testMemory.Store(0) })
	cheap, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(full, "$argon2id$v=19$m=65536,t=1,p=4$") || !strings.HasPrefix(cheap, "$argon2id$v=19$m=64,t=1,p=4$") {
		t.Fatalf("hashes before and after LowerCostForTests: %s, %s", full, cheap)
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
