package content

import (
	"context"
	"fmt"
	"slices"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Category is a section (chuyên mục) of a site: it may appear in the main
// menu and as a block on the home page, in the order editors choose.
type Category struct {
	ID        int64
	SiteID    int64
	Slug      string
	Name      string
	NameEN    string
	Position  int
	InMenu    bool
	HomeBlock bool
}

// DisplayName is the category's name in lang.
func (c *Category) DisplayName(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.Name
}

// URL is the category's list page within its site.
func (c *Category) URL(lang string) string {
	if lang == "en" {
		return "/en/chuyen-muc/" + c.Slug
	}
	return "/chuyen-muc/" + c.Slug
}

// SaveCategory creates (ID 0) or updates a category.
func (s *Store) SaveCategory(ctx context.Context, c *Category, by audit.Actor) error {
	c.Name, c.NameEN = vn.Clean(c.Name), vn.Clean(c.NameEN)
	if c.Slug = vn.Slug(c.Slug); c.Slug == "" {
		c.Slug = vn.Slug(c.Name)
	}
	if c.Name == "" || c.Slug == "" {
		return apperr.Field("name", "Hãy nhập tên chuyên mục.", "Enter the category's name.")
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if c.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO categories (site_id, slug, name, name_en, position, in_menu, home_block, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.SiteID, c.Slug, c.Name, c.NameEN, c.Position,
				c.InMenu, c.HomeBlock, s.now().UTC()).Scan(&c.ID)
		} else {
			_, err = tx.Exec(ctx, `UPDATE categories SET slug = ?, name = ?, name_en = ?, position = ?, in_menu = ?,
				home_block = ? WHERE id = ? AND site_id = ?`, c.Slug, c.Name, c.NameEN, c.Position, c.InMenu, c.HomeBlock, c.ID, c.SiteID)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("category.save", c.SiteID, c.Slug, c.Name))
	})
	if store.IsUniqueViolation(err) {
		return apperr.Field("slug", "Đường dẫn chuyên mục này đã có.", "A category with this path exists.")
	}
	if err != nil {
		return fmt.Errorf("save category: %w", err)
	}
	s.Changed(c.SiteID, 0)
	return nil
}

// Categories lists a site's categories in their order: by position, then
// by name in Vietnamese order (a < ă < â, d < đ, tones in order), which
// SQL's byte order does not give on either database.
func (s *Store) Categories(ctx context.Context, siteID int64) ([]*Category, error) {
	rows, err := s.db.Query(ctx, `SELECT id, site_id, slug, name, name_en, position, in_menu, home_block
		FROM categories WHERE site_id = ? ORDER BY position, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.SiteID, &c.Slug, &c.Name, &c.NameEN, &c.Position, &c.InMenu, &c.HomeBlock); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	slices.SortStableFunc(out, func(a, b *Category) int {
		if a.Position != b.Position {
			return a.Position - b.Position
		}
		return vn.Compare(a.Name, b.Name)
	})
	return out, rows.Err()
}

var errNoCategory = apperr.New(apperr.NotFound, "Không tìm thấy chuyên mục.", "Category not found.")

// CategoryBySlug finds a site's category by its path.
func (s *Store) CategoryBySlug(ctx context.Context, siteID int64, slug string) (*Category, error) {
	var c Category
	err := s.db.QueryRow(ctx, `SELECT id, site_id, slug, name, name_en, position, in_menu, home_block
		FROM categories WHERE site_id = ? AND slug = ?`, siteID, slug).
		Scan(&c.ID, &c.SiteID, &c.Slug, &c.Name, &c.NameEN, &c.Position, &c.InMenu, &c.HomeBlock)
	if err != nil {
		return nil, store.NotFound(err, errNoCategory)
	}
	return &c, nil
}

// CategoryByID finds a category by its id.
func (s *Store) CategoryByID(ctx context.Context, id int64) (*Category, error) {
	var c Category
	err := s.db.QueryRow(ctx, `SELECT id, site_id, slug, name, name_en, position, in_menu, home_block
		FROM categories WHERE id = ?`, id).
		Scan(&c.ID, &c.SiteID, &c.Slug, &c.Name, &c.NameEN, &c.Position, &c.InMenu, &c.HomeBlock)
	if err != nil {
		return nil, store.NotFound(err, errNoCategory)
	}
	return &c, nil
}
