package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/spokes"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// spokesRoutes are the staff pages of the spokesperson's records and
// annual report (issue 18, point 3; Decree 244/2026, REQ-39..41). Those
// who edit a site's directory and spokespersons (mayEditDirectory)
// record; they and the Office and Department (oversight.read on the main
// portal) read.
func (s *Server) spokesRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/phat-ngon", s.staff(s.spokesRecords))
	mux.Handle("POST /quan-tri/s/{site}/phat-ngon/{kind}", s.staff(s.spokesSave)) // hop-bao, su-kien, cau-hoi, dinh-chinh
	mux.Handle("GET /quan-tri/s/{site}/phat-ngon/bao-cao", s.staff(s.spokesReport))
	mux.Handle("GET /quan-tri/s/{site}/phat-ngon/{file}", s.staff(s.spokesReportFile)) // bao-cao.xlsx, .docx, .pdf
}

// spokesJobs is the spokesperson's scheduled work: the quarterly
// press-conference reminder (REQ-39), looked at every six hours and sent
// once per site and quarter.
func (s *Server) spokesJobs(r *jobs.Runner) {
	r.Every("spokes.remind", 6*time.Hour, func(ctx context.Context, now time.Time) error {
		n, err := s.spokesStore().Remind(ctx, now)
		if n > 0 {
			s.log.Info("press conference reminders", "sites", n)
		}
		return err
	})
}

// spokesStore is the records store: deadlines from the rule sets, mail
// through the outbox in the deciding transaction. It holds no state of
// its own, so each use makes one.
func (s *Server) spokesStore() *spokes.Store {
	return spokes.NewStore(s.db, spokes.Options{Now: s.now, Rules: s.rules,
		Notify: func(ctx context.Context, tx *store.Tx, to, subject, text string) error {
			return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text})
		},
		Link: func(_ int64, path string) string {
			if main := s.resolver.Main(); main != nil {
				return s.absoluteURL(main.ID, path)
			}
			return path
		}})
}

// spokesSite finds the site of a records page and checks the person may
// read it: those who edit its directory, and the province's overseers.
func (s *Server) spokesSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	if !s.mayEditDirectory(r, st) && !s.mayOverseeSpokes(r) {
		s.deny(r, st.ID, st.Code, "spokes.read")
		return nil, errForbidden
	}
	return st, nil
}

// mayOverseeSpokes: oversight.read on the main portal.
func (s *Server) mayOverseeSpokes(r *http.Request) bool {
	main := s.mainSite(r)
	return main != nil && userOf(r).Can(main.ID, main.ID, account.ReadAllOversight)
}

// spokesYear reads ?nam= (default: def), within the years the portal can
// have records of.
func (s *Server) spokesYear(r *http.Request, def int) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("nam"))
	if v == "" {
		return def, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > s.now().In(vn.ICT).Year()+1 {
		return 0, apperr.Field("nam", "Năm báo cáo không hợp lệ.", "Invalid report year.")
	}
	return y, nil
}

// reportYearDue is the report year people most likely want at now: the
// one whose report is being prepared, until its due date (20 December),
// then the next.
func reportYearDue(now time.Time) int {
	t := now.In(vn.ICT)
	if t.Month() == time.December && t.Day() >= 20 {
		return t.Year() + 1
	}
	return t.Year()
}

// spokesPage is GET /quan-tri/s/{site}/phat-ngon: the records of one
// report year, with the forms to add or correct them.
type spokesPage struct {
	*AdminPage
	Work          *site.Site
	Window        spokes.Window
	Years         []int
	Rec           *spokes.Records
	Spokespersons []*directory.Spokesperson
	CanEdit       bool
	Now           time.Time
	Form          string // the form that failed or is being edited
	Values        map[string]string
}

// V is a value of the form being edited or sent back.
func (p *spokesPage) V(form, field string) string {
	if p.Form != form {
		return ""
	}
	return p.Values[field]
}

// Editing reports whether form holds an existing record.
func (p *spokesPage) Editing(form string) bool {
	return p.V(form, "id") != "" && p.V(form, "id") != "0"
}

