package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"

	"github.com/congportal/cong/internal/vn"
)

// argon2id parameters: OWASP's second recommended set (19 MiB was the
// minimum; 64 MiB, 1 pass, 4 lanes is comfortable on a 2-core server and
// costs about 50 ms). The parameters are stored in each hash, so raising
// them later keeps old passwords working.
const (
	argonMemory  = 64 * 1024
	argonTime    = 1
	argonThreads = 4
	argonKeyLen  = 32
	argonSaltLen = 16
)

// In a test binary (testing.Testing) new hashes cost 64 KiB instead of
// 64 MiB: the tests create and sign in thousands of accounts, and at
// 64 MiB each hash and each sign-in cost 50–150 ms of a loaded CI machine
// (argon2 was 63 % of the demo content's CPU, most of the web tests'
// setup). Verification is the same code either way, since a hash names
// its own parameters. A portal is never a test binary; the account
// package's own tests set fullCost and check the real parameters.
const testMemory = 64

var fullCost atomic.Bool

// MinPasswordLen is the shortest password the portal accepts.
const MinPasswordLen = 10

// HashPassword returns an argon2id hash in the PHC string format. The
// password is put in NFC first: "ư" typed as one code point on one
// keyboard and as u + U+031B on another is the same password.
func HashPassword(password string) (string, error) {
	password = vn.NFC(password)
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	memory := uint32(argonMemory)
	if testing.Testing() && !fullCost.Load() {
		memory = testMemory
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, memory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, argonTime,
		argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC hash, in
// constant time.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("password hash is not argon2id")
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil {
		return false, err
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false, err
	}
	// A hash read from the database names its own cost; refuse absurd
	// ones rather than let a corrupt row allocate gigabytes.
	if memory < 8 || memory > 1<<20 || time < 1 || time > 10 || threads < 1 || threads > 16 {
		return false, errors.New("password hash parameters out of range")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	if len(want) < 16 || len(want) > 64 || len(salt) < 8 {
		return false, errors.New("password hash has a wrong key or salt length")
	}
	got := argon2.IDKey([]byte(vn.NFC(password)), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// RandomPassword makes a password for a new account or the demo admin:
// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).
func RandomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
