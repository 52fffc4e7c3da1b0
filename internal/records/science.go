package records

import (
	"context"
	"strconv"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
)

// ScienceLevels are the levels at which a science and technology task
// is managed.
var ScienceLevels = []Option{
	{"quoc-gia", msg("Cấp quốc gia", "National")},
	{"bo", msg("Cấp bộ", "Ministerial")},
	{"tinh", msg("Cấp tỉnh", "Provincial")},
	{"co-so", msg("Cấp cơ sở", "Institutional")},
}

// Science is a science and technology programme or task (items of kind
// plan): the item's title is its name.
type Science struct {
	ItemID     int64
	Code       string // mã số
	Level      string // one of ScienceLevels
	Field      string // lĩnh vực
	Host       string // tổ chức chủ trì
	Leader     string // chủ nhiệm, by name and title as the decision gives them
	Start, End string // thời gian thực hiện, YYYY-MM-DD
	Budget     int64  // kinh phí, đồng
	Status     string // one of Statuses
	Results    string // kết quả

	BudgetText string // as typed
}

// LevelLabel and StatusLabel name the codes in lang.
func (s *Science) LevelLabel(lang string) string  { return labelOf(ScienceLevels, s.Level, lang) }
func (s *Science) StatusLabel(lang string) string { return labelOf(Statuses, s.Status, lang) }

// Clean normalises s and checks it; the error names every field wrong.
func (s *Science) Clean() error {
	var pr problems
	cleanText(&pr, map[string]*string{"sc_code": &s.Code, "sc_field": &s.Field, "sc_host": &s.Host, "sc_leader": &s.Leader})
	cleanLong(&pr, map[string]*string{"sc_results": &s.Results})
	if s.Code == "" {
		pr.add("sc_code", "Hãy nhập mã số của nhiệm vụ (ví dụ ĐTĐL.CN-12/25).", "Enter the task's code.")
	}
	if !known(ScienceLevels, s.Level) {
		pr.add("sc_level", "Hãy chọn cấp quản lý: quốc gia, bộ, tỉnh hoặc cơ sở.", "Choose the level.")
	}
	if !known(Statuses, s.Status) {
		pr.add("sc_status", "Hãy chọn tình trạng của nhiệm vụ.", "Choose the status.")
	}
	if s.Host == "" {
		pr.add("sc_host", "Hãy nhập tổ chức chủ trì.", "Enter the host organisation.")
	}
	cleanDays(&pr, &s.Start, &s.End, "sc_start", "sc_end")
	if s.BudgetText != "" || s.Budget == 0 {
		money(&pr, "sc_budget", s.BudgetText, &s.Budget, "Kinh phí", "The budget")
	}
	return pr.err()
}

var scienceCols = []string{"code", "level", "field", "host", "leader", "start_on", "end_on", "budget", "status", "results"}

func (s *Science) dest() []any {
	return []any{&s.Code, &s.Level, &s.Field, &s.Host, &s.Leader, &s.Start, &s.End, &s.Budget, &s.Status, &s.Results}
}

// SaveScience stores a science programme's record for a person, audited.
func (s *Store) SaveScience(ctx context.Context, sc *Science, siteID int64, by audit.Actor) error {
	if err := sc.Clean(); err != nil {
		return err
	}
	return s.save(ctx, "record_sciences", scienceCols, []any{sc.Code, sc.Level, sc.Field, sc.Host, sc.Leader, sc.Start,
		sc.End, sc.Budget, sc.Status, sc.Results}, sc.ItemID, []content.Kind{content.Plan}, by,
		by.Entry("records.science.save", siteID, strconv.FormatInt(sc.ItemID, 10), sc.Code))
}

// Science returns an item's science record, nil when it has none.
func (s *Store) Science(ctx context.Context, itemID int64) (*Science, error) {
	sc := &Science{ItemID: itemID}
	ok, err := s.get(ctx, "record_sciences", scienceCols, itemID, sc.dest()...)
	if !ok {
		return nil, err
	}
	return sc, nil
}

// ScienceFilter narrows the public list of science programmes.
type ScienceFilter struct {
	SiteID int64
	Lang   string
	Level  string
	Field  string
	Status string
	Page
}

// ScienceRow is a line of the public list.
type ScienceRow struct {
	Listed
	Science
}

// Sciences lists the live science programmes of a site, newest first.
func (s *Store) Sciences(ctx context.Context, f ScienceFilter) ([]*ScienceRow, error) {
	q := `SELECT ` + listedCols + `, x.item_id, x.` + joinCols(scienceCols, ", x.") + listFrom("record_sciences")
	args := []any{f.SiteID, f.Lang}
	for _, c := range []struct{ col, v string }{{"x.level", f.Level}, {"x.field", f.Field}, {"x.status", f.Status}} {
		if c.v != "" {
			q += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	q += ` ORDER BY x.start_on DESC, i.id DESC` + f.Page.sql()
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ScienceRow
	for rows.Next() {
		r := &ScienceRow{}
		if err := rows.Scan(append(append(r.Listed.dest(), &r.ItemID), r.Science.dest()...)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ScienceFields are the fields of a site's live programmes, for the
// list's filter.
func (s *Store) ScienceFields(ctx context.Context, siteID int64, lang string) ([]string, error) {
	return s.distinct(ctx, "record_sciences", "field", siteID, lang)
}
