package backup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Destination is where backups are kept: a folder on this machine
// (Local) or, later, an S3-compatible bucket. Names are slash-separated
// paths relative to the destination's root, such as
// "cong-20261202T162024Z/manifest.json" or "media/ab/ab12…".
//
// Put must be atomic per object: a reader sees the whole object or none
// (a local file is written under a temporary name and renamed; an S3
// PUT is atomic by itself). A backup is complete only once its
// manifest.json exists, which is written last; a destination that can
// also rename a whole folder (Renamer) lets the backup be written under
// a temporary name, so that even its folder appears only when complete.
type Destination interface {
	// Put stores r under name, replacing any object there, and returns
	// the number of bytes written.
	Put(ctx context.Context, name string, r io.Reader) (int64, error)
	// Get opens the object; an absent one is an error wrapping
	// fs.ErrNotExist.
	Get(ctx context.Context, name string) (io.ReadCloser, error)
	// Stat returns the object's size, or an error wrapping
	// fs.ErrNotExist.
	Stat(ctx context.Context, name string) (int64, error)
	// List returns the names directly under prefix ("" for the root),
	// each once, sorted: objects and "folders" alike, without the prefix.
	List(ctx context.Context, prefix string) ([]string, error)
	// Delete removes the object, or everything under name when it is a
	// prefix; removing what is absent is not an error.
	Delete(ctx context.Context, name string) error
	// String describes the destination for messages.
	String() string
}

// Renamer is a Destination that can move everything under one prefix to
// another name at once (a local folder's rename).
type Renamer interface {
	Rename(ctx context.Context, from, to string) error
}

// Local is a Destination in a folder of this machine.
type Local struct{ Dir string }

// NewLocal makes the folder if needed (mode 0700: a backup holds
// password hashes and citizens' personal data).
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("không tạo được thư mục sao lưu %s: %w", dir, err)
	}
	return &Local{Dir: dir}, nil
}

func (l *Local) String() string { return l.Dir }

func (l *Local) path(name string) (string, error) {
	clean := path.Clean("/" + name)
	if clean == "/" || strings.Contains(name, "\\") {
		return "", fmt.Errorf("tên không hợp lệ trong bản sao lưu: %q", name)
	}
	return filepath.Join(l.Dir, filepath.FromSlash(clean[1:])), nil
}

// Put writes through a temporary file in the same folder, synced, then
// renamed over name.
func (l *Local) Put(ctx context.Context, name string, r io.Reader) (int64, error) {
	full, err := l.path(name)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o700); err != nil {
		return 0, err
	}
	rnd := make([]byte, 6)
	rand.Read(rnd)
	tmp := filepath.Join(filepath.Dir(full), ".tmp-"+hex.EncodeToString(rnd))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, full)
	}
	if err != nil {
		os.Remove(tmp)
		return n, err
	}
	return n, nil
}

// Get opens the file.
func (l *Local) Get(_ context.Context, name string) (io.ReadCloser, error) {
	full, err := l.path(name)
	if err != nil {
		return nil, err
	}
	return os.Open(full)
}

// Stat returns the file's size.
func (l *Local) Stat(_ context.Context, name string) (int64, error) {
	full, err := l.path(name)
	if err != nil {
		return 0, err
	}
	fi, err := os.Stat(full)
	if err != nil {
		return 0, err
	}
	if fi.IsDir() {
		return 0, fmt.Errorf("%s: là thư mục: %w", name, fs.ErrNotExist)
	}
	return fi.Size(), nil
}

// List reads the folder prefix; a missing folder lists nothing.
func (l *Local) List(_ context.Context, prefix string) ([]string, error) {
	dir := l.Dir
	if prefix != "" {
		var err error
		if dir, err = l.path(prefix); err != nil {
			return nil, err
		}
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".tmp-") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// Delete removes the file or folder.
func (l *Local) Delete(_ context.Context, name string) error {
	full, err := l.path(name)
	if err != nil {
		return err
	}
	return os.RemoveAll(full)
}

// Rename moves the folder from to to, then syncs the parent folder so
// the new name survives a power cut.
func (l *Local) Rename(_ context.Context, from, to string) error {
	src, err := l.path(from)
	if err != nil {
		return err
	}
	dst, err := l.path(to)
	if err != nil {
		return err
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s đã có (already exists)", to)
	}
	if err := os.Rename(src, dst); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(dst)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ctxReader stops a long copy when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
