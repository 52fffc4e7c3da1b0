package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// mp4Bytes is the start of an ISO base media file of major brand: an ftyp
// box (with isom and mp41 as compatible brands), a free box and an empty
// mdat box. Enough for the sniffer; no player would show anything.
func mp4Bytes(brand string, salt byte) []byte {
	var b []byte
	box := func(typ string, payload []byte) {
		b = binary.BigEndian.AppendUint32(b, uint32(8+len(payload)))
		b = append(b, typ...)
		b = append(b, payload...)
	}
	box("ftyp", []byte(brand+"\x00\x00\x02\x00isommp41"))
	box("free", []byte{salt, 0, 0, 0})
	box("mdat", nil)
	return b
}

// webmBytes is the EBML header of a file of docType, then the start of a
// Segment of unknown size.
func webmBytes(docType string) []byte {
	el := func(id []byte, value []byte) []byte {
		return append(append(id, 0x80|byte(len(value))), value...)
	}
	var h []byte
	h = append(h, el([]byte{0x42, 0x86}, []byte{1})...)       // EBMLVersion
	h = append(h, el([]byte{0x42, 0xf7}, []byte{1})...)       // EBMLReadVersion
	h = append(h, el([]byte{0x42, 0xf2}, []byte{4})...)       // EBMLMaxIDLength
	h = append(h, el([]byte{0x42, 0xf3}, []byte{8})...)       // EBMLMaxSizeLength
	h = append(h, el([]byte{0x42, 0x82}, []byte(docType))...) // DocType
	h = append(h, el([]byte{0x42, 0x87}, []byte{4})...)       // DocTypeVersion
	h = append(h, el([]byte{0x42, 0x85}, []byte{2})...)       // DocTypeReadVersion
	out := append([]byte("\x1a\x45\xdf\xa3"), 0x80|byte(len(h)))
	out = append(out, h...)
	return append(out, "\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"...)
}

const vttText = "WEBVTT\n\n00:00.000 --> 00:04.000\nChủ tịch UBND tỉnh phát biểu khai mạc.\n"

// TestSniffVideo: MP4 and WebM videos and WebVTT captions are known by
// their bytes; a name that claims another type, and the look-alikes
// (a phone's HEIC photo, QuickTime, Matroska, a damaged header) are
// refused.
func TestSniffVideo(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // format, or "" for a refusal
		says string // in the refusal
	}{
		{"le-hoi.mp4", mp4Bytes("isom", 0), "mp4", ""},
		{"le-hoi.MP4", mp4Bytes("mp42", 0), "mp4", ""},
		{"le-hoi.m4v", mp4Bytes("M4V ", 0), "mp4", ""},
		{"le-hoi", mp4Bytes("avc1", 0), "mp4", ""},
		{"le-hoi.webm", webmBytes("webm"), "webm", ""},
		{"phu-de.vtt", []byte(vttText), "vtt", ""},
		{"phu-de.vtt", []byte("\xef\xbb\xbfWEBVTT - Lễ hội\r\n"), "vtt", ""},
		{"phu-de.vtt", []byte("WEBVTT"), "vtt", ""},
		{"ghi-chu.txt", []byte("WEBVTTX là một từ\n"), "txt", ""},

		{"anh.mp4", pngBytes(t, photo(8, 8)), "", "không phải video MP4 mà là ảnh PNG"},
		{"le-hoi.jpg", mp4Bytes("isom", 0), "", "không phải ảnh JPEG mà là video MP4"},
		{"le-hoi.webm", mp4Bytes("isom", 0), "", "không phải video WebM mà là video MP4"},
		{"bao-cao.webm", []byte("%PDF-1.4\n"), "", "không phải video WebM"},
		{"phu-de.txt", []byte(vttText), "", "không phải văn bản thuần (TXT) mà là phụ đề WebVTT"},
		{"phu-de.vtt", []byte("00:00.000 --> 00:04.000\nKhông có dòng WEBVTT\n"), "", "không phải phụ đề WebVTT"},
		{"phu-de.vtt", []byte("WEBVTT\n\n00:00.000 --> 00:04.000\n<script>alert(1)</script>\n"), "", "HTML"},
		{"IMG_0001.heic", mp4Bytes("heic", 0), "", "HEIC"},
		{"anh.avif", mp4Bytes("avif", 0), "", "AVIF"},
		{"phim.mov", mp4Bytes("qt  ", 0), "", "QuickTime"},
		{"nhac.m4a", mp4Bytes("M4A ", 0), "", "không phải video"},
		{"phim.mkv", webmBytes("matroska"), "", "Matroska"},
		{"hong.webm", []byte("\x1a\x45\xdf\xa3\x8f\x42\x82\x84we"), "", "hỏng"},
		{"hong.mp4", []byte("\x00\x00\x10\x00ftypisom\x00\x00\x02\x00"), "", "Không nhận loại tệp"}, // the box is longer than the file
	}
	for _, tt := range tests {
		f, err := sniff(tt.data, tt.name, DefaultLimits())
		if err == nil {
			err = checkName(tt.name, f)
		}
		switch {
		case tt.want != "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.want != "" && f.name != tt.want:
			t.Errorf("%s: read as %s; want %s", tt.name, f.name, tt.want)
		case tt.want == "" && err == nil:
			t.Errorf("%s (%q…): accepted as %s; want a refusal", tt.name, tt.data[:min(len(tt.data), 12)], f.name)
		case tt.want == "" && !strings.Contains(err.Error(), tt.says):
			t.Errorf("%s: refused with %q; want it to say %q", tt.name, err, tt.says)
		}
	}
	for name, mime := range map[string]string{"mp4": "video/mp4", "webm": "video/webm", "vtt": "text/vtt"} {
		if formats[name].mime != mime {
			t.Errorf("%s is served as %s; want %s", name, formats[name].mime, mime)
		}
	}
}

