package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("serve", stderr, getenv)
	fs.BoolVar(&c.Demo, "demo", false, "điền dữ liệu mẫu vào cơ sở dữ liệu trống và in thông tin đăng nhập")
	c.ServeFlags(fs)
	mf := addMediaFlags(fs, getenv)
	tokenFile := fs.String("metrics-token-file", "", "tệp chứa mã cho phép đọc /metrics từ máy khác (Authorization: Bearer MÃ); "+
		"không có mã thì /metrics chỉ trả lời chính máy này [CONG_METRICS_TOKEN: chính mã]")
	readOnly := fs.Bool("read-only", false, "chế độ chỉ đọc: phục vụ mọi trang, từ chối mọi thao tác ghi (503, Retry-After) trừ đăng nhập, đăng xuất "+
		"và trang /quan-tri/bao-tri; dùng khi bảo trì, khôi phục dữ liệu (docs/maintenance.md)")
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	metricsToken, err := readMetricsToken(*tokenFile, getenv)
	if err != nil {
		return err
	}
	log := newLogger(c.LogFormat, stderr)
	tuneGC(getenv)
	roots, nroots, err := pdfdoc.LoadRoots(c.GazetteRoots)
	if err != nil {
		return fmt.Errorf("--gazette-roots: %w", err)
	}
	if roots != nil {
		log.Info("gazette trusted roots", "file", c.GazetteRoots, "certificates", nroots)
	}
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	mediaDir := filepath.Join(c.DataDir, "media")
	files, err := mf.open(ctx, mf.where(c))
	if err != nil {
		return err
	}
	if _, local := files.(*media.LocalBlobs); local {
		mediaDir, files = mf.where(c), nil // the folder, as before
	}
	if c.Demo {
		logins, err := demo.Fill(ctx, db, time.Now, demo.WithMedia(mediaDir))
		if err != nil {
			return fmt.Errorf("dữ liệu mẫu: %w", err)
		}
		if files != nil { // the demo's covers are made in DATA/media: into the bucket with them
			if _, err := media.Copy(ctx, media.NewLocalBlobs(mediaDir), files, nil); err != nil {
				return fmt.Errorf("dữ liệu mẫu: chép ảnh vào %s: %w", files, err)
			}
		}
		if err := printLogins(stdout, c, logins); err != nil {
			return err
		}
	}
	// Listen before building anything else, so "port in use" is the
	// first and only thing a wrong --addr produces.
	lns, err := listenAll(c.Addr)
	if err != nil {
		return err
	}
	ln := closers(lns)
	proxies, _ := c.Proxies() // validated above
	issuer, err := captcha.New(db, captcha.Options{MaxNumber: c.CaptchaMaxNumber})
	if err != nil {
		ln.Close()
		return err
	}
	outbox := mail.New(db, mail.Options{SMTPAddr: c.SMTPAddr, From: c.MailFrom, Username: c.SMTPUser, Password: c.SMTPPassword, Log: log})
	key, err := secretKey(ctx, db, c.KeyFile(), stdout)
	if err != nil {
		ln.Close()
		return err
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: log, BehindTLS: c.BehindTLS, TrustedProxies: proxies, AccessLogAll: c.AccessLog == "all",
		MediaDir: mediaDir, Media: files, Version: Version, Captcha: issuer, Mail: outbox, SecretKey: key, GazetteRoots: roots,
		MetricsToken: metricsToken, WriteTimeout: writeTimeout, RequestTimeout: web.DefaultRequestTimeout, ReadOnly: *readOnly,
		SearchStatements: c.SearchMemory == "off"})
	if err != nil {
		ln.Close()
		return err
	}
	if addr := getenv("CONG_PPROF_ADDR"); addr != "" {
		if err := startProfiler(ctx, addr); err != nil {
			ln.Close()
			return err
		}
	}
	runner := jobs.New(db, log, time.Now, "")
	srv.Jobs(runner)
	srv.SectionsJob(runner) // the required sections of a new sections set, on every site (issue 17)
	mailJobs(runner, outbox, issuer)
	go runner.Run(ctx)
	go srv.ListenForInvalidations(ctx, nil) // PostgreSQL: hear other nodes' changes
	return runAll(ctx, srv, lns, log, stdout, db.Location)
}

// closers closes every listener of lns, on the paths where serve gives up
// before serving.
type closers []net.Listener

// Close closes them all.
func (c closers) Close() error {
	var errs []error
	for _, ln := range c {
		errs = append(errs, ln.Close())
	}
	return errors.Join(errs...)
}

// listenAll opens each address of addrs, a comma-separated list of
// HOST:PORT (--addr 127.0.0.1:8080,[::1]:8080): an IPv4 address on IPv4
// only, an IPv6 one on IPv6 only, so that 0.0.0.0:8080 and [::]:8080 can
// be given together (a host name listens as the system resolves it). If
// one cannot be opened, those opened are closed and the error names it.
func listenAll(addrs string) ([]net.Listener, error) {
	var out []net.Listener
	fail := func(err error) ([]net.Listener, error) {
		closers(out).Close()
		return nil, err
	}
	for a := range strings.SplitSeq(addrs, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			return fail(&usageError{fmt.Sprintf("--addr %q: thiếu địa chỉ giữa hai dấu phẩy (an empty address in the list)", addrs)})
		}
		network := "tcp"
		if host, _, err := net.SplitHostPort(a); err == nil {
			if ip, err := netip.ParseAddr(host); err == nil {
				network = "tcp6"
				if ip.Is4() {
					network = "tcp4"
				}
			}
		}
		ln, err := net.Listen(network, a)
		if err != nil {
			return fail(listenError(a, err))
		}
		out = append(out, ln)
	}
	return out, nil
}

