// Package disclosure keeps the catalogue of information to be published
// (danh mục thông tin phải được công khai; Law 104/2016 Art. 19(1)(g),
// Decree 13/2018 Art. 6(3), REQ-12) and the focal point for information
// requests of each site's agency (Art. 19(1)(đ), REQ-11).
//
// The catalogue is mostly generated: every published item of a required
// section, or of a kind the law lists (legal documents, procedures,
// projects, plans, statistics), with its name, number and symbol, the day
// it was made, the form, time and duration of publication and its link
// (catalogue.go). What the agency publishes elsewhere — its notice board,
// a newspaper, another system — is entered by hand with the same fields
// (this file).
package disclosure

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/richtext"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the catalogue's entries and the focal points.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the store on db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Entry is information published outside the portal, entered by hand.
type Entry struct {
	ID, SiteID  int64
	Name        string // tên thông tin
	Number      string // số, ký hiệu (may be empty)
	CreatedOn   string // ngày tạo ra, YYYY-MM-DD (may be empty)
	Form        string // hình thức công khai: notice board, newspaper…
	PublishedOn string // thời điểm công khai, YYYY-MM-DD
	Duration    string // thời hạn công khai ("" = không thời hạn)
	URL         string // where to read or download it ("" = none)
	Note        string
	UpdatedAt   time.Time
	UpdatedBy   string
}

var errNoEntry = apperr.New(apperr.NotFound, "Không có mục này trong danh mục thông tin công khai.", "No such entry in the catalogue.")

// limits of the fields, in characters.
const (
	maxName = 500
	maxText = 300
	maxNote = 1000
)

func tooLong(field string, n int) error {
	return apperr.Field(field, fmt.Sprintf("Tối đa %d ký tự.", n), fmt.Sprintf("At most %d characters.", n))
}

// day reads a day written YYYY-MM-DD (a date input) or DD/MM/YYYY.
func day(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1945 && t.Year() <= 2200 {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// clean normalises e's text (NFC, spaces) and checks it; every problem is
// a message on its field.
func (e *Entry) clean() error {
	e.Name, e.Number, e.Form = vn.Clean(e.Name), vn.Clean(e.Number), vn.Clean(e.Form)
	e.Duration, e.Note = vn.Clean(e.Duration), vn.Clean(e.Note)
	switch {
	case e.Name == "":
		return apperr.Field("name", "Hãy ghi tên thông tin.", "Give the information's name.")
	case len([]rune(e.Name)) > maxName:
		return tooLong("name", maxName)
	case len([]rune(e.Number)) > maxText:
		return tooLong("number", maxText)
	case e.Form == "":
		return apperr.Field("form", "Hãy ghi hình thức công khai (ví dụ: niêm yết tại trụ sở, đăng báo).", "Give the form of publication (e.g. the notice board, a newspaper).")
	case len([]rune(e.Form)) > maxText:
		return tooLong("form", maxText)
	case len([]rune(e.Duration)) > maxText:
		return tooLong("duration", maxText)
	case len([]rune(e.Note)) > maxNote:
		return tooLong("note", maxNote)
	}
	var ok bool
	if e.PublishedOn, ok = day(e.PublishedOn); !ok {
		return apperr.Field("published_on", "Hãy ghi ngày công khai theo dạng ngày/tháng/năm, ví dụ 15/03/2026.", "Give the day of publication as day/month/year, e.g. 15/03/2026.")
	}
	if strings.TrimSpace(e.CreatedOn) != "" {
		if e.CreatedOn, ok = day(e.CreatedOn); !ok {
			return apperr.Field("created_on", "Ngày tạo ra không đúng dạng ngày/tháng/năm.", "The day it was made is not a day/month/year.")
		}
		if e.CreatedOn > e.PublishedOn {
			return apperr.Field("created_on", "Ngày tạo ra không thể sau ngày công khai.", "The day it was made cannot follow the day of publication.")
		}
	}
	if e.URL, ok = richtext.Link(e.URL); !ok {
		return apperr.Field("url", "Đường dẫn phải bắt đầu bằng https:// (hoặc http://), hoặc là đường dẫn trên Cổng như /media/…", "The link must start with https:// (or http://), or be a path on the portal such as /media/…")
	}
	return nil
}

// SaveEntry creates (ID 0) or updates an entry of e.SiteID, audited.
func (s *Store) SaveEntry(ctx context.Context, e *Entry, by audit.Actor) error {
	if err := e.clean(); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		action := "disclosure.entry.create"
		if e.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO disclosure_entries (site_id, name, number, created_on, form, published_on, duration, url, note,
				created_at, updated_at, updated_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				e.SiteID, e.Name, e.Number, e.CreatedOn, e.Form, e.PublishedOn, e.Duration, e.URL, e.Note, now, now, by.Name).Scan(&e.ID); err != nil {
				return err
			}
		} else {
			action = "disclosure.entry.update"
			res, err := tx.Exec(ctx, `UPDATE disclosure_entries SET name = ?, number = ?, created_on = ?, form = ?, published_on = ?,
				duration = ?, url = ?, note = ?, updated_at = ?, updated_by_name = ? WHERE id = ? AND site_id = ? AND removed_at IS NULL`,
				e.Name, e.Number, e.CreatedOn, e.Form, e.PublishedOn, e.Duration, e.URL, e.Note, now, by.Name, e.ID, e.SiteID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errNoEntry
			}
		}
		return audit.Record(ctx, tx, by.Entry(action, e.SiteID, "disclosure:"+strconv.FormatInt(e.ID, 10), e.Name))
	})
	return apperr.Wrap(err, "save catalogue entry")
}

