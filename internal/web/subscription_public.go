package web

import (
	"context"
	"net/http"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/subscription"
)

// subscriptionFormPage is the public subscription form.
type subscriptionFormPage struct {
	*Page
	Cats    []*content.Category
	Email   string
	Section string // the slug chosen; "" for the whole site
	Consent bool
	Fields  map[string]string // form field → message
}

func (p *subscriptionFormPage) invalidFields() map[string]string { return p.Fields }

// subscriptionForm is GET /nhan-tin-moi; ?chuyen-muc=SLUG chooses a
// section (the link on a category page).
func (s *Server) subscriptionForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderSubscriptionForm(w, r, http.StatusOK, &subscriptionFormPage{Section: r.URL.Query().Get("chuyen-muc")})
}

func (s *Server) renderSubscriptionForm(w http.ResponseWriter, r *http.Request, status int, p *subscriptionFormPage) error {
	p.Page = s.publicPage(r, translate(langOf(r), "sub.title"))
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	cats, err := s.content.Categories(r.Context(), p.Site.ID)
	if err != nil {
		return err
	}
	p.Cats = cats
	for _, m := range p.Fields {
		p.Errors = append(p.Errors, m)
	}
	// Each view has its own captcha; a form sent back holds what was typed.
	w.Header().Set("Cache-Control", "no-store")
	return s.tmpl.render(w, status, "public/subscription_form", p)
}

// formFields are the form's names of the store's fields.
var subscriptionFormFields = map[string]string{subscription.FieldEmail: "email", subscription.FieldSection: "section",
	subscription.FieldConsent: "consent"}

// subscriptionSubmit is POST /nhan-tin-moi. Whatever the address — new,
// waiting for its confirmation, subscribed already — the answer is the
// same page, so the form tells no one who subscribes.
func (s *Server) subscriptionSubmit(lim *limiter) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := langOf(r)
		if !lim.allow(r.Context(), s.clientIP(r)) {
			w.Header().Set("Retry-After", "60")
			return apperr.New(apperr.TooMany, "Bạn đã gửi nhiều yêu cầu đăng ký trong thời gian ngắn; xin thử lại sau ít phút.",
				"You have sent many subscription requests in a short time; please try again in a few minutes.")
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			return apperr.New(apperr.Invalid, "Biểu mẫu gửi lên không đọc được; xin tải lại trang và thử lại.",
				"The form could not be read; please reload the page and try again.")
		}
		st := siteOf(r)
		p := &subscriptionFormPage{Email: r.PostFormValue("email"), Section: r.PostFormValue("section"),
			Consent: r.PostFormValue("consent") == "1", Fields: map[string]string{}}
		req := subscription.Request{SiteID: st.ID, Email: p.Email, Lang: lang, Consent: p.Consent,
			ConsentText: translate(lang, "sub.consent")}
		if p.Section != "" {
			cat, err := s.content.CategoryBySlug(r.Context(), st.ID, p.Section)
			if apperr.KindOf(err) == apperr.NotFound {
				p.Fields["section"] = translate(lang, "sub.section.unknown")
				return s.renderSubscriptionForm(w, r, http.StatusUnprocessableEntity, p)
			}
			if err != nil {
				return err
			}
			req.CategoryID = cat.ID
		}
		if msg, err := s.captchaProblem(r.PostFormValue(captcha.Field), lang); err != nil || msg != "" {
			if err != nil {
				return err
			}
			p.Fields[captcha.Field] = msg
			return s.renderSubscriptionForm(w, r, http.StatusUnprocessableEntity, p)
		}
		err := s.subscriptions().Subscribe(r.Context(), req, func(ctx context.Context, tx *store.Tx) error {
			return s.captcha.Spend(ctx, tx, r.PostFormValue(captcha.Field))
		})
		if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
			for k, m := range e.Fields {
				name := subscriptionFormFields[k]
				if name == "" {
					name = k
				}
				p.Fields[name] = m.In(lang)
			}
			if len(e.Fields) == 0 {
				p.Errors = append(p.Errors, e.Msg.In(lang))
			}
			return s.renderSubscriptionForm(w, r, http.StatusUnprocessableEntity, p)
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, s.link(r, "/nhan-tin-moi/da-gui"), http.StatusSeeOther)
		return nil
	}
}

