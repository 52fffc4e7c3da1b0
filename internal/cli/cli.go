// Package cli is the cong command: it parses the subcommand and its
// flags, opens the database and wires the portal together. main only
// calls Run, so every command can be tested in-process.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"

	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/store"
)

// Version is set at build time with -ldflags "-X …cli.Version=…".
var Version = "dev"

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// ExitCode is the process status for err: 2 for command-line mistakes.
func ExitCode(err error) int {
	var u *usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

const usage = `cong — Cổng Thông tin điện tử

Cách dùng / usage:
  cong serve   [--data DIR] [--addr HOST:PORT] [--database URL] [--demo]
               [--tls-proxy] [--trusted-proxies IP,CIDR…] [--log json|text|auto] [--access-log errors|all]
               [--secret-key-file FILE] [--smtp-addr HOST:PORT] [--mail-from ADDR]
  cong migrate [--data DIR] [--database URL]
  cong site add --code CODE --name NAME --kind KIND [--name-en NAME] [--prefix /PATH] [--host HOST] [--main]
  cong site list
  cong site rename --site CODE --decision NUMBER [--from YYYY-MM-DD] [--name NAME] [--name-en NAME]
               [--host HOST|--no-host] [--prefix /PATH|--no-prefix] [--kind KIND] [--decision-text TEXT]
  cong site rename --site CODE --history
  cong site merge --into CODE --from CODE[,CODE…] --decision NUMBER [--mode move|archive]
               [--decision-text TEXT] [--effective YYYY-MM-DD] [--yes]   (không có --yes: chỉ xem trước)
  cong user add --username NAME --name "FULL NAME" [--password P] [--site CODE --role ROLE]
  cong user password --username NAME [--password P] [--reset-totp]
  cong user forget-key --yes          (mất tệp khóa bí mật: xóa mọi xác thực hai bước)
  cong convert [--from ENC|auto] [--out DIR] FILE…
  cong import legal|news FILE.jsonl [--site CODE]
  cong import procedures|procedure-stats FILE.json|FILE.csv [--site CODE]   (docs/procedures.md)
  cong search reindex
  cong backup [--to DIR|s3://BUCKET/PREFIX] [--with-key FILE]     cong backup verify BACKUP
  cong restore BACKUP [--replace --yes]        (vào cơ sở dữ liệu trống: --data hoặc --database)
  cong media migrate --to s3://BUCKET/PREFIX|DIR [--from s3://…|DIR]
               (serve, backup, restore: --media DIR|s3://BUCKET/PREFIX [--s3-endpoint URL])
  cong export static --site CODE DIR       cong export items --site CODE --year YYYY FILE.jsonl
  cong gazette verify                      (nhật ký Công báo: chuỗi mã băm, tệp, văn bản đã đăng)
  cong version

Biến môi trường / environment: CONG_DATA, CONG_ADDR, CONG_DATABASE_URL, CONG_TLS_PROXY,
CONG_TRUSTED_PROXIES, CONG_LOG, CONG_ACCESS_LOG, CONG_SECRET_KEY_FILE, CONG_MEDIA, CONG_S3_ENDPOINT,
CONG_S3_ACCESS_KEY, CONG_S3_SECRET_KEY, CONG_S3_REGION, CONG_S3_SECURE. Every command takes --data and --database.
`

// Run executes the command line args (without the program name).
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return &usageError{"thiếu lệnh: hãy dùng serve, migrate, site, user hoặc version (missing command)"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "site":
		if len(rest) > 0 && rest[0] == "rename" {
			return siteRename(ctx, rest[1:], getenv, stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "merge" {
			return siteMerge(ctx, rest[1:], getenv, stdout, stderr)
		}
		return siteCmd(ctx, rest, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, rest, getenv, stdout, stderr)
	case "import":
		return importCmd(ctx, rest, getenv, stdout, stderr)
	case "search":
		return searchCmd(ctx, rest, getenv, stdout, stderr)
	case "convert":
		return convertCmd(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backupCmd(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, rest, getenv, stdout, stderr)
	case "media":
		return mediaCmd(ctx, rest, getenv, stdout, stderr)
	case "export":
		return exportCmd(ctx, rest, getenv, stdout, stderr)
	case "gazette":
		return gazetteCmd(ctx, rest, getenv, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "cong %s (lược đồ %d, %s)\n", Version, store.LatestVersion(), runtime.Version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return &usageError{fmt.Sprintf("lệnh không có: %q; xem cong help (unknown command)", cmd)}
}

// parse parses flags quietly: a mistake becomes one clear line, not the
// flag package's usage dump.
func parse(fs *flag.FlagSet, args []string, apply func(), stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return flag.ErrHelp
		}
		return &usageError{fmt.Sprintf("%s: %v (xem cong %s -h)", fs.Name(), err, fs.Name())}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("%s: đối số thừa %q", fs.Name(), fs.Arg(0))}
	}
	apply()
	return nil
}

// openDB opens and migrates the database named by c.
func openDB(ctx context.Context, c *config.Config) (*store.DB, error) {
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// newLogger writes JSON logs, or text on a terminal when format is auto.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("migrate", stderr, getenv)
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, _ := db.SchemaVersion(ctx)
	fmt.Fprintf(stdout, "Đã áp dụng %d bản chuyển đổi; lược đồ ở phiên bản %d (%s).\n", n, v, db.Location)
	return nil
}

func helpOK(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