// RemoveEntry takes an entry out of the catalogue (kept, marked removed,
// for the audit trail), audited.
func (s *Store) RemoveEntry(ctx context.Context, siteID, id int64, by audit.Actor) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM disclosure_entries WHERE id = ? AND site_id = ? AND removed_at IS NULL`, id, siteID).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errNoEntry
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE disclosure_entries SET removed_at = ?, updated_by_name = ? WHERE id = ?`, s.now().UTC(), by.Name, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("disclosure.entry.remove", siteID, "disclosure:"+strconv.FormatInt(id, 10), name))
	})
	return apperr.Wrap(err, "remove catalogue entry")
}

// Entries lists the site's entries, the latest publication first; year
// (0 = every year) keeps those published that year.
func (s *Store) Entries(ctx context.Context, siteID int64, year int) ([]*Entry, error) {
	q, args := `SELECT id, site_id, name, number, created_on, form, published_on, duration, url, note, updated_at, updated_by_name
		FROM disclosure_entries WHERE site_id = ? AND removed_at IS NULL`, []any{siteID}
	if year > 0 {
		q += ` AND published_on >= ? AND published_on < ?`
		args = append(args, fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY published_on DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("catalogue entries: %w", err)
	}
	defer rows.Close()
	var out []*Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.SiteID, &e.Name, &e.Number, &e.CreatedOn, &e.Form, &e.PublishedOn, &e.Duration, &e.URL, &e.Note,
			&e.UpdatedAt, &e.UpdatedBy); err != nil {
			return nil, err
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Entry returns one entry of the site.
func (s *Store) Entry(ctx context.Context, siteID, id int64) (*Entry, error) {
	var e Entry
	err := s.db.QueryRow(ctx, `SELECT id, site_id, name, number, created_on, form, published_on, duration, url, note, updated_at, updated_by_name
		FROM disclosure_entries WHERE id = ? AND site_id = ? AND removed_at IS NULL`, id, siteID).Scan(&e.ID, &e.SiteID, &e.Name, &e.Number,
		&e.CreatedOn, &e.Form, &e.PublishedOn, &e.Duration, &e.URL, &e.Note, &e.UpdatedAt, &e.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoEntry
	}
	return &e, err
}

// Contact is the focal point for information requests of a site's
// agency.
type Contact struct {
	SiteID                       int64
	Unit, Person, Position       string
	Phone, Email, Address, Hours string
	UpdatedAt                    time.Time
	UpdatedBy                    string
}

// Empty reports whether nothing was entered.
func (c *Contact) Empty() bool {
	return c.Unit == "" && c.Person == "" && c.Phone == "" && c.Email == "" && c.Address == ""
}

func (c *Contact) clean() error {
	for _, f := range []*string{&c.Unit, &c.Person, &c.Position, &c.Phone, &c.Email, &c.Address, &c.Hours} {
		*f = vn.Clean(*f)
		if len([]rune(*f)) > maxText {
			return tooLong("contact", maxText)
		}
	}
	switch {
	case c.Unit == "" && c.Person == "":
		return apperr.Field("unit", "Hãy ghi đơn vị hoặc người làm đầu mối cung cấp thông tin.", "Give the unit or the person who is the focal point.")
	case c.Phone == "" && c.Email == "" && c.Address == "":
		return apperr.Field("phone", "Hãy ghi ít nhất một cách liên hệ: điện thoại, thư điện tử hoặc địa chỉ.", "Give at least one way to reach them: phone, email or address.")
	}
	if c.Email != "" {
		if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email {
			return apperr.Field("email", "Địa chỉ thư điện tử không đúng.", "The email address is not valid.")
		}
	}
	return nil
}

// SaveContact sets the site's focal point, audited.
func (s *Store) SaveContact(ctx context.Context, c *Contact, by audit.Actor) error {
	if err := c.clean(); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE disclosure_contacts SET unit = ?, person = ?, position = ?, phone = ?, email = ?, address = ?, hours = ?,
			updated_at = ?, updated_by_name = ? WHERE site_id = ?`, c.Unit, c.Person, c.Position, c.Phone, c.Email, c.Address, c.Hours, now, by.Name, c.SiteID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO disclosure_contacts (site_id, unit, person, position, phone, email, address, hours, updated_at, updated_by_name)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.SiteID, c.Unit, c.Person, c.Position, c.Phone, c.Email, c.Address, c.Hours, now, by.Name); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.Entry("disclosure.contact", c.SiteID, "site:"+strconv.FormatInt(c.SiteID, 10), c.Unit+" — "+c.Person))
	})
	return apperr.Wrap(err, "save focal point")
}

// ContactOf returns the site's focal point; an empty one when none was
// entered.
func (s *Store) ContactOf(ctx context.Context, siteID int64) (*Contact, error) {
	c := &Contact{SiteID: siteID}
	err := s.db.QueryRow(ctx, `SELECT unit, person, position, phone, email, address, hours, updated_at, updated_by_name
		FROM disclosure_contacts WHERE site_id = ?`, siteID).Scan(&c.Unit, &c.Person, &c.Position, &c.Phone, &c.Email, &c.Address, &c.Hours,
		&c.UpdatedAt, &c.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return c, nil
	}
	return c, err
}
