package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestBackupScreen: /quan-tri/sao-luu is the administrators' (backup.run)
// and a 403 for others, buttons included; "Sao lưu ngay" has the job,
// under its lease, take a backup, which the screen then lists with its
// size, rows, media and why it is kept, with the check that followed;
// the settings are saved and audited, and a bad one marked; a failed
// backup mails every administrator through the outbox; /metrics reports
// the last good backup and check from the record.
func TestBackupScreen(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		outbox := mail.New(db, mail.Options{From: "noreply@tinh.gov.vn", Log: discard()})
		media := filepath.Join(t.TempDir(), "media")
		h := newHarness(t, db, func(o *web.Options) { o.Mail = outbox; o.MediaDir = media })
		os.MkdirAll(filepath.Join(media, "ab"), 0o750)
		os.WriteFile(filepath.Join(media, "ab", "anh.jpg"), []byte("ảnh thử"), 0o640)
		h.personWithMail("qtri.sl", "qtri.sl@tinh.gov.vn", account.Admin, "dong-nai")
		h.personWithMail("btv.sl", "btv.sl@tinh.gov.vn", account.Editor, "dong-nai")
		h.person("tb.sl", account.BoardHead, "dong-nai")
		qt, tb := h.browser(), h.browser()
		qt.signIn("qtri.sl")
		tb.signIn("tb.sl")

		for _, p := range []page{tb.get("/quan-tri/sao-luu"), tb.post("/quan-tri/sao-luu/sao-luu-ngay", url.Values{}),
			tb.post("/quan-tri/sao-luu/kiem-tra-ngay", url.Values{}), tb.post("/quan-tri/sao-luu", url.Values{"at": {"03:00"}})} {
			if p.status != http.StatusForbidden {
				t.Errorf("board head on the backup screen = %d; want 403", p.status)
			}
		}
		if strings.Contains(tb.get("/quan-tri/").body, `href="/quan-tri/sao-luu"`) {
			t.Error("the board head's menu links the backup screen")
		}
		p := qt.get("/quan-tri/sao-luu")
		if p.status != http.StatusOK {
			t.Fatalf("admin on the backup screen = %d %.500s", p.status, p.body)
		}
		for _, want := range []string{`href="/quan-tri/sao-luu" aria-current="page"`, "Sao lưu ngay", "Kiểm tra ngay", "Thư mục sao lưu chưa có bản nào",
			filepath.Join(filepath.Dir(media), "backups"), `value="02:00"`, `name="keep_weekly" type="number" min="0" max="1000" required value="4"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("backup screen lacks %q", want)
			}
		}

		// The button, then the job as every node runs it.
		before := h.auditCount("backup.request")
		p = qt.post("/quan-tri/sao-luu/sao-luu-ngay", url.Values{})
		if p.status != http.StatusSeeOther || p.location != "/quan-tri/sao-luu?yeu-cau=sao-luu" {
			t.Fatalf("Sao lưu ngay = %d %q", p.status, p.location)
		}
		if h.auditCount("backup.request") != before+1 {
			t.Error("the request was not audited")
		}
		if p := qt.get(p.location); !strings.Contains(p.body, "Đã yêu cầu sao lưu") || !strings.Contains(p.body, "Yêu cầu sao lưu đang chờ") {
			t.Errorf("the screen does not say the backup is asked for:\n%.3000s", p.body)
		}
		r := jobs.New(db, discard(), h.clock.Now, "nut-a")
		h.web.Jobs(r)
		if err := r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		runs, err := h.web.Backups().Runs(ctx, "", time.Time{}, 10)
		if err != nil || len(runs) != 2 || runs[1].Kind != backup.KindBackup || !runs[1].Succeeded() || runs[1].Node != "nut-a" ||
			runs[1].RequestedBy != "qtri.sl" || runs[0].Kind != backup.KindVerify || !runs[0].Succeeded() {
			t.Fatalf("after the button: %+v %v", runs, err)
		}
		name := runs[1].Name
		p = qt.get("/quan-tri/sao-luu")
		rowRE := regexp.MustCompile(`(?s)<code>` + name + `</code></td>\s*<td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>\s*<td>([^<]+)</td>`)
		m := rowRE.FindStringSubmatch(p.body)
		if m == nil {
			t.Fatalf("the backup %s is not listed:\n%s", name, p.body)
		}
		if !strings.HasSuffix(m[1], "iB") || m[2] == "0" || !strings.HasPrefix(m[3], "1 (") ||
			m[4] != "hằng ngày, hằng tuần, hằng tháng, mới nhất, đã kiểm tra" {
			t.Errorf("the listed backup: size %q, rows %q, media %q, kept as %q", m[1], m[2], m[3], m[4])
		}
		if !regexp.MustCompile(`(?s)id="bk-last-verify">[^<]*Thành công, bản ` + name + `: \d+ bảng`).MatchString(p.body) {
			t.Errorf("the last verification is not shown:\n%s", p.body)
		}
		if e := qt.get("/ngon-ngu?lang=en&next=/quan-tri/sao-luu"); e.status >= 400 {
			t.Fatalf("language switch = %d", e.status)
		}
		if en := qt.get("/quan-tri/sao-luu"); !strings.Contains(en.body, "Back up now") || !strings.Contains(en.body, "daily, weekly, monthly, newest, verified") {
			t.Errorf("the English screen:\n%.2000s", en.body)
		}
		qt.get("/ngon-ngu?lang=vi&next=/quan-tri/sao-luu")

		// "Kiểm tra ngay", a minute later.
		if p := qt.post("/quan-tri/sao-luu/kiem-tra-ngay", url.Values{}); p.status != http.StatusSeeOther {
			t.Fatalf("Kiểm tra ngay = %d", p.status)
		}
		h.clock.Add(2 * time.Minute)
		if err := r.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if last, _ := h.web.Backups().Last(ctx, backup.KindVerify, false); last == nil || last.Reason != backup.ReasonRequest || !last.Succeeded() {
			t.Fatalf("the asked-for check %+v", last)
		}

		// /metrics: the last successes, from the record.
		rec := metricsFrom(h.web, "127.0.0.1:40000")
		for _, g := range []string{"cong_backup_last_success_timestamp_seconds", "cong_backup_last_verify_success_timestamp_seconds"} {
			m := regexp.MustCompile(`(?m)^` + g + ` (\S+)$`).FindStringSubmatch(rec.Body.String())
			if m == nil {
				t.Errorf("/metrics lacks %s", g)
				continue
			}
			v, _ := strconv.ParseFloat(m[1], 64)
			if d := h.clock.Now().Sub(time.Unix(int64(v), 0)); d < 0 || d > 5*time.Minute {
				t.Errorf("%s = %s, %v before the clock", g, m[1], d)
			}
		}

		// Settings: a bad time is marked; a good change is audited.
		p = qt.post("/quan-tri/sao-luu", url.Values{"enabled": {"1"}, "at": {"25:00"}, "keep_daily": {"7"}, "keep_weekly": {"4"}, "keep_monthly": {"12"}})
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(fieldTag(p.body, "input", "at"), `aria-invalid="true"`) {
			t.Errorf("a time of 25:00 = %d, field %s", p.status, fieldTag(p.body, "input", "at"))
		}
		blocker := filepath.Join(t.TempDir(), "tep")
		os.WriteFile(blocker, []byte("không phải thư mục"), 0o600)
		before = h.auditCount("backup.settings")
		p = qt.post("/quan-tri/sao-luu", url.Values{"enabled": {"1"}, "at": {"01:30"}, "dest": {filepath.Join(blocker, "sao-luu")},
			"keep_daily": {"5"}, "keep_weekly": {"2"}, "keep_monthly": {"6"}})
		if p.status != http.StatusSeeOther || h.auditCount("backup.settings") != before+1 {
			t.Fatalf("saving the settings = %d %.500s", p.status, p.body)
		}
		set, _ := h.web.Backups().Settings(ctx)
		if set.AtMinute != 90 || set.Keep != (backup.Retention{Daily: 5, Weekly: 2, Monthly: 6}) {
			t.Errorf("settings %+v", set)
		}

		// A failed backup: every administrator with an address is mailed.
		qt.post("/quan-tri/sao-luu/sao-luu-ngay", url.Values{})
		h.clock.Add(2 * time.Minute)
		if err := r.RunOnce(ctx); err == nil {
			t.Fatal("a backup into a folder under a file succeeded")
		}
		queued, err := outbox.List(ctx, "queued", 50)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, e := range queued {
			if strings.Contains(e.Subject, "Sao lưu thất bại") {
				to = append(to, e.To)
			}
		}
		if !slices.Contains(to, "qtri.sl@tinh.gov.vn") || slices.Contains(to, "btv.sl@tinh.gov.vn") {
			t.Errorf("the failure was mailed to %v; want every administrator and no one else", to)
		}
		if p := qt.get("/quan-tri/sao-luu"); !strings.Contains(p.body, "Thất bại") || !strings.Contains(p.body, "not a directory") {
			t.Errorf("the failure is not on the screen:\n%.4000s", p.body)
		}
	})
}

// personWithMail is person with a mail address.
func (h *harness) personWithMail(username, email string, role account.Role, siteCode string) *account.User {
	h.t.Helper()
	ctx := context.Background()
	u, err := h.users.Create(ctx, account.NewUser{Username: username, FullName: "Người " + username, Email: email, Password: testPassword}, audit.CLI)
	if err != nil {
		h.t.Fatal(err)
	}
	st, err := site.NewSites(h.db, h.clock.Now).ByCode(ctx, siteCode)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.users.Grant(ctx, u.ID, st.ID, role, audit.CLI); err != nil {
		h.t.Fatal(err)
	}
	return u
}
