package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store/storetest"
)

// lockedBuffer is a log that the server's goroutines write and the test
// reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestBlankAnswerBecomesAnErrorPage: a handler that returns nil without
// writing a status or a body gets, through each wrapper (page, staff,
// public), a 500 page that says what happened in the person's language
// and an ERROR log line naming the route, never an empty 200. Handlers
// that answer, even with an empty 204, are left alone. The handlers are
// registered here only, on the server's own wrappers.
func TestBlankAnswerBecomesAnErrorPage(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	s, err := New(ctx, Options{DB: db, Log: slog.New(slog.NewTextHandler(&logs, nil)), Version: "test", Now: time.Now,
		MediaDir: t.TempDir(), SecretKey: []byte("cong test key: 32 bytes exactly!")})
	if err != nil {
		t.Fatal(err)
	}
	blank := func(w http.ResponseWriter, r *http.Request) error { return nil }
	headersOnly := func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("X-Only", "a header, no status") // still nothing sent
		return nil
	}
	empty := func(w http.ResponseWriter, r *http.Request) error { w.WriteHeader(http.StatusNoContent); return nil }
	inner := http.NewServeMux()
	inner.Handle("GET /trang-trong", s.public(blank))
	mux := http.NewServeMux()
	mux.Handle("GET /thu/trang", s.page(blank))
	mux.Handle("GET /thu/quan-tri", s.staff(headersOnly))
	mux.Handle("GET /thu/khong-noi-dung", s.staff(empty))
	mux.Handle("/", s.sitePages(inner))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	// A signed-in editor (no second factor needed) for the staff routes.
	u, err := s.users.Create(ctx, account.NewUser{Username: "trongtrang", FullName: "Người Thử", Password: "mot-hai-ba-bon-nam"}, audit.CLI)
	if err != nil {
		t.Fatal(err)
	}
	main, err := site.NewSites(db, time.Now).Main(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.users.Grant(ctx, u.ID, main.ID, account.Editor, audit.CLI); err != nil {
		t.Fatal(err)
	}
	token, err := s.sessions.Create(ctx, u.ID, true, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}

	get := func(path, lang string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: s.cookieName(), Value: token})
		if lang != "" {
			req.AddCookie(&http.Cookie{Name: "lang", Value: lang})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for _, c := range []struct{ path, lang, route, want string }{
		{"/thu/trang", "", "GET /thu/trang", "Cổng gặp lỗi và không tạo được trang này"},
		{"/thu/quan-tri", "", "GET /thu/quan-tri", "Cổng gặp lỗi và không tạo được trang này"},
		{"/thu/quan-tri", "en", "GET /thu/quan-tri", "The portal failed to produce this page"},
		{"/trang-trong", "", "GET /trang-trong", "Cổng gặp lỗi và không tạo được trang này"},
		{"/en/trang-trong", "", "GET /trang-trong", "The portal failed to produce this page"},
	} {
		before := strings.Count(logs.String(), "level=ERROR")
		status, body := get(c.path, c.lang)
		if status != http.StatusInternalServerError || !strings.Contains(body, c.want) || !strings.Contains(body, "</html>") {
			t.Errorf("GET %s (%s) = %d; want 500 with a page saying %q:\n%.1500s", c.path, c.lang, status, c.want, body)
		}
		log := logs.String()
		if strings.Count(log, "level=ERROR") != before+1 || !strings.Contains(log, `route="`+c.route+`"`) {
			t.Errorf("GET %s: no ERROR line naming the route %q:\n%s", c.path, c.route, log)
		}
	}
	if status, body := get("/thu/khong-noi-dung", ""); status != http.StatusNoContent || body != "" {
		t.Errorf("a handler answering 204 = %d %q; it must be left alone", status, body)
	}
}
