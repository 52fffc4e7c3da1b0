package backup_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// ict is a moment of Vietnam's time.
func ict(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vn.ICT)
}

func okRun(at time.Time, ok bool) backup.RunRecord {
	return backup.RunRecord{Kind: backup.KindBackup, Started: at.UTC(), OK: &ok}
}

// TestBackupDue: the schedule decides from the clock, the daily time and
// the runs since that time whether a backup is due.
func TestBackupDue(t *testing.T) {
	set := &backup.Settings{Enabled: true, AtMinute: 2 * 60, From: ict(2026, 3, 1, 10, 0).UTC()}
	day := func(h, m int) time.Time { return ict(2026, 3, 5, h, m) }
	for _, c := range []struct {
		name string
		now  time.Time
		runs []backup.RunRecord
		want bool
	}{
		{"before the time, yesterday's taken", day(1, 59), []backup.RunRecord{okRun(ict(2026, 3, 4, 2, 0), true)}, false},
		{"at the time", day(2, 0), []backup.RunRecord{okRun(ict(2026, 3, 4, 2, 0), true)}, true},
		{"taken today", day(2, 1), []backup.RunRecord{okRun(day(2, 0), true)}, false},
		{"node down at the time: caught up", day(9, 30), []backup.RunRecord{okRun(ict(2026, 3, 3, 2, 0), true)}, true},
		{"one a day however long the node was down", day(9, 31), []backup.RunRecord{okRun(day(9, 30), true)}, false},
		{"a backup by hand after the time counts", day(3, 0), []backup.RunRecord{okRun(day(2, 30), true)}, false},
		{"failed: not again within the hour", day(2, 59), []backup.RunRecord{okRun(day(2, 0), false)}, false},
		{"failed: again an hour later", day(3, 0), []backup.RunRecord{okRun(day(2, 0), false)}, true},
		{"failed three times: wait for tomorrow", day(9, 0), []backup.RunRecord{okRun(day(2, 0), false), okRun(day(3, 0), false), okRun(day(4, 0), false)}, false},
		{"failed yesterday: due today", day(2, 0), []backup.RunRecord{okRun(ict(2026, 3, 4, 2, 0), false)}, true},
		{"running now counts as an attempt", day(2, 10), []backup.RunRecord{{Kind: backup.KindBackup, Started: day(2, 0).UTC()}}, false},
		{"midnight: yesterday's time", ict(2026, 3, 6, 0, 30), []backup.RunRecord{okRun(day(2, 0), true)}, false},
	} {
		if got, _ := backup.BackupDue(c.now, set, c.runs); got != c.want {
			t.Errorf("%s: due = %v; want %v", c.name, got, c.want)
		}
	}
	// A time late in the evening, in UTC the day before.
	late := &backup.Settings{Enabled: true, AtMinute: 23*60 + 30, From: set.From}
	if due, slot := backup.BackupDue(ict(2026, 3, 5, 23, 29), late, nil); !due || !slot.Equal(ict(2026, 3, 4, 23, 30)) {
		t.Errorf("23:29: due %v for %v; want yesterday's 23:30 owed", due, slot.In(vn.ICT))
	}
	// A new installation owes nothing before its first time.
	fresh := &backup.Settings{Enabled: true, AtMinute: 120, From: day(10, 0).UTC()}
	if due, _ := backup.BackupDue(day(23, 0), fresh, nil); due {
		t.Error("a schedule begun at 10:00 owes the 02:00 of the same day")
	}
	if due, _ := backup.BackupDue(ict(2026, 3, 6, 2, 0), fresh, nil); !due {
		t.Error("not due at the first time after the schedule began")
	}
	off := *set
	off.Enabled = false
	if due, _ := backup.BackupDue(day(3, 0), &off, nil); due {
		t.Error("due with the schedule turned off")
	}
}

