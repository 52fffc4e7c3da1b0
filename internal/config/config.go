// Package config is the one Config of a cong process, read once from
// flags and environment variables and passed down; nothing reads the
// environment elsewhere.
package config

import (
	"flag"
	"fmt"
	"io"
	"net/mail"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
)

// Config holds what an operator can set. Every flag has an environment
// variable of the same meaning; a flag given on the command line wins.
type Config struct {
	DataDir     string // --data, CONG_DATA: SQLite file, media, backups
	Addr        string // --addr, CONG_ADDR
	DatabaseURL string // --database, CONG_DATABASE_URL: postgres://… or empty for SQLite in DataDir
	Demo        bool   // --demo: fill an empty database with demo sites, users, content
	// BehindTLS says the portal is reached over HTTPS, through a proxy
	// that terminates TLS: cookies get Secure and the __Host- prefix, and
	// HSTS is sent. (The portal itself does not read X-Forwarded-Proto.)
	BehindTLS bool   // --tls-proxy, CONG_TLS_PROXY
	LogFormat string // --log, CONG_LOG: "json", "text" or "auto" (JSON unless on a terminal)
	// TrustedProxies lists the reverse proxies (addresses or CIDR ranges)
	// whose X-Forwarded-For header is believed.
	TrustedProxies string // --trusted-proxies, CONG_TRUSTED_PROXIES
	// AccessLog is "all" (every request) or "errors" (errors, slow
	// requests and changes; successful GETs are only counted in metrics).
	AccessLog string // --access-log, CONG_ACCESS_LOG
	// Outgoing mail (internal/mail). Without SMTPAddr mail stays queued
	// in the outbox. The user and password come only from the
	// environment, so they are not seen in the process list.
	SMTPAddr     string // --smtp-addr, CONG_SMTP_ADDR: host:port
	MailFrom     string // --mail-from, CONG_MAIL_FROM
	SMTPUser     string // CONG_SMTP_USER
	SMTPPassword string // CONG_SMTP_PASSWORD; never logged
	// CaptchaMaxNumber sets the captcha's difficulty: the browser tries
	// half of it on average (0: the default, captcha.DefaultMaxNumber).
	// A load benchmark lowers it so that its own solving does not steal
	// the processor from the server it measures.
	CaptchaMaxNumber int // --captcha-max-number, CONG_CAPTCHA_MAX_NUMBER

	// SecretKeyFile holds the key that seals TOTP secrets in the database
	// (internal/account/seal.go); empty means secret.key in DataDir.
	SecretKeyFile string // --secret-key-file, CONG_SECRET_KEY_FILE

	// GazetteRoots is a PEM file of the root certificates whose
	// signatures the gazette trusts (the national root CA and the
	// government's specialised CA, say); empty checks a signed PDF for
	// integrity only.
	GazetteRoots string // --gazette-roots, CONG_GAZETTE_ROOTS

	// SearchMemory is "on" (the default) to have the search on
	// PostgreSQL hold the index's words in memory, "off" to answer from
	// the statements only (internal/search/mirror.go).
	SearchMemory string // --search-memory, CONG_SEARCH_MEMORY
}

// FlagSet declares the flags every subcommand shares and returns a
// function that applies the environment for those not given.
func FlagSet(name string, stderr io.Writer, getenv func(string) string) (*flag.FlagSet, *Config, func()) {
	c := &Config{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DataDir, "data", "./data", "thư mục dữ liệu (data folder) [CONG_DATA]")
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8080", "địa chỉ lắng nghe HOST:PORT [CONG_ADDR]")
	fs.StringVar(&c.DatabaseURL, "database", "", "postgres://… hoặc để trống dùng SQLite trong --data [CONG_DATABASE_URL]")
	fs.BoolVar(&c.BehindTLS, "tls-proxy", false, "cổng chạy sau HTTPS: cookie Secure và HSTS [CONG_TLS_PROXY]")
	fs.StringVar(&c.LogFormat, "log", "auto", "định dạng nhật ký: json, text, auto [CONG_LOG]")
	fs.StringVar(&c.AccessLog, "access-log", "errors", "nhật ký truy cập: all (mọi yêu cầu) hoặc errors (lỗi, chậm, thay đổi) [CONG_ACCESS_LOG]")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", "", "proxy tin cậy, ví dụ 10.0.0.5,192.168.1.0/24 [CONG_TRUSTED_PROXIES]")
	apply := func() {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		env := func(flagName, key string, dst *string) {
			if v := getenv(key); v != "" && !set[flagName] {
				*dst = v
			}
		}
		env("data", "CONG_DATA", &c.DataDir)
		env("addr", "CONG_ADDR", &c.Addr)
		env("database", "CONG_DATABASE_URL", &c.DatabaseURL)
		env("log", "CONG_LOG", &c.LogFormat)
		env("trusted-proxies", "CONG_TRUSTED_PROXIES", &c.TrustedProxies)
		env("access-log", "CONG_ACCESS_LOG", &c.AccessLog)
		env("smtp-addr", "CONG_SMTP_ADDR", &c.SMTPAddr)
		env("mail-from", "CONG_MAIL_FROM", &c.MailFrom)
		env("secret-key-file", "CONG_SECRET_KEY_FILE", &c.SecretKeyFile)
		env("gazette-roots", "CONG_GAZETTE_ROOTS", &c.GazetteRoots)
		env("search-memory", "CONG_SEARCH_MEMORY", &c.SearchMemory)
		c.SMTPUser = getenv("CONG_SMTP_USER")
		c.SMTPPassword = getenv("CONG_SMTP_PASSWORD")
		if v := getenv("CONG_CAPTCHA_MAX_NUMBER"); v != "" && !set["captcha-max-number"] {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1 // reported by Validate
			}
			c.CaptchaMaxNumber = n
		}
		if v := strings.ToLower(getenv("CONG_TLS_PROXY")); !set["tls-proxy"] && (v == "1" || v == "true") {
			c.BehindTLS = true
		}
	}
	return fs, c, apply
}

