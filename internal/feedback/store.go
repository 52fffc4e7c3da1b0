package feedback

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Notifier queues a mail in the caller's transaction (the mail outbox),
// so a confirmation is sent if and only if the request is stored.
type Notifier func(ctx context.Context, tx *store.Tx, to, subject, text string) error

// Options wires a Store.
type Options struct {
	Now   func() time.Time
	Rules *rules.Store
	// Calendar is the working-day calendar with the government's yearly
	// swaps; nil takes the one administrators edit (rules.Store.Calendar).
	Calendar func(ctx context.Context) (*vn.Calendar, error)
	// Notify queues mail to senders and staff; nil sends nothing.
	Notify Notifier
	// BaseURL turns a site path into an absolute URL for mails. It is
	// called outside transactions (it may query the database).
	BaseURL func(siteID int64, path string) string
	// Changed is told, after the commit, of every step taken and every
	// erasure (the search index follows the published answers); nil
	// tells no one.
	Changed func(siteID, id int64)
}

// Store keeps citizen requests.
type Store struct {
	db *store.DB
	o  Options
}

// NewStore returns a feedback store on db.
func NewStore(db *store.DB, o Options) *Store {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Rules == nil {
		o.Rules = rules.NewStore(db, o.Now)
	}
	if o.Calendar == nil {
		o.Calendar = o.Rules.Calendar
	}
	if o.BaseURL == nil {
		o.BaseURL = func(_ int64, p string) string { return p }
	}
	if o.Changed == nil {
		o.Changed = func(int64, int64) {}
	}
	return &Store{db: db, o: o}
}

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.o.Now() }

var errNotFound = apperr.New(apperr.NotFound, "Không tìm thấy phản ánh, kiến nghị.", "No such request.")

const columns = `id, code, site_id, category, COALESCE(unit_id, 0), COALESCE(assigned_unit_id, 0), title, body,
	name, initials, address, phone, email, consent, state, held_terms, reason, answer, COALESCE(merged_into, 0),
	source, lat, lon, received_at, forward_due, answer_due, classified_at, answered_at, closed_at, published_at,
	erased_at, updated_at`