// Overdue reports whether an event waits for its statement past its
// deadline.
func (p *spokesPage) Overdue(e *spokes.Event) bool { return e.Overdue(p.Now) }

// KindLabel names a kind of meeting.
func (p *spokesPage) KindLabel(kind string) string { return p.T("spokes.kind." + kind) }

// Base is the records page's address.
func (p *spokesPage) Base() string { return "/quan-tri/s/" + p.Work.Code + "/phat-ngon" }

func (s *Server) spokesRecords(w http.ResponseWriter, r *http.Request) error {
	st, err := s.spokesSite(r)
	if err != nil {
		return err
	}
	return s.renderSpokes(w, r, http.StatusOK, st, "", nil, nil)
}

// renderSpokes draws the records page; form and values reopen a form
// sent back, or (nil values) the record ?sua= names.
func (s *Server) renderSpokes(w http.ResponseWriter, r *http.Request, status int, st *site.Site, form string, values map[string]string, errs []string) error {
	ctx := r.Context()
	now := s.now()
	year, err := s.spokesYear(r, spokes.ReportYear(now))
	if err != nil {
		return err
	}
	win := spokes.WindowOf(year)
	rec, err := s.spokesStore().Records(ctx, st.ID, win)
	if err != nil {
		return err
	}
	sps, err := s.dir.AllSpokespersons(ctx, st.ID)
	if err != nil {
		return err
	}
	p := &spokesPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "spokes.title")+" – "+st.DisplayName(langOf(r))),
		Work: st, Window: win, Rec: rec, Spokespersons: sps, CanEdit: s.mayEditDirectory(r, st), Now: now, Form: form, Values: values}
	for y := spokes.ReportYear(now); y >= spokes.ReportYear(now)-4; y-- {
		p.Years = append(p.Years, y)
	}
	if p.Values == nil {
		if p.Form, p.Values, err = spokesEdit(r.URL.Query().Get("sua"), rec); err != nil {
			return err
		}
	}
	p.Notice, p.Errors = noticeOf(r), errs
	return s.tmpl.render(w, status, "admin/spokes", p)
}

// The forms of the records page, by the last part of their address.
const (
	formMeeting    = "hop-bao"
	formEvent      = "su-kien"
	formQuestion   = "cau-hoi"
	formCorrection = "dinh-chinh"
)

// spokesEdit reads ?sua=FORM-ID: the record of the window to open in its
// form, with its stored values.
func spokesEdit(v string, rec *spokes.Records) (string, map[string]string, error) {
	if v == "" {
		return "", nil, nil
	}
	i := strings.LastIndexByte(v, '-')
	id, err := strconv.ParseInt(v[i+1:], 10, 64)
	if i < 0 || err != nil {
		return "", nil, errNotFound
	}
	form, vals := v[:i], map[string]string{"id": strconv.FormatInt(id, 10)}
	local, localPtr := vn.MomentShort, momentOf
	switch form {
	case formMeeting:
		for _, m := range rec.Meetings {
			if m.ID == id {
				vals["kind"], vals["held_at"], vals["spokesperson"] = m.Kind, local(m.HeldAt), strconv.FormatInt(m.SpokespersonID, 10)
				vals["topics"], vals["notes"] = m.Topics, m.Notes
				return form, vals, nil
			}
		}
	case formEvent:
		for _, e := range rec.Events {
			if e.ID == id {
				vals["title"], vals["received_at"], vals["stated_at"], vals["notes"] = e.Title, local(e.ReceivedAt), localPtr(e.StatedAt), e.Notes
				if e.ItemID != 0 {
					vals["item"] = strconv.FormatInt(e.ItemID, 10)
				}
				return form, vals, nil
			}
		}
	case formQuestion:
		for _, q := range rec.Questions {
			if q.ID == id {
				vals["asked_at"], vals["outlet"], vals["question"], vals["answered_at"] = local(q.AskedAt), q.Outlet, q.Question, localPtr(q.AnsweredAt)
				return form, vals, nil
			}
		}
	case formCorrection:
		for _, c := range rec.Corrections {
			if c.ID == id {
				vals["dated_at"], vals["outlet"], vals["false_info"] = vn.DateShort(c.DatedAt.In(vn.ICT)), c.Outlet, c.FalseInfo
				if c.Sent {
					vals["sent"] = "1"
				}
				return form, vals, nil
			}
		}
	}
	return "", nil, apperr.New(apperr.NotFound, "Không tìm thấy bản ghi cần sửa trong năm báo cáo này.", "The record to edit is not in this report year.")
}

