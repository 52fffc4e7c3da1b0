package web

import (
	"bytes"
	"errors"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
)

// cookieName is the session cookie; behind TLS it takes the __Host-
// prefix, which browsers accept only with Secure, Path=/ and no Domain.
func (s *Server) cookieName() string {
	if s.behindTLS {
		return "__Host-cong_session"
	}
	return "cong_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.behindTLS, SameSite: http.SameSiteLaxMode})
}

func (s *Server) sessionToken(r *http.Request) string {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

// loadSession puts the session and its user in the request, if any.
// expired reports a cookie that names no live session.
func (s *Server) loadSession(r *http.Request) (req *http.Request, expired bool, err error) {
	token := s.sessionToken(r)
	if token == "" {
		return r, false, nil
	}
	sess, err := s.sessions.Lookup(r.Context(), token)
	if errors.Is(err, account.ErrNoSession) {
		return r, true, nil
	}
	if err != nil {
		return r, false, err
	}
	u, err := s.users.ByID(r.Context(), sess.UserID)
	if store.FaultOf(err) != store.NoFault {
		return r, false, err // the database failing, not the session ending
	}
	if err != nil || u.Disabled {
		return r, true, nil
	}
	return withValue(withValue(r, keySession, sess), keyUser, u), false, nil
}

// page adapts a handler that works with or without a signed-in person.
func (s *Server) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, _, err := s.loadSession(r)
		if err != nil {
			s.fail(w, r, err, false)
			return
		}
		s.run(w, r, h, false)
	})
}

// The levels of the guard in front of staff routes.
const (
	needSession = iota // signed in; second factor given or being set up (its enrolment)
	needFactor         // signed in and past the second factor where the account has or needs one
)

// enrolling adapts the second factor's enrolment pages: a person whose
// role needs a second factor reaches them after the password alone, to
// set one up; a person who has one must have given it in this session,
// and moving it to a new device asks for its current code as well
// (account.EnrollTOTP).
func (s *Server) enrolling(h handler) http.Handler {
	return s.guard(h, needSession)
}

// staff adapts a staff handler: a session, and the second factor given
// when the person has one or their role requires one.
func (s *Server) staff(h handler) http.Handler {
	return s.guard(h, needFactor)
}

// factorState is where a signed-in person stands with the second factor.
type factorState int

const (
	factorPassed factorState = iota // given in this session, or neither set up nor required
	factorCode                      // set up, not yet given in this session
	factorEnrol                     // required by a role, not yet set up
)

// secondFactor is the one rule for "the second factor is passed": every
// staff route and the enrolment pages ask it.
func secondFactor(u *account.User, sess *account.Session) factorState {
	switch {
	case u.HasTOTP() && sess.MFADone:
		return factorPassed
	case u.HasTOTP():
		return factorCode
	case u.NeedsTOTP():
		return factorEnrol
	}
	return factorPassed
}

