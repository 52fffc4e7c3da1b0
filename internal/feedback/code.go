package feedback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// CodePattern is what a tracking code looks like: PAKN-2026-000123.
var CodePattern = regexp.MustCompile(`^PAKN-[0-9]{4}-[0-9]{6,}$`)

// nextCode takes the next tracking code of the year of at, in tx. The
// counter row is locked by the UPDATE until tx ends, so nodes sharing a
// PostgreSQL database never hand out the same number; the code column is
// UNIQUE as well.
func nextCode(ctx context.Context, tx *store.Tx, at time.Time) (string, error) {
	year := at.In(vn.ICT).Year()
	if _, err := tx.Exec(ctx, `INSERT INTO feedback_counters (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING`, year); err != nil {
		return "", err
	}
	var n int64
	if err := tx.QueryRow(ctx, `UPDATE feedback_counters SET last = last + 1 WHERE year = ? RETURNING last`, year).Scan(&n); err != nil {
		return "", err
	}
	return fmt.Sprintf("PAKN-%d-%06d", year, n), nil
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
