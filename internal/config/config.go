// Package config is the one Config of a cong process, read once from
// flags and environment variables and passed down; nothing reads the
// environment elsewhere.
package config

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// Config holds what an operator can set. Every flag has an environment
// variable of the same meaning; a flag given on the command line wins.
type Config struct {
	DataDir     string // --data, CONG_DATA: SQLite file, media, backups
	Addr        string // --addr, CONG_ADDR
	DatabaseURL string // --database, CONG_DATABASE_URL: postgres://… or empty for SQLite in DataDir
	Demo        bool   // --demo: fill an empty database with demo sites, users, content
	// BehindTLS says the portal is reached over HTTPS (directly or through a
	// proxy that sets X-Forwarded-Proto): cookies get Secure, HSTS is sent.
	BehindTLS bool   // --tls-proxy, CONG_TLS_PROXY
	LogFormat string // --log, CONG_LOG: "json", "text" or "auto" (JSON unless on a terminal)
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
		if v := strings.ToLower(getenv("CONG_TLS_PROXY")); !set["tls-proxy"] && (v == "1" || v == "true") {
			c.BehindTLS = true
		}
	}
	return fs, c, apply
}

// Validate checks values that flag parsing cannot.
func (c *Config) Validate() error {
	switch c.LogFormat {
	case "auto", "json", "text":
	default:
		return fmt.Errorf("--log phải là json, text hoặc auto (got %q)", c.LogFormat)
	}
	return nil
}
