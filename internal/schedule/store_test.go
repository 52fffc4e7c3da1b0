package schedule

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

var (
	editor = audit.Actor{Name: "bientap", IP: "local"}
	head   = audit.Actor{Name: "truongban", IP: "local"}
)

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid || e.Fields[field].VI == "" {
		t.Errorf("%s: %v; want a message on %s", what, err, field)
		return
	}
	t.Logf("%s: %s", what, e.Fields[field].VI)
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWeeks(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"2026-W49", "2026-11-30"}, {"2026-w50", "2026-12-07"}, {"2026W01", "2025-12-29"}, {"2026-W53", "2026-12-28"},
		{"2026-12-13", "2026-12-07"}, {"2026-12-07", "2026-12-07"}, {"2027-W53", ""}, {"2026-W00", ""}, {"tuan", ""}, {"2026-02-31", ""},
	} {
		got, ok := ParseWeek(c.in)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("ParseWeek(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if got := Name("2026-12-07"); got != "2026-W50" {
		t.Errorf("Name = %q", got)
	}
	if got := DayWords("2026-12-07"); got != "Thứ Hai, ngày 7 tháng 12 năm 2026" {
		t.Errorf("DayWords = %q", got)
	}
	// Viet Nam's week: Sunday 23:30 there is Sunday 16:30 UTC, still the
	// week of Monday 7; Monday 00:15 there is Sunday 17:15 UTC, the next.
	if got := WeekOf(time.Date(2026, 12, 13, 16, 30, 0, 0, time.UTC)); got != "2026-12-07" {
		t.Errorf("Sunday 23:30 in Viet Nam falls in %s", got)
	}
	if got := WeekOf(time.Date(2026, 12, 13, 17, 15, 0, 0, time.UTC)); got != "2026-12-14" {
		t.Errorf("Monday 00:15 in Viet Nam falls in %s", got)
	}
	for in, want := range map[string]string{"8:00": "08:00", "08:30": "08:30", "14h": "14:00", "14h30": "14:30", "7 giờ 30": "07:30", "25:00": "", "8:75": "", "sáng": ""} {
		got, ok := readTime(in)
		if got != want || ok != (want != "") {
			t.Errorf("readTime(%q) = %q, %v", in, got, ok)
		}
	}
}