func (s *Server) guard(h handler, level int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, expired, err := s.loadSession(r)
		if err != nil {
			s.fail(w, r, err, false)
			return
		}
		u, sess := userOf(r), sessionOf(r)
		if u == nil {
			target := "/dang-nhap?next=" + url.QueryEscape(r.URL.RequestURI())
			if expired {
				audit.Record(r.Context(), s.db, audit.Entry{At: s.now(), Action: "session.expired", Target: r.Method + " " + r.URL.Path, IP: s.clientIP(r)})
				s.setSessionCookie(w, "", -1)
				target += "&het-han=1"
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		switch state := secondFactor(u, sess); {
		case state == factorCode:
			http.Redirect(w, r, "/dang-nhap/xac-thuc?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case state == factorEnrol && level == needFactor:
			http.Redirect(w, r, "/quan-tri/xac-thuc/dang-ky", http.StatusSeeOther)
			return
		}
		s.run(w, r, h, false)
	})
}

type loginPage struct {
	*AdminPage
	Next, Username string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	p := &loginPage{AdminPage: s.adminPage(r, nil, translate(langOf(r), "login")), Next: safeNext(r.URL.Query().Get("next"))}
	if r.URL.Query().Get("het-han") != "" {
		p.Notice = pick(p.Lang, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại.", "Your session has expired. Please sign in again.")
	}
	return s.tmpl.render(w, http.StatusOK, "admin/login", p)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx, ip := r.Context(), s.clientIP(r)
	p := &loginPage{AdminPage: s.adminPage(r, nil, translate(langOf(r), "login")),
		Next: safeNext(r.PostFormValue("next")), Username: r.PostFormValue("username")}
	if !s.limits.allow(r.Context(), "login:"+ip) {
		p.Errors = []string{pick(p.Lang, "Quá nhiều lần đăng nhập từ địa chỉ này. Hãy đợi một phút rồi thử lại.",
			"Too many sign-in attempts from this address. Wait a minute and try again.")}
		return s.tmpl.render(w, http.StatusTooManyRequests, "admin/login", p)
	}
	u, err := s.users.Authenticate(ctx, r.PostFormValue("username"), r.PostFormValue("password"), ip)
	if e, ok := apperr.As(err); ok {
		p.Errors = []string{e.Msg.In(p.Lang)}
		return s.tmpl.render(w, statusOf(err), "admin/login", p)
	}
	if err != nil {
		return err
	}
	if old := s.sessionToken(r); old != "" {
		if err := s.sessions.Delete(ctx, old); err != nil {
			s.log.Warn("sign-in: the previous session was not ended", "err", err)
		}
	}
	mfaDone := !u.HasTOTP() && !u.NeedsTOTP()
	token, err := s.sessions.Create(ctx, u.ID, mfaDone, ip, r.UserAgent())
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token, int(s.sessions.MaxAge/time.Second))
	switch {
	case u.HasTOTP():
		http.Redirect(w, r, "/dang-nhap/xac-thuc?next="+url.QueryEscape(p.Next), http.StatusSeeOther)
	case u.NeedsTOTP():
		http.Redirect(w, r, "/quan-tri/xac-thuc/dang-ky", http.StatusSeeOther)
	default:
		http.Redirect(w, r, p.Next, http.StatusSeeOther)
	}
	return nil
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) error {
	if userOf(r) == nil {
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return nil
	}
	p := &loginPage{AdminPage: s.adminPage(r, nil, translate(langOf(r), "totp.title")), Next: safeNext(r.URL.Query().Get("next"))}
	return s.tmpl.render(w, http.StatusOK, "admin/totp", p)
}

func (s *Server) totpVerify(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	if u == nil {
		http.Redirect(w, r, "/dang-nhap?het-han=1", http.StatusSeeOther)
		return nil
	}
	p := &loginPage{AdminPage: s.adminPage(r, nil, translate(langOf(r), "totp.title")), Next: safeNext(r.PostFormValue("next"))}
	if !s.limits.allow(r.Context(), "totp:"+s.clientIP(r)) {
		p.Errors = []string{pick(p.Lang, "Quá nhiều lần thử. Hãy đợi một phút.", "Too many attempts. Wait a minute.")}
		return s.tmpl.render(w, http.StatusTooManyRequests, "admin/totp", p)
	}
	// A recovery code (xxxxx-xxxxx) stands in for the app's code; it is
	// audited as used, with the number left, where it is spent.
	code := strings.TrimSpace(r.PostFormValue("code"))
	check := s.users.CheckTOTP
	recovery := account.IsRecoveryCode(code)
	if recovery {
		check = s.users.UseRecoveryCode
	}
	if err := check(r.Context(), u, code, s.clientIP(r)); err != nil {
		e, ok := apperr.As(err)
		if !ok {
			return err
		}
		p.Errors = []string{e.Msg.In(p.Lang)}
		return s.tmpl.render(w, statusOf(err), "admin/totp", p)
	}
	if err := s.sessions.CompleteMFA(r.Context(), s.sessionToken(r)); err != nil {
		return err
	}
	if !recovery {
		audit.Record(r.Context(), s.db, audit.Entry{At: s.now(), ActorID: u.ID, Actor: u.Username, Action: "totp.ok", IP: s.clientIP(r)})
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if token := s.sessionToken(r); token != "" {
		if err := s.sessions.Delete(r.Context(), token); err != nil {
			return err // the session would stay valid while the cookie is gone
		}
	}
	if u := userOf(r); u != nil {
		audit.Record(r.Context(), s.db, audit.Entry{At: s.now(), ActorID: u.ID, Actor: u.Username, Action: "logout", IP: s.clientIP(r)})
	}
	s.setSessionCookie(w, "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.sessions.DeleteAll(r.Context(), userOf(r), s.clientIP(r)); err != nil {
		return err
	}
	s.setSessionCookie(w, "", -1)
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// setLanguage remembers the staff interface language in a cookie.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := "vi"
	if r.URL.Query().Get("lang") == "en" {
		lang = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.behindTLS, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}

type enrollPage struct {
	*AdminPage
	Secret string
	// Moving is true when the account already has a second factor: the
	// form then asks for a code of the current one too.
	Moving bool
}

func (s *Server) totpEnrollForm(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	token := s.sessionToken(r)
	secret, err := s.sessions.PendingTOTP(r.Context(), token)
	if err != nil {
		return err
	}
	if secret == "" {
		key, err := account.NewTOTPKey(s.issuer(r), u)
		if err != nil {
			return err
		}
		secret = key.Secret()
		if err := s.sessions.SetPendingTOTP(r.Context(), token, secret); err != nil {
			return err
		}
	}
	p := &enrollPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "totp.enroll")), Secret: secret, Moving: u.HasTOTP()}
	return s.tmpl.render(w, http.StatusOK, "admin/totp_enroll", p)
}

