package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/schedule"
	"github.com/congportal/cong/internal/vn"
)

// weekParam is the canonical form of ?tuan= (cache.go): the week's ISO
// name, "2026-W50"; "" (the current week) for what is no week.
func weekParam(v string) string {
	if w, ok := schedule.ParseWeek(v); ok {
		return schedule.Name(w)
	}
	return ""
}

// scheduleWeekOf is the Monday of the week ?tuan= names, else the current
// week in Viet Nam.
func (s *Server) scheduleWeekOf(v string) string {
	if w, ok := schedule.ParseWeek(v); ok {
		return w
	}
	return schedule.WeekOf(s.now())
}

// scheduleDay is a day of a week's view.
type scheduleDay struct {
	Day     string // YYYY-MM-DD
	Words   string // "Thứ Hai, ngày 7 tháng 12 năm 2026"
	Today   bool
	Entries []*schedule.Entry
}

// weekChoice is a week of the week chooser.
type weekChoice struct {
	Value, Label string
	Selected     bool
}

// scheduleLeader is a leader of the filter: the slug of their name.
type scheduleLeader struct {
	Key, Name string
	Selected  bool
}

// scheduleView is what the public and staff views of a week share.
type scheduleView struct {
	Week       *schedule.Week
	Monday     string
	WeekName   string // 2026-W50
	Days       []scheduleDay
	Choices    []weekChoice
	Prev, Next string // the week before and after (their ?tuan=)
	lang       string
}

// newScheduleView lays a week out by day, with the chooser of the weeks
// around today and the chosen one; keep filters the entries.
func newScheduleView(w *schedule.Week, today, lang string, keep func(*schedule.Entry) bool) scheduleView {
	v := scheduleView{Week: w, Monday: w.Start, WeekName: schedule.Name(w.Start), lang: lang,
		Prev: schedule.Name(schedule.AddWeeks(w.Start, -1)), Next: schedule.Name(schedule.AddWeeks(w.Start, 1))}
	byDay := map[string][]*schedule.Entry{}
	for _, e := range w.Entries {
		if keep == nil || keep(e) {
			byDay[e.Day] = append(byDay[e.Day], e)
		}
	}
	for _, d := range schedule.Days(w.Start) {
		words := schedule.DayWords(d)
		if lang == "en" {
			t, _ := time.ParseInLocation(schedule.DayLayout, d, vn.ICT)
			words = t.Format("Monday, 2 January 2006")
		}
		v.Days = append(v.Days, scheduleDay{Day: d, Words: words, Today: d == today, Entries: byDay[d]})
	}
	current := schedule.WeekOfDay(today)
	seen := false
	for i := -8; i <= 4; i++ {
		m := schedule.AddWeeks(current, i)
		seen = seen || m == w.Start
		v.Choices = append(v.Choices, weekChoice{Value: schedule.Name(m), Label: weekLabel(m, lang), Selected: m == w.Start})
	}
	if !seen {
		v.Choices = append([]weekChoice{{Value: v.WeekName, Label: weekLabel(w.Start, lang), Selected: true}}, v.Choices...)
	}
	return v
}

// weekLabel names a week in the chooser: "Tuần 50 (07/12 – 13/12/2026)".
func weekLabel(monday, lang string) string {
	_, n := schedule.Number(monday)
	days := schedule.Days(monday)
	return fmt.Sprintf("%s %d (%s – %s)", pick(lang, "Tuần", "Week"), n, schedule.DayShort(days[0])[:5], schedule.DayShort(days[6]))
}

// Title is the week's heading: "Tuần 50, từ ngày 7 tháng 12 đến ngày 13
// tháng 12 năm 2026".
func (v *scheduleView) Heading() string {
	_, n := schedule.Number(v.Monday)
	days := schedule.Days(v.Monday)
	a, _ := time.ParseInLocation(schedule.DayLayout, days[0], vn.ICT)
	b, _ := time.ParseInLocation(schedule.DayLayout, days[6], vn.ICT)
	if v.lang == "en" {
		return fmt.Sprintf("Week %d, %s to %s", n, a.Format("2 January"), b.Format("2 January 2006"))
	}
	return fmt.Sprintf("Tuần %d, từ ngày %d tháng %d đến ngày %d tháng %d năm %d", n, a.Day(), int(a.Month()), b.Day(), int(b.Month()), b.Year())
}

