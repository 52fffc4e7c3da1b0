package web

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// consultPerson is the signed-in person as the consultation store sees them.
func (s *Server) consultPerson(r *http.Request) consult.Person {
	return consult.Person{User: userOf(r), MainID: s.mainSite(r).ID, IP: s.clientIP(r)}
}

// consultSite finds the site of a staff consultation page; the person
// needs consult.manage there, or consult.approve (the board approves
// the synthesis). The store checks each action again.
func (s *Server) consultSite(r *http.Request) (*site.Site, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, err
	}
	u, main := userOf(r), s.mainSite(r).ID
	if u.Can(st.ID, main, account.ManageConsult) || u.Can(st.ID, main, account.ApproveSynthesis) {
		return st, nil
	}
	s.deny(r, st.ID, st.Code, "consult.read")
	return nil, errForbidden
}

// consultDraft finds the draft of a staff page: it must be the site's.
func (s *Server) consultDraft(r *http.Request) (*site.Site, *consult.Draft, error) {
	st, err := s.consultSite(r)
	if err != nil {
		return nil, nil, err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := s.consult.Get(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	if d.SiteID != st.ID {
		return nil, nil, errNotFound
	}
	return st, d, nil
}

// staffSynthesisRows is how many rows of the synthesis, each with its
// handling form, the staff page shows at a time.
const staffSynthesisRows = 50

func draftAdminURL(st *site.Site, id int64) string {
	return "/quan-tri/s/" + st.Code + "/lay-y-kien/" + strconv.FormatInt(id, 10)
}

// consultAdminList is the staff list of a site's drafts.
type consultAdminList struct {
	*AdminPage
	Work   *site.Site
	Drafts []*consult.Draft
	Total  int
	Kinds  []string
	CanNew bool
	Values map[string]string
	now    time.Time
}

// StateOf is a draft's state now.
func (p *consultAdminList) StateOf(d *consult.Draft) string { return d.StateAt(p.now).Label(p.Lang) }

// V is a value typed in the new-draft form.
func (p *consultAdminList) V(k string) string { return p.Values[k] }

func (s *Server) consultAdmin(w http.ResponseWriter, r *http.Request) error {
	st, err := s.consultSite(r)
	if err != nil {
		return err
	}
	return s.renderConsultAdmin(w, r, http.StatusOK, st, nil, nil)
}

func (s *Server) renderConsultAdmin(w http.ResponseWriter, r *http.Request, status int, st *site.Site, values map[string]string, errs []string) error {
	p := &consultAdminList{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "cs.title")), Work: st, Kinds: consult.Kinds,
		Values: values, now: s.now()}
	p.CanNew = userOf(r).Can(st.ID, s.mainSite(r).ID, account.ManageConsult)
	p.Errors = errs
	var err error
	if p.Drafts, p.Total, err = s.consult.List(r.Context(), consult.Filter{SiteID: st.ID, Staff: true, Size: 100,
		Page: pageNumber(r.URL.Query().Get("trang"))}); err != nil {
		return err
	}
	return s.tmpl.render(w, status, "admin/consult_list", p)
}

// detailsFrom reads a draft's details from a form.
func detailsFrom(r *http.Request) consult.Details {
	f := r.PostFormValue
	return consult.Details{Title: f("title"), DocKind: f("kind"), Agency: f("agency"), RecvUnit: f("recv_unit"),
		RecvAddress: f("recv_address"), RecvEmail: f("recv_email"), RecvPhone: f("recv_phone"), Summary: f("summary")}
}

// consultCreate is POST /quan-tri/s/{site}/lay-y-kien: a new draft.
func (s *Server) consultCreate(w http.ResponseWriter, r *http.Request) error {
	st, err := s.consultSite(r)
	if err != nil {
		return err
	}
	d, err := s.consult.Create(r.Context(), st.ID, detailsFrom(r), r.PostFormValue("body"), s.consultPerson(r))
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		values := map[string]string{}
		for _, k := range []string{"title", "kind", "agency", "recv_unit", "recv_address", "recv_email", "recv_phone", "summary", "body"} {
			values[k] = r.PostFormValue(k)
		}
		fr, msgs := withInvalid(r, e)
		return s.renderConsultAdmin(w, fr, http.StatusUnprocessableEntity, st, values, msgs)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, draftAdminURL(st, d.ID)+"?luu=1", http.StatusSeeOther)
	return nil
}

