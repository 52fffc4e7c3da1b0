package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// setupFeedback makes the feedback store: deadlines from the rule sets,
// mail through the outbox in the request's own transaction.
func (s *Server) setupFeedback() {
	s.feedback = feedback.NewStore(s.db, feedback.Options{Now: s.now, Rules: s.rules, Calendar: s.rules.Calendar,
		Notify: func(ctx context.Context, tx *store.Tx, to, subject, text string) error {
			return s.mail.Enqueue(ctx, tx, mail.Message{To: to, Subject: subject, Text: text})
		},
		BaseURL: func(siteID int64, path string) string {
			return s.absoluteURL(siteID, path)
		},
		// A published answer is in search from the moment it is
		// published, and leaves it when it no longer is.
		Changed: func(siteID, id int64) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.search.RefreshQA(ctx, id); err != nil {
				s.log.Error("search index refresh", "request", id, "err", err)
			}
		}})
	// Each address may send a few requests a minute: a person never
	// needs more, a flood is cut off (the captcha costs work too).
	s.feedbackLimits = newLimiter(5, time.Minute)
}

// Feedback exposes the feedback store (the load benchmark and demo).
func (s *Server) Feedback() *feedback.Store { return s.feedback }

// feedbackJobs: deadlines watched every 10 minutes, contacts erased after
// the retention period once an hour.
func (s *Server) feedbackJobs(r *jobs.Runner) {
	r.Every("feedback.deadlines", 10*time.Minute, func(ctx context.Context, now time.Time) error {
		rem, esc, err := s.feedback.Watch(ctx, now)
		if rem+esc > 0 {
			s.log.Info("feedback deadlines", "reminded", rem, "escalated", esc)
		}
		return err
	})
	r.Every("feedback.retention", time.Hour, func(ctx context.Context, now time.Time) error {
		n, err := s.feedback.EraseExpired(ctx, now)
		if n > 0 {
			s.log.Info("feedback retention", "erased", n)
		}
		return err
	})
}

// feedbackFormPage is the public form.
type feedbackFormPage struct {
	*Page
	Cats   []feedback.Category
	Units  []*directory.Unit
	Values map[string]string
	Fields map[string]string // field → message
	// IdemKey names this filling of the form: a browser that sends it
	// twice (a double click, a retry after no answer) files it once.
	IdemKey string
}

// V is what the sender typed, to show it again after an error.
func (p *feedbackFormPage) V(k string) string { return p.Values[k] }

func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedbackForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderFeedbackForm(w http.ResponseWriter, r *http.Request, status int, values map[string]string, fields map[string]string) error {
	lang := langOf(r)
	p := &feedbackFormPage{Page: s.publicPage(r, translate(lang, "fb.title")), Cats: feedback.Categories, Values: values, Fields: fields}
	if p.Values == nil {
		p.Values = map[string]string{}
	}
	// The form shown again after an error keeps its key: nothing was
	// stored under it, and the sender is still filling the same form.
	if p.IdemKey, _ = idempotency.ParseKey(p.Values[idempotency.Field]); p.IdemKey == "" {
		p.IdemKey = newFormKey()
	}
	units, err := s.dir.Units(r.Context(), p.Site.ID)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.ID != 0 {
			p.Units = append(p.Units, u)
		}
	}
	for _, m := range fields {
		p.Errors = append(p.Errors, m)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	// Each view carries its own key, so the page is never shared from
	// the page cache, nor kept by a browser or proxy.
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, status, "public/feedback_form", p)
}

// maxFeedbackForm bounds the whole form: three attachments and text.
const maxFeedbackForm = feedback.MaxAttachments*feedback.MaxFileBytes + 2<<20

