package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
)

// The scheduled backup (issue 15): the job (backup.Scheduler.Tick, one
// node under its lease), its alerts to the administrators through the
// outbox, its gauges on /metrics, and the administrators' screen
// /quan-tri/sao-luu (backup.run) with the settings, the backups, the
// log of runs and the buttons "Sao lưu ngay" and "Kiểm tra ngay".

// backupAdminPath is the administrators' backup screen.
const backupAdminPath = "/quan-tri/sao-luu"

// backupJobLimit is how long one run of the job may take — a backup and
// a check of a large portal — and so how long another node waits before
// taking over from a node that died during a run.
const backupJobLimit = 3 * time.Hour

// setupBackups makes the scheduled backup of this server: the default
// destination is DATA/backups beside DATA/media.
func (s *Server) setupBackups(o Options) {
	data := "."
	if o.MediaDir != "" {
		data = filepath.Dir(filepath.Clean(o.MediaDir))
	}
	s.backups = &backup.Scheduler{DB: s.db, DatabaseURL: s.db.ConnString(), DataDir: data, MediaDir: o.MediaDir, Media: o.Media,
		CongVersion: s.version, Node: s.node, Now: s.now, Log: s.log, Alert: s.backupAlert}
	s.metrics.reg.MustRegister(&backupGauges{
		sched:  s.backups,
		backup: prometheus.NewDesc("cong_backup_last_success_timestamp_seconds", "When the last successful backup ended (Unix time; 0: never), from the record every node reads.", nil, nil),
		verify: prometheus.NewDesc("cong_backup_last_verify_success_timestamp_seconds", "When the last successful restore check of a backup ended (Unix time; 0: never).", nil, nil),
	})
}

// backupJobs registers the scheduled backup: every minute the job looks
// whether a backup or a check is due or asked for, and may then work up
// to backupJobLimit under its lease.
func (s *Server) backupJobs(r *jobs.Runner) {
	s.backups.Node = r.Holder()
	r.EveryFor("backup.schedule", time.Minute, backupJobLimit, s.backups.Tick)
}

// Backups exposes the scheduled backup (tests, commands).
func (s *Server) Backups() *backup.Scheduler { return s.backups }

// backupAlert mails every administrator (with an address, not disabled)
// about a failed backup or check, in the transaction that records it.
func (s *Server) backupAlert(ctx context.Context, tx *store.Tx, subject, text string) error {
	rows, err := tx.Query(ctx, `SELECT DISTINCT u.email FROM users u JOIN site_roles r ON r.user_id = u.id
		WHERE r.role = ? AND u.disabled = ? AND u.email <> '' ORDER BY u.email`, string(account.Admin), false)
	if err != nil {
		return err
	}
	var to []string
	for rows.Next() {
		var addr string
		if err := rows.Scan(&addr); err != nil {
			rows.Close()
			return err
		}
		to = append(to, addr)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(to) == 0 {
		s.log.Error("backup failure: no administrator has a mail address to be told", "subject", subject)
		return nil
	}
	text += "\n" + s.absoluteAdminURL(backupAdminPath) + "\n"
	for _, addr := range to {
		if err := s.mail.Enqueue(ctx, tx, mail.Message{To: addr, Subject: subject, Text: text}); err != nil {
			s.log.Error("backup failure: cannot queue the mail to an administrator", "err", err)
		}
	}
	return nil
}

// absoluteAdminURL is a staff page's address on the main portal's host.
func (s *Server) absoluteAdminURL(path string) string {
	main, err := s.sites.Main(context.Background())
	if err != nil || main.Host == "" {
		return path
	}
	return "https://" + main.Host + path
}

// backupGauges reads the times of the last successes from backup_runs at
// each scrape, so that every node reports the same.
type backupGauges struct {
	sched          *backup.Scheduler
	backup, verify *prometheus.Desc
}

func (g *backupGauges) Describe(ch chan<- *prometheus.Desc) { ch <- g.backup; ch <- g.verify }

func (g *backupGauges) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, m := range []struct {
		kind string
		desc *prometheus.Desc
	}{{backup.KindBackup, g.backup}, {backup.KindVerify, g.verify}} {
		at, err := g.sched.LastSuccess(ctx, m.kind)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(m.desc, err)
			continue
		}
		v := 0.0
		if !at.IsZero() {
			v = float64(at.UnixMicro()) / 1e6
		}
		ch <- prometheus.MustNewConstMetric(m.desc, prometheus.GaugeValue, v)
	}
}

