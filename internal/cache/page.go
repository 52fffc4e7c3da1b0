package cache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
)

// minCompress is the smallest body worth compressing: below it the
// encoding headers cost about what compression saves.
const minCompress = 512

// brotliLevel trades compression time, paid once per rendering, for
// bytes, paid on every hit: level 6 is within a few percent of the best
// ratio on HTML at a small fraction of level 11's time.
const brotliLevel = 6

// Page is one stored response: the rendered body and its gzip and brotli
// copies, compressed once when stored rather than on every request.
type Page struct {
	Status int
	// Header holds the headers the handler set (Content-Type and the
	// like); ETag, Cache-Control, Vary and the encoding headers are
	// added when serving.
	Header http.Header
	Body   []byte
	Gzip   []byte // nil when compression does not pay
	Brotli []byte // nil when compression does not pay
	// ETag is a strong validator of the identity body: a hash of the
	// bytes, so that two nodes rendering the same page agree on it. The
	// compressed representations are served with a suffix, as a strong
	// ETag names exactly one representation.
	ETag string
	Tags []string
	// Route is the pattern that rendered the page, given back to the
	// request on a hit so that metrics label it as a rendering would.
	Route string

	// reps are the identity, gzip and brotli representations with their
	// header values made once, so a hit allocates nothing for them.
	reps [3]representation

	key     string
	expires time.Time
	size    int64
	ref     atomic.Bool
	elem    *list.Element
}

// NewPage makes a page of a rendered response, compressing its body.
func NewPage(status int, header http.Header, body []byte, tags []string) *Page {
	sum := sha256.Sum256(body)
	p := &Page{Status: status, Header: header, Body: body, Tags: tags,
		ETag: `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`}
	if len(body) >= minCompress {
		p.Gzip = smaller(gzipped(body), body)
		p.Brotli = smaller(brotlied(body), body)
	}
	p.reps[identity] = newRepresentation(p.Body, p.ETag, "")
	if p.Gzip != nil {
		p.reps[gzipRep] = newRepresentation(p.Gzip, p.ETag[:len(p.ETag)-1]+`-gz"`, "gzip")
	}
	if p.Brotli != nil {
		p.reps[brotliRep] = newRepresentation(p.Brotli, p.ETag[:len(p.ETag)-1]+`-br"`, "br")
	}
	p.size = int64(len(p.Body) + len(p.Gzip) + len(p.Brotli) + 256) // 256: the entry's own bookkeeping
	for _, t := range tags {
		p.size += int64(len(t))
	}
	return p
}

// The representations of a page, indexes of Page.reps.
const (
	identity = iota
	gzipRep
	brotliRep
)

// representation is one encoding of a page's body with the header values
// that go with it. The slices are shared by every response and never
// written to.
type representation struct {
	body     []byte
	etag     []string
	length   []string
	encoding []string // nil for identity
}

func newRepresentation(body []byte, etag, encoding string) representation {
	r := representation{body: body, etag: []string{etag}, length: []string{strconv.Itoa(len(body))}}
	if encoding != "" {
		r.encoding = []string{encoding}
	}
	return r
}

// Size is what the page counts against Options.MaxBytes.
func (p *Page) Size() int64 { return p.size }

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func brotlied(b []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriterLevel(&buf, brotliLevel)
	bw.Write(b)
	bw.Close()
	return buf.Bytes()
}

// smaller returns z unless it saves nothing over plain.
func smaller(z, plain []byte) []byte {
	if len(z) >= len(plain) {
		return nil
	}
	return z
}
