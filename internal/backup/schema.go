package backup

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// queryFunc runs a catalog query: a raw transaction's QueryContext or a
// store.DB's Query. Catalog queries take no parameters.
type queryFunc func(ctx context.Context, query string, args ...any) (*sql.Rows, error)

// derived says whether a table is left out of a backup: the migrations'
// own record (rebuilt by the restore) and the search index (derived
// from the content, rebuilt by search.Reindex after a restore; on SQLite
// it includes FTS5's shadow tables).
func derived(table string) bool {
	return table == "schema_migrations" || strings.HasPrefix(table, "search_") || strings.HasPrefix(table, "sqlite_")
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteLit(s string) string   { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// listTables returns every table of the database, sorted by name.
func listTables(ctx context.Context, q queryFunc, d store.Dialect) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if d == store.Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	return strings1(ctx, q, query)
}

func strings1(ctx context.Context, q queryFunc, query string) ([]string, error) {
	rows, err := q(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// tableColumns returns the columns of table in their order, with their
// kind, and the primary key's columns.
func tableColumns(ctx context.Context, q queryFunc, d store.Dialect, table string) (cols []Column, pk []string, err error) {
	query := `SELECT name, type, pk FROM pragma_table_info(` + quoteLit(table) + `) ORDER BY cid`
	if d == store.Postgres {
		query = `SELECT a.attname, format_type(a.atttypid, a.atttypmod), COALESCE(array_position(i.indkey::int2[], a.attnum) - array_lower(i.indkey::int2[], 1) + 1, 0)
			FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
			WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(` + quoteLit(table) + `))::regclass
				AND a.attnum > 0 AND NOT a.attisdropped
			ORDER BY a.attnum`
	}
	rows, err := q(ctx, query)
	if err != nil {
		return nil, nil, fmt.Errorf("cột của bảng %s: %w", table, err)
	}
	defer rows.Close()
	keys := map[int]string{}
	for rows.Next() {
		var name, typ string
		var k int
		if err := rows.Scan(&name, &typ, &k); err != nil {
			return nil, nil, err
		}
		kind, ok := kindOf(typ)
		if !ok {
			return nil, nil, fmt.Errorf("bảng %s, cột %s: kiểu %q chưa được hỗ trợ trong sao lưu (unsupported column type)", table, name, typ)
		}
		cols = append(cols, Column{Name: name, Type: kind})
		if k > 0 {
			keys[k] = name
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for i := 1; i <= len(keys); i++ {
		pk = append(pk, keys[i])
	}
	return cols, pk, nil
}

// kindOf maps a declared type (SQLite) or data_type (PostgreSQL) to the
// kind a backup records.
func kindOf(typ string) (string, bool) {
	t := strings.ToUpper(typ)
	switch {
	case strings.Contains(t, "INT"):
		return "int", true
	case strings.Contains(t, "BOOL"):
		return "bool", true
	case strings.Contains(t, "TIMESTAMP"), strings.Contains(t, "DATETIME"), t == "DATE":
		return "time", true
	case strings.Contains(t, "CHAR"), strings.Contains(t, "TEXT"), strings.Contains(t, "CLOB"):
		return "text", true
	case strings.Contains(t, "REAL"), strings.Contains(t, "FLOA"), strings.Contains(t, "DOUB"), strings.Contains(t, "NUMERIC"):
		return "real", true
	case strings.Contains(t, "BLOB"), t == "BYTEA":
		return "bytes", true
	}
	return "", false
}

// foreignKey is a column of child that refers to parent.
type foreignKey struct{ child, column, parent string }

func foreignKeys(ctx context.Context, q queryFunc, d store.Dialect, tables []string) ([]foreignKey, error) {
	var fks []foreignKey
	if d == store.Postgres {
		rows, err := q(ctx, `SELECT cl.relname, a.attname, p.relname FROM pg_constraint c
			JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class p ON p.oid = c.confrelid
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
			WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var f foreignKey
			if err := rows.Scan(&f.child, &f.column, &f.parent); err != nil {
				return nil, err
			}
			fks = append(fks, f)
		}
		return fks, rows.Err()
	}
	for _, t := range tables {
		rows, err := q(ctx, `SELECT "table", "from" FROM pragma_foreign_key_list(`+quoteLit(t)+`)`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			f := foreignKey{child: t}
			if err := rows.Scan(&f.parent, &f.column); err != nil {
				rows.Close()
				return nil, err
			}
			fks = append(fks, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return fks, nil
}

// loadOrder sorts tables so that every table comes after the tables it
// refers to (references to itself aside, which the loader handles row by
// row), ties by name; a cycle between tables is an error.
func loadOrder(tables []string, fks []foreignKey) ([]string, error) {
	in := map[string]bool{}
	for _, t := range tables {
		in[t] = true
	}
	deps := map[string]map[string]bool{}
	for _, f := range fks {
		if f.child != f.parent && in[f.child] && in[f.parent] {
			if deps[f.child] == nil {
				deps[f.child] = map[string]bool{}
			}
			deps[f.child][f.parent] = true
		}
	}
	done := map[string]bool{}
	var order []string
	rest := append([]string(nil), tables...)
	sort.Strings(rest)
	for len(rest) > 0 {
		var next []string
		for _, t := range rest {
			ready := true
			for p := range deps[t] {
				if !done[p] {
					ready = false
				}
			}
			if ready {
				order = append(order, t)
				done[t] = true
			} else {
				next = append(next, t)
			}
		}
		if len(next) == len(rest) {
			return nil, fmt.Errorf("các bảng tham chiếu vòng tròn, không xếp được thứ tự nạp: %s (foreign key cycle)", strings.Join(next, ", "))
		}
		rest = next
	}
	return order, nil
}

// seededTables are the tables a migration writes rows into (such as the
// health probe's one row): a freshly migrated database has those rows,
// and a restore replaces them with the backup's.
func seededTables() map[string]bool {
	out := map[string]bool{}
	ms, _ := store.Migrations()
	re := regexp.MustCompile(`(?i)INSERT\s+INTO\s+"?(\w+)`)
	for _, m := range ms {
		for _, g := range re.FindAllStringSubmatch(m.SQL, -1) {
			out[strings.ToLower(g[1])] = true
		}
	}
	return out
}

// migrateExactly creates schema_migrations and applies the migrations
// whose versions are in want, in order, as store.Migrate would: the
// schema of the backup's source, before its rows are loaded. (The later
// migrations are applied by store.Migrate once the rows are in, so that
// their data changes apply to the restored rows.)
func migrateExactly(ctx context.Context, db *store.DB, want []int) error {
	ms, err := store.Migrations()
	if err != nil {
		return err
	}
	known := map[int]store.Migration{}
	for _, m := range ms {
		known[m.Version] = m
	}
	for _, v := range want {
		if _, ok := known[v]; !ok {
			return fmt.Errorf("bản sao lưu có bản chuyển đổi lược đồ %d mà chương trình này không biết: hãy dùng bản cong mới hơn (the backup's schema is newer than this binary)", v)
		}
	}
	if _, err := db.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			applied_at TIMESTAMP NOT NULL)`); err != nil {
		return err
	}
	sorted := append([]int(nil), want...)
	sort.Ints(sorted)
	for _, v := range sorted {
		m := known[v]
		if err := db.ApplyMigration(ctx, m); err != nil {
			return fmt.Errorf("migration %03d_%s: %w", m.Version, m.Name, err)
		}
	}
	return nil
}

// dropAll removes every table (and on PostgreSQL every function) of the
// database, for a restore that replaces what is there.
func dropAll(ctx context.Context, db *store.DB) error {
	q := queryFunc(db.Query)
	tables, err := listTables(ctx, q, db.Dialect)
	if err != nil {
		return err
	}
	if db.Dialect == store.Postgres {
		if len(tables) > 0 {
			var quoted []string
			for _, t := range tables {
				quoted = append(quoted, quoteIdent(t))
			}
			if _, err := db.Exec(ctx, "DROP TABLE IF EXISTS "+strings.Join(quoted, ", ")+" CASCADE"); err != nil {
				return err
			}
		}
		fns, err := strings1(ctx, q, `SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`)
		if err != nil {
			return err
		}
		for _, f := range fns {
			if _, err := db.Exec(ctx, "DROP FUNCTION IF EXISTS "+f+" CASCADE"); err != nil {
				return err
			}
		}
		return nil
	}
	// SQLite: virtual tables first (they drop their shadow tables), then
	// the others children first, so that the implicit deletes never break
	// a foreign key.
	virtual, err := strings1(ctx, q, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	if err != nil {
		return err
	}
	for _, t := range virtual {
		if _, err := db.Exec(ctx, "DROP TABLE IF EXISTS "+quoteIdent(t)); err != nil {
			return err
		}
	}
	if tables, err = listTables(ctx, q, db.Dialect); err != nil {
		return err
	}
	var plain []string
	for _, t := range tables {
		if !strings.HasPrefix(t, "sqlite_") {
			plain = append(plain, t)
		}
	}
	fks, err := foreignKeys(ctx, q, db.Dialect, plain)
	if err != nil {
		return err
	}
	order, err := loadOrder(plain, fks)
	if err != nil {
		return err
	}
	for i := len(order) - 1; i >= 0; i-- {
		if _, err := db.Exec(ctx, "DROP TABLE IF EXISTS "+quoteIdent(order[i])); err != nil {
			return err
		}
	}
	return nil
}
