// Package records holds the typed records that items of the typed kinds
// carry beside their text (issue 20 point 3; REQ-11, REQ-13): investment
// and procurement projects, budget and financial reports, statistics
// with their data table, science programmes, and plans and programmes.
// Each record type has its own table keyed by the item (migration 048),
// as legal documents have legal_docs; the item's title is the record's
// name and its text the description. One file per record type.
package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the typed records.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the records store on db.
func NewStore(db *store.DB, now func() time.Time) *Store { return &Store{db: db, now: now} }

// Option is one value of a closed list (a type, a status, a level): its
// code, kept in the database and the address, and its name for people.
type Option struct {
	Code  string
	Label apperr.Msg
}

// In is the option's name in lang.
func (o Option) In(lang string) string { return o.Label.In(lang) }

// labelOf is the name of code in opts, or code itself when unknown.
func labelOf(opts []Option, code, lang string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label.In(lang)
		}
	}
	return code
}

func known(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// Listed is what a public list shows of a record's item: its published
// title and the parts of its address.
type Listed struct {
	Title       string
	Slug        string
	Lang        string
	Kind        content.Kind
	PublishedAt *time.Time
}

// URL is the item's path within its site.
func (l Listed) URL() string {
	p := "/" + l.Kind.Path() + "/" + l.Slug
	if l.Lang == "en" {
		p = "/en" + p
	}
	return p
}

// problems gathers the field errors of a form, so that a person sees
// every one of them at once.
type problems struct{ e *apperr.Error }

func (p *problems) add(field, vi, en string) {
	if p.e == nil {
		p.e = apperr.Field(field, vi, en)
		return
	}
	if _, ok := p.e.Fields[field]; !ok {
		p.e.Fields[field] = apperr.Msg{VI: vi, EN: en}
	}
}

func (p *problems) err() error {
	if p.e == nil {
		return nil
	}
	return p.e
}

// MaxText bounds each text field, MaxLong the longer ones (results,
// objective, methodology).
const (
	MaxText = 500
	MaxLong = 10000
)

// cleanText normalises single-line fields and checks their length.
func cleanText(p *problems, fields map[string]*string) {
	for name, f := range fields {
		*f = vn.Clean(*f)
		if len([]rune(*f)) > MaxText {
			p.add(name, fmt.Sprintf("Tối đa %d ký tự.", MaxText), fmt.Sprintf("At most %d characters.", MaxText))
		}
	}
}

// cleanLong normalises multi-line fields and checks their length.
func cleanLong(p *problems, fields map[string]*string) {
	for name, f := range fields {
		*f = vn.CleanMultiline(*f)
		if len([]rune(*f)) > MaxLong {
			p.add(name, fmt.Sprintf("Tối đa %d ký tự.", MaxLong), fmt.Sprintf("At most %d characters.", MaxLong))
		}
	}
}

// ParseDay reads a day as a form sends it (2026-03-15 from a date field,
// or 15/03/2026 typed) and gives it as YYYY-MM-DD; "" stays "".
func ParseDay(s string) (string, bool) {
	s = vn.Clean(s)
	if s == "" {
		return "", true
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() <= 2200 {
			return t.Format("2006-01-02"), true
		}
	}
	return s, false
}

// cleanDays checks the start and end days of a duration: each a day that
// exists, the end not before the start.
func cleanDays(p *problems, start, end *string, startField, endField string) {
	var ok1, ok2 bool
	if *start, ok1 = ParseDay(*start); !ok1 {
		p.add(startField, "Ngày bắt đầu không có thật hoặc sai dạng (ngày/tháng/năm, ví dụ 15/03/2026).",
			"The start day does not exist or is mistyped (day/month/year).")
	}
	if *end, ok2 = ParseDay(*end); !ok2 {
		p.add(endField, "Ngày kết thúc không có thật hoặc sai dạng (ngày/tháng/năm, ví dụ 31/12/2027).",
			"The end day does not exist or is mistyped (day/month/year).")
	}
	if ok1 && ok2 && *start != "" && *end != "" && *end < *start {
		p.add(endField, "Ngày kết thúc phải sau ngày bắt đầu.", "The end must come after the start.")
	}
}

// DayWords writes a YYYY-MM-DD day in words ("ngày 5 tháng 3 năm 2026").
func DayWords(day, lang string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	if lang == "en" {
		return vn.DateWordsEN(t)
	}
	return vn.DateWords(t)
}

// ParseMoney reads an amount of whole đồng as people type it:
// "12500000000", "12.500.000.000" or "12 500 000 000", with "đồng" or
// "đ" after it or not. "" is 0.
func ParseMoney(s string) (int64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(vn.Clean(s), "\u00a0", " "))
	for _, suffix := range []string{"đồng", "VNĐ", "VND", "đ"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	if s == "" {
		return 0, true
	}
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ',' || r == ' ' })
	if len(groups) == 0 || strings.Trim(s, "0123456789., ") != "" {
		return 0, false
	}
	if len(groups) > 1 {
		// Separators group thousands: 1–3 digits, then threes.
		if len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		// Each separator a single character between groups.
		if len(s) != len(strings.Join(groups, ""))+len(groups)-1 {
			return 0, false
		}
	}
	digits := strings.Join(groups, "")
	if len(digits) > 16 { // 10^16 đồng: more than any budget
		return 0, false
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// Money writes an amount of đồng with its thousands grouped by dots.
func Money(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// MoneyField is an amount as its form field shows it: grouped, or ""
// for none.
func MoneyField(n int64) string {
	if n == 0 {
		return ""
	}
	return Money(n)
}

// money reads an amount field into *n; raw keeps what was typed.
func money(p *problems, field, raw string, n *int64, viName, enName string) {
	v, ok := ParseMoney(raw)
	if !ok {
		p.add(field, viName+" phải là một số đồng, chỉ gồm chữ số (ví dụ 12.500.000.000).",
			enName+" must be a whole number of đồng (for example 12.500.000.000).")
		return
	}
	*n = v
}

// checkKind refuses a record for an item of another kind.
func checkKind(ctx context.Context, q store.Querier, itemID int64, kinds ...content.Kind) error {
	var k content.Kind
	err := q.QueryRow(ctx, `SELECT kind FROM items WHERE id = ?`, itemID).Scan(&k)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "Không tìm thấy mục nội dung.", "Item not found.")
	}
	if err != nil {
		return err
	}
	for _, want := range kinds {
		if k == want {
			return nil
		}
	}
	return apperr.New(apperr.Invalid, "Mục nội dung này không thuộc loại có thông tin này.", "This item's kind has no such record.")
}