// ServeFlags declares the flags that only `cong serve` takes: outgoing
// mail, the captcha's difficulty, the secret key file and the gazette's
// trusted roots. Call it before parsing; the function
// FlagSet returned applies their environment variables too.
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTPAddr, "smtp-addr", "", "máy chủ SMTP HOST:PORT để gửi thư; trống thì thư chờ trong hàng đợi [CONG_SMTP_ADDR]")
	fs.StringVar(&c.MailFrom, "mail-from", "", "địa chỉ người gửi thư, ví dụ \"Cổng TTĐT <noreply@tinh.gov.vn>\" [CONG_MAIL_FROM]")
	fs.IntVar(&c.CaptchaMaxNumber, "captcha-max-number", 0, "độ khó của captcha: số lớn nhất, trình duyệt thử trung bình một nửa; 0 là mặc định [CONG_CAPTCHA_MAX_NUMBER]")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", "", "tệp khóa niêm phong bí mật TOTP; trống là secret.key trong --data [CONG_SECRET_KEY_FILE]")
	fs.StringVar(&c.GazetteRoots, "gazette-roots", "", "tệp PEM các chứng thư gốc mà Công báo tin cậy khi kiểm tra chữ ký số; trống thì chỉ kiểm tra tài liệu không bị sửa [CONG_GAZETTE_ROOTS]")
	fs.StringVar(&c.SearchMemory, "search-memory", "on", "on: tìm kiếm trên PostgreSQL giữ các từ của chỉ mục trong bộ nhớ (khoảng 25 MB cho 100.000 tài liệu); off: chỉ dùng câu lệnh SQL [CONG_SEARCH_MEMORY]")
}

// KeyFile is the secret key file's path.
func (c *Config) KeyFile() string {
	if c.SecretKeyFile != "" {
		return c.SecretKeyFile
	}
	return filepath.Join(c.DataDir, "secret.key")
}

// Validate checks values that flag parsing cannot.
func (c *Config) Validate() error {
	switch c.LogFormat {
	case "auto", "json", "text":
	default:
		return fmt.Errorf("--log phải là json, text hoặc auto (got %q)", c.LogFormat)
	}
	if c.AccessLog != "all" && c.AccessLog != "errors" {
		return fmt.Errorf("--access-log phải là all hoặc errors (got %q)", c.AccessLog)
	}
	if c.CaptchaMaxNumber < 0 || c.CaptchaMaxNumber > 10_000_000 {
		return fmt.Errorf("--captcha-max-number phải là số từ 0 đến 10000000 (must be 0 to 10000000)")
	}
	if c.SMTPAddr != "" && c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			return fmt.Errorf("--mail-from %q không phải địa chỉ thư hợp lệ (not a valid mail address)", c.MailFrom)
		}
	}
	if c.SearchMemory != "" && c.SearchMemory != "on" && c.SearchMemory != "off" {
		return fmt.Errorf("--search-memory phải là on hoặc off (must be on or off; got %q)", c.SearchMemory)
	}
	if c.SMTPAddr != "" && c.MailFrom == "" {
		return fmt.Errorf("--smtp-addr cần --mail-from: địa chỉ người gửi (--smtp-addr needs --mail-from)")
	}
	_, err := c.Proxies()
	return err
}

// Proxies parses TrustedProxies; a bare address is a /32 or /128.
func (c *Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q không phải địa chỉ IP hay dải CIDR (not an IP address or CIDR range)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
