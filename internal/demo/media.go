package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
)

// Option changes what Fill adds.
type Option func(*options)

type options struct {
	mediaDir string
}

// WithMedia gives Fill the media folder the server serves (DATA/media):
// the demo then stores a cover image through the media store, as an
// editor's upload would be, and puts it on the featured article. Without
// it the demo has no images.
func WithMedia(dir string) Option { return func(o *options) { o.mediaDir = dir } }

// CoverWidth and CoverHeight are the size of the demo's cover image: a
// photograph straight from a camera is this wide or wider, so a page
// that forgot to scale covers down shows it (the reflow check).
const CoverWidth, CoverHeight = 1600, 900

// coverJPEG draws the demo's cover: a sky, hills and a river in the
// colours of a photograph, made here so that nothing is downloaded. Scene
// 0 is the featured article's, CoverWidth × CoverHeight; the others (for
// the home page's thumbnails and photos) are smaller and drawn at another
// hour of the day, so that each is its own upload.
func coverJPEG(scene int) ([]byte, error) {
	w, h := CoverWidth, CoverHeight
	if scene > 0 {
		w, h = 1024, 576
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	shift := float64(scene) * 1.7
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			hill := 0.55 + 0.08*math.Sin(fx*7+shift) + 0.05*math.Sin(fx*17+1+shift)
			river := 0.82 + 0.04*math.Sin(fx*5+2+shift)
			var c color.RGBA
			switch {
			case fy < hill: // sky, lighter towards the horizon; warmer later in the day
				c = color.RGBA{uint8(min(255, 90+120*fy+float64(40*scene))), uint8(150 + 90*fy), uint8(235 - 30*scene), 255}
			case fy < river: // green hills, with a little texture
				n := uint8(20 * math.Sin(float64(x*y)/97))
				c = color.RGBA{40 + n, uint8(120 + 60*(fy-hill)), 50, 255}
			default: // the river
				c = color.RGBA{50, 100, uint8(160 + 40*math.Sin(fx*40)), 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// uploadCover stores cover scene (see coverJPEG) for site siteID in dir
// through the media store and returns its id.
func uploadCover(ctx context.Context, db *store.DB, now func() time.Time, dir string, siteID int64, scene int, by audit.Actor) (int64, error) {
	data, err := coverJPEG(scene)
	if err != nil {
		return 0, err
	}
	name := "chuyen-doi-so-2027.jpg"
	if scene > 0 {
		name = fmt.Sprintf("anh-minh-hoa-%d.jpg", scene)
	}
	m, err := media.NewStore(db, dir, now, media.DefaultLimits()).Upload(ctx, siteID, name, bytes.NewReader(data), by)
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}
