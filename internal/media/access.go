package media

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// The text alternatives of recordings (issue 20 point 8; REQ-54, WCAG 2.1
// 1.2.1–1.2.3): a video carries captions (a WebVTT upload) or a
// transcript, an audio file a transcript. An item whose body links a
// recording without either is not approved (workflow's checks, through
// LinkedRecordings).

// maxTranscript bounds a transcript: an hour of speech is about 60 000
// characters.
const maxTranscript = 100_000

// SetAccess sets the captions and the transcript of a recording of site
// siteID. captionsID, when not 0, must be a WebVTT upload of the same
// site, and only a video takes captions.
func (s *Store) SetAccess(ctx context.Context, siteID, id, captionsID int64, transcript string, by audit.Actor) error {
	transcript = vn.CleanMultiline(transcript)
	if utf8.RuneCountInString(transcript) > maxTranscript {
		return apperr.Field("transcript", "Bản ghi lời quá dài: tối đa 100 000 ký tự. Hãy tách thành tệp văn bản đính kèm.",
			"The transcript is too long (100 000 characters at most).")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var mime string
		err := tx.QueryRow(ctx, `SELECT mime FROM media WHERE id = ? AND site_id = ?`, id, siteID).Scan(&mime)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return fmt.Errorf("media %d: %w", id, err)
		}
		if !strings.HasPrefix(mime, "video/") && !strings.HasPrefix(mime, "audio/") {
			return apperr.Field("transcript", "Chỉ video và tệp âm thanh mới có phụ đề và bản ghi lời.",
				"Only videos and audio files take captions and transcripts.")
		}
		var captions any
		if captionsID != 0 {
			if !strings.HasPrefix(mime, "video/") {
				return apperr.Field("captions", "Tệp âm thanh không hiển thị phụ đề: hãy nhập bản ghi lời.",
					"An audio file shows no captions: give a transcript.")
			}
			var cm string
			err := tx.QueryRow(ctx, `SELECT mime FROM media WHERE id = ? AND site_id = ?`, captionsID, siteID).Scan(&cm)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && cm != "text/vtt") {
				return apperr.Field("captions", "Phụ đề phải là một tệp WebVTT (.vtt) đã tải lên thư viện của trang này.",
					"The captions must be a WebVTT (.vtt) file uploaded to this site's library.")
			}
			if err != nil {
				return fmt.Errorf("media %d captions: %w", id, err)
			}
			captions = captionsID
		}
		if _, err := tx.Exec(ctx, `UPDATE media SET captions_id = ?, transcript = ? WHERE id = ?`, captions, transcript, id); err != nil {
			return fmt.Errorf("media %d access: %w", id, err)
		}
		detail := "phụ đề: không"
		if captionsID != 0 {
			detail = fmt.Sprintf("phụ đề: tệp %d", captionsID)
		}
		if transcript != "" {
			detail += fmt.Sprintf("; bản ghi lời: %d ký tự", utf8.RuneCountInString(transcript))
		} else {
			detail += "; bản ghi lời: không"
		}
		e := by.Entry("media.access", siteID, fmt.Sprintf("media:%d", id), detail)
		e.At = s.now()
		return audit.Record(ctx, tx, e)
	})
}

// Video reports whether m is a video, which captions can accompany.
func (m *Media) Video() bool { return strings.HasPrefix(m.MIME, "video/") }

// CaptionFiles returns the site's WebVTT uploads, newest first, for the
// captions chooser of the media page (at most n).
func (s *Store) CaptionFiles(ctx context.Context, siteID int64, n int) ([]*Media, error) {
	return s.query(ctx, "caption files", selectMedia+` WHERE site_id = ? AND mime = 'text/vtt' ORDER BY id DESC LIMIT ?`, siteID, n)
}

// mediaPathRE finds the files of the library in a body: their served
// addresses name the content hash (see filePath).
var mediaPathRE = regexp.MustCompile(`/media/[0-9a-f]{2}/[0-9a-f]{2}/([0-9a-f]{64})-`)

// Recording is a video or audio file an item links, and whether readers
// who cannot hear or see it have its text.
type Recording struct {
	ID         int64
	Name       string // the file name as uploaded
	Video      bool
	Accessible bool
}

// LinkedRecordings returns the recordings of site siteID that body links
// or embeds by their /media/ address, in the order first linked, each
// with whether it has a transcript or (a video) captions — chosen on the
// media page, or a WebVTT upload of the same name ("le-hoi.vtt" for
// "le-hoi.mp4"), which the home page's player uses. q may be the
// transaction of an approval.
func LinkedRecordings(ctx context.Context, q store.Querier, siteID int64, body string) ([]Recording, error) {
	var sums []any
	seen := map[string]bool{}
	for _, m := range mediaPathRE.FindAllStringSubmatch(body, 100) {
		if !seen[m[1]] {
			seen[m[1]] = true
			sums = append(sums, m[1])
		}
	}
	if len(sums) == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT id, sha256, original_name, mime, COALESCE(captions_id, 0), transcript FROM media
		WHERE site_id = ? AND sha256 IN (`+store.Placeholders(len(sums))+`) AND (mime LIKE 'video/%' OR mime LIKE 'audio/%')`,
		append([]any{siteID}, sums...)...)
	if err != nil {
		return nil, fmt.Errorf("linked recordings: %w", err)
	}
	bySum := map[string]*Media{}
	for rows.Next() {
		var m Media
		if err := rows.Scan(&m.ID, &m.SHA256, &m.OriginalName, &m.MIME, &m.CaptionsID, &m.Transcript); err != nil {
			rows.Close()
			return nil, err
		}
		bySum[m.SHA256] = &m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []Recording
	var names []any // the caption file names of videos with nothing chosen
	for _, sum := range sums {
		m := bySum[sum.(string)]
		if m == nil {
			continue
		}
		r := Recording{ID: m.ID, Name: m.OriginalName, Video: strings.HasPrefix(m.MIME, "video/"), Accessible: m.Accessible()}
		if !r.Accessible && r.Video {
			base := captionBase(m.OriginalName)
			names = append(names, base+".vtt", base+".VTT")
		}
		out = append(out, r)
	}
	if len(names) == 0 {
		return out, nil
	}
	found := map[string]bool{}
	rows, err = q.Query(ctx, `SELECT original_name FROM media WHERE site_id = ? AND mime = 'text/vtt' AND original_name IN (`+
		store.Placeholders(len(names))+`)`, append([]any{siteID}, names...)...)
	if err != nil {
		return nil, fmt.Errorf("linked recordings' captions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		found[captionBase(n)] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if !out[i].Accessible && out[i].Video && found[captionBase(out[i].Name)] {
			out[i].Accessible = true
		}
	}
	return out, nil
}
