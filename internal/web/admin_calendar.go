package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/vn"
)

// calendarPage shows a year's days off as deadlines count them (the
// computed Labour Code holidays with that year's decision applied) and
// lets administrators enter the decision: days added off and days worked
// (REQ-64..66).
type calendarPage struct {
	*AdminPage
	Year     int
	Tet      time.Time // mùng 1 Tết of the lunar year that starts in Year
	Off      []calendarRow
	Worked   []calendarRow
	Set      *rules.Set // the year's decision, nil if none entered
	Values   url.Values // what was typed into a form that failed
	WorkDays int        // working days in the year
	PrevYear int
	NextYear int
	ThisYear int
}

// calendarRow is one day of the year's table.
type calendarRow struct {
	Day      time.Time
	Key      string // YYYY-MM-DD
	Name     string
	Decision bool // entered by an administrator, not computed
}

// calendarShow is GET /quan-tri/lich-nghi?nam=YYYY.
func (s *Server) calendarShow(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "lich-nghi", "calendar.read")
		return errForbidden
	}
	year := s.now().In(vn.ICT).Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil {
		year = y
	}
	return s.renderCalendar(w, r, http.StatusOK, year, noticeOf(r), nil, nil)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, status, year int, notice string, errs []string, typed url.Values) error {
	if year < 2000 || year > 2100 {
		return apperr.New(apperr.NotFound, "Chỉ xem được lịch các năm từ 2000 đến 2100.", "Only the years 2000 to 2100 can be shown.")
	}
	ctx := r.Context()
	cal, err := s.rules.Calendar(ctx)
	if err != nil {
		return err
	}
	sets, err := s.rules.CalendarSets(ctx)
	if err != nil {
		return err
	}
	p := &calendarPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "calendar")), Year: year,
		Tet: vn.LunarToSolar(1, 1, year, false), PrevYear: year - 1, NextYear: year + 1, Values: typed,
		ThisYear: s.now().In(vn.ICT).Year()}
	p.Notice, p.Errors = notice, errs
	for _, set := range sets {
		if strings.HasPrefix(set.ValidFrom, strconv.Itoa(year)+"-") {
			p.Set = set
		}
	}
	for day, name := range cal.Holidays(year) {
		t, _ := time.Parse(time.DateOnly, day)
		_, entered := cal.Extra[day]
		p.Off = append(p.Off, calendarRow{Day: t, Key: day, Name: name, Decision: entered})
	}
	for day := range cal.Worked {
		if t, err := time.Parse(time.DateOnly, day); err == nil && t.Year() == year {
			row := calendarRow{Day: t, Key: day, Decision: true}
			if p.Set != nil {
				if rule := p.Set.Rule("worked." + day); rule != nil {
					row.Name = rule.Value
				}
			}
			p.Worked = append(p.Worked, row)
		}
	}
	byDay := func(rows []calendarRow) {
		sort.Slice(rows, func(i, j int) bool { return rows[i].Key < rows[j].Key })
	}
	byDay(p.Off)
	byDay(p.Worked)
	first := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	p.WorkDays = cal.WorkingDaysBetween(first, first.AddDate(1, 0, 0))
	return s.tmpl.render(w, status, "admin/calendar", p)
}

// V is what was typed into the failed form's field.
func (p *calendarPage) V(field string) string { return p.Values.Get(field) }

// Weekday names a day of the week in the page's language.
func (p *calendarPage) Weekday(t time.Time) string {
	if p.Lang == "en" {
		return t.Weekday().String()
	}
	return [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[t.Weekday()]
}

// calendarSave is POST /quan-tri/lich-nghi: day, type (off|worked), name, source.
func (s *Server) calendarSave(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "lich-nghi", "calendar.save")
		return errForbidden
	}
	d := rules.CalendarDay{Day: isoDay(r.PostFormValue("day")), Off: r.PostFormValue("type") != "worked",
		Name: r.PostFormValue("name"), Source: r.PostFormValue("source")}
	year := s.yearOf(d.Day)
	if err := s.rules.SetCalendarDay(r.Context(), d, s.actor(r)); err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			return s.renderCalendar(w, fr, statusOf(err), year, "", msgs, r.PostForm)
		}
		return err
	}
	http.Redirect(w, r, "/quan-tri/lich-nghi?luu=1&nam="+strconv.Itoa(year), http.StatusSeeOther)
	return nil
}

// calendarRemove is POST /quan-tri/lich-nghi/bo: day.
func (s *Server) calendarRemove(w http.ResponseWriter, r *http.Request) error {
	if !s.mayManageRules(r) {
		s.deny(r, 0, "lich-nghi", "calendar.remove")
		return errForbidden
	}
	day := isoDay(r.PostFormValue("day"))
	if err := s.rules.RemoveCalendarDay(r.Context(), day, s.actor(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/lich-nghi?luu=1&nam="+strconv.Itoa(s.yearOf(day)), http.StatusSeeOther)
	return nil
}

// yearOf is the year of an ISO date typed into a form, or this year.
func (s *Server) yearOf(day string) int {
	if t, err := time.Parse(time.DateOnly, strings.TrimSpace(day)); err == nil {
		return t.Year()
	}
	return s.now().In(vn.ICT).Year()
}
