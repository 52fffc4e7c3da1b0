package royalty

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// The states of a proposal.
const (
	Proposed = "proposed"
	Approved = "approved"
	Returned = "returned"
)

// Author is who a line pays: an account (UserID) or an outside author
// with a name, tax code and bank details. Those details are personal
// data: only the accountant and the author read them.
type Author struct {
	UserID      int64 // 0 for an outside author
	Name        string
	TaxCode     string
	BankAccount string
	BankName    string
}

// Credit is an author's share of a work, in basis points (10000 = 100 %).
type Credit struct {
	Author
	ShareBP int64
}

// ProposedWork is one work of a proposal — the article, or a photo
// credited separately — with its authors, whose shares make 100 %.
type ProposedWork struct {
	Work
	Credits []Credit
}

// Proposal is the royalty proposed for one published item.
type Proposal struct {
	ID, SiteID, ItemID int64
	State              string
	PublishedAt        time.Time // the item's first publication
	PubDay             string    // that day in Viet Nam, YYYY-MM-DD
	ScheduleCode       string    // the schedule in force on PubDay
	BaseSalary         int64     // the base salary in force on PubDay
	DueDay             string    // payment due, "" when the schedule sets none
	Note, Reason       string
	ProposedByName     string
	ProposedAt         time.Time
	DecidedByName      string
	DecidedAt          time.Time
	Works              []*ProposedWork // as proposed (input of Propose)
	Lines              []*Line         // as stored
}

// Line is one author's share of one work.
type Line struct {
	ID, ProposalID, SiteID int64
	WorkNo                 int
	Author
	Work
	ShareBP int64
	Amount  int64 // whole đồng; 0 until approved
	PaidAt  time.Time
	PaidBy  string
	// Notices is how many notices were sent to the author of an unpaid
	// line; UnclaimedAt is set when, after enough of them, the line was
	// closed as unclaimed (unclaimed.go).
	Notices     int
	UnclaimedAt time.Time
	UnclaimedBy string
	// From the proposal:
	ItemID         int64
	State          string
	PubDay, DueDay string
}

// Paid reports whether the line was paid.
func (l *Line) Paid() bool { return !l.PaidAt.IsZero() }

// Unclaimed reports whether the line was closed as unclaimed.
func (l *Line) Unclaimed() bool { return !l.UnclaimedAt.IsZero() }

// FundYear is the year whose royalty fund an unclaimed line's amount
// went to: the one after the year it was closed, in Viet Nam.
func (l *Line) FundYear() int { return l.UnclaimedAt.In(vn.ICT).Year() + 1 }

// Payable reports whether the line is still to be paid.
func (l *Line) Payable() bool { return !l.Paid() && !l.Unclaimed() }

// Store keeps proposals and their lines.
type Store struct {
	db    *store.DB
	rules *rules.Store
	now   func() time.Time
}

// NewStore returns a royalty store on db, reading schedules from rs.
func NewStore(db *store.DB, rs *rules.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, rules: rs, now: now}
}

// ScheduleOn returns the schedule and the base salary in force on day
// (YYYY-MM-DD): the day a work was first published. Two sets of a kind
// in force on that day are refused (Overlaps), not picked between.
func (s *Store) ScheduleOn(ctx context.Context, day string) (*Schedule, int64, error) {
	when := day
	if t, err := time.Parse(rules.DateLayout, day); err == nil {
		when = vn.DateShort(t)
	}
	if err := s.overlapOn(ctx, day); err != nil {
		return nil, 0, err
	}
	set, err := s.rules.InForce(ctx, rules.KindRoyalties, day)
	if err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return nil, 0, apperr.New(apperr.Invalid, "Không có khung nhuận bút áp dụng cho tác phẩm đăng ngày "+when+".",
				"No royalty schedule applies to a work published on "+day+".")
		}
		return nil, 0, err
	}
	sch, err := FromSet(set)
	if err != nil {
		return nil, 0, err
	}
	bs, err := s.rules.InForce(ctx, rules.KindBaseSalary, day)
	if err != nil {
		if apperr.KindOf(err) == apperr.NotFound {
			return nil, 0, apperr.New(apperr.Invalid, "Không có mức lương cơ sở áp dụng cho ngày "+when+".", "No base salary applies on "+day+".")
		}
		return nil, 0, err
	}
	r := bs.Rule("base_salary")
	if r == nil {
		return nil, 0, apperr.New(apperr.Invalid, "Bộ quy định "+bs.Code+" không ghi mức lương cơ sở (base_salary).", "Set "+bs.Code+" has no base_salary.")
	}
	salary, err := strconv.ParseInt(strings.TrimSpace(r.Value), 10, 64)
	if err != nil || salary <= 0 {
		return nil, 0, apperr.New(apperr.Invalid, "Mức lương cơ sở của bộ quy định "+bs.Code+" không hợp lệ.", "Invalid base salary in set "+bs.Code+".")
	}
	return sch, salary, nil
}

