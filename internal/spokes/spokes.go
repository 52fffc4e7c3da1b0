// Package spokes keeps the spokesperson's records of each site under
// Decree 244/2026 — press conferences and briefings (REQ-39), unexpected
// events with their 24-hour first statement (REQ-40), the press's
// questions and the written correction requests sent to the press — and
// counts them for the annual report to the Ministry of Culture, Sports
// and Tourism (REQ-41, Art. 10 and its form): the window from 15
// December of the year before to 14 December, due before 20 December.
package spokes

import (
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/vn"
)

// The kinds of meeting with the press.
const (
	Conference = "conference" // họp báo: at least one a quarter (REQ-39)
	Briefing   = "briefing"   // cung cấp thông tin tại giao ban báo chí
)

// Meeting is a press conference or a time information was given at a
// press briefing, by one of the site's spokespersons.
type Meeting struct {
	ID             int64
	SiteID         int64
	Kind           string // Conference or Briefing
	HeldAt         time.Time
	SpokespersonID int64
	Spokesperson   string // the spokesperson's name, when read
	Topics         string
	Notes          string // the record: what was said, who attended
	CreatedAt      time.Time
}

// Event is an unexpected event (sự kiện, vấn đề bất ngờ, đột xuất) the
// agency must make a first statement on within 24 hours of receiving or
// handling it (REQ-40).
type Event struct {
	ID         int64
	SiteID     int64
	Title      string
	ReceivedAt time.Time  // when the agency received or handled the event
	DueAt      *time.Time // the first statement's deadline; nil: no rule applied on the day received
	StatedAt   *time.Time // the first statement, nil until made
	ItemID     int64      // the statement's press item, 0 if none
	Notes      string
	CreatedAt  time.Time
}

// OnTime reports whether the first statement was made by its deadline.
func (e *Event) OnTime() bool {
	return e.StatedAt != nil && e.DueAt != nil && !e.StatedAt.After(*e.DueAt)
}

// Overdue reports whether, at now, the deadline passed without a
// statement.
func (e *Event) Overdue(now time.Time) bool {
	return e.StatedAt == nil && e.DueAt != nil && now.After(*e.DueAt)
}

// Question is a question or request for information from the press.
type Question struct {
	ID         int64
	SiteID     int64
	AskedAt    time.Time
	Outlet     string // the newspaper, station or journalist
	Question   string
	AnsweredAt *time.Time
	CreatedAt  time.Time
}

// Correction is a written request to a press outlet to correct false
// information it published (Decree 244/2026 Art. 7(6)).
type Correction struct {
	ID        int64
	SiteID    int64
	DatedAt   time.Time // the request's date
	Outlet    string
	FalseInfo string // the false information published
	Sent      bool
	CreatedAt time.Time
}

// fields gathers the messages of one form.
type fields map[string]apperr.Msg

func (f fields) add(field, vi, en string) {
	if _, ok := f[field]; !ok {
		f[field] = apperr.Msg{VI: vi, EN: en}
	}
}

func (f fields) required(field, value, vi, en string) {
	if strings.TrimSpace(value) == "" {
		f.add(field, vi, en)
	}
}

func (f fields) when(field string, t time.Time) {
	if t.IsZero() {
		f.add(field, "Nhập ngày, giờ.", "Enter the date and time.")
	}
}

// after refuses a time before another it follows.
func (f fields) after(field string, t *time.Time, from time.Time, vi, en string) {
	if t != nil && t.Before(from) {
		f.add(field, vi, en)
	}
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return &apperr.Error{Kind: apperr.Invalid, Msg: apperr.Msg{VI: "Vui lòng sửa các mục được đánh dấu.", EN: "Please correct the marked fields."}, Fields: f}
}

const maxText = 4000

func (f fields) long(field, value string) {
	if len([]rune(value)) > maxText {
		f.add(field, "Nội dung quá dài (tối đa 4.000 ký tự).", "Too long (4,000 characters at most).")
	}
}

