package idempotency_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func TestParseKey(t *testing.T) {
	for raw, want := range map[string]string{
		"":                                       "",
		"8e03978e-40d5-43e8-bc93-6894a57f9324":   "8e03978e-40d5-43e8-bc93-6894a57f9324",
		`"8e03978e-40d5-43e8-bc93-6894a57f9324"`: "8e03978e-40d5-43e8-bc93-6894a57f9324", // the draft's quoted string
		"  AbCdEfGhIjKlMnOpQrSt  ":               "AbCdEfGhIjKlMnOpQrSt",
	} {
		if got, err := idempotency.ParseKey(raw); got != want || err != nil {
			t.Errorf("ParseKey(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for _, raw := range []string{"short", "has a space in the middle", strings.Repeat("k", 256), "khóa-có-dấu-tiếng-việt-nhé"} {
		if _, err := idempotency.ParseKey(raw); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("ParseKey(%q) = %v; want Invalid", raw, err)
		}
	}
}

func TestFingerprint(t *testing.T) {
	a := idempotency.Fingerprint("/p", map[string][]string{"x": {"1"}, "y": {"2"}}, []byte("tệp"))
	if b := idempotency.Fingerprint("/p", map[string][]string{"y": {"2"}, "x": {"1"}}, []byte("tệp")); a != b {
		t.Error("the order of fields changes the fingerprint")
	}
	for _, other := range []string{
		idempotency.Fingerprint("/q", map[string][]string{"x": {"1"}, "y": {"2"}}, []byte("tệp")),
		idempotency.Fingerprint("/p", map[string][]string{"x": {"1"}, "y": {"3"}}, []byte("tệp")),
		idempotency.Fingerprint("/p", map[string][]string{"x": {"1"}, "y": {"2"}}, []byte("tệp khác")),
		idempotency.Fingerprint("/p", map[string][]string{"x": {"1y=2"}}, []byte("tệp")),
	} {
		if other == a {
			t.Error("different writes share a fingerprint")
		}
	}
}

// TestKeepAndReplay: an answer saved in the write's transaction is found
// by its key and scope only; a key reused for other content is refused;
// a rolled-back write leaves no answer; a twin saved second fails; the
// sweep deletes answers older than a day.
func TestKeepAndReplay(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := idempotency.New(db)
		now := time.Now()
		req := idempotency.Request{Scope: "open311:abc", Key: "8e03978e-40d5-43e8-bc93-6894a57f9324", Fingerprint: "f1"}
		if a, err := keys.Lookup(ctx, req); a != nil || err != nil {
			t.Fatalf("Lookup of a new key = %v, %v", a, err)
		}
		want := idempotency.Answer{Status: 201, ContentType: "application/json", Body: `[{"service_request_id":"PAKN-2026-000001"}]`}
		// A write that rolls back keeps no answer.
		db.InTx(ctx, func(tx *store.Tx) error {
			if err := idempotency.Save(ctx, tx, req, want, now); err != nil {
				t.Fatal(err)
			}
			return errors.New("the write failed")
		})
		if a, _ := keys.Lookup(ctx, req); a != nil {
			t.Fatalf("an answer outlived its rolled-back write: %+v", a)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return idempotency.Save(ctx, tx, req, want, now) }); err != nil {
			t.Fatal(err)
		}
		if a, err := keys.Lookup(ctx, req); err != nil || a == nil || *a != want {
			t.Fatalf("Lookup = %+v, %v; want %+v", a, err, want)
		}
		other := req
		other.Scope = "open311:def"
		if a, err := keys.Lookup(ctx, other); a != nil || err != nil {
			t.Errorf("another scope sees the answer: %+v, %v", a, err)
		}
		reused := req
		reused.Fingerprint = "f2"
		if _, err := keys.Lookup(ctx, reused); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("a key reused for other content = %v; want Invalid", err)
		}
		err := db.InTx(ctx, func(tx *store.Tx) error { return idempotency.Save(ctx, tx, req, want, now) })
		if !store.IsUniqueViolation(err) {
			t.Errorf("a twin's Save = %v; want a uniqueness conflict", err)
		}
		if n, err := keys.Sweep(ctx, now.Add(idempotency.MaxAge-time.Minute)); n != 0 || err != nil {
			t.Errorf("sweep before a day = %d, %v", n, err)
		}
		if n, err := keys.Sweep(ctx, now.Add(idempotency.MaxAge+time.Minute)); n != 1 || err != nil {
			t.Errorf("sweep after a day = %d, %v", n, err)
		}
	})
}

// TestTwinsAtOnce: writes with one key sent at the same moment store one
// answer; every other twin fails and then finds it.
func TestTwinsAtOnce(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		keys := idempotency.New(db)
		req := idempotency.Request{Scope: "feedback:1", Key: "twin-key-0123456789", Fingerprint: "f"}
		var wg sync.WaitGroup
		var mu sync.Mutex
		saved := 0
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.InTx(ctx, func(tx *store.Tx) error {
					return idempotency.Save(ctx, tx, req, idempotency.Answer{Status: 303, Location: "/x"}, time.Now())
				})
				if err == nil {
					mu.Lock()
					saved++
					mu.Unlock()
				} else if a, lerr := keys.Lookup(ctx, req); a == nil || lerr != nil {
					t.Errorf("a twin failed (%v) and found no answer: %v", err, lerr)
				}
			}()
		}
		wg.Wait()
		if saved != 1 {
			t.Errorf("%d twins saved an answer; want 1", saved)
		}
	})
}