// dueDay is day + the schedule's payment days, "" when it sets none.
func dueDay(sch *Schedule, day string) string {
	if sch.DueDays <= 0 {
		return ""
	}
	t, err := time.Parse(rules.DateLayout, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, sch.DueDays).Format(rules.DateLayout)
}

var (
	errNotFound    = apperr.New(apperr.NotFound, "Không tìm thấy đề nghị nhuận bút.", "Royalty proposal not found.")
	errUnpublished = apperr.New(apperr.Invalid, "Tin bài chưa được đăng nên chưa thể đề nghị nhuận bút.", "The item is not published: no royalty can be proposed yet.")
)

func formatAddOns(list []AddOnUse) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		parts = append(parts, a.Slug+"="+strconv.FormatInt(int64(a.Percent), 10))
	}
	return strings.Join(parts, ";")
}

func parseAddOns(s string) ([]AddOnUse, error) {
	if s == "" {
		return nil, nil
	}
	var out []AddOnUse
	for _, p := range strings.Split(s, ";") {
		slug, v, ok := strings.Cut(p, "=")
		n, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("royalty add-ons %q", s)
		}
		out = append(out, AddOnUse{Slug: slug, Percent: Milli(n)})
	}
	return out, nil
}

// cleanAuthor checks an author; outside authors need a name, and a tax
// code, when given, is 10 digits or 10 digits, "-" and 3 (a branch).
func cleanAuthor(a *Author) error {
	a.Name, a.TaxCode = vn.Clean(a.Name), strings.TrimSpace(a.TaxCode)
	a.BankAccount, a.BankName = strings.TrimSpace(a.BankAccount), vn.Clean(a.BankName)
	if a.UserID == 0 && a.Name == "" {
		return apperr.Field("author", "Hãy chọn tác giả có tài khoản, hoặc ghi họ tên tác giả ngoài cơ quan.", "Choose an author with an account, or give an outside author's name.")
	}
	if a.TaxCode != "" {
		base, branch, has := strings.Cut(a.TaxCode, "-")
		digits := func(s string, n int) bool {
			if len(s) != n {
				return false
			}
			for _, c := range s {
				if c < '0' || c > '9' {
					return false
				}
			}
			return true
		}
		if !digits(base, 10) || (has && !digits(branch, 3)) {
			return apperr.Field("tax_code", "Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, dấu “-” và 3 chữ số).", "A tax code is 10 digits (or 10 digits, '-' and 3).")
		}
	}
	return nil
}

