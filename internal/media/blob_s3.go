package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/congportal/cong/internal/s3conf"
)

// S3Blobs keeps the files in an S3-compatible bucket, under a prefix:
// the object s3://BUCKET/PREFIX/ab/cd/abcd…-w640.jpg for the stored
// path ab/cd/abcd…-w640.jpg. Every node of an installation reads and
// writes the same objects; a PUT is atomic by itself.
type S3Blobs struct {
	core *minio.Core
	loc  s3conf.Location
}

// NewS3Blobs returns the files at loc, reached with cfg. It checks
// nothing yet: Check does.
func NewS3Blobs(cfg s3conf.Config, loc s3conf.Location) (*S3Blobs, error) {
	c, err := cfg.Client()
	if err != nil {
		return nil, err
	}
	return &S3Blobs{core: &minio.Core{Client: c}, loc: loc}, nil
}

func (s *S3Blobs) String() string { return s.loc.String() }

// Check asks the store whether the bucket is there and the credentials
// open it, so that a wrong setting stops cong serve at its start rather
// than at the first upload.
func (s *S3Blobs) Check(ctx context.Context) error {
	ok, err := s.core.BucketExists(ctx, s.loc.Bucket)
	if err != nil {
		return fmt.Errorf("kho S3 %s: %w", s.loc, err)
	}
	if !ok {
		return fmt.Errorf("kho S3: không có bucket %q (tạo nó trước, ví dụ mc mb) (no such bucket)", s.loc.Bucket)
	}
	return nil
}

func (s *S3Blobs) notFound(name string, err error) error {
	if s3conf.IsNotFound(err) {
		return fmt.Errorf("%s/%s: %w", s.loc, name, fs.ErrNotExist)
	}
	return fmt.Errorf("%s/%s: %w", s.loc, name, err)
}

// Stat asks for the object's size and time (HEAD).
func (s *S3Blobs) Stat(ctx context.Context, name string) (BlobInfo, error) {
	st, err := s.core.StatObject(ctx, s.loc.Bucket, s.loc.Key(name), minio.StatObjectOptions{})
	if err != nil {
		return BlobInfo{}, s.notFound(name, err)
	}
	return BlobInfo{Size: st.Size, ModTime: st.LastModified}, nil
}

// Open asks for the object's size, then reads it on demand: each read
// after a seek is one ranged GET, streamed, of that version (its ETag),
// so a Range request of a video costs the bytes asked for.
func (s *S3Blobs) Open(ctx context.Context, name string) (Blob, error) {
	key := s.loc.Key(name)
	st, err := s.core.StatObject(ctx, s.loc.Bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return nil, s.notFound(name, err)
	}
	return &s3Blob{ctx: ctx, core: s.core, bucket: s.loc.Bucket, key: key, etag: st.ETag,
		info: BlobInfo{Size: st.Size, ModTime: st.LastModified}}, nil
}

// s3PartSize is the size of each part of a multipart upload; it is
// also the buffer an upload of unknown size holds.
const s3PartSize = 16 << 20

// Put uploads the object (one PUT, or a multipart upload past
// s3PartSize, which the store makes visible only once complete).
func (s *S3Blobs) Put(ctx context.Context, name string, r io.Reader, size int64) error {
	_, err := s.core.Client.PutObject(ctx, s.loc.Bucket, s.loc.Key(name), r, size, minio.PutObjectOptions{
		ContentType: contentTypeOf(name), PartSize: s3PartSize})
	if err != nil {
		return fmt.Errorf("%s/%s: %w", s.loc, name, err)
	}
	return nil
}

// Delete removes the object.
func (s *S3Blobs) Delete(ctx context.Context, name string) error {
	err := s.core.RemoveObject(ctx, s.loc.Bucket, s.loc.Key(name), minio.RemoveObjectOptions{})
	if err != nil && !s3conf.IsNotFound(err) {
		return fmt.Errorf("%s/%s: %w", s.loc, name, err)
	}
	return nil
}

// Walk lists the objects under the prefix, in key order (the store's).
func (s *S3Blobs) Walk(ctx context.Context, fn func(name string, size int64) error) error {
	prefix := s.loc.Key("")
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the listing if fn stops early
	for obj := range s.core.Client.ListObjects(ctx, s.loc.Bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if obj.Err != nil {
			return fmt.Errorf("liệt kê %s: %w", s.loc, obj.Err)
		}
		name := strings.TrimPrefix(obj.Key, prefix)
		if name == "" || strings.HasSuffix(name, "/") {
			continue
		}
		if err := fn(name, obj.Size); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// contentTypeOf is the type a stored name is served with, kept on the
// object too for whoever looks at the bucket.
func contentTypeOf(name string) string {
	if p := validPath.FindStringSubmatch(name); p != nil {
		if f := byExt(p[5]); f != nil {
			return f.mime
		}
	}
	return "application/octet-stream"
}

// s3Blob reads an object from an offset with ranged GETs.
type s3Blob struct {
	ctx    context.Context
	core   *minio.Core
	bucket string
	key    string
	etag   string
	info   BlobInfo
	off    int64
	body   io.ReadCloser // the GET in progress, from off; nil before the first read and after a seek
}

func (b *s3Blob) Info() BlobInfo { return b.info }

func (b *s3Blob) Read(p []byte) (int, error) {
	if b.off >= b.info.Size {
		return 0, io.EOF
	}
	if b.body == nil {
		opts := minio.GetObjectOptions{}
		if b.etag != "" {
			opts.SetMatchETag(b.etag)
		}
		if b.off > 0 {
			if err := opts.SetRange(b.off, 0); err != nil {
				return 0, err
			}
		}
		body, _, _, err := b.core.GetObject(b.ctx, b.bucket, b.key, opts)
		if err != nil {
			return 0, err
		}
		b.body = body
	}
	n, err := b.body.Read(p)
	b.off += int64(n)
	if errors.Is(err, io.EOF) && b.off < b.info.Size {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

func (b *s3Blob) Seek(offset int64, whence int) (int64, error) {
	var to int64
	switch whence {
	case io.SeekStart:
		to = offset
	case io.SeekCurrent:
		to = b.off + offset
	case io.SeekEnd:
		to = b.info.Size + offset
	default:
		return 0, errors.New("s3 blob: seek: invalid whence")
	}
	if to < 0 {
		return 0, errors.New("s3 blob: seek before the start")
	}
	if to != b.off && b.body != nil {
		b.body.Close()
		b.body = nil
	}
	b.off = to
	return to, nil
}

func (b *s3Blob) Close() error {
	if b.body != nil {
		err := b.body.Close()
		b.body = nil
		return err
	}
	return nil
}
