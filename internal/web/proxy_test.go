package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestClientAddressBehindProxy: X-Forwarded-For counts only when it comes
// from a proxy the operator trusts; otherwise the peer address is used.
func TestClientAddressBehindProxy(t *testing.T) {
	tests := []struct {
		name    string
		proxies []netip.Prefix
		xff     string
		want    string
	}{
		{"no proxy configured: header ignored", nil, "203.0.113.9", "127.0.0.1"},
		{"trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "203.0.113.9", "203.0.113.9"},
		{"forged first hop is skipped", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "1.2.3.4, 203.0.113.9", "203.0.113.9"},
		{"chain of trusted proxies", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}, "203.0.113.9, 10.1.1.1", "203.0.113.9"},
		{"garbage header", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "không phải IP", "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.SQLite(t)
			h := newHarness(t, db, func(o *web.Options) { o.TrustedProxies = tt.proxies })
			b := h.browser()
			req, _ := http.NewRequest("POST", h.srv.URL+"/dang-nhap", strings.NewReader(url.Values{"username": {"x"}, "password": {"y"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", tt.xff)
			b.do(req)
			var ip string
			if err := db.QueryRow(t.Context(), `SELECT ip FROM audit_log WHERE action = 'login.fail'`).Scan(&ip); err != nil {
				t.Fatal(err)
			}
			if ip != tt.want {
				t.Errorf("audited address %q; want %q", ip, tt.want)
			}
		})
	}
}
