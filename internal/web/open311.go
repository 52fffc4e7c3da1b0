package web

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at
// /open311/v2/: services are the categories of REQ-43, a request's
// service_request_id is its tracking code, every document comes as JSON
// or XML by the extension. Filing needs an api_key issued by an
// administrator; reading needs none and never shows the sender's data.

type o311Service struct {
	XMLName     xml.Name `json:"-" xml:"service"`
	Code        string   `json:"service_code" xml:"service_code"`
	Name        string   `json:"service_name" xml:"service_name"`
	Description string   `json:"description" xml:"description"`
	Metadata    bool     `json:"metadata" xml:"metadata"`
	Type        string   `json:"type" xml:"type"`
	Keywords    string   `json:"keywords" xml:"keywords"`
	Group       string   `json:"group" xml:"group"`
}

type o311Definition struct {
	XMLName    xml.Name `json:"-" xml:"service_definition"`
	Code       string   `json:"service_code" xml:"service_code"`
	Attributes []string `json:"attributes" xml:"attributes>attribute"`
}

type o311Request struct {
	XMLName     xml.Name `json:"-" xml:"request"`
	ID          string   `json:"service_request_id" xml:"service_request_id"`
	Status      string   `json:"status" xml:"status"`
	StatusNotes string   `json:"status_notes" xml:"status_notes"`
	ServiceName string   `json:"service_name" xml:"service_name"`
	ServiceCode string   `json:"service_code" xml:"service_code"`
	Description string   `json:"description" xml:"description"`
	Agency      string   `json:"agency_responsible" xml:"agency_responsible"`
	Notice      string   `json:"service_notice" xml:"service_notice"`
	Requested   string   `json:"requested_datetime" xml:"requested_datetime"`
	Updated     string   `json:"updated_datetime" xml:"updated_datetime"`
	Expected    string   `json:"expected_datetime" xml:"expected_datetime"`
	Address     string   `json:"address" xml:"address"`
	Lat         string   `json:"lat" xml:"lat"`
	Long        string   `json:"long" xml:"long"`
	MediaURL    string   `json:"media_url" xml:"media_url"`
}

type o311Created struct {
	XMLName xml.Name `json:"-" xml:"request"`
	ID      string   `json:"service_request_id" xml:"service_request_id"`
	Notice  string   `json:"service_notice" xml:"service_notice"`
	Account string   `json:"account_id" xml:"account_id"`
}

type o311Error struct {
	XMLName     xml.Name `json:"-" xml:"error"`
	Code        int      `json:"code" xml:"code"`
	Description string   `json:"description" xml:"description"`
}

// o311Format splits "services.json" into "services" and "json".
func o311Format(name string) (string, string, bool) {
	base, ext, ok := strings.Cut(name, ".")
	if !ok || (ext != "json" && ext != "xml") {
		return name, "", false
	}
	return base, ext, true
}

// o311Write answers v as JSON or as XML under the root element.
func o311Write(w http.ResponseWriter, status int, format, root string, v any) {
	a := o311Answer(status, format, root, v)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", a.ContentType)
	w.WriteHeader(status)
	io.WriteString(w, a.Body)
}

// o311Answer is v as JSON or as XML under the root element, as an answer
// that can be kept for the retries of a POST (see idempotency).
func o311Answer(status int, format, root string, v any) idempotency.Answer {
	var b strings.Builder
	if format == "xml" {
		b.WriteString(xml.Header + "<" + root + ">")
		xml.NewEncoder(&b).Encode(v)
		b.WriteString("</" + root + ">\n")
		return idempotency.Answer{Status: status, ContentType: "application/xml; charset=utf-8", Body: b.String()}
	}
	json.NewEncoder(&b).Encode(v)
	return idempotency.Answer{Status: status, ContentType: "application/json; charset=utf-8", Body: b.String()}
}

