// Package rating keeps readers' answers to "Thông tin này có hữu ích
// không?" on the portal's item pages (REQ-06, Decree 224/2026 Art.
// 10(3)): yes or no with an optional short comment, from anyone, with no
// account and no address kept. The reports read its totals per site,
// item and section over a period; the comments reach the site's editors,
// screened for the site's prohibited terms as citizens' feedback is.
package rating

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// MaxComment is the longest comment, in characters. A longer one is
// refused with a message, never cut.
const MaxComment = 500

// State is where a comment stands.
type State string

// The states of a rating's comment.
const (
	NoComment State = ""         // the reader answered yes or no only
	Received  State = "received" // the comment reached the site's editors
	Held      State = "held"     // it names a prohibited term: a person reads it first
)

// Rating is one reader's answer, as stored: no account, no address, and
// the time only to the hour.
type Rating struct {
	ID        int64
	SiteID    int64
	ItemID    int64
	Useful    bool
	Comment   string
	State     State
	HeldTerms string
	Hour      time.Time
}

// Input is what a reader sends. Client is the reader's address: it only
// keys the once-a-day mark (see mark) and is never stored.
type Input struct {
	SiteID, ItemID int64
	Useful         bool
	Comment        string
	Client         string
}

// ErrAgain refuses a second rating of the same item by the same reader
// on the same day.
var ErrAgain = apperr.New(apperr.TooMany,
	"Bạn đã đánh giá thông tin này hôm nay. Cảm ơn bạn; xin đánh giá lại vào ngày mai nếu cần.",
	"You have already rated this page today. Thank you; rate it again tomorrow if you wish.")

// Store keeps ratings in the database.
type Store struct {
	db  *store.DB
	now func() time.Time

	mu       sync.Mutex
	saltDay  string // the day of salt, in Viet Nam
	saltText string
}

// NewStore returns the ratings store on db with the clock now.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// CleanComment cleans a comment (vn.Clean, then one space between
// words: a short comment is one line) and checks its length.
func CleanComment(s string) (string, error) {
	s = strings.Join(strings.Fields(vn.Clean(s)), " ")
	if utf8.RuneCountInString(s) > MaxComment {
		return "", invalid(CommentField, fmt.Sprintf("Ý kiến dài quá %d ký tự: xin viết ngắn lại.", MaxComment),
			fmt.Sprintf("The comment is longer than %d characters: please shorten it.", MaxComment))
	}
	return s, nil
}

// Rate stores a reader's answer. With a Client, a second answer on the
// same item the same day is refused with ErrAgain; a comment that names
// one of the site's prohibited terms is stored held.
func (s *Store) Rate(ctx context.Context, in Input) (*Rating, error) {
	comment, err := CleanComment(in.Comment)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	r := &Rating{SiteID: in.SiteID, ItemID: in.ItemID, Useful: in.Useful, Comment: comment, Hour: now.Truncate(time.Hour)}
	if comment != "" {
		r.State = Received
	}
	day := now.In(vn.ICT).Format(time.DateOnly)
	var mark string
	if in.Client != "" {
		salt, err := s.salt(ctx, day)
		if err != nil {
			return nil, fmt.Errorf("rate: %w", err)
		}
		mark = markOf(salt, in.Client, in.ItemID)
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if mark != "" {
			res, err := tx.Exec(ctx, `INSERT INTO rating_marks (mark, day) VALUES (?, ?) ON CONFLICT (mark) DO NOTHING`, mark, day)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return ErrAgain
			}
		}
		if comment != "" {
			held, err := feedback.Screen(ctx, tx, in.SiteID, comment)
			if err != nil {
				return err
			}
			if len(held) > 0 {
				r.State, r.HeldTerms = Held, strings.Join(held, ", ")
			}
		}
		return tx.QueryRow(ctx, `INSERT INTO ratings (site_id, item_id, useful, comment, state, held_terms, hour)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.SiteID, r.ItemID, r.Useful, r.Comment, string(r.State), r.HeldTerms, r.Hour).Scan(&r.ID)
	})
	if err == ErrAgain {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("rate: %w", err)
	}
	return r, nil
}

// markOf is the once-a-day mark of a client on an item: a hash that,
// once the day's salt is deleted, nobody can tie to the address.
func markOf(salt, client string, itemID int64) string {
	h := sha256.Sum256([]byte(salt + "\x00" + client + "\x00" + strconv.FormatInt(itemID, 10)))
	return hex.EncodeToString(h[:])
}

// salt is the day's random salt, shared by every node through the
// database and kept in memory once read.
func (s *Store) salt(ctx context.Context, day string) (string, error) {
	s.mu.Lock()
	if s.saltDay == day {
		defer s.mu.Unlock()
		return s.saltText, nil
	}
	s.mu.Unlock()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO rating_salts (day, salt) VALUES (?, ?) ON CONFLICT (day) DO NOTHING`,
		day, hex.EncodeToString(b)); err != nil {
		return "", err
	}
	var salt string
	if err := s.db.QueryRow(ctx, `SELECT salt FROM rating_salts WHERE day = ?`, day).Scan(&salt); err != nil {
		return "", err
	}
	s.mu.Lock()
	s.saltDay, s.saltText = day, salt
	s.mu.Unlock()
	return salt, nil
}

// Sweep deletes the marks and salts of the days before now's (in Viet
// Nam): from then on no rating can be tied to an address.
func (s *Store) Sweep(ctx context.Context, now time.Time) error {
	day := now.In(vn.ICT).Format(time.DateOnly)
	if _, err := s.db.Exec(ctx, `DELETE FROM rating_marks WHERE day < ?`, day); err != nil {
		return fmt.Errorf("sweep rating marks: %w", err)
	}
	if _, err := s.db.Exec(ctx, `DELETE FROM rating_salts WHERE day < ?`, day); err != nil {
		return fmt.Errorf("sweep rating salts: %w", err)
	}
	return nil
}