// Time writes an entry's time: "08:00 – 11:30", or "08:00".
func (v *scheduleView) Time(e *schedule.Entry) string {
	if e.End == "" {
		return e.Start
	}
	return e.Start + " – " + e.End
}

// ISO is an instant as ISO 8601 in Viet Nam's time (+07:00).
func (v *scheduleView) ISO(t time.Time) string { return t.In(vn.ICT).Format(time.RFC3339) }

// ISOP is ISO of a time that may be nil.
func (v *scheduleView) ISOP(t *time.Time) string {
	if t == nil {
		return ""
	}
	return v.ISO(*t)
}

// When writes an instant as "14:05, Thứ Năm, ngày 3 tháng 12 năm 2026".
func (v *scheduleView) When(t time.Time) string {
	if v.lang == "en" {
		return t.In(vn.ICT).Format("15:04, 2 January 2006")
	}
	return vn.DateTimeWords(t.In(vn.ICT))
}

// WhenP is When of a time that may be nil.
func (v *scheduleView) WhenP(t *time.Time) string {
	if t == nil {
		return ""
	}
	return v.When(*t)
}

// Count is the number of entries shown in the week.
func (v *scheduleView) Count() int {
	n := 0
	for _, d := range v.Days {
		n += len(d.Entries)
	}
	return n
}

// schedulePage is the public week of a site's schedule.
type schedulePage struct {
	*Page
	scheduleView
	Leaders   []scheduleLeader
	Leader    string // the chosen leader's key ("" = all)
	Canonical string
	ld        template.JS
}

// JSONLD is the week's entries as schema.org Events.
func (p *schedulePage) JSONLD() template.JS { return p.ld }

// Query is the address of the public week name (with the chosen leader
// when keep).
func (p *schedulePage) Query(name string, keep bool) string {
	u := p.Link("/lich-cong-tac") + "?tuan=" + name
	if keep && p.Leader != "" {
		u += "&lanh-dao=" + p.Leader
	}
	return u
}

// File is the address of the week's calendar or feed of changes.
func (p *schedulePage) File(name string) string {
	return p.Link("/lich-cong-tac/"+name) + "?tuan=" + p.WeekName
}

// leaderKey is the filter's key of a leader: their name as a slug.
func leaderKey(e *schedule.Entry) string { return vn.Slug(e.Leader) }

// scheduleOf reads the public week the request names.
func (s *Server) scheduleOf(r *http.Request) (*schedule.Week, error) {
	return schedule.NewStore(s.db, s.now).Week(r.Context(), siteOf(r).ID, s.scheduleWeekOf(r.URL.Query().Get("tuan")), true)
}

// schedulePublic serves /lich-cong-tac: a published week of the leaders'
// schedule, Monday to Sunday, by day, filtered by leader (?lanh-dao=),
// today marked, every change after publication shown with its time.
func (s *Server) schedulePublic(w http.ResponseWriter, r *http.Request) error {
	st, lang := siteOf(r), langOf(r)
	wk, err := s.scheduleOf(r)
	if err != nil {
		return err
	}
	leader := r.URL.Query().Get("lanh-dao")
	var keep func(*schedule.Entry) bool
	if leader != "" {
		keep = func(e *schedule.Entry) bool { return leaderKey(e) == leader }
	}
	today := vn.Day(s.now())
	p := &schedulePage{Page: s.publicPage(r, translate(lang, "sched.title")), scheduleView: newScheduleView(wk, today, lang, keep), Leader: leader}
	seen := map[string]bool{}
	for _, e := range wk.Entries {
		if k := leaderKey(e); !seen[k] {
			seen[k] = true
			p.Leaders = append(p.Leaders, scheduleLeader{Key: k, Name: leaderLabel(e), Selected: k == leader})
		}
	}
	p.Canonical = p.Base + p.Link("/lich-cong-tac") + "?tuan=" + p.WeekName
	p.Title = translate(lang, "sched.title") + " – " + p.Heading()
	p.Description = translate(lang, "sched.title") + " – " + st.DisplayName(lang) + " – " + p.Heading()
	p.ld = scheduleJSONLD(p)
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	tagPage(r, siteTag(st.ID))
	return s.tmpl.render(w, http.StatusOK, "public/schedule", p)
}

