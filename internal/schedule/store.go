package schedule

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
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Store reads and writes the schedules of every site.
type Store struct {
	db  *store.DB
	now func() time.Time
}

// NewStore returns the store on db.
func NewStore(db *store.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now}
}

// Entry is one line of a week's schedule.
type Entry struct {
	ID, SiteID int64
	Week       string // the Monday of its week, YYYY-MM-DD
	Day        string // YYYY-MM-DD
	Start, End string // HH:MM; End "" when open
	// PersonID is the leader chosen from the site's directory (0: typed
	// in); Leader and Title are then copied from it when saved, so the
	// schedule keeps what it said even if the directory changes.
	PersonID      int64
	Leader, Title string
	Content       string // nội dung công tác
	Place         string // địa điểm
	Chair         string // chủ trì
	Participants  string // thành phần
	Unit          string // đơn vị chuẩn bị
	Note          string // ghi chú
	Recurring     bool   // repeated every week: copied into the next on request
	CopiedFrom    int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	UpdatedBy     string
	ChangedAt     *time.Time // the last change after the week's publication
	CancelledAt   *time.Time // taken off a published week (shown as cancelled)
	LastChange    *Change    // read with the week: the latest recorded change
}

// Starts is when the entry begins.
func (e *Entry) Starts() time.Time { return At(e.Day, e.Start) }

// Ends is when the entry ends; zero when it has no end time.
func (e *Entry) Ends() time.Time {
	if e.End == "" {
		return time.Time{}
	}
	return At(e.Day, e.End)
}

// Cancelled reports whether the entry was taken off a published week.
func (e *Entry) Cancelled() bool { return e.CancelledAt != nil }

// The kinds of change of a published week.
const (
	Added     = "added"     // bổ sung
	Changed   = "changed"   // điều chỉnh
	Cancelled = "cancelled" // hủy, hoãn
)

// Change is a change made to a published week.
type Change struct {
	ID, EntryID int64
	Week        string
	Kind        string
	Summary     string // what changed, in Vietnamese
	At          time.Time
	By          string
	Entry       *Entry // the entry, as it now is (read with the week)
}

// Week is a week of a site's schedule.
type Week struct {
	SiteID      int64
	Start       string // Monday, YYYY-MM-DD
	PublishedAt *time.Time
	PublishedBy string
	Entries     []*Entry  // by day and time; nil for a public reader of an unpublished week
	Changes     []*Change // after publication, oldest first
}

// Published reports whether the week is public.
func (w *Week) Published() bool { return w.PublishedAt != nil }

var (
	errNoEntry   = apperr.New(apperr.NotFound, "Không có mục này trong lịch công tác.", "No such entry in the schedule.")
	errPublished = apperr.New(apperr.Conflict, "Lịch công tác tuần này đã được công bố.", "This week's schedule is already published.")
	errEmpty     = apperr.New(apperr.Invalid, "Tuần này chưa có mục nào để công bố.", "This week has no entry to publish.")
	errCopyPub   = apperr.New(apperr.Invalid, "Lịch tuần này đã công bố: hãy thêm từng mục, mỗi mục sẽ hiện là điều chỉnh.",
		"This week is published: add each entry, which will show as a change.")
)

// Limits of the fields, in characters.
const (
	MaxLeader  = 200
	MaxTitle   = 200
	MaxContent = 2000
	MaxText    = 1000
	MaxPlace   = 500
)

type fields map[string]apperr.Msg

func (f fields) add(field, vi, en string) {
	if _, ok := f[field]; !ok {
		f[field] = apperr.Msg{VI: vi, EN: en}
	}
}

func (f fields) long(field, value string, n int) {
	if len([]rune(value)) > n {
		f.add(field, fmt.Sprintf("Quá dài: tối đa %d ký tự (đang có %d).", n, len([]rune(value))),
			fmt.Sprintf("Too long: at most %d characters (now %d).", n, len([]rune(value))))
	}
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Mục lịch công tác chưa hợp lệ, hãy sửa các ô được đánh dấu.",
		EN: "The entry is not valid: correct the marked fields."}, Fields: f}
}