// consultDraftPage is the staff page of one draft: its details, text,
// period, attachments, comments and synthesis.
type consultDraftPage struct {
	*AdminPage
	Work        *site.Site
	Draft       *consult.Draft
	State       consult.State
	Kinds       []string
	Attachments []consultAttachment
	AttachIDs   []int64
	Comments    []*consult.Comment
	Filter      string
	Counts      map[consult.CommentState]int
	Synthesis   *consult.Synthesis // the rows of this page of the table
	Figures     *consult.Figures
	// OnlyUnhandled shows only the rows still waiting for their
	// handling; SynPrev and SynNext page through the table.
	OnlyUnhandled    bool
	SynPrev, SynNext string
	MinDays          int
	RuleCode         string
	CanManage        bool
	CanApprove       bool
	OpensAt          string // the form's defaults, as datetime-local
	ClosesAt         string
	Values           map[string]string
	Handlings        []consult.Handling
	Channels         []consult.Channel
	AuthorKinds      []consult.AuthorKind
	PublicURL        string
}

// V is a value typed in one of the page's forms, or the draft's own.
func (p *consultDraftPage) V(k string) string { return p.Values[k] }

// Count is how many of the draft's comments are in a state.
func (p *consultDraftPage) Count(state string) int { return p.Counts[consult.CommentState(state)] }

// ChannelLabel names a channel.
func (p *consultDraftPage) ChannelLabel(c consult.Channel) string { return c.Label(p.Lang) }

// Provision is where a comment is anchored, in words.
func (p *consultDraftPage) Provision(c *consult.Comment) string {
	if c.Provision == "" {
		return p.T("cs.general")
	}
	if c.Version != p.Draft.Version {
		return fmt.Sprintf("%s (%s %d)", c.Provision, p.T("cs.version"), c.Version)
	}
	return c.Provision
}

// Lines splits a text into its paragraphs.
func (p *consultDraftPage) Lines(s string) []string { return strings.Split(s, "\n") }

// Hours formats a duration in hours, for the figures.
func (p *consultDraftPage) Hours(d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return timeLeft(&p.AdminPage.Page, d)
}

func (s *Server) consultDraftShow(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	return s.renderConsultDraft(w, r, http.StatusOK, st, d, nil, nil)
}

