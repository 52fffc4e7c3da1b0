package media

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// Image work is bounded by the memory it holds, in two pools, so that
// anonymous citizens can neither exhaust the node nor make the staff wait:
//
//   - staffWork, 480 MiB, for the media library's uploads by signed-in
//     editors, of up to Limits.MaxPixels (40 MP) each;
//   - citizenWork, 304 MiB, for the attachments of the public forms
//     (Clean), of up to CitizenMaxPixels (25 MP: a 24 MP phone photo) each and
//     CitizenRequestPixels in one request. A citizen's image waits at
//     most citizenWait for its turn, then the form says the server is
//     busy.
//
// Each image is weighed before it is decoded by what it holds at its
// peak (cost). Per pixel of the image: the decoded image (d bytes), the
// resizer's two passes (4 each; resize keeps its scratch under
// scratchBytes, where Catmull-Rom alone used to take up to 32), and, for
// a progressive JPEG, its coefficients (4 a sample) until the last scan:
//
//	baseline JPEG (YCbCr counted unsubsampled)  d = 3  → 11 B/px
//	GIF, greyscale or palette PNG               d = 1  →  9 B/px
//	8-bit PNG, WebP, CMYK JPEG                  d = 4  → 12 B/px
//	16-bit PNG                                  d = 8  → 16 B/px
//	progressive JPEG                            5 × d  → 15 B/px (20 CMYK)
//
// or, if more, what encoding the largest variant holds: 9 bytes a pixel
// of it, and for staff uploads a WebP encoder (27 lossy, 47 lossless, up
// to webpMaxPixels); plus perImage, 16 MiB, for the scaler's scratch and
// the encoders' state. Measured with runtime/metrics at GOGC=5, the live
// peak stayed under the cost in every case (5–17 B/px on the citizens'
// path, 9–22 on the staff's with WebP, tall and 16-bit images included);
// before this accounting, an audit measured 1,274 MB.
//
// An image costing more than its whole pool is refused, so the pools
// hold at most 480 + 304 = 784 MiB of image work, three quarters of the
// 1 GiB soft memory limit cong serve sets (cli/gc.go), leaving 240 MiB
// for the rest (a node's live heap is a few MB; the forms and bytes of
// the uploads in progress, tens of MB). A 40 MP camera photo costs
// 40 × 11 + 16.8 = 457 MB and a 40 MP 8-bit PNG 497 MB, both within the
// staff's 503 MB; a 24.5 MP phone photo (5712×4284, the default of
// recent phones) 286 MB and a 25 MP PNG 316 MB, within the citizens'
// 318 MB: one at a time, with small ones beside it.
// A citizen's photo is quick to clean, being decoded, resized and encoded
// once (under a second for a 12 MP photo taken upright; three times that
// when every variant was made and the full-size photo turned).
var (
	staffWork   = newWorkPool(staffBudget, 0)
	citizenWork = newWorkPool(citizenBudget, citizenWait)
)

// The pools' budgets, in bytes.
const (
	staffBudget   = 480 << 20
	citizenBudget = 304 << 20
)

// CitizenMaxPixels is the most pixels an image from a citizen may have:
// most phones take 12 MP (4032×3024), recent ones 24 MP (5712×4284) by
// default; anything larger is not a phone photo a citizen sends.
const CitizenMaxPixels = 25_000_000

// CitizenRequestPixels is the most pixels a citizen's request may carry
// in all its images (see LimitRequestPixels): two 24 MP phone photos or
// three 12 MP ones, not three images at the ceiling.
const CitizenRequestPixels = 50_000_000

// citizenWait is how long a citizen's image waits for its turn before
// the answer is "busy, try again": the form comes back with the message
// instead of the request hanging behind a flood.
const citizenWait = 3 * time.Second

// perImage is what an image holds besides its per-pixel cost.
const perImage = 16 << 20

// workPool is a budget of memory for image work. An image waits until
// its cost fits beside the others in flight.
type workPool struct {
	sem      *semaphore.Weighted
	budget   int64         // bytes
	wait     time.Duration // longest wait for a turn; 0 for as long as the request lasts
	inFlight atomic.Int64  // bytes held now
}

func newWorkPool(budget int64, wait time.Duration) *workPool {
	return &workPool{sem: semaphore.NewWeighted(budget), budget: budget, wait: wait}
}

