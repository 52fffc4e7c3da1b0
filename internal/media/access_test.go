package media

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// mp3Bytes is the start of an MP3 recording: an ID3v2.4 tag header, or
// (bare) an MPEG-1 layer III frame header, then filler.
func mp3Bytes(bare bool, salt byte) []byte {
	head := []byte("ID3\x04\x00\x00\x00\x00\x00\x00")
	if bare {
		head = []byte{0xff, 0xfb, 0x90, 0x64}
	}
	return append(head, bytes.Repeat([]byte{salt, 0x55}, 300)...)
}

// TestSniffAudio: MP3 recordings are accepted as audio, by their bytes;
// an MP3 name on other bytes is refused.
func TestSniffAudio(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
		mime string
		err  string
	}{
		{"ban-tin.mp3", mp3Bytes(false, 1), "audio/mpeg", ""},
		{"ban-tin-khong-the.mp3", mp3Bytes(true, 1), "audio/mpeg", ""},
		{"ban-tin.mp3", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nx\n"), "", "không phải âm thanh MP3"},
		{"ban-tin.pdf", mp3Bytes(false, 2), "", "không phải tài liệu PDF mà là âm thanh MP3"},
	} {
		f, err := sniff(c.data, c.name, DefaultLimits())
		if err == nil {
			err = checkName(c.name, f)
		}
		switch {
		case c.err == "" && (err != nil || f.mime != c.mime):
			t.Errorf("%s: %v, want %s", c.name, err, c.mime)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: %v, want a refusal saying %q", c.name, err, c.err)
		}
	}
}

// TestLinkedRecordings on both databases: the recordings an item's body
// links, each accessible or not — a transcript, captions chosen, or a
// WebVTT upload of the same name for a video; an audio file needs a
// transcript; another site's file and images are not looked at.
func TestLinkedRecordings(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, site := newTestStore(t, db, Limits{})
		by := audit.Actor{Name: "thu"}
		up := func(name string, data []byte) *Media {
			t.Helper()
			m, err := s.Upload(ctx, site, name, bytes.NewReader(data), by)
			if err != nil {
				t.Fatalf("upload %s: %v", name, err)
			}
			return m
		}
		named := up("le-hoi.mp4", mp4Bytes("isom", 1))
		chosen := up("hop-bao.mp4", mp4Bytes("isom", 2))
		bare := up("khong-phu-de.mp4", mp4Bytes("isom", 3))
		sound := up("ban-tin.mp3", mp3Bytes(false, 4))
		up("le-hoi.vtt", []byte(vttText))
		caps := up("phu-de-hop-bao.vtt", []byte(strings.Replace(vttText, "khai mạc", "bế mạc", 1)))
		if sound.MIME != "audio/mpeg" || !sound.Recording() || sound.Video() {
			t.Fatalf("mp3 stored as %s", sound.MIME)
		}
		if err := s.SetAccess(ctx, site, chosen.ID, caps.ID, "", by); err != nil {
			t.Fatal(err)
		}
		if err := s.SetAccess(ctx, site, sound.ID, caps.ID, "", by); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("captions on an audio file: %v", err)
		}
		body := ""
		for _, m := range []*Media{bare, named, chosen, sound, caps} {
			body += `<p><a href="` + m.URL() + `">` + m.OriginalName + `</a></p>`
		}
		got, err := LinkedRecordings(ctx, db, site, body+body)
		if err != nil {
			t.Fatal(err)
		}
		want := "khong-phu-de.mp4:false le-hoi.mp4:true hop-bao.mp4:true ban-tin.mp3:false"
		var have []string
		for _, r := range got {
			have = append(have, r.Name+":"+map[bool]string{true: "true", false: "false"}[r.Accessible])
		}
		if strings.Join(have, " ") != want {
			t.Errorf("recordings = %s\nwant         %s", strings.Join(have, " "), want)
		}
		if err := s.SetAccess(ctx, site, sound.ID, 0, "  Kính thưa quý vị\r\nthính giả  ", by); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.Get(ctx, sound.ID); m.Transcript != "Kính thưa quý vị\nthính giả" || !m.Accessible() {
			t.Errorf("transcript stored as %q", m.Transcript)
		}
		if got, _ := LinkedRecordings(ctx, db, site+1000, body); len(got) != 0 {
			t.Errorf("another site's body finds %d of this site's recordings", len(got))
		}
		// The home page's player uses the captions chosen.
		capsOf, err := s.Captions(ctx, site, []*Media{named, mustGet(t, s, chosen.ID), bare})
		if err != nil || capsOf[named.ID] == nil || capsOf[chosen.ID] == nil || capsOf[chosen.ID].ID != caps.ID || capsOf[bare.ID] != nil {
			t.Errorf("captions: %v %v", capsOf, err)
		}
	})
}

func mustGet(t *testing.T, s *Store, id int64) *Media {
	t.Helper()
	m, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