// Propose records the royalty proposed for the published item p.ItemID:
// its works, each with its kind, coefficient, add-ons and authors whose
// shares make exactly 100 %. It checks them against the schedule in
// force on the item's first publication day. An item has at most one
// proposal that is proposed or approved; after a return a new one is
// made.
func (s *Store) Propose(ctx context.Context, p *Proposal, by audit.Actor) error {
	if len(p.Works) == 0 {
		return apperr.Field("works", "Hãy ghi ít nhất một tác phẩm và tác giả của nó.", "Give at least one work and its author.")
	}
	var siteID int64
	var first sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT site_id, first_published_at FROM items WHERE id = ?`, p.ItemID).Scan(&siteID, &first)
	if err != nil {
		return store.NotFound(err, apperr.New(apperr.NotFound, "Không tìm thấy tin bài.", "Item not found."))
	}
	if !first.Valid {
		return errUnpublished
	}
	p.SiteID, p.PublishedAt, p.PubDay = siteID, first.Time.UTC(), vn.Day(first.Time)
	sch, salary, err := s.ScheduleOn(ctx, p.PubDay)
	if err != nil {
		return err
	}
	for i, w := range p.Works {
		if err := sch.Check(w.Work); err != nil {
			return err
		}
		if len(w.Credits) == 0 {
			return apperr.Field("author", fmt.Sprintf("Tác phẩm thứ %d chưa có tác giả.", i+1), fmt.Sprintf("Work %d has no author.", i+1))
		}
		var sum int64
		for j := range w.Credits {
			c := &w.Credits[j]
			if err := cleanAuthor(&c.Author); err != nil {
				return err
			}
			if c.ShareBP <= 0 || c.ShareBP > fullShare {
				return apperr.Field("share", "Tỷ lệ hưởng của mỗi tác giả phải lớn hơn 0% và không quá 100%.", "Each author's share must be over 0% and at most 100%.")
			}
			sum += c.ShareBP
		}
		if sum != fullShare {
			return apperr.Field("share", fmt.Sprintf("Tổng tỷ lệ hưởng của các tác giả của tác phẩm thứ %d phải đúng 100%% (hiện là %s%%).", i+1, percentText(sum)),
				fmt.Sprintf("The authors' shares of work %d must make exactly 100%% (now %s%%).", i+1, percentText(sum)))
		}
	}
	p.State, p.ScheduleCode, p.BaseSalary, p.DueDay = Proposed, sch.Code, salary, dueDay(sch, p.PubDay)
	p.Note, p.Reason, p.ProposedByName, p.ProposedAt = vn.Clean(p.Note), "", by.Name, s.now().UTC()
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var open int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM royalty_proposals WHERE item_id = ? AND state IN ('proposed', 'approved')`,
			p.ItemID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return apperr.New(apperr.Conflict, "Tin bài đã có đề nghị nhuận bút đang chờ duyệt hoặc đã duyệt.", "The item already has a pending or approved royalty proposal.")
		}
		if err := tx.QueryRow(ctx, `INSERT INTO royalty_proposals (site_id, item_id, state, published_at, pub_day, schedule_code,
			base_salary, due_day, note, proposed_by, proposed_by_name, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.SiteID, p.ItemID, p.State, p.PublishedAt, p.PubDay, p.ScheduleCode, p.BaseSalary, p.DueDay, p.Note, nullID(by.ID),
			by.Name, p.ProposedAt).Scan(&p.ID); err != nil {
			return err
		}
		for i, w := range p.Works {
			for _, c := range w.Credits {
				name := c.Name
				if c.UserID != 0 && name == "" {
					if err := tx.QueryRow(ctx, `SELECT full_name FROM users WHERE id = ?`, c.UserID).Scan(&name); err != nil {
						return store.NotFound(err, apperr.Field("author", "Không tìm thấy tài khoản tác giả.", "Author account not found."))
					}
				}
				if _, err := tx.Exec(ctx, `INSERT INTO royalty_lines (proposal_id, site_id, work_no, user_id, author_name, tax_code,
					bank_account, bank_name, kind, coefficient, addons, share_bp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					p.ID, p.SiteID, i+1, nullID(c.UserID), name, c.TaxCode, c.BankAccount, c.BankName, w.Kind,
					int64(w.Coefficient), formatAddOns(w.AddOns), c.ShareBP); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, by.Entry("royalty.propose", p.SiteID, "item:"+strconv.FormatInt(p.ItemID, 10),
			fmt.Sprintf("đề nghị %d; %d tác phẩm; khung %s; ngày đăng %s", p.ID, len(p.Works), p.ScheduleCode, p.PubDay)))
	})
	if err != nil {
		if _, ok := apperr.As(err); ok {
			return err
		}
		return fmt.Errorf("propose royalty: %w", err)
	}
	return nil
}

