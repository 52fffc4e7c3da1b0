package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/congportal/cong/internal/store"
)

// Plan is how a database would run one statement, and what in it reads a
// large table without an index that narrows the reading.
type Plan struct {
	Text     string   // the plan as the database gives it, indented
	Problems []string // empty when the plan is sound
}

// Explain asks db for its plan of query with args, and judges it: a
// statement must not read a large table (one of large, by name) from
// end to end where an index should serve. On SQLite that is a SCAN of
// the table, or of one of its indexes with nothing to stop it early; on
// PostgreSQL, whose plans follow the statistics, a Seq Scan, which a
// planner that knows the table is large takes only when nothing better
// exists, or a sort of many rows that an index could give in order.
func Explain(ctx context.Context, db *store.DB, query string, args []any, large map[string]bool) (Plan, error) {
	if db.Dialect == store.Postgres {
		return explainPostgres(ctx, db, query, args, large)
	}
	return explainSQLite(ctx, db, query, args, large)
}

// Explainable reports whether query is a statement with a plan: not a
// transaction's BEGIN or COMMIT, a lock or a setting.
func Explainable(query string) bool {
	w := strings.ToUpper(strings.TrimLeft(query, " \t\n("))
	for _, p := range []string{"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"} {
		if strings.HasPrefix(w, p) {
			return !strings.Contains(w, "PG_ADVISORY") && !strings.HasPrefix(w, "SELECT 1")
		}
	}
	return false
}

var (
	// tableRef finds "FROM items i", "JOIN revisions AS r", "FROM audit_log".
	tableRef = regexp.MustCompile(`(?i)\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?([a-z_][a-z0-9_]*))?`)
	// sqliteScan is a line of EXPLAIN QUERY PLAN reading a whole table
	// or index: "SCAN i", "SCAN i USING COVERING INDEX items_public".
	sqliteScan = regexp.MustCompile(`^SCAN (\S+)(?: USING (?:COVERING )?INDEX (\S+))?$`)
	// sqliteAutomatic is a line of EXPLAIN QUERY PLAN using an index
	// built for the statement: "SEARCH c USING AUTOMATIC COVERING INDEX".
	sqliteAutomatic = regexp.MustCompile(`^(?:SEARCH|SCAN) (\S+) USING AUTOMATIC`)
	// byKey is an ORDER BY on a table's id, its key (SQLite's rowid).
	byKey = regexp.MustCompile(`(?i)\bORDER BY (?:[a-z_]+\.)?id(?: DESC)?\s+LIMIT\b`)
)

// aliases maps the names a statement gives its tables to the tables.
func aliases(query string) map[string]string {
	out := map[string]string{}
	for _, m := range tableRef.FindAllStringSubmatch(query, -1) {
		table := strings.ToLower(m[1])
		out[table] = table
		if a := strings.ToLower(m[2]); a != "" && !sqlWord[strings.ToUpper(a)] {
			out[a] = table
		}
	}
	return out
}

// sqlWord are the words that may follow a table name and are no alias.
var sqlWord = map[string]bool{"WHERE": true, "JOIN": true, "LEFT": true, "INNER": true, "ON": true, "ORDER": true,
	"GROUP": true, "LIMIT": true, "SET": true, "VALUES": true, "USING": true, "SELECT": true, "UNION": true,
	"CROSS": true, "OFFSET": true, "HAVING": true, "RETURNING": true, "DEFAULT": true, "AS": true, "WINDOW": true}

// sqlitePlanLine is a line of SQLite's EXPLAIN QUERY PLAN.
type sqlitePlanLine struct {
	id, parent int
	detail     string
}

// sqlitePlan asks for the plan on the write connection, in a
// transaction: EXPLAIN prepares the statement without running it, so a
// pooled reader that has not read since the schema changed (an index
// dropped) would plan with the schema it remembers.
func sqlitePlan(ctx context.Context, db *store.DB, query string, args []any) ([]sqlitePlanLine, error) {
	var lines []sqlitePlanLine
	err := db.InTx(ctx, func(tx *store.Tx) error {
		rows, err := tx.Query(ctx, "EXPLAIN QUERY PLAN "+query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l sqlitePlanLine
			var unused int
			if err := rows.Scan(&l.id, &l.parent, &unused, &l.detail); err != nil {
				return err
			}
			lines = append(lines, l)
		}
		return rows.Err()
	})
	return lines, err
}

func explainSQLite(ctx context.Context, db *store.DB, query string, args []any, large map[string]bool) (Plan, error) {
	lines, err := sqlitePlan(ctx, db, query, args)
	if err != nil {
		return Plan{}, err
	}
	partial, err := partialIndexes(ctx, db)
	if err != nil {
		return Plan{}, err
	}
	depth := map[int]int{}
	var p Plan
	var b strings.Builder
	names := aliases(query)
	limited := regexp.MustCompile(`(?i)\bLIMIT\b`).MatchString(query)
	sorted := false
	for _, l := range lines {
		sorted = sorted || strings.HasPrefix(l.detail, "USE TEMP B-TREE FOR ORDER BY")
	}
	keyOrder := limited && !sorted && byKey.MatchString(query)
	perRow := map[int]bool{} // lines run once per row of an outer query
	for _, l := range lines {
		depth[l.id] = depth[l.parent] + 1
		perRow[l.id] = perRow[l.parent] || strings.HasPrefix(l.detail, "CORRELATED")
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth[l.id]-1), l.detail)
		if a := sqliteAutomatic.FindStringSubmatch(l.detail); a != nil && large[names[strings.ToLower(a[1])]] {
			// An index SQLite builds for the statement alone: it reads
			// the whole table to build it, at every run.
			p.Problems = append(p.Problems, "builds a temporary index over all of "+names[strings.ToLower(a[1])])
			continue
		}
		m := sqliteScan.FindStringSubmatch(l.detail)
		if m == nil {
			continue
		}
		table := names[strings.ToLower(m[1])]
		if !large[table] {
			continue
		}
		switch {
		case perRow[l.id]:
			// A scan in a correlated subquery reads the table (or the
			// index) once for every row of the statement.
			p.Problems = append(p.Problems, "reads all of "+table+" for each row of the statement")
		case m[2] == "" && keyOrder:
			// The table read in the order of its key, which is the
			// order asked for, until a LIMIT: a page, not the table.
		case m[2] == "":
			p.Problems = append(p.Problems, "reads every row of "+table)
		case !limited && !partial[m[2]]:
			// An index read from end to end in its order is sound only
			// when a LIMIT stops it after a page, or when it is partial:
			// it then holds only the rows the statement wants.
			p.Problems = append(p.Problems, "reads all of "+table+" through "+m[2]+" with no LIMIT")
		}
	}
	p.Text = b.String()
	return p, nil
}