// renderConsultDraft renders a draft's staff page; values are what a
// form sent back with errors had typed.
func (s *Server) renderConsultDraft(w http.ResponseWriter, r *http.Request, status int, st *site.Site, d *consult.Draft, values map[string]string, errs []string) error {
	ctx, lang, now := r.Context(), langOf(r), s.now()
	u, main := userOf(r), s.mainSite(r).ID
	p := &consultDraftPage{AdminPage: s.adminPage(r, u, d.Title), Work: st, Draft: d, State: d.StateAt(now), Kinds: consult.Kinds,
		CanManage: u.Can(st.ID, main, account.ManageConsult), CanApprove: u.Can(st.ID, main, account.ApproveSynthesis),
		Handlings: consult.Handlings, Channels: consult.StaffChannels, AuthorKinds: consult.AuthorKinds, Values: values,
		Filter: r.URL.Query().Get("y-kien")}
	p.Errors = errs
	if status == http.StatusOK {
		p.Notice = noticeOf(r)
	}
	if p.Values == nil {
		p.Values = map[string]string{}
	}
	det := consult.DetailsOf(d)
	for k, v := range map[string]string{"title": det.Title, "kind": det.DocKind, "agency": det.Agency, "recv_unit": det.RecvUnit,
		"recv_address": det.RecvAddress, "recv_email": det.RecvEmail, "recv_phone": det.RecvPhone, "summary": det.Summary, "body": d.Body} {
		if _, typed := p.Values[k]; !typed {
			p.Values[k] = v
		}
	}
	opens := now.In(vn.ICT).Truncate(time.Hour).Add(time.Hour)
	var err error
	if p.MinDays, p.RuleCode, err = s.consult.MinPeriod(ctx, opens); err != nil {
		return err
	}
	p.OpensAt = vn.MomentShort(opens)
	p.ClosesAt = vn.MomentShort(opens.AddDate(0, 0, p.MinDays))
	if p.State != consult.Preparing {
		p.PublicURL = st.URL(consult.Path(d.Slug))
	}
	cp := &consultPage{Page: &p.AdminPage.Page, Draft: d}
	if err := s.draftAttachments(ctx, d, cp); err != nil {
		return err
	}
	p.Attachments = cp.Attachments
	list, err := s.consult.Attachments(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, a := range list {
		p.AttachIDs = append(p.AttachIDs, a.ID)
	}
	filter := consult.CommentFilter{Limit: 200}
	switch consult.CommentState(p.Filter) {
	case consult.Held, consult.Pending, consult.Shown, consult.Rejected:
		filter.States = []consult.CommentState{consult.CommentState(p.Filter)}
	default:
		p.Filter = ""
		filter.States = []consult.CommentState{consult.Held, consult.Pending}
	}
	if p.Comments, err = s.consult.Comments(ctx, d.ID, filter); err != nil {
		return err
	}
	if p.Figures, err = s.consult.Figures(ctx, d); err != nil {
		return err
	}
	p.Counts = p.Figures.ByState
	if p.State != consult.Preparing {
		syn, err := s.consult.Synthesis(ctx, d, lang)
		if err != nil {
			return err
		}
		// A page of rows at a time, each with its handling form: a draft
		// with thousands of comments would otherwise send them all.
		q := r.URL.Query()
		n := pageNumber(q.Get("dong"))
		var keep func(*consult.Row) bool
		if q.Get("chua-xu-ly") == "1" {
			p.OnlyUnhandled = true
			keep = func(row *consult.Row) bool { return row.Handling == consult.Unhandled }
		}
		var more bool
		p.Synthesis, more = syn.Page(n, staffSynthesisRows, keep)
		link := func(page int) string {
			v := url.Values{}
			v.Set("dong", strconv.Itoa(page))
			if p.OnlyUnhandled {
				v.Set("chua-xu-ly", "1")
			}
			return draftAdminURL(st, d.ID) + "?" + v.Encode() + "#tong-hop"
		}
		if n > 1 {
			p.SynPrev = link(n - 1)
		}
		if more {
			p.SynNext = link(n + 1)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store") // commenters' contacts
	return s.tmpl.render(w, status, "admin/consult_draft", p)
}

// consultFail renders the draft's page with a step's error, or returns
// any other error.
func (s *Server) consultFail(w http.ResponseWriter, r *http.Request, st *site.Site, d *consult.Draft, err error, keep ...string) error {
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.Invalid && e.Kind != apperr.Conflict) {
		return err
	}
	values := map[string]string{}
	for _, k := range keep {
		values[k] = r.PostFormValue(k)
	}
	fr, msgs := withInvalid(r, e)
	if len(msgs) == 0 {
		msgs = []string{e.Msg.In(langOf(r))}
	}
	fresh, gerr := s.consult.Get(r.Context(), d.ID)
	if gerr == nil {
		d = fresh
	}
	return s.renderConsultDraft(w, fr, statusOf(err), st, d, values, msgs)
}

// consultDone goes back to the draft's page at a section.
func consultDone(w http.ResponseWriter, r *http.Request, st *site.Site, id int64, section string) error {
	u := draftAdminURL(st, id) + "?luu=1"
	if f := r.PostFormValue("y-kien"); f != "" {
		u += "&y-kien=" + url.QueryEscape(f)
	}
	http.Redirect(w, r, u+"#"+section, http.StatusSeeOther)
	return nil
}

func (s *Server) consultUpdate(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if _, err := s.consult.Update(r.Context(), d.ID, detailsFrom(r), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "title", "kind", "agency", "recv_unit", "recv_address", "recv_email", "recv_phone", "summary")
	}
	return consultDone(w, r, st, d.ID, "thong-tin")
}

func (s *Server) consultVersion(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if _, err := s.consult.NewVersion(r.Context(), d.ID, r.PostFormValue("body"), r.PostFormValue("note"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "body", "note")
	}
	return consultDone(w, r, st, d.ID, "toan-van")
}

func (s *Server) consultOpen(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	req := consult.OpenRequest{OpensAt: momentOrZero(f("opens_at")), ClosesAt: momentOrZero(f("closes_at")),
		Shortened: f("shortened") == "1", Basis: f("basis")}
	if f("closes_at") != "" && req.ClosesAt.IsZero() {
		return s.consultFail(w, r, st, d, apperr.Field("closes_at", "Thời điểm kết thúc không hợp lệ.", "The closing time is not valid."), "opens_at", "closes_at", "basis")
	}
	if _, err := s.consult.Open(r.Context(), d.ID, req, s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "opens_at", "closes_at", "basis", "shortened")
	}
	return consultDone(w, r, st, d.ID, "thoi-han")
}

