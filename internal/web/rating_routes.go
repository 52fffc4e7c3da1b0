package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/rating"
	"github.com/congportal/cong/internal/site"
)

// ratingState is what the ratings need beyond the server's own: their
// store and the limit per client address.
type ratingState struct {
	store *rating.Store
	// limit is ratingsPerMinute answers a minute per address, counted in
	// the database too on PostgreSQL, so it holds across nodes. The
	// address keys the count (rate_limits, swept after two minutes) and
	// the day's mark (rating.Store), never a rating.
	limit *limiter
}

// ratingsPerMinute is how many answers one address may send a minute: a
// person rates a page or two, a script hundreds.
const ratingsPerMinute = 10

// ratingsSetup makes the ratings' state once; both route hooks call it,
// after New has decided whether limits are shared (shareLimits).
func (s *Server) ratingsSetup() *ratingState {
	if s.ratings == nil {
		s.ratings = &ratingState{store: rating.NewStore(s.db, s.now), limit: newLimiter(ratingsPerMinute, time.Minute)}
		if s.rateLimits != nil {
			s.ratings.limit.share(s.rateLimits, "rating", s.now, s.log)
		}
		s.ratingTotals = s.ratings.totals // the oversight table's satisfaction column
		s.reportExtras = append(s.reportExtras, s.ratings.figures)
	}
	return s.ratings
}

// totals is rating.Store.Totals in the form the reports take
// (report.RatingsFunc): yes, then no, per site.
func (rs *ratingState) totals(ctx context.Context, siteIDs []int64, from, to time.Time) (map[int64][2]int, error) {
	got, err := rs.store.Totals(ctx, siteIDs, from, to)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][2]int, len(got))
	for id, c := range got {
		out[id] = [2]int{c.Yes, c.No}
	}
	return out, nil
}

// Ratings exposes the ratings store, for the reports.
func (s *Server) Ratings() *rating.Store { return s.ratingsSetup().store }

// ratingPublicRoutes are the readers' side of satisfaction ratings
// (issue 18, point 4), by path within a site: the form on every item page
// posts here, and works without JavaScript.
func (s *Server) ratingPublicRoutes(mux *http.ServeMux) {
	s.ratingsSetup()
	mux.Handle("POST /danh-gia/{id}", s.public(s.ratingSubmit))
}

// ratingStaffRoutes are the editors' side of satisfaction ratings.
func (s *Server) ratingStaffRoutes(mux *http.ServeMux) {
	s.ratingsSetup()
	mux.Handle("GET /quan-tri/s/{site}/danh-gia", s.staff(s.ratingComments))
}

// ratingJobs is the ratings' scheduled work: every hour, the marks and
// salt of the days over are deleted, after which no rating can be tied
// to an address.
func (s *Server) ratingJobs(r *jobs.Runner) {
	st := s.ratingsSetup()
	r.Every("rating.sweep", time.Hour, func(ctx context.Context, now time.Time) error {
		return st.store.Sweep(ctx, now)
	})
}

// ratingRefused is the answer to an address over its limit.
var ratingRefused = apperr.New(apperr.TooMany,
	"Bạn đã gửi nhiều đánh giá trong thời gian ngắn. Xin thử lại sau một phút.",
	"You have sent many ratings in a short time. Please try again in a minute.")

// ratingSubmit takes a reader's answer to "Thông tin này có hữu ích
// không?" on a published item of the site, and sends them back to the
// item, where the thank-you shows (?danh-gia=cam-on, a parameter of the
// page cache's key: see queryParams in cache.go).
func (s *Server) ratingSubmit(w http.ResponseWriter, r *http.Request) error {
	st := siteOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	it, err := s.content.Get(r.Context(), id)
	if err != nil || it.SiteID != st.ID || !it.Live {
		return errNotFound
	}
	useful, comment, err := rating.ParseForm(r.PostForm)
	if err != nil {
		return err
	}
	rs, ip := s.ratingsSetup(), s.clientIP(r)
	if !rs.limit.allow(r.Context(), "danh-gia:"+ip) {
		return ratingRefused
	}
	if _, err := rs.store.Rate(r.Context(), rating.Input{SiteID: st.ID, ItemID: it.ID, Useful: useful, Comment: comment, Client: ip}); err != nil {
		return err
	}
	http.Redirect(w, r, st.URL(it.URL())+"?danh-gia=cam-on#danh-gia", http.StatusSeeOther)
	return nil
}

// ratingsPage is a site's ratings for its editors: the answers of the
// last 30 days per item, and the comments, newest first.
type ratingsPage struct {
	*AdminPage
	Work     *site.Site
	Total    rating.Count
	Items    []rating.ItemCount
	Comments []rating.Comment
}

// Held reports whether a comment waits for a person (a prohibited term).
func (p *ratingsPage) Held(c rating.Comment) bool { return c.State == rating.Held }

// maySeeRatings is who reads a site's ratings and their comments: its
// editors and board (those who check what it published) and those who
// read its reports.
func maySeeRatings(u *account.User, siteID, mainID int64) bool {
	return u.Can(siteID, mainID, account.CheckPublished) || u.Can(siteID, mainID, account.ReadReports)
}

// ratingComments serves /quan-tri/s/{site}/danh-gia.
func (s *Server) ratingComments(w http.ResponseWriter, r *http.Request) error {
	st, err := s.workSite(r)
	if err != nil {
		return err
	}
	u, main := userOf(r), s.mainSite(r)
	if !maySeeRatings(u, st.ID, main.ID) {
		return errForbidden
	}
	rs := s.ratingsSetup()
	to := s.now()
	from := to.AddDate(0, 0, -30)
	p := &ratingsPage{AdminPage: s.adminPage(r, u, translate(langOf(r), "rating.staff")+" – "+st.DisplayName(langOf(r))), Work: st}
	totals, err := rs.store.Totals(r.Context(), []int64{st.ID}, from, to)
	if err != nil {
		return err
	}
	p.Total = totals[st.ID]
	if p.Items, err = rs.store.ByItem(r.Context(), st.ID, from, to, 20); err != nil {
		return err
	}
	if p.Comments, err = rs.store.Comments(r.Context(), st.ID, 200); err != nil {
		return err
	}
	return s.tmpl.render(w, http.StatusOK, "admin/ratings", p)
}