// partialIndexes are the SQLite indexes with a WHERE clause.
func partialIndexes(ctx context.Context, db *store.DB) (map[string]bool, error) {
	rows, err := db.Query(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// sortRows is how many rows a sort may take before the plan guard asks
// for an index that gives them in order instead.
const sortRows = 2000

func explainPostgres(ctx context.Context, db *store.DB, query string, args []any, large map[string]bool) (Plan, error) {
	var out string
	if err := db.QueryRow(ctx, "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&out); err != nil {
		return Plan{}, err
	}
	var doc []struct{ Plan pgNode }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		return Plan{}, err
	}
	var p Plan
	var b strings.Builder
	// limited says a Limit takes the rows as they come: a scan under it
	// stops after a page (PostgreSQL takes one only when it expects the
	// page soon); a sort, an aggregate or a hash in between reads all.
	//
	// perRow says the node runs once for each row of an outer one (the
	// inner side of a nested loop, a subplan): a Limit above does not
	// stop a Seq Scan there from reading the table again and again.
	var walk func(n *pgNode, depth int, limited, perRow bool)
	walk = func(n *pgNode, depth int, limited, perRow bool) {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), n.NodeType)
		if n.IndexName != "" {
			fmt.Fprintf(&b, " using %s", n.IndexName)
		}
		if n.Relation != "" {
			fmt.Fprintf(&b, " on %s", n.Relation)
		}
		fmt.Fprintf(&b, " (rows %.0f)", n.PlanRows)
		for _, c := range []string{n.IndexCond, n.Filter, n.SortKey()} {
			if c != "" {
				fmt.Fprintf(&b, " %s", c)
			}
		}
		b.WriteString("\n")
		switch {
		case n.NodeType == "Seq Scan" && large[n.Relation] && perRow:
			p.Problems = append(p.Problems, "reads all of "+n.Relation+" for each row of the statement")
		case n.NodeType == "Seq Scan" && large[n.Relation] && !limited:
			p.Problems = append(p.Problems, "reads every row of "+n.Relation)
		case n.NodeType == "Sort" && len(n.Plans) > 0 && n.Plans[0].PlanRows > sortRows:
			p.Problems = append(p.Problems, fmt.Sprintf("sorts about %.0f rows", n.Plans[0].PlanRows))
		}
		switch n.NodeType {
		case "Limit":
			limited = true
		case "Sort", "Incremental Sort", "Aggregate", "Hash", "Hash Join", "Merge Join", "Materialize", "Unique",
			"SetOp", "WindowAgg", "Group", "Gather Merge":
			limited = false
		}
		for i := range n.Plans {
			inner := perRow || n.Plans[i].ParentRelationship == "SubPlan" ||
				(n.NodeType == "Nested Loop" && i == 1)
			walk(&n.Plans[i], depth+1, limited, inner)
		}
	}
	for i := range doc {
		walk(&doc[i].Plan, 0, false, false)
	}
	p.Text = b.String()
	return p, nil
}

// pgNode is a node of PostgreSQL's plan in JSON.
type pgNode struct {
	NodeType  string   `json:"Node Type"`
	Relation  string   `json:"Relation Name"`
	IndexName string   `json:"Index Name"`
	IndexCond string   `json:"Index Cond"`
	Filter    string   `json:"Filter"`
	SortKeys  []string `json:"Sort Key"`
	// ParentRelationship is how the node feeds its parent: "Outer",
	// "Inner", "SubPlan" (run for each row of the parent), "InitPlan".
	ParentRelationship string   `json:"Parent Relationship"`
	PlanRows           float64  `json:"Plan Rows"`
	Plans              []pgNode `json:"Plans"`
}

// SortKey is the node's sort keys as one string, if it sorts.
func (n *pgNode) SortKey() string {
	if len(n.SortKeys) == 0 {
		return ""
	}
	return "by " + strings.Join(n.SortKeys, ", ")
}

// LargeTables lists the tables of db holding more than min rows: those a
// plan must not read from end to end.
func LargeTables(ctx context.Context, db *store.DB, min int) (map[string]bool, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts_%'`
	if db.Dialect == store.Postgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`
	}
	rows, err := db.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	out := map[string]bool{}
	for _, t := range tables {
		if t == "search_fts" {
			continue // a virtual table: FTS5 reads its own index
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+t+` LIMIT ?) c`, min+1).Scan(&n); err != nil {
			return nil, err
		}
		if n > min {
			out[t] = true
		}
	}
	return out, nil
}
