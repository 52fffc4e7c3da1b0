package subscription

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// maxConsentText bounds the recorded consent text, which comes from the
// portal's own form.
const maxConsentText = 2000

// Subscribe records a request and queues its mail, in one transaction
// with also (the captcha spent, say), which may be nil:
//
//   - a new address gets a pending request and the confirmation mail;
//   - a pending request gets a new link (the old one no longer works), a
//     new expiry and the confirmation mail again;
//   - an active subscription gets a short notice that it exists, with
//     its unsubscribe link, and is otherwise left as it was.
//
// No mail goes to an address more often than once per MailGap. The
// caller answers the same in every case, so the form tells no one
// whether an address is subscribed. Errors are about the form's fields
// (address, section, consent).
func (s *Store) Subscribe(ctx context.Context, req Request, also func(ctx context.Context, tx *store.Tx) error) error {
	email, err := Normalize(req.Email)
	if err != nil {
		return err
	}
	if req.Lang != "en" {
		req.Lang = "vi"
	}
	req.ConsentText = vn.Clean(req.ConsentText)
	if !req.Consent || req.ConsentText == "" {
		return apperr.Field(FieldConsent, "Hãy đánh dấu ô đồng ý để Cổng được giữ địa chỉ thư điện tử của bạn và gửi tin cho bạn.",
			"Tick the box to let the portal keep your address and send you the news.")
	}
	if len([]rune(req.ConsentText)) > maxConsentText {
		req.ConsentText = string([]rune(req.ConsentText)[:maxConsentText])
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		sc, err := scopeOf(ctx, tx, req.SiteID, req.CategoryID, req.Lang)
		if err != nil {
			return err
		}
		if also != nil {
			if err := also(ctx, tx); err != nil {
				return err
			}
		}
		return s.subscribe(ctx, tx, req, email, sc)
	})
}

func (s *Store) subscribe(ctx context.Context, tx *store.Tx, req Request, email string, sc *scope) error {
	now := s.now()
	var (
		id                int64
		state             State
		unsub             string
		mailed, confirmed sql.NullTime
	)
	err := tx.QueryRow(ctx, `SELECT id, state, unsub_token, mailed_at, confirmed_at FROM subscribers
		WHERE site_id = ? AND COALESCE(category_id, 0) = ? AND email = ?`, req.SiteID, req.CategoryID, email).
		Scan(&id, &state, &unsub, &mailed, &confirmed)
	if err == sql.ErrNoRows {
		token, hash := secret()
		unsub, _ = secret()
		if _, err := tx.Exec(ctx, `INSERT INTO subscribers (site_id, category_id, email, lang, state, confirm_hash, unsub_token,
			consent_text, consent_at, requested_at, expires_at, mailed_at)
			VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)`,
			req.SiteID, nullID(req.CategoryID), email, req.Lang, hash, unsub, req.ConsentText, now, now, now.Add(PendingFor), now); err != nil {
			return err
		}
		return s.mailConfirm(ctx, tx, email, req.Lang, sc, token, unsub, now.Add(PendingFor))
	}
	if err != nil {
		return err
	}
	if mailed.Valid && now.Sub(mailed.Time) < MailGap {
		return nil // mailed a moment ago: nothing more, and the same answer
	}
	if state == Active {
		if _, err := tx.Exec(ctx, `UPDATE subscribers SET mailed_at = ? WHERE id = ?`, now, id); err != nil {
			return err
		}
		return s.mailNotice(ctx, tx, email, req.Lang, sc, unsub, confirmed.Time)
	}
	// A pending request sent again: a new link, the consent as given now.
	token, hash := secret()
	if _, err := tx.Exec(ctx, `UPDATE subscribers SET confirm_hash = ?, lang = ?, consent_text = ?, consent_at = ?, requested_at = ?,
		expires_at = ?, mailed_at = ? WHERE id = ?`, hash, req.Lang, req.ConsentText, now, now, now.Add(PendingFor), now, id); err != nil {
		return err
	}
	return s.mailConfirm(ctx, tx, email, req.Lang, sc, token, unsub, now.Add(PendingFor))
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Outcome is what following a link did.
type Outcome int

// The outcomes of Confirm and Unsubscribe.
const (
	Unknown          Outcome = iota // no request or subscription has this link (never had, or erased)
	Confirmed                       // the request is now an active subscription
	AlreadyConfirmed                // the link was used before: nothing changed
	Expired                         // the request was not confirmed in time and is now erased
	Unsubscribed                    // the subscription and its address are erased
)

// Confirm turns the pending request whose confirmation link carries
// token into an active subscription. The link works once: followed again
// it changes nothing (AlreadyConfirmed). A request past its expiry is
// erased there and then (Expired).
func (s *Store) Confirm(ctx context.Context, token string) (Outcome, *Subscriber, error) {
	if !wellFormed(token) {
		return Unknown, nil, nil
	}
	out, sub := Unknown, (*row)(nil)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		sub, err = scanOne(tx.QueryRow(ctx, `SELECT `+subscriberCols+` FROM subscribers WHERE confirm_hash = ?`, hashOf(token)))
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		now := s.now()
		switch {
		case sub.State == Active:
			out = AlreadyConfirmed
			return nil
		case sub.expires.Valid && !now.Before(sub.expires.Time):
			out = Expired
			return erase(ctx, tx, sub.ID)
		}
		out = Confirmed
		sub.State, sub.ConfirmedAt = Active, now
		// The row keeps the hash: the link followed again finds the
		// subscription active and changes nothing.
		_, err = tx.Exec(ctx, `UPDATE subscribers SET state = 'active', confirmed_at = ?, expires_at = NULL, digest_since = ?
			WHERE id = ? AND state = 'pending'`, now, now, sub.ID)
		return err
	})
	if err != nil || sub == nil {
		return out, nil, err
	}
	return out, &sub.Subscriber, nil
}