// o311Error answers err in the GeoReport format: a failure a client can
// act on with its own status (an unknown api_key 403; a malformed or
// reused Idempotency-Key 400 or 422), a database failure as 503 with
// Retry-After and its cause — never as a wrong key — and anything else
// as 500.
func (s *Server) o311Error(w http.ResponseWriter, r *http.Request, format string, err error) {
	if e, ok := apperr.As(err); ok {
		if e.Kind == apperr.Invalid && len(e.Fields) > 0 { // fields of the request: 400, as GeoReport answers them
			var msgs []string
			for field, m := range e.Fields {
				msgs = append(msgs, o311Field(field)+": "+m.VI+" ("+m.EN+")")
			}
			sort.Strings(msgs)
			o311Fail(w, format, http.StatusBadRequest, strings.Join(msgs, "; "))
			return
		}
		o311Fail(w, format, statusOf(err), e.Msg.VI+" ("+e.Msg.EN+")")
		return
	}
	if m, ok := s.unavailable(w, r, err); ok {
		o311Fail(w, format, http.StatusServiceUnavailable, m.VI+" ("+m.EN+")")
		return
	}
	s.log.Error("open311", "path", r.URL.Path, "err", err)
	o311Fail(w, format, http.StatusInternalServerError, "Lỗi hệ thống, xin thử lại sau (internal error).")
}

// o311Fail answers an error in the GeoReport format.
func o311Fail(w http.ResponseWriter, format string, status int, msg string) {
	if format == "" {
		format = "json"
	}
	o311Write(w, status, format, "errors", []o311Error{{Code: status, Description: msg}})
}

// o311Site is the jurisdiction: a site code, or the main portal.
func (s *Server) o311Site(r *http.Request) (*site.Site, error) {
	if code := r.FormValue("jurisdiction_id"); code != "" {
		return s.sites.ByCode(r.Context(), code)
	}
	return s.sites.Main(r.Context())
}

func services() []o311Service {
	var out []o311Service
	for _, c := range feedback.Categories {
		out = append(out, o311Service{Code: string(c), Name: c.Label("vi"), Description: c.Label("en"), Type: "realtime",
			Keywords: "phản ánh, kiến nghị", Group: "Quy định hành chính"})
	}
	return out
}

// open311Services is GET /open311/v2/services.{json,xml}; GET
// requests.{json,xml} goes on to the list of requests.
func (s *Server) open311Services(w http.ResponseWriter, r *http.Request) {
	base, format, ok := o311Format(r.PathValue("file"))
	if ok && base == "requests" {
		s.open311Get(w, r)
		return
	}
	if !ok || base != "services" {
		o311Fail(w, "json", http.StatusNotFound, "Use services.json or services.xml")
		return
	}
	o311Write(w, http.StatusOK, format, "services", services())
}

// open311Service is GET /open311/v2/services/{code}.{json,xml}.
func (s *Server) open311Service(w http.ResponseWriter, r *http.Request) {
	code, format, ok := o311Format(r.PathValue("file"))
	if !ok || !feedback.Category(code).Valid() {
		o311Fail(w, format, http.StatusNotFound, "Không có dịch vụ này (unknown service_code).")
		return
	}
	def := o311Definition{Code: code, Attributes: []string{}}
	if format == "xml" {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		b, _ := xml.Marshal(def)
		w.Write([]byte(xml.Header))
		w.Write(b)
		return
	}
	o311Write(w, http.StatusOK, format, "", def)
}