// clean normalises e's text and checks every field; week is the week the
// entry must fall in ("" = any). Every problem is a message on its field.
func (e *Entry) clean(week string) error {
	for _, p := range []*string{&e.Leader, &e.Title, &e.Content, &e.Place, &e.Chair, &e.Participants, &e.Unit} {
		*p = vn.Clean(*p)
	}
	e.Note = vn.CleanMultiline(e.Note)
	f := fields{}
	day, ok := readDay(e.Day)
	switch {
	case strings.TrimSpace(e.Day) == "":
		f.add("day", "Hãy chọn ngày.", "Choose the day.")
	case !ok:
		f.add("day", "Ngày \""+strings.TrimSpace(e.Day)+"\" không có trên lịch. Hãy ghi theo dạng ngày/tháng/năm, ví dụ 07/12/2026.",
			"There is no such day. Write it as day/month/year, e.g. 07/12/2026.")
	case week != "" && WeekOfDay(day) != week:
		days := Days(week)
		f.add("day", "Ngày này không thuộc tuần đang lập lịch (từ "+DayShort(days[0])+" đến "+DayShort(days[6])+").",
			"This day is not in the week being scheduled ("+days[0]+" to "+days[6]+").")
	default:
		e.Day = day
	}
	start, okStart := readTime(e.Start)
	if !okStart {
		f.add("start", "Hãy ghi giờ bắt đầu theo dạng giờ:phút, ví dụ 08:00.", "Give the start time as hours:minutes, e.g. 08:00.")
	} else {
		e.Start = start
	}
	if strings.TrimSpace(e.End) != "" {
		end, ok := readTime(e.End)
		switch {
		case !ok:
			f.add("end", "Giờ kết thúc không đúng dạng giờ:phút, ví dụ 11:30; để trống nếu không rõ.", "The end time is not hours:minutes, e.g. 11:30; leave it empty if unknown.")
		case okStart && end <= start:
			f.add("end", "Giờ kết thúc ("+end+") phải sau giờ bắt đầu ("+start+").", "The end ("+end+") must come after the start ("+start+").")
		default:
			e.End = end
		}
	} else {
		e.End = ""
	}
	if e.PersonID == 0 && e.Leader == "" {
		f.add("leader", "Hãy chọn lãnh đạo trong danh bạ hoặc ghi họ tên lãnh đạo.", "Choose the leader from the directory or type their name.")
	}
	f.long("leader", e.Leader, MaxLeader)
	f.long("title", e.Title, MaxTitle)
	if e.Content == "" {
		f.add("content", "Hãy ghi nội dung công tác.", "Give what the leader does.")
	}
	f.long("content", e.Content, MaxContent)
	f.long("place", e.Place, MaxPlace)
	f.long("chair", e.Chair, MaxText)
	f.long("participants", e.Participants, MaxText)
	f.long("unit", e.Unit, MaxPlace)
	f.long("note", e.Note, MaxText)
	return f.err()
}

const entryColumns = `id, site_id, week_start, day, start_time, end_time, person_id, leader_name, leader_title, content, place, chair,
	participants, preparing_unit, note, recurring, copied_from, created_at, updated_at, updated_by_name, changed_at, cancelled_at`

type scanner interface{ Scan(...any) error }

func scanEntry(row scanner) (*Entry, error) {
	var e Entry
	var person, copied sql.NullInt64
	var changed, cancelled sql.NullTime
	if err := row.Scan(&e.ID, &e.SiteID, &e.Week, &e.Day, &e.Start, &e.End, &person, &e.Leader, &e.Title, &e.Content, &e.Place, &e.Chair,
		&e.Participants, &e.Unit, &e.Note, &e.Recurring, &copied, &e.CreatedAt, &e.UpdatedAt, &e.UpdatedBy, &changed, &cancelled); err != nil {
		return nil, err
	}
	e.PersonID, e.CopiedFrom = person.Int64, copied.Int64
	if changed.Valid {
		t := changed.Time
		e.ChangedAt = &t
	}
	if cancelled.Valid {
		t := cancelled.Time
		e.CancelledAt = &t
	}
	return &e, nil
}

