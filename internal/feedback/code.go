package feedback

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"github.com/congportal/cong/internal/vn"
)

// CodePattern is what a tracking code looks like: PAKN-2026-000123.
var CodePattern = regexp.MustCompile(`^PAKN-[0-9]{4}-[0-9]{6,}$`)

// codeFor is the tracking code of the request with row id received at:
// the year it arrived and its row number. The number comes from the
// table's own key (a sequence on PostgreSQL), which never repeats on any
// node and locks nothing shared: a yearly counter row serialised every
// submission behind one lock held until its commit, and capped the form
// at the rate of the database's commits. The price is that numbers do
// not restart each year and may skip (a submission rolled back).
func codeFor(id int64, at time.Time) string {
	return fmt.Sprintf("PAKN-%d-%06d", at.In(vn.ICT).Year(), id)
}

// newToken makes the secret of a private link and the hash that is kept.
func newToken() (token, hash string) {
	b := make([]byte, 18)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func tokenMatches(hash, token string) bool {
	if token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(hash), []byte(hashToken(token))) == 1
}