func scan(row interface{ Scan(...any) error }) (*Request, error) {
	var r Request
	var classified, answered, closed, published, erased sql.NullTime
	err := row.Scan(&r.ID, &r.Code, &r.SiteID, &r.Category, &r.UnitID, &r.AssignedUnitID, &r.Title, &r.Body,
		&r.Name, &r.Initials, &r.Address, &r.Phone, &r.Email, &r.Consent, &r.State, &r.HeldTerms, &r.Reason, &r.Answer,
		&r.MergedInto, &r.Source, &r.Lat, &r.Lon, &r.ReceivedAt, &r.ForwardDue, &r.AnswerDue, &classified, &answered,
		&closed, &published, &erased, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	r.ClassifiedAt, r.AnsweredAt, r.ClosedAt = timePtr(classified), timePtr(answered), timePtr(closed)
	r.PublishedAt, r.ErasedAt = timePtr(published), timePtr(erased)
	return &r, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time
	return &v
}

// Get returns a request by id, with its attachments listed (not loaded).
func (s *Store) Get(ctx context.Context, id int64) (*Request, error) {
	return s.get(ctx, s.db, id)
}

func (s *Store) get(ctx context.Context, q store.Querier, id int64) (*Request, error) {
	r, err := scan(q.QueryRow(ctx, `SELECT `+columns+` FROM feedback_requests WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	return r, s.listAttachments(ctx, q, r)
}

// ByCode returns a request by its tracking code.
func (s *Store) ByCode(ctx context.Context, code string) (*Request, error) {
	r, err := scan(s.db.QueryRow(ctx, `SELECT `+columns+` FROM feedback_requests WHERE code = ?`, code))
	if err != nil {
		return nil, err
	}
	return r, s.listAttachments(ctx, s.db, r)
}

// ByLink returns the request a private link names, checking its secret.
func (s *Store) ByLink(ctx context.Context, code, token string) (*Request, error) {
	var id int64
	var hash string
	err := s.db.QueryRow(ctx, `SELECT id, token_hash FROM feedback_requests WHERE code = ?`, code).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err // the database failing is not "no such request"
	}
	if err != nil || !tokenMatches(hash, token) {
		return nil, errNotFound
	}
	return s.Get(ctx, id)
}

// Filter narrows the staff list.
type Filter struct {
	SiteID int64
	// UnitSiteID, when set instead of SiteID, keeps the requests of any
	// site assigned to a unit of that site: what a component site's
	// liaisons answer, the main portal's requests routed to them included.
	UnitSiteID int64
	State      State // "" for every open state
	UnitID     int64 // assigned to this unit, 0 for any
	All        bool  // final states too
	// Answerer, when set, keeps what that person may answer as a unit's
	// liaison: requests routed to a unit that names them as liaison, or
	// that names no liaison (as mayAnswer decides for one request).
	Answerer int64
	// Final keeps the requests whose handling has ended; NotHeld leaves
	// out those held for review (never public); Category keeps one kind.
	Final, NotHeld bool
	Category       Category
	// From and To bound the time of receipt, when set (both inclusive).
	From, To time.Time
	// NewestFirst lists the latest received first (Open311), instead of
	// the oldest, which the staff work through first.
	NewestFirst bool
	Limit       int // 200 unless 1–1000
	Offset      int
}

// openStatesSQL is OpenStates as an SQL list: ('held', 'received', …).
var openStatesSQL = func() string {
	q := make([]string, len(OpenStates))
	for i, st := range OpenStates {
		q[i] = "'" + string(st) + "'"
	}
	return "(" + strings.Join(q, ", ") + ")"
}()

// where is the condition and arguments of f, shared by List and Count:
// only the conditions f asks for, so that the database sees which index
// serves (an optional condition written with OR hides it). The open
// states are written as feedback_requests_open's condition (migration
// 016), so that the list of open requests reads that index.
func (f Filter) where() (string, []any) {
	where, args := []string{"site_id = ?"}, []any{f.SiteID}
	if f.UnitSiteID != 0 {
		where, args = []string{"assigned_unit_id IN (SELECT id FROM directory_units WHERE site_id = ?)"}, []any{f.UnitSiteID}
	}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	switch {
	case f.State != "":
		add("state = ?", f.State)
	case !f.All:
		add("state IN " + openStatesSQL)
	}
	if f.UnitID != 0 {
		add("assigned_unit_id = ?", f.UnitID)
	}
	if f.Answerer != 0 {
		add(`assigned_unit_id <> 0 AND (assigned_unit_id IN (SELECT unit_id FROM feedback_liaisons WHERE user_id = ?)
			OR NOT EXISTS (SELECT 1 FROM feedback_liaisons l WHERE l.unit_id = assigned_unit_id))`, f.Answerer)
	}
	if !f.From.IsZero() {
		add("received_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("received_at <= ?", f.To.UTC())
	}
	if f.Final {
		add("state NOT IN " + openStatesSQL)
	}
	if f.NotHeld {
		add("state <> 'held'")
	}
	if f.Category != "" {
		add("category = ?", f.Category)
	}
	return strings.Join(where, " AND "), args
}

// List returns a page of the requests of a site, oldest first.
func (s *Store) List(ctx context.Context, f Filter) ([]*Request, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	cond, args := f.where()
	order := "received_at, id"
	if f.NewestFirst {
		order = "received_at DESC, id DESC"
	}
	rows, err := s.db.Query(ctx, `SELECT `+columns+` FROM feedback_requests WHERE `+cond+`
		ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	defer rows.Close()
	var out []*Request
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CountCap bounds Count: a province's requests of years are many, and
// counting them all would read each; beyond it the list says "more than".
const CountCap = 10000

// Count is how many requests f matches, up to CountCap + 1, for the pages
// of the list.
func (s *Store) Count(ctx context.Context, f Filter) (int, error) {
	cond, args := f.where()
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM feedback_requests WHERE `+cond+` LIMIT ?) c`,
		append(args, CountCap+1)...).Scan(&n)
	return n, err
}

// Timeline returns a request's events, oldest first; publicOnly leaves
// out what only staff see.
func (s *Store) Timeline(ctx context.Context, id int64, publicOnly bool) ([]*Event, error) {
	rows, err := s.db.Query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor, kind, state, public, note
		FROM feedback_events WHERE request_id = ? AND (public OR NOT ?) ORDER BY id`, id, publicOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Actor, &e.Kind, &e.State, &e.Public, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// event appends a line to a request's timeline.
func event(ctx context.Context, tx *store.Tx, reqID int64, at time.Time, actorID int64, actor, kind string, st State, public bool, note string) error {
	var aid any
	if actorID != 0 {
		aid = actorID
	}
	_, err := tx.Exec(ctx, `INSERT INTO feedback_events (request_id, at, actor_id, actor, kind, state, public, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, reqID, at.UTC(), aid, actor, kind, st, public, note)
	return err
}

// nullTime scans a nullable timestamp.
type nullTime struct{ sql.NullTime }

func (t nullTime) ptr() *time.Time { return timePtr(t.NullTime) }

// UnitName names a unit of the directory of any site: a request of the
// main portal may be routed to a unit of a department or a commune.
// An unknown unit has no name.
func (s *Store) UnitName(ctx context.Context, unitID int64) (string, error) {
	var name string
	err := s.db.QueryRow(ctx, `SELECT name FROM directory_units WHERE id = ?`, unitID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// UnitSite is the site a unit of the directory belongs to, 0 for an
// unknown unit: a liaison answering the main portal's request routed to
// their unit works from that site's staff pages.
func (s *Store) UnitSite(ctx context.Context, unitID int64) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `SELECT site_id FROM directory_units WHERE id = ?`, unitID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// RouteGroup is a site's units a request may be routed to.
type RouteGroup struct {
	SiteID         int64
	SiteName       string
	SiteNameEN     string
	Units          []RouteUnit
	OwnSite, Other bool // the request's own site; another site
}

// RouteUnit is one unit of a RouteGroup.
type RouteUnit struct {
	ID   int64
	Name string
}

// Label is the group's site name in lang.
func (g *RouteGroup) Label(lang string) string {
	if lang == "en" && g.SiteNameEN != "" {
		return g.SiteNameEN
	}
	return g.SiteName
}

// RoutingUnits lists the units a request of siteID may be routed to,
// grouped by site: a request of the main portal reaches every unit of
// every active site of the province (its own first, then the
// departments, the communes and the others, each by name); a component
// site's, its own units.
func (s *Store) RoutingUnits(ctx context.Context, siteID, mainID int64) ([]*RouteGroup, error) {
	cond, args := `u.site_id = ?`, []any{siteID}
	if siteID == mainID {
		cond, args = `(s.status = 'active' OR s.id = ?)`, []any{siteID}
	}
	rows, err := s.db.Query(ctx, `SELECT u.id, u.name, s.id, s.name, s.name_en FROM directory_units u JOIN sites s ON s.id = u.site_id
		WHERE `+cond+` ORDER BY CASE WHEN s.id = ? THEN 0 WHEN s.kind = 'department' THEN 1 WHEN s.kind = 'commune' THEN 2 ELSE 3 END,
		s.name, s.id, u.position, u.id`, append(args, siteID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*RouteGroup
	for rows.Next() {
		var u RouteUnit
		var g RouteGroup
		if err := rows.Scan(&u.ID, &u.Name, &g.SiteID, &g.SiteName, &g.SiteNameEN); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].SiteID != g.SiteID {
			g.OwnSite, g.Other = g.SiteID == siteID, g.SiteID != siteID
			out = append(out, &g)
		}
		last := out[len(out)-1]
		last.Units = append(last.Units, u)
	}
	return out, rows.Err()
}

// OpenStatesSQL is OpenStates as an SQL list, for the reports.
func OpenStatesSQL() string { return openStatesSQL }