// backupPage is /quan-tri/sao-luu.
type backupPage struct {
	*AdminPage
	Settings   *backup.Settings
	Folder     string
	Backups    []backup.Listed
	ListError  string
	LastBackup *backup.RunRecord // the latest backup run
	LastOK     *backup.RunRecord // the latest successful one
	LastVerify *backup.RunRecord // the latest check
	Runs       []backup.RunRecord
	NextBackup time.Time
	Values     url.Values // the settings form sent back with errors
}

// V is what the settings form holds for field: what was typed into a
// form sent back, else the stored setting.
func (p *backupPage) V(field string) string {
	if p.Values != nil {
		return p.Values.Get(field)
	}
	st := p.Settings
	switch field {
	case "at":
		return st.At()
	case "dest":
		return st.Dest
	case "keep_daily":
		return strconv.Itoa(st.Keep.Daily)
	case "keep_weekly":
		return strconv.Itoa(st.Keep.Weekly)
	case "keep_monthly":
		return strconv.Itoa(st.Keep.Monthly)
	case "enabled":
		if st.Enabled {
			return "1"
		}
	}
	return ""
}

// WhyLabel names why the retention keeps a backup.
func (p *backupPage) WhyLabel(w backup.Why) string {
	if w == 0 {
		return p.T("bk.why.none")
	}
	var out []string
	for _, k := range []struct {
		bit backup.Why
		key string
	}{{backup.KeepDaily, "bk.why.daily"}, {backup.KeepWeekly, "bk.why.weekly"}, {backup.KeepMonthly, "bk.why.monthly"},
		{backup.KeepNewest, "bk.why.newest"}, {backup.KeepVerified, "bk.why.verified"}} {
		if w&k.bit != 0 {
			out = append(out, p.T(k.key))
		}
	}
	return strings.Join(out, ", ")
}

// Size writes a number of bytes for people.
func (p *backupPage) Size(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
	if p.Lang != "en" {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v
}

// Count writes a count with the page language's thousands separator.
func (p *backupPage) Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	sep := "."
	if p.Lang == "en" {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// Result names the outcome of a run.
func (p *backupPage) Result(r *backup.RunRecord) string {
	switch {
	case r.Succeeded():
		return p.T("bk.ok")
	case r.Failed():
		return p.T("bk.failed")
	}
	return p.T("bk.running")
}

// KindLabel and ReasonLabel name a run's kind and why it ran.
func (p *backupPage) KindLabel(kind string) string { return p.T("bk.run." + kind) }
func (p *backupPage) ReasonLabel(r string) string  { return p.T("bk.run." + r) }
func (p *backupPage) Int(n int) int64              { return int64(n) }
func (p *backupPage) Deref(t *time.Time) (out time.Time) {
	if t != nil {
		out = *t
	}
	return out
}

// backupShow is GET /quan-tri/sao-luu.
func (s *Server) backupShow(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.RunBackups); err != nil {
		return err
	}
	notice := noticeOf(r)
	switch r.URL.Query().Get("yeu-cau") {
	case "sao-luu":
		notice = translate(langOf(r), "bk.asked.backup")
	case "kiem-tra":
		notice = translate(langOf(r), "bk.asked.verify")
	}
	if r.URL.Query().Get("luu") != "" {
		notice = translate(langOf(r), "bk.settings.saved")
	}
	return s.renderBackups(w, r, http.StatusOK, notice, nil, nil)
}

func (s *Server) renderBackups(w http.ResponseWriter, r *http.Request, status int, notice string, errs []string, typed url.Values) error {
	ctx := r.Context()
	now := s.now()
	p := &backupPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "bk.title")), Values: typed}
	p.Notice, p.Errors = notice, errs
	var err error
	if p.Settings, err = s.backups.Settings(ctx); err != nil {
		return err
	}
	p.Folder = s.backups.Folder(p.Settings)
	if p.LastBackup, err = s.backups.Last(ctx, backup.KindBackup, false); err != nil {
		return err
	}
	if p.LastOK, err = s.backups.Last(ctx, backup.KindBackup, true); err != nil {
		return err
	}
	if p.LastVerify, err = s.backups.Last(ctx, backup.KindVerify, false); err != nil {
		return err
	}
	verified, err := s.backups.Last(ctx, backup.KindVerify, true)
	if err != nil {
		return err
	}
	name := ""
	if verified != nil && verified.Dest == p.Folder {
		name = verified.Name
	}
	if p.Backups, err = s.backups.List(ctx, p.Settings, now, name); err != nil {
		p.ListError = err.Error() // a folder that cannot be read: the rest of the page still helps
	}
	if p.Runs, err = s.backups.Runs(ctx, "", time.Time{}, 30); err != nil {
		return err
	}
	next := backup.LastSlot(now, p.Settings.AtMinute).Add(24 * time.Hour)
	if due, slot := backup.BackupDue(now, p.Settings, p.Runs); due {
		next = slot
	}
	if p.Settings.Enabled {
		p.NextBackup = next
	}
	return s.tmpl.render(w, status, "admin/backup", p)
}