func percentText(bp int64) string {
	s := strconv.FormatInt(bp/100, 10)
	if f := bp % 100; f != 0 {
		s += "," + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	return s
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

const proposalColumns = `id, site_id, item_id, state, published_at, pub_day, schedule_code, base_salary, due_day, note, reason,
	proposed_by_name, proposed_at, decided_by_name, decided_at`

func scanProposal(row interface{ Scan(...any) error }) (*Proposal, error) {
	var p Proposal
	var decided sql.NullTime
	if err := row.Scan(&p.ID, &p.SiteID, &p.ItemID, &p.State, &p.PublishedAt, &p.PubDay, &p.ScheduleCode, &p.BaseSalary,
		&p.DueDay, &p.Note, &p.Reason, &p.ProposedByName, &p.ProposedAt, &p.DecidedByName, &decided); err != nil {
		return nil, err
	}
	if decided.Valid {
		p.DecidedAt = decided.Time
	}
	return &p, nil
}

// ByID returns a proposal with its lines.
func (s *Store) ByID(ctx context.Context, id int64) (*Proposal, error) {
	return s.byID(ctx, s.db, id)
}

func (s *Store) byID(ctx context.Context, q store.Querier, id int64) (*Proposal, error) {
	p, err := scanProposal(q.QueryRow(ctx, `SELECT `+proposalColumns+` FROM royalty_proposals WHERE id = ?`, id))
	if err != nil {
		return nil, store.NotFound(err, errNotFound)
	}
	p.Lines, err = s.lines(ctx, q, `l.proposal_id = ? ORDER BY l.work_no, l.id`, id)
	return p, err
}

// ForItem returns the item's proposals, newest first.
func (s *Store) ForItem(ctx context.Context, itemID int64) ([]*Proposal, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM royalty_proposals WHERE item_id = ? ORDER BY id DESC`, itemID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []*Proposal
	for _, id := range ids {
		p, err := s.ByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

const lineColumns = `l.id, l.proposal_id, l.site_id, l.work_no, l.user_id, l.author_name, l.tax_code, l.bank_account, l.bank_name,
	l.kind, l.coefficient, l.addons, l.share_bp, l.amount, l.paid_at, l.paid_by_name, l.unclaimed_at, l.unclaimed_by_name,
	(SELECT COUNT(*) FROM royalty_notices n WHERE n.line_id = l.id), p.item_id, p.state, p.pub_day, p.due_day`

func (s *Store) lines(ctx context.Context, q store.Querier, where string, args ...any) ([]*Line, error) {
	rows, err := q.Query(ctx, `SELECT `+lineColumns+` FROM royalty_lines l JOIN royalty_proposals p ON p.id = l.proposal_id WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("royalty lines: %w", err)
	}
	defer rows.Close()
	var out []*Line
	for rows.Next() {
		var l Line
		var user, amount sql.NullInt64
		var paid, unclaimed sql.NullTime
		var coef int64
		var addons string
		if err := rows.Scan(&l.ID, &l.ProposalID, &l.SiteID, &l.WorkNo, &user, &l.Name, &l.TaxCode, &l.BankAccount, &l.BankName,
			&l.Kind, &coef, &addons, &l.ShareBP, &amount, &paid, &l.PaidBy, &unclaimed, &l.UnclaimedBy, &l.Notices,
			&l.ItemID, &l.State, &l.PubDay, &l.DueDay); err != nil {
			return nil, err
		}
		l.UserID, l.Amount, l.Coefficient = user.Int64, amount.Int64, Milli(coef)
		if paid.Valid {
			l.PaidAt = paid.Time
		}
		if unclaimed.Valid {
			l.UnclaimedAt = unclaimed.Time
		}
		if l.AddOns, err = parseAddOns(addons); err != nil {
			return nil, err
		}
		out = append(out, &l)
	}
	return out, rows.Err()
}

// decide moves a proposed proposal to state, by an approver.
func (s *Store) decide(ctx context.Context, tx *store.Tx, id int64, state, reason string, by audit.Actor) (*Proposal, error) {
	p, err := s.byID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if p.State != Proposed {
		return nil, apperr.New(apperr.Conflict, "Đề nghị nhuận bút này đã được duyệt hoặc trả lại.", "This royalty proposal was already approved or returned.")
	}
	res, err := tx.Exec(ctx, `UPDATE royalty_proposals SET state = ?, reason = ?, decided_by = ?, decided_by_name = ?, decided_at = ?
		WHERE id = ? AND state = 'proposed'`, state, reason, nullID(by.ID), by.Name, s.now().UTC(), id)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, apperr.New(apperr.Conflict, "Đề nghị nhuận bút này vừa được người khác xử lý.", "Someone else just decided this royalty proposal.")
	}
	p.State, p.Reason, p.DecidedByName = state, reason, by.Name
	return p, nil
}

