// Package audit keeps the portal's append-only record of who did what:
// logins and their failures, role changes, site changes, and later every
// editorial transition. Inspectors and the board read it; nothing in the
// portal updates or deletes its rows.
package audit

import (
	"context"
	"database/sql"
	"fmt"
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
}

// List returns the newest entries first.
func List(ctx context.Context, db *store.DB, f Filter) ([]Entry, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	rows, err := db.Query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, action, COALESCE(site_id, 0), target, detail, ip
		FROM audit_log
		WHERE (? = '' OR action = ?) AND (? = 0 OR site_id = ?)
		ORDER BY id DESC LIMIT ?`, f.Action, f.Action, f.SiteID, f.SiteID, f.Limit)
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

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
