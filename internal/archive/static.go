// Package archive makes the copies of a site that outlive the running
// portal: a static, browsable copy of its public pages (Static: for the
// records office, lưu trữ, REQ-20, and as a fallback that any plain web
// server can serve during an outage), and a yearly export of the items
// it published, with their metadata, as JSON lines (Items).
//
// The static copy is made by the portal itself: the pages are rendered
// by the real handler (web.Server) in this process, as a visitor would
// see them, and crawled from the home page, the sitemap and the list
// pages. Each page becomes a file, every link between them a relative
// path that works from a folder opened with file://, and what cannot work
// without the server (search, filters, the forms that send something) is
// replaced by a note.
package archive

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/web"
)

// StaticOptions says what Static copies and where.
type StaticOptions struct {
	DB       *store.DB
	MediaDir string // DATA/media, as cong serve has it
	Site     string // the code of the site to copy
	Dir      string // the folder to write; created, must be empty or absent
	// BaseURL is where the live portal answers (https://dongnai.gov.vn):
	// links to what the copy does not hold (the other sites of the
	// portal, sign-in, search) point there. Without it such links become
	// plain text, and a site with its own host name uses https://HOST.
	BaseURL string
	// MaxPages stops the crawl after so many pages (0: no limit).
	MaxPages int
	Log      *slog.Logger
	Progress io.Writer // a line every few hundred pages; nil: quiet
	Now      func() time.Time
	// Media is where the uploaded files are when they are not in
	// MediaDir (an S3-compatible store: cong serve --media s3://…); nil:
	// the folder MediaDir.
	Media media.Blobs
}

// StaticResult is what Static wrote.
type StaticResult struct {
	Pages  int      // HTML pages
	Files  int      // other files of the site: feeds, consultation summaries
	Assets int      // CSS, scripts, images of the theme
	Media  int      // uploaded pictures and files
	Bytes  int64    // written, in all
	Links  int      // links rewritten to a relative path
	Failed []string // URLs that did not answer 200 (none on a healthy site)
	Dir    string
}

// entry is one URL of the site that the copy holds, by its key (the path
// within the portal, with its query in canonical order).
type entry struct {
	file  string // slash path within Dir
	html  bool
	alias string // for a redirect: the key it leads to
}

// exporter holds the state of one Static run.
type exporter struct {
	o      StaticOptions
	h      http.Handler
	site   *site.Site
	sites  []*site.Site
	origin *url.URL // scheme and host the pages are asked for with
	live   string   // the live portal's address, "" when unknown

	entries map[string]*entry // pages and files of the site, by key
	files   map[string]bool   // the files of pages with a query, taken
	queue   []string
	assets  map[string]string // /static/… and /media/… path → file; "" when it failed
	failed  []string
	res     StaticResult
}

// Static writes the copy of a site's public pages into o.Dir.
func Static(ctx context.Context, o StaticOptions) (*StaticResult, error) {
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if err := emptyDir(o.Dir); err != nil {
		return nil, err
	}
	sites := site.NewSites(o.DB, o.Now)
	st, err := sites.ByCode(ctx, o.Site)
	if err != nil {
		return nil, fmt.Errorf("trang %q: %w", o.Site, err)
	}
	all, err := sites.List(ctx)
	if err != nil {
		return nil, err
	}
	// The real handler, without its page cache (every page is asked for
	// once) and with its log kept for failures.
	srv, err := web.New(ctx, web.Options{DB: o.DB, Log: o.Log, MediaDir: o.MediaDir, Media: o.Media, Version: "archive", Now: o.Now, PageCacheBytes: -1})
	if err != nil {
		return nil, err
	}
	e := &exporter{o: o, h: srv, site: st, sites: all, entries: map[string]*entry{}, files: map[string]bool{}, assets: map[string]string{}}
	if err := e.setOrigin(); err != nil {
		return nil, err
	}
	if err := e.crawl(ctx); err != nil {
		return nil, err
	}
	if err := e.copyAssets(ctx); err != nil {
		return nil, err
	}
	if err := e.rewriteAll(ctx); err != nil {
		return nil, err
	}
	if err := e.writeFile("static/"+archiveCSSName, []byte(archiveCSS)); err != nil {
		return nil, err
	}
	sort.Strings(e.failed)
	e.res.Failed, e.res.Dir = e.failed, o.Dir
	return &e.res, nil
}

// emptyDir makes dir, or accepts it when it exists and is empty: a copy is
// never mixed with the files of another.
func emptyDir(dir string) error {
	if dir == "" {
		return errors.New("thiếu thư mục đích (no folder given)")
	}
	list, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(list) > 0 {
		return fmt.Errorf("thư mục %s không trống: hãy chọn một thư mục mới (the folder is not empty)", dir)
	}
	return nil
}

