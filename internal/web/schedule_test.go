package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/schedule"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestScheduleRolesOverHTTP (issue 20, point 3): the role matrix of every
// staff action of the leaders' working schedule — editors write, the
// board head and deputy publish; the others are refused, each refusal
// logged.
func TestScheduleRolesOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		ctx := context.Background()
		roles := []struct {
			name                 string
			role                 account.Role
			open, write, publish bool
		}{
			{"lct.head", account.BoardHead, true, true, true},
			{"lct.deputy", account.BoardDeputy, true, true, true},
			{"lct.member", account.BoardMember, false, false, false},
			{"lct.lead", account.TeamLead, true, true, false},
			{"lct.editor", account.Editor, true, true, false},
			{"lct.ctv", account.Collaborator, false, false, false},
			{"lct.liaison", account.Liaison, false, false, false},
			{"lct.admin", account.Admin, false, false, false},
		}
		admin := "/quan-tri/s/dong-nai/lich-cong-tac"
		for i, r := range roles {
			h.person(r.name, r.role, "dong-nai")
			b := h.browser()
			b.signIn(r.name)
			// Each person works on a week of their own, from the fourth
			// week on (the demo published the current one).
			week := schedule.Name(schedule.AddWeeks(schedule.WeekOf(h.clock.Now()), 4+i))
			monday, _ := schedule.ParseWeek(week)
			denied := h.auditCount("denied")
			want := 0
			check := func(what string, got int, allowed bool, ok int) {
				t.Helper()
				if allowed && got != ok || !allowed && got != 403 {
					t.Errorf("%s %s: %d (allowed %v)", r.name, what, got, allowed)
				}
				if !allowed {
					want++
				}
			}
			check("opens the page", b.get(admin+"?tuan="+week).status, r.open, 200)
			entry := url.Values{"tuan": {week}, "day": {monday}, "start": {"08:00"}, "leader": {"Hoàng Văn K"}, "content": {"Họp " + r.name}}
			check("adds an entry", b.post(admin+"/muc", entry).status, r.write, 303)
			check("copies last week", b.post(admin+"/sao-chep", url.Values{"tuan": {week}}).status, r.write, 303)
			check("publishes", b.post(admin+"/cong-bo", url.Values{"tuan": {week}}).status, r.publish, 303)
			var id string
			err := db.QueryRow(ctx, `SELECT CAST(id AS TEXT) FROM schedule_entries WHERE content = ?`, "Họp "+r.name).Scan(&id)
			if r.write && err != nil {
				t.Fatalf("%s's entry: %v", r.name, err)
			}
			if id == "" {
				id = "1"
			}
			check("removes an entry", b.post(admin+"/muc/"+id+"/bo", nil).status, r.write, 303)
			if n := h.auditCount("denied"); n != denied+want {
				t.Errorf("%s: %d refusals logged; want %d", r.name, n-denied, want)
			}
		}
		// Not signed in: the sign-in page.
		if p := h.browser().get(admin); p.status != 303 && p.status != 302 {
			t.Errorf("anonymous: %d", p.status)
		}
	})
}

