package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/vn"
)

// gazettePerson is the signed-in person as the gazette store sees them.
func (s *Server) gazettePerson(r *http.Request) gazette.Person {
	return gazette.Person{User: userOf(r), MainID: s.mainSite(r).ID, IP: s.clientIP(r)}
}

// gazetteStaff checks that the person works on the gazette (the office),
// or reads its figures (the overseer); it returns the main portal's id.
func (s *Server) gazetteStaff(r *http.Request) (int64, error) {
	main := s.mainSite(r).ID
	u := userOf(r)
	if u.Can(main, main, account.GazetteIntake) || u.Can(main, main, account.GazettePublish) || u.Can(main, main, account.ReadAllOversight) {
		return main, nil
	}
	s.deny(r, main, "cong-bao", "gazette.read")
	return 0, errForbidden
}

// gazetteRefused records a refusal of the store as every refusal is
// recorded (a denied audit entry): the overseer passes gazetteStaff to
// read the figures, and the store refuses what the role may not change.
func (s *Server) gazetteRefused(r *http.Request, err error, what string) error {
	if apperr.KindOf(err) == apperr.Forbidden {
		s.deny(r, s.mainSite(r).ID, "cong-bao", what)
	}
	return err
}

// gazetteAdminPage is the gazette office's queue: documents waiting with
// their deadlines, issues in preparation and published, the figures.
type gazetteAdminPage struct {
	*AdminPage
	Waiting    []*gazette.Doc
	Issues     []*gazette.Issue
	Published  []*gazette.Doc
	Today      string
	Types      []string
	Relations  []legal.Kind
	Format     string
	NextNum    int
	Year       int
	CanIntake  bool
	CanPublish bool
	Figures    gazetteFigures
	Values     map[string]string
}

// gazetteFigures are the deadline figures of the office and the overseer.
type gazetteFigures struct {
	Waiting, Overdue, DueToday int
	PostedLate, PostedOnTime   int
	LateDaysMax                int
}

// V is a value typed in a form sent back.
func (p *gazetteAdminPage) V(k string) string { return p.Values[k] }

// Day writes an ISO day in words.
func (p *gazetteAdminPage) Day(day string) string { return dayWords(&p.AdminPage.Page, day) }

// RelationLabel names a relation kind.
func (p *gazetteAdminPage) RelationLabel(k legal.Kind) string {
	return legal.Relation{Kind: k, Outgoing: true}.Label(p.Lang)
}

func (s *Server) gazetteAdmin(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.gazetteStaff(r); err != nil {
		return err
	}
	return s.renderGazetteAdmin(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderGazetteAdmin(w http.ResponseWriter, r *http.Request, status int, values map[string]string, errs []string) error {
	ctx, u := r.Context(), userOf(r)
	main := s.mainSite(r).ID
	p := &gazetteAdminPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "gz.staff")), Today: s.gazette.Today(), Types: gazette.Types,
		Relations: legal.Kinds, CanIntake: u.Can(main, main, account.GazetteIntake), CanPublish: u.Can(main, main, account.GazettePublish),
		Values: values}
	p.Errors = errs
	if status == http.StatusOK {
		p.Notice = noticeOf(r)
	}
	var err error
	if p.Waiting, _, err = s.gazette.Docs(ctx, gazette.Filter{SiteID: main, States: []gazette.State{gazette.Received}, Limit: 200}); err != nil {
		return err
	}
	if p.Published, _, err = s.gazette.Docs(ctx, gazette.Filter{SiteID: main, States: []gazette.State{gazette.Published, gazette.Withdrawn}, Limit: 200}); err != nil {
		return err
	}
	if p.Issues, _, err = s.gazette.Issues(ctx, main, 0, true, 20, 0); err != nil {
		return err
	}
	if p.Format, err = s.gazette.Format(ctx, main); err != nil {
		return err
	}
	p.Year = s.now().In(vn.ICT).Year()
	p.NextNum = 1
	for _, is := range p.Issues {
		if is.Year == p.Year && is.NumTo >= p.NextNum {
			p.NextNum = is.NumTo + 1
		}
	}
	for _, d := range p.Waiting {
		p.Figures.Waiting++
		switch {
		case d.Overdue(p.Today):
			p.Figures.Overdue++
		case d.DueOn == p.Today:
			p.Figures.DueToday++
		}
	}
	for _, d := range p.Published {
		if d.LateDays > 0 {
			p.Figures.PostedLate++
			p.Figures.LateDaysMax = max(p.Figures.LateDaysMax, d.LateDays)
		} else {
			p.Figures.PostedOnTime++
		}
	}
	return s.tmpl.render(w, status, "admin/gazette", p)
}

// gazetteFields are the intake form's fields.
var gazetteFields = []string{"number", "type", "issuer", "signer", "field", "signed_on", "effective_on", "abstract", "text", "relation_kind", "relation_number", "corrects"}

