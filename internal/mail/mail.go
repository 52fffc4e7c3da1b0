// Package mail sends the portal's outgoing mail through an outbox: a
// message is a row written in the same transaction as the change it
// reports, and a scheduled job (jobs.Runner.Every("mail.deliver", …))
// sends the due rows. Nothing is lost while the SMTP server is down: a
// failed attempt is retried with a growing delay, and after the last
// attempt the row stays, marked failed, for an administrator to see.
//
// Delivery is at least once: if the SMTP server accepted a message and
// the portal died before recording it, the message is sent again, with
// the same Message-ID so that mail programs can tell it is a copy.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	"golang.org/x/text/unicode/norm"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Message is one plain-text mail. Subject and Text may hold any UTF-8
// (Vietnamese); the headers are encoded as MIME requires.
type Message struct {
	To, Subject, Text string
	// Unsubscribe is the http(s) link that ends the subscription a mail
	// to a list is sent for, or "": it goes out as List-Unsubscribe.
	Unsubscribe string
}

// The defaults of Options.
const (
	DefaultMaxAttempts = 10
	DefaultFirstDelay  = time.Minute
	DefaultMaxDelay    = 6 * time.Hour
	DefaultBatch       = 100
	DefaultTimeout     = 15 * time.Second
)

// Options configure an Outbox. Only SMTPAddr and From are needed to send;
// without SMTPAddr messages stay queued (a warning is logged once).
type Options struct {
	SMTPAddr string // host:port (port 25 when left out)
	From     string // the sender address, "Cổng thông tin <noreply@example.gov.vn>" or a bare address
	Username string // SMTP authentication, when the server asks for it
	Password string // never logged
	Log      *slog.Logger
	Now      func() time.Time

	// MaxAttempts is how many times a message is tried before it is
	// marked failed; the delay after the n-th failure is FirstDelay·2ⁿ⁻¹,
	// at most MaxDelay. Batch bounds the messages one Deliver sends.
	MaxAttempts int
	FirstDelay  time.Duration
	MaxDelay    time.Duration
	Batch       int
	Timeout     time.Duration // one SMTP conversation
}

// Outbox queues and delivers mail.
type Outbox struct {
	db   *store.DB
	o    Options
	from *netmail.Address
	host string
	port int

	warnOnce sync.Once
}

// New returns the outbox on db. A From or SMTPAddr that cannot be parsed
// is reported at the first Deliver (and logged), so that a typo in the
// configuration does not stop the portal from serving pages.
func New(db *store.DB, o Options) *Outbox {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.FirstDelay <= 0 {
		o.FirstDelay = DefaultFirstDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	ob := &Outbox{db: db, o: o}
	if a, err := netmail.ParseAddress(o.From); err == nil {
		ob.from = a
	}
	if o.SMTPAddr != "" {
		host, port, err := net.SplitHostPort(o.SMTPAddr)
		if err != nil { // no port given
			host, port = o.SMTPAddr, "25"
		}
		ob.host = host
		ob.port, _ = strconv.Atoi(port)
	}
	return ob
}

// Configured reports whether the outbox has somewhere to send mail.
func (o *Outbox) Configured() bool { return o.host != "" }

// Enqueue adds m to the outbox inside the caller's transaction, so the
// message exists exactly when the change it reports does. A recipient
// that is not one mail address is refused with a Vietnamese message on
// the field "email".
func (o *Outbox) Enqueue(ctx context.Context, tx *store.Tx, m Message) error {
	to, err := Address(m.To)
	if err != nil {
		return err
	}
	subject := strings.Join(strings.Fields(norm.NFC.String(m.Subject)), " ") // one line: no header injection
	if subject == "" {
		return errors.New("mail: thư không có tiêu đề (empty subject)")
	}
	text := norm.NFC.String(strings.ReplaceAll(m.Text, "\r\n", "\n"))
	if u := m.Unsubscribe; u != "" && (!strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") ||
		strings.ContainsAny(u, " \t\r\n<>,") || len(u) > 2000) {
		return fmt.Errorf("mail: liên kết hủy đăng ký không hợp lệ (bad unsubscribe link) %q", u)
	}
	now := o.o.Now().UTC().Truncate(time.Microsecond)
	_, err = tx.Exec(ctx, `INSERT INTO mail_outbox (to_addr, subject, body, status, created_at, next_at, message_id, unsubscribe)
		VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)`, to, subject, text, now, now, o.messageID(), m.Unsubscribe)
	return err
}

// Address checks that s is one plain mail address and returns it without
// a display name. The message is for the person who typed it.
func Address(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Address != s || strings.ContainsAny(s, "\r\n,;<>\"") || len(s) > 254 || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return "", apperr.Field("email", "Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).",
			"The email address is not valid (for example: name@example.vn).")
	}
	return s, nil
}

