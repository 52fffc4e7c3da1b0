package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// The scheduled backup (issue 15): one job, run by one node under its
// lease (jobs.Runner.EveryFor), looks every minute whether a backup is
// due — the daily time the administrators set has passed and no backup
// has succeeded since, or someone pressed "Sao lưu ngay" — and takes it
// into the destination folder, then removes what the retention no longer
// keeps (retention.go). Once a week it restores the latest backup into a
// scratch SQLite database and compares every table with the manifest
// (verify_job.go). Every run is recorded in backup_runs; a failure is
// told to the administrators through Alert.

// Run kinds and reasons, as stored in backup_runs.
const (
	KindBackup = "backup"
	KindVerify = "verify"

	ReasonSchedule = "schedule" // the daily time, or the weekly check
	ReasonRequest  = "request"  // a button on /quan-tri/sao-luu
)

// The rhythm of the schedule.
const (
	// RetryAfter is how long after a failed scheduled backup it is
	// tried again, at most MaxAttempts times for one day's time.
	RetryAfter  = time.Hour
	MaxAttempts = 3
	// VerifyEvery is how often the latest backup is restored and
	// compared; after a failed check it is tried again (on the backup
	// then latest) VerifyRetry later.
	VerifyEvery = 7 * 24 * time.Hour
	VerifyRetry = 24 * time.Hour
)

// Retention is how many backups are kept: the newest of each of the last
// Daily days, Weekly ISO weeks and Monthly months (Vietnam time).
type Retention struct{ Daily, Weekly, Monthly int }

// DefaultRetention keeps a week of days, a month of weeks and a year of
// months: at most 7 + 4 + 12 = 23 backups, fewer where they coincide.
var DefaultRetention = Retention{Daily: 7, Weekly: 4, Monthly: 12}

// Settings are the administrators' choices for the scheduled backup,
// one row read by every node.
type Settings struct {
	Enabled  bool
	AtMinute int    // minutes after midnight, Vietnam time (120: 02:00)
	Dest     string // the destination folder; "" is DATA/backups
	Keep     Retention
	// From is when the schedule began: a day's time before it is not
	// owed a backup.
	From time.Time
	// The buttons' requests, until the job takes them.
	BackupRequested, VerifyRequested     *time.Time
	BackupRequestedBy, VerifyRequestedBy string
	ChangedBy                            string
	ChangedAt                            *time.Time
}

// At is the daily time as "15:04".
func (s *Settings) At() string { return fmt.Sprintf("%02d:%02d", s.AtMinute/60, s.AtMinute%60) }

// ParseAt reads a daily time "HH:MM" (or "H:MM", "HH") as minutes after
// midnight.
func ParseAt(v string) (int, bool) {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, ":") {
		v += ":00"
	}
	t, err := time.Parse("15:04", v)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// RunRecord is one row of backup_runs.
type RunRecord struct {
	ID          int64
	Kind        string
	Reason      string
	RequestedBy string
	Node        string
	Started     time.Time
	Finished    *time.Time
	OK          *bool // nil while running
	Name        string
	Dest        string
	Tables      int
	Rows        int64
	Media       int
	Bytes       int64
	Pruned      int
	Error       string
}

// Succeeded reports whether the run ended well.
func (r *RunRecord) Succeeded() bool { return r.OK != nil && *r.OK }

// Failed reports whether the run ended badly.
func (r *RunRecord) Failed() bool { return r.OK != nil && !*r.OK }

// LastSlot is the latest daily time atMinute (Vietnam time) at or before
// now, in UTC.
func LastSlot(now time.Time, atMinute int) time.Time {
	l := now.In(vn.ICT)
	slot := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, vn.ICT).Add(time.Duration(atMinute) * time.Minute)
	if slot.After(now) {
		slot = slot.AddDate(0, 0, -1) // Vietnam has no daylight saving: a day is 24 hours
	}
	return slot.UTC()
}

