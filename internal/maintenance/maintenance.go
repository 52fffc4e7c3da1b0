// Package maintenance keeps the notices of planned suspensions of the
// portal (REQ-08: announced in public at least the rule's working days
// ahead, except force majeure, with the expected restoration time) and
// the administrators' read-only switch, which every node reads from the
// database.
//
// The notice period is a dated rule (rules.KindMaintenance, key
// maintenance.notice, in working days) counted on the working-day
// calendar with each year's holiday decision (rules.Store.Calendar): the
// days of notice are the working days after the day the notice is made
// and before the day the suspension starts, both excluded — whole days
// on which the public could read the notice.
package maintenance

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// RuleKey is the rule of the notice period, in working days.
const RuleKey = "maintenance.notice"

// State is where a notice stands at a moment.
type State string

// The states of a notice. The API reports planned and current ones.
const (
	Planned   State = "planned"
	Current   State = "current"
	Ended     State = "ended"
	Cancelled State = "cancelled"
)

// Label is the state's name for people.
func (s State) Label(lang string) string {
	m := map[State]apperr.Msg{
		Planned:   {VI: "Sắp diễn ra", EN: "Planned"},
		Current:   {VI: "Đang diễn ra", EN: "In progress"},
		Ended:     {VI: "Đã kết thúc", EN: "Ended"},
		Cancelled: {VI: "Đã hủy", EN: "Cancelled"},
	}
	return m[s].In(lang)
}

// Notice is one planned (or force-majeure) suspension.
type Notice struct {
	ID           int64
	Start, End   time.Time // the suspension, and its expected restoration
	ShownFrom    time.Time // the public banner starts
	Services     string    // the services affected, as people read them
	Reason       string
	ForceMajeure bool
	ForceReason  string
	NoticeDays   int    // working days of notice given
	RequiredDays int    // working days the rule asked for
	RuleCode     string // the rule set applied
	ItemID       int64  // the announcement on the main portal, 0 until published
	Cancelled    *time.Time
	CancelReason string
	EndedEarly   bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// StateAt is the notice's state at t.
func (n *Notice) StateAt(t time.Time) State {
	switch {
	case n.Cancelled != nil:
		return Cancelled
	case !t.Before(n.End):
		return Ended
	case !t.Before(n.Start):
		return Current
	}
	return Planned
}

// ShownAt reports whether the public banner shows the notice at t: from
// the start of its notice period to its end, unless cancelled.
func (n *Notice) ShownAt(t time.Time) bool {
	s := n.StateAt(t)
	return (s == Current || s == Planned) && !t.Before(n.ShownFrom)
}

// Input is what an administrator types to schedule a notice.
type Input struct {
	Start, End   time.Time
	Services     string
	Reason       string
	ForceMajeure bool
	ForceReason  string
}

// Store reads and writes notices and the read-only switch.
type Store struct {
	db    *store.DB
	rules *rules.Store
	now   func() time.Time
}

// NewStore returns the maintenance store on db, whose notice rule and
// calendar come from rs.
func NewStore(db *store.DB, rs *rules.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, rules: rs, now: now}
}

// Check is the notice rule applied to a suspension starting at start,
// announced at now.
type Check struct {
	Given    int       // working days of notice the start leaves
	Required int       // working days the rule asks for
	RuleCode string    // the rule set in force
	Source   string    // its legal basis
	Earliest time.Time // the first moment a suspension may start without force majeure
}

// Enough reports whether the notice given meets the rule.
func (c Check) Enough() bool { return c.Given >= c.Required }