// open311Post is POST /open311/v2/requests.{json,xml}. With an
// Idempotency-Key, a retry gets the first answer again (the same
// service_request_id) and files nothing; the answer is kept in the
// transaction that stores the request, so it exists exactly when the
// request does.
func (s *Server) open311Post(w http.ResponseWriter, r *http.Request) {
	base, format, ok := o311Format(r.PathValue("file"))
	if !ok || base != "requests" {
		o311Fail(w, format, http.StatusNotFound, "Use requests.json or requests.xml")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		o311Fail(w, format, http.StatusBadRequest, "Yêu cầu quá lớn hoặc sai định dạng (request too large or malformed).")
		return
	}
	ctx := r.Context()
	apiKey := r.PostFormValue("api_key")
	holder, err := s.feedback.KeyName(ctx, apiKey)
	if err != nil {
		s.o311Error(w, r, format, err)
		return
	}
	once, err := onceFor(r, keyScope(apiKey))
	if err == nil {
		var done bool
		if done, err = s.replayed(ctx, w, once); done {
			return
		}
	}
	if err != nil {
		s.o311Error(w, r, format, err)
		return
	}
	st, err := s.o311Site(r)
	if apperr.KindOf(err) == apperr.NotFound {
		o311Fail(w, format, http.StatusNotFound, "Không có jurisdiction_id này (unknown jurisdiction_id).")
		return
	}
	if err != nil {
		s.o311Error(w, r, format, err)
		return
	}
	f := r.PostFormValue
	desc := f("description")
	title := f("attribute[title]")
	if title == "" {
		title = desc
		if rs := []rune(title); len(rs) > 80 {
			title = string(rs[:80]) + "…"
		}
	}
	name := strings.TrimSpace(f("first_name") + " " + f("last_name"))
	var answer idempotency.Answer
	_, _, err = s.feedback.Submit(ctx, feedback.Submission{SiteID: st.ID, Category: feedback.Category(f("service_code")),
		Title: title, Body: desc, Name: name, Address: f("address_string"), Phone: f("phone"), Email: f("email"),
		Source: "open311:" + holder, Lat: f("lat"), Lon: f("long"), IP: s.clientIP(r),
		Also: func(ctx context.Context, tx *store.Tx, req *feedback.Request, _ string) error {
			answer = o311Answer(http.StatusCreated, format, "service_requests", []o311Created{{ID: req.Code,
				Notice: "Đã tiếp nhận; theo dõi bằng mã " + req.Code + " (received)."}})
			return s.keep(ctx, tx, once, answer)
		}})
	if err != nil {
		if apperr.KindOf(err) != apperr.Invalid && s.twinAnswered(ctx, w, once) {
			return
		}
		s.o311Error(w, r, format, err)
		return
	}
	writeAnswer(w, answer, false)
}

// o311Field names our form fields as GeoReport does.
func o311Field(f string) string {
	switch f {
	case "category":
		return "service_code"
	case "body", "title":
		return "description"
	case "name":
		return "first_name"
	case "address":
		return "address_string"
	case idempotency.Field:
		return idempotency.Header
	}
	return f
}