// Approve approves a proposal: each line's amount is computed with the
// schedule and base salary in force on the item's publication day — read
// again now, so that a schedule corrected since the proposal applies —
// and stored. The total is audited.
func (s *Store) Approve(ctx context.Context, id int64, by audit.Actor) error {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := s.decide(ctx, tx, id, Approved, "", by)
		if err != nil {
			return err
		}
		sch, salary, err := s.ScheduleOn(ctx, p.PubDay)
		if err != nil {
			return err
		}
		var total int64
		for _, l := range p.Lines {
			a, err := Amount(sch, salary, l.Work, l.ShareBP)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE royalty_lines SET amount = ? WHERE id = ?`, a, l.ID); err != nil {
				return err
			}
			total += a
		}
		if _, err := tx.Exec(ctx, `UPDATE royalty_proposals SET schedule_code = ?, base_salary = ?, due_day = ? WHERE id = ?`,
			sch.Code, salary, dueDay(sch, p.PubDay), p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("royalty.approve", p.SiteID, "item:"+strconv.FormatInt(p.ItemID, 10),
			fmt.Sprintf("đề nghị %d; %d dòng; tổng %d đồng; khung %s", p.ID, len(p.Lines), total, sch.Code)))
	})
	return apperr.Wrap(err, "approve royalty")
}

// Return sends a proposal back to the editor with a reason.
func (s *Store) Return(ctx context.Context, id int64, reason string, by audit.Actor) error {
	reason = vn.Clean(reason)
	if reason == "" {
		return apperr.Field("reason", "Hãy ghi lý do trả lại đề nghị nhuận bút.", "Give the reason for returning the proposal.")
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := s.decide(ctx, tx, id, Returned, reason, by)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("royalty.return", p.SiteID, "item:"+strconv.FormatInt(p.ItemID, 10),
			fmt.Sprintf("đề nghị %d; lý do: %s", p.ID, reason)))
	})
	return apperr.Wrap(err, "return royalty")
}

// periodDays are the first day of p and the day after its last, as
// pub_day is written.
func periodDays(p report.Period) (string, string) { return vn.Day(p.From), vn.Day(p.To) }

// AuthorTotal is one author's lines of a list, with their total (the
// lines closed as unclaimed left out: their amount went to a fund).
type AuthorTotal struct {
	Author
	Lines      []*Line
	Total      int64
	TotalWords string
}

// PaymentList is a site's approved royalties of a period: the lines of
// the items first published in it, by author.
type PaymentList struct {
	SiteID     int64
	Period     report.Period
	Authors    []*AuthorTotal
	Total      int64 // of the lines not closed as unclaimed
	TotalWords string
	Unpaid     int // lines still to be paid
	// Lines closed as unclaimed, and their amount (gone to the fund of
	// the year after each was closed).
	Unclaimed      int
	UnclaimedTotal int64
}

// authorKey tells authors apart: the account, else the tax code, else the
// name as written.
func authorKey(a Author) string {
	switch {
	case a.UserID != 0:
		return "u" + strconv.FormatInt(a.UserID, 10)
	case a.TaxCode != "":
		return "t" + a.TaxCode
	}
	return "n" + vn.Fold(a.Name)
}

// PaymentList returns the site's list for period: every line of an
// approved proposal whose item was first published in the period, paid or
// not, by author (Vietnamese order of names), with totals in figures and
// words.
func (s *Store) PaymentList(ctx context.Context, siteID int64, period report.Period) (*PaymentList, error) {
	from, to := periodDays(period)
	lines, err := s.lines(ctx, s.db, `l.site_id = ? AND p.state = 'approved' AND p.pub_day >= ? AND p.pub_day < ?
		ORDER BY p.pub_day, p.id, l.work_no, l.id`, siteID, from, to)
	if err != nil {
		return nil, err
	}
	pl := &PaymentList{SiteID: siteID, Period: period}
	byKey := map[string]*AuthorTotal{}
	for _, l := range lines {
		k := authorKey(l.Author)
		at := byKey[k]
		if at == nil {
			at = &AuthorTotal{Author: l.Author}
			byKey[k] = at
			pl.Authors = append(pl.Authors, at)
		}
		at.Lines = append(at.Lines, l)
		if l.Unclaimed() {
			pl.Unclaimed++
			pl.UnclaimedTotal += l.Amount
			continue
		}
		at.Total += l.Amount
		pl.Total += l.Amount
		if !l.Paid() {
			pl.Unpaid++
		}
	}
	sort.SliceStable(pl.Authors, func(i, j int) bool { return vn.Less(pl.Authors[i].Name, pl.Authors[j].Name) })
	for _, at := range pl.Authors {
		at.TotalWords = vn.MoneyWords(at.Total)
	}
	pl.TotalWords = vn.MoneyWords(pl.Total)
	return pl, nil
}

// Statement is one author's approved royalties of a period, on every
// site.
type Statement struct {
	Author     Author
	Period     report.Period
	Lines      []*Line
	Total      int64 // of the lines not closed as unclaimed
	TotalWords string
	Paid       int64 // of Total, already paid
	Unclaimed  int64 // closed as unclaimed, not in Total
}

// Statement returns the author's statement for period: the lines of
// approved proposals of items first published in it, on every site. An
// account is found by its id; an outside author by tax code, else by name.
func (s *Store) Statement(ctx context.Context, a Author, period report.Period) (*Statement, error) {
	from, to := periodDays(period)
	where, arg := `l.user_id = ?`, any(a.UserID)
	switch {
	case a.UserID != 0:
	case strings.TrimSpace(a.TaxCode) != "":
		where, arg = `l.user_id IS NULL AND l.tax_code = ?`, strings.TrimSpace(a.TaxCode)
	case vn.Clean(a.Name) != "":
		where, arg = `l.user_id IS NULL AND l.tax_code = '' AND l.author_name = ?`, vn.Clean(a.Name)
	default:
		return nil, apperr.Field("author", "Hãy chọn tác giả.", "Choose an author.")
	}
	lines, err := s.lines(ctx, s.db, where+` AND p.state = 'approved' AND p.pub_day >= ? AND p.pub_day < ?
		ORDER BY p.pub_day, p.id, l.work_no, l.id`, arg, from, to)
	if err != nil {
		return nil, err
	}
	st := &Statement{Author: a, Period: period, Lines: lines}
	for _, l := range lines {
		if l.Unclaimed() {
			st.Unclaimed += l.Amount
		} else {
			st.Total += l.Amount
		}
		if l.Paid() {
			st.Paid += l.Amount
		}
		if st.Author.Name == "" {
			st.Author.Name = l.Name
		}
	}
	st.TotalWords = vn.MoneyWords(st.Total)
	return st, nil
}

// MarkPaid marks paid every line of the site's list for period
// (PaymentList) still to be paid — neither paid nor closed as unclaimed —
// audited with the number of lines and their total, and returns them.
func (s *Store) MarkPaid(ctx context.Context, siteID int64, period report.Period, by audit.Actor) (int, int64, error) {
	from, to := periodDays(period)
	var n int
	var total int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var sum sql.NullInt64
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), SUM(l.amount) FROM royalty_lines l JOIN royalty_proposals p ON p.id = l.proposal_id
			WHERE l.site_id = ? AND p.state = 'approved' AND p.pub_day >= ? AND p.pub_day < ? AND l.paid_at IS NULL AND l.unclaimed_at IS NULL`,
			siteID, from, to).Scan(&n, &sum); err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.Invalid, "Danh sách chi trả kỳ "+period.Value+" không còn dòng nào chưa chi.", "The payment list of "+period.Value+" has no unpaid line.")
		}
		total = sum.Int64
		if _, err := tx.Exec(ctx, `UPDATE royalty_lines SET paid_at = ?, paid_by_name = ? WHERE paid_at IS NULL AND unclaimed_at IS NULL AND site_id = ?
			AND proposal_id IN (SELECT id FROM royalty_proposals WHERE site_id = ? AND state = 'approved' AND pub_day >= ? AND pub_day < ?)`,
			s.now().UTC(), by.Name, siteID, siteID, from, to); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("royalty.paid", siteID, "period:"+period.Value,
			fmt.Sprintf("%d dòng; %d đồng (%s)", n, total, vn.MoneyWords(total))))
	})
	if err != nil {
		return 0, 0, apperr.Wrap(err, "mark royalties paid")
	}
	return n, total, nil
}
