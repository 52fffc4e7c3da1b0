package web

import (
	"net/http"

	"github.com/congportal/cong/internal/apperr"
)

// handler is how the portal's handlers are written: they return an error
// and one adapter turns it into the right page.
type handler func(w http.ResponseWriter, r *http.Request) error

// statusOf maps the kinds of failure to HTTP statuses, in one place.
func statusOf(err error) int {
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.TooMany:
		return http.StatusTooManyRequests
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// fail answers with an error page for err; internal errors are logged
// and shown only as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error, public bool) {
	status := statusOf(err)
	lang := langOf(r)
	msg := translate(lang, "error")
	if e, ok := apperr.As(err); ok {
		msg = e.Msg.In(lang)
	} else {
		s.log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	title := translate(lang, "error")
	switch status {
	case http.StatusNotFound:
		title = translate(lang, "notfound")
		if public {
			msg = translate(lang, "notfound.lead")
		}
	case http.StatusForbidden:
		title = translate(lang, "forbidden")
	}
	if public && siteOf(r) != nil {
		p := s.publicPage(r, title)
		p.Errors = []string{msg}
		if rerr := s.tmpl.render(w, status, "public/error", p); rerr == nil {
			return
		}
	}
	p := s.adminPage(r, userOf(r), title)
	if rerr := s.tmpl.render(w, status, "admin/error", &messagePage{AdminPage: p, Messages: []string{msg}}); rerr != nil {
		s.plainError(w, r, status)
	}
}

// plainError is the last resort, when templates cannot be used.
func (s *Server) plainError(w http.ResponseWriter, r *http.Request, status int) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	msg := "Hệ thống đang gặp sự cố, xin thử lại sau. / Something went wrong, please try again later."
	if status == http.StatusServiceUnavailable {
		msg = "Cổng chưa được cấu hình: chưa có cổng thông tin chính. / No main portal is configured yet."
	}
	w.Write([]byte(msg + "\n"))
}

var errNotFound = apperr.New(apperr.NotFound, "Không tìm thấy trang bạn yêu cầu.", "The page you asked for does not exist.")

var errForbidden = apperr.New(apperr.Forbidden, "Bạn không có quyền thực hiện thao tác này.",
	"You are not allowed to do this.")
