package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// libraryFile puts a row for an upload of site code into the media
// library (the approval check reads rows; the file itself is not needed)
// and returns its id and its served address.
func libraryFile(t *testing.T, db *store.DB, code, name, mime, ext string) (int64, string) {
	t.Helper()
	sum := sha256.Sum256([]byte(code + name))
	hash := hex.EncodeToString(sum[:])
	var id int64
	if err := db.QueryRow(context.Background(), `INSERT INTO media (site_id, kind, sha256, mime, ext, size, original_name, created_at)
		VALUES ((SELECT id FROM sites WHERE code = ?), 'file', ?, ?, ?, 1000, ?, ?) RETURNING id`, code, hash, mime, ext, name, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id, fmt.Sprintf("/media/%s/%s/%s-orig.%s", hash[:2], hash[2:4], hash, ext)
}

// TestAccessMediaApproval (issue 20 point 8; REQ-54): an item linking a
// video without captions or transcript, and an audio file without a
// transcript, is not approved, with a message naming each file; who may
// set captions and transcripts (those who write), bad input refused by
// name, and once set, the approval goes through.
func TestAccessMediaApproval(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		for _, p := range []struct {
			name string
			role account.Role
		}{{"tm-btv", account.Editor}, {"tm-head", account.BoardHead}, {"tm-ctv", account.Collaborator}, {"tm-dm", account.Liaison},
			{"tm-gs", account.Overseer}, {"tm-admin", account.Admin}} {
			h.person(p.name, p.role, "dong-nai")
		}
		people := map[string]*browser{"visitor": h.browser()}
		for _, n := range []string{"tm-btv", "tm-head", "tm-ctv", "tm-dm", "tm-gs", "tm-admin"} {
			people[n] = h.browser()
			people[n].signIn(n)
		}
		ed, head := people["tm-btv"], people["tm-head"]
		video, videoURL := libraryFile(t, db, "dong-nai", "le-hoi-mua-xuan.mp4", "video/mp4", "mp4")
		audio, audioURL := libraryFile(t, db, "dong-nai", "ban-tin-phat-thanh.mp3", "audio/mpeg", "mp3")
		vtt, _ := libraryFile(t, db, "dong-nai", "phu-de-le-hoi.vtt", "text/vtt", "vtt")
		pdf, _ := libraryFile(t, db, "dong-nai", "ke-hoach.pdf", "application/pdf", "pdf")
		otherVTT, _ := libraryFile(t, db, "so-khcn", "phu-de-so.vtt", "text/vtt", "vtt")
		otherVideo, _ := libraryFile(t, db, "so-khcn", "video-so.mp4", "video/mp4", "mp4")

		body := fmt.Sprintf(`<p>Xem <a href="%s">video lễ hội</a> và nghe <a href="%s">bản tin phát thanh</a>.</p>`, videoURL, audioURL)
		path := ed.newItem(article("Lễ hội mùa xuân có video", body))
		for _, step := range []string{"submit", "send"} {
			if p := ed.post(path+"/buoc", url.Values{"action": {step}}); p.status != http.StatusSeeOther {
				t.Fatalf("%s: %d", step, p.status)
			}
		}
		p := head.post(path+"/buoc", url.Values{"action": {"approve"}})
		for _, want := range []string{"Video “le-hoi-mua-xuan.mp4” chưa có phụ đề hay bản ghi lời", "Tệp âm thanh “ban-tin-phat-thanh.mp3” chưa có bản ghi lời"} {
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, want) {
				t.Errorf("approval of an item with recordings lacking text: %d, want 422 saying %q", p.status, want)
			}
		}

		// Who may set the text of a recording: those who write content.
		set := func(b *browser, id int64, form url.Values) page {
			return b.post(fmt.Sprintf("/quan-tri/s/dong-nai/tep/%d/tiep-can", id), form)
		}
		for who, want := range map[string]int{"tm-ctv": 303, "tm-btv": 303, "tm-head": 303, "tm-dm": 403, "tm-gs": 403, "tm-admin": 403, "visitor": 303} {
			p := set(people[who], video, url.Values{"captions": {""}, "transcript": {""}})
			if p.status != want || (who == "visitor" && !strings.HasPrefix(p.location, "/dang-nhap")) {
				t.Errorf("%s sets a video's text: %d %q, want %d", who, p.status, p.location, want)
			}
		}
		if n := h.auditCount("media.access"); n != 3 {
			t.Errorf("media.access audited %d times, want 3", n)
		}

		// Bad input, each refused by name, changing nothing.
		for _, c := range []struct {
			name string
			id   int64
			form url.Values
			code int
			want string
		}{
			{"captions on audio", audio, url.Values{"captions": {fmt.Sprint(vtt)}}, 422, "Tệp âm thanh không hiển thị phụ đề"},
			{"captions not a vtt", video, url.Values{"captions": {fmt.Sprint(pdf)}}, 422, "Phụ đề phải là một tệp WebVTT"},
			{"captions of another site", video, url.Values{"captions": {fmt.Sprint(otherVTT)}}, 422, "Phụ đề phải là một tệp WebVTT"},
			{"captions not a number", video, url.Values{"captions": {"abc"}}, 422, "Hãy chọn tệp phụ đề trong danh sách"},
			{"a document", pdf, url.Values{"transcript": {"Nội dung"}}, 422, "Chỉ video và tệp âm thanh"},
			{"too long", audio, url.Values{"transcript": {strings.Repeat("a", 100_001)}}, 422, "tối đa 100 000 ký tự"},
			{"another site's file", otherVideo, url.Values{"transcript": {"x"}}, 404, ""},
			{"no such file", 999999, url.Values{"transcript": {"x"}}, 404, ""},
		} {
			p := set(ed, c.id, c.form)
			if p.status != c.code || !strings.Contains(p.body, c.want) {
				t.Errorf("%s: %d, want %d saying %q", c.name, p.status, c.code, c.want)
			}
		}
		if p := ed.post("/quan-tri/s/dong-nai/tep/abc/tiep-can", url.Values{}); p.status != http.StatusNotFound {
			t.Errorf("a malformed id: %d", p.status)
		}

		// The media page lists both recordings, the text missing.
		if p := ed.get("/quan-tri/s/dong-nai/tep"); p.status != 200 || strings.Count(p.body, "Còn thiếu") != 2 || !strings.Contains(p.body, "phu-de-le-hoi.vtt") {
			t.Errorf("media page: %d, %d missing", p.status, strings.Count(p.body, "Còn thiếu"))
		}
		// Captions for the video, a transcript for the audio file.
		if p := set(ed, video, url.Values{"captions": {fmt.Sprint(vtt)}}); p.status != http.StatusSeeOther {
			t.Fatalf("captions: %d\n%.1500s", p.status, p.body)
		}
		if p := head.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusUnprocessableEntity ||
			strings.Contains(p.body, "le-hoi-mua-xuan.mp4” chưa có") || !strings.Contains(p.body, "ban-tin-phat-thanh.mp3") {
			t.Errorf("with the video captioned, the audio file still stops the approval: %d", p.status)
		}
		if p := set(ed, audio, url.Values{"transcript": {"Phát thanh viên: Kính thưa quý vị thính giả…"}}); p.status != http.StatusSeeOther {
			t.Fatalf("transcript: %d\n%.1500s", p.status, p.body)
		}
		if p := ed.get("/quan-tri/s/dong-nai/tep"); strings.Count(p.body, "Còn thiếu") != 0 || !strings.Contains(p.body, "Kính thưa quý vị thính giả") {
			t.Errorf("media page after: %d missing", strings.Count(p.body, "Còn thiếu"))
		}
		if p := head.post(path+"/buoc", url.Values{"action": {"approve"}}); p.status != http.StatusSeeOther {
			t.Errorf("approval with both recordings' text: %d\n%.3000s", p.status, p.body)
		}
	})
}