func (m *Meeting) validate() error {
	f := fields{}
	if m.Kind != Conference && m.Kind != Briefing {
		f.add("kind", "Chọn họp báo hoặc giao ban báo chí.", "Choose a press conference or a press briefing.")
	}
	f.when("held_at", m.HeldAt)
	if m.SpokespersonID <= 0 {
		f.add("spokesperson", "Chọn người phát ngôn.", "Choose the spokesperson.")
	}
	f.required("topics", m.Topics, "Nhập nội dung, chủ đề.", "Enter the topics.")
	f.long("topics", m.Topics)
	f.long("notes", m.Notes)
	return f.err()
}

func (e *Event) validate() error {
	f := fields{}
	f.required("title", e.Title, "Nhập tên sự kiện, vấn đề.", "Enter the event.")
	f.long("title", e.Title)
	f.long("notes", e.Notes)
	f.when("received_at", e.ReceivedAt)
	f.after("stated_at", e.StatedAt, e.ReceivedAt, "Thời điểm phát ngôn không thể trước khi tiếp nhận sự kiện.",
		"The statement cannot come before the event was received.")
	if e.ItemID != 0 && e.StatedAt == nil {
		f.add("stated_at", "Nhập thời điểm phát ngôn của tin phát ngôn đã chọn.", "Enter when the chosen statement was made.")
	}
	return f.err()
}

func (q *Question) validate() error {
	f := fields{}
	f.when("asked_at", q.AskedAt)
	f.required("question", q.Question, "Nhập câu hỏi, yêu cầu của báo chí.", "Enter the question.")
	f.long("question", q.Question)
	f.long("outlet", q.Outlet)
	f.after("answered_at", q.AnsweredAt, q.AskedAt, "Thời điểm trả lời không thể trước khi nhận câu hỏi.",
		"The answer cannot come before the question.")
	return f.err()
}

func (c *Correction) validate() error {
	f := fields{}
	f.when("dated_at", c.DatedAt)
	f.required("outlet", c.Outlet, "Nhập cơ quan báo chí.", "Enter the press outlet.")
	f.required("false_info", c.FalseInfo, "Nhập thông tin sai sự thật đã đăng.", "Enter the false information published.")
	f.long("outlet", c.Outlet)
	f.long("false_info", c.FalseInfo)
	return f.err()
}

// Window is the period of the annual report of year: from 15 December of
// the year before, 00:00 in Vietnam, to the end of 14 December (To is
// 15 December 00:00, excluded); Due is 20 December 00:00 — the report is
// sent before it.
type Window struct {
	Year     int
	From, To time.Time
	Due      time.Time
}

// WindowOf is the report window of year.
func WindowOf(year int) Window {
	return Window{Year: year,
		From: time.Date(year-1, time.December, 15, 0, 0, 0, 0, vn.ICT),
		To:   time.Date(year, time.December, 15, 0, 0, 0, 0, vn.ICT),
		Due:  time.Date(year, time.December, 20, 0, 0, 0, 0, vn.ICT)}
}

// ReportYear is the report year a moment falls in: from 15 December on,
// the next year's.
func ReportYear(t time.Time) int {
	t = t.In(vn.ICT)
	if t.Month() == time.December && t.Day() >= 15 {
		return t.Year() + 1
	}
	return t.Year()
}

// LastDay is the window's last day, 14 December, for display.
func (w Window) LastDay() time.Time { return w.To.AddDate(0, 0, -1) }

// Quarter is the quarter of a moment in Vietnam: its code ("2026-Q4"),
// first instant and the first instant of the next.
func Quarter(t time.Time) (code string, from, to time.Time) {
	t = t.In(vn.ICT)
	q := (int(t.Month()) - 1) / 3
	from = time.Date(t.Year(), time.Month(q*3+1), 1, 0, 0, 0, 0, vn.ICT)
	return from.Format("2006") + "-Q" + strconv.Itoa(q+1), from, from.AddDate(0, 3, 0)
}
