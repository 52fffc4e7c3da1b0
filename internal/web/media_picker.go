package web

import (
	"net/http"

	"github.com/congportal/cong/internal/media"
)

// pickerImage is one image of the editor's media picker: the URL to put
// in a body (the largest rendition in the image's main format, as the
// media page's snippet gives it; article bodies show src as written), the
// smallest rendition as the thumbnail, and the alt text kept with the
// upload.
type pickerImage struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Thumb  string `json:"thumb"`
	Alt    string `json:"alt"`
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	SHA256 string `json:"sha256"`
}

// pickerPage is a page of the picker: the images among a page of the
// site's uploads (newest first, media.PageSize uploads a page, attachments
// left out), and whether a later page may hold more.
type pickerPage struct {
	Page   int           `json:"page"`
	Next   int           `json:"next,omitempty"`
	Images []pickerImage `json:"images"`
}

// mediaPicker answers GET /quan-tri/s/{site}/tep.json?trang=N for the
// rich-text editor's "Insert image" dialog. It is authorised exactly as
// the media page (mediaList): anyone holding a role on the site, or a
// reader of the main portal's reports.
func (s *Server) mediaPicker(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	page := pageNumber(r.URL.Query().Get("trang"))
	files, err := s.media.List(r.Context(), st.ID, page)
	if err != nil {
		return err
	}
	out := pickerPage{Page: page, Images: []pickerImage{}}
	if len(files) == media.PageSize {
		out.Next = page + 1
	}
	for _, m := range files {
		if m.Kind != media.Image || len(m.Variants) == 0 {
			continue
		}
		thumb := m.Variants[0]
		for _, v := range m.Variants { // stored ordered by width
			if v.Format == m.Format() {
				thumb = v
				break
			}
		}
		out.Images = append(out.Images, pickerImage{ID: m.ID, URL: m.URL(), Thumb: thumb.URL(), Alt: m.Alt,
			Name: m.OriginalName, Width: m.Width, Height: m.Height, SHA256: m.SHA256})
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}
