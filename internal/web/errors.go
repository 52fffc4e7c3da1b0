package web

import (
	"net/http"
	"strconv"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/store"
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
	if store.FaultOf(err) != store.NoFault {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers with an error page for err; internal errors are logged
// and shown only as a generic message, database failures as a 503 that
// names their cause (see unavailable).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error, public bool) {
	status := statusOf(err)
	lang := langOf(r)
	msg := translate(lang, "error")
	if e, ok := apperr.As(err); ok {
		msg = e.Msg.In(lang)
	} else if m, ok := s.unavailable(w, r, err); ok {
		msg = m.In(lang)
	} else {
		s.log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	title := translate(lang, "error")
	switch status {
	case http.StatusServiceUnavailable:
		title = pick(lang, "Tạm thời chưa phục vụ được", "Temporarily unavailable")
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
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(status)
			w.Write([]byte(msg + "\n"))
			return
		}
		s.plainError(w, r, status)
	}
}

// unavailable reports whether err is a database failure (store.Fault)
// and, if so, logs it at ERROR with the cause found (a full disk, a
// read-only file…), sets Retry-After on w and returns what to tell the
// client: the cause, in words a visitor understands, and when to retry.
// Every handler that answers a database failure in its own format (the
// JSON API, Open311) goes through here too, so each failure is one log
// line and one kind of answer whatever the route.
func (s *Server) unavailable(w http.ResponseWriter, r *http.Request, err error) (apperr.Msg, bool) {
	f, detail := s.db.Diagnose(err)
	if f == store.NoFault {
		return apperr.Msg{}, false
	}
	s.log.Error("database unavailable", "path", r.URL.Path, "method", r.Method, "fault", f.String(), "detail", detail, "err", err)
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter(f)))
	w.Header().Set("Cache-Control", "no-store")
	return faultMessages[f], true
}

// retryAfter is the Retry-After of a fault, in seconds: a lock or a slow
// moment passes in seconds; a server restarting, a disk to clear or a
// file to repair take someone minutes.
func retryAfter(f store.Fault) int {
	switch f {
	case store.Locked, store.TimedOut:
		return 5
	case store.Unreachable:
		return 30
	}
	return 120
}

// faultMessages say what happened in words a visitor can act on: wait
// and retry, or, when it needs the administrators, that they must act.
var faultMessages = map[store.Fault]apperr.Msg{
	store.Locked: {VI: "Cơ sở dữ liệu đang bận vì một thao tác ghi khác đang giữ khóa. Xin thử lại sau ít giây.",
		EN: "The database is busy: another write holds its lock. Please try again in a few seconds."},
	store.TimedOut: {VI: "Cơ sở dữ liệu không trả lời kịp nên yêu cầu đã dừng lại. Xin thử lại sau ít giây.",
		EN: "The database did not answer in time, so the request was stopped. Please try again in a few seconds."},
	store.Unreachable: {VI: "Không kết nối được cơ sở dữ liệu. Xin thử lại sau ít phút.",
		EN: "The database cannot be reached. Please try again in a few minutes."},
	store.DiskFull: {VI: "Ổ đĩa của máy chủ đã đầy nên không lưu được dữ liệu. Quản trị hệ thống cần giải phóng dung lượng; xin thử lại sau.",
		EN: "The server's disk is full, so nothing can be saved. The administrators must free space; please try again later."},
	store.ReadOnly: {VI: "Cơ sở dữ liệu đang ở chế độ chỉ đọc nên không lưu được dữ liệu. Quản trị hệ thống cần xử lý; xin thử lại sau.",
		EN: "The database is read-only, so nothing can be saved. The administrators must fix it; please try again later."},
	store.StorageFailed: {VI: "Ổ đĩa chứa cơ sở dữ liệu gặp lỗi đọc ghi. Quản trị hệ thống cần xử lý; xin thử lại sau.",
		EN: "The disk holding the database failed to read or write. The administrators must fix it; please try again later."},
	store.Failed: {VI: "Cơ sở dữ liệu báo lỗi. Xin thử lại sau ít phút.",
		EN: "The database reported an error. Please try again in a few minutes."},
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
