package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// PageSize is how many uploads List returns per page.
const PageSize = 50

// Store keeps media rows in the database and their files in a Blobs: a
// root folder (DATA/media) or an S3-compatible bucket.
type Store struct {
	db     *store.DB
	files  Blobs
	now    func() time.Time
	limits Limits
}

// NewStore returns a Store writing files under the folder root. Zero
// fields of limits take the defaults of DefaultLimits.
func NewStore(db *store.DB, root string, now func() time.Time, limits Limits) *Store {
	return NewStoreOn(db, NewLocalBlobs(root), now, limits)
}

// NewStoreOn returns a Store keeping its files in files.
func NewStoreOn(db *store.DB, files Blobs, now func() time.Time, limits Limits) *Store {
	return &Store{db: db, files: files, now: now, limits: limits.withDefaults()}
}

// Files is where the store keeps its files.
func (s *Store) Files() Blobs { return s.files }

// Upload checks and stores the file read from r for site siteID. name is
// the name the person's computer gave it; it is kept for display and
// downloads but never decides the type. Identical bytes uploaded again to
// the same site return the existing upload. A refused upload stores
// nothing and returns an apperr Invalid error saying why.
func (s *Store) Upload(ctx context.Context, siteID int64, name string, r io.Reader, by audit.Actor) (*Media, error) {
	name = cleanName(name)
	data, err := s.read(r)
	if err != nil {
		return nil, err
	}
	f, err := sniff(data, name, s.limits)
	if err != nil {
		return nil, err
	}
	if err := checkName(name, f); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	m := &Media{SiteID: siteID, Kind: File, SHA256: hex.EncodeToString(sum[:]), MIME: f.mime, Ext: f.ext,
		Size: int64(len(data)), OriginalName: name, CreatedBy: by.ID, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	if old, err := s.bySHA(ctx, siteID, m.SHA256); !errors.Is(err, store.ErrNotFound) {
		return old, err
	}
	files := map[string][]byte{}
	if f.image {
		rends, err := m.fromImage(ctx, data, f, s.limits)
		if err != nil {
			return nil, err
		}
		for _, r := range rends {
			files[filePath(m.SHA256, fmt.Sprintf("w%d", r.width), r.ext)] = r.data
		}
	} else {
		files[m.Path()] = data
	}
	return s.save(ctx, m, files, by)
}

// fromImage fills m from the image in data and returns its renditions.
func (m *Media) fromImage(ctx context.Context, data []byte, f *format, lim Limits) ([]rendition, error) {
	w, h, rends, err := processImage(ctx, data, f, lim)
	if err != nil {
		return nil, err
	}
	m.Kind, m.Width, m.Height = Image, w, h
	for i := len(rends) - 1; i >= 0; i-- { // smallest first
		r := rends[i]
		m.Variants = append(m.Variants, Variant{Width: r.width, Format: r.format,
			Path: filePath(m.SHA256, fmt.Sprintf("w%d", r.width), r.ext), Size: int64(len(r.data))})
	}
	m.MIME, m.Ext = "image/"+m.Format(), map[string]string{"jpeg": "jpg", "png": "png"}[m.Format()]
	return rends, nil
}

// save writes the files, then the rows and the audit entry in one
// transaction; files it created are removed again if the rows fail.
func (s *Store) save(ctx context.Context, m *Media, files map[string][]byte, by audit.Actor) (*Media, error) {
	created, err := s.writeFiles(ctx, files)
	if err == nil {
		err = s.db.InTx(ctx, func(tx *store.Tx) error { return insert(ctx, tx, m, by) })
	}
	if store.IsUniqueViolation(err) { // the same bytes, uploaded at the same moment
		return s.bySHA(ctx, m.SiteID, m.SHA256)
	}
	if err != nil {
		s.remove(created)
		return nil, fmt.Errorf("lưu tệp tải lên: %w", err)
	}
	return m, nil
}

func insert(ctx context.Context, tx *store.Tx, m *Media, by audit.Actor) error {
	err := tx.QueryRow(ctx, `INSERT INTO media (site_id, kind, sha256, mime, ext, size, original_name, width, height, alt, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.SiteID, m.Kind, m.SHA256, m.MIME, m.Ext, m.Size, m.OriginalName, m.Width, m.Height, m.Alt,
		sql.NullInt64{Int64: m.CreatedBy, Valid: m.CreatedBy != 0}, m.CreatedAt).Scan(&m.ID)
	if err != nil {
		return err
	}
	for _, v := range m.Variants {
		if _, err := tx.Exec(ctx, `INSERT INTO media_variants (media_id, width, format, path, size) VALUES (?, ?, ?, ?, ?)`,
			m.ID, v.Width, v.Format, v.Path, v.Size); err != nil {
			return err
		}
	}
	e := by.Entry("media.upload", m.SiteID, fmt.Sprintf("media:%d", m.ID), m.OriginalName)
	e.At = m.CreatedAt
	return audit.Record(ctx, tx, e)
}

// read takes the whole upload into memory, refusing it as soon as it
// passes the limit of its kind (images are recognised from their first
// bytes): a 2 GB upload costs 15 or 30 MB of reading, not 2 GB.
func (s *Store) read(r io.Reader) ([]byte, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, fmt.Errorf("đọc tệp tải lên: %w", err)
	}
	limit, what := s.limits.MaxFileBytes, "Tệp"
	if imageMagic(head[:n]) != "" {
		limit, what = s.limits.MaxImageBytes, "Ảnh"
	}
	buf := bytes.NewBuffer(head[:n])
	if _, err := buf.ReadFrom(io.LimitReader(r, limit-int64(n)+1)); err != nil {
		return nil, fmt.Errorf("đọc tệp tải lên: %w", err)
	}
	if int64(buf.Len()) > limit {
		return nil, refuse(what+" quá lớn: tối đa "+mb(limit)+". Hãy giảm kích thước rồi tải lên lại.",
			"The file is larger than "+mb(limit)+".")
	}
	return buf.Bytes(), nil
}

// cleanName keeps the last element of the name a browser sent (old ones
// send a whole Windows path), in NFC without control characters.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, vn.Clean(name))
	if r := []rune(name); len(r) > 200 {
		name = string(r[:100]) + "…" + string(r[len(r)-99:])
	}
	return name
}

// filePath is where a variant of the file with hash sum is stored,
// relative to the root: ab/cd/abcd…-w640.jpg. Two levels of folders keep
// each folder small.
func filePath(sum, variant, ext string) string {
	return sum[0:2] + "/" + sum[2:4] + "/" + sum + "-" + variant + "." + ext
}

// writeFiles stores each file that is not there yet (in a folder,
// through a temporary file and a rename; in a bucket, by one PUT) so a
// reader never sees half a file, and returns the names it created.
func (s *Store) writeFiles(ctx context.Context, files map[string][]byte) ([]string, error) {
	var created []string
	for rel, data := range files {
		if _, err := s.files.Stat(ctx, rel); err == nil {
			continue // content-addressed: same name, same bytes
		} else if !errors.Is(err, fs.ErrNotExist) {
			s.remove(created)
			return nil, err
		}
		if err := s.files.Put(ctx, rel, bytes.NewReader(data), int64(len(data))); err != nil {
			s.remove(created)
			return nil, err
		}
		created = append(created, rel)
	}
	return created, nil
}

// remove deletes files written for an upload that was not saved, even
// when the request that wrote them has ended.
func (s *Store) remove(names []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, n := range names {
		s.files.Delete(ctx, n)
	}
}

// Get returns the upload with id and its variants.
func (s *Store) Get(ctx context.Context, id int64) (*Media, error) {
	m, err := scanMedia(s.db.QueryRow(ctx, selectMedia+` WHERE id = ?`, id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("media %d: %w", id, err)
	}
	return m, s.loadVariants(ctx, []*Media{m})
}

// GetMany returns the uploads with these ids, with their renditions, by
// id; ids that name nothing are left out. Two queries for any number:
// a page showing many covers (the home page) reads them at once.
func (s *Store) GetMany(ctx context.Context, ids []int64) (map[int64]*Media, error) {
	out := map[int64]*Media{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, selectMedia+` WHERE id IN (`+store.Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("media: %w", err)
	}
	var ms []*Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		ms = append(ms, m)
		out[m.ID] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadVariants(ctx, ms)
}

func (s *Store) bySHA(ctx context.Context, siteID int64, sum string) (*Media, error) {
	m, err := scanMedia(s.db.QueryRow(ctx, selectMedia+` WHERE site_id = ? AND sha256 = ?`, siteID, sum))
	if err != nil {
		return nil, err
	}
	return m, s.loadVariants(ctx, []*Media{m})
}

// SetAlt sets the alternative text read aloud for an image (or shown
// when it cannot load). Checks before publishing refuse images without it.
func (s *Store) SetAlt(ctx context.Context, id int64, alt string, by audit.Actor) error {
	alt = vn.Clean(alt)
	if len([]rune(alt)) > 500 {
		return apperr.Field("alt", "Văn bản thay thế quá dài: tối đa 500 ký tự, hãy tả ngắn gọn nội dung ảnh.",
			"The alternative text is too long (500 characters at most).")
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		var siteID int64
		err := tx.QueryRow(ctx, `SELECT site_id FROM media WHERE id = ?`, id).Scan(&siteID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return fmt.Errorf("media %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE media SET alt = ? WHERE id = ?`, alt, id); err != nil {
			return fmt.Errorf("media %d alt: %w", id, err)
		}
		e := by.Entry("media.alt", siteID, fmt.Sprintf("media:%d", id), alt)
		e.At = s.now()
		return audit.Record(ctx, tx, e)
	})
}

