package web

import (
	"context"
	"net/http"
	"time"

	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/subscription"
)

// subscriptionPublicRoutes: a reader subscribes by mail to a site's or a
// section's new items, confirms by the link mailed, and unsubscribes by
// the link every mail carries (issue 20, point 9). The form is limited
// per client address, like the feedback form, and carries the captcha.
func (s *Server) subscriptionPublicRoutes(mux *http.ServeMux) {
	// A person subscribes a few times at most; a flood is cut off.
	lim := newLimiter(5, time.Minute)
	if s.rateLimits != nil {
		lim.share(s.rateLimits, "subscription", s.now, s.log)
	}
	mux.Handle("GET /nhan-tin-moi", s.public(s.subscriptionForm))
	mux.Handle("POST /nhan-tin-moi", s.public(s.subscriptionSubmit(lim)))
	mux.Handle("GET /nhan-tin-moi/da-gui", s.public(s.subscriptionSent))
	mux.Handle("GET /nhan-tin-moi/xac-nhan/{token}", s.public(s.subscriptionConfirm))
	mux.Handle("GET /nhan-tin-moi/huy/{token}", s.public(s.subscriptionUnsubscribe))
}

// subscriptionStaffRoutes: the site's staff see how many subscribe, per
// section; only the administrator sees the addresses, and erases one on
// request.
func (s *Server) subscriptionStaffRoutes(mux *http.ServeMux) {
	mux.Handle("GET /quan-tri/s/{site}/nhan-tin-moi", s.staff(s.subscriptionCounts))
	mux.Handle("GET /quan-tri/s/{site}/nhan-tin-moi/dia-chi", s.staff(s.subscriptionAddresses))
	mux.Handle("POST /quan-tri/s/{site}/nhan-tin-moi/{id}/xoa", s.staff(s.subscriptionErase))
}

// subscriptionJobs: every 15 minutes, the day's digests (from the hour of
// the digest on, each subscriber once a day) and the erasure of requests
// never confirmed. The mail goes out with the outbox's own job.
func (s *Server) subscriptionJobs(r *jobs.Runner) {
	r.Every("subscription.digest", 15*time.Minute, func(ctx context.Context, now time.Time) error {
		made, mailed, err := s.subscriptions().Digest(ctx, now)
		if made > 0 {
			s.log.Info("subscription digests", "made", made, "mailed", mailed)
		}
		return err
	})
	r.Every("subscription.expire", time.Hour, func(ctx context.Context, now time.Time) error {
		n, err := s.subscriptions().Expire(ctx, now)
		if n > 0 {
			s.log.Info("subscription requests expired", "erased", n)
		}
		return err
	})
}

// subscriptions is the subscription store: mail through the outbox in
// the store's own transaction, links on the subscriber's site.
func (s *Server) subscriptions() *subscription.Store {
	return subscription.New(s.db, subscription.Options{Now: s.now,
		Notify: func(ctx context.Context, tx *store.Tx, m mail.Message) error { return s.mail.Enqueue(ctx, tx, m) },
		Link:   s.absoluteURL})
}
