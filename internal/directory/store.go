package directory

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the directory.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the directory store on db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Today is the current day in Vietnam, as appointment dates are written.
func (s *Store) Today() string { return vn.Day(s.now()) }

var errNotFound = apperr.New(apperr.NotFound, "Không tìm thấy mục danh bạ.", "Directory entry not found.")

// updated turns an UPDATE that touched no row into not found.
func updated(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errNotFound
	}
	return nil
}

// SaveUnit creates (ID 0) or updates a unit of u.SiteID.
func (s *Store) SaveUnit(ctx context.Context, u *Unit, by audit.Actor) error {
	if err := u.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if u.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO directory_units (site_id, name, kind, position, address, phone, email, functions)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.SiteID, u.Name, u.Kind, u.Position, u.Address, u.Phone,
				u.Email, u.Functions).Scan(&u.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE directory_units SET name = ?, kind = ?, position = ?, address = ?, phone = ?,
				email = ?, functions = ? WHERE id = ? AND site_id = ?`, u.Name, u.Kind, u.Position, u.Address, u.Phone, u.Email,
				u.Functions, u.ID, u.SiteID))
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("directory.unit.save", u.SiteID, fmt.Sprint(u.ID), u.Name))
	})
	if err != nil {
		return apperr.Wrap(err, "save unit")
	}
	return nil
}

// SavePerson creates (ID 0) or updates a person of p.SiteID; a unit, when
// given, must belong to the same site.
func (s *Store) SavePerson(ctx context.Context, p *Person, by audit.Actor) error {
	if err := p.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		unit := sql.NullInt64{Int64: p.UnitID, Valid: p.UnitID != 0}
		if unit.Valid {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM directory_units WHERE id = ? AND site_id = ?`, p.UnitID, p.SiteID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("unit", "Đơn vị không thuộc trang này.", "The unit does not belong to this site.")
			}
		}
		var err error
		if p.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO directory_people (site_id, unit_id, full_name, title, phone, email, is_leader, position)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.SiteID, unit, p.FullName, p.Title, p.Phone, p.Email, p.Leader,
				p.Position).Scan(&p.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE directory_people SET unit_id = ?, full_name = ?, title = ?, phone = ?, email = ?,
				is_leader = ?, position = ? WHERE id = ? AND site_id = ?`, unit, p.FullName, p.Title, p.Phone, p.Email, p.Leader,
				p.Position, p.ID, p.SiteID))
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("directory.person.save", p.SiteID, fmt.Sprint(p.ID), p.FullName))
	})
	if err != nil {
		return apperr.Wrap(err, "save person")
	}
	return nil
}

// SaveSpokesperson creates (ID 0) or updates a spokesperson of sp.SiteID.
// An entry becomes public when saved with Publish, and stays public.
// A delegated spokesperson may not delegate further (REQ-37): a
// delegation given by someone who is a delegated spokesperson of the
// site is refused.
func (s *Store) SaveSpokesperson(ctx context.Context, sp *Spokesperson, by audit.Actor) error {
	if err := sp.validate(); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if sp.IsDelegated() {
			if err := s.refuseSubDelegation(ctx, tx, sp); err != nil {
				return err
			}
		}
		now := s.now().UTC()
		var published sql.NullTime
		if sp.ID != 0 {
			if err := tx.QueryRow(ctx, `SELECT published_at FROM spokespersons WHERE id = ? AND site_id = ?`, sp.ID, sp.SiteID).
				Scan(&published); err != nil {
				return apperr.New(apperr.NotFound, "Không tìm thấy người phát ngôn.", "Spokesperson not found.")
			}
		}
		switch {
		case published.Valid:
			sp.PublishedAt = &published.Time
		case sp.Publish && sp.PublishedAt == nil:
			sp.PublishedAt = &now
		case !sp.Publish:
			// A time given without Publish (an import of a list already
			// on the portal) is kept; otherwise the entry waits.
			if sp.ID != 0 {
				sp.PublishedAt = nil
			}
		}
		decided := sp.DecidedAt.UTC()
		var err error
		if sp.ID == 0 {
			sp.CreatedAt = now
			err = tx.QueryRow(ctx, `INSERT INTO spokespersons (site_id, kind, full_name, title, phone, email, decision, decided_at,
				appointed_on, valid_until, delegated_by, delegated_case, published_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, sp.SiteID, sp.Kind, sp.FullName, sp.Title,
				sp.Phone, sp.Email, sp.Decision, decided, sp.AppointedOn, sp.ValidUntil, sp.DelegatedBy, sp.Case,
				utcOrNil(sp.PublishedAt), sp.CreatedAt).Scan(&sp.ID)
		} else {
			err = updated(tx.Exec(ctx, `UPDATE spokespersons SET kind = ?, full_name = ?, title = ?, phone = ?, email = ?,
				decision = ?, decided_at = ?, appointed_on = ?, valid_until = ?, delegated_by = ?, delegated_case = ?,
				published_at = ? WHERE id = ? AND site_id = ?`, sp.Kind, sp.FullName, sp.Title, sp.Phone, sp.Email,
				sp.Decision, decided, sp.AppointedOn, sp.ValidUntil, sp.DelegatedBy, sp.Case, utcOrNil(sp.PublishedAt),
				sp.ID, sp.SiteID))
		}
		if err != nil {
			return err
		}
		detail := sp.FullName + " (" + sp.Decision + ")"
		if sp.PublishedAt != nil {
			detail += " — công khai"
		}
		return audit.Record(ctx, tx, by.Entry("directory.spokesperson.save", sp.SiteID, fmt.Sprint(sp.ID), detail))
	})
	if err != nil {
		return apperr.Wrap(err, "save spokesperson")
	}
	return nil
}

