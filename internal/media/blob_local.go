package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LocalBlobs keeps the files under a folder of this machine.
type LocalBlobs struct{ Root string }

// NewLocalBlobs returns the files under root (made when first written).
func NewLocalBlobs(root string) *LocalBlobs { return &LocalBlobs{Root: root} }

func (l *LocalBlobs) String() string { return l.Root }

func (l *LocalBlobs) path(name string) (string, error) {
	rel := filepath.FromSlash(name)
	if !filepath.IsLocal(rel) || strings.Contains(name, `\`) {
		return "", fmt.Errorf("tên tệp không hợp lệ %q: %w", name, fs.ErrNotExist)
	}
	return filepath.Join(l.Root, rel), nil
}

// Stat returns the file's size and time.
func (l *LocalBlobs) Stat(_ context.Context, name string) (BlobInfo, error) {
	full, err := l.path(name)
	if err != nil {
		return BlobInfo{}, err
	}
	st, err := os.Stat(full)
	if err != nil {
		return BlobInfo{}, err
	}
	if !st.Mode().IsRegular() {
		return BlobInfo{}, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	return BlobInfo{Size: st.Size(), ModTime: st.ModTime()}, nil
}

type localBlob struct {
	*os.File
	info BlobInfo
}

func (b localBlob) Info() BlobInfo { return b.info }

// Open opens a regular file.
func (l *LocalBlobs) Open(_ context.Context, name string) (Blob, error) {
	full, err := l.path(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	return localBlob{f, BlobInfo{Size: st.Size(), ModTime: st.ModTime()}}, nil
}

// Put writes through a temporary file in the same folder and a rename,
// so a reader never sees half a file.
func (l *LocalBlobs) Put(ctx context.Context, name string, r io.Reader, size int64) error {
	full, err := l.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return err
	}
	rnd := make([]byte, 6)
	rand.Read(rnd)
	tmp := filepath.Join(filepath.Dir(full), ".tmp-"+hex.EncodeToString(rnd))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, r)
	if err == nil && size >= 0 && n != size {
		err = fmt.Errorf("%s: %d byte, cần %d (short write)", name, n, size)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = os.Rename(tmp, full)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Delete removes the file.
func (l *LocalBlobs) Delete(_ context.Context, name string) error {
	full, err := l.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Walk visits the regular files under the root in name order; a
// missing root holds nothing.
func (l *LocalBlobs) Walk(ctx context.Context, fn func(name string, size int64) error) error {
	err := filepath.WalkDir(l.Root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == l.Root {
				return filepath.SkipDir
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(l.Root, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), info.Size())
	})
	return err
}