// TestScheduleOverHTTP: an editor enters a week (bad input answered with
// messages and what was typed), the public sees nothing until the board
// head publishes it, then the week by day with today, the leader filter,
// the calendar, the feed, JSON-LD and Dublin Core; a change after
// publication shows "Điều chỉnh" with its time at once (the cached page
// dropped), a cancellation shows too.
func TestScheduleOverHTTP(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		h.person("lich.head", account.BoardHead, "dong-nai")
		h.person("lich.editor", account.Editor, "dong-nai")
		head, editor, anon := h.browser(), h.browser(), h.browser()
		head.signIn("lich.head")
		editor.signIn("lich.editor")
		admin := "/quan-tri/s/dong-nai/lich-cong-tac"
		now := h.clock.Now()
		week := schedule.Name(schedule.AddWeeks(schedule.WeekOf(now), 1))
		monday, _ := schedule.ParseWeek(week)
		days := schedule.Days(monday)
		short := func(day string) string { return schedule.DayShort(day) }

		// The demo's week is public, with its change.
		p := anon.get("/lich-cong-tac")
		if p.status != 200 || !strings.Contains(p.body, "Hoàng Văn K") || !strings.Contains(p.body, "Điều chỉnh") ||
			!strings.Contains(p.body, `aria-current="date"`) || !strings.Contains(p.body, "(Hôm nay)") {
			t.Fatalf("the demo's week: %d\n%.3000s", p.status, p.body)
		}

		// Bad input: a message on the field, the form again with what was
		// typed, never a 500.
		base := url.Values{"tuan": {week}, "day": {short(days[1])}, "start": {"08:00"}, "end": {"11:00"}, "leader": {"Phan Thị L"},
			"title": {"Phó Chủ tịch UBND tỉnh"}, "content": {"Họp bàn kế hoạch đầu tư công năm sau"}, "place": {"Phòng họp số 3"}}
		for _, c := range []struct {
			what, field, value, msg, kept string
		}{
			{"end before start", "end", "07:00", "Giờ kết thúc (07:00) phải sau giờ bắt đầu (08:00).", "Họp bàn kế hoạch đầu tư công năm sau"},
			{"a day that does not exist", "day", "31/02/2027", "không có trên lịch", `value="31/02/2027"`},
			{"a day of another week", "day", short(days[0][:8] + "01"), "không thuộc tuần đang lập lịch", "Phòng họp số 3"},
			{"an empty content", "content", "  ", "Hãy ghi nội dung công tác.", `value="Phan Thị L"`},
			{"a leader too long", "leader", strings.Repeat("Phan Thị L ", 30), "Quá dài: tối đa 200 ký tự", "Họp bàn kế hoạch đầu tư công năm sau"},
			{"a bad time", "start", "tám giờ", "Hãy ghi giờ bắt đầu", `value="tám giờ"`},
		} {
			if c.what == "a day of another week" && schedule.WeekOfDay(days[0][:8]+"01") == monday {
				continue
			}
			form := url.Values{}
			for k, v := range base {
				form[k] = v
			}
			form.Set(c.field, c.value)
			p := editor.post(admin+"/muc", form)
			if p.status != 422 || !strings.Contains(p.body, c.msg) || !strings.Contains(p.body, c.kept) {
				t.Errorf("%s: %d; want 422 with %q and %q\n%.4000s", c.what, p.status, c.msg, c.kept, p.body)
			}
			if !regexp.MustCompile(`name="` + c.field + `"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="` + c.field + `"`).MatchString(p.body) {
				t.Errorf("%s: the field %s is not marked invalid", c.what, c.field)
			}
		}
		// A week that is none, on the public page and the staff's: the
		// current week, never a 500.
		for _, path := range []string{"/lich-cong-tac?tuan=2026-W77", "/lich-cong-tac?tuan=abc&lanh-dao=%3Cscript%3E", admin + "?tuan=xyz"} {
			b := anon
			if strings.HasPrefix(path, "/quan-tri") {
				b = editor
			}
			if p := b.get(path); p.status != 200 {
				t.Errorf("%s: %d", path, p.status)
			}
		}
		if p := editor.post(admin+"/cong-bo", url.Values{"tuan": {week}}); p.status != 403 {
			t.Errorf("the editor publishes: %d", p.status)
		}
		if p := head.post(admin+"/cong-bo", url.Values{"tuan": {week}}); p.status != 422 || !strings.Contains(p.body, "Tuần này chưa có mục nào để công bố.") {
			t.Errorf("publish an empty week: %d", p.status)
		}

		// The editor enters the week: from the directory, typed in, at
		// 23:30 on Sunday.
		var personID, personName string
		if err := db.QueryRow(context.Background(), `SELECT CAST(p.id AS TEXT), p.full_name FROM directory_people p JOIN sites s ON s.id = p.site_id
			WHERE s.code = 'dong-nai' ORDER BY p.id LIMIT 1`).Scan(&personID, &personName); err != nil {
			t.Fatal(err)
		}
		for _, form := range []url.Values{
			{"tuan": {week}, "day": {short(days[0])}, "start": {"8h"}, "end": {"10:00"}, "person_id": {personID}, "content": {"Họp giao ban Văn phòng"},
				"place": {"Phòng họp số 1"}, "chair": {"Chánh Văn phòng"}, "participants": {"Lãnh đạo các phòng"}, "unit": {"Phòng Tổng hợp"}, "recurring": {"1"}},
			base,
			{"tuan": {week}, "day": {days[6]}, "start": {"23:30"}, "leader": {"Đặng Văn M"}, "title": {"Phó Chủ tịch UBND tỉnh"}, "content": {"Trực ứng phó triều cường"},
				"place": {"Trạm bơm phường Long Bình"}},
		} {
			if p := editor.post(admin+"/muc", form); p.status != 303 {
				t.Fatalf("save %s: %d\n%.3000s", form.Get("content"), p.status, p.body)
			}
		}
		p = editor.get(admin + "?tuan=" + week)
		if p.status != 200 || !strings.Contains(p.body, "Họp giao ban Văn phòng") || !strings.Contains(p.body, personName) ||
			!strings.Contains(p.body, "chưa công bố") || strings.Contains(p.body, "lich-cong-tac/cong-bo") {
			t.Errorf("the editor's week: %d", p.status)
		}
		// Not published: nothing public.
		p = anon.get("/lich-cong-tac?tuan=" + week)
		if p.status != 200 || strings.Contains(p.body, "Họp giao ban Văn phòng") || !strings.Contains(p.body, "chưa được công bố") {
			t.Errorf("the unpublished week is public: %d", p.status)
		}
		if p := anon.get("/lich-cong-tac/lich.ics?tuan=" + week); strings.Contains(p.body, "VEVENT") {
			t.Errorf("the unpublished week's calendar has events")
		}

		// The board head publishes the week.
		published := h.auditCount("schedule.week.publish")
		if p := head.get(admin + "?tuan=" + week); !strings.Contains(p.body, "lich-cong-tac/cong-bo") {
			t.Errorf("the board head has no publish button")
		}
		if p := head.post(admin+"/cong-bo", url.Values{"tuan": {week}}); p.status != 303 {
			t.Fatalf("publish: %d\n%.2000s", p.status, p.body)
		}
		if h.auditCount("schedule.week.publish") != published+1 {
			t.Errorf("publication not audited")
		}
		if p := head.post(admin+"/cong-bo", url.Values{"tuan": {week}}); p.status != 409 || !strings.Contains(p.body, "đã được công bố") {
			t.Errorf("publish twice: %d", p.status)
		}
		p = anon.get("/lich-cong-tac?tuan=" + week)
		for _, want := range []string{"Thứ Hai, " + dayWords(days[0]), "Chủ nhật, " + dayWords(days[6]), "Họp giao ban Văn phòng", personName,
			"Phó Chủ tịch UBND tỉnh", "08:00 – 10:00", "Phòng họp số 1", "Chánh Văn phòng", "Lãnh đạo các phòng", "Phòng Tổng hợp",
			"Trực ứng phó triều cường", "23:30", `rel="prev"`, `rel="next"`, `<meta name="DC.title" content="Lịch công tác của lãnh đạo – Tuần`,
			`<meta name="DC.identifier"`, `<meta name="DC.publisher"`, `type="text/calendar"`, `value="` + week + `" selected`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the published week lacks %q", want)
			}
		}
		if strings.Contains(p.body, "Điều chỉnh</strong>") || strings.Contains(p.body, "(Hôm nay)") {
			t.Errorf("the new week shows a change or today")
		}
		// The 23:30 Sunday entry is on Sunday of this week.
		sunday := p.body[strings.Index(p.body, `id="ngay-`+days[6]+`"`):]
		if !strings.Contains(sunday, "Trực ứng phó triều cường") {
			t.Errorf("Sunday 23:30 is not on Sunday")
		}
		// JSON-LD: an Event for each entry, in +07:00, with its place.
		ld := p.body[strings.Index(p.body, `<script type="application/ld+json">`)+len(`<script type="application/ld+json">`):]
		ld = ld[:strings.Index(ld, "</script>")]
		var doc struct {
			Graph []struct {
				Type      string `json:"@type"`
				Name      string `json:"name"`
				StartDate string `json:"startDate"`
				EndDate   string `json:"endDate"`
				Location  struct {
					Type string `json:"@type"`
					Name string `json:"name"`
				} `json:"location"`
			} `json:"@graph"`
		}
		if err := json.Unmarshal([]byte(ld), &doc); err != nil {
			t.Fatalf("JSON-LD: %v\n%s", err, ld)
		}
		if len(doc.Graph) != 3 || doc.Graph[0].Type != "Event" || doc.Graph[0].StartDate != days[0]+"T08:00:00+07:00" ||
			doc.Graph[0].EndDate != days[0]+"T10:00:00+07:00" || doc.Graph[0].Location.Name != "Phòng họp số 1" || doc.Graph[2].StartDate != days[6]+"T23:30:00+07:00" {
			t.Errorf("JSON-LD: %+v", doc.Graph)
		}
		// The leader filter.
		p = anon.get("/lich-cong-tac?tuan=" + week + "&lanh-dao=dang-van-m")
		if !strings.Contains(p.body, "Trực ứng phó triều cường") || strings.Contains(p.body, "Họp giao ban Văn phòng") {
			t.Errorf("the filter by leader")
		}
		// The calendar.
		ics := anon.get("/lich-cong-tac/lich.ics?tuan=" + week)
		sun := strings.ReplaceAll(days[6], "-", "")
		if ics.status != 200 || !strings.HasPrefix(ics.header.Get("Content-Type"), "text/calendar") || strings.Count(ics.body, "BEGIN:VEVENT") != 3 ||
			!strings.Contains(ics.body, "DTSTART:"+sun+"T163000Z") || !strings.Contains(ics.body, "LOCATION:Trạm bơm phường Long Bình") ||
			!strings.Contains(ics.body, "\r\nEND:VCALENDAR\r\n") {
			t.Errorf("the calendar: %d %q\n%s", ics.status, ics.header.Get("Content-Type"), ics.body)
		}
		for _, l := range strings.Split(ics.body, "\r\n") {
			if len(l) > 75 {
				t.Errorf("an unfolded calendar line: %q", l)
			}
		}

		// A change after publication: "Điều chỉnh" with its time, at once.
		var id string
		if err := db.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM schedule_entries WHERE content = 'Họp bàn kế hoạch đầu tư công năm sau'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if p := editor.get(admin + "?sua=" + id); p.status != 200 || !strings.Contains(p.body, `value="Phòng họp số 3"`) {
			t.Errorf("the entry in the form: %d", p.status)
		}
		changed := url.Values{"id": {id}}
		for k, v := range base {
			changed[k] = v
		}
		changed.Set("start", "14:00")
		changed.Set("end", "16:00")
		changed.Set("place", "Hội trường B")
		if p := editor.post(admin+"/muc", changed); p.status != 303 {
			t.Fatalf("change: %d\n%.2000s", p.status, p.body)
		}
		p = anon.get("/lich-cong-tac?tuan=" + week)
		if !strings.Contains(p.body, "Điều chỉnh</strong> lúc") || !strings.Contains(p.body, "Thời gian: 08:00–11:00 → 14:00–16:00") ||
			!strings.Contains(p.body, "Hội trường B") || !strings.Contains(p.body, "Các điều chỉnh sau khi công bố") {
			t.Errorf("the change is not shown:\n%.6000s", p.body)
		}
		// A cancellation.
		var late string
		if err := db.QueryRow(context.Background(), `SELECT CAST(id AS TEXT) FROM schedule_entries WHERE content = 'Trực ứng phó triều cường'`).Scan(&late); err != nil {
			t.Fatal(err)
		}
		if p := editor.post(admin+"/muc/"+late+"/bo", nil); p.status != 303 {
			t.Fatalf("cancel: %d", p.status)
		}
		p = anon.get("/lich-cong-tac?tuan=" + week)
		if !strings.Contains(p.body, "Đã hủy") || !strings.Contains(p.body, "<s>Trực ứng phó triều cường</s>") {
			t.Errorf("the cancellation is not shown")
		}
		// The feed of the week's changes.
		f := anon.get("/lich-cong-tac/thay-doi.atom?tuan=" + week)
		if f.status != 200 || !strings.HasPrefix(f.header.Get("Content-Type"), "application/atom+xml") || strings.Count(f.body, "<entry>") != 3 ||
			!strings.Contains(f.body, "Hủy lịch: Đặng Văn M") || !strings.Contains(f.body, "Điều chỉnh lịch: Phan Thị L") ||
			!strings.Contains(f.body, "Công bố lịch công tác tuần "+week) {
			t.Errorf("the feed: %d\n%s", f.status, f.body)
		}
		if ics := anon.get("/lich-cong-tac/lich.ics?tuan=" + week); !strings.Contains(ics.body, "STATUS:CANCELLED") || !strings.Contains(ics.body, "SEQUENCE:1") {
			t.Errorf("the calendar after the changes:\n%s", ics.body)
		}

		// The copy of the recurring entries into the next week.
		next := schedule.Name(schedule.AddWeeks(monday, 1))
		if p := editor.post(admin+"/sao-chep", url.Values{"tuan": {next}}); p.status != 303 || !strings.Contains(p.location, "sao-chep=1") {
			t.Errorf("copy: %d %s", p.status, p.location)
		}
		if p := editor.get(admin + "?tuan=" + next + "&sao-chep=1"); !strings.Contains(p.body, "Họp giao ban Văn phòng") || !strings.Contains(p.body, "Đã sao chép") {
			t.Errorf("the copied week")
		}
		if p := editor.post(admin+"/sao-chep", url.Values{"tuan": {week}}); p.status != 422 || !strings.Contains(p.body, "đã công bố") {
			t.Errorf("copy into a published week: %d", p.status)
		}
	})
}

// dayWords is "ngày 7 tháng 12 năm 2026" of a YYYY-MM-DD day.
func dayWords(day string) string {
	w := schedule.DayWords(day)
	return w[strings.Index(w, "ngày"):]
}
