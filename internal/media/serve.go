package media

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// Opened is a stored file opened for serving: read from any offset,
// from a folder or a bucket alike.
type Opened struct {
	Blob
	MIME     string
	Image    bool
	Name     string // the name offered on download, for attachments
	ModTime  time.Time
	Variant  string // "w640", "orig"
	Checksum string // sha256 of the upload, which names the file
}

// validPath is the only shape of stored path: anything else (.., a
// temporary file, a folder) is not found.
var validPath = regexp.MustCompile(`^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})-(orig|w[0-9]{1,4})\.([a-z0-9]{2,4})$`)

// Open opens the stored file at path (relative to the root, as in
// Variant.Path). Attachments are opened only while a row names them, and
// carry their original name for the download.
func (s *Store) Open(ctx context.Context, path string) (*Opened, error) {
	p := validPath.FindStringSubmatch(path)
	if p == nil || p[1] != p[3][0:2] || p[2] != p[3][2:4] {
		return nil, fileNotFound()
	}
	f := byExt(p[5])
	if f == nil {
		return nil, fileNotFound()
	}
	out := &Opened{MIME: f.mime, Image: f.image, Variant: p[4], Checksum: p[3]}
	if !f.image {
		name, err := s.downloadName(ctx, p[3], f)
		if err != nil {
			return nil, err
		}
		out.Name = name
	}
	b, err := s.files.Open(ctx, path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fileNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("media %s: %w", path, err)
	}
	out.Blob, out.ModTime = b, b.Info().ModTime
	return out, nil
}

// downloadName is the original name of the attachment with hash sum,
// given the extension of what it really is.
func (s *Store) downloadName(ctx context.Context, sum string, f *format) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, `SELECT original_name FROM media WHERE sha256 = ? AND kind = 'file' ORDER BY id LIMIT 1`, sum).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fileNotFound()
	}
	if err != nil {
		return "", fmt.Errorf("media %s: %w", sum, err)
	}
	if name == "" {
		name = "tep"
	}
	if ext(name) != f.ext {
		name += "." + f.ext
	}
	return name, nil
}

func fileNotFound() error {
	return apperr.New(apperr.NotFound, "Không tìm thấy tệp.", "File not found.")
}

// Handler serves stored files under URLPrefix. Paths are content
// addressed, so responses are cacheable for a year as immutable; types
// come from what was sniffed at upload, never from the browser's guess
// (nosniff), and attachments are always downloaded, never rendered.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Phương thức không được hỗ trợ.", http.StatusMethodNotAllowed)
			return
		}
		rel, ok := strings.CutPrefix(r.URL.Path, URLPrefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		f, err := s.Open(r.Context(), rel)
		if apperr.KindOf(err) == apperr.NotFound {
			http.Error(w, "Không tìm thấy tệp.", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, "Lỗi máy chủ khi đọc tệp, xin thử lại sau.", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		h := w.Header()
		h.Set("Content-Type", f.MIME)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("ETag", `"`+f.Checksum+"-"+f.Variant+`"`)
		if !f.Image {
			cd := mime.FormatMediaType("attachment", map[string]string{"filename": f.Name})
			if cd == "" {
				cd = "attachment"
			}
			h.Set("Content-Disposition", cd)
		}
		http.ServeContent(w, r, "", f.ModTime, f)
	})
}