func (s *Server) consultClose(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if _, err := s.consult.CloseEarly(r.Context(), d.ID, r.PostFormValue("basis"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "basis")
	}
	return consultDone(w, r, st, d.ID, "thoi-han")
}

// consultAttach is POST …/{id}/tai-lieu: a document uploaded through the
// media library's checks and posted with the draft under its label.
func (s *Server) consultAttach(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.ManageConsult) {
		return errForbidden
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return s.consultFail(w, r, st, d, apperr.Field("file", "Xin chọn tệp tài liệu.", "Choose a file."), "label")
	}
	fh := r.MultipartForm.File["file"][0]
	file, err := fh.Open()
	if err != nil {
		return err
	}
	defer file.Close()
	m, err := s.media.Upload(r.Context(), st.ID, fh.Filename, file, userOf(r).Actor(s.clientIP(r)))
	if err != nil {
		return s.consultFail(w, r, st, d, err, "label")
	}
	if err := s.consult.Attach(r.Context(), d.ID, m.ID, r.PostFormValue("label"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "label")
	}
	return consultDone(w, r, st, d.ID, "tai-lieu")
}

func (s *Server) consultDetach(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	aid, _ := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err := s.consult.Detach(r.Context(), d.ID, aid, s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err)
	}
	return consultDone(w, r, st, d.ID, "tai-lieu")
}

// consultEnter is POST …/{id}/y-kien: a comment received by mail, email
// or in a meeting, with its scan.
func (s *Server) consultEnter(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	sub := consult.Submission{DraftID: d.ID, Anchor: f("muc"), AuthorKind: consult.AuthorKind(f("author_kind")), Name: f("name"),
		Organisation: f("organisation"), Display: consult.Display(f("display")), Email: f("email"), Phone: f("phone"),
		Body: f("comment"), Channel: consult.Channel(f("channel")), ReceivedAt: momentOrZero(f("received_at"))}
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 {
		fh := r.MultipartForm.File["file"][0]
		file, err := fh.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(file, consult.MaxFileBytes+1))
		file.Close()
		if err != nil {
			return err
		}
		sub.File = &consult.Upload{Name: fh.Filename, Data: b}
	}
	if _, err := s.consult.Enter(r.Context(), sub, s.consultPerson(r)); err != nil {
		// The form's comment box is "comment": "body" is the draft's text.
		if e, ok := apperr.As(err); ok {
			if m, has := e.Fields["body"]; has {
				e.Fields["comment"] = m
				delete(e.Fields, "body")
			}
		}
		return s.consultFail(w, r, st, d, err, "muc", "author_kind", "name", "organisation", "display", "email", "phone", "comment", "channel", "received_at")
	}
	return consultDone(w, r, st, d.ID, "nhap-y-kien")
}

