package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// runCmd runs the command line in-process and returns its output.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = Run(ctx, args, getenv, &out, &errOut)
	return out.String(), errOut.String(), err
}

// serveUntilListening runs `cong serve --demo` until it says it listens,
// then stops it, keeping what it printed in out. It waits for the line,
// not for a time: a loaded machine fills the demo slower (a fixed 5 s
// once stopped it before it printed anything).
func serveUntilListening(t *testing.T, getenv func(string) string, out *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		Run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, getenv, pw, io.Discard)
		pw.Close()
		close(done)
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "Cổng đang chạy tại") {
			cancel()
		}
	}
	<-done
}

func TestBadInputGivesOneClearLine(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	data := t.TempDir()
	file := filepath.Join(data, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
		code int
	}{
		{"unknown flag", []string{"serve", "--khong-co"}, nil, "flag provided but not defined", 2},
		{"unknown command", []string{"chay"}, nil, "lệnh không có", 2},
		{"no command", nil, nil, "thiếu lệnh", 2},
		{"wrong database URL", []string{"serve", "--data", data, "--database", "mysql://x"}, nil, "địa chỉ cơ sở dữ liệu không hợp lệ", 1},
		{"unreachable PostgreSQL", []string{"migrate", "--database", "postgres://u:bi-mat@127.0.0.1:1/x?connect_timeout=2"}, nil, "không kết nối được PostgreSQL", 1},
		{"data folder is a file", []string{"serve", "--data", file}, nil, "thư mục dữ liệu", 1},
		{"port in use", []string{"serve", "--data", data, "--addr", busy.Addr().String()}, nil, "đang được chương trình khác dùng", 1},
		{"bad port from the environment", []string{"serve"}, map[string]string{"CONG_DATA": data, "CONG_ADDR": "127.0.0.1:99999"}, "không mở được địa chỉ", 1},
		{"bad log format", []string{"serve", "--data", data, "--log", "xml"}, nil, "--log", 2},
		{"SMTP without a sender", []string{"serve", "--data", data, "--smtp-addr", "127.0.0.1:25"}, map[string]string{"CONG_SMTP_PASSWORD": "bi-mat"}, "--mail-from", 2},
		{"bad sender", []string{"serve", "--data", data}, map[string]string{"CONG_SMTP_ADDR": "127.0.0.1:25", "CONG_MAIL_FROM": "khong phai dia chi"}, "--mail-from", 2},
		{"bad captcha difficulty", []string{"serve", "--data", data}, map[string]string{"CONG_CAPTCHA_MAX_NUMBER": "nhieu"}, "--captcha-max-number", 2},
		{"gazette roots missing", []string{"serve", "--data", data, "--addr", "127.0.0.1:0", "--gazette-roots", filepath.Join(data, "khong-co.pem")}, nil, "không đọc được tệp chứng thư gốc", 1},
		{"gazette roots not PEM", []string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, map[string]string{"CONG_GAZETTE_ROOTS": file}, "không chứa chứng thư PEM nào", 1},
		{"bad search memory", []string{"serve", "--data", data}, map[string]string{"CONG_SEARCH_MEMORY": "co"}, "--search-memory", 2},
		{"role without site", []string{"user", "add", "--data", data, "--username", "abc", "--name", "A", "--role", "editor"}, nil, "--site và --role", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, env(tt.env), tt.args...)
			if err == nil {
				t.Fatal("succeeded; want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q; want it to contain %q", msg, tt.want)
			}
			if strings.Count(msg, "\n") > 0 || strings.Contains(msg, "goroutine") || strings.Contains(msg, "bi-mat") {
				t.Errorf("error is not one clean line without secrets: %q", msg)
			}
			if ExitCode(err) != tt.code {
				t.Errorf("exit code %d; want %d", ExitCode(err), tt.code)
			}
			if strings.Contains(stderr, "Usage") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr has a usage dump or a trace: %q", stderr)
			}
		})
	}
}

func TestNewerSchemaIsRefusedAtStart(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCmd(t, env(nil), "migrate", "--data", data); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(context.Background(), "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', CURRENT_TIMESTAMP)")
	db.Close()
	_, _, err = runCmd(t, env(nil), "serve", "--data", data, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "mới hơn") {
		t.Fatalf("serve on a newer schema = %v; want a refusal", err)
	}
}

