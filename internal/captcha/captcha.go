// Package captcha is the portal's own proof-of-work captcha, compatible
// with ALTCHA's challenge format: no third-party service sees the
// citizens who write to the portal, and nothing asks a person to read
// distorted letters or pick pictures (which fails blind users).
//
// The server picks a secret number n below MaxNumber and a random salt,
// and sends challenge = SHA-256(salt + n) signed with an HMAC key. The
// browser tries numbers until one hashes to the challenge — a fraction of
// a second for one person, an expense for someone posting thousands of
// forms — and sends back the number with the challenge and signature.
// The server checks the signature (it issued the challenge), the hash
// (the work was done), the expiry written into the salt, and that the
// same challenge was not already used, on any node.
package captcha

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/store"
)

// Algorithm is the only hash the captcha uses; Web Crypto has it in every
// browser.
const Algorithm = "SHA-256"

// DefaultMaxNumber makes a challenge take a browser about a quarter to
// half a second on average (it tries MaxNumber/2 numbers on average).
const DefaultMaxNumber = 50_000

// DefaultTTL is how long a challenge may be solved and sent: long enough
// to write a request by hand, since the browser solves it when the form
// opens.
const DefaultTTL = 2 * time.Hour

// Field is the form field that carries the solution.
const Field = "altcha"

// Challenge is what GET /api/v1/captcha sends to the browser.
type Challenge struct {
	Algorithm string `json:"algorithm"`
	Challenge string `json:"challenge"`
	Salt      string `json:"salt"`
	Signature string `json:"signature"`
	MaxNumber int    `json:"maxnumber"`
}

// Options set the difficulty and the clock.
type Options struct {
	// MaxNumber bounds the secret number (0: DefaultMaxNumber). The load
	// benchmark sets a small one so that its solving does not compete
	// with the server for the processor.
	MaxNumber int
	TTL       time.Duration    // 0: DefaultTTL
	Now       func() time.Time // nil: time.Now
}

// Issuer makes and checks challenges.
type Issuer struct {
	db     *store.DB
	key    []byte
	max    int
	ttl    time.Duration
	now    func() time.Time
	checks atomic.Uint64 // verifications, to sweep the solved table now and then
}

// New returns an Issuer whose HMAC key is read from the database, or
// made and stored there on first use, so that all nodes share it.
func New(db *store.DB, o Options) (*Issuer, error) {
	if o.MaxNumber <= 0 {
		o.MaxNumber = DefaultMaxNumber
	}
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	key, err := loadKey(context.Background(), db, o.Now())
	if err != nil {
		return nil, err
	}
	return &Issuer{db: db, key: key, max: o.MaxNumber, ttl: o.TTL, now: o.Now}, nil
}

// loadKey returns the shared key. Two nodes starting together both try
// to insert; the second insert does nothing and both read the first.
func loadKey(ctx context.Context, db *store.DB, now time.Time) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := db.Exec(ctx, `INSERT INTO captcha_key (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING`,
		hex.EncodeToString(fresh), now.UTC()); err != nil {
		return nil, fmt.Errorf("captcha: lưu khóa (store key): %w", err)
	}
	var secret string
	// Read through a transaction: on SQLite the write connection sees
	// the row just written even before the read pool's snapshot does.
	err := db.InTx(ctx, func(tx *store.Tx) error {
		return tx.QueryRow(ctx, `SELECT secret FROM captcha_key WHERE id = 1`).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("captcha: đọc khóa (read key): %w", err)
	}
	key, err := hex.DecodeString(secret)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("captcha: khóa trong cơ sở dữ liệu hỏng (bad key in database)")
	}
	return key, nil
}

// New makes a fresh challenge.
func (i *Issuer) New() (Challenge, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(i.max)+1))
	if err != nil {
		return Challenge{}, err
	}
	nonce := make([]byte, 12)
	rand.Read(nonce)
	// The expiry rides in the salt, as ALTCHA does: the salt is hashed,
	// so it cannot be changed without redoing the work, and signed.
	salt := hex.EncodeToString(nonce) + "?expires=" + strconv.FormatInt(i.now().Add(i.ttl).Unix(), 10)
	ch := hash(salt, int(n.Int64()))
	return Challenge{Algorithm: Algorithm, Challenge: ch, Salt: salt, Signature: i.sign(ch), MaxNumber: i.max}, nil
}

func hash(salt string, n int) string {
	sum := sha256.Sum256([]byte(salt + strconv.Itoa(n)))
	return hex.EncodeToString(sum[:])
}

func (i *Issuer) sign(challenge string) string {
	m := hmac.New(sha256.New, i.key)
	m.Write([]byte(challenge))
	return hex.EncodeToString(m.Sum(nil))
}

// Solution is the decoded form field: the challenge with the number found.
type Solution struct {
	Algorithm string `json:"algorithm"`
	Challenge string `json:"challenge"`
	Number    int    `json:"number"`
	Salt      string `json:"salt"`
	Signature string `json:"signature"`
}

// maxPayload bounds the field before decoding: a real one is ~250 bytes.
const maxPayload = 2048

