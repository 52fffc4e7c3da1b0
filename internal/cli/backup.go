package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/s3conf"
	"github.com/congportal/cong/internal/store"
)

// backupCmd runs `cong backup [--to DIR] [--with-key FILE]`, and
// `cong backup verify BACKUP`.
func backupCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return verifyCmd(ctx, args[1:], getenv, stdout, stderr)
	}
	fs, c, apply := config.FlagSet("backup", stderr, getenv)
	var to, withKey, keyFile string
	fs.StringVar(&to, "to", "", "thư mục giữ các bản sao lưu (mặc định: DATA/backups; nên ở ổ đĩa hoặc máy khác)")
	fs.StringVar(&withKey, "with-key", "", "chép riêng tệp khóa bí mật vào TỆP này (không bao giờ nằm trong bản sao lưu)")
	fs.StringVar(&keyFile, "secret-key-file", "", "tệp khóa bí mật (mặc định DATA/secret.key) [CONG_SECRET_KEY_FILE]")
	mf := addMediaFlags(fs, getenv)
	if err := parse(fs, args, apply, stdout); err != nil {
		return helpOK(err)
	}
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	if keyFile == "" {
		keyFile = getenv("CONG_SECRET_KEY_FILE")
	}
	if keyFile == "" {
		keyFile = filepath.Join(c.DataDir, "secret.key")
	}
	if to == "" {
		to = filepath.Join(c.DataDir, "backups")
	}
	if strings.Contains(to, "://") && !s3conf.IsURL(to) {
		return &usageError{fmt.Sprintf("backup: nơi sao lưu %q không được hỗ trợ: một thư mục hoặc s3://BUCKET/PREFIX (a folder or s3://)", to)}
	}
	if withKey != "" && !s3conf.IsURL(to) && inside(withKey, to) {
		return &usageError{"backup: --with-key phải ở ngoài thư mục sao lưu: khóa bí mật phải được cất riêng (the key must be kept apart from the backups)"}
	}
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	dest, err := openDest(ctx, to, mf)
	if err != nil {
		return err
	}
	files, err := mf.open(ctx, mf.where(c))
	if err != nil {
		return err
	}
	res, err := backup.Run(ctx, backup.Options{DB: db, DatabaseURL: c.DatabaseURL, Media: files,
		Dest: dest, CongVersion: Version, Progress: terminalProgress(stderr)})
	if err != nil {
		return fmt.Errorf("sao lưu: %w", err)
	}
	fmt.Fprintf(stdout, "Đã sao lưu %s: %d bảng, %d dòng, tệp phương tiện chép %d, đã có %d; %s ghi trong %.1f giây (lược đồ %d).\n",
		joinDest(to, res.Name), res.Tables, res.Rows, res.MediaCopied, res.MediaSkipped, humanBytes(res.Bytes), res.Elapsed.Seconds(), res.SchemaVersion)
	if withKey != "" {
		if err := copyKey(keyFile, withKey); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Đã chép khóa bí mật vào %s (quyền 0600). Cất tệp này riêng khỏi bản sao lưu (ổ đĩa, két hoặc trình quản lý mật khẩu khác): không có nó, xác thực hai bước không mở được sau khi khôi phục.\n", withKey)
	} else {
		fmt.Fprintf(stdout, "Khóa bí mật (%s) không có trong bản sao lưu: hãy cất một bản riêng (cong backup --with-key TỆP), không để cùng chỗ với các bản sao lưu.\n", keyFile)
	}
	return nil
}

// openDest is the backups' destination: s3://BUCKET/PREFIX or a folder.
func openDest(ctx context.Context, to string, mf *mediaFlags) (backup.Destination, error) {
	if !s3conf.IsURL(to) {
		return backup.NewLocal(to)
	}
	loc, err := s3conf.ParseURL(to)
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return backup.NewS3(ctx, mf.s3(), loc)
}

// joinDest names a backup in its destination.
func joinDest(to, name string) string {
	if s3conf.IsURL(to) {
		return strings.TrimRight(to, "/") + "/" + name
	}
	return filepath.Join(to, name)
}

// openBackup finds the backup at path: s3://BUCKET/PREFIX/NAME or a folder.
func openBackup(ctx context.Context, path string, mf *mediaFlags) (backup.Destination, string, error) {
	if s3conf.IsURL(path) {
		return backup.OpenS3(ctx, mf.s3(), path)
	}
	return backup.Open(path)
}

