// Package web turns HTTP requests into calls on the portal's domain
// packages: routing (by host name or path prefix to a site), middleware
// (security headers, CSRF, logging, metrics), sessions, templates and
// static assets. Handlers are thin; the rules live in the domain packages.
package web

import (
	"context"
	"crypto/x509"
	"errors"
	"github.com/prometheus/client_golang/prometheus"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/backup"
	"github.com/congportal/cong/internal/cache"
	"github.com/congportal/cong/internal/captcha"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/idempotency"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/maintenance"
	"github.com/congportal/cong/internal/media"
	"github.com/congportal/cong/internal/ratelimit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/workflow"
)

// Options wires a Server.
type Options struct {
	DB        *store.DB
	Log       *slog.Logger
	BehindTLS bool // cookies Secure and HSTS sent
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the real client.
	TrustedProxies []netip.Prefix
	// AccessLogAll logs every request; otherwise successful, fast GETs
	// (the bulk of a portal's traffic, and most of the cost of serving a
	// cached page) are only counted in /metrics, and the log keeps errors,
	// slow requests and everything that changes something.
	AccessLogAll bool
	MetricsToken string // lets "Authorization: Bearer TOKEN" read /metrics from anywhere; without it only this machine may (see metrics.allowed)
	// MediaDir holds uploaded images and files (DATA/media), unless
	// Media is set: an S3-compatible bucket (media.S3Blobs) that every
	// node shares.
	MediaDir string
	Media    media.Blobs
	Version  string
	Now      func() time.Time
	// PageCacheBytes bounds the page cache (0: 64 MiB; negative: no
	// page cache); PageCacheTTL is its safety-net expiry (0: 10 min).
	PageCacheBytes int64
	PageCacheTTL   time.Duration
	// OnInvalidate is told the tags of every page-cache invalidation, to
	// pass them to the other nodes (see cache.Options.OnInvalidate).
	OnInvalidate func(tags []string)
	// Captcha issues and checks the proof-of-work captcha of public
	// forms; nil makes one with the default difficulty.
	Captcha *captcha.Issuer
	// Mail is the outbox for mail to citizens and staff; nil makes one
	// without an SMTP server (mail stays queued). Its delivery job is
	// registered by whoever runs the jobs (cong serve).
	Mail *mail.Outbox
	// SecretKey seals the TOTP secrets in the database (account.Sealer):
	// cong serve reads it from the key file. Without it they are kept in
	// clear, as tests and tools do.
	SecretKey []byte
	// GazetteRoots are the certification authorities the gazette trusts
	// for signed documents (pdfdoc.LoadRoots); nil checks integrity only.
	GazetteRoots *x509.CertPool
	// WriteTimeout is the HTTP server's (0: DefaultWriteTimeout);
	// RequestTimeout bounds a request's work on the database (0:
	// DefaultRequestTimeout) and must end a sixth of WriteTimeout before
	// it (10 s of 60), so that the answer of a request that reached its
	// deadline is still written.
	// QueueWait is how long a request waits for a place among the
	// requests of its kind before a 503 (0: DefaultQueueWait).
	WriteTimeout, RequestTimeout, QueueWait time.Duration
	// ReadOnly serves every page and refuses every write with a 503
	// (cong serve --read-only, for maintenance and restores), whatever
	// the administrators' switch in the database says (readonly.go).
	ReadOnly bool
	// SearchStatements has the search on PostgreSQL answer from its
	// statements only, without holding the index's words in memory
	// (cong serve --search-memory off; search.Index.UseMirror).
	SearchStatements bool
}

