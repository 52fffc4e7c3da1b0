package cache

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// A key counts against MaxBytes: a short page stored under a long query
// (a visitor's search words) takes the memory of both, so pages under
// long keys cannot hold the cache far past its bound.
func TestKeysCountAgainstTheBound(t *testing.T) {
	c := New(Options{MaxBytes: 1 << 20})
	small := func() *Page { return NewPage(200, http.Header{}, []byte("<p>ngắn</p>"), nil) }
	key := "dongnai.gov.vn /hoi-dap?q=" + strings.Repeat("a", 60<<10)
	c.Fill(context.Background(), key, small)
	if st := c.Stats(); st.Pages != 1 || st.Bytes < int64(len(key)) {
		t.Fatalf("after one page under a %d-byte key: %+v; want the key counted", len(key), st)
	}
	for i := range 40 {
		c.Fill(context.Background(), key+strings.Repeat("b", i+1), small)
	}
	if st := c.Stats(); st.Bytes > 1<<20 || st.Pages > (1<<20)/(60<<10) {
		t.Errorf("after 41 pages under 60 KiB keys: %+v; want at most 1 MiB", st)
	}
	huge := strings.Repeat("x", 200<<10) // more than an eighth of the bound
	if p, _ := c.Fill(context.Background(), huge, small); p == nil || c.Get(huge) != nil {
		t.Errorf("a page under a key larger than an eighth of the bound was stored")
	}
}
