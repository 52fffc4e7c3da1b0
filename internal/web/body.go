package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/pdfdoc"
)

// bodyClass is a kind of route by what its requests may carry: its limit
// on the body and the message when a body is over it.
type bodyClass struct {
	limit int64
	msg   apperr.Msg
	// only, when set, is the action a signed-in person needs for the
	// server to read a body of this class at all: a class far larger
	// than the others is read only for those who may send one, so an
	// outsider cannot make the server take in 100 MB to be refused after.
	only account.Action
}

// The classes of routes (issue 11). Every request body is bounded by its
// class before anything reads it; the rest of a body over the limit is
// never read, and the connection is closed.
var (
	// formClass: a form without files — sign-in, a workflow step, a
	// setting, a reader's error report.
	formClass = bodyClass{limit: 256 << 10, msg: apperr.Msg{
		VI: "Dữ liệu gửi lên quá lớn (tối đa 256 KB).", EN: "The form is too large (at most 256 KB)."}}
	// apiClass: Open311 and the JSON API.
	apiClass = bodyClass{limit: 1 << 20, msg: apperr.Msg{
		VI: "Yêu cầu quá lớn (tối đa 1 MB).", EN: "The request is too large (at most 1 MB)."}}
	// editClass: an item's form, whose body may be 2 MB of text, three
	// times that once a browser has percent-encoded its Vietnamese.
	editClass = bodyClass{limit: 8 << 20, msg: apperr.Msg{
		VI: "Nội dung quá lớn (tối đa 2 MB văn bản).", EN: "The content is too large (at most 2 MB of text)."}}
	// uploadClass: a staff file upload.
	uploadClass = bodyClass{limit: maxUpload + 1<<20, msg: apperr.Msg{
		VI: "Tệp quá lớn: ảnh tối đa 15 MB, tài liệu tối đa 30 MB.", EN: "The file is too large: images up to 15 MB, documents up to 30 MB."}}
	// feedbackClass: a citizen's request with its attachments.
	feedbackClass = bodyClass{limit: maxFeedbackForm, msg: apperr.Msg{
		VI: "Phản ánh quá lớn: tổng dung lượng tệp đính kèm tối đa 15 MB, mỗi tệp 5 MB.",
		EN: "The request is too large: attachments up to 5 MB each, 15 MB in all."}}
)

// gazetteClass: a signed document received for the gazette, with its PDF.
var gazetteClass = bodyClass{limit: pdfdoc.MaxBytes + 1<<20, msg: apperr.Msg{
	VI: "Tệp quá lớn: văn bản đăng Công báo tối đa 100 MB.", EN: "The file is too large: gazette documents may be up to 100 MB."},
	only: account.GazetteIntake}

// consultClass: a comment on a draft with one attachment (a citizen's,
// or the scan of a letter staff enter).
var consultClass = bodyClass{limit: maxConsultForm, msg: apperr.Msg{
	VI: "Ý kiến quá lớn: tệp đính kèm tối đa 5 MB.", EN: "The comment is too large: the attachment may be up to 5 MB."}}

// classOf is the body class of a request, by method and path. A path of a
// component site carries its prefix (/so-khcn/phan-anh-kien-nghi), and
// the English pages /en: the suffix decides.
func classOf(method, path string) bodyClass {
	if method != http.MethodPost {
		return formClass
	}
	switch {
	case strings.HasPrefix(path, "/quan-tri/s/") && strings.HasSuffix(path, "/tep"):
		return uploadClass
	case strings.HasPrefix(path, "/quan-tri/s/") && (strings.HasSuffix(path, "/noi-dung") || isItemSave(path)):
		return editClass
	case strings.HasPrefix(path, "/open311/") || strings.HasPrefix(path, "/api/"):
		return apiClass
	case strings.HasSuffix(path, "/phan-anh-kien-nghi"):
		return feedbackClass
	case path == "/quan-tri/cong-bao/van-ban":
		return gazetteClass
	case strings.HasSuffix(path, "/gop-y") || (strings.HasPrefix(path, "/quan-tri/s/") && strings.HasSuffix(path, "/y-kien")):
		return consultClass
	case strings.HasPrefix(path, "/quan-tri/s/") && strings.Contains(path, "/lay-y-kien") && strings.HasSuffix(path, "/tai-lieu"):
		return uploadClass
	case strings.HasPrefix(path, "/quan-tri/s/") && (strings.HasSuffix(path, "/lay-y-kien") || strings.HasSuffix(path, "/phien-ban")):
		return editClass
	}
	return formClass
}

// isItemSave matches /quan-tri/s/{site}/noi-dung/{id}, the item form.
func isItemSave(path string) bool {
	i := strings.LastIndex(path, "/noi-dung/")
	if i < 0 {
		return false
	}
	id := path[i+len("/noi-dung/"):]
	return id != "" && strings.Trim(id, "0123456789") == ""
}

