package rules

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/congportal/cong/internal/store"
)

// Corrections of shipped default sets whose dates were wrong (issue 17).
// EnsureDefaults inserts a default set only when its code is missing, so
// a database made before a correction keeps the old set. A correction is
// applied, once, only to a set still exactly as it was shipped: then the
// set takes its corrected form (with an entry "correct" in its history)
// and the default sets the correction adds are inserted. A set an
// administrator has changed is left alone, and so are the added sets
// (they would change the rule of days the administrator's set rules);
// the rule-set page lists such corrections as not applied, and the
// administrator supersedes the set by hand (docs/rules.md).

type correction struct {
	legacy *Set     // the set as it was shipped
	adds   []string // default sets added with the correction
	reason string
}

func corrections() []correction {
	return []correction{
		{legacy: &Set{Code: DeadlinesLaw104, Kind: KindDeadlines, Name: "Thời hạn đăng thông tin theo Luật Tiếp cận thông tin",
			Source:    accessLaw + " Điều 18 khoản 4 (chậm nhất 05 ngày làm việc khi luật không quy định thời hạn); " + decree244 + " Điều 3 khoản 3 (người phát ngôn: 24 giờ)",
			ValidFrom: "2018-07-01", Rules: []*Rule{
				{Key: "deadline.default", Value: "5", Unit: WorkingDays, Note: accessLaw + " Điều 18 khoản 4"},
				{Key: "deadline.nguoi-phat-ngon", Value: "24", Unit: Hours, Note: decree244 + " Điều 3 khoản 3: tính từ quyết định giao nhiệm vụ phát ngôn"},
			}},
			adds:   []string{DeadlinesDecree244},
			reason: "Sửa ngày theo REGULATIONS.md: thời hạn 24 giờ đăng người phát ngôn là của Nghị định 244/2026/NĐ-CP, có hiệu lực từ 01/07/2026, không phải từ 2018; bộ Luật 104/2016 áp dụng đến 30/06/2026, bộ mới từ 01/07/2026"},
		{legacy: &Set{Code: FeedbackDecree20, Kind: KindFeedback, Name: "Thời hạn xử lý phản ánh, kiến nghị và hỏi đáp",
			Source:    decree20 + " Điều 9 (chuyển trong 05 ngày làm việc); " + decree43 + " Điều 17 khoản 1 điểm đ (trả lời trong 15 ngày làm việc); Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
			ValidFrom: "2008-02-14", Rules: []*Rule{
				{Key: "feedback.forward", Value: "5", Unit: WorkingDays, Note: decree20 + " Điều 9: phân loại, chuyển cơ quan có thẩm quyền trong 05 ngày làm việc kể từ ngày tiếp nhận"},
				{Key: "feedback.answer", Value: "15", Unit: WorkingDays, Note: "Trả lời hoặc thông báo tiến độ trong 15 ngày làm việc kể từ ngày tiếp nhận (mặc định, sửa được)"},
				{Key: "feedback.remind", Value: "2", Unit: WorkingDays, Note: "Nhắc đơn vị trước thời hạn"},
				{Key: "feedback.retention", Value: "730", Unit: CalendarDays, Note: "Xóa thông tin liên hệ của người gửi sau khi đã đóng phản ánh (Luật 91/2025: lưu không quá thời gian cần thiết)"},
			}},
			adds:   []string{FeedbackDecree43, FeedbackCurrent},
			reason: "Sửa ngày theo REGULATIONS.md: thời hạn trả lời 15 ngày làm việc là của Nghị định 43/2011/NĐ-CP (01/08/2011 – 15/08/2022), không phải từ 2008; Nghị định 20/2008 áp dụng một mình đến 31/07/2011"},
		{legacy: without(RoyaltiesDecree18, decree18ForeignLanguage().Key),
			reason: "Thêm mức cộng thêm cho tác phẩm viết trực tiếp bằng tiếng nước ngoài, tiếng dân tộc thiểu số (REGULATIONS.md REQ-50; mức mặc định, chưa đối chiếu văn bản)"},
	}
}

// shipped is the default set of code, as Defaults gives it.
func shipped(code string) *Set {
	for _, d := range Defaults() {
		if d.Code == code {
			return d
		}
	}
	panic("rules: no default set " + code)
}

// without is the default set code as it was shipped before the rule key
// was added to it.
func without(code, key string) *Set {
	d := shipped(code)
	old := *d
	old.Rules = nil
	for _, r := range d.Rules {
		if r.Key != key {
			old.Rules = append(old.Rules, r)
		}
	}
	return &old
}

