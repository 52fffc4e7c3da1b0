package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
)

// FormatVersion is the layout of a backup this code writes and reads.
const FormatVersion = 1

// ManifestName is the file that makes a backup complete; it is written
// last.
const ManifestName = "manifest.json"

// Manifest describes one backup: what it holds and the hash of each part.
type Manifest struct {
	Format        int       `json:"format"`
	SchemaVersion int       `json:"schema_version"`
	Migrations    []int     `json:"migrations"` // every migration applied to the source
	CongVersion   string    `json:"cong_version"`
	CreatedAt     time.Time `json:"created_at"`
	Dialect       string    `json:"dialect"` // of the source: sqlite or postgres
	Tables        []Table   `json:"tables"`
	Media         []Media   `json:"media"`
}

// Table is one table's file: JSON lines, gzip-compressed, one JSON array
// per row in the order of Columns.
type Table struct {
	Name   string `json:"name"`
	File   string `json:"file"` // relative to the backup: tables/NAME.jsonl.gz
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"` // of the file
	// Digest is the hash of the rows themselves, whichever database
	// holds them (see Digest): a restore is checked against it.
	Digest  string   `json:"rows_digest"`
	Columns []Column `json:"columns"`
}

// Column is a column and its kind: int, real, text, bool, time or bytes.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Media is one file of DATA/media: its path there and the SHA-256 of its
// bytes, which is also its name in the destination's shared media store.
type Media struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// mediaObject is where a file with hash sum is kept in the destination,
// shared by every backup there.
func mediaObject(sum string) string { return "media/" + sum[:2] + "/" + sum }

// ReadManifest reads and parses the manifest of backup name.
func ReadManifest(ctx context.Context, dest Destination, name string) (*Manifest, error) {
	r, err := dest.Get(ctx, name+"/"+ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s/%s: không có tệp kê khai; bản sao lưu chưa hoàn tất hoặc đã hỏng (no manifest: the backup is incomplete or damaged)", name, ManifestName)
	}
	if err != nil {
		return nil, fmt.Errorf("%s/%s: %w", name, ManifestName, err)
	}
	defer r.Close()
	var m Manifest
	dec := json.NewDecoder(r)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s/%s: tệp kê khai không đọc được (unreadable manifest): %v", name, ManifestName, err)
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("%s/%s: định dạng sao lưu %d, chương trình này đọc định dạng %d (unsupported backup format)", name, ManifestName, m.Format, FormatVersion)
	}
	return &m, nil
}

// VerifyError names the part of a backup that is wrong.
type VerifyError struct {
	Part string // the file, relative to the destination
	Why  string
}

func (e *VerifyError) Error() string { return e.Part + ": " + e.Why }

// Verify checks every part of backup name against its manifest — each
// table file's size and SHA-256, and each media file in the shared store
// — and returns the manifest. progress, when not nil, is told of each
// part checked.
func Verify(ctx context.Context, dest Destination, name string, progress func(part string)) (*Manifest, error) {
	m, err := ReadManifest(ctx, dest, name)
	if err != nil {
		return nil, err
	}
	for _, t := range m.Tables {
		if err := checkObject(ctx, dest, name+"/"+t.File, t.Bytes, t.SHA256); err != nil {
			return nil, err
		}
		if progress != nil {
			progress(t.File)
		}
	}
	seen := map[string]bool{}
	for _, md := range m.Media {
		if seen[md.SHA256] {
			continue
		}
		seen[md.SHA256] = true
		if len(md.SHA256) != 64 {
			return nil, &VerifyError{name + "/" + ManifestName, fmt.Sprintf("mã băm không hợp lệ cho %s", md.Path)}
		}
		if err := checkObject(ctx, dest, mediaObject(md.SHA256), md.Size, md.SHA256); err != nil {
			err.(*VerifyError).Why += " (tệp phương tiện " + md.Path + ")"
			return nil, err
		}
		if progress != nil {
			progress(md.Path)
		}
	}
	return m, nil
}

// checkObject reads the object and compares its size and hash.
func checkObject(ctx context.Context, dest Destination, obj string, size int64, sum string) error {
	r, err := dest.Get(ctx, obj)
	if errors.Is(err, fs.ErrNotExist) {
		return &VerifyError{obj, "thiếu tệp (missing file)"}
	}
	if err != nil {
		return &VerifyError{obj, err.Error()}
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, r})
	if err != nil {
		return &VerifyError{obj, "không đọc được: " + err.Error()}
	}
	switch {
	case n < size:
		return &VerifyError{obj, fmt.Sprintf("bị cắt ngắn: %d byte, cần %d (truncated)", n, size)}
	case n > size:
		return &VerifyError{obj, fmt.Sprintf("dài hơn kê khai: %d byte, cần %d (size mismatch)", n, size)}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return &VerifyError{obj, "mã băm SHA-256 không khớp với tệp kê khai: tệp đã bị thay đổi (hash mismatch)"}
	}
	return nil
}

// Backups lists the names of the complete backups in dest (those with a
// manifest), oldest first; the shared media store and unfinished backups
// are left out.
func Backups(ctx context.Context, dest Destination) ([]string, error) {
	names, err := dest.List(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		if n == "media" || n[0] == '.' {
			continue
		}
		if _, err := dest.Stat(ctx, n+"/"+ManifestName); err == nil {
			out = append(out, n)
		}
	}
	return out, nil
}

func jsonIndent(m *Manifest) ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
