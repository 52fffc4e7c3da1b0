package records

import (
	"context"
	"fmt"
	"strconv"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
)

func msg(vi, en string) apperr.Msg { return apperr.Msg{VI: vi, EN: en} }

// ProjectTypes are the sorts of project the list separates.
var ProjectTypes = []Option{
	{"dau-tu-cong", msg("Đầu tư công", "Public investment")},
	{"mua-sam-cong", msg("Mua sắm công", "Public procurement")},
	{"dau-thau", msg("Đấu thầu", "Tender")},
}

// Fundings are the sources of a project's money.
var Fundings = []Option{
	{"ngan-sach", msg("Ngân sách nhà nước", "State budget")},
	{"oda", msg("Vốn ODA", "ODA")},
	{"von-vay", msg("Vốn vay ưu đãi", "Concessional loan")},
	{"ppp", msg("Đối tác công tư (PPP)", "Public–private partnership")},
	{"xa-hoi-hoa", msg("Xã hội hóa", "Private contributions")},
	{"hon-hop", msg("Hỗn hợp nhiều nguồn", "Mixed sources")},
}

// Statuses are where a project or a science programme stands.
var Statuses = []Option{
	{"chuan-bi", msg("Chuẩn bị đầu tư", "In preparation")},
	{"dang-thuc-hien", msg("Đang thực hiện", "Under way")},
	{"hoan-thanh", msg("Hoàn thành", "Completed")},
	{"tam-dung", msg("Tạm dừng", "Suspended")},
}

// StatusLabel is a status's name in lang.
func StatusLabel(code, lang string) string { return labelOf(Statuses, code, lang) }

// Project is an investment or public procurement project (kind project):
// the item's title is its name.
type Project struct {
	ItemID     int64
	Code       string // mã dự án
	Objective  string // mục tiêu
	Field      string // lĩnh vực
	Type       string // one of ProjectTypes
	Location   string // địa điểm
	Start, End string // thời gian thực hiện, YYYY-MM-DD
	Budget     int64  // tổng mức đầu tư, đồng
	Funding    string // one of Fundings
	Donor      string // nhà tài trợ
	Investor   string // chủ đầu tư
	Status     string // one of Statuses
	Contractor string // nhà thầu được lựa chọn
	// ContractValue is the value of the selected contractor's contract,
	// in đồng (giá trúng thầu); 0 when none yet.
	ContractValue int64
	Results       string // kết quả thực hiện

	// As typed, for the form sent back with errors.
	BudgetText, ContractText string
}

// TypeLabel, FundingLabel and StatusLabel name the codes in lang.
func (p *Project) TypeLabel(lang string) string    { return labelOf(ProjectTypes, p.Type, lang) }
func (p *Project) FundingLabel(lang string) string { return labelOf(Fundings, p.Funding, lang) }
func (p *Project) StatusLabel(lang string) string  { return labelOf(Statuses, p.Status, lang) }

// Clean normalises p and checks it; the error names every field wrong.
func (p *Project) Clean() error {
	var pr problems
	cleanText(&pr, map[string]*string{"pj_code": &p.Code, "pj_field": &p.Field, "pj_location": &p.Location,
		"pj_donor": &p.Donor, "pj_investor": &p.Investor, "pj_contractor": &p.Contractor})
	cleanLong(&pr, map[string]*string{"pj_objective": &p.Objective, "pj_results": &p.Results})
	if !known(ProjectTypes, p.Type) {
		pr.add("pj_type", "Hãy chọn loại dự án: đầu tư công, mua sắm công hoặc đấu thầu.", "Choose the project's type.")
	}
	if p.Funding != "" && !known(Fundings, p.Funding) {
		pr.add("pj_funding", "Hãy chọn nguồn vốn trong danh sách.", "Choose the funding from the list.")
	}
	if !known(Statuses, p.Status) {
		pr.add("pj_status", "Hãy chọn tình trạng của dự án.", "Choose the project's status.")
	}
	cleanDays(&pr, &p.Start, &p.End, "pj_start", "pj_end")
	if p.BudgetText != "" || p.Budget == 0 {
		money(&pr, "pj_budget", p.BudgetText, &p.Budget, "Tổng mức đầu tư", "The total budget")
	}
	if p.ContractText != "" || p.ContractValue == 0 {
		money(&pr, "pj_contract_value", p.ContractText, &p.ContractValue, "Giá trị hợp đồng", "The contract value")
	}
	if p.Field == "" {
		pr.add("pj_field", "Hãy nhập lĩnh vực của dự án (ví dụ Giao thông).", "Enter the project's field.")
	}
	return pr.err()
}