// gazetteReceive is POST /quan-tri/cong-bao/van-ban: a signed document
// received, with its PDF.
func (s *Server) gazetteReceive(w http.ResponseWriter, r *http.Request) error {
	main, err := s.gazetteStaff(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	in := gazette.Intake{Number: f("number"), DocType: f("type"), Issuer: f("issuer"), Signer: f("signer"), Field: f("field"),
		SignedOn: isoDay(f("signed_on")), EffectiveOn: isoDay(f("effective_on")), Abstract: f("abstract"), Text: f("text")}
	in.CorrectsID, _ = strconv.ParseInt(f("corrects"), 10, 64)
	if n := strings.TrimSpace(f("relation_number")); n != "" {
		in.Relations = []gazette.Relation{{Kind: legal.Kind(f("relation_kind")), Number: n, Partial: f("relation_partial") == "1"}}
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 {
		fh := r.MultipartForm.File["file"][0]
		file, err := fh.Open()
		if err != nil {
			return err
		}
		in.PDF, err = io.ReadAll(io.LimitReader(file, pdfdoc.MaxBytes+1))
		file.Close()
		if err != nil {
			return err
		}
		in.FileName = fh.Filename
	}
	d, err := s.gazette.Receive(r.Context(), main, in, s.gazettePerson(r))
	err = s.gazetteRefused(r, err, "gazette.receive")
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		values := map[string]string{}
		for _, k := range gazetteFields {
			values[k] = f(k)
		}
		fr, msgs := withInvalid(r, e)
		if len(msgs) == 0 {
			msgs = []string{e.Msg.In(langOf(r))}
		}
		return s.renderGazetteAdmin(w, fr, statusOf(err), values, msgs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/cong-bao/van-ban/"+strconv.FormatInt(d.ID, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// gazetteDocAdminPage is a document's staff page.
type gazetteDocAdminPage struct {
	*AdminPage
	Doc        *gazette.Doc
	Issue      *gazette.Issue
	Today      string
	CanIntake  bool
	CanPublish bool
	PublicURL  string
}

// Day writes an ISO day in words.
func (p *gazetteDocAdminPage) Day(day string) string { return dayWords(&p.AdminPage.Page, day) }

// RelationLabel names a relation kind.
func (p *gazetteDocAdminPage) RelationLabel(k legal.Kind) string {
	return legal.Relation{Kind: k, Outgoing: true}.Label(p.Lang)
}

func (s *Server) gazetteDocAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderGazetteDoc(w, r, http.StatusOK, nil)
}

func (s *Server) renderGazetteDoc(w http.ResponseWriter, r *http.Request, status int, errs []string) error {
	main, err := s.gazetteStaff(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := s.gazette.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if d.SiteID != main {
		return errNotFound
	}
	u := userOf(r)
	p := &gazetteDocAdminPage{AdminPage: s.adminPage(r, u, d.DocType+" "+d.Number), Doc: d, Today: s.gazette.Today(),
		CanIntake: u.Can(main, main, account.GazetteIntake), CanPublish: u.Can(main, main, account.GazettePublish)}
	p.Errors = errs
	if status == http.StatusOK {
		p.Notice = noticeOf(r)
	}
	if d.IssueID != 0 {
		if p.Issue, err = s.gazette.Issue(r.Context(), d.IssueID); err != nil {
			return err
		}
	}
	if d.State != gazette.Received {
		p.PublicURL = s.mainSite(r).URL(gazette.DocPath(d))
	}
	return s.tmpl.render(w, status, "admin/gazette_doc", p)
}

// gazetteDocStep runs a step on a document (override, withdraw, remove
// from its issue) and goes back to its page.
func (s *Server) gazetteDocStep(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.gazetteStaff(r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	p := s.gazettePerson(r)
	var err error
	var what string
	switch r.PathValue("step") {
	case "cho-dang":
		err, what = s.gazette.Override(r.Context(), id, r.PostFormValue("reason"), p), "gazette.override"
	case "thu-hoi":
		err, what = s.gazette.Withdraw(r.Context(), id, r.PostFormValue("reason"), p), "gazette.withdraw"
	case "bo-khoi-so":
		err, what = s.gazette.RemoveFromIssue(r.Context(), id, p), "gazette.remove"
	default:
		return errNotFound
	}
	err = s.gazetteRefused(r, err, what)
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		fr, msgs := withInvalid(r, e)
		if len(msgs) == 0 {
			msgs = []string{e.Msg.In(langOf(r))}
		}
		return s.renderGazetteDoc(w, fr, statusOf(err), msgs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/cong-bao/van-ban/"+strconv.FormatInt(id, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// gazetteStaffFile serves any stored file to the gazette's staff (a
// document not yet published included).
func (s *Server) gazetteStaffFile(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.gazetteStaff(r); err != nil {
		return err
	}
	sum, _ := strings.CutSuffix(r.PathValue("file"), ".pdf")
	data, err := s.gazette.File(r.Context(), sum)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}

// gazetteIssueCreate is POST /quan-tri/cong-bao/so: an issue prepared
// from the documents ticked.
func (s *Server) gazetteIssueCreate(w http.ResponseWriter, r *http.Request) error {
	main, err := s.gazetteStaff(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	req := gazette.IssueRequest{IssueDate: isoDay(f("issue_date"))}
	req.Year, _ = strconv.Atoi(f("year"))
	req.NumFrom, _ = strconv.Atoi(f("num_from"))
	req.NumTo, _ = strconv.Atoi(f("num_to"))
	for _, v := range r.PostForm["doc"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			req.DocIDs = append(req.DocIDs, id)
		}
	}
	is, err := s.gazette.CreateIssue(r.Context(), main, req, s.gazettePerson(r))
	err = s.gazetteRefused(r, err, "gazette.issue")
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		fr, msgs := withInvalid(r, e)
		if len(msgs) == 0 {
			msgs = []string{e.Msg.In(langOf(r))}
		}
		return s.renderGazetteAdmin(w, fr, statusOf(err), map[string]string{"year": f("year"), "num_from": f("num_from"),
			"num_to": f("num_to"), "issue_date": f("issue_date")}, msgs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/cong-bao/so/"+strconv.FormatInt(is.ID, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// gazetteIssueAdminPage is an issue's staff page.
type gazetteIssueAdminPage struct {
	*AdminPage
	Issue      *gazette.Issue
	CanPublish bool
	Blocked    int // documents whose signature stops the publication
	PublicURL  string
}

// Day writes an ISO day in words.
func (p *gazetteIssueAdminPage) Day(day string) string { return dayWords(&p.AdminPage.Page, day) }

func (s *Server) gazetteIssueAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderGazetteIssue(w, r, http.StatusOK, nil)
}

func (s *Server) renderGazetteIssue(w http.ResponseWriter, r *http.Request, status int, errs []string) error {
	main, err := s.gazetteStaff(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	is, err := s.gazette.Issue(r.Context(), id)
	if err != nil {
		return err
	}
	if is.SiteID != main {
		return errNotFound
	}
	u := userOf(r)
	p := &gazetteIssueAdminPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "gz.short")+" "+is.Label), Issue: is,
		CanPublish: u.Can(main, main, account.GazettePublish)}
	p.Errors = errs
	if status == http.StatusOK {
		p.Notice = noticeOf(r)
	}
	for _, d := range is.Docs {
		if !d.Publishable() {
			p.Blocked++
		}
	}
	if is.State == "published" {
		p.PublicURL = s.mainSite(r).URL(gazette.IssuePath(is))
	}
	return s.tmpl.render(w, status, "admin/gazette_issue", p)
}

// gazetteCover is the cover's agency block: the office of the main
// portal's body ("VĂN PHÒNG" and the province's People's Committee).
func (s *Server) gazetteCover(r *http.Request) gazette.Cover {
	main := s.mainSite(r)
	name := strings.ToUpper(main.DisplayName("vi"))
	return gazette.Cover{ParentAgency: name, Agency: "VĂN PHÒNG", Place: provinceOf(main)}
}

// gazettePublish is POST /quan-tri/cong-bao/so/{id}/phat-hanh.
func (s *Server) gazettePublish(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.gazetteStaff(r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	start := time.Now()
	_, err := s.gazette.PublishIssue(r.Context(), id, s.gazetteCover(r), s.gazettePerson(r))
	err = s.gazetteRefused(r, err, "gazette.publish")
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		return s.renderGazetteIssue(w, r, statusOf(err), []string{e.Msg.In(langOf(r))})
	}
	if err != nil {
		return err
	}
	s.log.Info("gazette issue published", "issue", id, "took", time.Since(start).Round(time.Millisecond))
	http.Redirect(w, r, "/quan-tri/cong-bao/so/"+strconv.FormatInt(id, 10)+"?luu=1", http.StatusSeeOther)
	return nil
}

// gazetteSettings is POST /quan-tri/cong-bao/cai-dat: the numbering.
func (s *Server) gazetteSettings(w http.ResponseWriter, r *http.Request) error {
	main, err := s.gazetteStaff(r)
	if err != nil {
		return err
	}
	err = s.gazette.SetFormat(r.Context(), main, r.PostFormValue("format"), s.gazettePerson(r))
	err = s.gazetteRefused(r, err, "gazette.format")
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		fr, msgs := withInvalid(r, e)
		return s.renderGazetteAdmin(w, fr, statusOf(err), map[string]string{"format": r.PostFormValue("format")}, msgs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quan-tri/cong-bao?luu=1#cai-dat", http.StatusSeeOther)
	return nil
}