// Server is the portal's HTTP surface: public pages, admin, operations.
type Server struct {
	// views counts public page views (report_routes.go); reportExtras
	// and ratingTotals add other capabilities' figures to the reports.
	views        *report.Counter
	reportExtras []report.Extra
	ratingTotals report.RatingsFunc

	db           *store.DB
	log          *slog.Logger
	gazetteRoots *x509.CertPool // Options.GazetteRoots
	now          func() time.Time
	behindTLS    bool
	accessLogAll bool
	proxies      []netip.Prefix
	version      string

	sites    *site.Sites
	resolver *site.Resolver
	users    *account.Users
	sessions *account.Sessions
	content  *content.Store
	media    *media.Store
	legal    *legal.Store
	dir      *directory.Store
	flow     *workflow.Engine
	rules    *rules.Store
	search   *search.Index
	sections *rules.Sites
	pages    *cache.Cache // nil when turned off
	menus    menus        // each site's categories, for the menu (menus.go)
	node     string       // this process, to ignore its own notifications

	feedback       *feedback.Store // citizen requests
	feedbackLimits *limiter        // submissions per client address

	gazette        *gazette.Store // the provincial electronic gazette
	consult        *consult.Store // drafts open for comment
	consultLimits  *limiter       // comments per client address
	consultCounter *prometheus.CounterVec

	ratings *ratingState // readers' satisfaction ratings (rating_routes.go)

	captcha *captcha.Issuer
	mail    *mail.Outbox

	tmpl       *renderer
	assets     *assets
	metrics    *metrics
	limits     *limiter
	rateLimits *ratelimit.Shared // nil on SQLite (see shareLimits)
	handler    http.Handler

	keys           *idempotency.Store // answers kept for retries of writes from outside
	requestTimeout time.Duration      // see Options and admit
	writeTimeout   time.Duration
	gates          map[kind]*gate
	notReady       atomic.Bool // /readyz's last answer, to log only its changes

	maint    *maintenance.Store // notices of planned suspensions, the read-only switch
	readOnly bool               // Options.ReadOnly
	upkeep   upkeep             // the maintenance status every request reads (readonly.go)

	backups *backup.Scheduler // the scheduled backup and its record (backup_admin.go)
}

// mediaFiles is where the media library keeps its files: o.Media, or
// else the folder o.MediaDir.
func mediaFiles(o Options) media.Blobs {
	if o.Media != nil {
		return o.Media
	}
	return media.NewLocalBlobs(o.MediaDir)
}

