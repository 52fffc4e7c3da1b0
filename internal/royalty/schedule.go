// Package royalty computes and keeps the royalties (nhuận bút, thù lao,
// tiền bản quyền) a portal pays the authors of its published news,
// articles and photos (issue 19; REQ-23, REQ-50–52).
//
// The numbers are dated data (DESIGN.md, "Rules are dated data"): the
// schedule is a rule set of kind "royalties" and the base salary one of
// kind "base-salary" (internal/rules, royalty_defaults.go). The schedule
// and base salary that apply to a work are those in force on the day it
// was first published, in Viet Nam's time — never today's: a work
// published on the day a schedule changes takes the new one (Decree
// 287/2026 Art. 19, transitional rule).
//
// Amounts are whole đồng. A line's amount is
//
//	coefficient × unit value × ratio% × (100% + Σ bonus%) × share
//
// with the unit value = unit.percent_base_salary% × base salary, computed
// exactly (rational arithmetic) and rounded once, half up, to the đồng at
// the end of each author's line. Co-authors' rounded amounts may thus sum
// to a đồng more or less than the work's unrounded amount; that is the
// stated rule, as each line is paid on its own.
package royalty

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
)

// Milli is a decimal number in thousandths: coefficients (7.5 = 7500) and
// percentages (12.5% = 12500).
type Milli int64

// ParseMilli reads a decimal number with "." or "," and at most three
// decimals: "7", "7.5", "7,25".
func ParseMilli(s string) (Milli, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 3 || len(whole) > 9 {
		return 0, fmt.Errorf("not a decimal number: %q", s)
	}
	w, err := strconv.ParseUint(whole, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("not a decimal number: %q", s)
	}
	f := uint64(0)
	if frac != "" {
		f, err = strconv.ParseUint(frac+strings.Repeat("0", 3-len(frac)), 10, 16)
		if err != nil {
			return 0, fmt.Errorf("not a decimal number: %q", s)
		}
	}
	return Milli(w*1000 + f), nil
}

// String writes m the Vietnamese way, with a decimal comma: "7,5".
func (m Milli) String() string {
	s := strconv.FormatInt(int64(m)/1000, 10)
	if f := int64(m) % 1000; f != 0 {
		s += "," + strings.TrimRight(fmt.Sprintf("%03d", f), "0")
	}
	return s
}

// Range is a closed range [Min, Max].
type Range struct{ Min, Max Milli }

func (r Range) String() string { return r.Min.String() + "–" + r.Max.String() }

func parseRange(v string) (Range, error) {
	a, b, ok := strings.Cut(v, "-")
	if !ok {
		a, b, ok = strings.Cut(v, "–")
	}
	if !ok {
		return Range{}, fmt.Errorf("not a range: %q", v)
	}
	lo, err1 := ParseMilli(a)
	hi, err2 := ParseMilli(b)
	if err1 != nil || err2 != nil || hi < lo {
		return Range{}, fmt.Errorf("not a range: %q", v)
	}
	return Range{lo, hi}, nil
}

// Kind is a kind of work of a schedule, with its coefficient range.
type Kind struct {
	Slug, Name string
	Range      Range
	Note       string
}

// AddOn is an add-on of a schedule: a ratio (the work is paid Percent%
// of its amount: translation) or a bonus (Percent% is added: works for
// children, difficult conditions), within Range percent.
type AddOn struct {
	Slug, Name string
	Ratio      bool
	Range      Range
}

// Schedule is a royalty rule set as the engine reads it.
type Schedule struct {
	Code, Name, Source string
	ValidFrom, ValidTo string
	// UnitPercent is the value of one coefficient unit as a percentage
	// of the base salary; 0 when the set does not give it yet.
	UnitPercent Milli
	Kinds       map[string]Kind
	AddOns      map[string]AddOn
	// DueDays is the payment deadline after publication in calendar
	// days, 0 when the schedule sets none.
	DueDays int
	// UnclaimedNotices is how many unanswered notices close a line as
	// unclaimed (its amount goes to the next year's fund); 0 when the
	// schedule sets none, and then no line of it can be closed so.
	UnclaimedNotices int
	// Unchecked names the kinds and add-ons with a value not found in the
	// texts read (a default, rules.Unchecked in the rule's note), in the
	// set's order: the proposal form shows them to the editor.
	Unchecked []string
}

