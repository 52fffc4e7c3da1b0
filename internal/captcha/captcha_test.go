package captcha

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// clock is a settable time for the tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newIssuer(t *testing.T, db *store.DB, c *clock) *Issuer {
	t.Helper()
	i, err := New(db, Options{MaxNumber: 2000, TTL: 10 * time.Minute, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return i
}

func solve(t *testing.T, i *Issuer) string {
	t.Helper()
	c, err := i.New()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Solve(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// wantField checks that err is the Invalid error on the altcha field whose
// Vietnamese message contains want.
func wantField(t *testing.T, err error, want string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid {
		t.Fatalf("got %v (%T), want an Invalid apperr", err, err)
	}
	if m := e.Fields[Field]; !strings.Contains(m.VI, want) || m.EN == "" {
		t.Errorf("message %q (en %q), want it to contain %q", m.VI, m.EN, want)
	}
}

// TestSolveAndVerify: a solved challenge passes once; the same solution
// again — on this node or another sharing the database — is refused.
func TestSolveAndVerify(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)}
		a, b := newIssuer(t, db, c), newIssuer(t, db, c) // two nodes
		if string(a.key) != string(b.key) {
			t.Fatal("two issuers on one database have different keys")
		}
		p := solve(t, a)
		if err := b.Verify(ctx, p); err != nil {
			t.Fatalf("a fresh solution issued by node a was refused by node b: %v", err)
		}
		wantField(t, a.Verify(ctx, p), "đã được dùng")
		wantField(t, b.Verify(ctx, p), "đã được dùng")

		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM captcha_solved`).Scan(&n); err != nil || n != 1 {
			t.Errorf("captcha_solved has %d rows (%v), want 1", n, err)
		}
	})
}

// TestConcurrentReplay: the same solution sent to many goroutines at once
// is accepted exactly once.
func TestConcurrentReplay(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)}
		i := newIssuer(t, db, c)
		p := solve(t, i)
		var (
			wg sync.WaitGroup
			mu sync.Mutex
			ok int
		)
		for range 8 {
			wg.Go(func() {
				err := i.Verify(ctx, p)
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				} else if apperr.KindOf(err) != apperr.Invalid {
					t.Errorf("unexpected error: %v", err)
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Errorf("accepted %d times, want once", ok)
		}
	})
}

// TestRefused: what a bot or a broken browser might send.
func TestRefused(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)}
		i := newIssuer(t, db, c)

		wantField(t, i.Verify(ctx, ""), "Chưa hoàn tất")
		wantField(t, i.Verify(ctx, "không phải base64"), "không hợp lệ")
		wantField(t, i.Verify(ctx, base64.StdEncoding.EncodeToString([]byte("{"))), "không hợp lệ")
		wantField(t, i.Verify(ctx, strings.Repeat("A", 5000)), "không hợp lệ")

		ch, _ := i.New()
		p, _ := Solve(ch)
		sol, err := Decode(p)
		if err != nil {
			t.Fatal(err)
		}
		encode := func(s Solution) string {
			b, _ := json.Marshal(s)
			return base64.StdEncoding.EncodeToString(b)
		}
		wrong := sol
		wrong.Number = (sol.Number + 1) % (ch.MaxNumber + 1)
		wantField(t, i.Verify(ctx, encode(wrong)), "không hợp lệ") // the work was not done

		forged := sol
		forged.Salt = "00?expires=9999999999"
		forged.Challenge = hash(forged.Salt, 7)
		forged.Number = 7
		wantField(t, i.Verify(ctx, encode(forged)), "không hợp lệ") // not signed by us

		// Another installation's key signs nothing here.
		other, _ := New(storetest.SQLite(t), Options{MaxNumber: 50, Now: c.now})
		foreign, _ := other.New()
		fp, _ := Solve(foreign)
		wantField(t, i.Verify(ctx, fp), "không hợp lệ")

		// Expired: solved in time but sent after the TTL.
		c.add(11 * time.Minute)
		wantField(t, i.Verify(ctx, p), "hết hạn")

		// None of these was recorded as solved.
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM captcha_solved`).Scan(&n)
		if n != 0 {
			t.Errorf("refused solutions left %d rows", n)
		}
	})
}

// TestSweep: expired rows go, live ones stay (a replay of a live one is
// still refused after a sweep).
func TestSweep(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 6, 13, 9, 0, 0, 0, time.UTC)}
		i := newIssuer(t, db, c)
		old := solve(t, i)
		if err := i.Verify(ctx, old); err != nil {
			t.Fatal(err)
		}
		c.add(6 * time.Minute)
		live := solve(t, i)
		if err := i.Verify(ctx, live); err != nil {
			t.Fatal(err)
		}
		c.add(6 * time.Minute) // old has expired, live has not
		if err := i.Sweep(ctx, c.now()); err != nil {
			t.Fatal(err)
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM captcha_solved`).Scan(&n)
		if n != 1 {
			t.Errorf("after the sweep %d rows, want 1", n)
		}
		wantField(t, i.Verify(ctx, live), "đã được dùng")
		wantField(t, i.Verify(ctx, old), "hết hạn")
	})
}

// TestChallengeJSON: the field names are ALTCHA's.
func TestChallengeJSON(t *testing.T) {
	b, _ := json.Marshal(Challenge{Algorithm: Algorithm, MaxNumber: 5})
	for _, k := range []string{`"algorithm"`, `"challenge"`, `"salt"`, `"signature"`, `"maxnumber":5`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("%s lacks %s", b, k)
		}
	}
}

// FuzzVerify: no payload makes Verify panic or accept without the work.
func FuzzVerify(f *testing.F) {
	db := storetest.SQLite(f)
	i, err := New(db, Options{MaxNumber: 100})
	if err != nil {
		f.Fatal(err)
	}
	ch, _ := i.New()
	good, _ := Solve(ch)
	for _, s := range []string{"", good, "e30=", "bnVsbA==", "W10=", strings.Repeat("=", 10),
		base64.StdEncoding.EncodeToString([]byte(`{"algorithm":"SHA-256","challenge":"` + strings.Repeat("a", 64) + `","number":-1,"salt":"x?expires=1","signature":"` + strings.Repeat("b", 64) + `"}`))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		err := i.Verify(context.Background(), payload)
		if err == nil {
			// Only a real solution, once, may pass: it must decode to a
			// challenge this issuer signed with the right number.
			s, derr := Decode(payload)
			if derr != nil || hash(s.Salt, s.Number) != s.Challenge || i.sign(s.Challenge) != strings.ToLower(s.Signature) {
				t.Fatalf("accepted %q", payload)
			}
			return
		}
		if apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("payload %q: %v (want an Invalid apperr)", payload, err)
		}
	})
}