// Unsubscribe erases the subscription (or request) whose unsubscribe
// link carries token: the row, its address and consent, and the record
// of its digests. Followed again, the link finds nothing (Unknown).
func (s *Store) Unsubscribe(ctx context.Context, token string) (Outcome, *Subscriber, error) {
	if !wellFormed(token) {
		return Unknown, nil, nil
	}
	out, sub := Unknown, (*row)(nil)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		sub, err = scanOne(tx.QueryRow(ctx, `SELECT `+subscriberCols+` FROM subscribers WHERE unsub_token = ?`, token))
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		out = Unsubscribed
		return erase(ctx, tx, sub.ID)
	})
	if err != nil || sub == nil {
		return out, nil, err
	}
	return out, &sub.Subscriber, nil
}

// erase deletes a subscriber and what refers to it.
func erase(ctx context.Context, tx *store.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM subscription_digests WHERE subscriber_id = ?`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `DELETE FROM subscribers WHERE id = ?`, id)
	return err
}

// Expire erases the requests not confirmed in time, and the record of
// digests older than KeepDigestDays. It returns how many requests it
// erased.
func (s *Store) Expire(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC().Truncate(time.Microsecond)
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM subscribers WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT 1000`, now)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := erase(ctx, tx, id); err != nil {
				return err
			}
		}
		n = len(ids)
		old := now.In(vn.ICT).AddDate(0, 0, -KeepDigestDays).Format("2006-01-02")
		_, err = tx.Exec(ctx, `DELETE FROM subscription_digests WHERE day < ?`, old)
		return err
	})
	return n, err
}

const subscriberCols = `id, site_id, COALESCE(category_id, 0), email, lang, state, consent_text, consent_at, requested_at, confirmed_at, expires_at`

// row is a Subscriber as read, with the expiry of a pending request.
type row struct {
	Subscriber
	expires sql.NullTime
}

type scanner interface{ Scan(...any) error }

func scanOne(sc scanner) (*row, error) {
	var r row
	var confirmed sql.NullTime
	if err := sc.Scan(&r.ID, &r.SiteID, &r.CategoryID, &r.Email, &r.Lang, &r.State, &r.ConsentText, &r.ConsentAt,
		&r.RequestedAt, &confirmed, &r.expires); err != nil {
		return nil, err
	}
	r.ConfirmedAt = confirmed.Time
	return &r, nil
}

// Count is how many subscribe to one scope of a site.
type Count struct {
	CategoryID int64 // 0: the whole site
	Active     int
	Pending    int
}

// Counts returns, for a site, the subscriptions to the whole site and
// to each category that has any: counts only, no address.
func (s *Store) Counts(ctx context.Context, siteID int64) ([]Count, error) {
	rows, err := s.db.Query(ctx, `SELECT COALESCE(category_id, 0), state, COUNT(*) FROM subscribers WHERE site_id = ?
		GROUP BY COALESCE(category_id, 0), state ORDER BY 1`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Count
	for rows.Next() {
		var cat int64
		var st State
		var n int
		if err := rows.Scan(&cat, &st, &n); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].CategoryID != cat {
			out = append(out, Count{CategoryID: cat})
		}
		c := &out[len(out)-1]
		if st == Active {
			c.Active += n
		} else {
			c.Pending += n
		}
	}
	return out, rows.Err()
}

// ListLimit is how many addresses one page of List shows.
const ListLimit = 100

