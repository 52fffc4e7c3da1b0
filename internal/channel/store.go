package channel

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the registry.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the registry on db; now is the clock (time.Now if nil).
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

var errNotFound = apperr.New(apperr.NotFound, "Không tìm thấy kênh này trong danh sách của trang.", "This channel is not in the site's list.")

var errDuplicate = apperr.Field("link", "Địa chỉ này đã có trong danh sách kênh chính thức của trang.",
	"This address is already in the site's list of official channels.")

const selectChannel = `SELECT id, site_id, kind, name, link, verified_on, note, created_at, updated_at, updated_by_name FROM official_channels`

func scan(row interface{ Scan(...any) error }) (*Channel, error) {
	var c Channel
	err := row.Scan(&c.ID, &c.SiteID, &c.Kind, &c.Name, &c.Link, &c.VerifiedOn, &c.Note, &c.CreatedAt, &c.UpdatedAt, &c.UpdatedBy)
	return &c, err
}

// List returns a site's channels by kind (in the order of Kinds), then
// by name in Vietnamese order.
func (s *Store) List(ctx context.Context, siteID int64) ([]*Channel, error) {
	rows, err := s.db.Query(ctx, selectChannel+` WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("channel: list: %w", err)
	}
	defer rows.Close()
	var out []*Channel
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("channel: list: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("channel: list: %w", err)
	}
	sortChannels(out)
	return out, nil
}

// sortChannels orders channels by kind, then name (Vietnamese collation).
func sortChannels(cs []*Channel) {
	rank := map[Kind]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if a, b := rank[cs[i].Kind], rank[cs[j].Kind]; a != b {
			return a < b
		}
		return vn.Less(cs[i].Name, cs[j].Name)
	})
}

// Get returns one channel of a site.
func (s *Store) Get(ctx context.Context, siteID, id int64) (*Channel, error) {
	c, err := scan(s.db.QueryRow(ctx, selectChannel+` WHERE id = ? AND site_id = ?`, id, siteID))
	if err != nil {
		return nil, store.NotFound(err, errNotFound)
	}
	return c, nil
}

// Save adds a channel (ID 0) or changes one of its site's, after
// checking its fields; the change is audited in the same transaction.
func (s *Store) Save(ctx context.Context, c *Channel, by audit.Actor) error {
	c.normalize()
	now := s.now()
	if err := c.validate(vn.Day(now)); err != nil {
		return err
	}
	c.UpdatedAt, c.UpdatedBy = now.UTC().Truncate(time.Second), by.Name
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		action := "channel.update"
		if c.ID == 0 {
			action = "channel.add"
			c.CreatedAt = c.UpdatedAt
			if err := tx.QueryRow(ctx, `INSERT INTO official_channels (site_id, kind, name, link, verified_on, note, created_at, updated_at, updated_by_name)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.SiteID, c.Kind, c.Name, c.Link, c.VerifiedOn, c.Note, c.CreatedAt, c.UpdatedAt,
				c.UpdatedBy).Scan(&c.ID); err != nil {
				return err
			}
		} else {
			res, err := tx.Exec(ctx, `UPDATE official_channels SET kind = ?, name = ?, link = ?, verified_on = ?, note = ?, updated_at = ?, updated_by_name = ?
				WHERE id = ? AND site_id = ?`, c.Kind, c.Name, c.Link, c.VerifiedOn, c.Note, c.UpdatedAt, c.UpdatedBy, c.ID, c.SiteID)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err == nil && n == 0 {
				return errNotFound
			}
		}
		e := by.Entry(action, c.SiteID, fmt.Sprintf("channel:%d", c.ID), c.Name+" — "+c.Link+" (kiểm tra "+c.VerifiedOn+")")
		e.At = now
		return audit.Record(ctx, tx, e)
	})
	if store.IsUniqueViolation(err) {
		return errDuplicate
	}
	if _, ok := apperr.As(err); ok || err == nil {
		return err
	}
	return fmt.Errorf("channel: save: %w", err)
}

// Remove takes a channel the agency no longer runs off its site's list;
// the audit entry keeps its name and address.
func (s *Store) Remove(ctx context.Context, siteID, id int64, by audit.Actor) error {
	now := s.now()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		c, err := scan(tx.QueryRow(ctx, selectChannel+` WHERE id = ? AND site_id = ?`, id, siteID))
		if err != nil {
			return store.NotFound(err, errNotFound)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM official_channels WHERE id = ? AND site_id = ?`, id, siteID); err != nil {
			return err
		}
		e := by.Entry("channel.remove", siteID, fmt.Sprintf("channel:%d", id), c.Name+" — "+c.Link)
		e.At = now
		return audit.Record(ctx, tx, e)
	})
	if _, ok := apperr.As(err); ok || err == nil {
		return err
	}
	return fmt.Errorf("channel: remove: %w", err)
}
