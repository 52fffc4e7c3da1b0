package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

const metricsToken = "ma-doc-so-lieu-0123456789abcdef"

// metricsFrom asks for /metrics from the TCP peer remote with extra
// headers, through the whole handler.
func metricsFrom(srv http.Handler, remote string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.RemoteAddr = remote
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

// /metrics answers this machine, or anyone with the operator's token;
// everyone else gets a 404, as if it did not exist.
func TestMetricsAccess(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t), func(o *web.Options) { o.MetricsToken = metricsToken })
	srv := h.srv.Config.Handler
	h.browser().get("/") // a request counted, so that the series exist
	if p := h.browser().get("/metrics"); p.status != 200 || !strings.Contains(p.body, "cong_http_requests_total") {
		t.Fatalf("/metrics over loopback = %d", p.status)
	}
	const outside = "203.0.113.7:40000"
	tests := []struct {
		name   string
		remote string
		header []string
		want   int
	}{
		{"another machine", outside, nil, 404},
		{"another machine claiming to be local", outside, []string{"X-Forwarded-For", "127.0.0.1", "X-Real-IP", "127.0.0.1"}, 404},
		{"another machine, wrong token", outside, []string{"Authorization", "Bearer " + metricsToken[:len(metricsToken)-1]}, 404},
		{"another machine, token with another scheme", outside, []string{"Authorization", "Basic " + metricsToken}, 404},
		{"another machine, token longer", outside, []string{"Authorization", "Bearer " + metricsToken + "x"}, 404},
		{"another machine, the token", outside, []string{"Authorization", "Bearer " + metricsToken}, 200},
		{"another machine, the token, scheme in lower case", outside, []string{"Authorization", "bearer " + metricsToken}, 200},
		{"IPv6 elsewhere", "[2001:db8::7]:40000", nil, 404},
		{"loopback", "127.0.0.1:40000", nil, 200},
		{"loopback elsewhere in 127/8", "127.3.2.1:40000", nil, 200},
		{"IPv6 loopback", "[::1]:40000", nil, 200},
		{"IPv4-mapped loopback", "[::ffff:127.0.0.1]:40000", nil, 200},
		{"a proxy on this machine forwarding a visitor", "127.0.0.1:40000", []string{"X-Forwarded-For", "203.0.113.7"}, 404},
		{"a proxy on this machine, Forwarded", "127.0.0.1:40000", []string{"Forwarded", "for=203.0.113.7"}, 404},
		{"a proxy on this machine, X-Real-IP", "127.0.0.1:40000", []string{"X-Real-IP", "203.0.113.7"}, 404},
		{"a proxy on this machine forwarding the scraper", "127.0.0.1:40000", []string{"X-Forwarded-For", "203.0.113.7", "Authorization", "Bearer " + metricsToken}, 200},
		{"no address", "", nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := metricsFrom(srv, tt.remote, tt.header...)
			if rec.Code != tt.want {
				t.Fatalf("GET /metrics from %q = %d; want %d", tt.remote, rec.Code, tt.want)
			}
			if has := strings.Contains(rec.Body.String(), "cong_http_requests_total"); has != (tt.want == 200) {
				t.Errorf("the body has the series: %v", has)
			}
		})
	}
}

// Without a token only this machine reads /metrics, and a trusted proxy's
// address, even on loopback, is not this machine: it forwards others.
func TestMetricsWithoutToken(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t), func(o *web.Options) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}
	})
	srv := h.srv.Config.Handler
	for remote, want := range map[string]int{
		"203.0.113.7:40000": 404,
		"10.0.0.5:40000":    404,
		"127.0.0.2:40000":   404,
		"127.0.0.1:40000":   200,
	} {
		if rec := metricsFrom(srv, remote); rec.Code != want {
			t.Errorf("GET /metrics from %s = %d; want %d", remote, rec.Code, want)
		}
	}
	if rec := metricsFrom(srv, "203.0.113.7:40000", "Authorization", "Bearer "); rec.Code != 404 {
		t.Errorf("an empty bearer token with none configured = %d; want 404", rec.Code)
	}
}
