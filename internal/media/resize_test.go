package media

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"testing"

	"golang.org/x/image/draw"
)

// meanDiff is the mean absolute difference of two RGBA images' samples.
func meanDiff(t *testing.T, a, b *image.RGBA) float64 {
	t.Helper()
	if a.Bounds().Size() != b.Bounds().Size() {
		t.Fatalf("sizes %v and %v", a.Bounds().Size(), b.Bounds().Size())
	}
	var sum int
	for i := range a.Pix {
		d := int(a.Pix[i]) - int(b.Pix[i])
		sum += max(d, -d)
	}
	return float64(sum) / float64(len(a.Pix))
}

// TestResizeIsCatmullRom: scaling band by band gives draw.CatmullRom's
// own result, but for the rounding between the passes, including where
// the last band is shorter (here 81-row bands of 300 rows, strips of 436
// columns of 1600) and for sources the decoders give that are not RGBA.
func TestResizeIsCatmullRom(t *testing.T) {
	src := photo(1700, 300)
	ycc := image.NewYCbCr(src.Bounds(), image.YCbCrSubsampleRatio420)
	for y := range 300 {
		for x := range 1700 {
			c := src.RGBAAt(x, y)
			ycc.Y[ycc.YOffset(x, y)], ycc.Cb[ycc.COffset(x, y)], ycc.Cr[ycc.COffset(x, y)] = color.RGBToYCbCr(c.R, c.G, c.B)
		}
	}
	for _, tt := range []struct {
		name string
		src  image.Image
		w, h int
	}{
		{"RGBA, both passes", src, 1600, 282},
		{"RGBA, width only", src, 1600, 300},
		{"RGBA, height only", src, 1700, 150},
		{"YCbCr", ycc, 640, 113},
	} {
		want := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
		draw.CatmullRom.Scale(want, want.Bounds(), tt.src, tt.src.Bounds(), draw.Src, nil)
		if d := meanDiff(t, resize(tt.src, tt.w, tt.h), want); d > 0.5 {
			t.Errorf("%s: mean difference %.2f levels from draw.CatmullRom", tt.name, d)
		}
	}
}

// TestResizeScratchIsBounded: resizing a tall image just wider than the
// largest variant allocates its two full-size buffers and bounded
// scratch, where draw.CatmullRom.Scale takes 32 bytes for every pixel
// (1600 × 6000 × 32 = 307 MB here).
//
// TotalAlloc counts the whole process: what other goroutines allocate
// meanwhile (the package's parallel tests, on a loaded machine) lands in
// it too (87 MB against 85 once in CI, the web and browser tests beside).
// The fewest bytes of three runs is the resize's own.
func TestResizeScratchIsBounded(t *testing.T) {
	src := photo(1601, 6000)
	var dst image.Image
	got := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		dst = resize(src, 1600, 5996)
		runtime.ReadMemStats(&after)
		got = min(got, after.TotalAlloc-before.TotalAlloc)
	}
	buffers := uint64(4 * 1600 * (6000 + 5996))
	if most := buffers + 2*scratchBytes + 4<<20; got > most {
		t.Errorf("resizing 1601×6000 to 1600×5996 allocated %d MB; want at most %d MB", got>>20, most>>20)
	}
	if dst.Bounds().Dx() != 1600 || dst.Bounds().Dy() != 5996 {
		t.Errorf("resized to %v", dst.Bounds())
	}
}

// TestUprightScalesThenTurns: turning the small result gives what turning
// the full-size photo first gave, for each orientation.
func TestUprightScalesThenTurns(t *testing.T) {
	src := photo(400, 300)
	for o := 1; o <= 8; o++ {
		turned := orient(src, o)
		tw := turned.Bounds().Dx()
		want := resize(turned, tw/2, heightFor(tw, turned.Bounds().Dy(), tw/2))
		if d := meanDiff(t, upright(src, o, tw/2), want); d > 0.5 {
			t.Errorf("orientation %d: mean difference %.2f levels", o, d)
		}
	}
}