// TestVerifyDue: the check runs weekly, and daily after a failure.
func TestVerifyDue(t *testing.T) {
	set := &backup.Settings{Enabled: true}
	now := ict(2026, 3, 10, 2, 5)
	for _, c := range []struct {
		name          string
		have          bool
		lastOK, tried time.Time
		want          bool
	}{
		{"never checked", true, time.Time{}, time.Time{}, true},
		{"nothing to check", false, time.Time{}, time.Time{}, false},
		{"checked 6 days ago", true, now.Add(-6 * 24 * time.Hour), now.Add(-6 * 24 * time.Hour), false},
		{"checked 7 days ago", true, now.Add(-7 * 24 * time.Hour), now.Add(-7 * 24 * time.Hour), true},
		{"failed 2 hours ago", true, now.Add(-8 * 24 * time.Hour), now.Add(-2 * time.Hour), false},
		{"failed a day ago", true, now.Add(-9 * 24 * time.Hour), now.Add(-24 * time.Hour), true},
	} {
		if got := backup.VerifyDue(now, set, c.have, c.lastOK, c.tried); got != c.want {
			t.Errorf("%s: due = %v; want %v", c.name, got, c.want)
		}
	}
}

// TestRetentionOver400Days takes a backup every day at 02:00 for 400
// days and prunes after each as the job does; what is left is exactly
// what the rule keeps when applied to the whole history at once (nothing
// the rule wants later was removed earlier): the last 7 days, the newest
// of each of the last 4 ISO weeks and of each of the last 12 months.
func TestRetentionOver400Days(t *testing.T) {
	r := backup.DefaultRetention
	start := ict(2025, 11, 20, 2, 0)
	var kept, all []backup.Stamp
	var now time.Time
	for d := range 400 {
		now = start.AddDate(0, 0, d)
		b := backup.Stamp{Name: "cong-" + now.UTC().Format("20060102T150405Z"), At: now.UTC()}
		kept = append(kept, b)
		all = append(all, b)
		sel := backup.Select(kept, now.Add(3*time.Minute), r)
		kept = slices.DeleteFunc(kept, func(s backup.Stamp) bool { return sel[s.Name] == 0 })
	}
	// The rule over the whole history, written out plainly.
	want := map[string]bool{}
	last := map[string]backup.Stamp{} // group → newest
	for _, b := range all {
		t := b.At.In(vn.ICT)
		y, w := t.ISOWeek()
		for _, g := range []string{"d" + t.Format("2006-01-02"), fmt.Sprintf("w%d-%d", y, w), "m" + t.Format("2006-01")} {
			if cur, ok := last[g]; !ok || b.At.After(cur.At) {
				last[g] = b
			}
		}
	}
	end := now.In(vn.ICT)
	for i := range 7 {
		want[last["d"+end.AddDate(0, 0, -i).Format("2006-01-02")].Name] = true
	}
	for i := range 4 {
		y, w := end.AddDate(0, 0, -7*i).ISOWeek()
		want[last[fmt.Sprintf("w%d-%d", y, w)].Name] = true
	}
	first := time.Date(end.Year(), end.Month(), 1, 0, 0, 0, 0, vn.ICT)
	for i := range 12 {
		want[last["m"+first.AddDate(0, -i, 0).Format("2006-01")].Name] = true
	}
	delete(want, "")
	var got []string
	for _, b := range kept {
		got = append(got, b.Name)
	}
	var wantNames []string
	for n := range want {
		wantNames = append(wantNames, n)
	}
	sort.Strings(got)
	sort.Strings(wantNames)
	if strings.Join(got, " ") != strings.Join(wantNames, " ") {
		t.Fatalf("after 400 days kept %d:\n%v\nwant %d:\n%v", len(got), got, len(wantNames), wantNames)
	}
	// 7 days; 3 more weeks (this week's newest is today's); 11 more
	// months, minus those whose last day is also a kept week's newest.
	if len(got) < 19 || len(got) > 23 {
		t.Errorf("kept %d backups; want about 7 + 3 + 11", len(got))
	}
	// Each monthly one is the month's last backup.
	sel := backup.Select(kept, now.Add(3*time.Minute), r)
	monthly := 0
	for _, b := range kept {
		if sel[b.Name]&backup.KeepMonthly == 0 {
			continue
		}
		monthly++
		at := b.At.In(vn.ICT)
		if next := at.AddDate(0, 0, 1); next.Month() == at.Month() && at.Month() != end.Month() {
			t.Errorf("%s kept as a month's newest; it is not the last day of its month", b.Name)
		}
	}
	if monthly != 12 {
		t.Errorf("%d monthly backups kept; want 12", monthly)
	}
	// The newest verified backup stays, however old.
	old := kept[0].Name
	sel = backup.Select(kept, now.AddDate(2, 0, 0), r, old)
	if sel[old]&backup.KeepVerified == 0 {
		t.Errorf("the verified backup %s would be removed", old)
	}
	// And the newest of all, even when every period is past.
	if sel[kept[len(kept)-1].Name]&backup.KeepNewest == 0 {
		t.Error("the newest backup would be removed two years on")
	}
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// tiny is a migrated, nearly empty portal with a media folder of a few
// files.
func tiny(t *testing.T, dialect store.Dialect) (*store.DB, string) {
	t.Helper()
	var db *store.DB
	if dialect == store.Postgres {
		db = storetest.Postgres(t)
	} else {
		db = storetest.SQLite(t)
	}
	dir := t.TempDir()
	for _, f := range []string{"a/1.txt", "a/2.txt"} {
		writeFile(t, filepath.Join(dir, f), "tệp "+f)
	}
	return db, dir
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o640); err != nil {
		t.Fatal(err)
	}
}

