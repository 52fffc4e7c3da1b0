package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
)

// The time a request may take (see Options). A request's work on the
// database runs under a deadline that ends a sixth of the HTTP server's
// write timeout before it (10 s of 60 s), so that an answer decided at
// the deadline — a commit that just made it, or a 503 — still reaches
// the client: nothing is stored that its client is not told about. The
// margin covers a COMMIT already sent when the deadline came (store lets
// it finish for up to 5 s) and writing the answer.
const (
	DefaultWriteTimeout   = 60 * time.Second
	DefaultRequestTimeout = 20 * time.Second
	DefaultQueueWait      = 5 * time.Second
)

// answerMargin is the time kept between a request's last deadline and
// the write timeout.
func answerMargin(writeTimeout time.Duration) time.Duration { return writeTimeout / 6 }

// kind is a kind of request, by what it asks of the database. Each kind
// has its own bound on the requests using the database at once, so that
// one kind held up — submissions waiting behind a lock, a slow staff
// list — cannot take every connection of the pool from the others.
type kind int

const (
	kindFiles  kind = iota // static files and media: no database, no deadline
	kindOps                // /healthz, /readyz (its probe has its own short wait), /metrics
	kindPage               // a site's page: admitted by public(), after the page cache
	kindRead               // public pages not in the page cache, the public API, Open311 reads
	kindStaff              // signing in and the staff screens
	kindSubmit             // writes from outside: the feedback form, error reports, Open311 POST
)

// gateSizes bound each kind. PostgreSQL's pool has 20 connections
// (store.openPostgres): these leave 3 for the jobs, /readyz and the
// search index refreshes. SQLite has one writer, so its writes queue
// anyway; the bounds keep its 8 readers for the readers.
var gateSizes = map[kind]int{kindRead: 10, kindStaff: 4, kindSubmit: 3}

// kindOf sorts a request by its method and path (the outer URL, with the
// site prefix). Public pages are admitted later, after the page cache,
// by public(): a page served from memory needs no place.
func kindOf(r *http.Request) kind {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/media/"):
		return kindFiles
	case p == "/healthz" || p == "/readyz" || p == "/metrics":
		return kindOps
	case strings.HasPrefix(p, "/quan-tri/") || strings.HasPrefix(p, "/dang-nhap") || p == "/dang-xuat" || p == "/ngon-ngu":
		return kindStaff
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		return kindSubmit
	case strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/open311/"):
		return kindRead
	}
	return kindPage
}

// gate is a bounded number of places with a queue in front that a
// request leaves, refused, after its own wait.
type gate struct {
	name   string
	places chan struct{}
	wait   time.Duration
}

func newGate(name string, size int, wait time.Duration) *gate {
	return &gate{name: name, places: make(chan struct{}, size), wait: wait}
}

// enter takes a place, waiting at most the gate's wait and never past
// ctx; the error is a store.TimedOut fault, answered with a 503.
func (g *gate) enter(ctx context.Context) (release func(), err error) {
	select {
	case g.places <- struct{}{}:
		return g.leave, nil
	default:
	}
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.places <- struct{}{}:
		return g.leave, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, &store.FaultError{Fault: store.TimedOut,
		Detail: fmt.Sprintf("no place among the %d %s requests within %v", cap(g.places), g.name, g.wait)}
}

func (g *gate) leave() { <-g.places }

// setupAdmission fills in the request deadlines and makes the gates.
func (s *Server) setupAdmission(o Options) error {
	if o.WriteTimeout == 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.RequestTimeout == 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.QueueWait == 0 {
		o.QueueWait = DefaultQueueWait
	}
	if o.RequestTimeout > o.WriteTimeout-answerMargin(o.WriteTimeout) {
		return fmt.Errorf("web: the request timeout (%v) must end %v before the write timeout (%v)",
			o.RequestTimeout, answerMargin(o.WriteTimeout), o.WriteTimeout)
	}
	s.requestTimeout, s.writeTimeout = o.RequestTimeout, o.WriteTimeout
	s.gates = map[kind]*gate{}
	for k, n := range gateSizes {
		s.gates[k] = newGate(kindNames[k], n, o.QueueWait)
	}
	return nil
}

var kindNames = map[kind]string{kindRead: "public read", kindStaff: "staff", kindSubmit: "submission"}

// admit gives every request that may use the database its deadline and,
// by its kind, a place among those of its kind; without a place in time
// the answer is 503 with Retry-After. It sits inside bodies, so the
// deadline counts from when the body has been read, and ends in any case
// answerMargin before the write timeout counted from the request's start.
func (s *Server) admit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := kindOf(r)
		if k == kindFiles {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithDeadline(r.Context(), s.deadline(w))
		defer cancel()
		inner := r.WithContext(ctx)
		if g := s.gates[k]; g != nil {
			release, err := g.enter(ctx)
			if err != nil {
				s.answerFault(w, inner, err)
				return
			}
			defer release()
		}
		next.ServeHTTP(w, inner)
		r.Pattern = inner.Pattern // for the access log and metrics (observe)
	})
}

// deadline is when a request's work must be done: RequestTimeout from
// now, and answerMargin before the write timeout at the latest.
func (s *Server) deadline(w http.ResponseWriter) time.Time {
	now := time.Now()
	start := now
	if sw, ok := w.(*statusWriter); ok && !sw.start.IsZero() {
		start = sw.start
	}
	return minTime(now.Add(s.requestTimeout), start.Add(s.writeTimeout-answerMargin(s.writeTimeout)))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// admitPage gives a public page being rendered (not served from the page
// cache) its place among the public reads.
func (s *Server) admitPage(r *http.Request) (release func(), err error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return func() {}, nil // a submission, admitted as such by admit
	}
	return s.gates[kindRead].enter(r.Context())
}

// answerFault answers a request refused for a database failure in the
// format its client reads: Open311's error list, the API's JSON, or a
// page.
func (s *Server) answerFault(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/open311/"):
		format := "json"
		if strings.HasSuffix(r.URL.Path, ".xml") {
			format = "xml"
		}
		s.o311Error(w, r, format, err)
	case strings.HasPrefix(r.URL.Path, "/api/"):
		s.apiFail(w, r, err)
	default:
		s.fail(w, r, err, false)
	}
}
