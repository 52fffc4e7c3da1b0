package web

import (
	"encoding/json"
	"net/http"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/mail"
)

// setupCaptchaMail takes the captcha issuer and the mail outbox from the
// options, or makes the defaults: a captcha of the default difficulty and
// an outbox that keeps mail queued until an SMTP server is configured.
func (s *Server) setupCaptchaMail(o Options) error {
	s.captcha, s.mail = o.Captcha, o.Mail
	if s.captcha == nil {
		var err error
		if s.captcha, err = captcha.New(o.DB, captcha.Options{Now: o.Now}); err != nil {
			return err
		}
	}
	if s.mail == nil {
		s.mail = mail.New(o.DB, mail.Options{Log: o.Log, Now: o.Now})
	}
	return nil
}

// Captcha is the server's captcha issuer (tests and the load benchmark
// check against the same one).
func (s *Server) Captcha() *captcha.Issuer { return s.captcha }

// Mail is the server's mail outbox.
func (s *Server) Mail() *mail.Outbox { return s.mail }

// StaticURL is the fingerprinted URL of a static file, for pages that
// tests build around the portal.
func (s *Server) StaticURL(name string) string { return s.assets.URL(name) }

// captchaChallenge answers GET /api/v1/captcha with a fresh challenge for
// static/captcha.js. It is never cached: each form needs its own.
func (s *Server) captchaChallenge(w http.ResponseWriter, r *http.Request) {
	c, err := s.captcha.New()
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if err != nil {
		s.log.Error("captcha: new challenge", "err", err)
		h.Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(`{"error":"Không tạo được thử thách xác minh, xin thử lại."}` + "\n"))
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(c)
}

// captchaProblem checks a form's captcha solution: "" when it is good,
// else the message the form shows by the widget in lang; an error only
// when the check itself failed.
func (s *Server) captchaProblem(solution, lang string) (string, error) {
	err := s.captcha.Check(solution)
	if err == nil {
		return "", nil
	}
	e, ok := apperr.As(err)
	if !ok {
		return "", err
	}
	msg := e.Msg.In(lang)
	for _, m := range e.Fields {
		msg = m.In(lang)
	}
	return msg, nil
}
