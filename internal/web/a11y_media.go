package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
)

// mediaAccessSave is POST /quan-tri/s/{site}/tep/{id}/tiep-can: the
// captions (a WebVTT upload of the site, or none) and the transcript of a
// video or audio file (REQ-54). Those who may upload may set them; an
// item linking a recording without either is not approved (workflow's
// checks).
func (s *Server) mediaAccessSave(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	if !userOf(r).Can(st.ID, s.mainSite(r).ID, account.WriteContent) {
		s.deny(r, st.ID, st.Code, "media.access")
		return errForbidden
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	var captions int64
	if v := strings.TrimSpace(r.PostFormValue("captions")); v != "" && v != "0" {
		if captions, err = strconv.ParseInt(v, 10, 64); err != nil || captions <= 0 {
			return s.renderMedia(w, r, http.StatusUnprocessableEntity, st, "", []string{pick(langOf(r),
				"Hãy chọn tệp phụ đề trong danh sách.", "Choose a captions file from the list.")})
		}
	}
	err = s.media.SetAccess(r.Context(), st.ID, id, captions, r.PostFormValue("transcript"), s.actor(r))
	if e, ok := apperr.As(err); ok && e.Kind == apperr.Invalid {
		// The page holds one such form per recording: the message names
		// the file rather than marking a field of all of them.
		name := "#" + strconv.FormatInt(id, 10)
		if m, err := s.media.Get(r.Context(), id); err == nil {
			name = m.OriginalName
		}
		msgs := fieldMessages(e, langOf(r))
		for i := range msgs {
			msgs[i] = name + ": " + msgs[i]
		}
		return s.renderMedia(w, r, statusOf(err), st, "", msgs)
	}
	if err != nil {
		return err
	}
	s.contentChanged(st.ID, 0) // the home page's player shows the captions
	http.Redirect(w, r, "/quan-tri/s/"+st.Code+"/tep?luu=1#tep-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
