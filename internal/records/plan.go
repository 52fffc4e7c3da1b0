package records

import (
	"context"
	"fmt"
	"strconv"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/vn"
)

// PlanTypes are the sorts of plan and programme (kind plan).
var PlanTypes = []Option{
	{"chien-luoc", msg("Chiến lược", "Strategy")},
	{"quy-hoach", msg("Quy hoạch", "Master plan")},
	{"ke-hoach", msg("Kế hoạch", "Plan")},
	{"chuong-trinh", msg("Chương trình", "Programme")},
	{"de-an", msg("Đề án", "Scheme")},
}

// Plan is a strategy, master plan, plan, programme or scheme: its type,
// the years it covers, the decision that issued it and what has been
// done.
type Plan struct {
	ItemID   int64
	Type     string // one of PlanTypes
	FromYear int
	ToYear   int
	Decision string // số quyết định ban hành
	Decided  string // ngày ban hành, YYYY-MM-DD
	Results  string // kết quả thực hiện

	FromText, ToText string // as typed
}

// TypeLabel names the plan's type in lang.
func (p *Plan) TypeLabel(lang string) string { return labelOf(PlanTypes, p.Type, lang) }

// Years is the period the plan covers: "2021–2025", or one year.
func (p *Plan) Years() string {
	if p.FromYear == p.ToYear {
		return strconv.Itoa(p.FromYear)
	}
	return fmt.Sprintf("%d–%d", p.FromYear, p.ToYear)
}

// Clean normalises p and checks it; the error names every field wrong.
func (p *Plan) Clean() error {
	var pr problems
	if !known(PlanTypes, p.Type) {
		pr.add("pl_type", "Hãy chọn loại: chiến lược, quy hoạch, kế hoạch, chương trình hoặc đề án.", "Choose the type.")
	}
	year := func(text string, n *int, field, vi string) bool {
		if text = vn.Clean(text); text == "" && *n != 0 {
			text = strconv.Itoa(*n)
		}
		y, err := strconv.Atoi(text)
		if err != nil || y < minYear || y > maxYear {
			pr.add(field, fmt.Sprintf("%s phải là một năm từ %d đến %d.", vi, minYear, maxYear),
				fmt.Sprintf("The year must be between %d and %d.", minYear, maxYear))
			return false
		}
		*n = y
		return true
	}
	okFrom := year(p.FromText, &p.FromYear, "pl_from", "Năm bắt đầu")
	okTo := year(p.ToText, &p.ToYear, "pl_to", "Năm kết thúc")
	if okFrom && okTo && p.ToYear < p.FromYear {
		pr.add("pl_to", "Năm kết thúc không được trước năm bắt đầu.", "The last year cannot come before the first.")
	}
	cleanText(&pr, map[string]*string{"pl_decision": &p.Decision})
	cleanLong(&pr, map[string]*string{"pl_results": &p.Results})
	var ok bool
	if p.Decided, ok = ParseDay(p.Decided); !ok {
		pr.add("pl_decided", "Ngày ban hành không có thật hoặc sai dạng (ngày/tháng/năm, ví dụ 20/11/2023).",
			"The day of issue does not exist or is mistyped.")
	}
	return pr.err()
}

var planCols = []string{"plan_type", "from_year", "to_year", "decision_number", "decision_on", "results"}

func (p *Plan) dest() []any {
	return []any{&p.Type, &p.FromYear, &p.ToYear, &p.Decision, &p.Decided, &p.Results}
}

// SavePlan stores a plan's record for a person, audited.
func (s *Store) SavePlan(ctx context.Context, p *Plan, siteID int64, by audit.Actor) error {
	if err := p.Clean(); err != nil {
		return err
	}
	return s.save(ctx, "record_plans", planCols, []any{p.Type, p.FromYear, p.ToYear, p.Decision, p.Decided, p.Results},
		p.ItemID, []content.Kind{content.Plan}, by, by.Entry("records.plan.save", siteID, strconv.FormatInt(p.ItemID, 10), p.Type+" "+p.Years()))
}

// Plan returns an item's plan record, nil when it has none.
func (s *Store) Plan(ctx context.Context, itemID int64) (*Plan, error) {
	p := &Plan{ItemID: itemID}
	ok, err := s.get(ctx, "record_plans", planCols, itemID, p.dest()...)
	if !ok {
		return nil, err
	}
	return p, nil
}

// PlanFilter narrows the public list of plans.
type PlanFilter struct {
	SiteID int64
	Lang   string
	Type   string
	Year   int // the plans that cover that year
	Page
}

// PlanRow is a line of the public list.
type PlanRow struct {
	Listed
	Plan
}

// Plans lists the live plans of a site, the latest first.
func (s *Store) Plans(ctx context.Context, f PlanFilter) ([]*PlanRow, error) {
	q := `SELECT ` + listedCols + `, x.item_id, x.` + joinCols(planCols, ", x.") + listFrom("record_plans")
	args := []any{f.SiteID, f.Lang}
	if f.Type != "" {
		q += ` AND x.plan_type = ?`
		args = append(args, f.Type)
	}
	if f.Year > 0 {
		q += ` AND x.from_year <= ? AND x.to_year >= ?`
		args = append(args, f.Year, f.Year)
	}
	q += ` ORDER BY x.from_year DESC, i.id DESC` + f.Page.sql()
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*PlanRow
	for rows.Next() {
		r := &PlanRow{}
		if err := rows.Scan(append(append(r.Listed.dest(), &r.ItemID), r.Plan.dest()...)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
