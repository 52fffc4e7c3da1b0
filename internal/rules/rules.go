// Package rules keeps the numbers and lists that come from the law as
// dated, sourced, editable data (DESIGN.md, "Rules are dated data"): a
// rule set names its legal source and the days it applies from and to,
// and the platform asks for the set in force on the day that matters.
// Administrators edit the values; the defaults ship with the numbers of
// REGULATIONS.md (see defaults.go).
package rules

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Unit is what a duration rule counts (REQ-67: never mixed).
type Unit string

// The units of a rule; NoUnit for values that are not durations.
const (
	NoUnit       Unit = ""
	WorkingDays  Unit = "working_days"
	CalendarDays Unit = "calendar_days"
	Hours        Unit = "hours"
)

// Label is the unit's name for people.
func (u Unit) Label(lang string) string {
	m := map[Unit]apperr.Msg{WorkingDays: {VI: "ngày làm việc", EN: "working days"},
		CalendarDays: {VI: "ngày", EN: "calendar days"}, Hours: {VI: "giờ", EN: "hours"}}
	return m[u].In(lang)
}

func (u Unit) valid() bool {
	switch u {
	case NoUnit, WorkingDays, CalendarDays, Hours:
		return true
	}
	return false
}

// The kinds of rule set this package ships defaults for.
const (
	KindSections  = "sections"  // required information sections per kind of site
	KindDeadlines = "deadlines" // posting deadlines per kind of information
)

// DateLayout is how rule-set dates are written: ISO dates, as text.
const DateLayout = "2006-01-02"

// Rule is one value of a set.
type Rule struct {
	ID    int64
	SetID int64
	Key   string
	Value string
	Unit  Unit
	Note  string // the precise legal point, or an explanation
}

// Int is the rule's value as a whole number.
func (r *Rule) Int() (int, error) { return strconv.Atoi(strings.TrimSpace(r.Value)) }

// Set is a dated, sourced set of rules of one kind.
type Set struct {
	ID        int64
	Code      string // stable, e.g. "deadlines-law104-2016"
	Kind      string
	Name      string
	Source    string // the legal basis
	ValidFrom string // YYYY-MM-DD
	ValidTo   string // YYYY-MM-DD (exclusive), or "" while open-ended
	CreatedAt time.Time
	Rules     []*Rule // in the order they were added
}

// Rule returns the set's rule with key, or nil.
func (s *Set) Rule(key string) *Rule {
	for _, r := range s.Rules {
		if r.Key == key {
			return r
		}
	}
	return nil
}

// InForceOn reports whether the set applies on day (YYYY-MM-DD).
func (s *Set) InForceOn(day string) bool {
	return s.ValidFrom <= day && (s.ValidTo == "" || s.ValidTo > day)
}

// Store reads and writes rule sets.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns a rule-set store on db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Today is the current day in Vietnam, as rule sets write days.
func (s *Store) Today() string { return vn.Day(s.now()) }

var errNoSet = apperr.New(apperr.NotFound, "Không có bộ quy định đang có hiệu lực.", "No rule set is in force.")

const setColumns = `id, code, kind, name, source, valid_from, valid_to, created_at`

func scanSet(row interface{ Scan(...any) error }) (*Set, error) {
	var s Set
	if err := row.Scan(&s.ID, &s.Code, &s.Kind, &s.Name, &s.Source, &s.ValidFrom, &s.ValidTo, &s.CreatedAt); err != nil {
		return nil, err
	}
	return &s, nil
}

// InForce returns the set of kind in force on day (YYYY-MM-DD): the one
// with the latest valid_from on or before day that has not ended by day.
func (s *Store) InForce(ctx context.Context, kind, day string) (*Set, error) {
	if _, err := time.Parse(DateLayout, day); err != nil {
		return nil, apperr.Field("day", "Ngày không hợp lệ.", "Invalid date.")
	}
	set, err := scanSet(s.db.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets
		WHERE kind = ? AND valid_from <= ? AND (valid_to = '' OR valid_to > ?)
		ORDER BY valid_from DESC, id DESC LIMIT 1`, kind, day, day))
	if err != nil {
		return nil, store.NotFound(err, errNoSet)
	}
	return set, s.loadRules(ctx, s.db, set)
}

// ByID returns a set with its rules.
func (s *Store) ByID(ctx context.Context, id int64) (*Set, error) {
	set, err := scanSet(s.db.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE id = ?`, id))
	if err != nil {
		return nil, store.NotFound(err, apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found."))
	}
	return set, s.loadRules(ctx, s.db, set)
}

