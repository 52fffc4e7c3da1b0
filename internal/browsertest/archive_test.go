package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/congportal/cong/internal/archive"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/store/storetest"
)

// archivePages are the pages of the static copy TestStaticArchive opens
// from the folder: the home, an article, the legal documents with one of
// them, a draft open for comment, the feedback form's page (its form
// replaced by the note) and the English home.
var archivePages = []struct{ name, file string }{
	{"home", "index.html"},
	{"article", "tin-tuc/tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027/index.html"},
	{"legal documents", "van-ban/index.html"},
	{"legal document", "van-ban/luat-thue-bao-ve-moi-truong/index.html"},
	{"draft", "lay-y-kien/du-thao-nghi-quyet-quy-dinh-muc-ho-tro-chuyen-doi-so-cho-hop-tac-xa-tren-dia-ban/index.html"},
	{"comment form", "lay-y-kien/du-thao-nghi-quyet-quy-dinh-muc-ho-tro-chuyen-doi-so-cho-hop-tac-xa-tren-dia-ban/gop-y/index.html"},
	{"feedback form", "phan-anh-kien-nghi/index.html"},
	{"category", "chuyen-muc/tin-tuc-su-kien/index.html"},
	{"home-en", "en/index.html"},
}

// TestStaticArchive exports the demo portal with `cong export static`'s
// code, counts its links (every relative one must name a file of the
// copy), then opens the copy from the folder with file:// in Chromium:
// each page renders with its stylesheets and pictures, passes axe-core's
// WCAG 2.1 AA rules, and makes no request that leaves file://.
func TestStaticArchive(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	media := t.TempDir()
	if _, err := demo.Fill(ctx, db, time.Now, demo.WithMedia(media)); err != nil {
		t.Fatalf("demo: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "luu-tru")
	res, err := archive.Static(ctx, archive.StaticOptions{DB: db, MediaDir: media, Site: "dong-nai", Dir: dir,
		BaseURL: "https://dongnai.gov.vn", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	t.Logf("exported %d pages, %d files, %d theme files, %d media files", res.Pages, res.Files, res.Assets, res.Media)
	check, err := archive.Check(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("links in %d HTML files: %d, of which %d relative, %d external, %d other; broken: %d",
		check.Files, check.Links, check.Relative, check.External, check.Other, len(check.Broken))
	if check.Relative == 0 || len(check.Broken) > 0 {
		t.Errorf("%d broken links: %v", len(check.Broken), check.Broken)
	}

	bctx := Start(t)
	var mu sync.Mutex
	var left, failed []string
	urls := map[network.RequestID]string{}
	requests := chromedp.Events(bctx, network.RequestWillBeSent)
	failures := chromedp.Events(bctx, network.LoadingFailed)
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			mu.Lock()
			urls[ev.RequestID] = ev.Request.URL
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				left = append(left, u)
			}
			mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range failures {
			if err != nil {
				return
			}
			if ev.Type == network.ResourceTypeXHR || ev.Type == network.ResourceTypeFetch {
				continue // axe-core reading the stylesheets again, which file:// refuses it
			}
			mu.Lock()
			failed = append(failed, urls[ev.RequestID]+": "+ev.ErrorText)
			mu.Unlock()
		}
	}()

	for _, pg := range archivePages {
		t.Run(pg.name, func(t *testing.T) {
			u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, pg.file))}).String()
			do(t, bctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer")))
			type state struct {
				Href, Title                  string
				SiteCSS, ArchiveCSS          bool
				Images, Loaded, Forms, Notes int
				NonFile                      []string
			}
			s, err := chromedp.Run(bctx, chromedp.Evaluate[state](`(async () => {
				const imgs = [...document.images];
				imgs.forEach(i => { i.loading = "eager"; });
				await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })));
				const note = document.querySelector(".archive-note");
				return {Href: location.href, Title: document.title,
					SiteCSS: getComputedStyle(document.querySelector(".skip")).position === "absolute",
					ArchiveCSS: !!note && getComputedStyle(note).backgroundColor === "rgb(255, 248, 225)",
					Images: imgs.length, Loaded: imgs.filter(i => i.naturalWidth > 0).length,
					Forms: document.forms.length, Notes: document.querySelectorAll(".archive-note").length,
					NonFile: [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].map(e => e.name).filter(n => !n.startsWith("file://") && !n.startsWith("data:"))};
			})()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: %v", pg.file, err)
			}
			if !strings.HasPrefix(s.Href, "file://") || s.Title == "" {
				t.Fatalf("opened %s: %+v", u, s)
			}
			if !s.SiteCSS || !s.ArchiveCSS {
				t.Errorf("%s: stylesheets not applied (site.css %v, archive.css %v)", pg.file, s.SiteCSS, s.ArchiveCSS)
			}
			if s.Loaded != s.Images {
				t.Errorf("%s: %d of %d pictures load", pg.file, s.Loaded, s.Images)
			}
			if s.Forms != 0 || s.Notes < 2 { // the banner and the header's search note at least
				t.Errorf("%s: %d forms, %d archive notes", pg.file, s.Forms, s.Notes)
			}
			if len(s.NonFile) > 0 {
				t.Errorf("%s: resources loaded from outside the folder: %v", pg.file, s.NonFile)
			}
			t.Logf("%s: %q, %d pictures, %d notes", pg.file, s.Title, s.Images, s.Notes)
			Axe(t, bctx, "")
		})
	}
	// Following links works as in the portal: from the home to the legal
	// documents through the menu.
	t.Run("follow a link", func(t *testing.T) {
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, "index.html"))}).String()
		do(t, bctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer")))
		href := eval[string](t, bctx, `document.querySelector('nav.mainnav a[href$="van-ban/index.html"]').href`)
		do(t, bctx, chromedp.Navigate(href), chromedp.WaitReady(chromedp.CSS("table")))
		if got := eval[string](t, bctx, `location.pathname`); !strings.HasSuffix(got, "/van-ban/index.html") {
			t.Errorf("after the menu's link: %s", got)
		}
	})
	time.Sleep(200 * time.Millisecond) // the last events
	mu.Lock()
	defer mu.Unlock()
	if len(left) > 0 {
		t.Errorf("requests left file://: %v", left)
	}
	if len(failed) > 0 {
		t.Errorf("loads failed: %v", failed)
	}
}