// save replaces the record of an item in table with the columns and
// values given, audited with entry (by whom, the action, the detail).
func (s *Store) save(ctx context.Context, table string, cols []string, vals []any, itemID int64,
	kinds []content.Kind, by audit.Actor, entry audit.Entry) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := checkKind(ctx, tx, itemID, kinds...); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE item_id = ?`, itemID); err != nil {
			return err
		}
		all := append([]string{"item_id"}, cols...)
		all = append(all, "updated_at", "updated_by_name")
		args := append([]any{itemID}, vals...)
		args = append(args, s.now().UTC(), by.Name)
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(all)), ", ")
		if _, err := tx.Exec(ctx, `INSERT INTO `+table+` (`+strings.Join(all, ", ")+`) VALUES (`+marks+`)`, args...); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry)
	})
}

// get reads the record of an item; false when it has none.
func (s *Store) get(ctx context.Context, table string, cols []string, itemID int64, dest ...any) (bool, error) {
	err := s.db.QueryRow(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` WHERE item_id = ?`, itemID).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// listFrom is the start of a public list's query on table x: the live
// items of a site in a language, with their published title.
func listFrom(table string) string {
	return ` FROM ` + table + ` x JOIN items i ON i.id = x.item_id JOIN revisions r ON r.id = i.published_rev
		WHERE i.site_id = ? AND i.live AND i.lang = ?`
}

// listedCols are the columns of Listed, in its scan order.
const listedCols = `r.title, i.slug, i.lang, i.kind, i.published_at`

func (l *Listed) dest() []any { return []any{&l.Title, &l.Slug, &l.Lang, &l.Kind, &l.PublishedAt} }

// Page is a page of a list: Limit rows from Offset.
type Page struct {
	Limit, Offset int
}

func (p Page) sql() string {
	limit := p.Limit
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(p.Offset, 0))
}

// periods are the distinct periods of a site's live records in table,
// latest first, each year also on its own (the list's filter).
func (s *Store) periods(ctx context.Context, table string, siteID int64, lang string) ([]Period, error) {
	got, err := s.distinct(ctx, table, "period", siteID, lang)
	if err != nil {
		return nil, err
	}
	seen := map[Period]bool{}
	var out []Period
	for i := len(got) - 1; i >= 0; i-- {
		p := Period(got[i])
		y := Period(p.YearField())
		for _, q := range []Period{y, p} {
			if !seen[q] && q != "" {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	return out, nil
}

// BudgetPeriods and StatisticPeriods are the periods the lists filter by.
func (s *Store) BudgetPeriods(ctx context.Context, siteID int64, lang string) ([]Period, error) {
	return s.periods(ctx, "record_budgets", siteID, lang)
}

// StatisticPeriods: see BudgetPeriods.
func (s *Store) StatisticPeriods(ctx context.Context, siteID int64, lang string) ([]Period, error) {
	return s.periods(ctx, "record_statistics", siteID, lang)
}