// inside reports whether path is dir or under it.
func inside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && filepath.IsLocal(rel)
}

// copyKey copies the secret key file to dst, readable by its owner only,
// refusing to overwrite a file.
func copyKey(src, dst string) error {
	b, err := os.ReadFile(src)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("không có tệp khóa bí mật %s để chép (no secret key file; give --secret-key-file)", src)
	}
	if err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("chép khóa bí mật: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// verifyCmd runs `cong backup verify BACKUP`.
func verifyCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup verify", flag.ContinueOnError)
	mf := addS3Flags(fs, getenv)
	path, err := onePath(fs, args, stdout, "cách dùng: cong backup verify THƯ_MỤC_BẢN_SAO_LƯU|s3://BUCKET/PREFIX/TÊN (usage)")
	if err != nil {
		return err
	}
	dest, name, err := openBackup(ctx, path, mf)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := backup.Verify(ctx, dest, name, nil)
	if err != nil {
		return fmt.Errorf("bản sao lưu hỏng (the backup is damaged): %w", err)
	}
	var rows int64
	for _, t := range m.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "Bản sao lưu %s nguyên vẹn: %d bảng, %d dòng, %d tệp phương tiện, lược đồ %d, tạo lúc %s trên %s; kiểm tra trong %.1f giây.\n",
		path, len(m.Tables), rows, len(m.Media), m.SchemaVersion, m.CreatedAt.Format(time.RFC3339), m.Dialect, time.Since(start).Seconds())
	return nil
}

// onePath parses flags around exactly one positional argument.
func onePath(fs *flag.FlagSet, args []string, stdout io.Writer, usage string) (string, error) {
	var paths []string
	rest := args
	for len(rest) > 0 { // flags may come before or after the path
		if err := parse(fs, rest, func() {}, stdout); err != nil && !strings.Contains(err.Error(), "đối số thừa") {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) != 1 {
		return "", &usageError{usage}
	}
	return paths[0], nil
}

// restoreCmd runs `cong restore BACKUP [--data DIR | --database URL] [--replace --yes]`.
func restoreCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs, c, apply := config.FlagSet("restore", stderr, getenv)
	var replace, yes bool
	fs.BoolVar(&replace, "replace", false, "xóa hết dữ liệu của cơ sở dữ liệu đích rồi khôi phục (cần --yes)")
	fs.BoolVar(&yes, "yes", false, "xác nhận --replace")
	mf := addMediaFlags(fs, getenv)
	path, err := onePath(fs, args, stdout, "cách dùng: cong restore THƯ_MỤC_BẢN_SAO_LƯU [--data DIR | --database URL] [--replace --yes] (usage)")
	if err != nil {
		return helpOK(err)
	}
	apply()
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	if replace && !yes {
		return &usageError{"restore: --replace xóa hết dữ liệu đang có trong cơ sở dữ liệu đích; thêm --yes để xác nhận (--replace needs --yes)"}
	}
	dest, name, err := openBackup(ctx, path, mf)
	if err != nil {
		return err
	}
	files, err := mf.open(ctx, mf.where(c))
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := backup.Restore(ctx, backup.RestoreOptions{Dest: dest, Name: name, DB: db,
		Media: files, Replace: replace, Progress: terminalProgress(stderr)})
	if err != nil {
		return fmt.Errorf("khôi phục: %w", err)
	}
	fmt.Fprintf(stdout, "Đã khôi phục %s vào %s: %d bảng, %d dòng, tệp phương tiện chép %d, đã có %d; lược đồ %d, thêm %d bản chuyển đổi; chỉ mục tìm kiếm %d mục; trong %.1f giây.\n",
		path, db.Location, res.Tables, res.Rows, res.MediaCopied, res.MediaSkipped, res.SchemaVersion, res.Migrated, res.Indexed, res.Elapsed.Seconds())
	if sealed, err := account.KeyRecorded(ctx, db); err == nil && sealed {
		fmt.Fprintf(stdout, "Xác thực hai bước trong bản sao lưu được niêm phong bằng khóa bí mật: đặt bản khóa đã cất riêng vào %s (hoặc chỉ ra bằng --secret-key-file) trước khi chạy cong serve.\n",
			filepath.Join(c.DataDir, "secret.key"))
	}
	return nil
}

// terminalProgress writes progress lines to w when it is a terminal.
func terminalProgress(w io.Writer) func(string, ...any) {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			return func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
		}
	}
	return nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