// TestSchedule: entries, the week's publication, changes after it, the
// week's bounds in Viet Nam's time, the copy of the recurring entries,
// the checks of the input; on both databases.
func TestSchedule(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT)
		now := func() time.Time { return clock }
		sites := site.NewSites(db, now)
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Cổng tỉnh"}
		other := &site.Site{Code: "so", Kind: site.Department, PathPrefix: "/so", Name: "Sở"}
		for _, x := range []*site.Site{st, other} {
			if err := sites.Create(ctx, x, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		dir := directory.NewStore(db, now)
		chair := &directory.Person{SiteID: st.ID, FullName: "Hoàng Văn K", Title: "Chủ tịch UBND tỉnh", Leader: true}
		stranger := &directory.Person{SiteID: other.ID, FullName: "Người Sở", Title: "Giám đốc"}
		for _, p := range []*directory.Person{chair, stranger} {
			if err := dir.SavePerson(ctx, p, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		s := NewStore(db, now)
		week := "2026-12-07"

		// Bad input: each a message on its field, nothing saved.
		for _, c := range []struct {
			what  string
			e     Entry
			field string
		}{
			{"end before start", Entry{Day: "2026-12-08", Start: "14:00", End: "09:00", Leader: "A", Content: "Họp"}, "end"},
			{"end equal to start", Entry{Day: "2026-12-08", Start: "14:00", End: "14h", Leader: "A", Content: "Họp"}, "end"},
			{"a day that does not exist", Entry{Day: "31/02/2026", Start: "08:00", Leader: "A", Content: "Họp"}, "day"},
			{"a day of another week", Entry{Day: "2026-12-14", Start: "08:00", Leader: "A", Content: "Họp"}, "day"},
			{"an empty content", Entry{Day: "2026-12-08", Start: "08:00", Leader: "A", Content: "   "}, "content"},
			{"a leader too long", Entry{Day: "2026-12-08", Start: "08:00", Leader: strings.Repeat("Nguyễn ", 40), Content: "Họp"}, "leader"},
			{"no leader", Entry{Day: "2026-12-08", Start: "08:00", Content: "Họp"}, "leader"},
			{"a bad time", Entry{Day: "2026-12-08", Start: "sáng", Leader: "A", Content: "Họp"}, "start"},
			{"another site's person", Entry{Day: "2026-12-08", Start: "08:00", PersonID: stranger.ID, Content: "Họp"}, "leader"},
		} {
			e := c.e
			e.SiteID, e.Week = st.ID, week
			wantField(t, c.what, s.Save(ctx, &e, editor), c.field)
		}

		// Entries: one from the directory, one typed in, one at 23:30 on
		// Sunday, one of the week after at 00:15 on Monday.
		monday := &Entry{SiteID: st.ID, Week: "2026-W50", Day: "07/12/2026", Start: "8:00", End: "11:30", PersonID: chair.ID,
			Content: "Họp giao ban Thường trực UBND tỉnh", Place: "Phòng họp số 1, trụ sở UBND tỉnh", Chair: "Chủ tịch UBND tỉnh",
			Participants: "Các Phó Chủ tịch UBND tỉnh; Chánh Văn phòng", Unit: "Văn phòng UBND tỉnh", Recurring: true}
		visit := &Entry{SiteID: st.ID, Week: week, Day: "2026-12-09", Start: "14:00", Leader: "Phan Thị L", Title: "Phó Chủ tịch UBND tỉnh",
			Content: "Kiểm tra tiến độ dự án đường ven sông", Place: "Phường Trấn Biên"}
		late := &Entry{SiteID: st.ID, Day: "2026-12-13", Start: "23:30", Leader: "Phan Thị L", Content: "Trực ứng phó mưa lớn"}
		next := &Entry{SiteID: st.ID, Day: "2026-12-14", Start: "00:15", Leader: "Phan Thị L", Content: "Trực ứng phó mưa lớn (tiếp)"}
		for _, e := range []*Entry{monday, visit, late, next} {
			if err := s.Save(ctx, e, editor); err != nil {
				t.Fatalf("save %s: %v", e.Content, err)
			}
		}
		if monday.Leader != "Hoàng Văn K" || monday.Title != "Chủ tịch UBND tỉnh" || monday.Day != "2026-12-07" || monday.Start != "08:00" {
			t.Errorf("the directory's leader: %+v", monday)
		}
		if late.Week != week || next.Week != "2026-12-14" {
			t.Errorf("Sunday 23:30 in week %s, Monday 00:15 in week %s", late.Week, next.Week)
		}
		if got := late.Starts(); !got.Equal(time.Date(2026, 12, 13, 16, 30, 0, 0, time.UTC)) {
			t.Errorf("Sunday 23:30 starts at %v", got)
		}
		// Another site's schedule: not ours.
		if err := s.Save(ctx, &Entry{SiteID: other.ID, Day: "2026-12-08", Start: "08:00", Leader: "Người Sở", Content: "Họp Sở"}, editor); err != nil {
			t.Fatal(err)
		}
		if auditCount(t, db, "schedule.entry.create") != 5 {
			t.Errorf("%d creations audited", auditCount(t, db, "schedule.entry.create"))
		}

		// Not published: the public sees nothing, the staff all.
		pub, err := s.Week(ctx, st.ID, week, true)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Published() || pub.Entries != nil {
			t.Fatalf("an unpublished week shows %d entries", len(pub.Entries))
		}
		staff, err := s.Week(ctx, st.ID, week, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(staff.Entries) != 3 || staff.Entries[0].ID != monday.ID || staff.Entries[1].ID != visit.ID || staff.Entries[2].ID != late.ID {
			t.Fatalf("the week's entries: %d", len(staff.Entries))
		}
		// A change before publication is no public change.
		visit.Place = "Phường Trấn Biên và phường Long Bình"
		if err := s.Save(ctx, visit, editor); err != nil {
			t.Fatal(err)
		}
		if e, _ := s.Entry(ctx, st.ID, visit.ID); e.ChangedAt != nil || e.Place != "Phường Trấn Biên và phường Long Bình" {
			t.Errorf("a change before publication: %+v", e)
		}
		// Removing before publication deletes.
		if err := s.Remove(ctx, st.ID, next.ID, editor); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Entry(ctx, st.ID, next.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a removed entry of an unpublished week: %v", err)
		}
		// Another site cannot touch ours.
		if err := s.Remove(ctx, other.ID, visit.ID, editor); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another site removes ours: %v", err)
		}

		// Publication: of the whole week, once; an empty week cannot.
		if err := s.Publish(ctx, st.ID, "2026-W52", head); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("publish an empty week: %v", err)
		}
		clock = clock.Add(time.Hour)
		if err := s.Publish(ctx, st.ID, "2026-W50", head); err != nil {
			t.Fatal(err)
		}
		if err := s.Publish(ctx, st.ID, week, head); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("publish twice: %v", err)
		}
		if auditCount(t, db, "schedule.week.publish") != 1 {
			t.Errorf("publication not audited")
		}
		pub, _ = s.Week(ctx, st.ID, week, true)
		if !pub.Published() || len(pub.Entries) != 3 || len(pub.Changes) != 0 || pub.PublishedBy != "truongban" {
			t.Fatalf("the published week: %v, %d entries, %d changes", pub.Published(), len(pub.Entries), len(pub.Changes))
		}

		// Changes after publication: recorded, with what changed.
		clock = clock.Add(2 * time.Hour)
		moved := *visit
		moved.Start, moved.Place, moved.Note = "15:30", "Phường Long Bình", "ghi chú nội bộ"
		if err := s.Save(ctx, &moved, editor); err != nil {
			t.Fatal(err)
		}
		noteOnly := moved
		noteOnly.Note = "chỉ sửa ghi chú"
		if err := s.Save(ctx, &noteOnly, editor); err != nil {
			t.Fatal(err)
		}
		added := &Entry{SiteID: st.ID, Week: week, Day: "2026-12-10", Start: "09:00", PersonID: chair.ID, Content: "Tiếp công dân định kỳ", Place: "Trụ sở Tiếp công dân tỉnh"}
		if err := s.Save(ctx, added, editor); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(ctx, st.ID, late.ID, editor); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(ctx, st.ID, late.ID, editor); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("cancel twice: %v", err)
		}
		if err := s.Save(ctx, late, editor); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("change a cancelled entry: %v", err)
		}
		pub, _ = s.Week(ctx, st.ID, week, true)
		if len(pub.Entries) != 4 || len(pub.Changes) != 3 {
			t.Fatalf("after the changes: %d entries, %d changes", len(pub.Entries), len(pub.Changes))
		}
		kinds := []string{pub.Changes[0].Kind, pub.Changes[1].Kind, pub.Changes[2].Kind}
		if kinds[0] != Changed || kinds[1] != Added || kinds[2] != Cancelled {
			t.Errorf("the changes: %v", kinds)
		}
		if c := pub.Changes[0]; !strings.Contains(c.Summary, "Thời gian: 14:00 → 15:30") || !strings.Contains(c.Summary, "Địa điểm:") ||
			strings.Contains(c.Summary, "ghi chú") || !c.At.Equal(clock) || c.By != "bientap" {
			t.Errorf("the change: %+v", c)
		}
		for _, e := range pub.Entries {
			switch e.ID {
			case visit.ID, added.ID:
				if e.ChangedAt == nil || !e.ChangedAt.Equal(clock) || e.LastChange == nil {
					t.Errorf("%s: changed at %v", e.Content, e.ChangedAt)
				}
			case late.ID:
				if !e.Cancelled() || e.LastChange == nil || e.LastChange.Kind != Cancelled {
					t.Errorf("the cancelled entry: %+v", e)
				}
			case monday.ID:
				if e.ChangedAt != nil {
					t.Errorf("the unchanged entry shows a change")
				}
			}
		}
		if auditCount(t, db, "schedule.entry.update") != 3 || auditCount(t, db, "schedule.entry.cancel") != 1 || auditCount(t, db, "schedule.entry.remove") != 1 {
			t.Errorf("audit: %d updates, %d cancellations, %d removals", auditCount(t, db, "schedule.entry.update"),
				auditCount(t, db, "schedule.entry.cancel"), auditCount(t, db, "schedule.entry.remove"))
		}

		// The copy of the recurring entries into the next week: once.
		n, err := s.CopyRecurring(ctx, st.ID, "2026-W51", editor)
		if err != nil || n != 1 {
			t.Fatalf("copy: %d, %v", n, err)
		}
		if n, err := s.CopyRecurring(ctx, st.ID, "2026-12-16", editor); err != nil || n != 0 {
			t.Errorf("copy again: %d, %v", n, err)
		}
		nw, _ := s.Week(ctx, st.ID, "2026-12-14", false)
		if len(nw.Entries) != 1 || nw.Entries[0].Day != "2026-12-14" || nw.Entries[0].Start != "08:00" || nw.Entries[0].End != "11:30" ||
			nw.Entries[0].Content != monday.Content || !nw.Entries[0].Recurring || nw.Entries[0].CopiedFrom != monday.ID || nw.Entries[0].PersonID != chair.ID {
			t.Errorf("the copy: %+v", nw.Entries)
		}
		if _, err := s.CopyRecurring(ctx, st.ID, week, editor); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("copy into a published week: %v", err)
		}
		if _, err := s.CopyRecurring(ctx, st.ID, "2026-W99", editor); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("copy into no week: %v", err)
		}
		if auditCount(t, db, "schedule.week.copy") != 2 {
			t.Errorf("copies audited: %d", auditCount(t, db, "schedule.week.copy"))
		}
	})
}