// firstAddr is the first address of an --addr list, for the messages
// that name one.
func firstAddr(addrs string) string {
	first, _, _ := strings.Cut(addrs, ",")
	return strings.TrimSpace(first)
}

// mailJobs schedules the mail outbox's delivery (every 10 seconds, so a
// citizen's confirmation arrives while they still look at the receipt)
// and the sweep of expired captcha solutions.
func mailJobs(r *jobs.Runner, outbox *mail.Outbox, issuer *captcha.Issuer) {
	r.Every("mail.deliver", 10*time.Second, outbox.Deliver)
	r.Every("captcha.sweep", time.Hour, issuer.Sweep)
}

// writeTimeout is the HTTP server's limit to read a request and write its
// answer. Each request's database work ends well before it (web's
// RequestTimeout, 20 s, and never later than 10 s before this), so that
// a request that could not get the database in time is told so with a
// 503 — and one whose write committed is told that — rather than cut off
// with no answer.
const writeTimeout = web.DefaultWriteTimeout

// logger is what run needs of a log.
type logger interface {
	Info(string, ...any)
}

// run serves on ln until ctx ends (SIGTERM, SIGINT), then lets in-flight
// requests finish for up to 20 seconds.
func run(ctx context.Context, h http.Handler, ln net.Listener, log logger, stdout io.Writer, where string) error {
	return runAll(ctx, h, []net.Listener{ln}, log, stdout, where)
}

// runAll is run on every listener of lns, with one server: one shutdown
// ends them all.
func runAll(ctx context.Context, h http.Handler, lns []net.Listener, log logger, stdout io.Writer, where string) error {
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       writeTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	urls := make([]string, len(lns))
	for i, ln := range lns {
		urls[i] = "http://" + ln.Addr().String() + "/"
	}
	fmt.Fprintf(stdout, "Cổng đang chạy tại %s (dữ liệu: %s). Nhấn Ctrl+C để dừng.\n", strings.Join(urls, ", "), where)
	errc := make(chan error, len(lns))
	for _, ln := range lns {
		go func() { errc <- hs.Serve(ln) }()
	}
	var failed error
	select {
	case failed = <-errc:
		// One listener failed: stop the others too, and say why.
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("dừng máy chủ: %w", err)
	}
	if failed != nil {
		return failed
	}
	for range lns {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	log.Info("stopped")
	return nil
}

// minMetricsToken is the shortest token /metrics accepts: it is all that
// stands between the series and anyone who can reach the port.
const minMetricsToken = 16

// readMetricsToken returns the token that lets a scraper on another
// machine read /metrics: the content of the --metrics-token-file file,
// or else CONG_METRICS_TOKEN; "" when neither is set, and /metrics then
// answers this machine only.
func readMetricsToken(file string, getenv func(string) string) (string, error) {
	token := getenv("CONG_METRICS_TOKEN")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("không đọc được tệp mã /metrics (--metrics-token-file): %w", err)
		}
		token = string(b)
	} else if token == "" {
		return "", nil
	}
	token = strings.TrimSpace(token)
	if len(token) < minMetricsToken || strings.ContainsFunc(token, unicode.IsSpace) {
		return "", &usageError{fmt.Sprintf("mã /metrics phải dài ít nhất %d ký tự, không có khoảng trắng; ví dụ: openssl rand -hex 32 "+
			"(the /metrics token needs at least %d characters and no spaces)", minMetricsToken, minMetricsToken)}
	}
	return token, nil
}

func listenError(addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("cổng %s đang được chương trình khác dùng; hãy chọn --addr khác (address already in use)", addr)
	case errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EACCES):
		return fmt.Errorf("không có quyền mở %s; hãy dùng cổng trên 1024 (permission denied)", addr)
	}
	return fmt.Errorf("không mở được địa chỉ %s: %v", addr, err)
}

// printLogins shows the demo accounts. They are also kept, readable by
// the owner only, in the data folder, so a second `serve --demo` can show
// them again; a real installation never uses --demo.
func printLogins(w io.Writer, c *config.Config, logins []demo.Login) error {
	// The file belongs to the SQLite database in the same folder; with
	// PostgreSQL it would describe another database, so it is not used.
	file := ""
	if c.DatabaseURL == "" {
		file = filepath.Join(c.DataDir, "demo-logins.txt")
	}
	var accounts []byte
	if len(logins) == 0 {
		saved, err := os.ReadFile(file)
		if file == "" || err != nil {
			fmt.Fprintln(w, "Cơ sở dữ liệu đã có dữ liệu: không thêm dữ liệu mẫu. Đặt lại mật khẩu: cong user password --username quantri")
			return nil
		}
		fmt.Fprintf(w, "Dữ liệu mẫu đã có. Tài khoản mẫu lúc tạo (%s; mật khẩu đã đổi thì không còn đúng):\n", file)
		accounts = saved
	} else {
		var b strings.Builder
		for _, l := range logins {
			fmt.Fprintf(&b, "  %-24s tên đăng nhập: %-12s mật khẩu: %s\n", l.Role, l.Username, l.Password)
		}
		accounts = []byte(b.String())
		fmt.Fprintln(w, "Đã tạo dữ liệu mẫu. Tài khoản mẫu:")
		if file != "" {
			if err := os.WriteFile(file, accounts, 0o600); err != nil {
				return err
			}
		}
	}
	w.Write(accounts)
	fmt.Fprintf(w, "Đăng nhập tại http://%s/dang-nhap\n", firstAddr(c.Addr))
	fmt.Fprintln(w, "Quản trị viên, Trưởng ban và cán bộ Công báo phải thiết lập xác thực hai bước (TOTP) ở lần đăng nhập đầu:\n"+
		"dùng một ứng dụng xác thực (Google Authenticator, FreeOTP…) để quét mã QR hiện ra.")
	return nil
}
