// Package audit keeps the portal's append-only record of who did what:
// logins and their failures, role changes, site changes, and later every
// editorial transition. Inspectors and the board read it; nothing in the
// portal updates or deletes its rows.
package audit

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// Actor is who does something: a signed-in person, or the command line
// (ID 0, Name "cli"), with the address the request came from.
type Actor struct {
	ID   int64
	Name string
	IP   string
}

// CLI is the actor of changes made with the cong command.
var CLI = Actor{Name: "cli", IP: "local"}

// Entry returns an entry of action by a, ready to record.
func (a Actor) Entry(action string, siteID int64, target, detail string) Entry {
	return Entry{ActorID: a.ID, Actor: a.Name, Action: action, SiteID: siteID, Target: target, Detail: detail, IP: a.IP}
}

// Entry is one audited event.
type Entry struct {
	ID      int64
	At      time.Time
	ActorID int64  // 0 for anonymous or unknown
	Actor   string // the username as typed or known, kept even if the account goes
	Action  string // e.g. "login.ok", "login.fail", "role.grant"
	SiteID  int64
	Target  string
	Detail  string
	IP      string
}

// Record appends e using q, which may be a transaction so that the entry
// is stored together with the change it describes, or not at all.
func Record(ctx context.Context, q store.Querier, e Entry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := q.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor, action, site_id, target, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.At.UTC(), nullID(e.ActorID), e.Actor, e.Action, nullID(e.SiteID), e.Target, e.Detail, e.IP)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// Filter narrows a listing of the log.
type Filter struct {
	Action string // exact action, or "" for all
	SiteID int64  // 0 for all sites
	Limit  int
	Offset int
}

// CountCap bounds Count: a log of years holds millions of entries, and
// counting them all would read each; beyond it the page says "more than".
const CountCap = 10000

// where is the filter as a WHERE clause ("" for none), each condition
// one that an index serves.
func (f Filter) where() (string, []any) {
	var where []string
	var args []any
	if f.Action != "" {
		where = append(where, "action = ?")
		args = append(args, f.Action)
	}
	if f.SiteID != 0 {
		where = append(where, "site_id = ?")
		args = append(args, f.SiteID)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// List returns a page of the entries f matches, the newest first.
func List(ctx context.Context, db *store.DB, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	cond, args := f.where()
	rows, err := db.Query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, action, COALESCE(site_id, 0), target, detail, ip
		FROM audit_log`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, min(max(f.Offset, 0), CountCap))...)
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Action, &e.SiteID, &e.Target, &e.Detail, &e.IP); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Count is how many entries f matches, up to CountCap + 1.
func Count(ctx context.Context, db *store.DB, f Filter) (int, error) {
	cond, args := f.where()
	var n int
	err := db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM audit_log`+cond+` LIMIT ?) c`,
		append(args, CountCap+1)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count audit: %w", err)
	}
	return n, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
