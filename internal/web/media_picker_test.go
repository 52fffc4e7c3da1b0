package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store/storetest"
)

// pickerAnswer is the JSON of GET /quan-tri/s/{site}/tep.json.
type pickerAnswer struct {
	Page   int `json:"page"`
	Next   int `json:"next"`
	Images []struct {
		ID    int64  `json:"id"`
		URL   string `json:"url"`
		Thumb string `json:"thumb"`
		Alt   string `json:"alt"`
		Name  string `json:"name"`
	} `json:"images"`
}

// tinyPNG is a distinct small image for each n.
func tinyPNG(n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for x := range 48 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{uint8(n), uint8(n * 7), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

// uploadTo posts a file to the media library of the site code as the
// media page's form does, and wants it stored (303 to the media page).
func (b *browser) uploadTo(code, name string, data []byte, alt string) {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.WriteField("alt", alt)
	mw.Close()
	req, _ := http.NewRequest("POST", b.h.srv.URL+"/quan-tri/s/"+code+"/tep", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	if p := b.do(req); p.status != http.StatusSeeOther {
		b.h.t.Fatalf("upload %s to %s = %d\n%.1500s", name, code, p.status, p.body)
	}
}

func (b *browser) picker(code string, page int) (int, pickerAnswer) {
	b.h.t.Helper()
	p := b.get(fmt.Sprintf("/quan-tri/s/%s/tep.json?trang=%d", code, page))
	var a pickerAnswer
	if p.status == http.StatusOK {
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			b.h.t.Fatalf("tep.json answered %s", ct)
		}
		if err := json.Unmarshal([]byte(p.body), &a); err != nil {
			b.h.t.Fatalf("tep.json: %v\n%.500s", err, p.body)
		}
	}
	return p.status, a
}

// TestMediaPickerJSON: the editor's picker lists the site's images,
// newest first, with thumbnails and paging, to those who may see the
// media page, and to no one else; another site's images never appear.
func TestMediaPickerJSON(t *testing.T) {
	h := newHarness(t, storetest.SQLite(t))
	h.person("mp.btv", account.Editor, "dong-nai")
	h.person("mp.ctv", account.Collaborator, "dong-nai")
	h.person("mp.khcn", account.Editor, "so-khcn")
	h.person("mp.giamsat", account.Overseer, "dong-nai")
	h.person("mp.khach", "", "")
	up, other := h.browser(), h.browser()
	up.signIn("mp.btv")
	other.signIn("mp.khcn")

	// 51 images and a PDF on the main portal (two pages), one image on so-khcn.
	for i := 1; i <= 51; i++ {
		up.uploadTo("dong-nai", fmt.Sprintf("anh-%02d.png", i), tinyPNG(i), fmt.Sprintf("Ảnh số %d", i))
	}
	up.uploadTo("dong-nai", "bao-cao.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), "")
	other.uploadTo("so-khcn", "khcn.png", tinyPNG(200), "Ảnh của Sở")

	for _, who := range []string{"mp.btv", "mp.ctv", "mp.giamsat"} {
		t.Run(who, func(t *testing.T) {
			b := up
			if who != "mp.btv" {
				b = h.browser()
				b.signIn(who)
			}
			status, first := b.picker("dong-nai", 1)
			if status != http.StatusOK {
				t.Fatalf("page 1 = %d; want 200", status)
			}
			// Page 1 holds the 50 newest uploads: the PDF (left out) and images 51…3.
			if len(first.Images) != 49 || first.Next != 2 {
				t.Fatalf("page 1 has %d images, next %d; want 49 and 2", len(first.Images), first.Next)
			}
			if im := first.Images[0]; im.Name != "anh-51.png" || im.Alt != "Ảnh số 51" {
				t.Errorf("the newest image is %q (alt %q); want anh-51.png", im.Name, im.Alt)
			}
			for _, im := range first.Images {
				if !strings.HasPrefix(im.URL, "/media/") || !strings.HasPrefix(im.Thumb, "/media/") {
					t.Errorf("image %q: url %q, thumbnail %q", im.Name, im.URL, im.Thumb)
					continue
				}
				for _, u := range []string{im.URL, im.Thumb} {
					if p := b.get(u); p.status != http.StatusOK {
						t.Errorf("%s of %q = %d", u, im.Name, p.status)
					}
				}
			}
			status, second := b.picker("dong-nai", 2)
			if status != http.StatusOK || second.Next != 0 || len(second.Images) != 2 ||
				second.Images[0].Name != "anh-02.png" || second.Images[1].Name != "anh-01.png" {
				t.Errorf("page 2 = %d %+v; want anh-02.png and anh-01.png, no next page", status, second)
			}
			for _, im := range append(first.Images, second.Images...) {
				if im.Name == "khcn.png" || im.Name == "bao-cao.pdf" {
					t.Errorf("the main portal's picker lists %q", im.Name)
				}
			}
		})
	}

	// The editor of so-khcn sees only so-khcn's image, and none of the main portal's.
	status, own := other.picker("so-khcn", 1)
	if status != http.StatusOK || len(own.Images) != 1 || own.Images[0].Name != "khcn.png" || own.Next != 0 {
		t.Errorf("so-khcn's picker = %d %+v; want only khcn.png", status, own)
	}
	if status, _ := other.picker("dong-nai", 1); status != http.StatusForbidden {
		t.Errorf("so-khcn's editor reading the main portal's picker = %d; want 403", status)
	}
	ctv := h.browser()
	ctv.signIn("mp.ctv")
	if status, _ := ctv.picker("so-khcn", 1); status != http.StatusForbidden {
		t.Errorf("a collaborator of the main portal reading so-khcn's picker = %d; want 403", status)
	}
	guest := h.browser()
	guest.signIn("mp.khach")
	if status, _ := guest.picker("dong-nai", 1); status != http.StatusForbidden {
		t.Errorf("a person without a role = %d; want 403", status)
	}
	if p := h.browser().get("/quan-tri/s/dong-nai/tep.json"); p.status != http.StatusSeeOther {
		t.Errorf("without a session = %d; want 303 to the sign-in", p.status)
	}
}
