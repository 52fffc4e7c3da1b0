package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// CopyResult sums up a Copy.
type CopyResult struct {
	Files    int   // in the source
	Copied   int   // written to the destination
	Skipped  int   // there already, the same bytes
	Repaired int   // there already with other bytes, written again
	Bytes    int64 // copied
}

// Copy copies every file of from into to (cong media migrate), so a
// portal can move its media between a folder and a bucket either way.
// It can be run again: a file the destination holds with the same bytes
// is skipped. Every file is checked by SHA-256: an original (…-orig.…,
// named by the hash of its bytes) must match its name, or it is refused;
// what was written is read back and must match what was read; a file
// already there is hashed on both sides, and written again if it
// differs. It stops at the first error; what it copied stays, and the
// next run goes on from there.
func Copy(ctx context.Context, from, to Blobs, progress func(format string, args ...any)) (*CopyResult, error) {
	if progress == nil {
		progress = func(string, ...any) {}
	}
	type file struct {
		name string
		size int64
	}
	var files []file
	if err := from.Walk(ctx, func(name string, size int64) error {
		files = append(files, file{name, size})
		return nil
	}); err != nil {
		return nil, fmt.Errorf("liệt kê %s: %w", from, err)
	}
	res := &CopyResult{Files: len(files)}
	for i, f := range files {
		if err := copyFile(ctx, from, to, f.name, res); err != nil {
			return res, fmt.Errorf("%s: %w", f.name, err)
		}
		if (i+1)%200 == 0 || i+1 == len(files) {
			progress("tệp %d/%d (chép %d, đã có %d, chép lại %d)\n", i+1, len(files), res.Copied, res.Skipped, res.Repaired)
		}
	}
	return res, nil
}

func copyFile(ctx context.Context, from, to Blobs, name string, res *CopyResult) error {
	src, err := from.Open(ctx, name)
	if err != nil {
		return err
	}
	defer src.Close()
	size := src.Info().Size
	want := ""
	if p := validPath.FindStringSubmatch(name); p != nil && p[4] == "orig" {
		want = p[3]
	}
	repair := false
	if st, err := to.Stat(ctx, name); err == nil {
		if st.Size == size {
			a, err := hashOf(src)
			if err != nil {
				return fmt.Errorf("đọc %s: %w", from, err)
			}
			if want != "" && a != want {
				return fmt.Errorf("tệp gốc hỏng ở %s: SHA-256 %s, tên ghi %s (the source is damaged)", from, a, want)
			}
			b, err := hashAt(ctx, to, name)
			if err != nil {
				return fmt.Errorf("đọc %s: %w", to, err)
			}
			if a == b {
				res.Skipped++
				return nil
			}
			if _, err := src.Seek(0, io.SeekStart); err != nil {
				return err
			}
		}
		repair = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	h := sha256.New()
	if err := to.Put(ctx, name, io.TeeReader(src, h), size); err != nil {
		return fmt.Errorf("ghi vào %s: %w", to, err)
	}
	read := hex.EncodeToString(h.Sum(nil))
	if want != "" && read != want {
		to.Delete(ctx, name)
		return fmt.Errorf("tệp gốc hỏng ở %s: SHA-256 %s, tên ghi %s (the source is damaged)", from, read, want)
	}
	written, err := hashAt(ctx, to, name)
	if err != nil {
		return fmt.Errorf("đọc lại từ %s: %w", to, err)
	}
	if written != read {
		to.Delete(ctx, name)
		return fmt.Errorf("bản chép ở %s khác bản gốc (SHA-256 %s, gốc %s) (the copy differs)", to, written, read)
	}
	if repair {
		res.Repaired++
	} else {
		res.Copied++
	}
	res.Bytes += size
	return nil
}

func hashOf(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashAt(ctx context.Context, b Blobs, name string) (string, error) {
	f, err := b.Open(ctx, name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	return hashOf(f)
}