// backupSettings is POST /quan-tri/sao-luu: enabled (1), at (HH:MM),
// dest, keep_daily, keep_weekly, keep_monthly.
func (s *Server) backupSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.mainSiteCan(r, account.RunBackups); err != nil {
		return err
	}
	in := backup.Settings{Enabled: r.PostFormValue("enabled") == "1", Dest: r.PostFormValue("dest")}
	at, ok := backup.ParseAt(r.PostFormValue("at"))
	err := error(apperr.Field("at", "Giờ sao lưu viết dạng GG:PP, ví dụ 02:00.", "Write the time as HH:MM, such as 02:00."))
	if ok {
		in.AtMinute = at
		err = nil
		for _, k := range []struct {
			field string
			to    *int
		}{{"keep_daily", &in.Keep.Daily}, {"keep_weekly", &in.Keep.Weekly}, {"keep_monthly", &in.Keep.Monthly}} {
			n, cerr := strconv.Atoi(strings.TrimSpace(r.PostFormValue(k.field)))
			if cerr != nil {
				err = apperr.Field(k.field, "Nhập một số.", "Enter a number.")
				break
			}
			*k.to = n
		}
	}
	if err == nil {
		err = s.backups.SaveSettings(r.Context(), in, s.actor(r))
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderBackups(w, fr, statusOf(err), "", msgs, r.PostForm)
		}
		return err
	}
	http.Redirect(w, r, backupAdminPath+"?luu=1", http.StatusSeeOther)
	return nil
}

// backupNow is POST /quan-tri/sao-luu/sao-luu-ngay: a backup, in the
// background, by the job under its lease (within a minute).
func (s *Server) backupNow(w http.ResponseWriter, r *http.Request) error {
	return s.backupRequest(w, r, backup.KindBackup, "sao-luu")
}

// backupVerifyNow is POST /quan-tri/sao-luu/kiem-tra-ngay: a check of the
// newest backup, likewise.
func (s *Server) backupVerifyNow(w http.ResponseWriter, r *http.Request) error {
	return s.backupRequest(w, r, backup.KindVerify, "kiem-tra")
}

func (s *Server) backupRequest(w http.ResponseWriter, r *http.Request, kind, done string) error {
	if err := s.mainSiteCan(r, account.RunBackups); err != nil {
		return err
	}
	if err := s.backups.Request(r.Context(), kind, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, backupAdminPath+"?yeu-cau="+done, http.StatusSeeOther)
	return nil
}