// NoticeCheck applies the rule in force today to a suspension starting
// at start: the working days from the day after today to the day before
// start's day (in Vietnam's time), and the earliest allowed start.
func (s *Store) NoticeCheck(ctx context.Context, start time.Time) (Check, error) {
	now := s.now()
	set, err := s.rules.InForce(ctx, rules.KindMaintenance, vn.Day(now))
	if err != nil {
		return Check{}, err
	}
	r := set.Rule(RuleKey)
	if r == nil {
		return Check{}, fmt.Errorf("maintenance: rule set %s has no %s", set.Code, RuleKey)
	}
	need, err := r.Int()
	if err != nil || need < 0 {
		return Check{}, fmt.Errorf("maintenance: rule %s of %s is not a whole number: %q", RuleKey, set.Code, r.Value)
	}
	if r.Unit != rules.WorkingDays {
		return Check{}, fmt.Errorf("maintenance: rule %s of %s counts %s, not working days", RuleKey, set.Code, r.Unit)
	}
	cal, err := s.rules.Calendar(ctx)
	if err != nil {
		return Check{}, err
	}
	return check(cal, now, start, need, set), nil
}

func check(cal *vn.Calendar, now, start time.Time, need int, set *rules.Set) Check {
	today := dayOf(now)
	c := Check{Required: need, RuleCode: set.Code, Source: set.Source}
	// Working days d with today < d < start's day.
	c.Given = max(0, cal.WorkingDaysBetween(today, dayOf(start).AddDate(0, 0, -1)))
	// The need-th working day after today ends the period; the suspension
	// may start on the next day.
	c.Earliest = cal.AddWorkingDays(today, need).AddDate(0, 0, 1)
	return c
}

// dayOf is the midnight, in Vietnam's time, that begins t's day there.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(vn.ICT).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, vn.ICT)
}

// shownFrom is when the banner starts: the beginning of the day before
// the need-th working day before the start — the last day the notice
// could have been made — and never before the notice is made.
func shownFrom(cal *vn.Calendar, now, start time.Time, need int) time.Time {
	d := dayOf(start)
	for n := 0; n < need; {
		d = d.AddDate(0, 0, -1)
		if cal.IsWorkingDay(d) {
			n++
		}
	}
	from := d.AddDate(0, 0, -1)
	if from.Before(now) {
		return now
	}
	return from
}

// Field limits.
const (
	maxText = 2000
	// forceLeeway is how far in the past a force-majeure suspension may
	// start: an incident already under way is announced as it happens.
	forceLeeway = 24 * time.Hour
)

func (in *Input) clean() *apperr.Error {
	in.Services, in.Reason, in.ForceReason = vn.Clean(in.Services), vn.Clean(in.Reason), vn.Clean(in.ForceReason)
	e := &apperr.Error{Kind: apperr.Invalid, Fields: map[string]apperr.Msg{}}
	if in.Start.IsZero() {
		e.Fields["start"] = apperr.Msg{VI: "Cần ghi thời điểm bắt đầu tạm ngừng.", EN: "Give the time the suspension starts."}
	}
	if in.End.IsZero() {
		e.Fields["end"] = apperr.Msg{VI: "Cần ghi thời điểm dự kiến khôi phục.", EN: "Give the expected restoration time."}
	} else if !in.Start.IsZero() && !in.End.After(in.Start) {
		e.Fields["end"] = apperr.Msg{VI: "Thời điểm khôi phục phải sau thời điểm bắt đầu.", EN: "The restoration time must come after the start."}
	}
	if in.Services == "" {
		e.Fields["services"] = apperr.Msg{VI: "Cần ghi các thông tin, dịch vụ bị tạm ngừng.", EN: "Name the information and services suspended."}
	}
	if in.Reason == "" {
		e.Fields["reason"] = apperr.Msg{VI: "Cần ghi lý do tạm ngừng.", EN: "Give the reason for the suspension."}
	}
	if in.ForceMajeure && in.ForceReason == "" {
		e.Fields["force_reason"] = apperr.Msg{VI: "Trường hợp bất khả kháng cần ghi rõ lý do.", EN: "Force majeure needs its reason."}
	}
	for f, v := range map[string]string{"services": in.Services, "reason": in.Reason, "force_reason": in.ForceReason} {
		if len(v) > maxText {
			e.Fields[f] = apperr.Msg{VI: fmt.Sprintf("Quá dài (tối đa %d ký tự).", maxText), EN: fmt.Sprintf("Too long (%d characters at most).", maxText)}
		}
	}
	if len(e.Fields) == 0 {
		return nil
	}
	e.Msg = apperr.Msg{VI: "Thông báo tạm ngừng chưa đủ thông tin.", EN: "The notice is incomplete."}
	return e
}

