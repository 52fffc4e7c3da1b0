package media

import (
	"image"

	"golang.org/x/image/draw"
)

// scratchBytes bounds the scaler's scratch buffer. x/image/draw's kernel
// scaler keeps 32 bytes (four float64) for every pixel of a target-wide,
// source-tall image: 1600 × 25 000 × 32 = 1.28 GB for a 40-megapixel
// image 1601 pixels wide. resize calls it on bands small enough that the
// buffer stays under this bound whatever the image's shape.
const scratchBytes = 4 << 20

// resize scales src to w×h with Catmull-Rom in two separable passes,
// as draw.CatmullRom.Scale does, but each pass on bands along the axis it
// leaves alone: first the width, a band of rows at a time, then the
// height, a strip of columns at a time. A band maps its pixels one to one
// along that axis (Catmull-Rom weighs a whole-pixel offset as 0), so the
// bands join without seams and the result is the kernel's own. The only
// full-size buffer is the RGBA image between the passes, w×src-height;
// src may go once the first pass is done.
func resize(src image.Image, w, h int) *image.RGBA {
	return scaleHeight(scaleWidth(src, w), h)
}

// scaleWidth is resize's first pass: src scaled to width w, a band of
// rows at a time; src itself, converted to RGBA, when already w wide.
func scaleWidth(src image.Image, w int) *image.RGBA {
	b := src.Bounds()
	if w == b.Dx() {
		return toRGBA(src)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, b.Dy()))
	onBands(b.Dy(), w, func(n int) draw.Scaler { return draw.CatmullRom.NewScaler(w, n, b.Dx(), n) },
		func(z draw.Scaler, y0, y1 int) {
			z.Scale(dst, image.Rect(0, y0, w, y1), src, image.Rect(b.Min.X, b.Min.Y+y0, b.Max.X, b.Min.Y+y1), draw.Src, nil)
		})
	return dst
}

// scaleHeight is resize's second pass: src scaled to height h, a strip
// of columns at a time.
func scaleHeight(src *image.RGBA, h int) *image.RGBA {
	b := src.Bounds()
	if h == b.Dy() {
		return src
	}
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), h))
	onBands(b.Dx(), b.Dy(), func(n int) draw.Scaler { return draw.CatmullRom.NewScaler(n, h, n, b.Dy()) },
		func(z draw.Scaler, x0, x1 int) {
			z.Scale(dst, image.Rect(x0, 0, x1, h), src, image.Rect(b.Min.X+x0, b.Min.Y, b.Min.X+x1, b.Max.Y), draw.Src, nil)
		})
	return dst
}

// onBands cuts the range [0, n) into bands whose scratch buffer (band
// size × across × 32 bytes) fits scratchBytes, and calls do on each with
// a scaler made by newScaler once for the full bands and once for the
// last, shorter one: a scaler precomputes its weights and reuses its
// buffer.
func onBands(n, across int, newScaler func(size int) draw.Scaler, do func(z draw.Scaler, from, to int)) {
	size := min(n, max(1, scratchBytes/(32*across)))
	z := newScaler(size)
	for from := 0; from < n; from += size {
		to := min(from+size, n)
		if to-from != size {
			z = newScaler(to - from)
		}
		do(z, from, to)
	}
}

// heightFor is the height of a w-pixel-wide rendition of an image of
// sw×sh, keeping its aspect ratio.
func heightFor(sw, sh, w int) int {
	return max(1, (sh*w+sw/2)/sw)
}

// upright returns img scaled to width w as displayed, that is after the
// EXIF orientation o, and turned upright. Scaling comes first, so only
// the small result is turned, never the full-size photo.
func upright(img image.Image, o, w int) *image.RGBA {
	b := img.Bounds()
	sideways := o >= 5 && o <= 8 // the display swaps the axes
	dw, dh := b.Dx(), b.Dy()
	if sideways {
		dw, dh = dh, dw
	}
	rw, rh := w, heightFor(dw, dh, w)
	if sideways {
		rw, rh = rh, rw
	}
	return orient(resize(img, rw, rh), o)
}

// toRGBA returns img as RGBA, converted when it is not already: the
// variants, the encoders and orient take RGBA.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok {
		return r
	}
	b := img.Bounds()
	r := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(r, r.Bounds(), img, b.Min, draw.Src)
	return r
}
