package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// TestOlderCoverKept (issue 13, item 4): an item whose cover is older
// than the images the form offers keeps it when saved as shown — the
// choice lists it, chosen — on both databases. Before, the choice held
// only the 50 newest uploads, so saving such an item dropped its cover
// and the checks still found nothing wrong.
func TestOlderCoverKept(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		h.person("btv.anh", account.Editor, "dong-nai")
		b := h.browser()
		b.signIn("btv.anh")
		img := image.NewRGBA(image.Rect(0, 0, 64, 48))
		for x := range 64 {
			img.Set(x, x%48, color.RGBA{200, uint8(x), 40, 255})
		}
		var file bytes.Buffer
		png.Encode(&file, img)
		if p := b.upload("anh-cu.png", file.Bytes(), map[string]string{"alt": "Ảnh cũ"}); p.status != http.StatusSeeOther {
			t.Fatalf("upload = %d\n%.1500s", p.status, p.body)
		}
		var cover int64
		if err := db.QueryRow(ctx, `SELECT MAX(id) FROM media`).Scan(&cover); err != nil {
			t.Fatal(err)
		}
		// Sixty newer files, so that the cover is no longer among the
		// newest the form offers.
		for i := range 60 {
			if _, err := db.Exec(ctx, `INSERT INTO media (site_id, kind, sha256, mime, ext, size, original_name, created_at)
				SELECT site_id, 'file', ?, 'application/pdf', 'pdf', 10, ?, created_at FROM media WHERE id = ?`,
				fmt.Sprintf("%064d", i), fmt.Sprintf("van-ban-%d.pdf", i), cover); err != nil {
				t.Fatal(err)
			}
		}
		form := article("Bài có ảnh đại diện cũ", "<p>Nội dung.</p>")
		form.Set("cover", fmt.Sprint(cover))
		form.Set("cover_alt", "Ảnh cũ")
		path := b.newItem(form)

		p := b.get(path)
		chosen := fmt.Sprintf(`<option value="%d" selected>`, cover)
		if !strings.Contains(p.body, chosen) {
			t.Fatalf("the item form does not offer its own cover %d, chosen:\n%.3000s", cover, p.body)
		}
		// Saved as shown — the cover field as the choice sends it — with
		// the title changed: the cover stays.
		shown := "0"
		if m := regexp.MustCompile(`(?s)<select id="cover" name="cover">.*?<option value="(\d+)" selected>`).FindStringSubmatch(p.body); m != nil {
			shown = m[1]
		}
		form.Set("cover", shown)
		form.Set("title", "Bài có ảnh đại diện cũ (sửa)")
		if r := b.post(path, form); r.status >= 400 {
			t.Fatalf("save = %d\n%.2000s", r.status, r.body)
		}
		var kept int64
		if err := db.QueryRow(ctx, `SELECT COALESCE(r.cover_media_id, 0) FROM items i JOIN revisions r ON r.id = i.current_rev
			WHERE r.title = ?`, "Bài có ảnh đại diện cũ (sửa)").Scan(&kept); err != nil {
			t.Fatal(err)
		}
		if kept != cover {
			t.Errorf("after saving, the cover is %d; want %d", kept, cover)
		}
	})
}

// TestPlainTextBodyKeepsParagraphs (issue 13, item 9): a body typed as
// plain text in the item form's textarea (no editor bundle) keeps its
// paragraphs on the page instead of running them together.
func TestPlainTextBodyKeepsParagraphs(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("btv.van", account.Editor, "dong-nai")
	b := h.browser()
	b.signIn("btv.van")
	path := b.newItem(article("Bài gõ chữ thường", "Đoạn thứ nhất.\r\n\r\nĐoạn thứ hai, dòng một;\r\ndòng hai.\r\n"))
	var body string
	if err := h.db.QueryRow(context.Background(), `SELECT r.body FROM items i JOIN revisions r ON r.id = i.current_rev WHERE i.id = ?`,
		itemID(t, path)).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "<p>Đoạn thứ nhất.</p>") || !regexp.MustCompile(`<p>Đoạn thứ hai, dòng một;<br ?/?>dòng hai.</p>`).MatchString(body) {
		t.Fatalf("the paragraphs typed are not kept: %q", body)
	}
}
