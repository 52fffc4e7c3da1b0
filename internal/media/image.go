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

	"github.com/HugoSmits86/nativewebp"
	"golang.org/x/image/webp"
)

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

// processImage checks the size an image declares, decodes it within the
// staff's budget of image work, and re-encodes it upright at each variant
// width. Re-encoding writes pixels only, so EXIF, GPS, comments and colour
// profiles are dropped. w and h are the image's size as displayed.
func processImage(ctx context.Context, data []byte, f *format, lim Limits) (w, h int, out []rendition, err error) {
	cfg, err := header(data, f, lim.MaxPixels)
	if err != nil {
		return 0, 0, nil, err
	}
	img, release, err := decodeIn(ctx, staffWork, data, f, cfg, true)
	if err != nil {
		return 0, 0, nil, err
	}
	defer release()
	o := orientation(data, f)
	w, h = displaySize(img.Bounds(), o)
	// A lossless WebP of a photo is several times its JPEG, so WebP is
	// tried only for images that came in lossless (drawings, logos,
	// screenshots), where it usually beats both PNG and JPEG.
	out, err = variants(ctx, img, o, f.name != "jpeg")
	return w, h, out, err
}

// cleanImage re-encodes a citizen's image upright at its own width, at
// most the largest variant width, as JPEG (PNG when transparent): the one
// rendition a request needs, made within the citizens' budget of image
// work, under their smaller pixel ceiling and what is left of their
// request's allowance (LimitRequestPixels).
func cleanImage(ctx context.Context, data []byte, f *format) (rendition, error) {
	cfg, err := header(data, f, CitizenMaxPixels)
	if err != nil {
		return rendition{}, err
	}
	if err := spend(ctx, int64(cfg.Width)*int64(cfg.Height)); err != nil {
		return rendition{}, err
	}
	img, release, err := decodeIn(ctx, citizenWork, data, f, cfg, false)
	if err != nil {
		return rendition{}, err
	}
	defer release()
	o := orientation(data, f)
	w, _ := displaySize(img.Bounds(), o)
	isOpaque := opaque(img)
	return encode(upright(img, o, min(w, Widths[len(Widths)-1])), isOpaque)
}

// header reads the size an image declares and refuses it above
// maxPixels. Only the header is read, before decoding allocates for that
// size: a few kilobytes can declare gigabytes of pixels.
func header(data []byte, f *format, maxPixels int64) (image.Config, error) {
	cfg, err := decoders[f.name].config(data)
	if err != nil {
		return cfg, brokenImage()
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return cfg, refuse(fmt.Sprintf("Ảnh có kích thước %d×%d điểm ảnh, vượt mức tối đa %d megapixel: hãy thu nhỏ ảnh rồi tải lên lại.",
			cfg.Width, cfg.Height, maxPixels/1_000_000),
			fmt.Sprintf("The image is %d×%d pixels, over the %d megapixel limit; make it smaller and upload it again.",
				cfg.Width, cfg.Height, maxPixels/1_000_000))
	}
	return cfg, nil
}

// decodeIn waits until pool can hold the memory that the image of cfg
// takes to decode, resize and encode (cost; with WebP variants or not),
// then decodes it. The caller calls release once done with the image.
func decodeIn(ctx context.Context, pool *workPool, data []byte, f *format, cfg image.Config, webp bool) (img image.Image, release func(), err error) {
	release, err = pool.acquire(ctx, cfg, cost(f.name, cfg, data, webp))
	if err != nil {
		return nil, nil, err
	}
	img, err = decoders[f.name].decode(data)
	if err != nil {
		release()
		return nil, nil, brokenImage()
	}
	return img, release, nil
}

// orientation is the EXIF orientation of a JPEG, 1 for other formats.
func orientation(data []byte, f *format) int {
	if f.name == "jpeg" {
		return exifOrientation(data)
	}
	return 1
}

// displaySize is the size of an image of bounds b once turned as EXIF
// orientation o says.
func displaySize(b image.Rectangle, o int) (w, h int) {
	if o >= 5 && o <= 8 {
		return b.Dy(), b.Dx()
	}
	return b.Dx(), b.Dy()
}

func brokenImage() error {
	return refuse("Không đọc được ảnh: tệp bị hỏng hoặc không đầy đủ. Hãy mở ảnh trên máy, lưu lại rồi tải lên.",
		"The image cannot be read: it is damaged or incomplete.")
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
// ratios), the largest turned upright as EXIF orientation o says; it
// encodes each as JPEG (or PNG when transparent) and as WebP — lossy for
// photographs, lossless for sources that were lossless (tryWebP) — kept
// only when smaller.
func variants(ctx context.Context, img image.Image, o int, tryWebP bool) ([]rendition, error) {
	isOpaque := opaque(img) // on the decoded image: RGBA would have to scan every pixel
	w, _ := displaySize(img.Bounds(), o)
	widths := variantWidths(w)
	top := len(widths) - 1
	// Only the largest variant is made from the full-size image, which
	// may go once it is made.
	dst := upright(img, o, widths[top])
	var out []rendition
	for i := top; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if i < top {
			dst = scale(dst, widths[i])
		}
		main, err := encode(dst, isOpaque)
		if err != nil {
			return nil, err
		}
		out = append(out, main)
		encodeWP := encodeLossyWebP
		if tryWebP {
			encodeWP = encodeWebP
		} else if !isOpaque {
			continue
		}
		if !webpWorth(dst) {
			continue
		}
		if wp, err := encodeWP(dst); err == nil && len(wp.data) < len(main.data) {
			out = append(out, wp)
		}
	}
	return out, nil
}

// webpMaxPixels bounds the variants also made in WebP: the encoders
// hold 27 (lossy) and 47 (lossless) bytes per pixel, so a variant of a
// tall infographic (1600×16 000) would take 1.2 GB. 1600×2400 covers a
// photo taken upright (1600×2133); larger variants stay JPEG or PNG,
// and their smaller widths still get a WebP.
const webpMaxPixels = 1600 * 2400

// webpWorth reports whether img is small enough to encode as WebP too.
func webpWorth(img image.Image) bool {
	b := img.Bounds()
	return b.Dx()*b.Dy() <= webpMaxPixels
}

// scale resizes src to width w, keeping its aspect ratio.
func scale(src *image.RGBA, w int) *image.RGBA {
	b := src.Bounds()
	return resize(src, w, heightFor(b.Dx(), b.Dy(), w))
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