// Schedule records a notice after checking the notice rule: a start
// fewer working days ahead than the rule asks is refused unless force
// majeure is chosen with its reason. Audited as maintenance.schedule.
func (s *Store) Schedule(ctx context.Context, in Input, by audit.Actor) (*Notice, error) {
	if e := in.clean(); e != nil {
		return nil, e
	}
	now := s.now()
	if !in.ForceMajeure && !in.Start.After(now) {
		return nil, apperr.Field("start", "Thời điểm bắt đầu đã qua. Sự cố đang diễn ra thì chọn bất khả kháng và ghi lý do.",
			"The start is in the past. For an incident under way, choose force majeure and give its reason.")
	}
	if in.ForceMajeure && in.Start.Before(now.Add(-forceLeeway)) {
		return nil, apperr.Field("start", "Thời điểm bắt đầu đã qua quá một ngày.", "The start is more than a day in the past.")
	}
	c, err := s.NoticeCheck(ctx, in.Start)
	if err != nil {
		return nil, err
	}
	if !c.Enough() && !in.ForceMajeure {
		return nil, apperr.Field("start",
			fmt.Sprintf("Phải thông báo trước ít nhất %d ngày làm việc (%s); thời điểm này chỉ còn %d ngày làm việc. Có thể bắt đầu sớm nhất từ %s, hoặc chọn bất khả kháng và ghi rõ lý do.",
				c.Required, c.Source, c.Given, vn.DateShort(c.Earliest)),
			fmt.Sprintf("A planned suspension must be announced at least %d working days ahead (%s); this start leaves %d. The earliest start is %s; otherwise choose force majeure and give its reason.",
				c.Required, c.Source, c.Given, vn.DateWordsEN(c.Earliest)))
	}
	cal, err := s.rules.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	n := &Notice{Start: in.Start.UTC(), End: in.End.UTC(), Services: in.Services, Reason: in.Reason,
		ForceMajeure: in.ForceMajeure, NoticeDays: c.Given, RequiredDays: c.Required, RuleCode: c.RuleCode,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	if in.ForceMajeure {
		n.ForceReason = in.ForceReason
	}
	n.ShownFrom = shownFrom(cal, now, in.Start, c.Required).UTC()
	if n.ShownFrom.After(n.Start) {
		n.ShownFrom = n.Start
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO maintenance_notices (starts_at, ends_at, shown_from, services, reason,
			force_majeure, force_reason, notice_days, required_days, rule_code, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			n.Start, n.End, n.ShownFrom, n.Services, n.Reason, n.ForceMajeure, n.ForceReason, n.NoticeDays, n.RequiredDays,
			n.RuleCode, nullID(by.ID), n.CreatedAt, n.UpdatedAt).Scan(&n.ID); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s → %s; %d/%d ngày làm việc", n.Start.In(vn.ICT).Format("2006-01-02 15:04"),
			n.End.In(vn.ICT).Format("2006-01-02 15:04"), n.NoticeDays, n.RequiredDays)
		if n.ForceMajeure {
			detail += "; bất khả kháng: " + n.ForceReason
		}
		return audit.Record(ctx, tx, by.Entry("maintenance.schedule", 0, fmt.Sprint(n.ID), detail))
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

var errNoNotice = apperr.New(apperr.NotFound, "Không có thông báo tạm ngừng này.", "No such maintenance notice.")

// Cancel withdraws a notice that has not ended: the banner goes, the
// announcement says it is cancelled. Audited as maintenance.cancel.
func (s *Store) Cancel(ctx context.Context, id int64, reason string, by audit.Actor) (*Notice, error) {
	reason = vn.Clean(reason)
	if reason == "" {
		return nil, apperr.Field("cancel_reason", "Cần ghi lý do hủy thông báo.", "Give the reason for cancelling.")
	}
	if len(reason) > maxText {
		return nil, apperr.Field("cancel_reason", "Lý do quá dài.", "The reason is too long.")
	}
	action := "maintenance.cancel"
	return s.change(ctx, id, by, action, reason, func(n *Notice, now time.Time) error {
		if st := n.StateAt(now); st == Ended || st == Cancelled {
			return apperr.New(apperr.Conflict, "Thông báo này đã kết thúc hoặc đã hủy.", "This notice has already ended or been cancelled.")
		}
		n.Cancelled, n.CancelReason = &now, reason
		return nil
	})
}

// Finish ends a current suspension now: the services are back before
// the expected time. Audited as maintenance.finish.
func (s *Store) Finish(ctx context.Context, id int64, by audit.Actor) (*Notice, error) {
	action := "maintenance.finish"
	return s.change(ctx, id, by, action, "", func(n *Notice, now time.Time) error {
		if n.StateAt(now) != Current {
			return apperr.New(apperr.Conflict, "Chỉ kết thúc được đợt tạm ngừng đang diễn ra.", "Only a suspension in progress can be ended.")
		}
		n.End, n.EndedEarly = now, true
		return nil
	})
}

func (s *Store) change(ctx context.Context, id int64, by audit.Actor, action, detail string, fn func(*Notice, time.Time) error) (*Notice, error) {
	now := s.now().UTC()
	var n *Notice
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if n, err = scanNotice(tx.QueryRow(ctx, `SELECT `+noticeColumns+` FROM maintenance_notices WHERE id = ?`, id)); err != nil {
			return store.NotFound(err, errNoNotice)
		}
		if err := fn(n, now); err != nil {
			return err
		}
		n.UpdatedAt = now
		if _, err := tx.Exec(ctx, `UPDATE maintenance_notices SET ends_at = ?, ended_early = ?, cancelled_at = ?, cancel_reason = ?, updated_at = ?
			WHERE id = ?`, n.End, n.EndedEarly, n.Cancelled, n.CancelReason, now, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry(action, 0, fmt.Sprint(id), detail))
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}

// SetItem records the announcement published for a notice.
func (s *Store) SetItem(ctx context.Context, id, itemID int64) error {
	_, err := s.db.Exec(ctx, `UPDATE maintenance_notices SET item_id = ? WHERE id = ?`, itemID, id)
	return err
}

const noticeColumns = `id, starts_at, ends_at, shown_from, services, reason, force_majeure, force_reason, notice_days,
	required_days, rule_code, item_id, cancelled_at, cancel_reason, ended_early, created_at, updated_at`

func scanNotice(row interface{ Scan(...any) error }) (*Notice, error) {
	var n Notice
	var item sql.NullInt64
	var cancelled sql.NullTime
	if err := row.Scan(&n.ID, &n.Start, &n.End, &n.ShownFrom, &n.Services, &n.Reason, &n.ForceMajeure, &n.ForceReason,
		&n.NoticeDays, &n.RequiredDays, &n.RuleCode, &item, &cancelled, &n.CancelReason, &n.EndedEarly, &n.CreatedAt, &n.UpdatedAt); err != nil {
		return nil, err
	}
	n.ItemID = item.Int64
	if cancelled.Valid {
		t := cancelled.Time
		n.Cancelled = &t
	}
	return &n, nil
}

// Get returns one notice.
func (s *Store) Get(ctx context.Context, id int64) (*Notice, error) {
	n, err := scanNotice(s.db.QueryRow(ctx, `SELECT `+noticeColumns+` FROM maintenance_notices WHERE id = ?`, id))
	if err != nil {
		return nil, store.NotFound(err, errNoNotice)
	}
	return n, nil
}

// List returns the notices that end after since (all when since is
// zero), cancelled ones included, the soonest start first.
func (s *Store) List(ctx context.Context, since time.Time) ([]*Notice, error) {
	rows, err := s.db.Query(ctx, `SELECT `+noticeColumns+` FROM maintenance_notices WHERE ends_at > ?
		ORDER BY starts_at, id`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Notice
	for rows.Next() {
		n, err := scanNotice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Mode is the administrators' read-only switch.
type Mode struct {
	ReadOnly  bool
	Reason    string
	ChangedBy string
	ChangedAt *time.Time
}

// Mode reads the switch.
func (s *Store) Mode(ctx context.Context) (Mode, error) {
	var m Mode
	var at sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT read_only, reason, changed_by, changed_at FROM maintenance_mode WHERE id = 1`).
		Scan(&m.ReadOnly, &m.Reason, &m.ChangedBy, &at)
	if err == sql.ErrNoRows {
		return Mode{}, nil
	}
	if at.Valid {
		t := at.Time
		m.ChangedAt = &t
	}
	return m, err
}

// SetReadOnly turns the switch on (with the reason the refusal page
// shows) or off. Audited as maintenance.readonly.
func (s *Store) SetReadOnly(ctx context.Context, on bool, reason string, by audit.Actor) error {
	reason = vn.Clean(reason)
	if len(reason) > maxText {
		return apperr.Field("ro_reason", "Lý do quá dài.", "The reason is too long.")
	}
	if !on {
		reason = ""
	}
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE maintenance_mode SET read_only = ?, reason = ?, changed_by = ?, changed_at = ? WHERE id = 1`,
			on, reason, by.Name, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO maintenance_mode (id, read_only, reason, changed_by, changed_at) VALUES (1, ?, ?, ?, ?)`,
				on, reason, by.Name, now); err != nil {
				return err
			}
		}
		detail := "off"
		if on {
			detail = strings.TrimSpace("on " + reason)
		}
		return audit.Record(ctx, tx, by.Entry("maintenance.readonly", 0, "", detail))
	})
}

// Status is what the public sees at a moment: the switch and the notices
// that have not ended (planned and current), the soonest first.
type Status struct {
	At       time.Time
	ReadOnly bool
	Reason   string
	Notices  []*Notice
	// Next is the next moment something shown changes by time alone (a
	// banner starts, a suspension starts or ends); zero if none.
	Next time.Time
}

// Load reads the status at the store's now.
func (s *Store) Load(ctx context.Context) (*Status, error) {
	now := s.now()
	m, err := s.Mode(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.List(ctx, now)
	if err != nil {
		return nil, err
	}
	st := &Status{At: now, ReadOnly: m.ReadOnly, Reason: m.Reason}
	for _, n := range all {
		if n.Cancelled != nil {
			continue
		}
		st.Notices = append(st.Notices, n)
		for _, t := range []time.Time{n.ShownFrom, n.Start, n.End} {
			if t.After(now) && (st.Next.IsZero() || t.Before(st.Next)) {
				st.Next = t
			}
		}
	}
	return st, nil
}

// Banner is the notices the public banner shows at t.
func (st *Status) Banner(t time.Time) []*Notice {
	var out []*Notice
	for _, n := range st.Notices {
		if n.ShownAt(t) {
			out = append(out, n)
		}
	}
	return out
}

// Current is the suspension in progress at t with the latest expected
// end, or nil.
func (st *Status) Current(t time.Time) *Notice {
	var cur *Notice
	for _, n := range st.Notices {
		if n.StateAt(t) == Current && (cur == nil || n.End.After(cur.End)) {
			cur = n
		}
	}
	return cur
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