// refuseSubDelegation: the person delegating must not be a delegated
// spokesperson of the site (names compared without case or tone marks).
func (s *Store) refuseSubDelegation(ctx context.Context, tx *store.Tx, sp *Spokesperson) error {
	rows, err := tx.Query(ctx, `SELECT full_name FROM spokespersons WHERE site_id = ? AND kind = ? AND id <> ?`,
		sp.SiteID, Delegated, sp.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	by := vn.Fold(sp.DelegatedBy)
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if n := vn.Fold(name); n != "" && strings.Contains(by, n) {
			return apperr.Field("delegated_by", "Người được ủy quyền phát ngôn không được ủy quyền tiếp cho người khác (Nghị định 244/2026).",
				"A delegated spokesperson may not delegate further (Decree 244/2026).")
		}
	}
	return rows.Err()
}

// PublishSpokesperson shows a waiting entry to the public now.
func (s *Store) PublishSpokesperson(ctx context.Context, siteID, id int64, by audit.Actor) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := updated(tx.Exec(ctx, `UPDATE spokespersons SET published_at = ? WHERE id = ? AND site_id = ? AND published_at IS NULL`,
			s.now().UTC(), id, siteID)); err != nil {
			return apperr.New(apperr.NotFound, "Không có người phát ngôn chờ đăng này.", "No such spokesperson waiting to be posted.")
		}
		return audit.Record(ctx, tx, by.Entry("directory.spokesperson.publish", siteID, fmt.Sprint(id), ""))
	})
	if err != nil {
		return apperr.Wrap(err, "publish spokesperson")
	}
	return nil
}