// setOrigin decides the address the pages are asked for with, which is
// also the address they show in their absolute links (canonical, JSON-LD):
// the site's own host name, or the live portal's address, or localhost.
func (e *exporter) setOrigin() error {
	scheme, host := "https", ""
	if e.o.BaseURL != "" {
		u, err := url.Parse(strings.TrimRight(e.o.BaseURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return fmt.Errorf("--base-url phải là địa chỉ như https://dongnai.gov.vn (a scheme and a host only): %q", e.o.BaseURL)
		}
		scheme, host = u.Scheme, u.Host
		e.live = u.Scheme + "://" + u.Host
	} else {
		for _, s := range e.sites {
			if s.Main && s.Host != "" {
				host = s.Host
				e.live = "https://" + s.Host
			}
		}
	}
	if e.site.Host != "" {
		host = e.site.Host
	}
	if host == "" {
		scheme, host = "http", "localhost"
	}
	e.origin = &url.URL{Scheme: scheme, Host: host}
	return nil
}

// seeds are the pages every site has and the lists whose items the copy
// must hold even when no page links to them.
var seeds = []string{"/", "/gioi-thieu", "/dich-vu-cong", "/lien-he", "/so-do-trang", "/van-ban", "/hoi-dap",
	"/to-chuc", "/nguoi-phat-ngon", "/lay-y-kien", "/phan-anh-kien-nghi", "/en/", "/feed.atom", "/lay-y-kien/feed.atom"}

// crawl fetches every page of the site it can reach from the seeds and
// the sitemap, writing each as it is, and noting the theme's files and
// the media they use.
func (e *exporter) crawl(ctx context.Context) error {
	for _, p := range seeds {
		e.enqueue(e.site.URL(p))
	}
	if err := e.sitemap(ctx, e.site.URL("/sitemap.xml")); err != nil {
		return err
	}
	for len(e.queue) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := e.queue[0]
		e.queue = e.queue[1:]
		if e.o.MaxPages > 0 && e.res.Pages >= e.o.MaxPages {
			e.failed = append(e.failed, key+" (giới hạn --max-pages)")
			delete(e.entries, key)
			continue
		}
		if err := e.fetchPage(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// enqueue adds a key of the site to fetch, once.
func (e *exporter) enqueue(key string) {
	if _, ok := e.entries[key]; ok {
		return
	}
	e.entries[key] = &entry{}
	e.queue = append(e.queue, key)
}

// get asks the handler for a path of the portal.
func (e *exporter) get(ctx context.Context, key string) *httptest.ResponseRecorder {
	r := httptest.NewRequestWithContext(ctx, http.MethodGet, e.origin.Scheme+"://"+e.origin.Host+key, nil)
	r.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	r.Header.Set("User-Agent", "cong-archive")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

// sitemap adds the URLs of a sitemap (and of the files of a sitemap index).
func (e *exporter) sitemap(ctx context.Context, key string) error {
	w := e.get(ctx, key)
	if w.Code != http.StatusOK {
		e.failed = append(e.failed, fmt.Sprintf("%s (%d)", key, w.Code))
		return nil
	}
	var doc struct {
		URLs  []string `xml:"url>loc"`
		Files []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		return fmt.Errorf("sitemap %s: %w", key, err)
	}
	for _, loc := range doc.URLs {
		if k, ok := e.classify(loc, nil).page(); ok {
			e.enqueue(k)
		}
	}
	for _, loc := range doc.Files {
		if u, err := url.Parse(loc); err == nil {
			if err := e.sitemap(ctx, u.Path); err != nil {
				return err
			}
		}
	}
	return nil
}

// fetchPage fetches one key, writes it where the copy keeps it and
// queues the pages and files it links to.
func (e *exporter) fetchPage(ctx context.Context, key string) error {
	ent := e.entries[key]
	w := e.get(ctx, key)
	switch {
	case w.Code >= 300 && w.Code < 400:
		loc, err := url.Parse(w.Header().Get("Location"))
		if err != nil {
			e.failed = append(e.failed, fmt.Sprintf("%s (%d)", key, w.Code))
			delete(e.entries, key)
			return nil
		}
		base, _ := url.Parse(e.origin.Scheme + "://" + e.origin.Host + key)
		if k, ok := e.classify(loc.String(), base).page(); ok {
			ent.alias = k
			e.enqueue(k)
			return nil
		}
		delete(e.entries, key) // a redirect out of the site: the link goes live
		return nil
	case w.Code != http.StatusOK:
		e.failed = append(e.failed, fmt.Sprintf("%s (%d)", key, w.Code))
		delete(e.entries, key)
		return nil
	}
	ctype, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
	inner, query := e.inner(key)
	body := w.Body.Bytes()
	if ctype == "text/html" {
		ent.html = true
		ent.file = e.pageFile(inner, query)
		e.res.Pages++
		if e.res.Pages%500 == 0 {
			fmt.Fprintf(e.o.Progress, "Đã lưu %d trang, còn %d trong hàng đợi…\n", e.res.Pages, len(e.queue))
		}
		base, _ := url.Parse(e.origin.Scheme + "://" + e.origin.Host + key)
		for _, ref := range links(body) {
			t := e.classify(ref, base)
			switch t.kind {
			case targetPage:
				e.enqueue(t.key)
			case targetAsset:
				if _, ok := e.assets[t.key]; !ok {
					e.assets[t.key] = ""
				}
			}
		}
	} else {
		ent.file = strings.TrimPrefix(inner, "/")
		if ent.file == "" || strings.HasSuffix(ent.file, "/") {
			ext, _ := mime.ExtensionsByType(ctype)
			ent.file += "index" + append(ext, ".bin")[0]
		}
		e.res.Files++
	}
	return e.writeFile(ent.file, body)
}

// inner is a key's path within the site (without the site's prefix) and
// its query.
func (e *exporter) inner(key string) (string, string) {
	p, q, _ := strings.Cut(key, "?")
	if e.site.PathPrefix != "" {
		p = strings.TrimPrefix(p, e.site.PathPrefix)
		if p == "" {
			p = "/"
		}
	}
	return p, q
}

// pageFile is where a page is kept: DIR/path/index.html, and for a page
// with a query (the next pages of a list) DIR/path/index-QUERY.html.
func (e *exporter) pageFile(inner, query string) string {
	dir := strings.Trim(inner, "/")
	if dir != "" {
		dir += "/"
	}
	if query == "" {
		return dir + "index.html"
	}
	name := dir + "index-" + queryName(query)
	file := name + ".html"
	for n := 2; e.files[file]; n++ { // two queries that read the same once made safe for a file name
		file = fmt.Sprintf("%s-%d.html", name, n)
	}
	e.files[file] = true
	return file
}

// queryName makes a canonical query safe as part of a file name:
// trang=2 → trang-2, muc=dieu-1&trang=2 → muc-dieu-1_trang-2.
func queryName(q string) string {
	vals, _ := url.ParseQuery(q)
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range vals[k] {
			parts = append(parts, safeName(k)+"-"+safeName(v))
		}
	}
	s := strings.Join(parts, "_")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}

// copyAssets fetches the theme's files and the media that the pages use.
func (e *exporter) copyAssets(ctx context.Context) error {
	keys := make([]string, 0, len(e.assets))
	for k := range e.assets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w := e.get(ctx, k)
		if w.Code != http.StatusOK {
			e.failed = append(e.failed, fmt.Sprintf("%s (%d)", k, w.Code))
			continue
		}
		file := strings.TrimPrefix(k, "/")
		body := w.Body.Bytes()
		if strings.HasSuffix(file, ".css") {
			body = e.rewriteCSS(file, body)
		}
		if err := e.writeFile(file, body); err != nil {
			return err
		}
		e.assets[k] = file
		if strings.HasPrefix(k, "/media/") {
			e.res.Media++
		} else {
			e.res.Assets++
		}
	}
	return nil
}

// writeFile writes a file of the copy, making its folders.
func (e *exporter) writeFile(file string, body []byte) error {
	if !fileOK(file) {
		return fmt.Errorf("đường dẫn không dùng được làm tên tệp: %q", file)
	}
	full := filepath.Join(e.o.Dir, filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(full, body, 0o644); err != nil {
		return err
	}
	e.res.Bytes += int64(len(body))
	return nil
}

// fileOK refuses names that would leave the folder.
func fileOK(file string) bool {
	if file == "" || strings.HasPrefix(file, "/") || strings.ContainsAny(file, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(file, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// rewriteAll rewrites the links of every page written by crawl.
func (e *exporter) rewriteAll(ctx context.Context) error {
	keys := make([]string, 0, len(e.entries))
	for k, ent := range e.entries {
		if ent.html {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		ent := e.entries[k]
		full := filepath.Join(e.o.Dir, filepath.FromSlash(ent.file))
		raw, err := os.ReadFile(full)
		if err != nil {
			return err
		}
		out, n, err := e.rewritePage(k, ent.file, raw)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		e.res.Links += n
		e.res.Bytes += int64(len(out) - len(raw))
		if err := os.WriteFile(full, out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// resolve follows redirects to the entry that holds a key.
func (e *exporter) resolve(key string) *entry {
	for range 10 {
		ent, ok := e.entries[key]
		if !ok {
			return nil
		}
		if ent.alias == "" {
			if ent.file == "" {
				return nil
			}
			return ent
		}
		key = ent.alias
	}
	return nil
}

// relative is the link from the file from to the file to, both slash
// paths within the copy, each segment escaped for a URL.
func relative(from, to string) string {
	fd := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fd = nil
	}
	ts := strings.Split(to, "/")
	i := 0
	for i < len(fd) && i < len(ts)-1 && fd[i] == ts[i] {
		i++
	}
	var b strings.Builder
	for range len(fd) - i {
		b.WriteString("../")
	}
	for j, seg := range ts[i:] {
		if j > 0 {
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	s := b.String()
	if first, _, _ := strings.Cut(s, "/"); strings.Contains(first, ":") {
		s = "./" + s // not read as a scheme
	}
	return s
}
