package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/congportal/cong/internal/search"
)

// metrics are the Prometheus series of one server. Each server has its
// own registry, so tests can run several side by side.
type metrics struct {
	reg      *prometheus.Registry
	cache    sync.Map // seriesKey → *series
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec

	// token, when set, is the hash of the bearer token that lets a
	// scraper read /metrics from another machine (see allowed).
	token   []byte
	proxies []netip.Prefix // requests from these came through a proxy
}

// newMetrics makes the series; token is Options.MetricsToken and
// proxies Options.TrustedProxies.
func newMetrics(token string, proxies []netip.Prefix) *metrics {
	m := &metrics{
		proxies: proxies,
		reg:     prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cong_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cong_http_request_duration_seconds", Help: "Time to serve HTTP requests by route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
	}
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if token != "" {
		sum := sha256.Sum256([]byte(token))
		m.token = sum[:]
	}
	return m
}

// series are the counter and histogram of one route, method and status,
// looked up once: finding a labelled child hashes its labels every time.
type series struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

type seriesKey struct {
	route, method string
	status        int
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	k := seriesKey{route, method, status}
	v, ok := m.cache.Load(k)
	if !ok {
		v, _ = m.cache.LoadOrStore(k, &series{
			count:    m.requests.WithLabelValues(route, method, strconv.Itoa(status)),
			duration: m.duration.WithLabelValues(route),
		})
	}
	sr := v.(*series)
	sr.count.Inc()
	sr.duration.Observe(d.Seconds())
}

// handler serves /metrics to those allowed to read it, and answers 404
// to anyone else, as for a page that does not exist: the series tell
// which routes are slow, how busy the server is and which version it
// runs, which is of use to whoever plans to overload it.
func (m *metrics) handler() http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !m.allowed(r) {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// allowed reports whether r may read the metrics: it carries
// "Authorization: Bearer TOKEN" with the operator's token (compared in
// constant time), or it comes from this machine itself — a loopback peer
// that is not a trusted proxy and forwards nobody (no X-Forwarded-For,
// Forwarded or X-Real-IP): a reverse proxy on the same machine passes on
// requests from anywhere. The peer is the connection's address, never a
// header, which anyone can write.
func (m *metrics) allowed(r *http.Request) bool {
	if m.token != nil {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
			if subtle.ConstantTimeCompare(sum[:], m.token) == 1 {
				return true
			}
		}
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !peer.Addr().Unmap().IsLoopback() {
		return false
	}
	for _, p := range m.proxies {
		if p.Contains(peer.Addr().Unmap()) {
			return false
		}
	}
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		if _, ok := r.Header[h]; ok {
			return false
		}
	}
	return true
}

// searchMemory adds the series of the search index's words in memory
// (docs/operations.md): whether they answer, how many documents they
// hold, and how many searches they answered, so an operator sees a node
// that fell back to the statements.
func (m *metrics) searchMemory(ix *search.Index) {
	stat := func() search.MirrorStats { st, _ := ix.MirrorStats(); return st }
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "cong_search_memory_ready", Help: "1 when this node answers searches from the index's words in memory, 0 while it reads them or after a failed read.",
		}, func() float64 {
			if stat().Ready {
				return 1
			}
			return 0
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "cong_search_memory_documents", Help: "Documents the search index's words in memory hold, as of their last reading of the changes.",
		}, func() float64 { return float64(stat().Documents) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "cong_search_memory_answers_total", Help: "Searches answered from the index's words in memory.",
		}, func() float64 { return float64(stat().Answered) }),
	)
}
