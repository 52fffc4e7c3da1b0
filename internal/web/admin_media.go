package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/site"
)

// maxUpload bounds a whole upload request; the media store applies the
// finer limits per kind of file.
const maxUpload = 32 << 20

type mediaPage struct {
	*AdminPage
	Work  *site.Site
	Files []*media.Media
	// Captions are the site's WebVTT uploads, which a video's captions
	// are chosen from (a11y_media.go), and those each video has now
	// (chosen, or found by its name).
	Captions []*media.Media
	found    map[int64]*media.Media
}

// Found is the captions a video has now, chosen or found by name; nil if none.
func (p *mediaPage) Found(m *media.Media) *media.Media { return p.found[m.ID] }

// HasText reports whether a recording has its text alternative: what an
// approval of an item linking it asks for.
func (p *mediaPage) HasText(m *media.Media) bool { return m.Accessible() || p.found[m.ID] != nil }

func (s *Server) mediaList(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	return s.renderMedia(w, r, http.StatusOK, st, noticeOf(r), nil)
}

func (s *Server) renderMedia(w http.ResponseWriter, r *http.Request, status int, st *site.Site, notice string, errs []string) error {
	files, err := s.media.List(r.Context(), st.ID, pageNumber(r.URL.Query().Get("trang")))
	if err != nil {
		return err
	}
	p := &mediaPage{AdminPage: s.adminPage(r, userOf(r), translate(langOf(r), "media")), Work: st, Files: files}
	if p.Captions, err = s.media.CaptionFiles(r.Context(), st.ID, 200); err != nil {
		return err
	}
	var videos []*media.Media
	for _, m := range files {
		if m.Video() {
			videos = append(videos, m)
		}
	}
	if p.found, err = s.media.Captions(r.Context(), st.ID, videos); err != nil {
		return err
	}
	p.Notice, p.Errors = notice, errs
	return s.tmpl.render(w, status, "admin/media", p)
}

// mediaUpload stores an image or a document for the site's items. Only
// those who write content may upload.
func (s *Server) mediaUpload(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.WriteContent) {
		s.deny(r, st.ID, st.Code, "media.upload")
		return errForbidden
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	f, hdr, err := r.FormFile("file")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return s.renderMedia(w, r, http.StatusRequestEntityTooLarge, st, "", []string{pick(langOf(r),
			"Tệp quá lớn: ảnh tối đa 15 MB, tài liệu tối đa 30 MB.", "The file is too large: images up to 15 MB, documents up to 30 MB.")})
	}
	if err != nil {
		return s.renderMedia(w, r, http.StatusUnprocessableEntity, st, "", []string{pick(langOf(r),
			"Hãy chọn một tệp (tối đa 30 MB).", "Choose a file (at most 30 MB).")})
	}
	defer f.Close()
	m, err := s.media.Upload(r.Context(), st.ID, hdr.Filename, f, s.actor(r))
	if err == nil && r.PostFormValue("alt") != "" {
		err = s.media.SetAlt(r.Context(), m.ID, r.PostFormValue("alt"), s.actor(r))
	}
	if e, ok := apperr.As(err); ok {
		fr, msgs := withInvalid(r, e)
		return s.renderMedia(w, fr, statusOf(err), st, "", msgs)
	}
	if err != nil {
		return err
	}
	// A video or its captions appear on the home page at once: the
	// cached pages of the site go.
	if strings.HasPrefix(m.MIME, "video/") || m.MIME == "text/vtt" {
		s.contentChanged(st.ID, 0)
	}
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/tep?luu=1", http.StatusSeeOther)
	return nil
}