// BackupDue says whether the scheduled backup is due at now, given the
// backup runs (any order; older ones are ignored), and returns the day's
// time it is owed for. It is due once the latest daily time has passed
// (a node down at that time catches up when it is back) unless a backup
// has succeeded since; after a failure it waits RetryAfter, and gives up
// on that day's time after MaxAttempts.
func BackupDue(now time.Time, s *Settings, runs []RunRecord) (bool, time.Time) {
	slot := LastSlot(now, s.AtMinute)
	if !s.Enabled || s.From.IsZero() || slot.Before(s.From) {
		return false, slot
	}
	attempts := 0
	var last time.Time
	for _, r := range runs {
		if r.Kind != KindBackup || r.Started.Before(slot) {
			continue
		}
		if r.Succeeded() {
			return false, slot
		}
		attempts++
		if r.Started.After(last) {
			last = r.Started
		}
	}
	if attempts >= MaxAttempts || (attempts > 0 && now.Sub(last) < RetryAfter) {
		return false, slot
	}
	return true, slot
}

// VerifyDue says whether the weekly check is due at now: there is a
// backup to check, none was checked well in the last VerifyEvery, and
// no check was tried in the last VerifyRetry. lastOK and lastTry are the
// starts of the latest successful and latest check (zero if none).
func VerifyDue(now time.Time, s *Settings, haveBackup bool, lastOK, lastTry time.Time) bool {
	if !s.Enabled || !haveBackup {
		return false
	}
	if !lastOK.IsZero() && now.Sub(lastOK) < VerifyEvery {
		return false
	}
	return lastTry.IsZero() || now.Sub(lastTry) >= VerifyRetry
}

// Scheduler is the scheduled backup of one portal: its settings and runs
// in the database, its destination folder, and the job's work (Tick).
type Scheduler struct {
	DB          *store.DB
	DatabaseURL string      // PostgreSQL: for the backup's snapshot connection (store.DB.ConnString)
	DataDir     string      // DATA: the default destination is DATA/backups
	MediaDir    string      // DATA/media
	Media       media.Blobs // the media when kept elsewhere (an S3 bucket); nil: MediaDir
	CongVersion string
	Node        string // who runs the job, recorded with each run
	TempDir     string // where the check's scratch database goes; "" is the system's
	Now         func() time.Time
	Log         *slog.Logger
	// Alert tells the administrators of a failure, inside the
	// transaction that records it (the mail outbox's Enqueue).
	Alert func(ctx context.Context, tx *store.Tx, subject, text string) error

	summaries sync.Map // folder + "\x00" + name → *Summary (manifests do not change)
}