// List returns a page of a site's subscribers, newest first, those whose
// address contains q when q is not empty: for the administrator who
// answers a person asking what the portal holds about them (Law 91/2025),
// and who erases an address on request.
func (s *Store) List(ctx context.Context, siteID int64, q string, page int) ([]*Subscriber, bool, error) {
	if page < 1 {
		page = 1
	}
	where, args := `site_id = ?`, []any{siteID}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		where += ` AND email LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(q)+"%")
	}
	rows, err := s.db.Query(ctx, `SELECT `+subscriberCols+` FROM subscribers WHERE `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, ListLimit+1, (page-1)*ListLimit)...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []*Subscriber
	for rows.Next() {
		r, err := scanOne(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, &r.Subscriber)
	}
	more := len(out) > ListLimit
	if more {
		out = out[:ListLimit]
	}
	return out, more, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

var errNoSubscriber = apperr.New(apperr.NotFound, "Không có địa chỉ đăng ký này (có thể đã được xóa).", "No such subscriber (it may have been erased already).")

// Erase deletes one subscriber of a site at an administrator's hands (a
// person asked by other means, a mailbox that no longer exists), with an
// audit entry that names the row but not the address.
func (s *Store) Erase(ctx context.Context, siteID, id int64, by audit.Actor) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM subscribers WHERE id = ? AND site_id = ?`, id, siteID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSubscriber
		}
		if err := erase(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("subscription.erase", siteID, "subscriber:"+strconv.FormatInt(id, 10), ""))
	})
}

// mailConfirm queues the confirmation mail of a request.
func (s *Store) mailConfirm(ctx context.Context, tx *store.Tx, to, lang string, sc *scope, token, unsub string, until time.Time) error {
	if s.o.Notify == nil {
		return nil
	}
	confirm, cancel := s.confirmURL(sc.siteID, lang, token), s.unsubscribeURL(sc.siteID, lang, unsub)
	var subject, text string
	if lang == "en" {
		subject = "Confirm your subscription – " + sc.siteName
		text = fmt.Sprintf("Someone, probably you, asked to receive the new items of %s at this address, in a daily digest.\n\n"+
			"To confirm, open this link (it works once, until %s):\n%s\n\n"+
			"If it was not you, do nothing: nothing more will be sent, and the request and this address are erased when the link expires.\n"+
			"To erase them now: %s\n", sc.describe(lang), clock(lang, until), confirm, cancel)
	} else {
		subject = "Xác nhận đăng ký nhận tin mới – " + sc.siteName
		text = fmt.Sprintf("Có người (có thể là bạn) đã đăng ký địa chỉ thư điện tử này để nhận bản tin hằng ngày về tin mới của %s.\n\n"+
			"Để xác nhận, xin mở liên kết sau (chỉ dùng được một lần, đến %s):\n%s\n\n"+
			"Nếu không phải bạn, xin bỏ qua thư này: Cổng sẽ không gửi thêm thư nào, yêu cầu và địa chỉ này sẽ bị xóa khi liên kết hết hạn.\n"+
			"Xóa ngay: %s\n", sc.describe(lang), clock(lang, until), confirm, cancel)
	}
	return s.o.Notify(ctx, tx, mail.Message{To: to, Subject: subject, Text: text})
}

// mailNotice queues the notice to an address already subscribed.
func (s *Store) mailNotice(ctx context.Context, tx *store.Tx, to, lang string, sc *scope, unsub string, since time.Time) error {
	if s.o.Notify == nil {
		return nil
	}
	cancel := s.unsubscribeURL(sc.siteID, lang, unsub)
	var subject, text string
	if lang == "en" {
		subject = "You are already subscribed – " + sc.siteName
		text = fmt.Sprintf("Someone asked again to send the new items of %s to this address. It has received them since %s: nothing needs doing.\n\n"+
			"To unsubscribe and erase this address: %s\n", sc.describe(lang), dayWords(lang, since), cancel)
	} else {
		subject = "Địa chỉ của bạn đã đăng ký nhận tin – " + sc.siteName
		text = fmt.Sprintf("Có người vừa đăng ký lại địa chỉ này để nhận tin mới của %s. Địa chỉ đã nhận bản tin từ ngày %s, bạn không cần làm gì thêm.\n\n"+
			"Hủy đăng ký và xóa địa chỉ: %s\n", sc.describe(lang), dayWords(lang, since), cancel)
	}
	return s.o.Notify(ctx, tx, mail.Message{To: to, Subject: subject, Text: text})
}

// describe names what a subscription is to, inside a sentence.
func (sc *scope) describe(lang string) string {
	if sc.catName == "" {
		return sc.siteName
	}
	if lang == "en" {
		return `the section "` + sc.catName + `" of ` + sc.siteName
	}
	return "chuyên mục “" + sc.catName + "” của " + sc.siteName
}
