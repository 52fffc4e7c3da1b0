package consult

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Notifier queues a mail in the caller's transaction (the mail outbox),
// so a receipt is sent if and only if the comment is stored.
type Notifier func(ctx context.Context, tx *store.Tx, to, subject, text string) error

// Options wires a Store.
type Options struct {
	Now   func() time.Time
	Rules *rules.Store
	// Notify queues mail; nil sends nothing.
	Notify Notifier
	// BaseURL turns a site path into an absolute URL for mails; called
	// outside transactions.
	BaseURL func(siteID int64, path string) string
	// Changed is told, after the commit, of every change to what the
	// public sees of a draft (the page cache and the search index
	// follow); nil tells no one.
	Changed func(siteID, draftID int64)
}

// Store keeps drafts and their comments.
type Store struct {
	db *store.DB
	o  Options

	mu        sync.Mutex
	parsed    map[[2]int64]parsedText  // by draft id and version; see parse
	syntheses map[synKey]keptSynthesis // published ones; see Synthesis
}

// parsedText is the structure of one version of a draft's text.
type parsedText struct {
	body string
	doc  *vn.LegalDoc
}

// parse returns the structure of version v of draft id, whose text is
// body. The last few texts parsed are kept: every comment is anchored by
// looking its provision up in the text, and parsing a draft of 300 Điều
// took about two thirds of the CPU time of storing a comment (9 ms of
// CPU a submission at 100 a second, against 3 ms for a draft of 40
// Điều). A version's text never changes once stored; the text is
// compared all the same, so a kept structure is never used for another
// text. The structure is only read once parsed.
func (s *Store) parse(id int64, v int, body string) *vn.LegalDoc {
	return s.Parsed(id, v, body)
}

// Parsed returns the structure of version v of draft id, whose text is
// body, from the texts kept by the store (see parse): the pages of a
// draft show and name its provisions, and parsing a text of 300 Điều was
// half the time of its public page. The structure must only be read.
func (s *Store) Parsed(id int64, v int, body string) *vn.LegalDoc {
	key := [2]int64{id, int64(v)}
	s.mu.Lock()
	p, ok := s.parsed[key]
	s.mu.Unlock()
	if ok && p.body == body {
		return p.doc
	}
	doc := vn.ParseLegal(body)
	s.mu.Lock()
	if s.parsed == nil || len(s.parsed) >= 8 {
		s.parsed = map[[2]int64]parsedText{}
	}
	s.parsed[key] = parsedText{body, doc}
	s.mu.Unlock()
	return doc
}

// NewStore returns a consultation store on db.
func NewStore(db *store.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rules == nil {
		o.Rules = rules.NewStore(db, o.Now)
	}
	if o.BaseURL == nil {
		o.BaseURL = func(_ int64, p string) string { return p }
	}
	if o.Changed == nil {
		o.Changed = func(int64, int64) {}
	}
	st := &Store{db: db, o: o}
	// Every change the store makes drops what it keeps of the draft
	// before it tells the others.
	told := o.Changed
	st.o.Changed = func(siteID, id int64) {
		st.forget(id)
		told(siteID, id)
	}
	return st
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.o.Now() }

// Path is the public path of a draft within its site.
func Path(slug string) string { return "/lay-y-kien/" + slug }

const draftColumns = `d.id, d.site_id, d.slug, d.title, d.doc_kind, d.agency, d.recv_unit, d.recv_address, d.recv_email,
	d.recv_phone, d.summary, d.state, d.version, d.opens_at, d.closes_at, d.min_days, d.rule_code, d.shortened,
	d.shortened_basis, d.closed_early_basis, d.synthesis_note, d.approved_by, d.published_at, d.created_at, d.updated_at`