func (s *Scheduler) now() time.Time {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return now().UTC().Truncate(time.Microsecond)
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// Folder is the destination folder of set.
func (s *Scheduler) Folder(set *Settings) string {
	if set.Dest == "" {
		return filepath.Join(s.DataDir, "backups")
	}
	return set.Dest
}

// Settings reads the settings, starting the schedule at now if it has
// not started.
func (s *Scheduler) Settings(ctx context.Context) (*Settings, error) {
	var set Settings
	var from, breq, vreq, changed sql.NullTime
	err := s.DB.QueryRow(ctx, `SELECT enabled, at_minute, dest, keep_daily, keep_weekly, keep_monthly, schedule_from,
		backup_requested_at, backup_requested_by, verify_requested_at, verify_requested_by, changed_by, changed_at
		FROM backup_settings WHERE id = 1`).Scan(&set.Enabled, &set.AtMinute, &set.Dest, &set.Keep.Daily, &set.Keep.Weekly, &set.Keep.Monthly,
		&from, &breq, &set.BackupRequestedBy, &vreq, &set.VerifyRequestedBy, &set.ChangedBy, &changed)
	if errors.Is(err, sql.ErrNoRows) {
		if _, err := s.DB.Exec(ctx, `INSERT INTO backup_settings (id) VALUES (1) ON CONFLICT (id) DO NOTHING`); err != nil {
			return nil, err
		}
		return s.Settings(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("đọc cài đặt sao lưu: %w", err)
	}
	if !from.Valid {
		now := s.now()
		if _, err := s.DB.Exec(ctx, `UPDATE backup_settings SET schedule_from = ? WHERE id = 1 AND schedule_from IS NULL`, now); err != nil {
			return nil, err
		}
		from = sql.NullTime{Time: now, Valid: true}
	}
	set.From = from.Time.UTC()
	set.BackupRequested, set.VerifyRequested, set.ChangedAt = utcPtr(breq), utcPtr(vreq), utcPtr(changed)
	return &set, nil
}

func utcPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// SaveSettings checks and stores the daily time, the destination, the
// retention and the switch, and audits the change.
func (s *Scheduler) SaveSettings(ctx context.Context, in Settings, by audit.Actor) error {
	if in.AtMinute < 0 || in.AtMinute >= 24*60 {
		return apperr.Field("at", "Giờ sao lưu phải từ 00:00 đến 23:59.", "The time must be between 00:00 and 23:59.")
	}
	in.Dest = strings.TrimSpace(in.Dest)
	if in.Dest != "" {
		switch {
		case strings.Contains(in.Dest, "://"):
			return apperr.Field("dest", "Hiện chỉ sao lưu vào một thư mục trên máy chủ (đường dẫn tuyệt đối).", "Only a folder on the server (an absolute path) for now.")
		case !filepath.IsAbs(in.Dest):
			return apperr.Field("dest", "Thư mục sao lưu phải là đường dẫn tuyệt đối, ví dụ /mnt/sao-luu.", "The folder must be an absolute path, such as /mnt/backups.")
		case s.MediaDir != "" && inside(filepath.Clean(in.Dest), filepath.Clean(s.MediaDir)):
			return apperr.Field("dest", "Thư mục sao lưu không được nằm trong thư mục tệp phương tiện.", "The folder must not be inside the media folder.")
		}
		in.Dest = filepath.Clean(in.Dest)
	}
	for _, k := range []struct {
		field string
		n     int
		min   int
	}{{"keep_daily", in.Keep.Daily, 1}, {"keep_weekly", in.Keep.Weekly, 0}, {"keep_monthly", in.Keep.Monthly, 0}} {
		if k.n < k.min || k.n > 1000 {
			return apperr.Field(k.field, fmt.Sprintf("Số bản giữ lại phải từ %d đến 1000.", k.min), fmt.Sprintf("Keep between %d and 1000.", k.min))
		}
	}
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE backup_settings SET enabled = ?, at_minute = ?, dest = ?, keep_daily = ?, keep_weekly = ?, keep_monthly = ?,
			changed_by = ?, changed_at = ? WHERE id = 1`, in.Enabled, in.AtMinute, in.Dest, in.Keep.Daily, in.Keep.Weekly, in.Keep.Monthly, by.Name, now); err != nil {
			return err
		}
		state := "on"
		if !in.Enabled {
			state = "off"
		}
		dest := in.Dest
		if dest == "" {
			dest = "DATA/backups"
		}
		detail := fmt.Sprintf("%s at %s dest %s keep %d/%d/%d", state, in.At(), dest, in.Keep.Daily, in.Keep.Weekly, in.Keep.Monthly)
		return audit.Record(ctx, tx, by.Entry("backup.settings", 0, "", detail))
	})
}

func inside(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Request asks the job for a backup (kind KindBackup) or a check
// (KindVerify) as soon as it can, and audits the request. The job, on
// whichever node holds its lease, takes it within a minute.
func (s *Scheduler) Request(ctx context.Context, kind string, by audit.Actor) error {
	col, entry := "backup", by.Entry("backup.request", 0, "", "")
	if kind == KindVerify {
		col, entry = "verify", by.Entry("backup.verify.request", 0, "", "")
	}
	now := s.now()
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE backup_settings SET `+col+`_requested_at = COALESCE(`+col+`_requested_at, ?), `+
			col+`_requested_by = ? WHERE id = 1`, now, by.Name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry)
	})
}

