package records

import (
	"context"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
)

// BudgetTypes are the sorts of budget report the law asks to publish
// (Law 83/2015 on the State Budget, Art. 15).
var BudgetTypes = []Option{
	{"du-toan", msg("Dự toán ngân sách", "Budget estimate")},
	{"thuc-hien", msg("Tình hình thực hiện ngân sách", "Budget execution")},
	{"quyet-toan", msg("Quyết toán ngân sách", "Final accounts")},
}

// MaxFiles bounds the files attached to a budget report.
const MaxFiles = 20

// Budget is a budget or financial report (items of kind statistics):
// its period, its type and the files of the site's media library that
// hold it (PDF, spreadsheets).
type Budget struct {
	ItemID int64
	Period Period
	Type   string  // one of BudgetTypes
	Files  []int64 // media ids, in the order given

	// As typed, for the form sent back with errors.
	YearText, PartText string
}

// TypeLabel names the report's type in lang.
func (b *Budget) TypeLabel(lang string) string { return labelOf(BudgetTypes, b.Type, lang) }

// Clean checks b; the error names every field wrong. Whether each file
// is the site's is the caller's check (it knows the media library).
func (b *Budget) Clean() error {
	var pr problems
	if b.YearText != "" || b.Period == "" {
		period(&pr, "bg_year", b.YearText, b.PartText, &b.Period)
	} else if _, ok := PeriodOf(string(b.Period)); !ok {
		pr.add("bg_year", "Kỳ báo cáo không tồn tại.", "No such period.")
	}
	if !known(BudgetTypes, b.Type) {
		pr.add("bg_type", "Hãy chọn loại báo cáo: dự toán, tình hình thực hiện hoặc quyết toán.", "Choose the report's type.")
	}
	if len(b.Files) > MaxFiles {
		pr.add("bg_files", "Tối đa 20 tệp đính kèm.", "At most 20 files.")
	}
	return pr.err()
}

// HasFile reports whether the report lists media id, for the form.
func (b *Budget) HasFile(id int64) bool {
	for _, f := range b.Files {
		if f == id {
			return true
		}
	}
	return false
}

func filesText(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func parseFiles(s string) []int64 {
	var out []int64
	for f := range strings.SplitSeq(s, ",") {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

var budgetCols = []string{"period", "report_type", "files"}

// SaveBudget stores a budget report's record for a person, audited.
func (s *Store) SaveBudget(ctx context.Context, b *Budget, siteID int64, by audit.Actor) error {
	if err := b.Clean(); err != nil {
		return err
	}
	return s.save(ctx, "record_budgets", budgetCols, []any{string(b.Period), b.Type, filesText(b.Files)}, b.ItemID,
		[]content.Kind{content.Statistics}, by, by.Entry("records.budget.save", siteID, strconv.FormatInt(b.ItemID, 10), string(b.Period)+" "+b.Type))
}

// Budget returns an item's budget report record, nil when it has none.
func (s *Store) Budget(ctx context.Context, itemID int64) (*Budget, error) {
	b := &Budget{ItemID: itemID}
	var files string
	ok, err := s.get(ctx, "record_budgets", budgetCols, itemID, &b.Period, &b.Type, &files)
	if !ok {
		return nil, err
	}
	b.Files = parseFiles(files)
	return b, nil
}

// BudgetFilter narrows the public list of budget reports.
type BudgetFilter struct {
	SiteID int64
	Lang   string
	Period Period // a year takes its quarters and months
	Type   string
	Page
}

// BudgetRow is a line of the public list.
type BudgetRow struct {
	Listed
	Budget
}

// Budgets lists the live budget reports of a site, latest period first.
func (s *Store) Budgets(ctx context.Context, f BudgetFilter) ([]*BudgetRow, error) {
	q := `SELECT ` + listedCols + `, x.item_id, x.period, x.report_type, x.files` + listFrom("record_budgets")
	args := []any{f.SiteID, f.Lang}
	if f.Period != "" {
		w, a := periodWhere(f.Period)
		q += w
		args = append(args, a...)
	}
	if f.Type != "" {
		q += ` AND x.report_type = ?`
		args = append(args, f.Type)
	}
	q += ` ORDER BY x.period DESC, i.id DESC` + f.Page.sql()
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*BudgetRow
	for rows.Next() {
		r := &BudgetRow{}
		var files string
		if err := rows.Scan(append(r.Listed.dest(), &r.ItemID, &r.Period, &r.Type, &files)...); err != nil {
			return nil, err
		}
		r.Files = parseFiles(files)
		out = append(out, r)
	}
	return out, rows.Err()
}