var projectCols = []string{"code", "objective", "field", "project_type", "location", "start_on", "end_on", "budget",
	"funding", "donor", "investor", "status", "contractor", "contract_value", "results"}

func (p *Project) values() []any {
	return []any{p.Code, p.Objective, p.Field, p.Type, p.Location, p.Start, p.End, p.Budget, p.Funding, p.Donor,
		p.Investor, p.Status, p.Contractor, p.ContractValue, p.Results}
}

func (p *Project) dest() []any {
	return []any{&p.Code, &p.Objective, &p.Field, &p.Type, &p.Location, &p.Start, &p.End, &p.Budget, &p.Funding, &p.Donor,
		&p.Investor, &p.Status, &p.Contractor, &p.ContractValue, &p.Results}
}

// SaveProject stores a project's record for a person, audited.
func (s *Store) SaveProject(ctx context.Context, p *Project, siteID int64, by audit.Actor) error {
	if err := p.Clean(); err != nil {
		return err
	}
	return s.save(ctx, "record_projects", projectCols, p.values(), p.ItemID, []content.Kind{content.Project},
		by, by.Entry("records.project.save", siteID, strconv.FormatInt(p.ItemID, 10), p.Code))
}

// Project returns an item's project record, nil when it has none.
func (s *Store) Project(ctx context.Context, itemID int64) (*Project, error) {
	p := &Project{ItemID: itemID}
	ok, err := s.get(ctx, "record_projects", projectCols, itemID, p.dest()...)
	if !ok {
		return nil, err
	}
	return p, nil
}

// ProjectFilter narrows the public list of projects.
type ProjectFilter struct {
	SiteID int64
	Lang   string
	Field  string
	Type   string
	Status string
	Year   int // the projects under way in that year
	Page
}

// ProjectRow is a line of the public list.
type ProjectRow struct {
	Listed
	Project
}

// Projects lists the live projects of a site, newest start first.
func (s *Store) Projects(ctx context.Context, f ProjectFilter) ([]*ProjectRow, error) {
	q := `SELECT ` + listedCols + `, x.item_id, x.` + joinCols(projectCols, ", x.") + listFrom("record_projects")
	args := []any{f.SiteID, f.Lang}
	for _, c := range []struct{ col, v string }{{"x.field", f.Field}, {"x.project_type", f.Type}, {"x.status", f.Status}} {
		if c.v != "" {
			q += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	if f.Year > 0 {
		q += ` AND (x.start_on = '' OR x.start_on <= ?) AND (x.end_on = '' OR x.end_on >= ?)`
		args = append(args, fmt.Sprintf("%04d-12-31", f.Year), fmt.Sprintf("%04d-01-01", f.Year))
	}
	q += ` ORDER BY x.start_on DESC, i.id DESC` + f.Page.sql()
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*ProjectRow
	for rows.Next() {
		r := &ProjectRow{}
		if err := rows.Scan(append(append(r.Listed.dest(), &r.ItemID), r.Project.dest()...)...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ProjectFields are the fields of a site's live projects, for the
// list's filter.
func (s *Store) ProjectFields(ctx context.Context, siteID int64, lang string) ([]string, error) {
	return s.distinct(ctx, "record_projects", "field", siteID, lang)
}

func (s *Store) distinct(ctx context.Context, table, col string, siteID int64, lang string) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT x.`+col+listFrom(table)+` AND x.`+col+` <> '' ORDER BY x.`+col, siteID, lang)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func joinCols(cols []string, sep string) string {
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += sep
		}
		out += c
	}
	return out
}
