package feedback

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Open311 GeoReport v2 maps onto requests: a service is a category
// (service_code = the category's code), service_request_id is the
// tracking code, and the status is "open" until the request is final.

// Open311Status is a request's GeoReport status.
func (r *Request) Open311Status() string {
	if r.State.Final() {
		return "closed"
	}
	return "open"
}

// APIKey is an Open311 key as administrators see it (never the key).
type APIKey struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	RevokedAt *time.Time
}

// IssueKey makes a new Open311 API key named for its holder; the key is
// returned once and only its hash is stored.
func (s *Store) IssueKey(ctx context.Context, name string, by audit.Actor) (string, error) {
	name = vn.Clean(name)
	if name == "" {
		return "", apperr.Field("name", "Xin ghi tên đơn vị hoặc ứng dụng dùng khóa.", "Name who the key is for.")
	}
	b := make([]byte, 24)
	rand.Read(b)
	key := base64.RawURLEncoding.EncodeToString(b)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO open311_keys (name, key_hash, created_at) VALUES (?, ?, ?)`,
			name, hashToken(key), s.o.Now().UTC()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("open311.key.issue", 0, name, ""))
	})
	return key, err
}

// RevokeKey stops a key from working.
func (s *Store) RevokeKey(ctx context.Context, id int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE open311_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.o.Now().UTC(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("open311.key.revoke", 0, "", ""))
	})
}

// Keys lists the issued keys, newest first.
func (s *Store) Keys(ctx context.Context) ([]*APIKey, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, created_at, revoked_at FROM open311_keys ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*APIKey
	for rows.Next() {
		var k APIKey
		var revoked nullTime
		if err := rows.Scan(&k.ID, &k.Name, &k.CreatedAt, &revoked); err != nil {
			return nil, err
		}
		k.RevokedAt = revoked.ptr()
		out = append(out, &k)
	}
	return out, rows.Err()
}

// KeyName returns the holder of a valid key. An unknown or revoked key
// is a Forbidden error; a database that cannot answer is its own error,
// never Forbidden: a partner told its key is wrong would stop sending,
// or ask for a new key, when it should only retry.
func (s *Store) KeyName(ctx context.Context, key string) (string, error) {
	if key == "" {
		return "", errBadKey
	}
	var name string
	err := s.db.QueryRow(ctx, `SELECT name FROM open311_keys WHERE key_hash = ? AND revoked_at IS NULL`, hashToken(key)).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errBadKey
	}
	if err != nil {
		return "", fmt.Errorf("open311 key: %w", err)
	}
	return name, nil
}

var errBadKey = apperr.New(apperr.Forbidden, "Khóa API không hợp lệ.", "Invalid api_key.")
