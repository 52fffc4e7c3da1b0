package backup_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/s3conf"
	"github.com/congportal/cong/internal/s3test"
	"github.com/congportal/cong/internal/store"
)

// TestS3Destination holds the S3 destination to the Destination
// contract against a real MinIO: atomic objects, absent ones wrapping
// fs.ErrNotExist, one-level sorted listings and deleting a prefix.
func TestS3Destination(t *testing.T) {
	ctx := context.Background()
	s3 := s3test.Start(t)
	s3.Bucket(t, "cong-dest")
	d, err := backup.NewS3(ctx, s3.Config, s3conf.Location{Bucket: "cong-dest", Prefix: "sao-luu/tinh"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := any(d).(backup.Renamer); ok {
		t.Fatal("an S3 destination cannot rename a folder")
	}
	big := bytes.Repeat([]byte("Cổng "), 5<<20) // 35 MB: a multipart upload of unknown length
	for name, data := range map[string][]byte{
		"cong-1/manifest.json":         []byte("{}\n"),
		"cong-1/tables/items.jsonl.gz": big,
		"media/ab/ab12":                []byte("ảnh"),
		"cong-2/tables/users.jsonl.gz": []byte("x"),
	} {
		n, err := d.Put(ctx, name, bytes.NewReader(data))
		if err != nil || n != int64(len(data)) {
			t.Fatalf("put %s: %d, %v", name, n, err)
		}
	}
	if n, err := d.Stat(ctx, "cong-1/tables/items.jsonl.gz"); err != nil || n != int64(len(big)) {
		t.Fatalf("stat = %d, %v; want %d", n, err, len(big))
	}
	r, err := d.Get(ctx, "cong-1/tables/items.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || sha256.Sum256(got) != sha256.Sum256(big) {
		t.Fatalf("get: %d bytes, %v", len(got), err)
	}
	for _, name := range []string{"cong-1/none.json", "cong-3/manifest.json", "cong-1"} {
		if _, err := d.Stat(ctx, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("stat %s: %v; want fs.ErrNotExist", name, err)
		}
		if _, err := d.Get(ctx, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("get %s: %v; want fs.ErrNotExist", name, err)
		}
	}
	list := func(prefix string) string {
		t.Helper()
		names, err := d.List(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(names, " ")
	}
	if l := list(""); l != "cong-1 cong-2 media" {
		t.Errorf("list root = %q", l)
	}
	if l := list("cong-1"); l != "manifest.json tables" {
		t.Errorf("list cong-1 = %q", l)
	}
	if l := list("nothing"); l != "" {
		t.Errorf("list of an absent prefix = %q", l)
	}
	if names, err := backup.Backups(ctx, d); err != nil || strings.Join(names, " ") != "cong-1" {
		t.Errorf("backups = %v, %v; want only cong-1, the one with a manifest", names, err)
	}
	if err := d.Delete(ctx, "cong-1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Delete(ctx, "cong-9"); err != nil {
		t.Errorf("deleting what is absent: %v", err)
	}
	if l := list(""); l != "cong-2 media" {
		t.Errorf("after delete, list root = %q", l)
	}
	if _, err := d.Put(ctx, "../ra-ngoai", strings.NewReader("x")); err != nil {
		t.Fatal(err) // cleaned to a name under the prefix, as Local does
	}
	if _, err := d.Stat(ctx, "ra-ngoai"); err != nil {
		t.Errorf("../ra-ngoai was not kept under the prefix: %v", err)
	}
	if _, _, err := backup.OpenS3(ctx, s3.Config, "s3://cong-dest/sao-luu/tinh/cong-2"); err == nil {
		t.Error("OpenS3 opened a backup without a manifest")
	}
}

// TestBackupToS3 takes a backup of a SQLite portal into a bucket and
// restores it from there into PostgreSQL with its media in another
// bucket; a backup of the restored portal, whose media are then on S3,
// finds every media file already in the destination.
func TestBackupToS3(t *testing.T) {
	ctx := context.Background()
	s3 := s3test.Start(t)
	src := filled(t, store.SQLite)
	s3.Bucket(t, "cong-sao-luu")
	dest, err := backup.NewS3(ctx, s3.Config, s3conf.Location{Bucket: "cong-sao-luu", Prefix: "dong-nai"})
	if err != nil {
		t.Fatal(err)
	}
	res := takeBackup(t, src, dest)
	if res.MediaCopied == 0 || res.Rows == 0 {
		t.Fatalf("backup result %+v", res)
	}
	if names, err := backup.Backups(ctx, dest); err != nil || len(names) != 1 || names[0] != res.Name {
		t.Fatalf("backups in the bucket = %v, %v", names, err)
	}

	opened, name, err := backup.OpenS3(ctx, s3.Config, "s3://cong-sao-luu/dong-nai/"+res.Name)
	if err != nil || name != res.Name {
		t.Fatalf("open s3://…/%s: %q, %v", res.Name, name, err)
	}
	m, err := backup.Verify(ctx, opened, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	mediaBucket := s3.Bucket(t, "cong-media")
	blobs, err := media.OpenBlobs(mediaBucket+"/dong-nai", s3.Config)
	if err != nil {
		t.Fatal(err)
	}
	dst := &portal{}
	dst.db, dst.url = openPostgres(t)
	rr, err := backup.Restore(ctx, backup.RestoreOptions{Dest: opened, Name: name, DB: dst.db, Media: blobs})
	if err != nil {
		t.Fatalf("restore from S3: %v", err)
	}
	if rr.Rows != res.Rows || rr.MediaCopied != len(m.Media) {
		t.Fatalf("restore result %+v, backup %+v", rr, res)
	}
	want, err := backup.Digest(ctx, src.db)
	if err != nil {
		t.Fatal(err)
	}
	got, err := backup.Digest(ctx, dst.db)
	if err != nil {
		t.Fatal(err)
	}
	compareDigests(t, want, got)
	if a, b := mediaFiles(t, src.media), blobFiles(t, blobs); strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("the media in the bucket differ from the source's folder:\n%v\n%v", a, b)
	}

	time.Sleep(1100 * time.Millisecond) // backups are named by the second
	again, err := backup.Run(ctx, backup.Options{DB: dst.db, DatabaseURL: dst.url, Media: blobs, Dest: dest, CongVersion: "test"})
	if err != nil {
		t.Fatalf("backup of the portal with S3 media: %v", err)
	}
	if again.MediaCopied != 0 || again.MediaSkipped != len(m.Media) {
		t.Errorf("second backup copied %d and skipped %d media files; want 0 and %d", again.MediaCopied, again.MediaSkipped, len(m.Media))
	}
	if _, err := backup.Verify(ctx, dest, again.Name, nil); err != nil {
		t.Error(err)
	}
	// Restoring again into the same media bucket copies nothing.
	scratch := openSQLite(t, t.TempDir())
	rr, err = backup.Restore(ctx, backup.RestoreOptions{Dest: dest, Name: again.Name, DB: scratch, Media: blobs})
	if err != nil || rr.MediaCopied != 0 || rr.MediaSkipped != len(m.Media) {
		t.Errorf("second restore: %+v, %v", rr, err)
	}
}

// blobFiles lists a media store as mediaFiles lists a folder.
func blobFiles(t *testing.T, b media.Blobs) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := b.Walk(ctx, func(name string, _ int64) error {
		f, err := b.Open(ctx, name)
		if err != nil {
			return err
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %x", name, sha256.Sum256(data)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