// open311Get is GET /open311/v2/requests.{json,xml} and
// /open311/v2/requests/{code}.{json,xml}.
func (s *Server) open311Get(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var codes []string
	name, format, ok := o311Format(r.PathValue("file"))
	switch {
	case !ok:
		o311Fail(w, "json", http.StatusNotFound, "Use .json or .xml")
		return
	case r.PathValue("id") == "" && name != "requests" && r.PathValue("file") != "":
		o311Fail(w, format, http.StatusNotFound, "Use requests.json or requests.xml")
		return
	case r.PathValue("id") != "":
		codes = []string{name}
	case r.FormValue("service_request_id") != "":
		codes = strings.Split(r.FormValue("service_request_id"), ",")
	}
	st, err := s.o311Site(r)
	if apperr.KindOf(err) == apperr.NotFound {
		o311Fail(w, format, http.StatusNotFound, "Không có jurisdiction_id này (unknown jurisdiction_id).")
		return
	}
	if err != nil {
		s.o311Error(w, r, format, err)
		return
	}
	var list []*feedback.Request
	if codes != nil {
		for _, c := range codes {
			req, err := s.feedback.ByCode(ctx, strings.TrimSpace(c))
			if err != nil && apperr.KindOf(err) != apperr.NotFound {
				s.o311Error(w, r, format, err)
				return
			}
			if err == nil && req.SiteID == st.ID && req.State != feedback.Held {
				list = append(list, req)
			}
		}
		if r.PathValue("id") != "" && len(list) == 0 {
			o311Fail(w, format, http.StatusNotFound, "Không có phản ánh với mã này (no such service_request_id).")
			return
		}
	} else {
		// GeoReport v2: start_date and end_date bound the time requested,
		// at most 90 days apart, the latest 90 days by default; at most
		// 1,000 requests, the newest first.
		f := feedback.Filter{SiteID: st.ID, All: r.FormValue("status") != "open", Final: r.FormValue("status") == "closed",
			Category: feedback.Category(r.FormValue("service_code")), NotHeld: true, Limit: 1000, NewestFirst: true}
		var bad bool
		if f.From, f.To, bad = o311Dates(r.FormValue("start_date"), r.FormValue("end_date"), s.now()); bad {
			o311Fail(w, format, http.StatusBadRequest, "start_date và end_date theo dạng 2026-11-27T00:00:00+07:00, cách nhau tối đa 90 ngày "+
				"(start_date and end_date are W3C date-times at most 90 days apart).")
			return
		}
		// The filter holds status and service_code; a status GeoReport
		// does not know matches nothing.
		if status := r.FormValue("status"); status == "" || status == "open" || status == "closed" {
			if list, err = s.feedback.List(ctx, f); err != nil {
				s.o311Error(w, r, format, err)
				return
			}
		}
	}
	units := s.unitNames(r, st.ID)
	out := []o311Request{}
	for _, req := range list {
		out = append(out, s.o311Request(req, units))
	}
	o311Write(w, http.StatusOK, format, "service_requests", out)
}

// o311Request is the public view of a request: no name, no contacts; the
// text only once the answer is published (before that, the title).
func (s *Server) o311Request(req *feedback.Request, units map[int64]string) o311Request {
	o := o311Request{ID: req.Code, Status: req.Open311Status(), StatusNotes: req.State.Label("vi"), ServiceCode: string(req.Category),
		ServiceName: req.Category.Label("vi"), Description: req.Title, Agency: units[req.AssignedUnitID],
		Requested: req.ReceivedAt.Format(time.RFC3339), Updated: req.UpdatedAt.Format(time.RFC3339),
		Expected: req.Due().Format(time.RFC3339)}
	if req.State == feedback.Published {
		o.Description = req.Body
		o.StatusNotes = req.Answer
	}
	return o
}

// open311GetOne is GET /open311/v2/requests/{code}.{json,xml}.
func (s *Server) open311GetOne(w http.ResponseWriter, r *http.Request) {
	r.SetPathValue("file", r.PathValue("id"))
	s.open311Get(w, r)
}

// o311Dates reads the start_date and end_date of a GeoReport v2 query:
// given both, the range they bound (at most 90 days); one alone, the 90
// days from or to it; neither, the latest 90 days. bad reports a value
// that is not a date-time, or a range backwards or too long.
func o311Dates(start, end string, now time.Time) (from, to time.Time, bad bool) {
	const span = 90 * 24 * time.Hour
	parse := func(v string) (time.Time, bool) {
		if v == "" {
			return time.Time{}, true
		}
		// A "+07:00" written unescaped in a query string arrives as
		// " 07:00"; a date-time has no space of its own.
		t, err := time.Parse(time.RFC3339, strings.ReplaceAll(strings.TrimSpace(v), " ", "+"))
		return t, err == nil
	}
	from, okFrom := parse(start)
	to, okTo := parse(end)
	switch {
	case !okFrom || !okTo:
		return time.Time{}, time.Time{}, true
	case from.IsZero() && to.IsZero():
		to = now
		from = to.Add(-span)
	case from.IsZero():
		from = to.Add(-span)
	case to.IsZero():
		to = from.Add(span)
	}
	if !to.After(from) || to.Sub(from) > span {
		return time.Time{}, time.Time{}, true
	}
	return from, to, false
}
