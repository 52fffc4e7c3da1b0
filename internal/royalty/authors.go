package royalty

import (
	"context"
	"fmt"
)

// SiteAuthors lists the people with an account who hold a role on the
// site, by name: the authors a proposal on its items may choose. Only
// the account and the name: their tax codes and bank details are not
// the form's business.
func (s *Store) SiteAuthors(ctx context.Context, siteID int64) ([]Author, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT u.id, u.full_name, u.username FROM users u JOIN site_roles r ON r.user_id = u.id
		WHERE r.site_id = ? ORDER BY u.full_name, u.username, u.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("royalty authors: %w", err)
	}
	defer rows.Close()
	var out []Author
	for rows.Next() {
		var a Author
		var username string
		if err := rows.Scan(&a.UserID, &a.Name, &username); err != nil {
			return nil, err
		}
		if a.Name == "" {
			a.Name = username
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