// TestVideoUpload: on both databases, a video and its captions are
// stored as uploaded (kind file), served with their type, in ranges (a
// player seeks), and found by RecentVideos (the newest first, however
// many other uploads are newer) and Captions (by the video's name).
func TestVideoUpload(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _, siteID := newTestStore(t, db, Limits{})
		upload := func(name string, data []byte) *Media {
			t.Helper()
			m, err := s.Upload(ctx, siteID, name, bytes.NewReader(data), editor)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return m
		}
		old := upload("Hội nghị.mp4", mp4Bytes("isom", 1))
		upload("Hội nghị.vtt", []byte(vttText))
		clip := upload("Lễ hội.webm", webmBytes("webm"))
		latest := upload("Khai mạc.mp4", mp4Bytes("mp42", 2))
		upload("Khai mạc.VTT", []byte(vttText+"\n"))
		newest := upload("Khai mạc.vtt", []byte(vttText+"\n\n"))
		upload("Báo cáo.docx", minimalDOCX(t)) // newer uploads that are not videos
		for i := range 3 {
			upload(fmt.Sprintf("ghi-chu-%d.txt", i), fmt.Appendf(nil, "ghi chú %d\n", i))
		}
		if latest.Kind != File || latest.MIME != "video/mp4" || !strings.HasSuffix(latest.Path(), "-orig.mp4") ||
			clip.MIME != "video/webm" || newest.MIME != "text/vtt" || !strings.HasSuffix(newest.Path(), "-orig.vtt") {
			t.Fatalf("stored as %s %s %s, %s, %s %s", latest.Kind, latest.MIME, latest.Path(), clip.MIME, newest.MIME, newest.Path())
		}

		got, err := s.RecentVideos(ctx, siteID, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != latest.ID || got[1].ID != clip.ID {
			t.Fatalf("RecentVideos(2) = %v; want Khai mạc, Lễ hội", names(got))
		}
		if other, err := s.RecentVideos(ctx, siteID+1000, 2); err != nil || len(other) != 0 {
			t.Errorf("another site's videos = %v, %v", names(other), err)
		}
		all, err := s.RecentVideos(ctx, siteID, 5)
		if err != nil || len(all) != 3 || all[2].ID != old.ID {
			t.Fatalf("RecentVideos(5) = %v, %v", names(all), err)
		}
		caps, err := s.Captions(ctx, siteID, all)
		if err != nil {
			t.Fatal(err)
		}
		if len(caps) != 2 || caps[latest.ID] == nil || caps[latest.ID].ID != newest.ID ||
			caps[old.ID] == nil || caps[old.ID].OriginalName != "Hội nghị.vtt" || caps[clip.ID] != nil {
			t.Errorf("Captions = %v; want Khai mạc's newest and Hội nghị's", caps)
		}

		srv := httptest.NewServer(s.Handler())
		defer srv.Close()
		req, _ := http.NewRequest("GET", srv.URL+latest.URL(), nil)
		req.Header.Set("Range", "bytes=4-11")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusPartialContent || string(body) != "ftypmp42" || res.Header.Get("Content-Type") != "video/mp4" ||
			res.Header.Get("Accept-Ranges") != "bytes" {
			t.Errorf("a range of the video = %d %q, Content-Type %q, Accept-Ranges %q", res.StatusCode, body,
				res.Header.Get("Content-Type"), res.Header.Get("Accept-Ranges"))
		}
		for _, m := range []*Media{clip, newest} {
			res, err := http.Get(srv.URL + m.URL())
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != m.MIME {
				t.Errorf("%s = %d, Content-Type %q", m.OriginalName, res.StatusCode, res.Header.Get("Content-Type"))
			}
		}
	})
}

func names(ms []*Media) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.OriginalName)
	}
	return out
}
