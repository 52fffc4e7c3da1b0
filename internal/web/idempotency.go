package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"

	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/store"
)

// onceFor names a write from outside by its idempotency key — the
// Idempotency-Key header, or the form field a browser sends — within
// scope; nil when the client sent no key. data are the write's files,
// part of what the fingerprint covers; the captcha solution and the key
// itself are not (a browser that sends the form again sends the same).
func onceFor(r *http.Request, scope string, data ...[]byte) (*idempotency.Request, error) {
	raw := r.Header.Get(idempotency.Header)
	if raw == "" {
		raw = r.PostFormValue(idempotency.Field)
	}
	key, err := idempotency.ParseKey(raw)
	if err != nil || key == "" {
		return nil, err
	}
	fields := map[string][]string{}
	for k, v := range r.PostForm {
		if k != idempotency.Field && k != captcha.Field {
			fields[k] = v
		}
	}
	return &idempotency.Request{Scope: scope, Key: key, Fingerprint: idempotency.Fingerprint(r.URL.Path, fields, data...)}, nil
}

// replayed writes the answer kept for once, if there is one, and
// reports whether it did: the write was done before, and its client is
// told again what it was told then.
func (s *Server) replayed(ctx context.Context, w http.ResponseWriter, once *idempotency.Request) (bool, error) {
	if once == nil {
		return false, nil
	}
	a, err := s.keys.Lookup(ctx, *once)
	if err != nil || a == nil {
		return false, err
	}
	writeAnswer(w, *a, true)
	return true, nil
}

// twinAnswered is for a write that failed: when a twin with the same key
// (sent at the same moment, a double click) was stored first, its answer
// is the right one for this request too, and is written.
func (s *Server) twinAnswered(ctx context.Context, w http.ResponseWriter, once *idempotency.Request) bool {
	done, err := s.replayed(ctx, w, once)
	return err == nil && done
}

// keep stores a write's answer under its key, in the write's own
// transaction (see feedback.Submission.Also).
func (s *Server) keep(ctx context.Context, tx *store.Tx, once *idempotency.Request, a idempotency.Answer) error {
	if once == nil {
		return nil
	}
	return idempotency.Save(ctx, tx, *once, a, s.now())
}

// writeAnswer sends a write's answer; replay marks one sent again for a
// retry (the header Stripe and others use, so clients can tell).
func writeAnswer(w http.ResponseWriter, a idempotency.Answer, replay bool) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if a.ContentType != "" {
		h.Set("Content-Type", a.ContentType)
	}
	if a.Location != "" {
		h.Set("Location", a.Location)
	}
	if replay {
		h.Set("Idempotent-Replayed", "true")
	}
	w.WriteHeader(a.Status)
	io.WriteString(w, a.Body)
}

// newFormKey is the idempotency key a form carries, made when the form
// is rendered: 128 random bits.
func newFormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// keyScope is the scope of an Open311 key's idempotency keys: a digest of
// the key, so one partner's keys never meet another's.
func keyScope(apiKey string) string {
	sum := sha256.Sum256([]byte(apiKey))
	return "open311:" + hex.EncodeToString(sum[:12])
}
