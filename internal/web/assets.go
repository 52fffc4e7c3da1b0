package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// asset is one static file held in memory with its gzip form.
type asset struct {
	name  string // fingerprinted: site.3f2a1c9b.css
	ctype string
	raw   []byte
	gz    []byte
}

// assets are the theme's CSS, scripts and images, fingerprinted by their
// content hash so they can be cached for a year and replaced by a deploy.
type assets struct {
	byName map[string]*asset // fingerprinted name → asset
	url    map[string]string // plain name → /static/fingerprinted name
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, url: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(raw)
		ext := path.Ext(rel)
		name := strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(raw)
		zw.Close()
		a.byName[name] = &asset{name: name, ctype: mime.TypeByExtension(ext), raw: raw, gz: buf.Bytes()}
		a.url[rel] = "/static/" + name
		return nil
	})
	return a, err
}

// URL returns the fingerprinted URL of a static file.
func (a *assets) URL(name string) string {
	if u, ok := a.url[name]; ok {
		return u
	}
	return "/static/" + name
}

// ServeHTTP serves /static/{name}, gzipped when the client takes it.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byName[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Vary", "Accept-Encoding")
	body := f.raw
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") && len(f.gz) < len(f.raw) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	w.Write(body)
}
