package subscription

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// digestBatch is how many subscribers one query of Digest reads.
const digestBatch = 200

// Item is one line of a digest.
type Item struct {
	Title     string
	URL       string // absolute, straight to the item: no redirect, nothing counted
	Published time.Time
}

// DayOf returns the day (YYYY-MM-DD, Viet Nam) whose digest is due at
// now and the moment it lists items up to: today's, from DigestHour on;
// before that hour no digest is due (ok false).
func (s *Store) DayOf(now time.Time) (day string, cut time.Time, ok bool) {
	local := now.In(vn.ICT)
	cut = time.Date(local.Year(), local.Month(), local.Day(), s.o.DigestHour, 0, 0, 0, vn.ICT).UTC()
	if now.Before(cut) {
		return "", time.Time{}, false
	}
	return local.Format("2006-01-02"), cut, true
}

// Digest makes the day's digest of every active subscriber that has not
// had it: the items of its site (or section), in its language, first
// published after its last digest (or its confirmation) and up to the
// day's cut-off, queued as one mail with links to them and the
// unsubscribe link. A subscriber with nothing new gets no mail that day.
// The subscriber-and-day key makes each digest once, whichever node
// runs the job and however often. It returns how many digests it made
// and how many of them were mailed.
func (s *Store) Digest(ctx context.Context, now time.Time) (made, mailed int, err error) {
	day, cut, ok := s.DayOf(now)
	if !ok {
		return 0, 0, nil
	}
	items := map[string][]Item{} // the same scope and start, read once a run
	var after int64
	for {
		due, err := s.due(ctx, day, cut, after)
		if err != nil || len(due) == 0 {
			return made, mailed, err
		}
		for _, d := range due {
			after = d.ID
			m, sent, err := s.digestOne(ctx, d, day, cut, now, items)
			if err != nil {
				return made, mailed, fmt.Errorf("digest of subscriber %d: %w", d.ID, err)
			}
			if m {
				made++
			}
			if sent {
				mailed++
			}
		}
		if len(due) < digestBatch || ctx.Err() != nil {
			return made, mailed, ctx.Err()
		}
	}
}

// dueRow is a subscriber whose digest of the day may be due.
type dueRow struct {
	ID, SiteID, CategoryID int64
	Email, Lang, Unsub     string
	Since, ConfirmedAt     time.Time
}

func (s *Store) due(ctx context.Context, day string, cut time.Time, after int64) ([]dueRow, error) {
	rows, err := s.db.Query(ctx, `SELECT id, site_id, COALESCE(category_id, 0), email, lang, unsub_token, digest_since, confirmed_at
		FROM subscribers WHERE state = 'active' AND digest_since < ? AND id > ?
		AND NOT EXISTS (SELECT 1 FROM subscription_digests d WHERE d.subscriber_id = subscribers.id AND d.day = ?)
		ORDER BY id LIMIT ?`, cut, after, day, digestBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dueRow
	for rows.Next() {
		var d dueRow
		if err := rows.Scan(&d.ID, &d.SiteID, &d.CategoryID, &d.Email, &d.Lang, &d.Unsub, &d.Since, &d.ConfirmedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// digestOne makes one subscriber's digest of day in one transaction:
// the day's row first (none made if another run holds it already), then
// the mail, then the subscriber's new start.
func (s *Store) digestOne(ctx context.Context, d dueRow, day string, cut, now time.Time, cache map[string][]Item) (made, sent bool, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Still there and still due: an unsubscription or another node
		// may have come between the list and now.
		var since time.Time
		err := tx.QueryRow(ctx, `SELECT digest_since FROM subscribers WHERE id = ? AND state = 'active'`, d.ID).Scan(&since)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `INSERT INTO subscription_digests (subscriber_id, day, items, made_at) VALUES (?, ?, 0, ?)
			ON CONFLICT (subscriber_id, day) DO NOTHING`, d.ID, day, now.UTC().Truncate(time.Microsecond))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // made already, here or on another node
		}
		made = true
		key := fmt.Sprintf("%d|%d|%s|%s", d.SiteID, d.CategoryID, d.Lang, since.UTC().Format(time.RFC3339Nano))
		list, ok := cache[key]
		if !ok {
			if list, err = s.newItems(ctx, tx, d.SiteID, d.CategoryID, d.Lang, since, cut); err != nil {
				return err
			}
			cache[key] = list
		}
		if len(list) > 0 {
			sc, err := scopeOf(ctx, tx, d.SiteID, d.CategoryID, d.Lang)
			if err != nil {
				return err
			}
			d.Since = since
			if err := s.mailDigest(ctx, tx, d, sc, day, list); err != nil {
				return err
			}
			sent = true
			if _, err := tx.Exec(ctx, `UPDATE subscription_digests SET items = ? WHERE subscriber_id = ? AND day = ?`,
				min(len(list), MaxDigestItems), d.ID, day); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `UPDATE subscribers SET digest_since = ? WHERE id = ?`, cut, d.ID)
		return err
	})
	if err != nil {
		return false, false, err
	}
	return made, sent, nil
}