// subscriptionResultPage says what a request or a link did.
type subscriptionResultPage struct {
	*Page
	Heading string
	Lines   []string
	Again   bool // offer the form again
}

func (s *Server) renderSubscriptionResult(w http.ResponseWriter, r *http.Request, status int, heading string, lines ...string) error {
	p := &subscriptionResultPage{Page: s.publicPage(r, heading), Heading: heading, Lines: lines, Again: status != http.StatusOK}
	if err := s.loadMenu(r, p.Page); err != nil {
		return err
	}
	return s.tmpl.render(w, status, "public/subscription_result", p)
}

// subscriptionSent is GET /nhan-tin-moi/da-gui, where every request
// lands.
func (s *Server) subscriptionSent(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	return s.renderSubscriptionResult(w, r, http.StatusOK, translate(lang, "sub.sent"), translate(lang, "sub.sent.text"), translate(lang, "sub.sent.spam"))
}

// secretPage marks a page reached by a link with a secret: never kept by
// a cache, never indexed, and its address never sent on as a referrer.
func secretPage(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

// linkWritable answers for a link that writes while the portal is
// read-only (maintenance): a page saying to come back, and false.
func (s *Server) linkWritable(w http.ResponseWriter, r *http.Request) (bool, error) {
	if !s.readOnlyNow(s.upkeepStatus(r.Context())) {
		return true, nil
	}
	lang := langOf(r)
	w.Header().Set("Retry-After", "600")
	return false, s.renderSubscriptionResult(w, r, http.StatusServiceUnavailable, translate(lang, "sub.readonly"), translate(lang, "sub.readonly.text"))
}

// subscriptionConfirm is GET /nhan-tin-moi/xac-nhan/{token}: the link of
// the confirmation mail. Opening it confirms (the mail went only to the
// address's owner); opened again, it changes nothing.
func (s *Server) subscriptionConfirm(w http.ResponseWriter, r *http.Request) error {
	secretPage(w)
	if ok, err := s.linkWritable(w, r); !ok {
		return err
	}
	lang := langOf(r)
	out, _, err := s.subscriptions().Confirm(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	switch out {
	case subscription.Confirmed:
		return s.renderSubscriptionResult(w, r, http.StatusOK, translate(lang, "sub.confirmed"), translate(lang, "sub.confirmed.text"))
	case subscription.AlreadyConfirmed:
		return s.renderSubscriptionResult(w, r, http.StatusGone, translate(lang, "sub.used"), translate(lang, "sub.used.text"))
	case subscription.Expired:
		return s.renderSubscriptionResult(w, r, http.StatusGone, translate(lang, "sub.expired"), translate(lang, "sub.expired.text"))
	}
	return s.renderSubscriptionResult(w, r, http.StatusNotFound, translate(lang, "sub.badlink"), translate(lang, "sub.badlink.text"))
}

// subscriptionUnsubscribe is GET /nhan-tin-moi/huy/{token}: the link of
// every mail. One click, no sign-in: the subscription and the address
// are erased.
func (s *Server) subscriptionUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	secretPage(w)
	if ok, err := s.linkWritable(w, r); !ok {
		return err
	}
	lang := langOf(r)
	out, _, err := s.subscriptions().Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	if out == subscription.Unsubscribed {
		return s.renderSubscriptionResult(w, r, http.StatusOK, translate(lang, "sub.gone"), translate(lang, "sub.gone.text"))
	}
	return s.renderSubscriptionResult(w, r, http.StatusNotFound, translate(lang, "sub.gone.unknown"), translate(lang, "sub.gone.unknown.text"))
}
