package merge

import (
	"context"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// MapPath returns where path, an address within the merged site siteID,
// is found within the site it went into: the path the merge recorded
// for it (or for a prefix of it), or path itself when it kept its name.
func MapPath(ctx context.Context, db *store.DB, siteID int64, path string) (string, error) {
	var cands []any
	for i := 1; i <= len(path); i++ {
		if i == len(path) || path[i] == '/' {
			cands = append(cands, path[:i])
		}
	}
	if len(cands) == 0 {
		return path, nil
	}
	rows, err := db.Query(ctx, `SELECT old_path, new_path, prefix FROM site_merge_paths WHERE site_id = ? AND old_path IN (`+
		store.Placeholders(len(cands))+`)`, append([]any{siteID}, cands...)...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	best, to := "", ""
	for rows.Next() {
		var old, next string
		var prefix bool
		if err := rows.Scan(&old, &next, &prefix); err != nil {
			return "", err
		}
		if (prefix || old == path) && len(old) > len(best) {
			best, to = old, next
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if best == "" {
		return path, nil
	}
	return to + strings.TrimPrefix(path, best), nil
}

// Paths lists the recorded paths of a merged site, for its report.
func Paths(ctx context.Context, db *store.DB, siteID int64) ([]Path, error) {
	rows, err := db.Query(ctx, `SELECT old_path, new_path, prefix FROM site_merge_paths WHERE site_id = ? ORDER BY old_path`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Path
	for rows.Next() {
		var p Path
		if err := rows.Scan(&p.Old, &p.New, &p.Prefix); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
