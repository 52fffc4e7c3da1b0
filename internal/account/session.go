package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored.
type Session struct {
	ID        string // hash of the token
	UserID    int64
	MFADone   bool // the second factor was given (or is not needed)
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Sessions stores sessions in the database, shared by every node.
type Sessions struct {
	db  *store.DB
	now func() time.Time
	// IdleTimeout ends a session unused for this long; MaxAge ends any.
	IdleTimeout time.Duration
	MaxAge      time.Duration
	// Sealer seals the TOTP secret being enrolled (see seal.go).
	Sealer *Sealer
}

// NewSessions returns the session store on db.
func NewSessions(db *store.DB, now func() time.Time) *Sessions {
	return &Sessions{db: db, now: now, IdleTimeout: 2 * time.Hour, MaxAge: 12 * time.Hour}
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Create starts a session and returns the token for the cookie.
func (ss *Sessions) Create(ctx context.Context, userID int64, mfaDone bool, ip, userAgent string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := ss.now().UTC()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := ss.db.Exec(ctx, `INSERT INTO sessions (id, user_id, mfa_done, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hashToken(token), userID, mfaDone, now, now, now.Add(ss.MaxAge), ip, userAgent)
	return token, err
}

// ErrNoSession means the token names no live session: never issued,
// signed out, or expired.
var ErrNoSession = errors.New("no session")

// Lookup returns the live session for token and touches it. Expired
// sessions are deleted on sight.
func (ss *Sessions) Lookup(ctx context.Context, token string) (*Session, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNoSession
	}
	id := hashToken(token)
	var s Session
	var lastSeen time.Time
	err := ss.db.QueryRow(ctx, `SELECT id, user_id, mfa_done, created_at, last_seen_at, expires_at FROM sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.UserID, &s.MFADone, &s.CreatedAt, &lastSeen, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	now := ss.now().UTC()
	if now.After(s.ExpiresAt) || now.Sub(lastSeen) > ss.IdleTimeout {
		ss.db.Exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
		return nil, ErrNoSession
	}
	// Touch at most once a minute: a page view should not always write.
	if now.Sub(lastSeen) > time.Minute {
		ss.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, now, id)
	}
	return &s, nil
}

// CompleteMFA marks the session as having passed the second factor.
func (ss *Sessions) CompleteMFA(ctx context.Context, token string) error {
	_, err := ss.db.Exec(ctx, `UPDATE sessions SET mfa_done = TRUE WHERE id = ?`, hashToken(token))
	return err
}

// Delete ends one session (sign out).
func (ss *Sessions) Delete(ctx context.Context, token string) error {
	_, err := ss.db.Exec(ctx, `DELETE FROM sessions WHERE id = ?`, hashToken(token))
	return err
}

// DeleteAll ends every session of the user, on every node ("sign out
// everywhere"), and records it.
func (ss *Sessions) DeleteAll(ctx context.Context, u *User, ip string) (int64, error) {
	var n int64
	err := ss.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return audit.Record(ctx, tx, audit.Entry{At: ss.now(), ActorID: u.ID, Actor: u.Username, Action: "logout.all", IP: ip})
	})
	return n, err
}

// Count returns the number of live sessions of the user.
func (ss *Sessions) Count(ctx context.Context, userID int64) (int, error) {
	var n int
	err := ss.db.QueryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE user_id = ? AND expires_at > ?`, userID, ss.now().UTC()).Scan(&n)
	return n, err
}

// Sweep deletes expired sessions; the jobs component calls it.
func (ss *Sessions) Sweep(ctx context.Context) error {
	now := ss.now().UTC()
	_, err := ss.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, now, now.Add(-ss.IdleTimeout))
	return err
}

// SetPendingTOTP keeps a TOTP secret on the session while the person
// scans it, so the QR image and the confirmation see the same secret.
func (ss *Sessions) SetPendingTOTP(ctx context.Context, token, secret string) error {
	id := hashToken(token)
	_, err := ss.db.Exec(ctx, `UPDATE sessions SET totp_pending = ? WHERE id = ?`, ss.Sealer.seal(secret, sessionBound(id)), id)
	return err
}

// PendingTOTP returns the secret being enrolled on this session, or "".
func (ss *Sessions) PendingTOTP(ctx context.Context, token string) (string, error) {
	var stored string
	id := hashToken(token)
	err := ss.db.QueryRow(ctx, `SELECT totp_pending FROM sessions WHERE id = ?`, id).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNoSession
	}
	if err != nil {
		return "", err
	}
	secret, err := ss.Sealer.open(stored, sessionBound(id))
	if err != nil {
		return "", nil // as if none were pending: a new one is made
	}
	return secret, nil
}