// commentID is the {cid} of a comment step's path.
func commentID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("cid"), 10, 64)
	return id
}

// consultComment loads the comment of a step and checks it is the draft's.
func (s *Server) consultComment(r *http.Request, d *consult.Draft) (*consult.Comment, error) {
	c, err := s.consult.Comment(r.Context(), commentID(r))
	if err != nil {
		return nil, err
	}
	if c.DraftID != d.ID {
		return nil, errNotFound
	}
	return c, nil
}

func (s *Server) consultModerate(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	if _, err := s.consult.Moderate(r.Context(), c.ID, consult.Moderation(r.PostFormValue("action")), r.PostFormValue("reason"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err)
	}
	return consultDone(w, r, st, d.ID, "y-kien")
}

func (s *Server) consultDuplicate(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	of, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("of")), "#"), 10, 64)
	if err := s.consult.MarkDuplicate(r.Context(), c.ID, of, s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err)
	}
	return consultDone(w, r, st, d.ID, "tong-hop")
}

func (s *Server) consultHandle(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	f := r.PostFormValue
	if _, err := s.consult.Handle(r.Context(), c.ID, consult.Handling(f("handling")), f("explanation"), f("summary"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err)
	}
	return consultDone(w, r, st, d.ID, "c"+strconv.FormatInt(c.ID, 10))
}

func (s *Server) consultErase(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	if r.PostFormValue("dong-y") != "1" {
		return s.consultFail(w, r, st, d, apperr.Field("dong-y", "Xin đánh dấu xác nhận: họ tên và thông tin liên hệ sẽ bị xóa vĩnh viễn.", "Tick the confirmation: the name and contacts are erased for good."))
	}
	if err := s.consult.Erase(r.Context(), c.ID, s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err)
	}
	return consultDone(w, r, st, d.ID, "y-kien")
}

// consultContacts shows one commenter's contacts, audited (Law 91/2025).
func (s *Server) consultContacts(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.ManageConsult) {
		return errForbidden
	}
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	if err := s.consult.Seen(r.Context(), c, st.ID, s.consultPerson(r)); err != nil {
		return err
	}
	p := &consultContactPage{AdminPage: s.adminPage(r, userOf(r), d.Title), Work: st, Draft: d, Comment: c}
	w.Header().Set("Cache-Control", "private, no-store")
	return s.tmpl.render(w, http.StatusOK, "admin/consult_contact", p)
}

// consultContactPage shows a commenter's contacts to staff.
type consultContactPage struct {
	*AdminPage
	Work    *site.Site
	Draft   *consult.Draft
	Comment *consult.Comment
}

// consultCommentFile serves a comment's attachment to staff.
func (s *Server) consultCommentFile(w http.ResponseWriter, r *http.Request) error {
	_, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	c, err := s.consultComment(r, d)
	if err != nil {
		return err
	}
	f, data, err := s.consult.FileData(r.Context(), c.ID, fid, s.consultPerson(r))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.Mime)
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(data)
	return err
}

// consultPublish is POST …/{id}/cong-bo: the board approves the synthesis
// and it is published next to the draft.
func (s *Server) consultPublish(w http.ResponseWriter, r *http.Request) error {
	st, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	if _, err := s.consult.PublishSynthesis(r.Context(), d.ID, r.PostFormValue("note"), s.consultPerson(r)); err != nil {
		return s.consultFail(w, r, st, d, err, "note")
	}
	return consultDone(w, r, st, d.ID, "tong-hop")
}

// consultStaffFile is GET …/{id}/{file}: the synthesis as it stands, for
// staff to check before it is approved.
func (s *Server) consultStaffFile(w http.ResponseWriter, r *http.Request) error {
	_, d, err := s.consultDraft(r)
	if err != nil {
		return err
	}
	name, ext, _ := strings.Cut(r.PathValue("file"), ".")
	if name != "tong-hop" {
		return errNotFound
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return s.writeSynthesis(w, r, d, ext)
}