// totpQR draws the pending secret as a QR code for authenticator apps.
func (s *Server) totpQR(w http.ResponseWriter, r *http.Request) error {
	secret, err := s.sessions.PendingTOTP(r.Context(), s.sessionToken(r))
	if store.FaultOf(err) != store.NoFault {
		return err // the database failing is not "nothing pending"
	}
	if err != nil || secret == "" {
		return errNotFound
	}
	key, err := account.TOTPKeyFromSecret(s.issuer(r), userOf(r), secret)
	if err != nil {
		return err
	}
	img, err := key.Image(200, 200)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) totpEnroll(w http.ResponseWriter, r *http.Request) error {
	u, token := userOf(r), s.sessionToken(r)
	secret, err := s.sessions.PendingTOTP(r.Context(), token)
	if err != nil {
		return err
	}
	if secret == "" {
		http.Redirect(w, r, "/quan-tri/xac-thuc/dang-ky", http.StatusSeeOther)
		return nil
	}
	codes, err := s.users.EnrollTOTP(r.Context(), account.Enrolment{User: u, Secret: secret,
		Code: strings.TrimSpace(r.PostFormValue("code")), CurrentCode: strings.TrimSpace(r.PostFormValue("current_code")),
		Session: token, IP: s.clientIP(r)})
	if e, ok := apperr.As(err); ok {
		p := &enrollPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "totp.enroll")), Secret: secret, Moving: u.HasTOTP()}
		p.Errors = []string{e.Msg.In(p.Lang)}
		for _, m := range e.Fields {
			p.Errors = []string{m.In(p.Lang)}
		}
		status := http.StatusUnprocessableEntity
		if e.Kind == apperr.TooMany {
			status = http.StatusTooManyRequests
		}
		return s.tmpl.render(w, status, "admin/totp_enroll", p)
	}
	if err != nil {
		return err
	}
	if err := s.sessions.SetPendingTOTP(r.Context(), token, ""); err != nil {
		return err
	}
	return s.showRecoveryCodes(w, r, u, codes)
}

// codesPage shows a new set of recovery codes, once: they are in this
// answer only (the database keeps their hashes), which no cache keeps.
type codesPage struct {
	*AdminPage
	Codes []string
}

func (s *Server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, u *account.User, codes []string) error {
	w.Header().Set("Cache-Control", "no-store")
	p := &codesPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "rc.title")), Codes: codes}
	return s.tmpl.render(w, http.StatusOK, "admin/totp_codes", p)
}

// renewRecoveryCodes makes a new set of recovery codes from "Tài khoản
// của tôi", after a current code of the app; the old set is void.
func (s *Server) renewRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	u := userOf(r)
	codes, err := s.users.RenewRecoveryCodes(r.Context(), u, r.PostFormValue("code"), s.clientIP(r))
	if e, ok := apperr.As(err); ok {
		p, err := s.accountPage(r, u)
		if err != nil {
			return err
		}
		p.Errors = []string{e.Msg.In(p.Lang)}
		status := http.StatusUnprocessableEntity
		if e.Kind == apperr.TooMany {
			status = http.StatusTooManyRequests
		}
		return s.tmpl.render(w, status, "admin/account", p)
	}
	if err != nil {
		return err
	}
	return s.showRecoveryCodes(w, r, u, codes)
}

// issuer names the portal in authenticator apps.
func (s *Server) issuer(r *http.Request) string {
	if main, _ := s.resolver.Resolve(r.Context(), "", "/"); main != nil {
		return main.Name
	}
	return "Cổng"
}

type accountPage struct {
	*AdminPage
	Sessions int
	// RecoveryLeft counts the unused recovery codes (with a second factor).
	RecoveryLeft int
}

func (s *Server) accountPage(r *http.Request, u *account.User) (*accountPage, error) {
	n, err := s.sessions.Count(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	left, err := s.users.RecoveryCodesLeft(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	return &accountPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "myaccount")), Sessions: n, RecoveryLeft: left}, nil
}

func (s *Server) myAccount(w http.ResponseWriter, r *http.Request) error {
	p, err := s.accountPage(r, userOf(r))
	if err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/account", p)
}

func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}