// TestPruneRemovesBackupsAndMedia takes real backups on days spread over
// a year, each with a media file of its own, and prunes: the backups the
// rule drops are gone with the media only they listed, the media a kept
// backup lists stay, and every kept backup still verifies.
func TestPruneRemovesBackupsAndMedia(t *testing.T) {
	ctx := context.Background()
	db, media := tiny(t, store.SQLite)
	dest := local(t)
	clk := &fakeClock{}
	days := []time.Time{
		ict(2026, 1, 10, 2, 0), ict(2026, 1, 31, 2, 0), // January: the 31st is its newest
		ict(2026, 2, 27, 2, 0), ict(2026, 2, 28, 2, 0), // February: the 28th
		ict(2026, 6, 1, 2, 0), ict(2026, 6, 2, 2, 0), ict(2026, 6, 3, 2, 0), // one ISO week
		ict(2026, 6, 20, 2, 0), ict(2026, 6, 21, 2, 0), ict(2026, 6, 22, 2, 0),
	}
	names := map[time.Time]string{}
	for i, d := range days {
		writeFile(t, filepath.Join(media, "day", d.Format("0102")+".txt"), "chỉ bản sao lưu ngày "+d.Format("02/01"))
		clk.Set(d)
		res, err := backup.Run(ctx, backup.Options{DB: db, MediaDir: media, Dest: dest, CongVersion: "test", Now: clk.Now})
		if err != nil {
			t.Fatal(err)
		}
		names[d] = res.Name
		if i < len(days)-1 { // the file goes; later backups do not list it
			os.Remove(filepath.Join(media, "day", d.Format("0102")+".txt"))
		}
	}
	now := ict(2026, 6, 22, 2, 5)
	removed, err := backup.Prune(ctx, dest, backup.Retention{Daily: 2, Weekly: 2, Monthly: 12}, now, names[days[0]])
	if err != nil {
		t.Fatal(err)
	}
	// Kept: 06-22 and 06-21 (the days; also the newest of this ISO week
	// and of the last, 06-15…06-21); the months' newest: 06-22, 02-28,
	// 01-31; and 01-10, the verified one. Gone: 01-10's neighbours in
	// nothing, 02-27, the week of 06-01…06-03, 06-20.
	wantKept := []time.Time{days[0], days[1], days[3], days[8], days[9]}
	left, err := backup.Backups(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range wantKept {
		want = append(want, names[d])
	}
	sort.Strings(want)
	if strings.Join(left, " ") != strings.Join(want, " ") {
		t.Fatalf("left %v; want %v (removed %v)", left, want, removed)
	}
	if len(removed) != len(days)-len(wantKept) {
		t.Errorf("removed %v", removed)
	}
	// Media: each kept backup's own file is there, the others' are gone,
	// and the files every backup shares stay.
	sum := func(body string) string { s := sha256.Sum256([]byte(body)); return hex.EncodeToString(s[:]) }
	for _, d := range days {
		own := sum("chỉ bản sao lưu ngày " + d.Format("02/01"))
		_, err := dest.Stat(ctx, "media/"+own[:2]+"/"+own)
		if keep := slices.Contains(wantKept, d); keep && err != nil {
			t.Errorf("the media file of kept %s is gone: %v", names[d], err)
		} else if !keep && err == nil {
			t.Errorf("the media file only %s listed is still there", names[d])
		}
	}
	shared := sum("tệp a/1.txt")
	if _, err := dest.Stat(ctx, "media/"+shared[:2]+"/"+shared); err != nil {
		t.Errorf("a media file every backup lists is gone: %v", err)
	}
	for _, n := range left {
		if _, err := backup.Verify(ctx, dest, n, nil); err != nil {
			t.Errorf("kept backup %s no longer verifies: %v", n, err)
		}
	}
	// A backup being written into the folder leaves the media alone.
	if err := os.MkdirAll(filepath.Join(dest.Dir, ".partial-cong-x"), 0o700); err != nil {
		t.Fatal(err)
	}
	stray := sum("stray")
	if _, err := dest.Put(ctx, "media/"+stray[:2]+"/"+stray, strings.NewReader("stray")); err != nil {
		t.Fatal(err)
	}
	if _, err := backup.Prune(ctx, dest, backup.Retention{Daily: 2, Weekly: 2, Monthly: 12}, now, names[days[0]]); err != nil {
		t.Fatal(err)
	}
	if _, err := dest.Stat(ctx, "media/"+stray[:2]+"/"+stray); err != nil {
		t.Error("media collected while a backup was being written")
	}
}

// TestCheckRestoreFindsTampering: the check restores a backup into a
// scratch SQLite database and compares it with the manifest, on a backup
// of either database; a table file changed by one byte is refused by its
// hash, and one rewritten with its manifest's hash made to match is
// caught by the row digest, naming the table.
func TestCheckRestoreFindsTampering(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, media := tiny(t, store.SQLite)
		dest := local(t)
		res, err := backup.Run(ctx, backup.Options{DB: db, DatabaseURL: db.ConnString(), MediaDir: media, Dest: dest, CongVersion: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ok, err := backup.CheckRestore(ctx, dest, res.Name, t.TempDir())
		if err != nil {
			t.Fatalf("check of a sound backup: %v", err)
		}
		if ok.Rows != res.Rows || ok.Tables != res.Tables || ok.Media != 2 {
			t.Errorf("check %+v; backup %+v", ok, res)
		}

		// A changed byte: the hash refuses it.
		file := filepath.Join(dest.Dir, res.Name, "tables", "backup_settings.jsonl.gz")
		orig, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(orig)
		bad[len(bad)/2] ^= 1
		os.WriteFile(file, bad, 0o600)
		_, err = backup.CheckRestore(ctx, dest, res.Name, t.TempDir())
		var ve *backup.VerifyError
		if !errors.As(err, &ve) || !strings.Contains(ve.Part, "backup_settings.jsonl.gz") {
			t.Fatalf("a changed byte: %v", err)
		}

		// A row changed and the manifest's hash of the file made to
		// match: only the restore and the row digest can tell.
		zr, err := gzip.NewReader(bytes.NewReader(orig))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		zw := gzip.NewWriter(&out)
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			line := strings.Replace(sc.Text(), ",7,4,12,", ",8,4,12,", 1) // keep_daily 7 → 8
			if line == sc.Text() {
				t.Fatalf("row not as expected: %s", line)
			}
			zw.Write([]byte(line + "\n"))
		}
		zw.Close()
		os.WriteFile(file, out.Bytes(), 0o600)
		mpath := filepath.Join(dest.Dir, res.Name, backup.ManifestName)
		var m backup.Manifest
		body, _ := os.ReadFile(mpath)
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		for i := range m.Tables {
			if m.Tables[i].Name == "backup_settings" {
				s := sha256.Sum256(out.Bytes())
				m.Tables[i].SHA256, m.Tables[i].Bytes = hex.EncodeToString(s[:]), int64(out.Len())
			}
		}
		body, _ = json.MarshalIndent(&m, "", "  ")
		os.WriteFile(mpath, body, 0o600)
		if _, err := backup.Verify(ctx, dest, res.Name, nil); err != nil {
			t.Fatalf("the consistent tampering is caught by the hashes already: %v", err)
		}
		_, err = backup.CheckRestore(ctx, dest, res.Name, t.TempDir())
		var me *backup.MismatchError
		if !errors.As(err, &me) || len(me.Tables) != 1 || !strings.HasPrefix(me.Tables[0], "backup_settings: ") {
			t.Fatalf("a changed row: %v", err)
		}
	})
}