// feedbackSubmit is POST /phan-anh-kien-nghi. The form's idempotency key
// makes a second sending of the same form answer like the first (the
// redirect to the same private page) without filing it again; the
// captcha solution is spent, and the answer kept, in the transaction
// that stores the request, so a submission that failed can be sent again
// as it was.
func (s *Server) feedbackSubmit(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	lang := langOf(r)
	ip := s.clientIP(r)
	if !s.feedbackLimits.allow(r.Context(), ip) {
		w.Header().Set("Retry-After", "60")
		return apperr.New(apperr.TooMany, "Bạn đã gửi nhiều phản ánh trong thời gian ngắn; xin thử lại sau ít phút.",
			"You have sent many requests in a short time; please try again in a few minutes.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackForm)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return apperr.New(apperr.Invalid, "Phản ánh quá lớn: tổng dung lượng tệp đính kèm tối đa 15 MB, mỗi tệp 5 MB.",
			"The request is too large: attachments up to 5 MB each, 15 MB in all.")
	}
	f := func(k string) string { return r.FormValue(k) }
	values := map[string]string{}
	for _, k := range []string{"name", "address", "phone", "email", "category", "unit", "title", "body", "consent", idempotency.Field} {
		values[k] = f(k)
	}
	unit, _ := strconv.ParseInt(f("unit"), 10, 64)
	sub := feedback.Submission{SiteID: st.ID, Category: feedback.Category(f("category")), UnitID: unit, Title: f("title"),
		Body: f("body"), Name: f("name"), Address: f("address"), Phone: f("phone"), Email: f("email"),
		Consent: f("consent") == "1", IP: ip}
	var data [][]byte
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["files"] {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
			file, err := fh.Open()
			if err != nil {
				return err
			}
			b, err := io.ReadAll(io.LimitReader(file, feedback.MaxFileBytes+1))
			file.Close()
			if err != nil {
				return err
			}
			sub.Files = append(sub.Files, feedback.File{Name: fh.Filename, Data: b})
			data = append(data, b)
		}
	}
	once, err := onceFor(r, "feedback:"+strconv.FormatInt(st.ID, 10), data...)
	if err != nil {
		return err
	}
	if done, err := s.replayed(r.Context(), w, once); done || err != nil {
		return err
	}
	fields := map[string]string{}
	if msg, err := s.captchaProblem(f(captcha.Field), lang); err != nil || msg != "" {
		if err != nil {
			return err
		}
		fields["altcha"] = msg
		return s.renderFeedbackForm(w, r, http.StatusUnprocessableEntity, values, fields)
	}
	var answer idempotency.Answer
	sub.Also = func(ctx context.Context, tx *store.Tx, req *feedback.Request, token string) error {
		if err := s.captcha.Spend(ctx, tx, f(captcha.Field)); err != nil {
			return err
		}
		answer = idempotency.Answer{Status: http.StatusSeeOther, Location: s.link(r, feedback.LinkPath(req.Code, token)) + "?moi=1"}
		return s.keep(ctx, tx, once, answer)
	}
	// The attachments share one allowance of pixels, so a request's image
	// work is bounded whatever each of them declares.
	ctx := media.LimitRequestPixels(r.Context(), media.CitizenRequestPixels)
	_, _, err = s.feedback.Submit(ctx, sub)
	if err != nil && s.twinAnswered(r.Context(), w, once) {
		return nil
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		for k, m := range e.Fields {
			fields[k] = m.In(lang)
		}
		return s.renderFeedbackForm(w, r, http.StatusUnprocessableEntity, values, fields)
	}
	if err != nil {
		return err
	}
	writeAnswer(w, answer, false)
	return nil
}

// link is a site path as a URL on the request's site, in its language.
func (s *Server) link(r *http.Request, path string) string {
	p := &Page{Lang: langOf(r), Site: siteOf(r)}
	return p.Link(path)
}

// feedbackStatusPage is the sender's private page, reached by the
// private link or by the look-up (tracking code and phone or email).
type feedbackStatusPage struct {
	*Page
	Request *feedback.Request
	Events  []*feedback.Event
	Unit    string
	New     bool
	Erased  bool
	// SelfLink is the private link's path; "" on a page the look-up
	// answered, whose erasure form sends the code and Proof again.
	SelfLink string
	Proof    string
	// FullLink is the private link as an address to keep, shown on the
	// confirmation; NoMail says no mail carries it (no mail server, or no
	// email address given), so this page is the only time it is shown.
	FullLink string
	NoMail   bool
}

// StepLabel names a timeline event.
func (p *feedbackStatusPage) StepLabel(kind string) string {
	return feedback.Action(kind).Label(p.Lang)
}

// EraseAction is where the erasure form goes.
func (p *feedbackStatusPage) EraseAction() string {
	if p.SelfLink == "" {
		return p.Link(lookupPath)
	}
	return p.SelfLink + "/xoa"
}

// lookupPath is the look-up by tracking code and phone or email.
const lookupPath = "/phan-anh-kien-nghi/tra-cuu"

