package media

import (
	"bytes"
	"context"
	"fmt"
	lossywebp "github.com/gen2brain/webp"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"sync/atomic"

	"github.com/HugoSmits86/nativewebp"
	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
	"golang.org/x/sync/semaphore"
)

// pixelsAtOnce bounds the pixels this process decodes and scales at the
// same time. A 36-megapixel photo takes about 600 MB while its variants
// are made, so without a bound a handful of uploads arriving together —
// staff photos, or citizens' attachments on the public form — could use
// up a node's memory. The bound is one image of the largest size accepted
// (40 megapixels, about 700 MB), which stays under the soft memory limit
// cong serve sets (1 GiB; cli/gc.go), or several smaller ones. An image
// waits for its turn, or until its request is given up.
var pixelsAtOnce = newPixelBound(40_000_000)

type pixelBound struct {
	sem      *semaphore.Weighted
	budget   int64
	inFlight atomic.Int64 // what is being processed now
}

func newPixelBound(budget int64) *pixelBound {
	return &pixelBound{sem: semaphore.NewWeighted(budget), budget: budget}
}

// acquire waits until n more pixels may be processed and returns the
// function that gives them back.
func (b *pixelBound) acquire(ctx context.Context, n int64) (release func(), err error) {
	n = min(n, b.budget)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, err
	}
	b.inFlight.Add(n)
	return func() {
		b.inFlight.Add(-n)
		b.sem.Release(n)
	}, nil
}

// jpegQuality balances size and artefacts for photos on news pages.
const jpegQuality = 82

// rendition is an encoded variant waiting to be stored.
type rendition struct {
	width  int
	format string
	ext    string
	data   []byte
}

// decoders are the image formats accepted, chosen by sniffed content and
// never through image.Decode's registry (which other packages could grow).
var decoders = map[string]struct {
	config func([]byte) (image.Config, error)
	decode func([]byte) (image.Image, error)
}{
	"jpeg": {func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }},
	"png": {func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }},
	"gif": {func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }}, // first frame only
	"webp": {func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) },
		func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }},
}

// processImage checks the size an image declares, decodes it, turns it
// upright and re-encodes it at each variant width. Re-encoding writes
// pixels only, so EXIF, GPS, comments and colour profiles are dropped.
func processImage(ctx context.Context, data []byte, f *format, lim Limits) (w, h int, out []rendition, err error) {
	dec := decoders[f.name]
	cfg, err := dec.config(data)
	if err != nil {
		return 0, 0, nil, brokenImage()
	}
	// The header's size is checked before decoding allocates for it: a
	// few kilobytes can declare gigabytes of pixels.
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > lim.MaxPixels {
		return 0, 0, nil, refuse(fmt.Sprintf("Ảnh có kích thước %d×%d điểm ảnh, vượt mức tối đa %d megapixel: hãy thu nhỏ ảnh rồi tải lên lại.",
			cfg.Width, cfg.Height, lim.MaxPixels/1_000_000),
			fmt.Sprintf("The image is %d×%d pixels, over the %d megapixel limit.", cfg.Width, cfg.Height, lim.MaxPixels/1_000_000))
	}
	release, err := pixelsAtOnce.acquire(ctx, int64(cfg.Width)*int64(cfg.Height))
	if err != nil { // the request was given up, or timed out, while it waited
		return 0, 0, nil, busy()
	}
	defer release()
	img, err := dec.decode(data)
	if err != nil {
		return 0, 0, nil, brokenImage()
	}
	if f.name == "jpeg" {
		img = orient(img, exifOrientation(data))
	}
	isOpaque := opaque(img) // before conversion: RGBA would have to scan every pixel
	img = toRGBA(img)
	b := img.Bounds()
	w, h = b.Dx(), b.Dy()
	// A lossless WebP of a photo is several times its JPEG, so WebP is
	// tried only for images that came in lossless (drawings, logos,
	// screenshots), where it usually beats both PNG and JPEG.
	out, err = variants(ctx, img, isOpaque, f.name != "jpeg")
	return w, h, out, err
}

