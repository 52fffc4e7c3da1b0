package site

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// Sites reads and writes the sites table.
type Sites struct {
	db  *store.DB
	now func() time.Time
}

// NewSites returns the site store on db. now is the clock (injected so
// tests can fix time).
func NewSites(db *store.DB, now func() time.Time) *Sites {
	return &Sites{db: db, now: now}
}

const siteColumns = `id, code, kind, is_main, name, name_en, host, path_prefix, COALESCE(parent_id, 0), status,
	owner, responsible, address, phone, email, logo_url, workflow, post_check_hours, created_at, archived_at,
	COALESCE(merged_into, 0), merged_at`

func scanSite(row interface{ Scan(...any) error }) (*Site, error) {
	var s Site
	var archived, merged sql.NullTime
	err := row.Scan(&s.ID, &s.Code, &s.Kind, &s.Main, &s.Name, &s.NameEN, &s.Host, &s.PathPrefix, &s.ParentID,
		&s.Status, &s.Owner, &s.Responsible, &s.Address, &s.Phone, &s.Email, &s.LogoURL, &s.Workflow, &s.PostCheckHours,
		&s.CreatedAt, &archived, &s.MergedInto, &merged)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "Không tìm thấy trang thông tin.", "Site not found.")
	}
	if err != nil {
		return nil, err
	}
	if archived.Valid {
		s.ArchivedAt = &archived.Time
	}
	if merged.Valid {
		s.MergedAt = &merged.Time
	}
	return &s, nil
}

// Create stores a new site after validating it, with its audit entry.
func (ss *Sites) Create(ctx context.Context, s *Site, by audit.Actor) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.CreatedAt = ss.now().UTC()
	var parent any
	if s.ParentID != 0 {
		parent = s.ParentID
	}
	err := ss.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO sites (code, kind, is_main, name, name_en, host, path_prefix, parent_id,
			status, owner, responsible, address, phone, email, logo_url, workflow, post_check_hours, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			s.Code, s.Kind, s.Main, s.Name, s.NameEN, s.Host, s.PathPrefix, parent, s.Status,
			s.Owner, s.Responsible, s.Address, s.Phone, s.Email, s.LogoURL, s.Workflow, s.PostCheckHours, s.CreatedAt).Scan(&s.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("site.create", s.ID, s.Code, string(s.Kind)))
	})
	if store.IsUniqueViolation(err) {
		return apperr.New(apperr.Conflict,
			"Mã trang, tên miền hoặc tiền tố đường dẫn đã được dùng cho trang khác (hoặc đã có cổng chính).",
			"The code, host name or path prefix is already used by another site (or a main portal exists).")
	}
	if err != nil {
		return fmt.Errorf("create site %s: %w", s.Code, err)
	}
	return nil
}

// Update saves the editable fields of an existing site.
func (ss *Sites) Update(ctx context.Context, s *Site, by audit.Actor) error {
	if err := s.Validate(); err != nil {
		return err
	}
	var n int64
	err := ss.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE sites SET kind = ?, name = ?, name_en = ?, host = ?, path_prefix = ?,
		owner = ?, responsible = ?, address = ?, phone = ?, email = ?, logo_url = ?, workflow = ?, post_check_hours = ?
		WHERE id = ?`, s.Kind, s.Name, s.NameEN, s.Host, s.PathPrefix, s.Owner, s.Responsible, s.Address, s.Phone, s.Email,
			s.LogoURL, s.Workflow, s.PostCheckHours, s.ID)
		if err != nil {
			return err
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, by.Entry("site.update", s.ID, s.Code, ""))
	})
	if store.IsUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "Tên miền hoặc tiền tố đường dẫn đã được dùng cho trang khác.",
			"The host name or path prefix is already used by another site.")
	}
	if err != nil {
		return fmt.Errorf("update site %d: %w", s.ID, err)
	}
	if n == 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy trang thông tin.", "Site not found.")
	}
	return nil
}

// Archive makes a site read-only from the time when. Its pages keep
// answering, so that no published URL breaks when the administrative map
// changes. The main portal cannot be archived.
func (ss *Sites) Archive(ctx context.Context, s *Site, when time.Time, by audit.Actor) error {
	if s.Main {
		return apperr.New(apperr.Invalid, "Không thể lưu trữ cổng thông tin chính.", "The main portal cannot be archived.")
	}
	return ss.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE sites SET status = 'archived', archived_at = ? WHERE id = ?`, when.UTC(), s.ID); err != nil {
			return fmt.Errorf("archive site %s: %w", s.Code, err)
		}
		return audit.Record(ctx, tx, by.Entry("site.archive", s.ID, s.Code, ""))
	})
}

// List returns every site, the main portal first, then by kind and code,
// each with its renamings.
func (ss *Sites) List(ctx context.Context) ([]*Site, error) {
	rows, err := ss.db.Query(ctx, `SELECT `+siteColumns+` FROM sites
		ORDER BY is_main DESC, CASE kind WHEN 'portal' THEN 0 WHEN 'department' THEN 1 WHEN 'commune' THEN 2
		WHEN 'other' THEN 3 ELSE 4 END, code`)
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []*Site
	for rows.Next() {
		s, err := scanSite(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, ss.attachHistory(ctx, out)
}

// ByCode finds a site by its code, with its renamings.
func (ss *Sites) ByCode(ctx context.Context, code string) (*Site, error) {
	return ss.withHistory(ctx)(scanSite(ss.db.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE code = ?`, code)))
}

// ByID finds a site by its id, with its renamings.
func (ss *Sites) ByID(ctx context.Context, id int64) (*Site, error) {
	return ss.withHistory(ctx)(scanSite(ss.db.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE id = ?`, id)))
}

// Main returns the main portal.
func (ss *Sites) Main(ctx context.Context) (*Site, error) {
	return scanSite(ss.db.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites WHERE is_main`))
}