// messageID is fixed when the message is queued, so a resend after a
// crash carries the same one.
func (o *Outbox) messageID() string {
	b := make([]byte, 12)
	rand.Read(b)
	domain := "cong.invalid"
	if o.from != nil {
		if i := strings.LastIndexByte(o.from.Address, '@'); i >= 0 {
			domain = o.from.Address[i+1:]
		}
	}
	return "<" + hex.EncodeToString(b) + "@" + domain + ">"
}

// row is a queued message being delivered.
type row struct {
	id        int64
	to        string
	subject   string
	body      string
	attempts  int
	messageID string
	created   time.Time
	// unsubscribe is Message.Unsubscribe.
	unsubscribe string
}

// claimFor is how long a node holds the rows it is sending: longer than
// one SMTP conversation of a full batch.
func (o *Outbox) claimFor() time.Duration { return 2*o.o.Timeout + time.Minute }

// Deliver sends the messages due at now, one SMTP connection for the
// batch. It returns an error when the server could not be reached or some
// messages were refused; those are queued again for later (or marked
// failed after the last attempt), so the error is for the job's record.
func (o *Outbox) Deliver(ctx context.Context, now time.Time) error {
	now = now.UTC().Truncate(time.Microsecond)
	if !o.Configured() {
		o.warnOnce.Do(func() {
			o.o.Log.Warn("mail: chưa cấu hình máy chủ SMTP (--smtp-addr): thư được giữ trong hàng đợi, chưa gửi (no SMTP server configured; mail stays queued)")
		})
		return nil
	}
	if o.from == nil {
		return fmt.Errorf("mail: địa chỉ người gửi --mail-from %q không hợp lệ (invalid sender address)", o.o.From)
	}
	rows, err := o.claim(ctx, now)
	if err != nil || len(rows) == 0 {
		return err
	}
	client, err := o.client()
	if err == nil {
		dctx, cancel := context.WithTimeout(ctx, o.o.Timeout)
		err = client.DialWithContext(dctx)
		cancel()
	}
	if err != nil {
		err = fmt.Errorf("mail: không kết nối được máy chủ SMTP %s (cannot reach SMTP server): %w", o.o.SMTPAddr, err)
		for _, r := range rows {
			if ferr := o.failed(ctx, r, now, err); ferr != nil {
				return errors.Join(err, ferr)
			}
		}
		return err
	}
	defer client.Close()
	var errs []error
	sent := 0
	for _, r := range rows {
		if ctx.Err() != nil {
			// Not attempted: give the rows back as they were.
			o.release(context.WithoutCancel(ctx), r)
			continue
		}
		msg, err := o.build(r)
		if err == nil {
			err = client.Send(msg)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("thư %d: %w", r.id, err))
			if ferr := o.failed(ctx, r, now, err); ferr != nil {
				return errors.Join(append(errs, ferr)...)
			}
			continue
		}
		sent++
		if _, err := o.db.Exec(context.WithoutCancel(ctx), `UPDATE mail_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1,
			last_error = '', claimed_until = NULL WHERE id = ?`, now, r.id); err != nil {
			return errors.Join(append(errs, err)...)
		}
	}
	o.o.Log.Info("mail: đã gửi (sent)", "sent", sent, "failed", len(errs))
	return errors.Join(errs...)
}

// claim takes up to Batch due rows for this node. The jobs lease already
// lets one node deliver at a time; the claim also keeps a second Deliver
// (a command run by hand, a node whose lease ran out) off the same rows.
func (o *Outbox) claim(ctx context.Context, now time.Time) ([]row, error) {
	var out []row
	err := o.db.InTx(ctx, func(tx *store.Tx) error {
		rs, err := tx.Query(ctx, `SELECT id, to_addr, subject, body, attempts, message_id, created_at, unsubscribe FROM mail_outbox
			WHERE status = 'queued' AND next_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
			ORDER BY next_at, id LIMIT ?`, now, now, o.o.Batch)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.id, &r.to, &r.subject, &r.body, &r.attempts, &r.messageID, &r.created, &r.unsubscribe); err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rs.Err(); err != nil {
			return err
		}
		rs.Close()
		until := now.Add(o.claimFor())
		kept := out[:0]
		for _, r := range out {
			res, err := tx.Exec(ctx, `UPDATE mail_outbox SET claimed_until = ? WHERE id = ? AND status = 'queued'
				AND (claimed_until IS NULL OR claimed_until < ?)`, until, r.id, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				kept = append(kept, r)
			}
		}
		out = kept
		return nil
	})
	return out, err
}

