package backup

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/minio/minio-go/v7"

	"github.com/congportal/cong/internal/s3conf"
)

// S3 is a Destination in an S3-compatible bucket, under a prefix:
// s3://BUCKET/PREFIX/cong-20261202T162024Z/manifest.json and
// s3://BUCKET/PREFIX/media/ab/ab12…. A bucket cannot rename a folder,
// so S3 is no Renamer: a backup is written under its final name and is
// complete only once its manifest, written last, is there; Verify,
// Restore and the retention ignore a folder without one.
type S3 struct {
	client *minio.Client
	loc    s3conf.Location
}

// NewS3 returns the destination at loc, reached with cfg, after
// checking that its bucket is there.
func NewS3(ctx context.Context, cfg s3conf.Config, loc s3conf.Location) (*S3, error) {
	c, err := cfg.Client()
	if err != nil {
		return nil, err
	}
	ok, err := c.BucketExists(ctx, loc.Bucket)
	if err != nil {
		return nil, fmt.Errorf("nơi sao lưu %s: %w", loc, err)
	}
	if !ok {
		return nil, fmt.Errorf("nơi sao lưu %s: không có bucket %q (tạo nó trước) (no such bucket)", loc, loc.Bucket)
	}
	return &S3{client: c, loc: loc}, nil
}

// OpenS3 finds the backup at s3://BUCKET/PREFIX/NAME: the destination
// s3://BUCKET/PREFIX, which holds the shared media store, and NAME.
func OpenS3(ctx context.Context, cfg s3conf.Config, url string) (Destination, string, error) {
	loc, err := s3conf.ParseURL(url)
	if err != nil {
		return nil, "", err
	}
	if loc.Prefix == "" {
		return nil, "", fmt.Errorf("%s: hãy chỉ ra bản sao lưu, ví dụ s3://BUCKET/PREFIX/cong-20261202T162024Z (name the backup)", url)
	}
	name := path.Base(loc.Prefix)
	loc.Prefix = strings.TrimSuffix(strings.TrimSuffix(loc.Prefix, name), "/")
	d, err := NewS3(ctx, cfg, loc)
	if err != nil {
		return nil, "", err
	}
	if _, err := d.Stat(ctx, name+"/"+ManifestName); err != nil {
		return nil, "", fmt.Errorf("không có bản sao lưu %s (no such backup: %w)", url, err)
	}
	return d, name, nil
}

func (d *S3) String() string { return d.loc.String() }

func (d *S3) key(name string) (string, error) {
	clean := path.Clean("/" + name)
	if clean == "/" || strings.Contains(name, "\\") {
		return "", fmt.Errorf("tên không hợp lệ trong bản sao lưu: %q", name)
	}
	return d.loc.Key(clean[1:]), nil
}

// backupPartSize is the part of a multipart upload of unknown length
// (a table's stream): the buffer it holds, and 160 GB at most in all.
const backupPartSize = 16 << 20

// Put uploads r; an object of unknown length goes up in parts, which
// the store shows only once the upload completes.
func (d *S3) Put(ctx context.Context, name string, r io.Reader) (int64, error) {
	key, err := d.key(name)
	if err != nil {
		return 0, err
	}
	info, err := d.client.PutObject(ctx, d.loc.Bucket, key, ctxReader{ctx, r}, -1,
		minio.PutObjectOptions{ContentType: "application/octet-stream", PartSize: backupPartSize})
	if err != nil {
		return info.Size, fmt.Errorf("%s/%s: %w", d.loc, name, err)
	}
	return info.Size, nil
}

// Get opens the object, after asking whether it is there.
func (d *S3) Get(ctx context.Context, name string) (io.ReadCloser, error) {
	key, err := d.key(name)
	if err != nil {
		return nil, err
	}
	obj, err := d.client.GetObject(ctx, d.loc.Bucket, key, minio.GetObjectOptions{})
	if err == nil {
		_, err = obj.Stat()
	}
	if err != nil {
		if obj != nil {
			obj.Close()
		}
		return nil, d.wrap(name, err)
	}
	return obj, nil
}

func (d *S3) wrap(name string, err error) error {
	if s3conf.IsNotFound(err) {
		return fmt.Errorf("%s/%s: %w", d.loc, name, fs.ErrNotExist)
	}
	return fmt.Errorf("%s/%s: %w", d.loc, name, err)
}

// Stat returns the object's size.
func (d *S3) Stat(ctx context.Context, name string) (int64, error) {
	key, err := d.key(name)
	if err != nil {
		return 0, err
	}
	st, err := d.client.StatObject(ctx, d.loc.Bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return 0, d.wrap(name, err)
	}
	return st.Size, nil
}

// List returns the names one level under prefix, objects and common
// prefixes alike.
func (d *S3) List(ctx context.Context, prefix string) ([]string, error) {
	p := d.loc.Key("") // "PREFIX/", or "" at the bucket's root
	if prefix != "" {
		k, err := d.key(prefix)
		if err != nil {
			return nil, err
		}
		p = k + "/"
	}
	seen := map[string]bool{}
	var names []string
	for obj := range d.client.ListObjects(ctx, d.loc.Bucket, minio.ListObjectsOptions{Prefix: p}) {
		if obj.Err != nil {
			return nil, fmt.Errorf("liệt kê %s/%s: %w", d.loc, prefix, obj.Err)
		}
		n := strings.TrimSuffix(strings.TrimPrefix(obj.Key, p), "/")
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, nil
}

// Delete removes the object name and every object under name/.
func (d *S3) Delete(ctx context.Context, name string) error {
	key, err := d.key(name)
	if err != nil {
		return err
	}
	if err := d.client.RemoveObject(ctx, d.loc.Bucket, key, minio.RemoveObjectOptions{}); err != nil && !s3conf.IsNotFound(err) {
		return d.wrap(name, err)
	}
	objs := make(chan minio.ObjectInfo)
	var listErr error
	go func() {
		defer close(objs)
		for obj := range d.client.ListObjects(ctx, d.loc.Bucket, minio.ListObjectsOptions{Prefix: key + "/", Recursive: true}) {
			if obj.Err != nil {
				listErr = obj.Err
				return
			}
			select {
			case objs <- obj:
			case <-ctx.Done():
				listErr = ctx.Err()
				return
			}
		}
	}()
	var first error
	for e := range d.client.RemoveObjects(ctx, d.loc.Bucket, objs, minio.RemoveObjectsOptions{}) {
		if e.Err != nil && !s3conf.IsNotFound(e.Err) && first == nil {
			first = fmt.Errorf("%s/%s: %w", d.loc, e.ObjectName, e.Err)
		}
	}
	if first == nil && listErr != nil { // read after objs closed and the removal ended
		first = fmt.Errorf("liệt kê %s/%s: %w", d.loc, name, listErr)
	}
	if first != nil {
		return first
	}
	return nil
}
