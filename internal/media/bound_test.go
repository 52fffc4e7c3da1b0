package media

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
)

// withPools puts staff and citizens on pools of their own for one test.
func withPools(t *testing.T, staff, citizens *workPool) {
	oldStaff, oldCitizens := staffWork, citizenWork
	staffWork, citizenWork = staff, citizens
	t.Cleanup(func() { staffWork, citizenWork = oldStaff, oldCitizens })
}

// hugePNG is a valid PNG of w×h black pixels, one bit each, that
// compresses to a few kilobytes: the audit's 116 KB PNG of 39.9
// megapixels, made small.
func hugePNG(t testing.TB, w, h int) []byte {
	t.Helper()
	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]byte, 1+(w+7)/8) // filter type 0, then the bits
	for range h {
		zw.Write(row)
	}
	zw.Close()
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 1, 0, 0, 0, 0) // 1-bit greyscale
	b := pngChunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", ihdr)
	b = pngChunk(b, "IDAT", z.Bytes())
	return pngChunk(b, "IEND", nil)
}

func wantRefusal(t *testing.T, err error, want string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.Invalid || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v; want a refusal saying %q", err, want)
	}
	if e.Fields["file"].EN == "" {
		t.Error("no English message")
	}
}

// TestCitizensCannotHoldUpStaff: with the citizens' whole budget taken
// (a flood of attachments on the public form), an editor's upload takes
// from the staff's budget, whole and apart, and goes through; a further
// citizen is told the server is busy once the short wait is over,
// instead of queueing. Nothing here measures time: the deadline below
// only turns a wait, which would be the bug, into a failure.
func TestCitizensCannotHoldUpStaff(t *testing.T) {
	withPools(t, newWorkPool(staffBudget, 0), newWorkPool(citizenBudget, time.Millisecond))
	ctx := context.Background()
	flood, err := citizenWork.acquire(ctx, image.Config{}, citizenWork.budget)
	if err != nil {
		t.Fatal(err)
	}
	defer flood()

	if !staffWork.sem.TryAcquire(staffWork.budget) {
		t.Fatal("the staff's budget is not whole while the citizens' is taken")
	}
	staffWork.sem.Release(staffWork.budget)

	jpg := jpegBytes(t, photo(800, 600))
	guard, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, _, out, err := processImage(guard, jpg, formats["jpeg"], DefaultLimits()); err != nil || len(out) == 0 {
		t.Fatalf("an editor's upload behind a flood of citizens: %d variants, %v", len(out), err)
	}

	_, err = Clean(ctx, "anh.jpg", jpg, 5<<20)
	wantRefusal(t, err, "Máy chủ đang bận")
}

// TestCitizenImageCeiling: a tiny PNG declaring 28 megapixels, accepted
// from staff, is refused from a citizen by its header, before anything is
// decoded; a phone's 12-megapixel photo is still taken, at the largest
// variant width.
func TestCitizenImageCeiling(t *testing.T) {
	withPools(t, staffWork, newWorkPool(0, time.Millisecond)) // decoding anything would fail otherwise
	bomb := hugePNG(t, 7000, 4000)
	if len(bomb) > 8<<10 {
		t.Fatalf("the test's PNG has %d bytes; want a few KB", len(bomb))
	}
	_, err := Clean(context.Background(), "anh.png", bomb, 5<<20)
	wantRefusal(t, err, "7000×4000 điểm ảnh, vượt mức tối đa 25 megapixel")

	withPools(t, staffWork, newWorkPool(citizenBudget, time.Minute))
	c, err := Clean(context.Background(), "anh.png", hugePNG(t, 4032, 3024), 5<<20)
	if err != nil {
		t.Fatalf("a phone-sized photo: %v", err)
	}
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(c.Data)); err != nil || cfg.Width != 1600 || cfg.Height != 1200 {
		t.Errorf("cleaned to %d×%d (%v); want 1600×1200", cfg.Width, cfg.Height, err)
	}
}

// TestRequestAllowance: the images of one request share its allowance;
// the one that would pass it is refused, and a smaller one still fits.
func TestRequestAllowance(t *testing.T) {
	ctx := LimitRequestPixels(context.Background(), 1_000_000)
	jpg := jpegBytes(t, photo(800, 600)) // 0.48 MP
	for i, want := range []string{"", "", "vượt tổng cộng 1 megapixel"} {
		_, err := Clean(ctx, "anh.jpg", jpg, 5<<20)
		if want == "" && err != nil {
			t.Fatalf("image %d: %v", i, err)
		}
		if want != "" {
			wantRefusal(t, err, want)
		}
	}
	if _, err := Clean(ctx, "nho.jpg", jpegBytes(t, photo(100, 100)), 5<<20); err != nil {
		t.Errorf("a small image within what is left: %v", err)
	}
	if _, err := Clean(context.Background(), "anh.jpg", jpg, 5<<20); err != nil {
		t.Errorf("another request has its own allowance: %v", err)
	}
}

