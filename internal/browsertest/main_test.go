package browsertest

import (
	"os"
	"testing"

	"github.com/congportal/cong/internal/account"
)

// The accounts these tests make hash their passwords cheaply
// (account.LowerCostForTests): the tests are about browsertest, not argon2.
func TestMain(m *testing.M) {
	account.LowerCostForTests()
	os.Exit(m.Run())
}
