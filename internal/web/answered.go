package web

import (
	"net/http"

	"github.com/congportal/cong/internal/apperr"
)

// errNoAnswer is what a person sees when a handler returned without an
// error and without answering: a blank page would say nothing, and a
// change might or might not have been saved (issue 13: granting a board
// role once answered a blank white page).
var errNoAnswer = apperr.New(apperr.Internal,
	"Cổng gặp lỗi và không tạo được trang này. Việc bạn vừa làm có thể chưa được lưu: hãy kiểm tra lại, thử lại sau, hoặc báo quản trị viên. Lỗi đã được ghi lại.",
	"The portal failed to produce this page. What you just did may not have been saved: check, try again later, or tell an administrator. The error has been logged.")

// answerWriter notes whether a handler answered at all: a status or a
// body, even an empty one written on purpose.
type answerWriter struct {
	http.ResponseWriter
	answered bool
}

func (w *answerWriter) WriteHeader(code int) {
	w.answered = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *answerWriter) Write(b []byte) (int, error) {
	w.answered = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the writer beneath.
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// run calls h and answers for it: with an error page when it fails, and
// with a 500 page and an ERROR log line naming the route when it returns
// nil without having written a status or a body. Every wrapper of staff
// and public handlers (page, guard, public) goes through it.
func (s *Server) run(w http.ResponseWriter, r *http.Request, h handler, public bool) {
	aw := &answerWriter{ResponseWriter: w}
	err := h(aw, r)
	if err == nil && !aw.answered {
		s.log.Error("a handler answered nothing: answering 500 instead of a blank page",
			"route", r.Pattern, "method", r.Method, "path", r.URL.Path)
		err = errNoAnswer
	}
	if err != nil {
		s.fail(aw, r, err, public)
	}
}
