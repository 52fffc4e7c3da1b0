// Command upload puts one new picture into a portal's media library, as
// an editor's upload does (media.Store.Upload: the original and its
// resized variants, content-addressed), for the incremental case of
// bench/backup/run.sh: the next `cong backup` must copy these files and
// no other.
//
//	go run ./bench/backup/upload -data DIR [-database URL] [-media DIR]
//
// It prints the stored picture's path in the media folder (run.sh counts
// the files the upload added to the folder).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
)

func main() {
	data := flag.String("data", "", "the portal's data folder")
	dbURL := flag.String("database", "", "PostgreSQL URL (empty: SQLite in -data)")
	dir := flag.String("media", "", "the media folder (default DATA/media)")
	flag.Parse()
	if err := run(*data, *dbURL, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "upload:", err)
		os.Exit(1)
	}
}

func run(data, dbURL, dir string) error {
	ctx := context.Background()
	if dir == "" {
		dir = filepath.Join(data, "media")
	}
	db, err := store.Open(ctx, dbURL, data)
	if err != nil {
		return err
	}
	defer db.Close()
	main, err := site.NewSites(db, time.Now).Main(ctx)
	if err != nil {
		return err
	}
	// A picture large enough to be given every variant, different at
	// every run (the time in its pixels), so that it is always new.
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1000))
	seed := uint8(time.Now().UnixNano())
	for y := 0; y < 1000; y++ {
		for x := 0; x < 1600; x++ {
			img.Set(x, y, color.RGBA{uint8(x) ^ seed, uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	ms := media.NewStoreOn(db, media.NewLocalBlobs(dir), time.Now, media.DefaultLimits())
	m, err := ms.Upload(ctx, main.ID, "anh-do-dac-sao-luu.png", &buf, audit.Actor{Name: "bench-backup", IP: "local"})
	if err != nil {
		return err
	}
	fmt.Println(m.Path())
	return nil
}