// TestSchedulerTick drives the job with a fake clock on both databases:
// nothing before the first daily time, then a backup and the first
// check; one catch-up backup after the node was down; a backup asked for
// with the button; a failure recorded, told to the administrators, and
// tried again an hour later; and the last successes for /metrics.
func TestSchedulerTick(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, media := tiny(t, store.SQLite)
		data := t.TempDir()
		clk := &fakeClock{t: ict(2026, 3, 2, 10, 0)}
		var alerts []string
		s := &backup.Scheduler{DB: db, DatabaseURL: db.ConnString(), DataDir: data, MediaDir: media, CongVersion: "test",
			Node: "node-a", TempDir: t.TempDir(), Now: clk.Now,
			Alert: func(ctx context.Context, tx *store.Tx, subject, text string) error {
				alerts = append(alerts, subject+"\n"+text)
				return nil
			}}
		tick := func(at time.Time) {
			t.Helper()
			clk.Set(at)
			if err := s.Tick(ctx, at); err != nil {
				t.Fatalf("tick at %v: %v", at.In(vn.ICT), err)
			}
		}
		failing := func(at time.Time) {
			t.Helper()
			clk.Set(at)
			if err := s.Tick(ctx, at); err == nil || !strings.Contains(err.Error(), "not a directory") {
				t.Fatalf("tick at %v with a folder that cannot be made: %v", at.In(vn.ICT), err)
			}
		}
		count := func(kind string) int {
			t.Helper()
			runs, err := s.Runs(ctx, kind, time.Time{}, 100)
			if err != nil {
				t.Fatal(err)
			}
			return len(runs)
		}
		tick(ict(2026, 3, 2, 10, 0)) // the schedule begins
		tick(ict(2026, 3, 3, 1, 59))
		if n := count(""); n != 0 {
			t.Fatalf("%d runs before the first daily time", n)
		}
		tick(ict(2026, 3, 3, 2, 0))
		if count(backup.KindBackup) != 1 || count(backup.KindVerify) != 1 {
			t.Fatalf("at 02:00: %d backups, %d checks", count(backup.KindBackup), count(backup.KindVerify))
		}
		last, _ := s.Last(ctx, backup.KindVerify, false)
		if !last.Succeeded() || last.Name != "cong-20260302T190000Z" || last.Rows == 0 {
			t.Fatalf("first check %+v", last)
		}
		tick(ict(2026, 3, 3, 2, 1))
		tick(ict(2026, 3, 5, 9, 0)) // the node was down two nights: one backup
		tick(ict(2026, 3, 5, 9, 1))
		if n := count(backup.KindBackup); n != 2 {
			t.Fatalf("after the catch-up %d backups; want 2", n)
		}
		// The button.
		set, _ := s.Settings(ctx)
		if err := s.Request(ctx, backup.KindBackup, audit.Actor{Name: "qtri"}); err != nil {
			t.Fatal(err)
		}
		tick(ict(2026, 3, 5, 9, 2))
		runs, _ := s.Runs(ctx, backup.KindBackup, time.Time{}, 1)
		if runs[0].Reason != backup.ReasonRequest || runs[0].RequestedBy != "qtri" || !runs[0].Succeeded() {
			t.Fatalf("the asked-for backup %+v", runs[0])
		}
		// The one asked for is the day's newest: the retention keeps it
		// and drops the catch-up of the same day; the first stays as a
		// day's newest and the verified one.
		list, err := s.List(ctx, set, clk.Now(), last.Name)
		if err != nil || len(list) != 2 || list[0].Summary == nil || list[0].Rows == 0 || list[0].Media != 2 ||
			list[0].Name != runs[0].Name || list[0].Why != backup.KeepDaily|backup.KeepWeekly|backup.KeepMonthly|backup.KeepNewest ||
			list[1].Why != backup.KeepDaily|backup.KeepVerified {
			t.Fatalf("list %+v %v", list, err)
		}
		if runs[0].Pruned != 1 {
			t.Errorf("the asked-for backup's run says %d pruned; want 1", runs[0].Pruned)
		}
		okAt, err := s.LastSuccess(ctx, backup.KindBackup)
		if err != nil || !okAt.Equal(ict(2026, 3, 5, 9, 2).UTC()) {
			t.Errorf("last good backup %v %v", okAt, err)
		}
		if vAt, _ := s.LastSuccess(ctx, backup.KindVerify); !vAt.Equal(ict(2026, 3, 3, 2, 0).UTC()) {
			t.Errorf("last good check %v", vAt)
		}
		if len(alerts) != 0 {
			t.Fatalf("alerts without a failure: %v", alerts)
		}

		// A destination that cannot be written: failed, told, retried an
		// hour later.
		blocker := filepath.Join(data, "tep")
		writeFile(t, blocker, "không phải thư mục")
		set.Dest = filepath.Join(blocker, "sao-luu")
		if err := s.SaveSettings(ctx, *set, audit.Actor{Name: "qtri"}); err != nil {
			t.Fatal(err)
		}
		failing(ict(2026, 3, 6, 2, 0))
		runs, _ = s.Runs(ctx, backup.KindBackup, time.Time{}, 1)
		if !runs[0].Failed() || runs[0].Error == "" {
			t.Fatalf("the failed run %+v", runs[0])
		}
		if len(alerts) != 1 || !strings.Contains(alerts[0], "Sao lưu thất bại") || !strings.Contains(alerts[0], "node-a") {
			t.Fatalf("alerts %q", alerts)
		}
		tick(ict(2026, 3, 6, 2, 30))
		if n := count(backup.KindBackup); n != 4 {
			t.Errorf("%d backups; the failed one was tried again within the hour", n)
		}
		failing(ict(2026, 3, 6, 3, 0))
		if n := count(backup.KindBackup); n != 5 || len(alerts) != 2 {
			t.Errorf("%d backups, %d alerts; want the second attempt an hour later", n, len(alerts))
		}
		// The settings are checked.
		bad := *set
		bad.Dest = "sao-luu"
		if err := s.SaveSettings(ctx, bad, audit.Actor{Name: "qtri"}); err == nil {
			t.Error("a relative folder was accepted")
		}
		bad = *set
		bad.Dest = filepath.Join(media, "x")
		if err := s.SaveSettings(ctx, bad, audit.Actor{Name: "qtri"}); err == nil {
			t.Error("a folder inside the media folder was accepted")
		}
	})
}