func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// Units returns a site's units in order, each with its people (leaders
// first), followed by a unit-less pseudo entry only when people without a
// unit exist (ID 0, no name).
func (s *Store) Units(ctx context.Context, siteID int64) ([]*Unit, error) {
	rows, err := s.db.Query(ctx, `SELECT id, site_id, name, kind, position, address, phone, email, functions
		FROM directory_units WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, err
	}
	var units []*Unit
	byID := map[int64]*Unit{}
	for rows.Next() {
		var u Unit
		if err := rows.Scan(&u.ID, &u.SiteID, &u.Name, &u.Kind, &u.Position, &u.Address, &u.Phone, &u.Email, &u.Functions); err != nil {
			rows.Close()
			return nil, err
		}
		units = append(units, &u)
		byID[u.ID] = &u
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	prows, err := s.db.Query(ctx, `SELECT id, site_id, unit_id, full_name, title, phone, email, is_leader, position
		FROM directory_people WHERE site_id = ? ORDER BY is_leader DESC, position, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	var loose *Unit
	for prows.Next() {
		var p Person
		var unit sql.NullInt64
		if err := prows.Scan(&p.ID, &p.SiteID, &unit, &p.FullName, &p.Title, &p.Phone, &p.Email, &p.Leader, &p.Position); err != nil {
			return nil, err
		}
		p.UnitID = unit.Int64
		u := byID[p.UnitID]
		if u == nil {
			if loose == nil {
				loose = &Unit{SiteID: siteID}
			}
			u = loose
		}
		u.People = append(u.People, &p)
	}
	if err := prows.Err(); err != nil {
		return nil, err
	}
	if loose != nil {
		units = append(units, loose)
	}
	return units, nil
}

const spokespersonColumns = `id, site_id, kind, full_name, title, phone, email, decision, decided_at, appointed_on,
	valid_until, delegated_by, delegated_case, published_at, created_at`

func (s *Store) listSpokespersons(ctx context.Context, query string, args ...any) ([]*Spokesperson, error) {
	rows, err := s.db.Query(ctx, `SELECT `+spokespersonColumns+` FROM spokespersons WHERE `+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Spokesperson
	for rows.Next() {
		var sp Spokesperson
		var decided, published sql.NullTime
		if err := rows.Scan(&sp.ID, &sp.SiteID, &sp.Kind, &sp.FullName, &sp.Title, &sp.Phone, &sp.Email, &sp.Decision, &decided,
			&sp.AppointedOn, &sp.ValidUntil, &sp.DelegatedBy, &sp.Case, &published, &sp.CreatedAt); err != nil {
			return nil, err
		}
		if decided.Valid {
			sp.DecidedAt = &decided.Time
		}
		if published.Valid {
			sp.PublishedAt = &published.Time
		}
		out = append(out, &sp)
	}
	return out, rows.Err()
}

// Spokesperson returns one entry of a site.
func (s *Store) Spokesperson(ctx context.Context, siteID, id int64) (*Spokesperson, error) {
	out, err := s.listSpokespersons(ctx, `id = ? AND site_id = ?`, id, siteID)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy người phát ngôn.", "Spokesperson not found.")
	}
	return out[0], nil
}

// Waiting returns the entries of the sites not yet shown to the public,
// oldest decision first: the 24-hour alert watches them.
func (s *Store) Waiting(ctx context.Context, siteIDs []int64) ([]*Spokesperson, error) {
	if len(siteIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(siteIDs))
	for i, id := range siteIDs {
		args[i] = id
	}
	return s.listSpokespersons(ctx, `published_at IS NULL AND site_id IN (`+store.Placeholders(len(siteIDs))+`)
		ORDER BY decided_at, id`, args...)
}

// AllSpokespersons returns every appointment of a site, past and future
// too, newest first, for the staff page.
func (s *Store) AllSpokespersons(ctx context.Context, siteID int64) ([]*Spokesperson, error) {
	return s.listSpokespersons(ctx, `site_id = ? ORDER BY appointed_on DESC, id DESC`, siteID)
}

// Spokespersons returns the public spokespersons of the sites whose
// appointment holds on day (YYYY-MM-DD), in Vietnamese order of full name.
func (s *Store) Spokespersons(ctx context.Context, siteIDs []int64, day string) ([]*Spokesperson, error) {
	if len(siteIDs) == 0 {
		return nil, nil
	}
	if _, err := time.Parse(DateLayout, day); err != nil {
		return nil, apperr.Field("day", "Ngày không hợp lệ.", "Invalid date.")
	}
	args := []any{day, day}
	for _, id := range siteIDs {
		args = append(args, id)
	}
	out, err := s.listSpokespersons(ctx, `published_at IS NOT NULL AND appointed_on <= ? AND (valid_until = '' OR valid_until >= ?)
		AND site_id IN (`+store.Placeholders(len(siteIDs))+`)`, args...)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := vn.Compare(out[i].FullName, out[j].FullName); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