// acquire waits until n more bytes fit in the pool and returns the
// function that gives them back. An image of cfg costing more than the
// whole pool is refused at once.
func (p *workPool) acquire(ctx context.Context, cfg image.Config, n int64) (release func(), err error) {
	if n > p.budget {
		return nil, refuse(fmt.Sprintf("Ảnh %d×%d điểm ảnh cần quá nhiều bộ nhớ để xử lý: hãy thu nhỏ ảnh, hoặc lưu lại thành JPEG thông thường (không lũy tiến, hệ màu RGB), rồi tải lên lại.", cfg.Width, cfg.Height),
			fmt.Sprintf("The %d×%d image needs too much memory to process; make it smaller, or save it as a plain (baseline, RGB) JPEG, and upload it again.", cfg.Width, cfg.Height))
	}
	if p.wait > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.wait)
		defer cancel()
	}
	if err := p.sem.Acquire(ctx, n); err != nil { // given up, or waited too long
		return nil, busy()
	}
	p.inFlight.Add(n)
	return func() {
		p.inFlight.Add(-n)
		p.sem.Release(n)
	}, nil
}

// busy is the answer when an image waited too long for its turn.
func busy() error {
	return refuse("Máy chủ đang bận xử lý các ảnh khác; hãy thử gửi lại sau ít phút.",
		"The server is busy with other images; please try again in a few minutes.")
}

// cost is the memory, in bytes, that decoding, resizing and encoding the
// image of cfg (in format, with data its bytes) holds at its peak, with
// WebP variants or without; see the table above staffWork. Its phases
// follow each other, so the cost is the larger of the two.
func cost(format string, cfg image.Config, data []byte, webp bool) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	d := decodedBytes(cfg.ColorModel)
	// Decoding and resizing: the decoded image, the first pass's output
	// and the second's (at most 4 B/px each), which the collector may not
	// have reclaimed by the time the next is made.
	decoding := px * (d + 8)
	if format == "jpeg" && !baselineJPEG(data) {
		// A progressive JPEG keeps every coefficient (4 bytes a sample,
		// d samples a pixel at worst) until its last scan.
		decoding = max(decoding, px*5*d)
	}
	// Encoding the largest variant: its pixels, then the encoded
	// variants (JPEG or PNG, at most 5 B/px in all) and a WebP encoder.
	dw, dh := displaySize(image.Rect(0, 0, cfg.Width, cfg.Height), orientation(data, formats[format]))
	w := min(dw, Widths[len(Widths)-1])
	out := int64(w) * int64(heightFor(dw, dh, w))
	encoding := out * 9
	if webp {
		perPixel := int64(47) // nativewebp, lossless
		if format == "jpeg" {
			perPixel = 27 // libwebp, lossy
		}
		encoding += min(out, webpMaxPixels) * perPixel
	}
	return max(decoding, encoding) + perImage
}

// decodedBytes is the size of a pixel, at most, of an image decoded in
// color model m: 3 for JPEG's YCbCr (unsubsampled, at worst).
func decodedBytes(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok { // not comparable with ==
		return 1
	}
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	}
	return 4 // RGBA, NRGBA, CMYK, NYCbCrA
}

// baselineJPEG reports whether a JPEG's frame is baseline or extended
// sequential (SOF0, SOF1), read from the markers before its first scan.
// Anything else counts as progressive, the costlier case.
func baselineJPEG(jpg []byte) bool {
	for i := 2; i+4 <= len(jpg) && jpg[i] == 0xff; {
		switch marker := jpg[i+1]; marker {
		case 0xc0, 0xc1:
			return true
		case 0xc2, 0xda, 0xd9:
			return false
		}
		i += 2 + (int(jpg[i+2])<<8 | int(jpg[i+3]))
	}
	return false
}

// allowanceKey keys a request's pixel allowance in its context.
type allowanceKey struct{}

// LimitRequestPixels returns a context under which Clean processes at
// most n pixels of images in all: the attachments of one request share
// the allowance, and the one that would pass it is refused, before it is
// decoded. The web layer sets it for each public form.
func LimitRequestPixels(ctx context.Context, n int64) context.Context {
	a := &allowance{limit: n}
	a.left.Store(n)
	return context.WithValue(ctx, allowanceKey{}, a)
}

// allowance is what is left of a request's pixels.
type allowance struct {
	limit int64
	left  atomic.Int64
}

// spend takes px pixels from the allowance of ctx's request, if it has one.
func spend(ctx context.Context, px int64) error {
	a, ok := ctx.Value(allowanceKey{}).(*allowance)
	if !ok {
		return nil
	}
	if a.left.Add(-px) < 0 {
		a.left.Add(px)
		mp := float64(a.limit) / 1e6
		return refuse(fmt.Sprintf("Các ảnh gửi kèm vượt tổng cộng %.0f megapixel cho một lần gửi: hãy gửi ít ảnh hơn hoặc thu nhỏ ảnh rồi gửi lại.", mp),
			fmt.Sprintf("The images attached exceed %.0f megapixels in all for one request; send fewer or smaller images.", mp))
	}
	return nil
}