// maxPage is the last page List reads: far past the uploads of any
// site, and (maxPage-1)*PageSize cannot overflow into a negative OFFSET,
// which PostgreSQL refuses.
const maxPage = 100000

// List returns a page (from 1) of a site's uploads, newest first; a
// page past maxPage is read as maxPage, an empty one.
func (s *Store) List(ctx context.Context, siteID int64, page int) ([]*Media, error) {
	page = min(max(page, 1), maxPage)
	rows, err := s.db.Query(ctx, selectMedia+` WHERE site_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
		siteID, PageSize, (page-1)*PageSize)
	if err != nil {
		return nil, fmt.Errorf("list media: %w", err)
	}
	defer rows.Close()
	var out []*Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadVariants(ctx, out)
}

// RecentVideos returns the site's n newest videos (MP4, WebM), newest
// first: one bounded query filtered by MIME type in the database, never
// a page of every upload sifted afterwards.
func (s *Store) RecentVideos(ctx context.Context, siteID int64, n int) ([]*Media, error) {
	if n <= 0 {
		return nil, nil
	}
	return s.query(ctx, "recent videos", selectMedia+` WHERE site_id = ? AND kind = 'file' AND mime LIKE 'video/%'
		ORDER BY id DESC LIMIT ?`, siteID, n)
}

// Captions finds the WebVTT captions of each of the site's videos: the
// newest .vtt upload named like the video ("le-hoi.mp4" has
// "le-hoi.vtt"), by video id; a video without one is left out. One
// query, bounded by the names asked for.
func (s *Store) Captions(ctx context.Context, siteID int64, videos []*Media) (map[int64]*Media, error) {
	out := map[int64]*Media{}
	if len(videos) == 0 {
		return out, nil
	}
	args := []any{siteID}
	for _, v := range videos {
		base := captionBase(v.OriginalName)
		args = append(args, base+".vtt", base+".VTT")
	}
	found, err := s.query(ctx, "captions", selectMedia+` WHERE site_id = ? AND mime = 'text/vtt' AND original_name IN (`+
		store.Placeholders(len(args)-1)+`) ORDER BY id DESC`, args...)
	if err != nil {
		return nil, err
	}
	for _, v := range videos {
		for _, c := range found { // newest first
			if captionBase(c.OriginalName) == captionBase(v.OriginalName) {
				out[v.ID] = c
				break
			}
		}
	}
	return out, s.chosenCaptions(ctx, siteID, videos, out)
}

// chosenCaptions puts in out the captions chosen for each video on the
// media page (SetAccess), which take the place of those found by name.
func (s *Store) chosenCaptions(ctx context.Context, siteID int64, videos []*Media, out map[int64]*Media) error {
	var ids []int64
	for _, v := range videos {
		if v.CaptionsID != 0 {
			ids = append(ids, v.CaptionsID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	chosen, err := s.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	for _, v := range videos {
		if c := chosen[v.CaptionsID]; c != nil && c.SiteID == siteID {
			out[v.ID] = c
		}
	}
	return nil
}

// captionBase is a file name without its extension, which a video and
// its captions share.
func captionBase(name string) string {
	return strings.TrimSuffix(name, path.Ext(name))
}

// query reads the uploads a query selects (selectMedia's columns), with
// their variants.
func (s *Store) query(ctx context.Context, what, q string, args ...any) ([]*Media, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []*Media
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.loadVariants(ctx, out)
}

const selectMedia = `SELECT id, site_id, kind, sha256, mime, ext, size, original_name, width, height, alt,
	COALESCE(captions_id, 0), transcript, COALESCE(created_by, 0), created_at FROM media`

func scanMedia(row interface{ Scan(...any) error }) (*Media, error) {
	var m Media
	err := row.Scan(&m.ID, &m.SiteID, &m.Kind, &m.SHA256, &m.MIME, &m.Ext, &m.Size, &m.OriginalName,
		&m.Width, &m.Height, &m.Alt, &m.CaptionsID, &m.Transcript, &m.CreatedBy, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.ErrNotFound
	}
	return &m, err
}

// loadVariants fills the variants of ms in one query, smallest first.
func (s *Store) loadVariants(ctx context.Context, ms []*Media) error {
	if len(ms) == 0 {
		return nil
	}
	byID := map[int64]*Media{}
	args := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID], args[i] = m, m.ID
	}
	rows, err := s.db.Query(ctx, `SELECT media_id, width, format, path, size FROM media_variants
		WHERE media_id IN (?`+strings.Repeat(", ?", len(ms)-1)+`) ORDER BY media_id, width, format`, args...)
	if err != nil {
		return fmt.Errorf("media variants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v Variant
		if err := rows.Scan(&id, &v.Width, &v.Format, &v.Path, &v.Size); err != nil {
			return err
		}
		byID[id].Variants = append(byID[id].Variants, v)
	}
	return rows.Err()
}

func notFound(id int64) error {
	return &apperr.Error{Kind: apperr.NotFound, Msg: apperr.Msg{
		VI: fmt.Sprintf("Không tìm thấy tệp số %d: có thể tệp đã bị xoá.", id),
		EN: fmt.Sprintf("Media %d not found.", id)}}
}
