package rules

import (
	"context"
	"fmt"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// The actions of a set's history.
const (
	ActCreate     = "create"     // the set was made (by the platform's defaults or an administrator)
	ActSupersede  = "supersede"  // the set was made to supersede another from a date (old: its code)
	ActSuperseded = "superseded" // another set supersedes this one from a date (new: its code)
	ActField      = "field"      // name, source, valid_from or valid_to changed (key: the field)
	ActAdd        = "add"        // a rule added
	ActUpdate     = "update"     // a rule's value, unit or note changed
	ActRemove     = "remove"     // a rule removed
	ActCorrect    = "correct"    // the platform corrected a shipped default set left untouched
)

// Change is one entry of a rule set's history: who changed what, when,
// from what to what, and why.
type Change struct {
	ID     int64
	SetID  int64
	At     time.Time
	UserID int64
	Actor  string
	Action string
	Key    string // the rule's key, or the set's field
	Before string
	After  string
	Reason string
}

// change is an entry before it is written.
type change struct {
	action, key, before, after string
}

// ruleText is how a rule reads in the history: value, unit and note.
func ruleText(r *Rule) string {
	out := r.Value
	if r.Unit != NoUnit {
		out += " " + string(r.Unit)
	}
	if r.Note != "" {
		out += " — " + r.Note
	}
	return out
}

// fieldChanges are the differences between two versions of a set's own
// fields.
func fieldChanges(old, set *Set) []change {
	var out []change
	for _, f := range []struct{ key, before, after string }{
		{"code", old.Code, set.Code}, {"name", old.Name, set.Name}, {"source", old.Source, set.Source},
		{"valid_from", old.ValidFrom, set.ValidFrom}, {"valid_to", old.ValidTo, set.ValidTo},
	} {
		if f.before != f.after {
			out = append(out, change{action: ActField, key: f.key, before: f.before, after: f.after})
		}
	}
	return out
}

// record writes the entries of one change of set setID by by, for reason.
func (s *Store) record(ctx context.Context, tx *store.Tx, setID int64, by audit.Actor, reason string, list []change) error {
	at := s.now().UTC()
	for _, c := range list {
		if _, err := tx.Exec(ctx, `INSERT INTO rule_history (set_id, at, user_id, actor, action, rule_key, old_value, new_value, reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, setID, at, by.ID, by.Name, c.action, c.key, c.before, c.after, reason); err != nil {
			return fmt.Errorf("rule history: %w", err)
		}
	}
	return nil
}

// History is the history of set id, newest first.
func (s *Store) History(ctx context.Context, id int64) ([]*Change, error) {
	rows, err := s.db.Query(ctx, `SELECT id, set_id, at, user_id, actor, action, rule_key, old_value, new_value, reason
		FROM rule_history WHERE set_id = ? ORDER BY id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("rule history: %w", err)
	}
	defer rows.Close()
	var out []*Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.ID, &c.SetID, &c.At, &c.UserID, &c.Actor, &c.Action, &c.Key, &c.Before, &c.After, &c.Reason); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}