// The errors a person sees. They say what to do, not what went wrong in
// the arithmetic.
var (
	errMissing = apperr.Field(Field, "Chưa hoàn tất bước xác minh chống thư rác. Xin đợi trình duyệt xác minh xong rồi gửi lại (cần bật JavaScript).",
		"The anti-spam check is not finished. Please wait for your browser to complete it and send again (JavaScript is needed).")
	errInvalid = apperr.Field(Field, "Kết quả xác minh chống thư rác không hợp lệ. Xin tải lại trang và gửi lại.",
		"The anti-spam check is not valid. Please reload the page and send again.")
	errExpired = apperr.Field(Field, "Bước xác minh chống thư rác đã hết hạn. Xin tải lại trang và gửi lại.",
		"The anti-spam check has expired. Please reload the page and send again.")
	errReplay = apperr.Field(Field, "Kết quả xác minh này đã được dùng. Mỗi lần gửi cần một lần xác minh mới: xin tải lại trang.",
		"This anti-spam check was already used. Each submission needs a new one: please reload the page.")
)

// Decode parses the form field without checking it.
func Decode(payload string) (Solution, error) {
	var s Solution
	payload = strings.TrimSpace(payload)
	if payload == "" {
		return s, errMissing
	}
	if len(payload) > maxPayload {
		return s, errInvalid
	}
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		if raw, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(payload, "=")); err != nil {
			return s, errInvalid
		}
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return s, errInvalid
	}
	return s, nil
}

// Verify checks the form field "altcha" and records the challenge as
// used. It returns an *apperr.Error (Invalid, on the field "altcha") for
// anything a person or a bot sent wrong, and a plain error only when the
// database fails.
func (i *Issuer) Verify(ctx context.Context, payload string) error {
	if err := i.Check(payload); err != nil {
		return err
	}
	return i.Spend(ctx, i.db, payload)
}

// Check verifies a solution without spending it: its signature (this
// portal issued the challenge), its work and its expiry. A solution
// already spent passes Check and fails Spend.
func (i *Issuer) Check(payload string) error {
	_, _, err := i.check(payload)
	return err
}

func (i *Issuer) check(payload string) (Solution, time.Time, error) {
	s, err := Decode(payload)
	if err != nil {
		return s, time.Time{}, err
	}
	if s.Algorithm != Algorithm || s.Number < 0 || s.Number > i.max ||
		len(s.Challenge) != 64 || len(s.Signature) != 64 || len(s.Salt) > 200 {
		return s, time.Time{}, errInvalid
	}
	if !hmac.Equal([]byte(i.sign(s.Challenge)), []byte(strings.ToLower(s.Signature))) {
		return s, time.Time{}, errInvalid
	}
	if hash(s.Salt, s.Number) != s.Challenge {
		return s, time.Time{}, errInvalid
	}
	expires, ok := expiry(s.Salt)
	if !ok {
		return s, time.Time{}, errInvalid
	}
	if !i.now().Before(expires) {
		return s, time.Time{}, errExpired
	}
	return s, expires, nil
}

// Spend checks a solution and records it as used through q, refusing
// one already used on any node. Given a caller's transaction, the
// solution is spent only if what it guards is stored, so a submission
// that failed (the database busy) can be sent again as it was.
func (i *Issuer) Spend(ctx context.Context, q store.Querier, payload string) error {
	s, expires, err := i.check(payload)
	if err != nil {
		return err
	}
	// The challenge's row lives as long as the challenge could be
	// accepted; ON CONFLICT makes the check and the record one step, so
	// two nodes given the same solution at once accept it once.
	res, err := q.Exec(ctx, `INSERT INTO captcha_solved (challenge, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		s.Challenge, expires.UTC())
	if err != nil {
		return fmt.Errorf("captcha: ghi nhận (record): %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("captcha: ghi nhận (record): %w", err)
	} else if n == 0 {
		return errReplay
	}
	if i.checks.Add(1)%500 == 0 {
		go i.Sweep(context.WithoutCancel(ctx), i.now()) // best effort, outside q's transaction; the job does it too
	}
	return nil
}

// expiry reads "?expires=UNIX" from a salt.
func expiry(salt string) (time.Time, bool) {
	_, query, ok := strings.Cut(salt, "?")
	if !ok {
		return time.Time{}, false
	}
	v, err := url.ParseQuery(query)
	if err != nil {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(v.Get("expires"), 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}, false
	}
	return time.Unix(sec, 0), true
}

// Sweep forgets solved challenges that have expired: they would be
// refused as expired anyway.
func (i *Issuer) Sweep(ctx context.Context, now time.Time) error {
	_, err := i.db.Exec(ctx, `DELETE FROM captcha_solved WHERE expires_at < ?`, now.UTC())
	return err
}

// Solve finds the number by brute force, as a browser does, and returns
// the form field. It is for tests and the load generator.
func Solve(c Challenge) (payload string, err error) {
	if c.Algorithm != Algorithm {
		return "", fmt.Errorf("captcha: thuật toán không hỗ trợ %q", c.Algorithm)
	}
	want, err := hex.DecodeString(c.Challenge)
	if err != nil || len(want) != sha256.Size {
		return "", fmt.Errorf("captcha: thử thách không hợp lệ (bad challenge)")
	}
	buf := []byte(c.Salt)
	for n := 0; n <= c.MaxNumber; n++ {
		// Bytes, not hex strings: the load generator solves hundreds a
		// second beside the server it measures.
		sum := sha256.Sum256(strconv.AppendInt(buf[:len(c.Salt)], int64(n), 10))
		if hmac.Equal(sum[:], want) {
			raw, err := json.Marshal(Solution{Algorithm: c.Algorithm, Challenge: c.Challenge, Number: n, Salt: c.Salt, Signature: c.Signature})
			if err != nil {
				return "", err
			}
			return base64.StdEncoding.EncodeToString(raw), nil
		}
	}
	return "", fmt.Errorf("captcha: không tìm được lời giải dưới %d (no solution)", c.MaxNumber)
}
