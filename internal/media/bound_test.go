package media

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPixelsAtOnceAreBounded: images processed together never hold more
// pixels than the bound (here two 0.48-megapixel photos of six); each
// still gets its variants; a request given up while it waits stops
// waiting.
func TestPixelsAtOnceAreBounded(t *testing.T) {
	old := pixelsAtOnce
	pixelsAtOnce = newPixelBound(1_000_000)
	t.Cleanup(func() { pixelsAtOnce = old })
	jpg := jpegBytes(t, photo(800, 600))
	f := formats["jpeg"]

	var peak int64
	stop := make(chan struct{})
	var watch sync.WaitGroup
	watch.Add(1)
	go func() {
		defer watch.Done()
		for {
			peak = max(peak, pixelsAtOnce.inFlight.Load())
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
	if peak > 1_000_000 || peak == 0 {
		t.Errorf("%d pixels were processed at once; the bound is 1,000,000", peak)
	}

	// All the budget taken: a request that is given up stops waiting.
	release, err := pixelsAtOnce.acquire(context.Background(), 5_000_000) // more than the bound: takes it all
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, _, _, err := processImage(ctx, jpg, f, DefaultLimits()); err == nil || !strings.Contains(err.Error(), "bận") {
		t.Errorf("waiting past its deadline: %v; want the busy message", err)
	}
	release()
}
