package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/web"
)

// TestPublicHome (issue 13, the home page of a province): on both
// databases, through the real server, the main portal's home shows the
// lead story (the newest featured article) with its cover as a responsive
// picture, its summary and its date in words; each home-block category
// with its newest items, their cover thumbnails (sized, with the item's
// alt text) and a "Xem tất cả" link; quick links to the National Public
// Service Portal, the legal documents, feedback and Q&A; the latest
// spokesperson statements; the newest covers as photos and the two
// newest videos of the media library (controls, preload="none", never
// autoplay; captions when a .vtt of the same name was uploaded; a
// download link); the component sites grouped by kind; the drafts open for comment. Every link of the
// page leads somewhere (the gazette's once the demo's issues exist; no
// leaders' schedule, which the portal does not have yet),
// nothing moves by itself, headings do not skip a level. The English home
// and a component site's home use the same template sensibly.
func TestPublicHome(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mediaDir := t.TempDir()
		h := newHarness(t, db, func(o *web.Options) { o.MediaDir = mediaDir })
		ms := media.NewStore(db, mediaDir, h.clock.Now, media.DefaultLimits())
		cover := func(slug, alt string, shade uint8) {
			t.Helper()
			img := image.NewRGBA(image.Rect(0, 0, 480, 270))
			for y := range 270 {
				for x := range 480 {
					img.Set(x, y, color.RGBA{shade, uint8(x / 2), uint8(y), 255})
				}
			}
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, img, nil); err != nil {
				t.Fatal(err)
			}
			m, err := ms.Upload(ctx, h.main.ID, slug+".jpg", &buf, audit.CLI)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(ctx, `UPDATE revisions SET cover_media_id = ?, cover_alt = ?
				WHERE id = (SELECT published_rev FROM items WHERE slug = ? AND site_id = ?)`, m.ID, alt, slug, h.main.ID); err != nil {
				t.Fatal(err)
			}
		}
		const (
			leadSlug  = "tinh-trien-khai-ke-hoach-chuyen-doi-so-nam-2027"
			leadAlt   = "Đồi xanh bên sông, ảnh minh họa kế hoạch chuyển đổi số"
			noticeAlt = "Trụ sở tiếp công dân tỉnh"
		)
		cover(leadSlug, leadAlt, 40)
		cover("thong-bao-lich-tiep-cong-dan-thang-12", noticeAlt, 200)

		// Videos in the media library: three (the oldest is not shown),
		// the newest with its captions (a .vtt of the same name) and an
		// alternative text, and a document uploaded after them all.
		upload := func(name string, data []byte) *media.Media {
			t.Helper()
			m, err := ms.Upload(ctx, h.main.ID, name, bytes.NewReader(data), audit.CLI)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return m
		}
		const festivalAlt = "Lễ hội hoa xuân 2027 tại quảng trường tỉnh"
		upload("Video cũ.mp4", tinyMP4(1))
		meeting := upload("Hội nghị trực tuyến.mp4", tinyMP4(2))
		festival := upload("Lễ hội hoa xuân.mp4", tinyMP4(3))
		captions := upload("Lễ hội hoa xuân.vtt", []byte("WEBVTT\n\n00:00.000 --> 00:03.000\nKhai mạc lễ hội hoa xuân.\n"))
		if err := ms.SetAlt(ctx, festival.ID, festivalAlt, audit.CLI); err != nil {
			t.Fatal(err)
		}
		upload("Kế hoạch.txt", []byte("Kế hoạch tổ chức lễ hội.\n"))

		// A statement: the announcement, made by one of the demo's
		// spokespersons of the main portal.
		dir := directory.NewStore(db, h.clock.Now)
		sps, err := dir.Spokespersons(ctx, []int64{h.main.ID}, dir.Today())
		if err != nil || len(sps) == 0 {
			t.Fatalf("the demo's spokespersons: %v, %v", sps, err)
		}
		var noticeID int64
		if err := db.QueryRow(ctx, `SELECT id FROM items WHERE slug = ? AND site_id = ?`, "thong-bao-lich-tiep-cong-dan-thang-12", h.main.ID).Scan(&noticeID); err != nil {
			t.Fatal(err)
		}
		if err := dir.SetStatement(ctx, h.main.ID, noticeID, sps[0].ID, audit.CLI); err != nil {
			t.Fatal(err)
		}

		anon := h.browser()
		home := anon.get("/")
		if home.status != 200 {
			t.Fatalf("home = %d\n%.2000s", home.status, home.body)
		}
		main := section(home.body, "<main", "</main>")

		// The lead story.
		lead := elementWithID(main, "noi-bat", "section")
		if lead == "" {
			t.Fatalf("no lead story (section noi-bat):\n%.4000s", main)
		}
		for _, want := range []string{`href="/tin-tuc/` + leadSlug + `"`, "Tỉnh triển khai kế hoạch chuyển đổi số năm 2027",
			"tập trung vào dịch vụ công trực tuyến toàn trình", "<picture>", `alt="` + leadAlt + `"`, `sizes="`} {
			if !strings.Contains(lead, want) {
				t.Errorf("the lead story lacks %q:\n%s", want, lead)
			}
		}
		if !regexp.MustCompile(`<img src="/media/[^"]+-w480\.jpg" srcset="/media/[^"]+-w320\.jpg 320w, /media/[^"]+-w480\.jpg 480w"`).MatchString(lead) {
			t.Errorf("the lead's cover is not a srcset of its variants:\n%s", lead)
		}
		if !regexp.MustCompile(`width="480" height="270"`).MatchString(lead) {
			t.Errorf("the lead's cover has no width and height:\n%s", lead)
		}
		if !regexp.MustCompile(`<time datetime="\d{4}-\d\d-\d\d">ngày \d{1,2} tháng \d{1,2} năm \d{4}</time>`).MatchString(lead) {
			t.Errorf("the lead has no date in words:\n%s", lead)
		}
		// The cover is served.
		if m := regexp.MustCompile(`<img src="(/media/[^"]+)"`).FindStringSubmatch(lead); m != nil {
			if p := anon.get(m[1]); p.status != 200 {
				t.Errorf("the lead's cover %s = %d", m[1], p.status)
			}
		}

		// News by section, with thumbnails and a link to all.
		for _, b := range []struct{ slug, title, alt string }{
			{"tin-tuc-su-kien", "Tỉnh triển khai kế hoạch chuyển đổi số năm 2027", leadAlt},
			{"thong-bao", "Thông báo lịch tiếp công dân tháng 12", noticeAlt},
		} {
			block := section(main, `aria-labelledby="khoi-`+b.slug+`"`, "</section>")
			if block == "" {
				t.Errorf("no home block %s", b.slug)
				continue
			}
			if !strings.Contains(block, b.title) {
				t.Errorf("block %s lacks %q:\n%s", b.slug, b.title, block)
			}
			thumb := regexp.MustCompile(`<img class="thumb" src="/media/[^"]+-w320\.jpg" srcset="[^"]+" sizes="[^"]+" alt="([^"]*)" width="320" height="180"`).FindStringSubmatch(block)
			if thumb == nil || thumb[1] != b.alt {
				t.Errorf("block %s has no sized thumbnail with the cover's alt %q:\n%s", b.slug, b.alt, block)
			}
			if !regexp.MustCompile(`<a href="/chuyen-muc/` + b.slug + `">Xem tất cả`).MatchString(block) {
				t.Errorf("block %s has no link to all its items:\n%s", b.slug, block)
			}
		}

		// Quick links, and none to what does not exist.
		quick := elementWithID(main, "lien-ket-nhanh", "nav")
		for _, want := range []string{`href="https://dichvucong.gov.vn/"`, "Cổng Dịch vụ công quốc gia", `href="/van-ban"`,
			`href="/phan-anh-kien-nghi"`, `href="/hoi-dap"`, `href="/lay-y-kien"`, `href="/cong-bao"`} {
			if !strings.Contains(quick, want) {
				t.Errorf("the quick links lack %s:\n%s", want, quick)
			}
		}
		// The leaders' schedule exists now (issue 20): its link must lead
		// to the page.
		if !strings.Contains(main, `href="/lich-cong-tac"`) {
			t.Errorf("the home does not link the leaders' schedule")
		} else if p := anon.get("/lich-cong-tac"); p.status != 200 {
			t.Errorf("the home links /lich-cong-tac, which answers %d", p.status)
		}

		// Statements.
		said := elementWithID(main, "phat-ngon", "section")
		if !strings.Contains(said, "Thông báo lịch tiếp công dân tháng 12") || !strings.Contains(said, sps[0].FullName) ||
			!strings.Contains(said, `href="/nguoi-phat-ngon"`) {
			t.Errorf("the statements section:\n%s", said)
		}

		// The drafts open for comment (the demo's), linked to their
		// pages and to the whole list.
		drafts := elementWithID(main, "lay-y-kien", "section")
		if !strings.Contains(drafts, "Dự thảo Nghị quyết quy định mức hỗ trợ chuyển đổi số cho hợp tác xã") ||
			!strings.Contains(drafts, `href="/lay-y-kien/du-thao-nghi-quyet-`) || !strings.Contains(drafts, "góp ý đến") ||
			strings.Contains(drafts, "camera giám sát") { // closed: not listed
			t.Errorf("the drafts section:\n%s", drafts)
		}
		if m := regexp.MustCompile(`href="(/lay-y-kien/[^"]+)"`).FindStringSubmatch(drafts); m == nil || anon.get(m[1]).status != 200 {
			t.Errorf("the open draft's link does not open: %v", m)
		}

		// Photos and videos: the covers, newest first, as links; the two
		// newest videos, played only when asked, the newest with its
		// captions.
		photos := elementWithID(main, "anh", "section")
		if !strings.Contains(photos, `<h2 id="anh">Ảnh – Video</h2>`) {
			t.Errorf("the photos and videos section is not named so:\n%s", photos)
		}
		videos := regexp.MustCompile(`(?s)<video[^>]*>.*?</video>\s*<figcaption>.*?</figcaption>`).FindAllString(photos, -1)
		if len(videos) != 2 {
			t.Fatalf("videos = %d, want the 2 newest:\n%s", len(videos), photos)
		}
		for i, want := range []struct {
			m        *media.Media
			title    string
			captions bool
		}{{festival, festivalAlt, true}, {meeting, "Hội nghị trực tuyến", false}} {
			v := videos[i]
			for _, part := range []string{`<video controls preload="none" width="640" height="360">`,
				`<source src="` + want.m.URL() + `" type="video/mp4">`, "<figcaption>" + want.title + " ",
				`<a class="video-download" href="` + want.m.URL() + `" download>Tải video về<span class="visually-hidden">: ` + want.title + `</span> (MP4, 1 KB)</a>`} {
				if !strings.Contains(v, part) {
					t.Errorf("video %d lacks %s:\n%s", i, part, v)
				}
			}
			track := `<track kind="captions" srclang="vi" label="Tiếng Việt" src="` + captions.URL() + `" default>`
			if strings.Contains(v, "<track") != want.captions || want.captions && !strings.Contains(v, track) {
				t.Errorf("video %d: want captions %v (%s):\n%s", i, want.captions, track, v)
			}
		}
		for _, src := range []string{festival.URL(), captions.URL()} {
			if p := anon.get(src); p.status != 200 {
				t.Errorf("%s = %d", src, p.status)
			}
		}
		if n := strings.Count(photos, "<li><a href="); n != 2 {
			t.Errorf("photos = %d, want the 2 covers:\n%s", n, photos)
		}
		if !strings.Contains(photos, `alt="`+noticeAlt+`"`) || !strings.Contains(photos, `alt="`+leadAlt+`"`) {
			t.Errorf("the photos lack their alt texts:\n%s", photos)
		}

		// The component sites by kind.
		sites := elementWithID(main, "trang-thanh-phan", "section")
		groups := regexp.MustCompile(`(?s)<h3>([^<]+)</h3>\s*<ul class="site-list">(.*?)</ul>`).FindAllStringSubmatch(sites, -1)
		got := map[string]string{}
		for _, g := range groups {
			got[g[1]] = g[2]
		}
		for kind, link := range map[string]string{"Sở, ban, ngành": `href="/so-khcn/"`, "Xã, phường, đặc khu": `href="/phuong-tran-bien/"`,
			"Huyện, thị xã, thành phố (lưu trữ)": `href="/bien-hoa/"`} {
			if !strings.Contains(got[kind], link) {
				t.Errorf("the component sites of kind %q lack %s:\n%s", kind, link, sites)
			}
		}

		// Nothing moves by itself; headings do not skip a level.
		for _, moving := range []string{"autoplay", "<marquee", "carousel", `preload="auto"`, `preload="metadata"`} {
			if strings.Contains(main, moving) {
				t.Errorf("the home has %s", moving)
			}
		}
		checkHeadings(t, "/", main)

		// Every link leads somewhere.
		checkLinks(t, anon, "/", home.body)

		// The English home: English quick links, no Vietnamese interface text.
		en := anon.get("/en/")
		if en.status != 200 {
			t.Fatalf("/en/ = %d", en.status)
		}
		enMain := section(en.body, "<main", "</main>")
		for _, want := range []string{"Quick links", "National Public Service Portal", `href="/en/van-ban"`, `href="/en/hoi-dap"`, `href="/" hreflang="vi"`} {
			if !strings.Contains(enMain, want) {
				t.Errorf("the English home lacks %s:\n%.3000s", want, enMain)
			}
		}
		for _, vi := range []string{"Xem tất cả", "Liên kết nhanh", "Tin nổi bật", "Trang thành phần", "<video", "Tải video"} {
			if strings.Contains(enMain, vi) {
				t.Errorf("the English home says %q", vi)
			}
		}
		checkHeadings(t, "/en/", enMain)
		checkLinks(t, anon, "/en/", en.body)

		// A component site's home: its own quick links, no list of sites.
		khcn := anon.get("/so-khcn/")
		if khcn.status != 200 {
			t.Fatalf("/so-khcn/ = %d", khcn.status)
		}
		kMain := section(khcn.body, "<main", "</main>")
		if !strings.Contains(kMain, `href="/so-khcn/van-ban"`) || !strings.Contains(kMain, `href="https://dichvucong.gov.vn/"`) ||
			strings.Contains(kMain, `id="trang-thanh-phan"`) || strings.Contains(kMain, "<video") || strings.Contains(kMain, "video-list") { // the main portal's videos are its own
			t.Errorf("the component site's home:\n%.3000s", kMain)
		}
		checkHeadings(t, "/so-khcn/", kMain)
		checkLinks(t, anon, "/so-khcn/", khcn.body)
	})
}

