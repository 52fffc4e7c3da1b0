package web

import (
	"net/http"

	"github.com/congportal/cong/internal/a11y"
	"github.com/congportal/cong/internal/channel"
	"github.com/congportal/cong/internal/site"
)

// channelStaffRoutes are the staff pages of the official channels
// registry and the accessibility statement (issue 20, points 7 and 8),
// kept by the site's board and the installation's administrators
// (mayKeepChannels), and the text alternatives of a recording, set by
// those who upload (the media page).
func (s *Server) channelStaffRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/kenh-chinh-thuc", s.staff(s.channelAdmin))
	mux.Handle("POST /quan-tri/s/{site}/kenh-chinh-thuc", s.staff(s.channelSave))
	mux.Handle("POST /quan-tri/s/{site}/kenh-chinh-thuc/{id}/bo", s.staff(s.channelRemove))
	mux.Handle("GET /quan-tri/s/{site}/tuyen-bo-tiep-can", s.staff(s.statementAdmin))
	mux.Handle("POST /quan-tri/s/{site}/tuyen-bo-tiep-can", s.staff(s.statementSave))
	mux.Handle("POST /quan-tri/s/{site}/tep/{id}/tiep-can", s.staff(s.mediaAccessSave))
}

// channelPublicRoutes are their public pages, by path within a site.
func (s *Server) channelPublicRoutes(mux *http.ServeMux) {
	mux.Handle("GET /kenh-chinh-thuc", s.public(s.channelsPublic))
	mux.Handle("GET /tuyen-bo-tiep-can", s.public(s.statementPublic))
}

// channels is the registry store; it holds no state, so each use makes one.
func (s *Server) channels() *channel.Store { return channel.NewStore(s.db, s.now) }

// statements is the accessibility statements store.
func (s *Server) statements() *a11y.Store { return a11y.NewStore(s.db, s.now) }

// mayKeepChannels: the site's board (content.approve) or the
// installation's administrators (settings.manage) — those who keep what
// the site says of itself (its directory and spokespersons, see
// mayEditDirectory).
func (s *Server) mayKeepChannels(r *http.Request, st *site.Site) bool {
	return s.mayEditDirectory(r, st)
}

// channelSite finds the site of a registry or statement page and says
// whether the person may keep it; the handler audits a refusal under its
// own name (s.deny).
func (s *Server) channelSite(r *http.Request) (*site.Site, bool, error) {
	st, err := s.sites.ByCode(r.Context(), r.PathValue("site"))
	if err != nil {
		return nil, false, err
	}
	return st, s.mayKeepChannels(r, st), nil
}
