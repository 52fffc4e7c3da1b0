package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestCaptchaEndpoint: GET /api/v1/captcha gives a fresh, uncached
// challenge in ALTCHA's JSON; solved, the server accepts it once; the
// script that solves it in browsers is served as a static file.
func TestCaptchaEndpoint(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		iss, err := captcha.New(db, captcha.Options{MaxNumber: 1000})
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, db, func(o *web.Options) { o.Captcha = iss })
		b := h.browser()
		get := func() (captcha.Challenge, page) {
			p := b.get("/api/v1/captcha")
			if p.status != 200 {
				t.Fatalf("GET /api/v1/captcha: %d %s", p.status, p.body)
			}
			var c captcha.Challenge
			if err := json.Unmarshal([]byte(p.body), &c); err != nil {
				t.Fatalf("not JSON: %v: %s", err, p.body)
			}
			return c, p
		}
		c1, p := get()
		c2, _ := get()
		if c1.Challenge == c2.Challenge || c1.Salt == c2.Salt {
			t.Error("two requests got the same challenge")
		}
		if cc := p.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", cc)
		}
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		if c1.Algorithm != "SHA-256" || c1.MaxNumber != 1000 || len(c1.Signature) != 64 || !strings.Contains(c1.Salt, "?expires=") {
			t.Errorf("challenge %+v", c1)
		}
		for _, k := range []string{`"algorithm"`, `"challenge"`, `"salt"`, `"signature"`, `"maxnumber"`} {
			if !strings.Contains(p.body, k) {
				t.Errorf("JSON lacks %s: %s", k, p.body)
			}
		}
		payload, err := captcha.Solve(c1)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := iss.Verify(ctx, payload); err != nil {
			t.Fatalf("the solved challenge from the endpoint was refused: %v", err)
		}
		if e, ok := apperr.As(iss.Verify(ctx, payload)); !ok || !strings.Contains(e.Fields["altcha"].VI, "đã được dùng") {
			t.Errorf("replay not refused with the Vietnamese message: %v", e)
		}

		// The challenge is good for a while, not for ever.
		h.clock.Add(3 * time.Hour)
		if p := b.get("/api/v1/captcha"); p.status != 200 {
			t.Errorf("later GET: %d", p.status)
		}

		// The solving script, fingerprinted like every static file.
		raw, err := os.ReadFile("static/captcha.js")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		js := b.get("/static/captcha." + hex.EncodeToString(sum[:4]) + ".js")
		if js.status != 200 || !strings.Contains(js.header.Get("Content-Type"), "javascript") || !strings.Contains(js.body, "/api/v1/captcha") {
			t.Errorf("static captcha.js: %d %q", js.status, js.header.Get("Content-Type"))
		}
	})
}
