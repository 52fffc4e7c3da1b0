package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/congportal/cong/internal/config"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/s3conf"
)

// mediaFlags are where the media are (--media) and how to reach an
// S3-compatible store; the credentials come only from the environment
// (CONG_S3_ACCESS_KEY, CONG_S3_SECRET_KEY), never from a command line
// that ps shows.
type mediaFlags struct {
	location string
	endpoint string
	region   string
	getenv   func(string) string
}

// addMediaFlags adds --media, --s3-endpoint and --s3-region to fs.
func addMediaFlags(fs *flag.FlagSet, getenv func(string) string) *mediaFlags {
	m := addS3Flags(fs, getenv)
	fs.StringVar(&m.location, "media", "", "nơi giữ ảnh và tệp tải lên: một thư mục (mặc định DATA/media) hoặc s3://BUCKET/PREFIX "+
		"trong kho tương thích S3, dùng chung cho nhiều máy chủ [CONG_MEDIA]")
	return m
}

// addS3Flags adds --s3-endpoint and --s3-region to fs.
func addS3Flags(fs *flag.FlagSet, getenv func(string) string) *mediaFlags {
	m := &mediaFlags{getenv: getenv}
	fs.StringVar(&m.endpoint, "s3-endpoint", "", "địa chỉ kho S3: https://HOST[:PORT] (http:// cho kho trên cùng mạng nội bộ) "+
		"[CONG_S3_ENDPOINT; khóa: CONG_S3_ACCESS_KEY, CONG_S3_SECRET_KEY; CONG_S3_SECURE=false cho HOST:PORT không TLS]")
	fs.StringVar(&m.region, "s3-region", "", "vùng của kho S3, nếu kho cần [CONG_S3_REGION]")
	return m
}

// s3 is the store's settings: the flags, else CONG_S3_*.
func (m *mediaFlags) s3() s3conf.Config {
	c := s3conf.FromEnv(m.getenv)
	if m.endpoint != "" {
		c.Endpoint = m.endpoint
	}
	if m.region != "" {
		c.Region = m.region
	}
	return c
}

// where is the media location: --media, else CONG_MEDIA, else DATA/media.
func (m *mediaFlags) where(c *config.Config) string {
	switch {
	case m.location != "":
		return m.location
	case m.getenv("CONG_MEDIA") != "":
		return m.getenv("CONG_MEDIA")
	}
	return filepath.Join(c.DataDir, "media")
}

// open returns the media store at loc; a bucket is asked whether it is
// there and opens with the credentials, so that a wrong setting is said
// at once.
func (m *mediaFlags) open(ctx context.Context, loc string) (media.Blobs, error) {
	b, err := media.OpenBlobs(loc, m.s3())
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	if s, ok := b.(*media.S3Blobs); ok {
		if err := s.Check(ctx); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// mediaCmd runs `cong media migrate --to s3://…|DIR [--from s3://…|DIR]`.
func mediaCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "migrate" {
		return &usageError{"cách dùng: cong media migrate --to s3://BUCKET/PREFIX|THƯ_MỤC [--from s3://…|THƯ_MỤC] (usage)"}
	}
	fs, c, apply := config.FlagSet("media migrate", stderr, getenv)
	mf := addMediaFlags(fs, getenv)
	var to, from string
	fs.StringVar(&to, "to", "", "nơi chép đến: s3://BUCKET/PREFIX hoặc một thư mục")
	fs.StringVar(&from, "from", "", "nơi chép từ (mặc định: --media, CONG_MEDIA hoặc DATA/media)")
	if err := parse(fs, args[1:], apply, stdout); err != nil {
		return helpOK(err)
	}
	if to == "" {
		return &usageError{"media migrate: thiếu --to s3://BUCKET/PREFIX hoặc --to THƯ_MỤC (where to copy the media)"}
	}
	if from == "" {
		from = mf.where(c)
	}
	if sameMedia(from, to) {
		return &usageError{fmt.Sprintf("media migrate: nơi chép đến %s cũng là nơi chép từ (from and to are the same)", to)}
	}
	src, err := mf.open(ctx, from)
	if err != nil {
		return err
	}
	dst, err := mf.open(ctx, to)
	if err != nil {
		return err
	}
	res, err := media.Copy(ctx, src, dst, terminalProgress(stderr))
	if res != nil {
		fmt.Fprintf(stdout, "%s → %s: %d tệp; chép %d (%s), đã có %d, chép lại %d.\n",
			src, dst, res.Files, res.Copied, humanBytes(res.Bytes), res.Skipped, res.Repaired)
	}
	if err != nil {
		return fmt.Errorf("chép tệp phương tiện (dừng lại; chạy lại lệnh để chép tiếp): %w", err)
	}
	fmt.Fprintf(stdout, "Mọi tệp đã có ở %s và khớp SHA-256. Chạy cong serve --media %s để dùng nơi mới; nơi cũ giữ nguyên cho đến khi bạn xóa.\n", dst, to)
	return nil
}

// sameMedia reports whether two media locations are the same place.
func sameMedia(a, b string) bool {
	if s3conf.IsURL(a) || s3conf.IsURL(b) {
		return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
	}
	pa, err1 := filepath.Abs(a)
	pb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && pa == pb
}