// List returns every set with its rules, by kind and newest first.
func (s *Store) List(ctx context.Context) ([]*Set, error) {
	return s.sets(ctx, `1 = 1 ORDER BY kind, valid_from DESC, id`)
}

// sets returns the sets matching where (with its ORDER BY), each with
// its rules.
func (s *Store) sets(ctx context.Context, where string, args ...any) ([]*Set, error) {
	rows, err := s.db.Query(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("rule sets: %w", err)
	}
	var out []*Set
	for rows.Next() {
		set, err := scanSet(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, set)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, set := range out {
		if err := s.loadRules(ctx, s.db, set); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) loadRules(ctx context.Context, q store.Querier, set *Set) error {
	rows, err := q.Query(ctx, `SELECT id, set_id, key, value, unit, note FROM rules WHERE set_id = ? ORDER BY id`, set.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	set.Rules = nil
	for rows.Next() {
		var r Rule
		if err := rows.Scan(&r.ID, &r.SetID, &r.Key, &r.Value, &r.Unit, &r.Note); err != nil {
			return err
		}
		set.Rules = append(set.Rules, &r)
	}
	return rows.Err()
}

// validate checks a set before it is written.
func validate(set *Set) error {
	set.Code, set.Kind, set.Name = strings.TrimSpace(set.Code), strings.TrimSpace(set.Kind), vn.Clean(set.Name)
	set.Source, set.ValidFrom, set.ValidTo = vn.Clean(set.Source), strings.TrimSpace(set.ValidFrom), strings.TrimSpace(set.ValidTo)
	switch {
	case set.Code == "" || set.Kind == "" || set.Name == "":
		return apperr.Field("name", "Bộ quy định cần mã, loại và tên.", "A rule set needs a code, a kind and a name.")
	case set.Source == "":
		return apperr.Field("source", "Hãy ghi căn cứ pháp lý của bộ quy định.", "Give the rule set's legal basis.")
	}
	if _, err := time.Parse(DateLayout, set.ValidFrom); err != nil {
		return apperr.Field("valid_from", "Ngày bắt đầu áp dụng không hợp lệ (YYYY-MM-DD).", "Invalid start date (YYYY-MM-DD).")
	}
	if set.ValidTo != "" {
		if _, err := time.Parse(DateLayout, set.ValidTo); err != nil || set.ValidTo <= set.ValidFrom {
			return apperr.Field("valid_to", "Ngày hết áp dụng không hợp lệ hoặc không sau ngày bắt đầu.", "The end date is invalid or not after the start date.")
		}
	}
	seen := map[string]bool{}
	for _, r := range set.Rules {
		if err := validRule(r); err != nil {
			return err
		}
		if seen[r.Key] {
			return apperr.Field("key", "Khóa quy định bị trùng: "+r.Key, "Duplicate rule key: "+r.Key)
		}
		seen[r.Key] = true
	}
	return validateKind(set)
}

func validRule(r *Rule) error {
	r.Key, r.Value, r.Note = strings.TrimSpace(r.Key), vn.Clean(r.Value), vn.Clean(r.Note)
	if r.Key == "" || r.Value == "" {
		return apperr.Field("value", "Quy định cần khóa và giá trị.", "A rule needs a key and a value.")
	}
	if !r.Unit.valid() {
		return apperr.Field("unit", "Đơn vị không hợp lệ.", "Invalid unit.")
	}
	if r.Unit != NoUnit {
		if n, err := r.Int(); err != nil || n < 0 {
			return apperr.Field("value", "Thời hạn phải là số nguyên không âm.", "A time limit must be a whole number, not negative.")
		}
	}
	return nil
}

// Save creates (ID 0) or updates a set and its rules (a rule with ID 0 is
// added; rules are never deleted, so history stays readable), with an
// audit entry by the actor in the same transaction.
func (s *Store) Save(ctx context.Context, set *Set, by audit.Actor) error {
	if err := validate(set); err != nil {
		return err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error { return s.save(ctx, tx, set, by, "") })
	if store.IsUniqueViolation(err) {
		return apperr.Field("code", "Mã bộ quy định đã có.", "A rule set with this code exists.")
	}
	if err != nil {
		return fmt.Errorf("save rule set: %w", err)
	}
	return nil
}

func (s *Store) save(ctx context.Context, tx *store.Tx, set *Set, by audit.Actor, reason string) error {
	var old *Set
	var hist []change
	if set.ID == 0 {
		set.CreatedAt = s.now().UTC()
		if err := tx.QueryRow(ctx, `INSERT INTO rule_sets (code, kind, name, source, valid_from, valid_to, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, set.Code, set.Kind, set.Name, set.Source, set.ValidFrom,
			set.ValidTo, set.CreatedAt).Scan(&set.ID); err != nil {
			return err
		}
		old = &Set{}
		hist = append(hist, change{action: ActCreate, after: set.Code + ": " + set.Name + " (" + set.ValidFrom + " – " + set.ValidTo + ")"})
	} else {
		var err error
		if old, err = scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE id = ?`, set.ID)); err != nil {
			return apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found.")
		}
		if err := s.loadRules(ctx, tx, old); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE rule_sets SET code = ?, kind = ?, name = ?, source = ?, valid_from = ?, valid_to = ?
			WHERE id = ?`, set.Code, set.Kind, set.Name, set.Source, set.ValidFrom, set.ValidTo, set.ID); err != nil {
			return err
		}
		hist = append(hist, fieldChanges(old, set)...)
	}
	var changes []string
	for _, r := range set.Rules {
		r.SetID = set.ID
		if r.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO rules (set_id, key, value, unit, note) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				set.ID, r.Key, r.Value, r.Unit, r.Note).Scan(&r.ID); err != nil {
				return err
			}
			changes = append(changes, r.Key+"="+r.Value)
			if old.ID != 0 {
				hist = append(hist, change{action: ActAdd, key: r.Key, after: ruleText(r)})
			}
			continue
		}
		prev := old.Rule(r.Key)
		if prev == nil || prev.ID != r.ID {
			return apperr.Field("key", "Quy định không thuộc bộ này: "+r.Key, "The rule is not one of this set's: "+r.Key)
		}
		if *prev == *r {
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE rules SET value = ?, unit = ?, note = ? WHERE id = ? AND set_id = ?`,
			r.Value, r.Unit, r.Note, r.ID, set.ID); err != nil {
			return err
		}
		changes = append(changes, fmt.Sprintf("%s: %s %s → %s %s", r.Key, prev.Value, prev.Unit, r.Value, r.Unit))
		hist = append(hist, change{action: ActUpdate, key: r.Key, before: ruleText(prev), after: ruleText(r)})
	}
	if err := s.record(ctx, tx, set.ID, by, reason, hist); err != nil {
		return err
	}
	detail := strings.Join(changes, "; ")
	if reason != "" {
		detail += " (" + reason + ")"
	}
	if len(detail) > 2000 {
		detail = detail[:2000] + "…"
	}
	return audit.Record(ctx, tx, by.Entry("rules.save", 0, set.Code, detail))
}

// SetValue changes the value of one rule of a set, for reason, audited
// and kept in the set's history.
func (s *Store) SetValue(ctx context.Context, setID int64, key, value, reason string, by audit.Actor) error {
	set, err := s.ByID(ctx, setID)
	if err != nil {
		return err
	}
	r := set.Rule(key)
	if r == nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy quy định.", "Rule not found.")
	}
	r.Value = value
	return s.Change(ctx, set, reason, by)
}

// systemActor records the defaults the platform installs itself.
var systemActor = audit.Actor{Name: "system", IP: "local"}

// EnsureDefaults adds the default sets (defaults.go) whose code is not in
// the database yet. Sets already there are left as administrators made
// them, so calling it at every start changes nothing the second time.
//
// Before that, the corrections of shipped sets (corrections.go) apply to
// the sets still as they were shipped.
func (s *Store) EnsureDefaults(ctx context.Context) error {
	skip, _, err := s.correct(ctx)
	if err != nil {
		return err
	}
	for _, d := range Defaults() {
		if skip[d.Code] {
			continue
		}
		var n int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM rule_sets WHERE code = ?`, d.Code).Scan(&n); err != nil {
			return fmt.Errorf("rule defaults: %w", err)
		}
		if n > 0 {
			continue
		}
		if err := s.Save(ctx, d, systemActor); err != nil {
			// Another node may have inserted it in the meantime.
			if e, ok := apperr.As(err); ok && e.Fields["code"] != (apperr.Msg{}) {
				continue
			}
			return fmt.Errorf("rule defaults %s: %w", d.Code, err)
		}
	}
	return nil
}