// tinyMP4 is the start of an MP4 file, different for each salt: an
// ftyp box of brand isom and a free box. The media library recognises it
// as a video; no player would show anything.
func tinyMP4(salt byte) []byte {
	return append([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41\x00\x00\x00\x0cfree\x00\x00\x00"), salt)
}

var headingRE = regexp.MustCompile(`<h([1-6])[ >]`)

// checkHeadings fails when a heading of main is more than one level
// below the one before it, or the first is not an h1.
func checkHeadings(t *testing.T, path, main string) {
	t.Helper()
	prev := 0
	for _, m := range headingRE.FindAllStringSubmatch(main, -1) {
		level, _ := strconv.Atoi(m[1])
		if level > prev+1 {
			t.Errorf("%s: an h%d after an h%d", path, level, prev)
		}
		prev = level
	}
}

var homeHrefRE = regexp.MustCompile(`href="([^"#]*)`)

// checkLinks follows every link of a page within the portal and fails
// on one that does not answer; the only link outside is the National
// Public Service Portal.
func checkLinks(t *testing.T, b *browser, path, body string) {
	t.Helper()
	seen := map[string]bool{}
	for _, m := range homeHrefRE.FindAllStringSubmatch(body, -1) {
		href := strings.TrimPrefix(strings.ReplaceAll(m[1], "&amp;", "&"), b.h.srv.URL) // the alternates are absolute
		if href == "" || seen[href] || strings.HasPrefix(href, "mailto:") || strings.HasPrefix(href, "tel:") {
			continue
		}
		seen[href] = true
		if !strings.HasPrefix(href, "/") {
			if href != "https://dichvucong.gov.vn/" {
				t.Errorf("%s links outside the portal: %s", path, href)
			}
			continue
		}
		if p := b.get(href); p.status >= 400 {
			t.Errorf("%s links to %s, which answers %d", path, href, p.status)
		}
	}
}
