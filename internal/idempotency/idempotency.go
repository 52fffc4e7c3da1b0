// Package idempotency makes the portal's writes from outside safe to
// retry. A partner system whose Open311 POST got no answer, or a citizen
// whose browser sends the feedback form again, must not file the same
// request twice: the client names each write with a key (the
// Idempotency-Key header, or a hidden field the form carries), the first
// answer is stored under it in the same transaction as the write, and a
// retry with the key gets that answer again — same status, same tracking
// code — without writing anything.
package idempotency

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/store"
)

// Header is the HTTP header that carries a key
// (draft-ietf-httpapi-idempotency-key-header); Field is the form field
// that carries it where a browser cannot set a header.
const (
	Header = "Idempotency-Key"
	Field  = "idempotency_key"
)

// MaxAge is how long an answer is kept for retries: a day, longer than
// any client keeps retrying, shorter than a person would take to send
// the same form again on purpose.
const MaxAge = 24 * time.Hour

// Key lengths: long enough not to be guessed (a UUID has 36 characters),
// short enough to index.
const (
	minKey = 16
	maxKey = 255
)

// Request names one write: Scope says whose keys these are (an Open311
// key, a site's form), so one client never receives another's answer;
// Key is the client's; Fingerprint is a digest of what was sent.
type Request struct {
	Scope, Key, Fingerprint string
}

// Answer is what a write answered, kept to answer its retries alike.
type Answer struct {
	Status      int
	ContentType string
	Location    string // a redirect's target, for the form
	Body        string
}

// ParseKey reads a key as a client sends it: 16 to 255 visible ASCII
// characters, optionally quoted (the draft's structured-field string).
// An empty key is no key; a malformed one is refused.
func ParseKey(raw string) (string, error) {
	key := strings.TrimSpace(raw)
	if len(key) >= 2 && key[0] == '"' && key[len(key)-1] == '"' {
		key = key[1 : len(key)-1]
	}
	if key == "" {
		return "", nil
	}
	ok := len(key) >= minKey && len(key) <= maxKey
	for i := 0; ok && i < len(key); i++ {
		ok = key[i] > ' ' && key[i] < 0x7f && key[i] != '"'
	}
	if !ok {
		return "", errBadKey
	}
	return key, nil
}

// Fingerprint digests what a write sent: its path and its fields
// (sorted, so their order does not matter), and any attached data.
func Fingerprint(path string, fields map[string][]string, data ...[]byte) string {
	h := sha256.New()
	h.Write([]byte(path + "\n"))
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range fields[k] {
			h.Write([]byte(k + "=" + v + "\x00"))
		}
	}
	for _, d := range data {
		sum := sha256.Sum256(d)
		h.Write(sum[:])
	}
	return hex.EncodeToString(h.Sum(nil))
}

var (
	errBadKey = apperr.Field(Field, "Khóa Idempotency-Key phải dài 16 đến 255 ký tự ASCII nhìn thấy được (ví dụ một UUID).",
		"Idempotency-Key must be 16 to 255 visible ASCII characters (a UUID, for example).")
	errReused = apperr.New(apperr.Invalid, "Khóa Idempotency-Key này đã được dùng cho một yêu cầu có nội dung khác; mỗi yêu cầu mới cần một khóa mới.",
		"This Idempotency-Key was already used for a request with other content; every new request needs a new key.")
)

// Store keeps the answers.
type Store struct {
	db *store.DB
}

// New returns the store of answers in db.
func New(db *store.DB) *Store { return &Store{db: db} }

// Lookup returns the answer stored for r, or nil when its key is new. A
// key stored for other content is refused (apperr.Invalid): the client
// reused a key, and must not receive another write's answer as its own.
func (s *Store) Lookup(ctx context.Context, r Request) (*Answer, error) {
	var a Answer
	var fingerprint string
	err := s.db.QueryRow(ctx, `SELECT fingerprint, status, content_type, location, body FROM idempotency_keys
		WHERE scope = ? AND key = ?`, r.Scope, r.Key).Scan(&fingerprint, &a.Status, &a.ContentType, &a.Location, &a.Body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, err
	case fingerprint != r.Fingerprint:
		return nil, errReused
	}
	return &a, nil
}

// Save stores the answer of r in tx, the transaction of the write it
// reports, so that the answer exists exactly when the write does. When a
// twin with the same key committed first, Save fails with a uniqueness
// conflict and the whole write rolls back; Lookup then finds the twin's
// answer.
func Save(ctx context.Context, tx *store.Tx, r Request, a Answer, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (scope, key, fingerprint, status, content_type, location, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.Scope, r.Key, r.Fingerprint, a.Status, a.ContentType, a.Location, a.Body, now.UTC())
	return err
}

// Sweep deletes the answers older than MaxAge and says how many.
func (s *Store) Sweep(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, now.Add(-MaxAge).UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