// whenField reads a date and time, or a day alone (its midnight), typed
// in a form: "" is no time, anything else that is not one a field error.
func whenField(r *http.Request, field string) (*time.Time, error) {
	v := r.PostFormValue(field)
	if d, ok := vn.ParseDay(strings.TrimSpace(v)); ok {
		return &d, nil
	}
	return formTime(v, field)
}

// valueOf is the time or the zero time, which the store refuses by field.
func valueOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

// spokesSave is POST /quan-tri/s/{site}/phat-ngon/{kind}: a record
// added (no id) or corrected.
func (s *Server) spokesSave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.directorySite(r, "spokes.save")
	if err != nil {
		return err
	}
	ctx, f, by, book := r.Context(), r.PostFormValue, s.actor(r), s.spokesStore()
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	form := r.PathValue("kind")
	var at time.Time // the record's time, which picks its report year
	err = func() error {
		switch form {
		case formMeeting:
			held, err := whenField(r, "held_at")
			if err != nil {
				return err
			}
			spk, _ := strconv.ParseInt(f("spokesperson"), 10, 64)
			m := &spokes.Meeting{ID: id, SiteID: st.ID, Kind: f("kind"), HeldAt: valueOf(held), SpokespersonID: spk, Topics: f("topics"), Notes: f("notes")}
			at = m.HeldAt
			return book.SaveMeeting(ctx, m, by)
		case formEvent:
			received, err := whenField(r, "received_at")
			if err != nil {
				return err
			}
			stated, err := whenField(r, "stated_at")
			if err != nil {
				return err
			}
			var item int64
			if v := strings.TrimSpace(f("item")); v != "" {
				if item, err = strconv.ParseInt(v, 10, 64); err != nil || item <= 0 {
					return apperr.Field("item", "Số tin, bài phải là một số.", "The item number must be a number.")
				}
			}
			e := &spokes.Event{ID: id, SiteID: st.ID, Title: f("title"), ReceivedAt: valueOf(received), StatedAt: stated, ItemID: item, Notes: f("notes")}
			at = e.ReceivedAt
			return book.SaveEvent(ctx, e, by)
		case formQuestion:
			asked, err := whenField(r, "asked_at")
			if err != nil {
				return err
			}
			answered, err := whenField(r, "answered_at")
			if err != nil {
				return err
			}
			q := &spokes.Question{ID: id, SiteID: st.ID, AskedAt: valueOf(asked), Outlet: f("outlet"), Question: f("question"), AnsweredAt: answered}
			at = q.AskedAt
			return book.SaveQuestion(ctx, q, by)
		case formCorrection:
			dated, err := whenField(r, "dated_at")
			if err != nil {
				return err
			}
			c := &spokes.Correction{ID: id, SiteID: st.ID, DatedAt: valueOf(dated), Outlet: f("outlet"), FalseInfo: f("false_info"), Sent: f("sent") == "1"}
			at = c.DatedAt
			return book.SaveCorrection(ctx, c, by)
		}
		return errNotFound
	}()
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			fr, msgs := withInvalid(r, e)
			values := map[string]string{}
			for k, v := range r.PostForm {
				if len(v) > 0 {
					values[k] = v[0]
				}
			}
			return s.renderSpokes(w, fr, statusOf(err), st, form, values, msgs)
		}
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-tri/s/%s/phat-ngon?nam=%d&luu=1#%s", st.Code, spokes.ReportYear(at), form), http.StatusSeeOther)
	return nil
}