func leaderLabel(e *schedule.Entry) string {
	if e.Title == "" {
		return e.Leader
	}
	return e.Leader + " – " + e.Title
}

// scheduleJSONLD describes each entry shown as a schema.org Event: its
// start (and end) in +07:00, its place, the leader, cancelled or
// rescheduled when so changed. encoding/json escapes <, > and &, so it
// cannot end the script.
func scheduleJSONLD(p *schedulePage) template.JS {
	org := map[string]any{"@type": "GovernmentOrganization", "name": p.Site.DisplayName(p.Lang), "url": p.Base + p.Site.URL("/")}
	var events []map[string]any
	for _, d := range p.Days {
		for _, e := range d.Entries {
			place := e.Place
			if place == "" {
				place = p.Site.DisplayName(p.Lang)
			}
			ev := map[string]any{"@type": "Event", "name": e.Content, "startDate": p.ISO(e.Starts()),
				"location":            map[string]any{"@type": "Place", "name": place, "address": place},
				"organizer":           org,
				"performer":           map[string]any{"@type": "Person", "name": e.Leader, "jobTitle": e.Title},
				"eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
				"eventStatus":         "https://schema.org/EventScheduled",
				"url":                 p.Canonical + "#muc-" + strconv.FormatInt(e.ID, 10),
				"inLanguage":          "vi",
			}
			if e.End != "" {
				ev["endDate"] = p.ISO(e.Ends())
			}
			if e.Participants != "" {
				ev["description"] = e.Participants
			}
			switch {
			case e.Cancelled():
				ev["eventStatus"] = "https://schema.org/EventCancelled"
			case e.LastChange != nil && e.LastChange.Kind == schedule.Changed:
				ev["eventStatus"] = "https://schema.org/EventRescheduled"
			}
			events = append(events, ev)
		}
	}
	doc := map[string]any{"@context": "https://schema.org", "@graph": events}
	if events == nil {
		doc["@graph"] = []any{}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return "{}"
	}
	return template.JS(out)
}