// busy is the answer when an image waited too long for its turn.
func busy() error {
	return refuse("Máy chủ đang bận xử lý các ảnh khác; hãy thử tải lên lại sau ít phút.",
		"The server is busy with other images; try the upload again in a few minutes.")
}

func brokenImage() error {
	return refuse("Không đọc được ảnh: tệp bị hỏng hoặc không đầy đủ. Hãy mở ảnh trên máy, lưu lại rồi tải lên.",
		"The image cannot be read: it is damaged or incomplete.")
}

// toRGBA converts img once, so that the scaler takes its fast RGBA path
// (several times faster than its YCbCr path) at every width.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	b := img.Bounds()
	r := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(r, r.Bounds(), img, b.Min, draw.Src)
	return r
}

// opaque reports whether img has no transparent pixel; only such images
// become JPEG.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// variantWidths are the widths to make for an image w pixels wide: the
// standard widths below w, then w itself up to the largest standard one,
// so a small image is never enlarged and a large one keeps detail.
func variantWidths(w int) []int {
	var out []int
	for _, sw := range Widths {
		if sw < w {
			out = append(out, sw)
		}
	}
	if top := Widths[len(Widths)-1]; w <= top {
		out = append(out, w)
	}
	return out
}

// variants scales img to every width, largest first so that each smaller
// one is scaled from the previous (cheaper, and no visible loss at these
// ratios), and encodes each as JPEG (or PNG when transparent) and as WebP
// — lossy for photographs, lossless for sources that were lossless
// (tryWebP) — kept only when smaller.
func variants(ctx context.Context, img image.Image, isOpaque, tryWebP bool) ([]rendition, error) {
	widths := variantWidths(img.Bounds().Dx())
	var out []rendition
	src := img
	for i := len(widths) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dst := scale(src, widths[i])
		main, err := encode(dst, isOpaque)
		if err != nil {
			return nil, err
		}
		out = append(out, main)
		src = dst
		encodeWP := encodeLossyWebP
		if tryWebP {
			encodeWP = encodeWebP
		} else if !isOpaque {
			continue
		}
		if wp, err := encodeWP(dst); err == nil && len(wp.data) < len(main.data) {
			out = append(out, wp)
		}
	}
	return out, nil
}

// scale resizes src to width w with Catmull-Rom, keeping the aspect ratio.
func scale(src image.Image, w int) *image.RGBA {
	b := src.Bounds()
	h := max(1, (b.Dy()*w+b.Dx()/2)/b.Dx())
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// encode writes img as JPEG, or as PNG when it has transparency.
func encode(img *image.RGBA, isOpaque bool) (rendition, error) {
	var buf bytes.Buffer
	r := rendition{width: img.Bounds().Dx()}
	var err error
	if isOpaque {
		r.format, r.ext = "jpeg", "jpg"
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		r.format, r.ext = "png", "png"
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
	}
	r.data = buf.Bytes()
	return r, err
}

// encodeLossyWebP writes a photograph as lossy WebP (quality 75, about
// the look of JPEG 82 in fewer bytes) with libwebp compiled to
// WebAssembly and run by wazero: pure Go, no cgo.
func encodeLossyWebP(img *image.RGBA) (rendition, error) {
	var buf bytes.Buffer
	err := lossywebp.Encode(&buf, img, lossywebp.Options{Quality: webpQuality})
	return rendition{width: img.Bounds().Dx(), format: "webp", ext: "webp", data: buf.Bytes()}, err
}

// webpQuality is the lossy WebP quality of photographs.
const webpQuality = 75

// encodeWebP writes img as lossless WebP with a pure-Go encoder
// (nativewebp), for sources that were lossless (drawings, screenshots).
func encodeWebP(img *image.RGBA) (rendition, error) {
	var buf bytes.Buffer
	err := nativewebp.Encode(&buf, img, nil)
	return rendition{width: img.Bounds().Dx(), format: "webp", ext: "webp", data: buf.Bytes()}, err
}
