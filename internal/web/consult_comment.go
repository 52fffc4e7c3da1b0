package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
)

// consultFormPage is the public comment form of a draft.
type consultFormPage struct {
	*Page
	Draft      *consult.Draft
	Anchor     string
	Label      string   // the provision commented on, "" for the whole draft
	Quote      []string // its text
	Choices    []provisionChoice
	Version    int
	Values     map[string]string
	Kinds      []consult.AuthorKind
	IdemKey    string
	Closed     bool // the period ended: the form stays to keep what was written
	ClosedText string
}

// V is what the commenter typed, to show it again after an error.
func (p *consultFormPage) V(k string) string { return p.Values[k] }

// Back is the draft's page, at the provision.
func (p *consultFormPage) Back() string {
	u := p.Link(consult.Path(p.Draft.Slug))
	if p.Anchor != "" {
		u += "#" + p.Anchor
	}
	return u
}

func (s *Server) consultForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	return s.renderConsultForm(w, r, d, http.StatusOK, map[string]string{"muc": r.URL.Query().Get("muc")}, nil)
}

// renderConsultForm shows the form for the provision values["muc"] of
// the version values["phien-ban"] (the current one if unset).
func (s *Server) renderConsultForm(w http.ResponseWriter, r *http.Request, d *consult.Draft, status int, values, fields map[string]string) error {
	lang := langOf(r)
	p := &consultFormPage{Page: s.publicPage(r, translate(lang, "cs.form.title")), Draft: d, Values: values,
		Kinds: consult.AuthorKinds, Version: d.Version}
	if p.IdemKey, _ = idempotency.ParseKey(values[idempotency.Field]); p.IdemKey == "" {
		p.IdemKey = newFormKey()
	}
	body := d.Body
	if v, _ := strconv.Atoi(values["phien-ban"]); v > 0 && v != d.Version {
		if t, err := s.consult.VersionText(r.Context(), d.ID, v); err == nil {
			body, p.Version = t, v
		}
	}
	doc := s.consult.Parsed(d.ID, p.Version, body)
	p.Choices = provisionChoices(doc)
	p.Anchor = values["muc"]
	if n := doc.Find(p.Anchor); n != nil {
		p.Label, p.Quote = consult.ProvisionLabel(doc, n), provisionText(n)
	} else if p.Anchor != "" && fields == nil {
		p.Anchor = "" // a stale link: the whole draft
	}
	now := s.now()
	if !d.Accepting(now) {
		p.Closed = true
		if err := s.consultClosedText(d, p); err != nil {
			return err
		}
	}
	for _, m := range fields {
		p.Errors = append(p.Errors, m)
	}
	if len(fields) > 0 {
		p.Invalid = fields // each field marked aria-invalid and tied to its message
	}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	// Each view carries its own key: never shared from the page cache.
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, status, "public/consult_form", p)
}

// consultClosedText says why the form takes no comment.
func (s *Server) consultClosedText(d *consult.Draft, p *consultFormPage) error {
	switch {
	case d.Upcoming(s.now()):
		p.ClosedText = p.T("cs.upcoming")
	default:
		p.ClosedText = p.T("cs.closed.note")
		if d.ClosesAt != nil {
			p.ClosedText += " " + p.DateTime(*d.ClosesAt)
		}
	}
	return nil
}

// maxConsultForm bounds a comment: its text and one attachment.
const maxConsultForm = consult.MaxFileBytes + 2<<20

// consultSubmit is POST /lay-y-kien/{slug}/gop-y: a citizen's comment,
// with the captcha, the per-address limit shared by every node, and an
// idempotency key (a double click files it once). A comment sent after
// the closing time — also when the period ended while the form was open
// — is refused with the closing time, and the form comes back with what
// was written.
func (s *Server) consultSubmit(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	lang, ip := langOf(r), s.clientIP(r)
	if !s.consultLimits.allow(r.Context(), ip) {
		w.Header().Set("Retry-After", "60")
		return apperr.New(apperr.TooMany, "Bạn đã gửi nhiều ý kiến trong thời gian ngắn; xin thử lại sau ít phút.",
			"You have sent many comments in a short time; please try again in a few minutes.")
	}
	f := r.FormValue
	values := map[string]string{}
	for _, k := range []string{"muc", "phien-ban", "author_kind", "name", "organisation", "display", "email", "phone", "body", idempotency.Field} {
		values[k] = f(k)
	}
	version, _ := strconv.Atoi(f("phien-ban"))
	sub := consult.Submission{DraftID: d.ID, Anchor: f("muc"), Version: version, AuthorKind: consult.AuthorKind(f("author_kind")),
		Name: f("name"), Organisation: f("organisation"), Display: consult.Display(f("display")), Email: f("email"),
		Phone: f("phone"), Body: f("body"), IP: ip}
	var data [][]byte
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["file"] {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
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
			data = append(data, b)
			break
		}
	}
	once, err := onceFor(r, "consult:"+strconv.FormatInt(d.ID, 10), data...)
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
		return s.renderConsultForm(w, r, d, http.StatusUnprocessableEntity, values, fields)
	}
	var answer idempotency.Answer
	sub.Also = func(ctx context.Context, tx *store.Tx, c *consult.Comment) error {
		if err := s.captcha.Spend(ctx, tx, f(captcha.Field)); err != nil {
			return err
		}
		answer = idempotency.Answer{Status: http.StatusSeeOther, Location: s.link(r, consult.Path(d.Slug)+"/da-gui")}
		return s.keep(ctx, tx, once, answer)
	}
	ctx := media.LimitRequestPixels(r.Context(), media.CitizenRequestPixels)
	c, err := s.consult.Submit(ctx, sub)
	if err != nil && s.twinAnswered(r.Context(), w, once) {
		return nil
	}
	if e, ok := apperr.As(err); ok && (e.Kind == apperr.Invalid || e.Kind == apperr.Conflict) {
		status := http.StatusUnprocessableEntity
		if e.Kind == apperr.Conflict {
			status = http.StatusConflict
			fields["body"] = e.Msg.In(lang) // said next to the text kept in the form
		}
		for k, m := range e.Fields {
			fields[k] = m.In(lang)
		}
		fresh, gerr := s.consult.Get(r.Context(), d.ID)
		if gerr == nil {
			d = fresh
		}
		return s.renderConsultForm(w, r, d, status, values, fields)
	}
	if err != nil {
		return err
	}
	s.consultCounter.WithLabelValues(string(c.State)).Inc()
	writeAnswer(w, answer, false)
	return nil
}

// consultThanks is the page after a comment was received.
func (s *Server) consultThanks(w http.ResponseWriter, r *http.Request) error {
	d, err := s.draftFor(r)
	if err != nil {
		return err
	}
	p := &consultFormPage{Page: s.publicPage(r, translate(langOf(r), "cs.thanks")), Draft: d}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, http.StatusOK, "public/consult_thanks", p)
}