// take clears the request of kind if one is there and reports whether
// this call took it.
func (s *Scheduler) take(ctx context.Context, kind string) (bool, error) {
	col := "backup"
	if kind == KindVerify {
		col = "verify"
	}
	res, err := s.DB.Exec(ctx, `UPDATE backup_settings SET `+col+`_requested_at = NULL, `+col+`_requested_by = ''
		WHERE id = 1 AND `+col+`_requested_at IS NOT NULL`)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const runColumns = `id, kind, reason, requested_by, node, started_at, finished_at, ok, name, dest,
	tables_count, rows_count, media_count, bytes, pruned, error`

func scanRun(rows interface{ Scan(...any) error }) (RunRecord, error) {
	var r RunRecord
	var fin sql.NullTime
	var ok sql.NullBool
	err := rows.Scan(&r.ID, &r.Kind, &r.Reason, &r.RequestedBy, &r.Node, &r.Started, &fin, &ok, &r.Name, &r.Dest,
		&r.Tables, &r.Rows, &r.Media, &r.Bytes, &r.Pruned, &r.Error)
	r.Started = r.Started.UTC()
	r.Finished = utcPtr(fin)
	if ok.Valid {
		r.OK = &ok.Bool
	}
	return r, err
}

// Runs lists the recorded runs of kind ("" for both), the latest first;
// since, when not zero, leaves out those started before it.
func (s *Scheduler) Runs(ctx context.Context, kind string, since time.Time, limit int) ([]RunRecord, error) {
	q := `SELECT ` + runColumns + ` FROM backup_runs WHERE started_at >= ?`
	args := []any{since.UTC()}
	if kind != "" {
		q += ` AND kind = ?`
		args = append(args, kind)
	}
	q += ` ORDER BY started_at DESC, id DESC LIMIT ?`
	args = append(args, limit)
	rows, err := s.DB.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RunRecord
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Last returns the latest run of kind, the latest successful one if ok,
// or nil.
func (s *Scheduler) Last(ctx context.Context, kind string, ok bool) (*RunRecord, error) {
	q := `SELECT ` + runColumns + ` FROM backup_runs WHERE kind = ?`
	if ok {
		q += ` AND ok = ?`
	}
	q += ` ORDER BY started_at DESC, id DESC LIMIT 1`
	args := []any{kind}
	if ok {
		args = append(args, true)
	}
	r, err := scanRun(s.DB.QueryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// LastSuccess is when the latest successful run of kind ended (zero if
// none): what /metrics reports, the same on every node.
func (s *Scheduler) LastSuccess(ctx context.Context, kind string) (time.Time, error) {
	var t time.Time
	err := s.DB.QueryRow(ctx, `SELECT finished_at FROM backup_runs WHERE kind = ? AND ok = ? AND finished_at IS NOT NULL
		ORDER BY finished_at DESC LIMIT 1`, kind, true).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return t.UTC(), err
}

// start records the beginning of a run.
func (s *Scheduler) start(ctx context.Context, r *RunRecord) error {
	r.Started = s.now()
	r.Node = s.Node
	if s.DB.Dialect == store.Postgres {
		return s.DB.QueryRow(ctx, `INSERT INTO backup_runs (kind, reason, requested_by, node, started_at, dest)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, r.Kind, r.Reason, r.RequestedBy, r.Node, r.Started, r.Dest).Scan(&r.ID)
	}
	res, err := s.DB.Exec(ctx, `INSERT INTO backup_runs (kind, reason, requested_by, node, started_at, dest)
		VALUES (?, ?, ?, ?, ?, ?)`, r.Kind, r.Reason, r.RequestedBy, r.Node, r.Started, r.Dest)
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}

// finish records the end of a run: ok says whether it did its work,
// problem (if any) what went wrong, which a run that did its work may
// have too (a backup taken whose pruning failed). Unless quiet, a
// problem is told to the administrators in the same transaction. It
// writes even when ctx has ended: a node stopping records what it was
// doing.
func (s *Scheduler) finish(ctx context.Context, r *RunRecord, ok bool, problem error, quiet bool) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	r.OK = &ok
	if problem != nil {
		r.Error = problem.Error()
	}
	fin := s.now()
	r.Finished = &fin
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE backup_runs SET finished_at = ?, ok = ?, name = ?, dest = ?, tables_count = ?, rows_count = ?,
			media_count = ?, bytes = ?, pruned = ?, error = ? WHERE id = ?`,
			fin, ok, r.Name, r.Dest, r.Tables, r.Rows, r.Media, r.Bytes, r.Pruned, r.Error, r.ID); err != nil {
			return err
		}
		if problem == nil || quiet || s.Alert == nil {
			return nil
		}
		subject, text := alertText(r)
		return s.Alert(ctx, tx, subject, text)
	})
}

// alertText is the mail to the administrators about a failed run.
func alertText(r *RunRecord) (string, string) {
	at := r.Started.In(vn.ICT).Format("15:04 02/01/2006")
	what, whatEN := "Sao lưu", "Backup"
	if r.Kind == KindVerify {
		what, whatEN = "Kiểm tra bản sao lưu", "Backup verification"
	}
	subject := fmt.Sprintf("[Cổng] %s thất bại lúc %s (%s failed)", what, at, strings.ToLower(whatEN))
	var b strings.Builder
	fmt.Fprintf(&b, "%s bắt đầu lúc %s (giờ Việt Nam) trên máy chủ %s đã thất bại.\n\n", what, at, r.Node)
	if r.Name != "" {
		fmt.Fprintf(&b, "Bản sao lưu: %s\n", r.Name)
	}
	fmt.Fprintf(&b, "Nơi sao lưu: %s\nLỗi: %s\n\n", r.Dest, r.Error)
	if r.Kind == KindVerify {
		b.WriteString("Bản sao lưu này có thể không khôi phục được. Hãy kiểm tra nơi lưu trữ và bấm \"Sao lưu ngay\", rồi \"Kiểm tra ngay\" trên trang Sao lưu của trang quản trị (/quan-tri/sao-luu).\n")
	} else {
		b.WriteString("Hãy xem lỗi (chỗ trống trên đĩa, quyền ghi vào thư mục, cơ sở dữ liệu) rồi bấm \"Sao lưu ngay\" trên trang Sao lưu của trang quản trị (/quan-tri/sao-luu). Lịch tự thử lại sau một giờ.\n")
	}
	fmt.Fprintf(&b, "\n%s started at %s (Vietnam time) on %s failed: %s\nSee /quan-tri/sao-luu.\n", whatEN, at, r.Node, r.Error)
	return subject, b.String()
}

// closeAbandoned closes, as failed, the runs a node left open when it
// died: the job runs under one lease, so at the start of a tick no run
// is going on.
func (s *Scheduler) closeAbandoned(ctx context.Context) error {
	open, err := s.DB.Query(ctx, `SELECT `+runColumns+` FROM backup_runs WHERE finished_at IS NULL`)
	if err != nil {
		return err
	}
	var runs []RunRecord
	for open.Next() {
		r, err := scanRun(open)
		if err != nil {
			open.Close()
			return err
		}
		runs = append(runs, r)
	}
	open.Close()
	if err := open.Err(); err != nil {
		return err
	}
	for i := range runs {
		err := errors.New("bị gián đoạn: máy chủ dừng giữa chừng (interrupted: the node stopped during the run)")
		if err := s.finish(ctx, &runs[i], false, err, false); err != nil {
			return err
		}
	}
	return nil
}

// Tick is the job's work at now: it takes the backup due or asked for,
// removes what the retention no longer keeps, and runs the check due or
// asked for. Registered with jobs.Runner.EveryFor so that one node runs
// it at a time.
func (s *Scheduler) Tick(ctx context.Context, now time.Time) error {
	if err := s.closeAbandoned(ctx); err != nil {
		return err
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	var errs []error

	requestedBy := set.BackupRequestedBy
	asked, err := s.take(ctx, KindBackup)
	if err != nil {
		return err
	}
	reason := ""
	if asked {
		reason = ReasonRequest
	} else {
		runs, err := s.Runs(ctx, KindBackup, LastSlot(now, set.AtMinute), 10)
		if err != nil {
			return err
		}
		if due, _ := BackupDue(now, set, runs); due {
			reason, requestedBy = ReasonSchedule, ""
		}
	}
	if reason != "" {
		errs = append(errs, s.backup(ctx, set, reason, requestedBy))
	}

	requestedBy = set.VerifyRequestedBy
	if asked, err = s.take(ctx, KindVerify); err != nil {
		return errors.Join(append(errs, err)...)
	}
	reason = ""
	if asked {
		reason = ReasonRequest
	} else {
		due, err := s.verifyDue(ctx, set, now)
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		if due {
			reason, requestedBy = ReasonSchedule, ""
		}
	}
	if reason != "" {
		errs = append(errs, s.verify(ctx, set, reason, requestedBy))
	}
	return errors.Join(errs...)
}

// backup takes one backup into the destination and then applies the
// retention, recording the run.
func (s *Scheduler) backup(ctx context.Context, set *Settings, reason, by string) error {
	r := &RunRecord{Kind: KindBackup, Reason: reason, RequestedBy: by, Dest: s.Folder(set)}
	if err := s.start(ctx, r); err != nil {
		return err
	}
	var pruneErr error
	runErr := func() error {
		dest, err := NewLocal(r.Dest)
		if err != nil {
			return err
		}
		res, err := Run(ctx, Options{DB: s.DB, DatabaseURL: s.DatabaseURL, MediaDir: s.MediaDir, Media: s.Media, Dest: dest,
			CongVersion: s.CongVersion, Now: s.Now})
		if err != nil {
			return err
		}
		r.Name, r.Tables, r.Rows, r.Bytes = res.Name, res.Tables, res.Rows, res.Bytes
		r.Media = res.MediaCopied + res.MediaSkipped
		s.log().Info("backup taken", "name", res.Name, "dest", r.Dest, "rows", res.Rows, "media_copied", res.MediaCopied,
			"bytes", res.Bytes, "took", res.Elapsed)
		// The retention, after a backup that worked: never the other
		// way round, and never the newest verified backup.
		removed, err := s.prune(ctx, dest, set)
		r.Pruned = len(removed)
		if len(removed) > 0 {
			s.log().Info("backups removed by the retention", "names", removed)
		}
		if err != nil {
			pruneErr = fmt.Errorf("bản sao lưu %s đã xong, nhưng việc xóa bản cũ theo chế độ lưu giữ bị lỗi (the backup is fine; pruning failed): %w", res.Name, err)
		}
		return nil
	}()
	// A node being stopped records the run as failed without mail: it
	// is tried again when the job next runs.
	quiet := errors.Is(ctx.Err(), context.Canceled)
	if err := s.finish(ctx, r, runErr == nil, errors.Join(runErr, pruneErr), quiet); err != nil {
		return errors.Join(runErr, pruneErr, err)
	}
	return errors.Join(runErr, pruneErr)
}

// prune applies the retention to dest, keeping the newest verified
// backup whatever its age.
func (s *Scheduler) prune(ctx context.Context, dest Destination, set *Settings) ([]string, error) {
	verified, err := s.Last(ctx, KindVerify, true)
	if err != nil {
		return nil, err
	}
	var protect []string
	if verified != nil && verified.Dest == dest.String() {
		protect = append(protect, verified.Name)
	}
	return Prune(ctx, dest, set.Keep, s.now(), protect...)
}