// New builds the server and loads sites, templates and assets.
func New(ctx context.Context, o Options) (*Server, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	node := nodeID()
	if o.DB.Dialect == store.Postgres {
		// Tell the other nodes: a page this node's change made stale may
		// sit in their caches too (see ListenForInvalidations).
		local := o.OnInvalidate
		o.OnInvalidate = func(tags []string) {
			if local != nil {
				local(tags)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := o.DB.Notify(ctx, invalidationChannel, node+"|"+strings.Join(tags, ",")); err != nil {
				o.Log.Warn("notify other nodes of a cache invalidation", "err", err)
			}
		}
	}
	s := &Server{
		views: report.NewCounter(),
		node:  node,
		db:    o.DB, log: o.Log, now: o.Now, behindTLS: o.BehindTLS, accessLogAll: o.AccessLogAll, version: o.Version, proxies: o.TrustedProxies,
		gazetteRoots: o.GazetteRoots,
		sites:        site.NewSites(o.DB, o.Now),
		users:        account.NewUsers(o.DB, o.Now),
		sessions:     account.NewSessions(o.DB, o.Now),
		content:      content.NewStore(o.DB, o.Now),
		legal:        legal.NewStore(o.DB, o.Now),
		dir:          directory.NewStore(o.DB, o.Now),
		media:        media.NewStoreOn(o.DB, mediaFiles(o), o.Now, media.DefaultLimits()),
		metrics:      newMetrics(o.MetricsToken, o.TrustedProxies),
		limits:       newLimiter(10, time.Minute),
		pages:        newPageCache(o),
	}
	if err := s.setupCaptchaMail(o); err != nil {
		return nil, err
	}
	if err := s.setupAdmission(o); err != nil {
		return nil, err
	}
	s.keys = idempotency.New(o.DB)
	if err := s.setupSealing(ctx, o.SecretKey); err != nil {
		return nil, err
	}
	s.content.OnChange = s.contentChanged
	s.search = search.New(o.DB, o.Now)
	if !o.SearchStatements {
		s.search.UseMirror(s.log)
		if _, ok := s.search.MirrorStats(); ok { // PostgreSQL only
			s.metrics.searchMemory(s.search)
		}
	}
	s.content.OnSaved = s.searchRefresh
	s.flow = workflow.New(o.DB, s.content, o.Now)
	s.flow.Reply = s.replyToReader // correction_reply.go
	s.rules = rules.NewStore(o.DB, o.Now)
	s.sections = &rules.Sites{Rules: s.rules, Content: s.content}
	s.maint, s.readOnly = maintenance.NewStore(o.DB, s.rules, o.Now), o.ReadOnly
	if err := s.rules.EnsureDefaults(ctx); err != nil {
		return nil, err
	}
	s.setupFeedback()
	s.setupConsult()
	s.setupGazette()
	s.setupBackups(o)
	s.shareLimits()
	s.resolver = site.NewResolver(s.sites, 30*time.Second)
	if err := s.resolver.Reload(ctx); err != nil {
		return nil, err
	}
	var err error
	if s.tmpl, err = loadTemplates(); err != nil {
		return nil, err
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if err := s.buildSearchIndex(ctx); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// setupSealing makes the account stores seal TOTP secrets with key,
// after checking that the database's secrets are sealed with the same
// one, and seals those kept in clear before.
func (s *Server) setupSealing(ctx context.Context, key []byte) error {
	if key == nil {
		return nil
	}
	sealer, err := account.NewSealer(key)
	if err != nil {
		return err
	}
	n, err := account.AdoptKey(ctx, s.db, sealer, s.now())
	if errors.Is(err, account.ErrWrongKey) {
		return errors.New("khóa bí mật không khớp với khóa đã niêm phong bí mật TOTP trong cơ sở dữ liệu: mọi máy chủ phải dùng cùng một tệp khóa (--secret-key-file) " +
			"(the secret key is not the one this database's TOTP secrets are sealed with: every node needs the same key file)")
	}
	if err != nil {
		return err
	}
	if n > 0 {
		s.log.Info("sealed the TOTP secrets stored in clear", "users", n)
	}
	s.users.Sealer, s.sessions.Sealer = sealer, sealer
	return nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Workflow exposes the workflow engine, for the scheduler.
func (s *Server) Workflow() *workflow.Engine { return s.flow }

// Users exposes the account store (the command line uses it too).
func (s *Server) Users() *account.Users { return s.users }

// Jobs registers the server's scheduled work on a jobs runner: the
// publication schedule every 15 seconds (so publish-at and unpublish-at
// take effect within a minute), the sweep of expired sessions, the
// feedback deadlines, and every hour the sweep of idempotency answers
// older than a day.
func (s *Server) Jobs(r *jobs.Runner) {
	r.Every("content.schedule", 15*time.Second, func(ctx context.Context, now time.Time) error {
		ids, err := s.flow.RunSchedule(ctx, now)
		if len(ids) > 0 {
			s.log.Info("schedule", "changed", ids)
		}
		return err
	})
	r.Every("sessions.sweep", 10*time.Minute, func(ctx context.Context, _ time.Time) error {
		if err := s.users.SweepAttempts(ctx); err != nil {
			return err
		}
		return s.sessions.Sweep(ctx)
	})
	s.feedbackJobs(r)
	s.consultJobs(r)
	s.backupJobs(r) // the daily backup, its retention and the weekly restore check
	s.reportJobs(r)
	s.spokesJobs(r)
	s.ratingJobs(r)
	s.subscriptionJobs(r) // subscription_routes.go
	r.Every("idempotency.sweep", time.Hour, func(ctx context.Context, now time.Time) error {
		n, err := s.keys.Sweep(ctx, now)
		if n > 0 {
			s.log.Info("idempotency keys swept", "deleted", n)
		}
		return err
	})
	if s.rateLimits != nil {
		r.Every("ratelimit.sweep", 10*time.Minute, func(ctx context.Context, now time.Time) error {
			return s.rateLimits.Sweep(ctx, now, 2*time.Minute)
		})
	}
}