// TestWorkIsBounded: images processed together never hold more than
// their pool's budget (here room for two 800×600 photos of six); each
// still gets its variants; a request given up while it waits stops
// waiting; an image costing more than the whole pool is refused.
func TestWorkIsBounded(t *testing.T) {
	jpg := jpegBytes(t, photo(800, 600))
	f := formats["jpeg"]
	cfg, _ := decoders["jpeg"].config(jpg)
	one := cost("jpeg", cfg, jpg, true)
	withPools(t, newWorkPool(one*5/2, 0), citizenWork)

	var peak int64
	stop := make(chan struct{})
	var watch sync.WaitGroup
	watch.Add(1)
	go func() {
		defer watch.Done()
		for {
			peak = max(peak, staffWork.inFlight.Load())
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Microsecond):
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, out, err := processImage(context.Background(), jpg, f, DefaultLimits())
			if err == nil && len(out) == 0 {
				err = errors.New("no variants")
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	close(stop)
	watch.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("image %d: %v", i, err)
		}
	}
	if peak > 2*one || peak == 0 {
		t.Errorf("%d bytes were held at once; the bound is two images of %d", peak, one)
	}

	release, err := staffWork.acquire(context.Background(), cfg, staffWork.budget)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, _, err = processImage(ctx, jpg, f, DefaultLimits())
	wantRefusal(t, err, "bận")
	release()

	withPools(t, newWorkPool(one-1, 0), citizenWork)
	_, _, _, err = processImage(context.Background(), jpg, f, DefaultLimits())
	wantRefusal(t, err, "800×600 điểm ảnh cần quá nhiều bộ nhớ")
}

// TestBudgetsHoldTheirCeilings: what each pool is for fits in it whole —
// a 40-megapixel camera photo or 8-bit PNG in the staff's, a 16-megapixel
// phone photo or PNG in the citizens' — and the two budgets together stay
// well under the 1 GiB soft memory limit.
func TestBudgetsHoldTheirCeilings(t *testing.T) {
	jpg := jpegBytes(t, photo(16, 16)) // its markers say baseline
	png := pngBytes(t, photo(16, 16))
	tests := []struct {
		name   string
		pool   *workPool
		format string
		data   []byte
		model  color.Model
		px     int64
		webp   bool
	}{
		{"camera photo", staffWork, "jpeg", jpg, color.YCbCrModel, 40_000_000, true},
		{"8-bit PNG", staffWork, "png", png, color.NRGBAModel, 40_000_000, true},
		{"phone photo", citizenWork, "jpeg", jpg, color.YCbCrModel, CitizenMaxPixels, false},
		{"phone PNG", citizenWork, "png", png, color.NRGBAModel, CitizenMaxPixels, false},
	}
	for _, tt := range tests {
		cfg := image.Config{ColorModel: tt.model, Width: 8000, Height: int(tt.px / 8000)}
		if c := cost(tt.format, cfg, tt.data, tt.webp); c > tt.pool.budget {
			t.Errorf("%s of %d px costs %d bytes; its pool holds %d", tt.name, tt.px, c, tt.pool.budget)
		}
	}
	if sum := staffWork.budget + citizenWork.budget; sum > 784<<20 {
		t.Errorf("the pools hold %d MiB in all; want at most 784 MiB, leaving 240 MiB of the 1 GiB soft limit", sum>>20)
	}
	progressive := append([]byte{}, jpg...)
	for i := 2; i+1 < len(progressive); i++ {
		if progressive[i] == 0xff && progressive[i+1] == 0xc0 {
			progressive[i+1] = 0xc2
			break
		}
	}
	cfg := image.Config{ColorModel: color.YCbCrModel, Width: 1000, Height: 1000}
	if b, p := cost("jpeg", cfg, jpg, false), cost("jpeg", cfg, progressive, false); p-perImage != 15_000_000 || b-perImage != 11_000_000 {
		t.Errorf("a megapixel costs %d bytes in a baseline JPEG, %d progressive; want 11 and 15 per pixel", b-perImage, p-perImage)
	}
}