// multipartMemory is how much of a multipart form is kept in memory;
// larger files go to temporary files, removed when the request ends.
const multipartMemory = 1 << 20

// bodies bounds and parses every request body in one place, before any
// handler: the limit of the route's class applies before the first byte
// is read; a form is parsed here, on the request the server holds, so
// the handlers' later copies (r.WithContext) share the parsed form and
// never parse again; the temporary files of a multipart form are always
// removed when the request ends, whatever the handler did. Text that no
// stored field may hold (NUL bytes, invalid UTF-8) is refused here too.
func (s *Server) bodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" && !cleanQuery(r.URL.RawQuery) {
			// A query only reads: drop what no text may hold and go on,
			// as a search for "%FF%FE" finds nothing rather than fails.
			r.URL.RawQuery = cleanedQuery(r.URL.RawQuery)
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		class := classOf(r.Method, r.URL.Path)
		if class.only != "" && !s.mayAct(r, class.only) {
			class = formClass // read as a form: any upload is over it
		}
		if r.ContentLength > class.limit {
			w.Header().Set("Connection", "close")
			s.refuse(w, r, apperr.New(apperr.TooLarge, class.msg.VI, class.msg.EN))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, class.limit)
		if err := parseForm(r); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.refuse(w, r, apperr.New(apperr.TooLarge, class.msg.VI, class.msg.EN))
			} else {
				s.refuse(w, r, badForm)
			}
			return
		}
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		if !cleanValues(r.PostForm) {
			s.refuse(w, r, badText)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// mayAct reports whether r carries the session of someone who may take
// action a on the main portal (where the classes with an action live).
func (s *Server) mayAct(r *http.Request, a account.Action) bool {
	token := s.sessionToken(r)
	if token == "" {
		return false
	}
	sess, err := s.sessions.Lookup(r.Context(), token)
	if err != nil {
		return false
	}
	u, err := s.users.ByID(r.Context(), sess.UserID)
	if err != nil {
		return false
	}
	main, _ := s.resolver.Resolve(r.Context(), "", "/")
	return main != nil && u.Can(main.ID, main.ID, a)
}

var (
	badForm = apperr.New(apperr.Invalid, "Không đọc được dữ liệu gửi lên. Hãy tải lại trang rồi gửi lại.",
		"The form could not be read. Reload the page and send it again.")
	badText = apperr.New(apperr.Invalid, "Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc mã hóa không phải UTF-8).",
		"The request contains characters that are not allowed (NUL, or text that is not UTF-8).")
)

// parseForm parses the body of a form, multipart or URL-encoded; other
// bodies (JSON) are left to their handlers, within the same limit.
func parseForm(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		return r.ParseMultipartForm(multipartMemory)
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		return r.ParseForm()
	}
	return nil
}

// cleanQuery reports whether a query string decodes to text a field may
// hold. Only a query with escapes can hide NUL or invalid UTF-8 behind
// them, so a plain one (the common case on cached pages) costs a scan.
func cleanQuery(raw string) bool {
	if !strings.Contains(raw, "%") {
		return utf8.ValidString(raw) && !strings.Contains(raw, "\x00")
	}
	v, _ := url.ParseQuery(raw) // a malformed escape is the handlers' to ignore
	return cleanValues(v)
}

// cleanedQuery is raw with NUL bytes and invalid UTF-8 taken out of
// every name and value.
func cleanedQuery(raw string) string {
	v, _ := url.ParseQuery(raw)
	out := url.Values{}
	for k, vs := range v {
		k = cleanText(k)
		for _, s := range vs {
			out.Add(k, cleanText(s))
		}
	}
	return out.Encode()
}

func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !plainText(k) {
			return false
		}
		for _, s := range vs {
			if !plainText(s) {
				return false
			}
		}
	}
	return true
}

// plainText reports whether s is valid UTF-8 without NUL bytes, as all
// stored text is (PostgreSQL refuses NUL in text).
func plainText(s string) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00")
}

// refuse answers a request the middleware will not pass on, with a page
// that says why.
// Open311's clients read its error format, the JSON API's clients JSON.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	e, _ := apperr.As(err)
	switch {
	case strings.HasPrefix(r.URL.Path, "/open311/"):
		format := "json"
		if strings.HasSuffix(r.URL.Path, ".xml") {
			format = "xml"
		}
		o311Fail(w, format, statusOf(err), e.Msg.VI+" ("+e.Msg.EN+")")
	case strings.HasPrefix(r.URL.Path, "/api/"):
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(statusOf(err))
		json.NewEncoder(w).Encode(map[string]string{"error": e.Msg.In(langOf(r))})
	default:
		s.fail(w, r, err, false)
	}
}
