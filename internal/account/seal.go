package account

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// A TOTP secret must be read back to check a code, so unlike a password
// it cannot be hashed. It is sealed instead (AES-256-GCM) with a key kept
// outside the database — a file on each node (see cli's secret key) — so
// a copy of the database alone (a dump, a backup, an injected SELECT)
// does not give away anyone's second factor. Each sealed value is bound
// to its row (the user's id, the session's hash) as additional data: a
// value copied onto another account does not open.

// KeySize is the length of a sealing key in bytes.
const KeySize = 32

// sealedPrefix marks a sealed value; the version leaves room for another
// scheme. A value without it was stored before sealing existed.
const sealedPrefix = "v1:"

// Sealer seals and opens secrets with one key.
type Sealer struct {
	aead        cipher.AEAD
	fingerprint string
	// codeKey keys the hashes of recovery codes (recovery.go), derived
	// from the key so that it never seals anything itself.
	codeKey []byte
}

// NewSealer returns a Sealer for a KeySize-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("khóa bí mật phải dài %d byte, không phải %d (the secret key must be %d bytes)", KeySize, len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("cong sealing key fingerprint"))
	derive := hmac.New(sha256.New, key)
	derive.Write([]byte("cong recovery codes"))
	return &Sealer{aead: aead, fingerprint: hex.EncodeToString(mac.Sum(nil))[:32], codeKey: derive.Sum(nil)}, nil
}

// NewKey makes a random sealing key.
func NewKey() []byte {
	k := make([]byte, KeySize)
	rand.Read(k)
	return k
}

// seal encrypts plain for the row named by bound. A nil Sealer stores
// plain text, as tests and tools without a key do; "" stays "".
func (s *Sealer) seal(plain, bound string) string {
	if s == nil || plain == "" {
		return plain
	}
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	out := s.aead.Seal(nonce, nonce, []byte(plain), []byte(bound))
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(out)
}

// errSealed is returned for a sealed value that does not open: another
// key, or a value moved from another row.
var errSealed = errors.New("account: a sealed secret does not open with this key")

// open returns the plain text of a stored value. Without a key, values
// are in clear. With one, every value was sealed when the key was adopted
// (AdoptKey), so a value in clear is refused: it could only have been
// planted by someone who writes to the database and wants a second factor
// of their own choosing.
func (s *Sealer) open(stored, bound string) (string, error) {
	b64, ok := strings.CutPrefix(stored, sealedPrefix)
	switch {
	case stored == "":
		return "", nil
	case s == nil && !ok:
		return stored, nil
	case s == nil || !ok:
		return "", errSealed
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < s.aead.NonceSize() {
		return "", errSealed
	}
	n := s.aead.NonceSize()
	plain, err := s.aead.Open(nil, raw[:n], raw[n:], []byte(bound))
	if err != nil {
		return "", errSealed
	}
	return string(plain), nil
}

// userBound and sessionBound name the row a sealed value belongs to.
func userBound(id int64) string       { return "users.totp_secret:" + strconv.FormatInt(id, 10) }
func sessionBound(hash string) string { return "sessions.totp_pending:" + hash }

// ErrWrongKey means the database's secrets were sealed with another key
// than the one given.
var ErrWrongKey = errors.New("account: wrong sealing key")

// AdoptKey checks that s is the key this database's secrets are sealed
// with, recording it if the database has none yet (every node must use
// the same key: the first to start decides), then seals the secrets
// stored before sealing existed and reports how many.
func AdoptKey(ctx context.Context, db *store.DB, s *Sealer, now time.Time) (int, error) {
	if _, err := db.Exec(ctx, `INSERT INTO sealing_key (id, fingerprint, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING`,
		s.fingerprint, now.UTC()); err != nil {
		return 0, fmt.Errorf("sealing key: %w", err)
	}
	fp, _, err := recordedKey(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("sealing key: %w", err)
	}
	if fp != s.fingerprint {
		return 0, ErrWrongKey
	}
	n := 0
	err = db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, totp_secret FROM users WHERE totp_secret <> '' AND totp_secret NOT LIKE 'v1:%'`)
		if err != nil {
			return err
		}
		type plain struct {
			id     int64
			secret string
		}
		var todo []plain
		for rows.Next() {
			var p plain
			if err := rows.Scan(&p.id, &p.secret); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range todo {
			// Only if unchanged: another node may have enrolled the person
			// meanwhile, with a sealed secret this must not overwrite.
			if _, err := tx.Exec(ctx, `UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?`,
				s.seal(p.secret, userBound(p.id)), p.id, p.secret); err != nil {
				return err
			}
		}
		n = len(todo)
		// A pending enrolment lasts minutes: those of before are dropped
		// (the person is shown a new code to scan).
		_, err = tx.Exec(ctx, `UPDATE sessions SET totp_pending = '' WHERE totp_pending <> '' AND totp_pending NOT LIKE 'v1:%'`)
		return err
	})
	return n, err
}

// errKeyChanged refuses an enrolment on a node whose key is no longer the
// database's (cong user forget-key ran while it served).
var errKeyChanged = apperr.New(apperr.Conflict, "Khóa bí mật của máy chủ đã được thay: cần khởi động lại máy chủ trước khi thiết lập xác thực hai bước.",
	"The server's secret key was replaced: the server must be restarted before a second factor can be set up.")

// stillAdopted checks, in tx, that the database still names s's key.
func (s *Sealer) stillAdopted(ctx context.Context, tx *store.Tx) error {
	if s == nil {
		return nil
	}
	fp, ok, err := recordedKey(ctx, tx)
	if err == nil && (!ok || fp != s.fingerprint) {
		return errKeyChanged
	}
	return err
}

// recordedKey is the fingerprint of the key the database names, and
// whether it names one.
func recordedKey(ctx context.Context, q store.Querier) (string, bool, error) {
	var fp string
	err := q.QueryRow(ctx, `SELECT fingerprint FROM sealing_key WHERE id = 1`).Scan(&fp)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return fp, err == nil, err
}

// KeyRecorded reports whether the secrets of db are sealed with some
// key already, so that a node which cannot find its key file refuses to
// start instead of making a new key that opens nothing.
func KeyRecorded(ctx context.Context, db *store.DB) (bool, error) {
	_, ok, err := recordedKey(ctx, db)
	return ok, err
}

// ForgetKey is the way out when the key file is lost with no copy: the
// sealed secrets can never be opened again, so every second factor is
// removed, every session ended, and the record of the old key dropped;
// the next start makes a new key, and whoever must have a second factor
// enrols again at the next sign-in. It reports how many accounts had one.
func ForgetKey(ctx context.Context, db *store.DB, by audit.Actor) (int, error) {
	var n int
	err := db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE totp_secret <> ''`).Scan(&n); err != nil {
			return err
		}
		// Recovery codes are hashed with a key derived from the lost one:
		// they could never match again.
		for _, q := range []string{`UPDATE users SET totp_secret = '' WHERE totp_secret <> ''`, `DELETE FROM sessions`,
			`DELETE FROM recovery_codes`, `DELETE FROM sealing_key`} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.Entry("totp.forget-key", 0, "", fmt.Sprintf("%d second factors removed", n)))
	})
	return n, err
}