// sameSet reports whether a set in the database is still as shipped.
func sameSet(db, shipped *Set) bool {
	want := *shipped
	want.Rules = nil
	for _, r := range shipped.Rules {
		c := *r
		want.Rules = append(want.Rules, &c)
	}
	if validate(&want) != nil || db.Name != want.Name || db.Source != want.Source || db.Kind != want.Kind ||
		db.ValidFrom != want.ValidFrom || db.ValidTo != want.ValidTo || len(db.Rules) != len(want.Rules) {
		return false
	}
	for _, r := range want.Rules {
		got := db.Rule(r.Key)
		if got == nil || got.Value != r.Value || got.Unit != r.Unit || got.Note != r.Note {
			return false
		}
	}
	return true
}

// PendingCorrection is a correction of a shipped set not applied because
// an administrator changed the set.
type PendingCorrection struct {
	Code   string
	Reason string
}

// correct applies the corrections it can and returns the codes of the
// default sets not to insert, with the corrections left to do.
func (s *Store) correct(ctx context.Context) (map[string]bool, []PendingCorrection, error) {
	skip := map[string]bool{}
	var pending []PendingCorrection
	defaults := map[string]*Set{}
	for _, d := range Defaults() {
		defaults[d.Code] = d
	}
	for _, c := range corrections() {
		set, err := scanSet(s.db.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE code = ?`, c.legacy.Code))
		if errors.Is(err, sql.ErrNoRows) {
			continue // a new database: the corrected defaults go in as they are
		}
		if err != nil {
			return nil, nil, fmt.Errorf("rule corrections: %w", err)
		}
		if err := s.loadRules(ctx, s.db, set); err != nil {
			return nil, nil, err
		}
		if !sameSet(set, c.legacy) {
			var n int
			if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM rule_history WHERE set_id = ? AND action = ?`, set.ID, ActCorrect).Scan(&n); err != nil {
				return nil, nil, fmt.Errorf("rule corrections: %w", err)
			}
			if n == 0 {
				for _, code := range c.adds {
					skip[code] = true
				}
				pending = append(pending, PendingCorrection{Code: c.legacy.Code, Reason: c.reason})
			}
			continue
		}
		target := defaults[c.legacy.Code]
		err = s.db.InTx(ctx, func(tx *store.Tx) error {
			for _, r := range set.Rules {
				if target.Rule(r.Key) == nil {
					if err := s.removeRule(ctx, tx, set, r.Key, c.reason, systemActor); err != nil {
						return err
					}
				}
			}
			upd := &Set{ID: set.ID, Code: set.Code, Kind: set.Kind, Name: target.Name, Source: target.Source,
				ValidFrom: target.ValidFrom, ValidTo: target.ValidTo}
			for _, r := range target.Rules {
				n := &Rule{Key: r.Key, Value: r.Value, Unit: r.Unit, Note: r.Note}
				if old := set.Rule(r.Key); old != nil {
					n.ID = old.ID
				}
				upd.Rules = append(upd.Rules, n)
			}
			if err := validate(upd); err != nil {
				return err
			}
			if err := s.save(ctx, tx, upd, systemActor, c.reason); err != nil {
				return err
			}
			return s.record(ctx, tx, set.ID, systemActor, c.reason, []change{{action: ActCorrect, before: c.legacy.ValidFrom + " – " + c.legacy.ValidTo,
				after: target.ValidFrom + " – " + target.ValidTo}})
		})
		if err != nil {
			return nil, nil, fmt.Errorf("rule correction %s: %w", c.legacy.Code, err)
		}
	}
	return skip, pending, nil
}

// PendingCorrections are the corrections of shipped sets not applied
// because an administrator changed the set: the rule-set page shows them.
func (s *Store) PendingCorrections(ctx context.Context) ([]PendingCorrection, error) {
	var out []PendingCorrection
	for _, c := range corrections() {
		set, err := scanSet(s.db.QueryRow(ctx, `SELECT `+setColumns+` FROM rule_sets WHERE code = ?`, c.legacy.Code))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var n int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM rule_history WHERE set_id = ? AND action = ?`, set.ID, ActCorrect).Scan(&n); err != nil {
			return nil, err
		}
		if n > 0 {
			continue
		}
		if len(c.adds) == 0 {
			// A correction of the rules alone: pending while the set lacks
			// one of the corrected set's rules.
			if err := s.loadRules(ctx, s.db, set); err != nil {
				return nil, err
			}
			for _, r := range shipped(c.legacy.Code).Rules {
				if set.Rule(r.Key) == nil {
					out = append(out, PendingCorrection{Code: c.legacy.Code, Reason: c.reason})
					break
				}
			}
			continue
		}
		var m int
		for _, code := range c.adds {
			var k int
			if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM rule_sets WHERE code = ?`, code).Scan(&k); err != nil {
				return nil, err
			}
			m += k
		}
		if m < len(c.adds) && set.ValidTo == c.legacy.ValidTo {
			out = append(out, PendingCorrection{Code: c.legacy.Code, Reason: c.reason})
		}
	}
	return out, nil
}