// scheduleICS serves /lich-cong-tac/lich.ics: the published week as
// iCalendar (RFC 5545), times in UTC; a cancelled entry is STATUS:CANCELLED
// and every change raises its SEQUENCE, so calendars that subscribed
// update it.
func (s *Server) scheduleICS(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	wk, err := s.scheduleOf(r)
	if err != nil {
		return err
	}
	host := r.Host
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	changes := map[int64]int{}
	for _, c := range wk.Changes {
		changes[c.EntryID]++
	}
	page := s.baseURL(r) + st.URL("/lich-cong-tac") + "?tuan=" + schedule.Name(wk.Start)
	var b strings.Builder
	line := func(name, value string) { b.WriteString(icsFold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Cong//Lich cong tac//VI")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", icsText("Lịch công tác – "+st.DisplayName("vi")+" – "+schedule.Name(wk.Start)))
	line("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh")
	utc := func(t time.Time) string { return t.UTC().Format("20060102T150405Z") }
	for _, e := range wk.Entries {
		line("BEGIN", "VEVENT")
		line("UID", "lich-cong-tac-"+strconv.FormatInt(e.ID, 10)+"@"+host)
		line("DTSTAMP", utc(e.UpdatedAt))
		line("LAST-MODIFIED", utc(e.UpdatedAt))
		line("DTSTART", utc(e.Starts()))
		if e.End != "" {
			line("DTEND", utc(e.Ends()))
		}
		line("SEQUENCE", strconv.Itoa(changes[e.ID]))
		line("SUMMARY", icsText(e.Leader+": "+e.Content))
		if e.Place != "" {
			line("LOCATION", icsText(e.Place))
		}
		var desc []string
		if e.Title != "" {
			desc = append(desc, "Lãnh đạo: "+e.Leader+", "+e.Title)
		}
		for _, f := range [][2]string{{"Chủ trì", e.Chair}, {"Thành phần", e.Participants}, {"Đơn vị chuẩn bị", e.Unit}, {"Ghi chú", e.Note}} {
			if f[1] != "" {
				desc = append(desc, f[0]+": "+f[1])
			}
		}
		if e.LastChange != nil {
			desc = append(desc, e.LastChange.Summary+" ("+e.LastChange.At.In(vn.ICT).Format("15:04 02/01/2006")+")")
		}
		if desc != nil {
			line("DESCRIPTION", icsText(strings.Join(desc, "\n")))
		}
		line("URL", page)
		if e.Cancelled() {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="lich-cong-tac-`+st.Code+`-`+schedule.Name(wk.Start)+`.ics"`)
	_, err = w.Write([]byte(b.String()))
	return err
}

// icsText escapes a TEXT value (RFC 5545, 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`).Replace(s)
}

// icsFold ends a content line with CRLF, folded at 75 octets without
// cutting a character in two.
func icsFold(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}

// scheduleFeed serves /lich-cong-tac/thay-doi.atom: the week's
// publication and every change made to it since, newest first.
func (s *Server) scheduleFeed(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	wk, err := s.scheduleOf(r)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	name := schedule.Name(wk.Start)
	page := base + st.URL("/lich-cong-tac") + "?tuan=" + name
	self := base + st.URL("/lich-cong-tac/thay-doi.atom") + "?tuan=" + name
	author := atomPerson{Name: st.DisplayName("vi")}
	f := atomFeed{Lang: "vi", ID: self, Title: "Lịch công tác tuần " + name + " – thay đổi – " + st.DisplayName("vi"), Author: author,
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}, {Rel: "alternate", Type: "text/html", Href: page}}}
	updated := st.CreatedAt
	if wk.PublishedAt != nil {
		updated = *wk.PublishedAt
	}
	for i := len(wk.Changes) - 1; i >= 0; i-- {
		c := wk.Changes[i]
		title := map[string]string{schedule.Added: "Bổ sung lịch", schedule.Changed: "Điều chỉnh lịch", schedule.Cancelled: "Hủy lịch"}[c.Kind]
		href := page
		if c.Entry != nil {
			title += ": " + c.Entry.Leader + " – " + c.Entry.Content
			href += "#muc-" + strconv.FormatInt(c.EntryID, 10)
		}
		at := c.At.UTC().Format(time.RFC3339)
		f.Entries = append(f.Entries, atomEntry{ID: page + "&thay-doi=" + strconv.FormatInt(c.ID, 10), Title: title, Updated: at, Published: at,
			Link: atomLink{Href: href}, Author: author, Summary: c.Summary + " (" + vn.DateTimeWords(c.At.In(vn.ICT)) + ")"})
		if c.At.After(updated) {
			updated = c.At
		}
	}
	if wk.PublishedAt != nil {
		at := wk.PublishedAt.UTC().Format(time.RFC3339)
		f.Entries = append(f.Entries, atomEntry{ID: page + "&cong-bo", Title: "Công bố lịch công tác tuần " + name, Updated: at, Published: at,
			Link: atomLink{Href: page}, Author: author, Summary: "Lịch công tác " + strings.ToLower((&scheduleView{Monday: wk.Start}).Heading()[:1]) +
				(&scheduleView{Monday: wk.Start}).Heading()[1:] + " đã được công bố."})
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	return writeXML(w, "application/atom+xml; charset=utf-8", f)
}
