// Package s3conf reads where an S3-compatible store is (an endpoint, a
// region, credentials) and names places in it as s3://BUCKET/PREFIX,
// for the media (media.S3Blobs) and the backups (backup.S3). The
// client is github.com/minio/minio-go/v7, which speaks to MinIO, Ceph,
// Garage, SeaweedFS and the clouds' S3 alike.
package s3conf

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Config is how to reach the store.
type Config struct {
	// Endpoint is host:port, or a URL http://host:port or
	// https://host:port (the scheme then decides Secure).
	Endpoint  string
	AccessKey string
	SecretKey string
	Region    string // "" lets the client ask the store
	Secure    bool   // HTTPS; true unless told otherwise
}

// FromEnv reads CONG_S3_ENDPOINT, CONG_S3_ACCESS_KEY,
// CONG_S3_SECRET_KEY, CONG_S3_REGION and CONG_S3_SECURE ("false" or "0"
// for plain HTTP, as to a MinIO on the same machine).
func FromEnv(getenv func(string) string) Config {
	c := Config{Endpoint: getenv("CONG_S3_ENDPOINT"), AccessKey: getenv("CONG_S3_ACCESS_KEY"),
		SecretKey: getenv("CONG_S3_SECRET_KEY"), Region: getenv("CONG_S3_REGION"), Secure: true}
	switch strings.ToLower(getenv("CONG_S3_SECURE")) {
	case "0", "false", "no":
		c.Secure = false
	}
	return c
}

// Location is a bucket and a prefix inside it ("" or "a/b", without
// slashes at either end).
type Location struct {
	Bucket string
	Prefix string
}

// IsURL reports whether s names an S3 location (s3://…).
func IsURL(s string) bool { return strings.HasPrefix(s, "s3://") }

// ParseURL reads s3://BUCKET or s3://BUCKET/PREFIX.
func ParseURL(s string) (Location, error) {
	rest, ok := strings.CutPrefix(s, "s3://")
	if !ok {
		return Location{}, fmt.Errorf("%q không phải địa chỉ s3://BUCKET/PREFIX (not an s3:// URL)", s)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	prefix = strings.Trim(prefix, "/")
	if bucket == "" || strings.ContainsAny(bucket, "?#\\") || strings.Contains(prefix, "//") ||
		strings.ContainsAny(prefix, "?#\\") || hasDots(prefix) {
		return Location{}, fmt.Errorf("%q: địa chỉ không hợp lệ, hãy viết s3://BUCKET/PREFIX (an invalid s3:// URL)", s)
	}
	return Location{Bucket: bucket, Prefix: prefix}, nil
}

func hasDots(prefix string) bool {
	for _, p := range strings.Split(prefix, "/") {
		if p == "." || p == ".." {
			return true
		}
	}
	return false
}

func (l Location) String() string {
	if l.Prefix == "" {
		return "s3://" + l.Bucket
	}
	return "s3://" + l.Bucket + "/" + l.Prefix
}

// Key is the object key of name (slash-separated, relative) under the prefix.
func (l Location) Key(name string) string {
	if l.Prefix == "" {
		return name
	}
	return l.Prefix + "/" + name
}

// Client connects to the store. Nothing is sent until the first call.
func (c Config) Client() (*minio.Client, error) {
	endpoint, secure := c.Endpoint, c.Secure
	if strings.Contains(endpoint, "://") {
		u, err := url.Parse(endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" {
			return nil, fmt.Errorf("CONG_S3_ENDPOINT %q: hãy viết HOST:PORT, http://HOST:PORT hoặc https://HOST:PORT (an invalid endpoint)", c.Endpoint)
		}
		endpoint, secure = u.Host, u.Scheme == "https"
	}
	if endpoint == "" {
		return nil, errors.New("thiếu địa chỉ kho S3: đặt --s3-endpoint hoặc CONG_S3_ENDPOINT, ví dụ https://s3.example.vn (no S3 endpoint)")
	}
	if c.AccessKey == "" || c.SecretKey == "" {
		return nil, errors.New("thiếu khóa truy cập kho S3: đặt CONG_S3_ACCESS_KEY và CONG_S3_SECRET_KEY (no S3 credentials)")
	}
	tr, err := minio.DefaultTransport(secure)
	if err != nil {
		return nil, err
	}
	tr.ResponseHeaderTimeout = time.Minute
	return minio.New(endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(c.AccessKey, c.SecretKey, ""),
		Secure:    secure,
		Region:    c.Region,
		Transport: tr,
	})
}

// IsNotFound reports whether err says the object is absent (a HEAD
// request cannot tell a missing bucket from a missing object).
func IsNotFound(err error) bool {
	if err == nil {
		return false
	}
	r := minio.ToErrorResponse(err)
	return r.Code == "NoSuchKey" || r.Code == "NotFound" || r.StatusCode == http.StatusNotFound
}
