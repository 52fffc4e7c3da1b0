package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/archive"
	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/media"
)

const exportUsage = "cách dùng: cong export static --site MÃ THƯ-MỤC | cong export items --site MÃ --year NĂM TỆP.jsonl " +
	"[--base-url https://…] [--data DIR | --database URL] [--media DIR|s3://BUCKET/PREFIX] (usage)"

// exportCmd runs `cong export static --site CODE DIR` (a browsable copy
// of a site's public pages, for the records office and outages) and
// `cong export items --site CODE --year YYYY FILE.jsonl` (the items first
// published that year with their metadata, one JSON object a line). See
// docs/operations.md, "Static archive".
func exportCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "static" && args[0] != "items") {
		return &usageError{exportUsage}
	}
	what := args[0]
	fs, c, apply := config.FlagSet("export "+what, stderr, getenv)
	var siteCode, baseURL string
	var year, maxPages int
	fs.StringVar(&siteCode, "site", "", "mã trang cần xuất (cong site list)")
	fs.StringVar(&baseURL, "base-url", "", "địa chỉ cổng đang chạy, ví dụ https://dongnai.gov.vn: liên kết tới trang khác của cổng, "+
		"tới đăng nhập, tìm kiếm trỏ về đó (không có: chỉ giữ chữ)")
	if what == "items" {
		fs.IntVar(&year, "year", 0, "năm đăng lần đầu của các mục (giờ Việt Nam)")
	} else {
		fs.IntVar(&maxPages, "max-pages", 0, "dừng sau số trang này (0: không giới hạn)")
	}
	// The media where cong serve has them: --media, CONG_MEDIA, else
	// DATA/media (only static uses them).
	mf := addMediaFlags(fs, getenv)
	// Flags may come before or after the folder or file.
	var pos []string
	rest := args[1:]
	for len(rest) > 0 {
		if err := parse(fs, rest, func() {}, stdout); err != nil && !strings.Contains(err.Error(), "đối số thừa") {
			return helpOK(err)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	apply()
	if len(pos) != 1 || siteCode == "" {
		return &usageError{exportUsage}
	}
	if err := c.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	baseURL = strings.TrimRight(baseURL, "/")
	db, err := openDB(ctx, c)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if what == "items" {
		if year == 0 {
			return &usageError{"export items: thiếu --year NĂM (the year is required)"}
		}
		return exportItems(ctx, archive.ItemsOptions{DB: db, Site: siteCode, Year: year, BaseURL: baseURL}, pos[0], stdout, start)
	}
	mediaDir := filepath.Join(c.DataDir, "media")
	files, err := mf.open(ctx, mf.where(c))
	if err != nil {
		return err
	}
	if _, local := files.(*media.LocalBlobs); local {
		mediaDir, files = mf.where(c), nil // the folder, as cong serve has it
	}
	res, err := archive.Static(ctx, archive.StaticOptions{DB: db, MediaDir: mediaDir, Media: files, Site: siteCode, Dir: pos[0],
		BaseURL: baseURL, MaxPages: maxPages, Log: newLogger(c.LogFormat, stderr), Progress: stderr})
	if err != nil {
		return fmt.Errorf("xuất bản lưu trữ: %w", err)
	}
	// A page the live portal does not serve either (a broken link of
	// the site) is not in the copy: the links to it point to the live
	// portal, or stay as text.
	for _, f := range res.Failed {
		fmt.Fprintf(stderr, "cảnh báo: cổng không trả trang %s: bản lưu trữ không có trang này\n", f)
	}
	fmt.Fprintf(stdout, "Đã xuất %s vào %s: %d trang, %d tệp khác, %d tệp giao diện, %d tệp phương tiện, %d liên kết tương đối; %s trong %.1f giây. "+
		"Mở %s bằng trình duyệt.\n", siteCode, res.Dir, res.Pages, res.Files, res.Assets, res.Media, res.Links, humanBytes(res.Bytes),
		time.Since(start).Seconds(), filepath.Join(res.Dir, "index.html"))
	return nil
}

// exportItems writes the JSON lines to file, through a temporary name so
// that a failure leaves no file that looks complete.
func exportItems(ctx context.Context, o archive.ItemsOptions, file string, stdout io.Writer, start time.Time) error {
	tmp := file + ".tmp-" + strconv.Itoa(os.Getpid())
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	n, err := archive.Items(ctx, o, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, file)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("xuất các mục: %w", err)
	}
	fmt.Fprintf(stdout, "Đã xuất %d mục của %s đăng lần đầu năm %d vào %s (%.1f giây).\n", n, o.Site, o.Year, file, time.Since(start).Seconds())
	return nil
}