// weekRow makes sure the week has its row and reports whether (and
// when) it was published. Two first entries of a week saved at once both
// find the row: ON CONFLICT leaves the first.
func weekRow(ctx context.Context, tx *store.Tx, siteID int64, week string, now time.Time) (*time.Time, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO schedule_weeks (site_id, week_start, created_at) VALUES (?, ?, ?)
		ON CONFLICT (site_id, week_start) DO NOTHING`, siteID, week, now); err != nil {
		return nil, err
	}
	var published sql.NullTime
	if err := tx.QueryRow(ctx, `SELECT published_at FROM schedule_weeks WHERE site_id = ? AND week_start = ?`, siteID, week).Scan(&published); err != nil || !published.Valid {
		return nil, err
	}
	t := published.Time
	return &t, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Save creates (ID 0) or changes an entry of e.SiteID, audited. A new
// entry falls in e.Week when it is set (the week on the editor's screen),
// a changed one stays in its week. In a published week the change is
// public at once and recorded, with what changed.
func (s *Store) Save(ctx context.Context, e *Entry, by audit.Actor) error {
	now := s.now().UTC()
	var old *Entry
	if e.ID != 0 {
		var err error
		if old, err = s.Entry(ctx, e.SiteID, e.ID); err != nil {
			return err
		}
		if old.Cancelled() {
			return errNoEntry
		}
		e.Week = old.Week
	}
	if e.Week != "" {
		if w, ok := ParseWeek(e.Week); ok {
			e.Week = w
		} else {
			e.Week = ""
		}
	}
	if err := e.clean(e.Week); err != nil {
		return err
	}
	if e.PersonID != 0 {
		var name, title string
		err := s.db.QueryRow(ctx, `SELECT full_name, title FROM directory_people WHERE id = ? AND site_id = ?`, e.PersonID, e.SiteID).Scan(&name, &title)
		if errors.Is(err, sql.ErrNoRows) {
			return fields{"leader": {VI: "Người được chọn không có trong danh bạ của trang.", EN: "The person chosen is not in the site's directory."}}.err()
		}
		if err != nil {
			return err
		}
		e.Leader, e.Title = name, title
	}
	e.Week = WeekOfDay(e.Day)
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		published, err := weekRow(ctx, tx, e.SiteID, e.Week, now)
		if err != nil {
			return err
		}
		action := "schedule.entry.create"
		kind, summary := Added, ""
		if e.ID == 0 {
			if err := tx.QueryRow(ctx, `INSERT INTO schedule_entries (site_id, week_start, day, start_time, end_time, person_id, leader_name,
				leader_title, content, place, chair, participants, preparing_unit, note, recurring, copied_from, created_at, updated_at, updated_by_name)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				e.SiteID, e.Week, e.Day, e.Start, e.End, nullID(e.PersonID), e.Leader, e.Title, e.Content, e.Place, e.Chair, e.Participants,
				e.Unit, e.Note, e.Recurring, nullID(e.CopiedFrom), now, now, by.Name).Scan(&e.ID); err != nil {
				return err
			}
			summary = "Bổ sung: " + e.Start + " " + DayWords(e.Day) + " — " + e.Leader + ": " + e.Content
		} else {
			action = "schedule.entry.update"
			kind, summary = Changed, Diff(old, e)
			if _, err := tx.Exec(ctx, `UPDATE schedule_entries SET day = ?, start_time = ?, end_time = ?, person_id = ?, leader_name = ?,
				leader_title = ?, content = ?, place = ?, chair = ?, participants = ?, preparing_unit = ?, note = ?, recurring = ?,
				updated_at = ?, updated_by_name = ? WHERE id = ? AND site_id = ?`,
				e.Day, e.Start, e.End, nullID(e.PersonID), e.Leader, e.Title, e.Content, e.Place, e.Chair, e.Participants, e.Unit, e.Note,
				e.Recurring, now, by.Name, e.ID, e.SiteID); err != nil {
				return err
			}
		}
		// A change of a published week that the public sees (not the
		// note alone, nor the "every week" mark) is recorded and shown.
		if published != nil && summary != "" {
			if err := s.recordChange(ctx, tx, e.SiteID, e.Week, e.ID, kind, summary, now, by); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.Entry(action, e.SiteID, "schedule:"+strconv.FormatInt(e.ID, 10), e.Day+" "+e.Start+" "+e.Leader+": "+e.Content))
	})
	return apperr.Wrap(err, "save schedule entry")
}