// newItems lists the live items of a site (or one of its categories) in
// lang first published in (since, cut], oldest first, at most
// MaxDigestItems + 1 (the extra one says there are more).
func (s *Store) newItems(ctx context.Context, q store.Querier, siteID, catID int64, lang string, since, cut time.Time) ([]Item, error) {
	where, args := ``, []any{siteID, lang, since.UTC(), cut.UTC()}
	if catID != 0 {
		where, args = ` AND i.category_id = ?`, append(args, catID)
	}
	rows, err := q.Query(ctx, `SELECT i.kind, i.slug, r.title, i.first_published_at FROM items i JOIN revisions r ON r.id = i.published_rev
		WHERE i.site_id = ? AND i.live AND i.lang = ? AND i.first_published_at > ? AND i.first_published_at <= ?`+where+`
		ORDER BY i.first_published_at, i.id LIMIT ?`, append(args, MaxDigestItems+1)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var kind, slug string
		var it Item
		if err := rows.Scan(&kind, &slug, &it.Title, &it.Published); err != nil {
			return nil, err
		}
		path := content.Kind(kind).Path()
		if path == "" {
			continue // a kind without public pages
		}
		it.URL = s.o.Link(siteID, langPath(lang, "/"+path+"/"+slug))
		out = append(out, it)
	}
	return out, rows.Err()
}

// mailDigest queues one digest.
func (s *Store) mailDigest(ctx context.Context, tx *store.Tx, d dueRow, sc *scope, day string, list []Item) error {
	if s.o.Notify == nil {
		return nil
	}
	more := len(list) > MaxDigestItems
	if more {
		list = list[:MaxDigestItems]
	}
	t, _ := time.ParseInLocation("2006-01-02", day, vn.ICT)
	name := sc.siteName
	if sc.catName != "" {
		name = sc.catName + " – " + sc.siteName
	}
	var b strings.Builder
	var subject string
	if d.Lang == "en" {
		subject = "New on " + name + ", " + dayWords("en", t)
		fmt.Fprintf(&b, "New items of %s since the last digest:\n\n", sc.describe("en"))
	} else {
		subject = "Tin mới ngày " + dayWords("vi", t) + " – " + name
		fmt.Fprintf(&b, "Tin mới của %s từ bản tin trước:\n\n", sc.describe("vi"))
	}
	for i, it := range list {
		fmt.Fprintf(&b, "%d. %s\n   %s\n\n", i+1, it.Title, it.URL)
	}
	home := s.o.Link(d.SiteID, langPath(d.Lang, "/"))
	unsub := s.unsubscribeURL(d.SiteID, d.Lang, d.Unsub)
	if d.Lang == "en" {
		if more {
			fmt.Fprintf(&b, "More on the site: %s\n\n", home)
		}
		fmt.Fprintf(&b, "-- \nYou receive this digest because you subscribed and confirmed on %s.\n"+
			"Unsubscribe in one click, without signing in; your address is then erased:\n%s\n", dayWords("en", d.ConfirmedAt), unsub)
	} else {
		if more {
			fmt.Fprintf(&b, "Xem thêm trên Cổng: %s\n\n", home)
		}
		fmt.Fprintf(&b, "-- \nBạn nhận bản tin này vì đã đăng ký và xác nhận ngày %s.\n"+
			"Hủy đăng ký chỉ với một lần bấm, không cần đăng nhập; địa chỉ của bạn sẽ bị xóa:\n%s\n", dayWords("vi", d.ConfirmedAt), unsub)
	}
	m := mail.Message{To: d.Email, Subject: subject, Text: b.String()}
	if strings.HasPrefix(unsub, "https://") || strings.HasPrefix(unsub, "http://") {
		m.Unsubscribe = unsub // a header needs the whole address; a portal without a host has none
	}
	return s.o.Notify(ctx, tx, m)
}