// failed records a failed attempt: queued again after the backoff delay,
// or failed for good after the last attempt.
func (o *Outbox) failed(ctx context.Context, r row, now time.Time, cause error) error {
	attempts := r.attempts + 1
	status, next := "queued", now.Add(o.delay(attempts))
	if attempts >= o.o.MaxAttempts {
		status, next = "failed", now
		o.o.Log.Error("mail: bỏ sau lần thử cuối (gave up after the last attempt)", "id", r.id, "attempts", attempts, "err", cause)
	}
	msg := cause.Error()
	if len(msg) > 500 {
		msg = msg[:500]
	}
	_, err := o.db.Exec(context.WithoutCancel(ctx), `UPDATE mail_outbox SET status = ?, attempts = ?, last_error = ?, next_at = ?,
		claimed_until = NULL WHERE id = ?`, status, attempts, strings.ToValidUTF8(msg, "?"), next, r.id)
	return err
}

func (o *Outbox) release(ctx context.Context, r row) {
	o.db.Exec(ctx, `UPDATE mail_outbox SET claimed_until = NULL WHERE id = ?`, r.id)
}

// delay is the wait after the n-th failed attempt.
func (o *Outbox) delay(n int) time.Duration {
	d := o.o.FirstDelay
	for i := 1; i < n && d < o.o.MaxDelay; i++ {
		d *= 2
	}
	return min(d, o.o.MaxDelay)
}

func (o *Outbox) client() (*gomail.Client, error) {
	opts := []gomail.Option{
		gomail.WithPort(o.port),
		gomail.WithTimeout(o.o.Timeout),
		// STARTTLS when the server offers it; a relay on the local
		// network often does not.
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
	}
	if o.o.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(o.o.Username), gomail.WithPassword(o.o.Password))
	}
	return gomail.NewClient(o.host, opts...)
}

// build makes the MIME message of r: UTF-8, quoted-printable, the
// subject encoded as RFC 2047 words by go-mail.
func (o *Outbox) build(r row) (*gomail.Msg, error) {
	m := gomail.NewMsg()
	if err := m.FromFormat(o.from.Name, o.from.Address); err != nil {
		return nil, err
	}
	if err := m.To(r.to); err != nil {
		return nil, err
	}
	m.Subject(r.subject)
	m.SetMessageIDWithValue(strings.Trim(r.messageID, "<>"))
	m.SetDateWithValue(r.created)
	m.SetUserAgent("Cong") // not the library's name and web address
	if r.unsubscribe != "" {
		m.SetGenHeader("List-Unsubscribe", "<"+r.unsubscribe+">")
	}
	m.SetBodyString(gomail.TypeTextPlain, r.body)
	return m, nil
}

// Entry is an outbox row as administrators see it.
type Entry struct {
	ID        int64
	To        string
	Subject   string
	Status    string // queued, sent, failed
	Attempts  int
	LastError string
	CreatedAt time.Time
	NextAt    time.Time
}

// List returns the newest messages with the given status ("" for all),
// at most limit.
func (o *Outbox) List(ctx context.Context, status string, limit int) ([]Entry, error) {
	where, args := "", []any{}
	if status != "" {
		where, args = " WHERE status = ?", []any{status}
	}
	rs, err := o.db.Query(ctx, `SELECT id, to_addr, subject, status, attempts, last_error, created_at, next_at FROM mail_outbox`+
		where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []Entry
	for rs.Next() {
		var e Entry
		if err := rs.Scan(&e.ID, &e.To, &e.Subject, &e.Status, &e.Attempts, &e.LastError, &e.CreatedAt, &e.NextAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rs.Err()
}

// CountCap bounds Counts: the outbox keeps every message sent, years of
// them, and counting them all would read each.
const CountCap = 10000

// Counts returns how many messages are queued, sent and failed, each up
// to CountCap + 1.
func (o *Outbox) Counts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	for _, st := range []string{"queued", "sent", "failed"} {
		var n int
		if err := o.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM mail_outbox WHERE status = ? LIMIT ?) c`,
			st, CountCap+1).Scan(&n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, nil
}

// Retry puts a failed message back in the queue, due now: for an
// administrator once the cause (a wrong address, a full mailbox) is
// fixed. The audit entry is written in the same transaction.
func (o *Outbox) Retry(ctx context.Context, id int64, by audit.Actor) error {
	return o.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE mail_outbox SET status = 'queued', attempts = 0, next_at = ? WHERE id = ? AND status = 'failed'`,
			o.o.Now().UTC().Truncate(time.Microsecond), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "Không có thư lỗi này.", "No such failed message.")
		}
		return audit.Record(ctx, tx, by.Entry("mail.retry", 0, "mail:"+strconv.FormatInt(id, 10), ""))
	})
}

// Masked shows enough of an address for an administrator to tell
// messages apart without reading citizens' addresses: "a•••@example.vn".
func Masked(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 1 {
		return "•••"
	}
	r := []rune(addr[:at])
	return string(r[0]) + "•••" + addr[at:]
}