func (s *Store) recordChange(ctx context.Context, tx *store.Tx, siteID int64, week string, entryID int64, kind, summary string, at time.Time, by audit.Actor) error {
	if _, err := tx.Exec(ctx, `INSERT INTO schedule_changes (site_id, week_start, entry_id, kind, summary, changed_at, by_name)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, siteID, week, entryID, kind, summary, at, by.Name); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `UPDATE schedule_entries SET changed_at = ? WHERE id = ?`, at, entryID)
	return err
}

// Diff says, in Vietnamese, what the public sees change from a to b;
// "" when nothing they see changed.
func Diff(a, b *Entry) string {
	var parts []string
	both := func(label, x, y string) {
		if x != y {
			if x == "" {
				x = "(trống)"
			}
			if y == "" {
				y = "(trống)"
			}
			parts = append(parts, label+": "+x+" → "+y)
		}
	}
	named := func(label, x, y string) {
		if x != y {
			parts = append(parts, label+": đã sửa")
		}
	}
	both("Ngày", DayShort(a.Day), DayShort(b.Day))
	both("Thời gian", timeText(a), timeText(b))
	both("Lãnh đạo", leaderText(a), leaderText(b))
	named("Nội dung", a.Content, b.Content)
	both("Địa điểm", a.Place, b.Place)
	named("Chủ trì", a.Chair, b.Chair)
	named("Thành phần", a.Participants, b.Participants)
	named("Đơn vị chuẩn bị", a.Unit, b.Unit)
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "; ")
}

func timeText(e *Entry) string {
	if e.End == "" {
		return e.Start
	}
	return e.Start + "–" + e.End
}

func leaderText(e *Entry) string {
	if e.Title == "" {
		return e.Leader
	}
	return e.Leader + ", " + e.Title
}

// Remove takes an entry off its week, audited: from a week not yet
// published it is deleted; in a published week it stays, cancelled, so
// that the public sees it will not take place.
func (s *Store) Remove(ctx context.Context, siteID, id int64, by audit.Actor) error {
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		e, err := scanEntry(tx.QueryRow(ctx, `SELECT `+entryColumns+` FROM schedule_entries WHERE id = ? AND site_id = ? AND cancelled_at IS NULL`, id, siteID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoEntry
		}
		if err != nil {
			return err
		}
		published, err := weekRow(ctx, tx, siteID, e.Week, now)
		if err != nil {
			return err
		}
		detail := e.Day + " " + e.Start + " " + e.Leader + ": " + e.Content
		if published == nil {
			if _, err := tx.Exec(ctx, `DELETE FROM schedule_entries WHERE id = ?`, id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, by.Entry("schedule.entry.remove", siteID, "schedule:"+strconv.FormatInt(id, 10), detail))
		}
		if _, err := tx.Exec(ctx, `UPDATE schedule_entries SET cancelled_at = ?, updated_at = ?, updated_by_name = ? WHERE id = ?`, now, now, by.Name, id); err != nil {
			return err
		}
		summary := "Hủy: " + e.Start + " " + DayWords(e.Day) + " — " + e.Leader + ": " + e.Content
		if err := s.recordChange(ctx, tx, siteID, e.Week, id, Cancelled, summary, now, by); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("schedule.entry.cancel", siteID, "schedule:"+strconv.FormatInt(id, 10), detail))
	})
	return apperr.Wrap(err, "remove schedule entry")
}

// Publish makes the site's week public as a whole, audited.
func (s *Store) Publish(ctx context.Context, siteID int64, week string, by audit.Actor) error {
	week, ok := ParseWeek(week)
	if !ok {
		return errNoWeek
	}
	now := s.now().UTC()
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		published, err := weekRow(ctx, tx, siteID, week, now)
		if err != nil {
			return err
		}
		if published != nil {
			return errPublished
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM schedule_entries WHERE site_id = ? AND week_start = ? AND cancelled_at IS NULL`, siteID, week).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errEmpty
		}
		if _, err := tx.Exec(ctx, `UPDATE schedule_weeks SET published_at = ?, published_by_name = ? WHERE site_id = ? AND week_start = ?`,
			now, by.Name, siteID, week); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.Entry("schedule.week.publish", siteID, "schedule-week:"+week, Name(week)+fmt.Sprintf(" (%d mục)", n)))
	})
	return apperr.Wrap(err, "publish schedule week")
}