// scanDraft reads draftColumns and then the body (” where a list needs
// none).
func scanDraft(row interface{ Scan(...any) error }) (*Draft, error) {
	var d Draft
	var opens, closes, published sql.NullTime
	err := row.Scan(&d.ID, &d.SiteID, &d.Slug, &d.Title, &d.DocKind, &d.Agency, &d.RecvUnit, &d.RecvAddress, &d.RecvEmail,
		&d.RecvPhone, &d.Summary, &d.State, &d.Version, &opens, &closes, &d.MinDays, &d.RuleCode, &d.Shortened,
		&d.ShortenedBasis, &d.ClosedEarlyBasis, &d.SynthesisNote, &d.ApprovedBy, &published, &d.CreatedAt, &d.UpdatedAt, &d.Body)
	if err != nil {
		return nil, err
	}
	d.OpensAt, d.ClosesAt, d.PublishedAt = timePtr(opens), timePtr(closes), timePtr(published)
	return &d, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// Get returns the draft with id and its current text.
func (s *Store) Get(ctx context.Context, id int64) (*Draft, error) {
	return s.one(ctx, `WHERE d.id = ?`, id)
}

// BySlug returns a site's draft by its public slug.
func (s *Store) BySlug(ctx context.Context, siteID int64, slug string) (*Draft, error) {
	return s.one(ctx, `WHERE d.site_id = ? AND d.slug = ?`, siteID, slug)
}

func (s *Store) one(ctx context.Context, where string, args ...any) (*Draft, error) {
	d, err := scanDraft(s.db.QueryRow(ctx, `SELECT `+draftColumns+`, v.body FROM consult_drafts d
		JOIN consult_versions v ON v.draft_id = d.id AND v.version = d.version `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read draft: %w", err)
	}
	return d, nil
}

// Version is one version of a draft's text.
type Version struct {
	Version   int
	Body      string
	Note      string
	CreatedAt time.Time
}

// Versions lists a draft's versions, newest first.
func (s *Store) Versions(ctx context.Context, draftID int64) ([]*Version, error) {
	rows, err := s.db.Query(ctx, `SELECT version, body, note, created_at FROM consult_versions WHERE draft_id = ? ORDER BY version DESC`, draftID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.Version, &v.Body, &v.Note, &v.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, &v)
	}
	return out, rows.Err()
}

// Filter selects drafts for a list.
type Filter struct {
	SiteID int64 // 0: every site (the main portal's list)
	Kind   string
	State  State // "" for every public state
	Q      string
	Staff  bool // include drafts not yet public
	// ActiveSites leaves out the drafts of archived sites (the main
	// portal's home lists only live sites' consultations).
	ActiveSites bool
	Page        int // from 1
	Size        int
}

// List returns a page of drafts: open ones first (closing soonest
// first), then the rest newest first; and how many match in all.
func (s *Store) List(ctx context.Context, f Filter) ([]*Draft, int, error) {
	var where []string
	var args []any
	if f.SiteID != 0 {
		where = append(where, "d.site_id = ?")
		args = append(args, f.SiteID)
	}
	if !f.Staff {
		where = append(where, "d.state <> 'draft'")
	}
	if f.ActiveSites {
		where = append(where, "d.site_id IN (SELECT id FROM sites WHERE status = 'active')")
	}
	now := s.o.Now().UTC()
	switch f.State {
	case "":
	case Open: // still within its period
		where = append(where, "d.state = 'open' AND d.closes_at > ?")
		args = append(args, now)
	case Closed:
		where = append(where, "(d.state = 'closed' OR (d.state = 'open' AND d.closes_at <= ?))")
		args = append(args, now)
	default:
		where = append(where, "d.state = ?")
		args = append(args, string(f.State))
	}
	if f.Kind != "" {
		where = append(where, "d.doc_kind = ?")
		args = append(args, f.Kind)
	}
	if q := vn.Fold(vn.Clean(f.Q)); q != "" {
		where = append(where, "d.folded LIKE ?")
		args = append(args, "%"+likeEscape(q)+"%")
	}
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM consult_drafts d `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count drafts: %w", err)
	}
	size := f.Size
	if size <= 0 || size > 100 {
		size = 20
	}
	page := max(f.Page, 1)
	rows, err := s.db.Query(ctx, `SELECT `+draftColumns+`, '' FROM consult_drafts d `+cond+`
		ORDER BY CASE WHEN d.state = 'open' AND d.closes_at > ? THEN 0 ELSE 1 END,
			CASE WHEN d.state = 'open' AND d.closes_at > ? THEN d.closes_at END,
			COALESCE(d.opens_at, d.created_at) DESC, d.id DESC
		LIMIT ? OFFSET ?`, append(args, now, now, size, (page-1)*size)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list drafts: %w", err)
	}
	defer rows.Close()
	var out []*Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, ``, `%`, ``, `_`, ``).Replace(s)
}

// uniqueSlug is base, or base-2, base-3… the first not taken on the site.
func uniqueSlug(ctx context.Context, q store.Querier, siteID int64, base string) (string, error) {
	if base == "" {
		base = "du-thao"
	}
	if len(base) > 80 { // cut at a word: "…-camera-giam" would read as another word
		base = base[:80]
		if i := strings.LastIndexByte(base, '-'); i > 40 {
			base = base[:i]
		}
	}
	for i := 1; i < 1000; i++ {
		slug := base
		if i > 1 {
			slug += "-" + strconv.Itoa(i)
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM consult_drafts WHERE site_id = ? AND slug = ?`, siteID, slug).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			return slug, nil
		}
	}
	return "", fmt.Errorf("no free slug for %q", base)
}

// SiteOf returns the site of a draft without reading its text.
func (s *Store) SiteOf(ctx context.Context, id int64) (int64, error) {
	var site int64
	err := s.db.QueryRow(ctx, `SELECT site_id FROM consult_drafts WHERE id = ?`, id).Scan(&site)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errNotFound
	}
	return site, err
}