func (s *Server) feedbackStatus(w http.ResponseWriter, r *http.Request) error {
	code, token := r.PathValue("code"), r.PathValue("token")
	req, err := s.feedback.ByLink(r.Context(), code, token)
	if apperr.KindOf(err) == apperr.NotFound || (err == nil && req.SiteID != siteOf(r).ID) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	p := &feedbackStatusPage{New: r.URL.Query().Get("moi") == "1", Erased: r.URL.Query().Get("da-xoa") == "1",
		SelfLink: s.link(r, feedback.LinkPath(code, token))}
	if p.New {
		scheme := "http://"
		if s.behindTLS || r.TLS != nil {
			scheme = "https://"
		}
		p.FullLink = scheme + r.Host + p.SelfLink
		p.NoMail = s.mail == nil || !s.mail.Configured() || req.Email == ""
	}
	return s.renderFeedbackStatus(w, r, http.StatusOK, req, p)
}

// renderFeedbackStatus fills p with req and its public timeline and
// renders the private page.
func (s *Server) renderFeedbackStatus(w http.ResponseWriter, r *http.Request, status int, req *feedback.Request, p *feedbackStatusPage) error {
	events, err := s.feedback.Timeline(r.Context(), req.ID, true)
	if err != nil {
		return err
	}
	var errs []string
	if p.Page != nil {
		errs = p.Page.Errors
	}
	p.Page = s.publicPage(r, translate(langOf(r), "fb.status")+" "+req.Code)
	p.Request, p.Events, p.Errors = req, events, errs
	if req.AssignedUnitID != 0 {
		if p.Unit, err = s.feedback.UnitName(r.Context(), req.AssignedUnitID); err != nil {
			return err
		}
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	// Personal and secret: never in a shared cache, never indexed.
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.tmpl.render(w, status, "public/feedback_status", p)
}

// eraseConfirmed reports whether the sender ticked the box saying what
// the erasure removes and that it cannot be undone.
func eraseConfirmed(r *http.Request) bool { return r.PostFormValue("dong-y") == "1" }

// feedbackErase is POST …/{code}/{token}/xoa: the sender's erasure, done
// only with the confirmation box ticked.
func (s *Server) feedbackErase(w http.ResponseWriter, r *http.Request) error {
	code, token := r.PathValue("code"), r.PathValue("token")
	if !eraseConfirmed(r) {
		req, err := s.feedback.ByLink(r.Context(), code, token)
		if apperr.KindOf(err) == apperr.NotFound || (err == nil && req.SiteID != siteOf(r).ID) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		p := &feedbackStatusPage{SelfLink: s.link(r, feedback.LinkPath(code, token)), Page: &Page{Errors: []string{translate(langOf(r), "fb.erase.need")}}}
		return s.renderFeedbackStatus(w, r, http.StatusUnprocessableEntity, req, p)
	}
	if err := s.feedback.EraseByLink(r.Context(), code, token, s.clientIP(r)); err != nil {
		return err
	}
	http.Redirect(w, r, s.link(r, feedback.LinkPath(code, token))+"?da-xoa=1", http.StatusSeeOther)
	return nil
}

// feedbackLookupPage is the look-up form.
type feedbackLookupPage struct {
	*Page
	Code string
}

func (s *Server) feedbackLookupForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderFeedbackLookup(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderFeedbackLookup(w http.ResponseWriter, r *http.Request, status int, code string, errs []string) error {
	p := &feedbackLookupPage{Page: s.publicPage(r, translate(langOf(r), "fb.lookup")), Code: code}
	p.Errors = errs
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	if status != http.StatusOK {
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.tmpl.render(w, status, "public/feedback_lookup", p)
}

// feedbackLookup is POST /phan-anh-kien-nghi/tra-cuu: the tracking code
// and a second proof, the phone number or the email address given with
// the request, open the sender's private page (with xoa=1 and the
// confirmation box, erase the contacts). Rate-limited per address and
// per code; a wrong code and a wrong proof get the same answer.
func (s *Server) feedbackLookup(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	code := strings.ToUpper(strings.TrimSpace(r.PostFormValue("ma")))
	if len(code) > 40 {
		code = code[:40]
	}
	ip := s.clientIP(r)
	if !s.feedbackLimits.allow(ctx, "tra-cuu:"+ip) || (code != "" && !s.feedbackLimits.allow(ctx, "tra-cuu-ma:"+code)) {
		w.Header().Set("Retry-After", "60")
		return apperr.New(apperr.TooMany, "Bạn đã tra cứu nhiều lần trong thời gian ngắn; xin thử lại sau ít phút.",
			"You have looked up many times in a short time; please try again in a few minutes.")
	}
	proof := r.PostFormValue("xac-minh")
	if len(proof) > 300 {
		proof = proof[:300]
	}
	req, err := s.feedback.ByProof(ctx, code, proof)
	if err == nil && req.SiteID != siteOf(r).ID {
		err = apperr.New(apperr.NotFound, "", "")
	}
	if apperr.KindOf(err) == apperr.NotFound {
		return s.renderFeedbackLookup(w, r, http.StatusUnprocessableEntity, code, []string{translate(lang, "fb.lookup.none")})
	}
	if err != nil {
		return err
	}
	p := &feedbackStatusPage{Proof: proof, Page: &Page{}}
	if r.PostFormValue("xoa") == "1" {
		if !eraseConfirmed(r) {
			p.Errors = []string{translate(lang, "fb.erase.need")}
			return s.renderFeedbackStatus(w, r, http.StatusUnprocessableEntity, req, p)
		}
		if req, err = s.feedback.EraseByProof(ctx, code, proof, ip); err != nil {
			return err
		}
		p.Erased, p.Proof = true, ""
	}
	return s.renderFeedbackStatus(w, r, http.StatusOK, req, p)
}

// qaListPage is the public questions and answers.
type qaListPage struct {
	*Page
	Items      []*feedback.QA
	Query      string
	Total      int
	PageNo     int
	Prev, Next string
}

func (s *Server) qaList(w http.ResponseWriter, r *http.Request) error {
	q := vn.Clean(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	n := pageNumber(r.URL.Query().Get("trang"))
	p := &qaListPage{Page: s.publicPage(r, translate(langOf(r), "qa.title")), Query: q, PageNo: n}
	var err error
	p.Items, p.Total, err = s.feedback.Published(r.Context(), feedback.QAFilter{SiteID: p.Site.ID, Query: q, Page: n, PerPage: 10})
	if err != nil {
		return err
	}
	pageURL := func(k int) string {
		v := "?trang=" + strconv.Itoa(k)
		if q != "" {
			v += "&q=" + urlQueryEscape(q)
		}
		return p.Link("/hoi-dap") + v
	}
	if n > 1 {
		p.Prev = pageURL(n - 1)
	}
	if n*10 < p.Total {
		p.Next = pageURL(n + 1)
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/qa_list", p)
}

// qaShowPage is one published answer.
type qaShowPage struct {
	*Page
	QA *feedback.QA
}

func (s *Server) qaShow(w http.ResponseWriter, r *http.Request) error {
	qa, err := s.feedback.PublishedQA(r.Context(), siteOf(r).ID, r.PathValue("code"))
	if apperr.KindOf(err) == apperr.NotFound {
		return errNotFound
	}
	if err != nil {
		return err
	}
	p := &qaShowPage{Page: s.publicPage(r, qa.Title), QA: qa}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "public/qa_show", p)
}

// Lines splits text into paragraphs for templates.
func (p *Page) Lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// feedbackChanged drops the cached Q&A pages of a site.
func (s *Server) feedbackChanged(siteID int64) {
	if s.pages != nil {
		s.pages.Invalidate(siteTag(siteID))
	}
}

// absoluteURL is a site path as a full URL for mail: on the site's own
// host name, or under its prefix on the main portal's; a relative path
// when no host name is configured.
func (s *Server) absoluteURL(siteID int64, path string) string {
	ctx := context.Background()
	st, err := s.sites.ByID(ctx, siteID)
	if err != nil {
		return path
	}
	host := st.Host
	if host == "" {
		if main, err := s.sites.Main(ctx); err == nil {
			host = main.Host
		}
	}
	if host == "" {
		return st.URL(path)
	}
	scheme := "http://"
	if s.behindTLS {
		scheme = "https://"
	}
	return scheme + host + st.URL(path)
}

func urlQueryEscape(q string) string { return url.QueryEscape(q) }

var _ = site.Active

// Due is the last day of a request's current deadline, for templates.
func (p *Page) Due(r *feedback.Request) time.Time { return feedback.LastDay(r.Due()) }