var errNoWeek = apperr.Field("tuan", "Tuần không hợp lệ: hãy chọn tuần trong danh sách.", "Not a week: choose one from the list.")

// Entry returns one entry of the site.
func (s *Store) Entry(ctx context.Context, siteID, id int64) (*Entry, error) {
	e, err := scanEntry(s.db.QueryRow(ctx, `SELECT `+entryColumns+` FROM schedule_entries WHERE id = ? AND site_id = ?`, id, siteID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoEntry
	}
	return e, err
}

// Week reads a week of the site's schedule (week: its Monday). For the
// public (public true) an unpublished week has no entries.
func (s *Store) Week(ctx context.Context, siteID int64, week string, public bool) (*Week, error) {
	w := &Week{SiteID: siteID, Start: week}
	var published sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT published_at, published_by_name FROM schedule_weeks WHERE site_id = ? AND week_start = ?`, siteID, week).
		Scan(&published, &w.PublishedBy)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("schedule week: %w", err)
	}
	if published.Valid {
		t := published.Time
		w.PublishedAt = &t
	}
	if public && !w.Published() {
		return w, nil
	}
	rows, err := s.db.Query(ctx, `SELECT `+entryColumns+` FROM schedule_entries WHERE site_id = ? AND week_start = ?
		ORDER BY day, start_time, id`, siteID, week)
	if err != nil {
		return nil, fmt.Errorf("schedule entries: %w", err)
	}
	byID := map[int64]*Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		w.Entries = append(w.Entries, e)
		byID[e.ID] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	crows, err := s.db.Query(ctx, `SELECT id, entry_id, week_start, kind, summary, changed_at, by_name FROM schedule_changes
		WHERE site_id = ? AND week_start = ? ORDER BY changed_at, id`, siteID, week)
	if err != nil {
		return nil, fmt.Errorf("schedule changes: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var c Change
		if err := crows.Scan(&c.ID, &c.EntryID, &c.Week, &c.Kind, &c.Summary, &c.At, &c.By); err != nil {
			return nil, err
		}
		if e := byID[c.EntryID]; e != nil {
			c.Entry, e.LastChange = e, &c
		}
		w.Changes = append(w.Changes, &c)
	}
	return w, crows.Err()
}

// CopyRecurring copies the entries of the week before marked as repeated
// every week into week (not yet published), on the same weekdays and at
// the same times, audited; an entry already copied is not copied again.
// It returns how many it copied.
func (s *Store) CopyRecurring(ctx context.Context, siteID int64, week string, by audit.Actor) (int, error) {
	week, ok := ParseWeek(week)
	if !ok {
		return 0, errNoWeek
	}
	prev := AddWeeks(week, -1)
	now := s.now().UTC()
	n := 0
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		published, err := weekRow(ctx, tx, siteID, week, now)
		if err != nil {
			return err
		}
		if published != nil {
			return errCopyPub
		}
		rows, err := tx.Query(ctx, `SELECT `+entryColumns+` FROM schedule_entries WHERE site_id = ? AND week_start = ? AND recurring
			AND cancelled_at IS NULL AND id NOT IN (SELECT copied_from FROM schedule_entries WHERE site_id = ? AND week_start = ? AND copied_from IS NOT NULL)
			ORDER BY day, start_time, id`, siteID, prev, siteID, week)
		if err != nil {
			return err
		}
		var from []*Entry
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return err
			}
			from = append(from, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range from {
			t, _ := dayTime(e.Day)
			day := t.AddDate(0, 0, 7).Format(DayLayout)
			if _, err := tx.Exec(ctx, `INSERT INTO schedule_entries (site_id, week_start, day, start_time, end_time, person_id, leader_name,
				leader_title, content, place, chair, participants, preparing_unit, note, recurring, copied_from, created_at, updated_at, updated_by_name)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				siteID, week, day, e.Start, e.End, nullID(e.PersonID), e.Leader, e.Title, e.Content, e.Place, e.Chair, e.Participants,
				e.Unit, e.Note, true, e.ID, now, now, by.Name); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, by.Entry("schedule.week.copy", siteID, "schedule-week:"+week,
			fmt.Sprintf("%s: %d mục lặp lại từ tuần %s", Name(week), n, Name(prev))))
	})
	return n, apperr.Wrap(err, "copy schedule week")
}
