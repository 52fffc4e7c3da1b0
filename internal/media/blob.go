package media

import (
	"context"
	"io"
	"time"

	"github.com/congportal/cong/internal/s3conf"
)

// Blobs is where the media files live: a folder of this machine
// (LocalBlobs, DATA/media, the default) or an S3-compatible bucket
// (S3Blobs), which several nodes on one PostgreSQL database share
// without a shared disk. Names are the stored paths of Variant.Path
// ("ab/cd/abcd…-w640.jpg"): content-addressed, so a name once written
// never changes, and writing it again is skipped.
type Blobs interface {
	// Stat returns the file's size and time, or an error wrapping
	// fs.ErrNotExist.
	Stat(ctx context.Context, name string) (BlobInfo, error)
	// Open opens the file for reading from any offset (Range requests),
	// or returns an error wrapping fs.ErrNotExist.
	Open(ctx context.Context, name string) (Blob, error)
	// Put stores size bytes read from r under name, atomically: a
	// reader sees the whole file or none.
	Put(ctx context.Context, name string, r io.Reader, size int64) error
	// Delete removes the file; removing what is absent is not an error.
	Delete(ctx context.Context, name string) error
	// Walk calls fn for each stored file, in name order, skipping
	// temporary files.
	Walk(ctx context.Context, fn func(name string, size int64) error) error
	// String says where the files are, for messages.
	String() string
}

// BlobInfo is what Stat knows of a file.
type BlobInfo struct {
	Size    int64
	ModTime time.Time
}

// Blob is a stored file opened for reading.
type Blob interface {
	io.ReadSeekCloser
	Info() BlobInfo
}

// OpenBlobs returns the store at location: s3://BUCKET/PREFIX (reached
// with cfg), or else a folder of this machine.
func OpenBlobs(location string, cfg s3conf.Config) (Blobs, error) {
	if s3conf.IsURL(location) {
		loc, err := s3conf.ParseURL(location)
		if err != nil {
			return nil, err
		}
		return NewS3Blobs(cfg, loc)
	}
	return NewLocalBlobs(location), nil
}
