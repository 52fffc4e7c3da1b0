// Package subscription keeps readers' subscriptions by mail to a site's
// or a section's new items (issue 20, point 9), and makes the daily
// digests that the mail outbox then sends.
//
// The address is personal data under Law 91/2025 (REQ-61), so the
// package keeps as little as it can, for as short as it can:
//
//   - Double opt-in. A request stores the address with the consent — its
//     time and the exact words the reader agreed to — and mails a link
//     with a single-use secret; nothing else is ever sent to an address
//     that has not opened it. A request not confirmed within PendingFor
//     is deleted.
//   - Every mail carries a link that unsubscribes in one click, without
//     signing in; unsubscribing deletes the row, address and consent
//     with it.
//   - No tracking: mails are plain text, their links go straight to the
//     items, nothing records who opened or clicked what.
//   - The answer to a request is the same whether the address was already
//     subscribed or not, so the form tells no one who reads the portal.
//
// A digest is made at most once per subscriber and day: a row keyed by
// both is written in the transaction that queues the mail, so two nodes
// running the job, or a run after a crash, cannot send a day twice.
package subscription

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// The defaults of Options.
const (
	// PendingFor is how long a confirmation link works; the request is
	// then erased.
	PendingFor = 48 * time.Hour
	// MailGap is the least time between two mails about a request
	// (confirmation or notice) to one address: a form sent again and
	// again does not flood a mailbox, and the answer does not change.
	MailGap = 10 * time.Minute
	// DigestHour is the hour of the day, in Viet Nam's time, from which
	// the day's digest is made; it lists what was first published before.
	DigestHour = 6
	// MaxDigestItems bounds one digest; the mail says how many more.
	MaxDigestItems = 50
	// KeepDigestDays is how long the record of made digests is kept.
	KeepDigestDays = 30
)

// Notify queues one mail in the caller's transaction (mail.Outbox.Enqueue).
type Notify func(ctx context.Context, tx *store.Tx, m mail.Message) error

// Options wire a Store.
type Options struct {
	Now func() time.Time
	// Notify queues mail; nil queues nothing (tests of the store alone).
	Notify Notify
	// Link turns a path on a site ("/nhan-tin-moi/…", with "/en" in front
	// for English) into the absolute address mails carry.
	Link func(siteID int64, path string) string
	// DigestHour overrides the default hour of the daily digest (0–23);
	// negative means midnight.
	DigestHour int
}

// Store reads and writes subscriptions.
type Store struct {
	db *store.DB
	o  Options
}

// New returns the store on db.
func New(db *store.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Link == nil {
		o.Link = func(_ int64, path string) string { return path }
	}
	if o.DigestHour == 0 {
		o.DigestHour = DigestHour
	} else if o.DigestHour < 0 {
		o.DigestHour = 0
	}
	return &Store{db: db, o: o}
}

func (s *Store) now() time.Time { return s.o.Now().UTC().Truncate(time.Microsecond) }

// State is where a subscription stands.
type State string

// The states: a request waits for its confirmation, then is active.
const (
	Pending State = "pending"
	Active  State = "active"
)

// Subscriber is one address subscribed to one site or section.
type Subscriber struct {
	ID          int64
	SiteID      int64
	CategoryID  int64 // 0: the whole site
	Email       string
	Lang        string
	State       State
	ConsentText string
	ConsentAt   time.Time
	RequestedAt time.Time
	ConfirmedAt time.Time // zero while pending
}

// Request is what the subscription form sends.
type Request struct {
	SiteID     int64
	CategoryID int64 // 0: the whole site
	Email      string
	Lang       string // of the page, and of the mails: "vi" or "en"
	Consent    bool   // the box was ticked
	// ConsentText is the text next to the box, as the reader saw it: it
	// is what they agreed to, and is recorded with the time.
	ConsentText string
}

// Field names of the form, for the messages of Subscribe.
const (
	FieldEmail   = "email"
	FieldSection = "section"
	FieldConsent = "consent"
)

// Normalize checks an address and returns the form it is stored under:
// trimmed and in lower case, so that the same mailbox typed twice is one
// subscription (mail providers do not tell case apart in practice).
func Normalize(email string) (string, error) {
	a, err := mail.Address(email)
	if err != nil {
		return "", err
	}
	return strings.ToLower(a), nil
}

// secret is a fresh random link secret and its SHA-256.
func secret() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashOf(token)
}

func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormed reports whether a token from a link can be one of ours,
// before it reaches the database.
func wellFormed(token string) bool {
	if len(token) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}

// scope is what a subscription is to, as mails name it.
type scope struct {
	siteName, catName string
	siteID, catID     int64
}

// scopeOf reads the names of a site and category in lang; a category
// that is not the site's is refused on the form's field.
func scopeOf(ctx context.Context, q store.Querier, siteID, catID int64, lang string) (*scope, error) {
	sc := &scope{siteID: siteID, catID: catID}
	var name, nameEN string
	if err := q.QueryRow(ctx, `SELECT name, name_en FROM sites WHERE id = ?`, siteID).Scan(&name, &nameEN); err != nil {
		return nil, store.NotFound(err, apperr.New(apperr.NotFound, "Không có trang này.", "No such site."))
	}
	sc.siteName = pickName(lang, name, nameEN)
	if catID == 0 {
		return sc, nil
	}
	err := q.QueryRow(ctx, `SELECT name, name_en FROM categories WHERE id = ? AND site_id = ?`, catID, siteID).Scan(&name, &nameEN)
	if err == sql.ErrNoRows {
		return nil, errNoSection
	}
	if err != nil {
		return nil, err
	}
	sc.catName = pickName(lang, name, nameEN)
	return sc, nil
}

var errNoSection = apperr.Field(FieldSection, "Chuyên mục đã chọn không có trên trang này; hãy chọn lại.",
	"The section chosen is not on this site; please choose again.")

func pickName(lang, vi, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return vi
}

// langPath puts a path in the subscriber's language.
func langPath(lang, path string) string {
	if lang == "en" {
		return "/en" + path
	}
	return path
}

// The public paths of the links in mails; web serves them.
const (
	FormPath        = "/nhan-tin-moi"
	ConfirmPrefix   = "/nhan-tin-moi/xac-nhan/"
	UnsubscribePath = "/nhan-tin-moi/huy/"
)

func (s *Store) confirmURL(siteID int64, lang, token string) string {
	return s.o.Link(siteID, langPath(lang, ConfirmPrefix+token))
}

func (s *Store) unsubscribeURL(siteID int64, lang, token string) string {
	return s.o.Link(siteID, langPath(lang, UnsubscribePath+token))
}

// dayWords writes a day as Vietnamese or English readers write it.
func dayWords(lang string, t time.Time) string {
	t = t.In(vn.ICT)
	if lang == "en" {
		return t.Format("2 January 2006")
	}
	return t.Format("2/1/2006")
}

// clock writes a time of day and the day, in Viet Nam's time.
func clock(lang string, t time.Time) string {
	t = t.In(vn.ICT)
	if lang == "en" {
		return t.Format("15:04 on 2 January 2006") + " (Viet Nam time)"
	}
	return t.Format("15 giờ 04 ngày 2/1/2006")
}
