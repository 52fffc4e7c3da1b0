package rules

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Versions of rule sets (issue 17): administrators change a set — its
// name, legal source, dates and rules — always with a reason kept in the
// set's history, and when the law changes from a date they supersede the
// set from that date with a new one (its rules copied, then edited), so
// every case keeps the rule of the day that matters to it: the day a
// request arrived, a draft opened, a document was signed, a spokesperson
// was appointed. Never today's date.

func cleanReason(reason string) (string, error) {
	reason = vn.Clean(reason)
	switch {
	case reason == "":
		return "", apperr.Field("reason", "Hãy ghi lý do của thay đổi (ví dụ: văn bản mới, sửa sai).", "Give the reason for the change (e.g. a new text, a correction).")
	case len(reason) > 1000:
		return "", apperr.Field("reason", "Lý do quá dài (tối đa 1000 ký tự).", "The reason is too long (1000 characters at most).")
	}
	return reason, nil
}

// AppliedBefore reports whether the set already applied to days before
// today: editing it in place changes the rule of those days for what is
// computed again, while cases already decided (a deadline set when a
// request arrived) keep theirs. To change a rule from a date, supersede.
func (s *Set) AppliedBefore(today string) bool { return s.ValidFrom < today }

// Change saves an edited set (its name, source, dates; rules changed or
// added, a rule with ID 0 being added) for reason, by an administrator:
// audited and kept in the set's history.
func (s *Store) Change(ctx context.Context, set *Set, reason string, by audit.Actor) error {
	reason, err := cleanReason(reason)
	if err != nil {
		return err
	}
	if set.ID == 0 {
		return apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found.")
	}
	if err := validate(set); err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error { return s.save(ctx, tx, set, by, reason) })
	if store.IsUniqueViolation(err) {
		return apperr.Field("code", "Mã bộ quy định đã có.", "A rule set with this code exists.")
	}
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return err
		}
		return fmt.Errorf("save rule set: %w", err)
	}
	return nil
}

// SetRule adds the rule r.Key to set id, or changes its value, unit and
// note, for reason.
func (s *Store) SetRule(ctx context.Context, id int64, r Rule, reason string, by audit.Actor) error {
	set, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	r.Key = strings.TrimSpace(r.Key)
	if old := set.Rule(r.Key); old != nil {
		old.Value, old.Unit, old.Note = r.Value, r.Unit, r.Note
	} else {
		set.Rules = append(set.Rules, &Rule{Key: r.Key, Value: r.Value, Unit: r.Unit, Note: r.Note})
	}
	return s.Change(ctx, set, reason, by)
}

// RemoveRule removes the rule key from set id, for reason; its last value
// stays in the set's history.
func (s *Store) RemoveRule(ctx context.Context, id int64, key, reason string, by audit.Actor) error {
	reason, err := cleanReason(reason)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		set, err := scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE id = ?`, id))
		if err != nil {
			return store.NotFound(err, apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found."))
		}
		if err := s.loadRules(ctx, tx, set); err != nil {
			return err
		}
		return s.removeRule(ctx, tx, set, key, reason, by)
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return err
		}
		return fmt.Errorf("remove rule: %w", err)
	}
	return nil
}

func (s *Store) removeRule(ctx context.Context, tx *store.Tx, set *Set, key, reason string, by audit.Actor) error {
	r := set.Rule(key)
	if r == nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy quy định.", "Rule not found.")
	}
	if _, err := tx.Exec(ctx, `DELETE FROM rules WHERE id = ? AND set_id = ?`, r.ID, set.ID); err != nil {
		return err
	}
	if set.Kind == KindHolidays {
		rest := *set
		rest.Rules = nil
		for _, o := range set.Rules {
			if o != r {
				rest.Rules = append(rest.Rules, o)
			}
		}
		if err := validateKind(&rest); err != nil {
			return err
		}
	}
	if err := s.record(ctx, tx, set.ID, by, reason, []change{{action: ActRemove, key: key, before: ruleText(r)}}); err != nil {
		return err
	}
	return audit.Record(ctx, tx, by.Entry("rules.save", 0, set.Code, "−"+key+" ("+reason+")"))
}

// Supersession is a new set that takes over from another from a date.
type Supersession struct {
	Code   string // "" for "<kind>-<from>"
	Name   string // "" for the old set's
	Source string // "" for the old set's
	From   string // YYYY-MM-DD: the new set applies from this day, the old one until the day before
	Reason string
}

// Supersede makes a new set from the old one's rules that applies from
// n.From (until the old one's end), and ends the old one on that day; both
// histories say so. The days before n.From keep the old set's rules.
func (s *Store) Supersede(ctx context.Context, oldID int64, n Supersession, by audit.Actor) (*Set, error) {
	reason, err := cleanReason(n.Reason)
	if err != nil {
		return nil, err
	}
	n.From = strings.TrimSpace(n.From)
	if _, err := time.Parse(DateLayout, n.From); err != nil {
		return nil, apperr.Field("from", "Ngày áp dụng không hợp lệ (YYYY-MM-DD).", "Invalid date (YYYY-MM-DD).")
	}
	var next *Set
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		old, err := scanSet(tx.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE id = ?`, oldID))
		if err != nil {
			return store.NotFound(err, apperr.New(apperr.NotFound, "Không tìm thấy bộ quy định.", "Rule set not found."))
		}
		if err := s.loadRules(ctx, tx, old); err != nil {
			return err
		}
		if n.From <= old.ValidFrom || (old.ValidTo != "" && n.From >= old.ValidTo) {
			return apperr.Field("from", "Ngày áp dụng của bộ mới phải sau ngày bắt đầu và trước ngày hết áp dụng của bộ cũ ("+old.ValidFrom+" – "+old.ValidTo+").",
				"The new set must start after the old one starts and before it ends ("+old.ValidFrom+" – "+old.ValidTo+").")
		}
		next = &Set{Code: strings.TrimSpace(n.Code), Kind: old.Kind, Name: vn.Clean(n.Name), Source: vn.Clean(n.Source),
			ValidFrom: n.From, ValidTo: old.ValidTo}
		if next.Code == "" {
			next.Code = old.Kind + "-" + n.From
		}
		if next.Name == "" {
			next.Name = old.Name
		}
		if next.Source == "" {
			next.Source = old.Source
		}
		for _, r := range old.Rules {
			next.Rules = append(next.Rules, &Rule{Key: r.Key, Value: r.Value, Unit: r.Unit, Note: r.Note})
		}
		if err := validate(next); err != nil {
			return err
		}
		ended := *old
		ended.ValidTo = n.From
		if err := s.save(ctx, tx, &ended, by, reason); err != nil {
			return err
		}
		if err := s.save(ctx, tx, next, by, reason); err != nil {
			return err
		}
		if err := s.record(ctx, tx, old.ID, by, reason, []change{{action: ActSuperseded, after: next.Code}}); err != nil {
			return err
		}
		return s.record(ctx, tx, next.ID, by, reason, []change{{action: ActSupersede, before: old.Code}})
	})
	if store.IsUniqueViolation(err) {
		return nil, apperr.Field("code", "Mã bộ quy định đã có; hãy ghi một mã khác.", "A rule set with this code exists; give another code.")
	}
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return nil, err
		}
		return nil, fmt.Errorf("supersede rule set: %w", err)
	}
	return next, nil
}