// SortedKinds returns the schedule's kinds by slug order of the set.
func (s *Schedule) SortedKinds() []Kind {
	out := make([]Kind, 0, len(s.Kinds))
	for _, k := range s.Kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

func ruleName(note, fallback string) string {
	name, _, _ := strings.Cut(note, " — ")
	if name = strings.TrimSpace(name); name == "" {
		return fallback
	}
	return name
}

// FromSet reads a royalty rule set (rules.KindRoyalties); a rule that does
// not read is an error naming it.
func FromSet(set *rules.Set) (*Schedule, error) {
	s := &Schedule{Code: set.Code, Name: set.Name, Source: set.Source, ValidFrom: set.ValidFrom, ValidTo: set.ValidTo,
		Kinds: map[string]Kind{}, AddOns: map[string]AddOn{}}
	bad := func(r *rules.Rule) error {
		return apperr.Field("schedule", fmt.Sprintf("Quy định %q của khung %s có giá trị không đọc được: %q.", r.Key, set.Code, r.Value),
			fmt.Sprintf("Rule %q of schedule %s has an unreadable value: %q.", r.Key, set.Code, r.Value))
	}
	for _, r := range set.Rules {
		prefix, slug, _ := strings.Cut(r.Key, ".")
		switch prefix {
		case "unit":
			if slug != "percent_base_salary" {
				continue
			}
			m, err := ParseMilli(r.Value)
			if err != nil || m <= 0 {
				return nil, bad(r)
			}
			s.UnitPercent = m
		case "kind":
			rg, err := parseRange(r.Value)
			if err != nil || rg.Min <= 0 {
				return nil, bad(r)
			}
			s.Kinds[slug] = Kind{Slug: slug, Name: ruleName(r.Note, slug), Range: rg, Note: r.Note}
			if strings.Contains(r.Note, rules.Unchecked) {
				s.Unchecked = append(s.Unchecked, s.Kinds[slug].Name)
			}
		case "ratio", "bonus":
			rg, err := parseRange(r.Value)
			if err != nil || (prefix == "ratio" && (rg.Min <= 0 || rg.Max > 100_000)) {
				return nil, bad(r)
			}
			s.AddOns[slug] = AddOn{Slug: slug, Name: ruleName(r.Note, slug), Ratio: prefix == "ratio", Range: rg}
			if strings.Contains(r.Note, rules.Unchecked) {
				s.Unchecked = append(s.Unchecked, s.AddOns[slug].Name)
			}
		case "pay":
			if slug != "due_days" && slug != "unclaimed_notices" {
				continue
			}
			n, err := r.Int()
			if err != nil || n < 0 {
				return nil, bad(r)
			}
			if slug == "due_days" {
				s.DueDays = n
			} else {
				s.UnclaimedNotices = n
			}
		}
	}
	return s, nil
}

// AddOnUse is an add-on applied to a work, at a percentage within its
// range.
type AddOnUse struct {
	Slug    string
	Percent Milli
}

// Work is what one line of royalty is computed from.
type Work struct {
	Kind        string
	Coefficient Milli
	AddOns      []AddOnUse
}

// Check reports whether w fits schedule s: a known kind, the coefficient
// within its range, known add-ons within theirs, at most one ratio. Each
// failure is a message for the editor.
func (s *Schedule) Check(w Work) error {
	k, ok := s.Kinds[w.Kind]
	if !ok {
		if len(s.Kinds) == 0 {
			return apperr.Field("kind", "Khung nhuận bút “"+s.Name+"” chưa có thể loại nào: quản trị viên cần nhập khung theo quyết định của cấp có thẩm quyền trước.",
				"The schedule “"+s.Name+"” has no kinds of work yet: an administrator must enter it first.")
		}
		return apperr.Field("kind", fmt.Sprintf("Thể loại “%s” không có trong khung nhuận bút “%s”.", w.Kind, s.Name),
			fmt.Sprintf("The kind of work %q is not in the schedule %q.", w.Kind, s.Name))
	}
	if w.Coefficient < k.Range.Min || w.Coefficient > k.Range.Max {
		return apperr.Field("coefficient", fmt.Sprintf("Hệ số %s nằm ngoài khung %s của thể loại “%s”.", w.Coefficient, k.Range, k.Name),
			fmt.Sprintf("The coefficient %s is outside the range %s of %q.", w.Coefficient, k.Range, k.Name))
	}
	ratios, seen := 0, map[string]bool{}
	for _, a := range w.AddOns {
		def, ok := s.AddOns[a.Slug]
		if !ok {
			return apperr.Field("addons", fmt.Sprintf("Khoản cộng thêm “%s” không có trong khung nhuận bút “%s”.", a.Slug, s.Name),
				fmt.Sprintf("The add-on %q is not in the schedule %q.", a.Slug, s.Name))
		}
		if seen[a.Slug] {
			return apperr.Field("addons", fmt.Sprintf("Khoản “%s” được ghi hai lần.", def.Name), fmt.Sprintf("The add-on %q is given twice.", def.Name))
		}
		seen[a.Slug] = true
		if a.Percent < def.Range.Min || a.Percent > def.Range.Max {
			return apperr.Field("addons", fmt.Sprintf("Tỷ lệ %s%% của khoản “%s” nằm ngoài khung %s%%.", a.Percent, def.Name, def.Range),
				fmt.Sprintf("%s%% for %q is outside %s%%.", a.Percent, def.Name, def.Range))
		}
		if def.Ratio {
			ratios++
		}
	}
	if ratios > 1 {
		return apperr.Field("addons", "Chỉ áp dụng một tỷ lệ thay thế (dịch, lời bình, phụ đề) cho một tác phẩm.", "Only one ratio add-on applies to a work.")
	}
	if s.UnitPercent <= 0 {
		return apperr.Field("schedule", "Khung nhuận bút “"+s.Name+"” chưa có giá trị một đơn vị hệ số (unit.percent_base_salary).",
			"The schedule “"+s.Name+"” has no unit value yet (unit.percent_base_salary).")
	}
	return nil
}

// Basis points: 10000 = 100 %.
const fullShare = 10_000

// Amount is the royalty in whole đồng of an author's share (basis points,
// 10000 = 100 %) of work w under schedule s with the base salary in force
// on the publication day: coefficient × (UnitPercent% × baseSalary) ×
// ratio% × (100% + Σ bonus%) × share, computed exactly and rounded once,
// half up, to the đồng.
func Amount(s *Schedule, baseSalary int64, w Work, shareBP int64) (int64, error) {
	if err := s.Check(w); err != nil {
		return 0, err
	}
	if baseSalary <= 0 {
		return 0, apperr.Field("base_salary", "Chưa có mức lương cơ sở cho ngày đăng.", "No base salary for the publication day.")
	}
	if shareBP <= 0 || shareBP > fullShare {
		return 0, apperr.Field("share", "Tỷ lệ hưởng của một tác giả phải lớn hơn 0% và không quá 100%.", "An author's share must be over 0% and at most 100%.")
	}
	ratio, bonus := Milli(100_000), Milli(0)
	for _, a := range w.AddOns {
		if s.AddOns[a.Slug].Ratio {
			ratio = a.Percent
		} else {
			bonus += a.Percent
		}
	}
	num := new(big.Int).SetInt64(int64(w.Coefficient)) // thousandths
	for _, f := range []int64{int64(s.UnitPercent), baseSalary, int64(ratio), int64(100_000 + bonus), shareBP} {
		num.Mul(num, big.NewInt(f))
	}
	// Denominator: coefficient 10^3, unit percent 10^5 (percent in
	// thousandths), ratio 10^5, bonus 10^5, share 10^4.
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(3+5+5+5+4), nil)
	// Round half up: floor((2·num + den) / (2·den)); num ≥ 0.
	num.Mul(num, big.NewInt(2)).Add(num, den)
	den.Mul(den, big.NewInt(2))
	q := num.Quo(num, den)
	if !q.IsInt64() {
		return 0, apperr.Field("coefficient", "Số tiền quá lớn.", "The amount is too large.")
	}
	return q.Int64(), nil
}