func TestSiteAndUserCommands(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			e := map[string]string{"CONG_DATA": t.TempDir()}
			if backend == "postgres" {
				e["CONG_DATABASE_URL"] = storetest.PostgresURL(t)
			}
			steps := []struct {
				args []string
				want string
			}{
				{[]string{"site", "add", "--main", "--kind", "portal", "--code", "tinh-x", "--name", "Ủy ban nhân dân tỉnh X"}, "Đã thêm trang tinh-x"},
				{[]string{"site", "add", "--code", "so-yte", "--name", "Sở Y tế", "--kind", "department"}, "/so-yte/"},
				{[]string{"user", "add", "--username", "quantri", "--name", "Quản trị", "--site", "tinh-x", "--role", "admin"}, "Mật khẩu: "},
				{[]string{"site", "list"}, "so-yte"},
			}
			for _, s := range steps {
				out, _, err := runCmd(t, env(e), s.args...)
				if err != nil || !strings.Contains(out, s.want) {
					t.Fatalf("cong %s = %q, %v; want output with %q", strings.Join(s.args, " "), out, err, s.want)
				}
			}
			if _, _, err := runCmd(t, env(e), "site", "add", "--code", "so-yte", "--name", "Trùng", "--kind", "department"); err == nil || !strings.Contains(err.Error(), "đã được dùng") {
				t.Errorf("duplicate site = %v; want a conflict message", err)
			}
			if _, _, err := runCmd(t, env(e), "site", "add", "--code", "Sở Y Tế", "--name", "X"); err == nil || !strings.Contains(err.Error(), "Mã trang") {
				t.Errorf("bad code = %v; want the code message", err)
			}
		})
	}
}

func TestServeDemoPrintsLoginsAndStopsOnSignal(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--demo", "--data", data, "--addr", "127.0.0.1:0", "--log", "json"}, env(nil), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var printed []string
	addrRE := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/ `)
	var addr string
	for addr == "" && sc.Scan() {
		printed = append(printed, sc.Text())
		if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	all := strings.Join(printed, "\n")
	for _, want := range []string{"quantri", "mật khẩu:", "Quản trị hệ thống"} {
		if !strings.Contains(all, want) {
			t.Errorf("serve --demo printed no %q:\n%s", want, all)
		}
	}
	// The key sealing TOTP secrets was made, for the owner's eyes only.
	if fi, err := os.Stat(filepath.Join(data, "secret.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("secret.key: %v, %v; want a file of mode 0600", fi, err)
	} else if !strings.Contains(all, "secret.key") {
		t.Errorf("serve did not say it made the key file:\n%s", all)
	}
	resp, err := http.Get("http://" + addr + "/so-khcn/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /so-khcn/ = %v, %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after the signal = %v; want a clean stop", err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestShutdownFinishesRequestsInFlight starts a slow request, then asks
// the server to stop: the request must complete, and new ones be refused.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(700 * time.Millisecond)
		w.Write([]byte("xong"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, slow, ln, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard, "test") }()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body <- string(b)
	}()
	<-started
	cancel()
	if got := <-body; got != "xong" {
		t.Errorf("request in flight got %q; want it finished", got)
	}
	if err := <-done; err != nil {
		t.Errorf("run = %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Error("the server still accepts requests after shutdown")
	}
}

func TestDemoLoginsShownAgainAndPasswordReset(t *testing.T) {
	data := t.TempDir()
	e := env(map[string]string{"CONG_DATA": data})
	var first, second bytes.Buffer
	for _, out := range []*bytes.Buffer{&first, &second} {
		serveUntilListening(t, e, out) // fill, serve, then stop
	}
	if !strings.Contains(first.String(), "quantri") || !strings.Contains(second.String(), "Dữ liệu mẫu đã có") ||
		!strings.Contains(second.String(), "quantri") {
		t.Fatalf("logins not shown again:\nfirst: %s\nsecond: %s", first.String(), second.String())
	}
	if fi, err := os.Stat(filepath.Join(data, "demo-logins.txt")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("demo-logins.txt: %v, %v; want mode 0600", fi, err)
	}
	// With PostgreSQL the file in the data folder is not shown: it would
	// describe the SQLite database.
	var pg bytes.Buffer
	pe := env(map[string]string{"CONG_DATA": data, "CONG_DATABASE_URL": storetest.PostgresURL(t)})
	for i := 0; i < 2; i++ {
		pg.Reset()
		serveUntilListening(t, pe, &pg)
	}
	if strings.Contains(pg.String(), "demo-logins.txt") || strings.Contains(pg.String(), "tên đăng nhập:") {
		t.Errorf("second demo run on PostgreSQL showed the SQLite logins:\n%s", pg.String())
	}
	// The administrator's recovery codes, as an enrolment leaves them:
	// --reset-totp voids them with the second factor.
	db, err := store.Open(context.Background(), "", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(context.Background(), `INSERT INTO recovery_codes (user_id, code_hash, created_at)
		SELECT id, 'h', ? FROM users WHERE username = 'quantri'`, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _, err := runCmd(t, e, "user", "password", "--username", "quantri", "--reset-totp")
	if err != nil || !strings.Contains(out, "Mật khẩu: ") || !strings.Contains(out, "các mã dự phòng") {
		t.Fatalf("user password = %q, %v", out, err)
	}
	if db, err = store.Open(context.Background(), "", data); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var codes int
	if err := db.QueryRow(context.Background(), `SELECT COUNT(*) FROM recovery_codes`).Scan(&codes); err != nil || codes != 0 {
		t.Errorf("--reset-totp left %d recovery codes (%v)", codes, err)
	}
	if _, _, err := runCmd(t, e, "user", "password", "--username", "khong-co"); err == nil || !strings.Contains(err.Error(), "Không tìm thấy tài khoản") {
		t.Errorf("unknown user = %v", err)
	}
}
