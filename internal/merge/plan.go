package merge

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/vn"
)

// querier is the database or a transaction: a preview reads the database,
// a run reads and writes within the transaction of one site.
type querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// Plan is a merge as previewed, or as carried out.
type Plan struct {
	Order   Order
	Target  *site.Site
	Sources []*SourcePlan
	Record  *Record // the merge as stored, after Run
}

// Counts are what one merged site holds.
type Counts struct {
	Items, Live, Legal, Categories, CategoriesJoined, Media, MediaShared int
	Units, People, Spokespersons, FeedbackOpen, FeedbackClosed, Senders  int
	Drafts, Comments, GazetteDocs, Users, Roles, SearchDocs              int
	// Readers' satisfaction ratings of its items, and those with a comment.
	Ratings, RatingComments int
	// The spokesperson's records: press conferences and briefings,
	// unexpected events, questions from the press, correction requests.
	Conferences, Events, PressQuestions, Corrections int
	// PageViews is the sum of its page counters (they are added to the
	// receiving site's); ViewPaths the counted addresses that change on
	// the way (a renamed item, an archive section).
	PageViews, ViewPaths int
	// Subscriptions to its periodic reports; SubscriptionsDropped those
	// the same person already has to the receiving site's.
	Subscriptions, SubscriptionsDropped int
	// What a portal must publish besides its items: administrative
	// procedures (ProceduresShared: of a code the receiving site lists),
	// official channels, the disclosure catalogue's entries, the leaders'
	// schedule's entries; confirmed mail subscribers; royalty lines.
	Procedures, ProceduresShared, Channels, Disclosure, ScheduleEntries int
	Subscribers, RoyaltyLines                                           int
}

// Path is one address of a merged site that changes: Old within the
// merged site, New within the receiving one. A prefix path maps every
// address below it.
type Path struct {
	Old, New string
	Prefix   bool
	Why      apperr.Msg
}

// RoleMove is what becomes of one role a person held on a merged site.
type RoleMove struct {
	UserID   int64
	User     string // username
	Role     account.Role
	To       account.Role // "" when the person already holds it there
	Conflict bool
}

// SourcePlan is what merging one site does.
type SourcePlan struct {
	Site      *site.Site
	Done      bool // merged already: nothing moves
	Counts    Counts
	Conflicts []apperr.Msg
	Paths     []Path
	Roles     []RoleMove

	cats     []catMove
	items    []itemMove
	history  []histMove
	media    []mediaMove
	drafts   []slugMove
	issues   []slugMove
	views    []pathMove      // counted addresses that change, in order
	newSlugs map[string]bool // "lang/slug" given out by this plan
	today    string          // YYYY-MM-DD in Viet Nam, for the spokespersons in office
}

type catMove struct {
	id, into int64 // into: the receiving site's category it joins, 0 when it moves
	slug     string
	newSlug  string
	name     string
	nameEN   string
}

type itemMove struct {
	id      int64
	kind    content.Kind
	lang    string
	newSlug string // "" when the slug stays
	dupOf   int64  // the receiving site's copy of the same imported document
}

type histMove struct {
	lang, slug string
	keep       bool // moves to the receiving site's slug history
}

type mediaMove struct{ id, into int64 }

// pathMove is an address of the merged site's page counters and where
// it is within the receiving site.
type pathMove struct{ old, new string }

type slugMove struct {
	id            int64
	slug, newSlug string
}

// Preview says what merging o would do, without changing anything.
func (m *Merger) Preview(ctx context.Context, o Order) (*Plan, error) {
	target, sources, err := m.resolve(ctx, &o)
	if err != nil {
		return nil, err
	}
	p := &Plan{Order: o, Target: target}
	for _, src := range sources {
		sp, err := planSource(ctx, m.db, o.Mode, target, src, m.now())
		if err != nil {
			return nil, fmt.Errorf("preview merge of %s: %w", src.Code, err)
		}
		p.Sources = append(p.Sources, sp)
	}
	return p, nil
}

// planSource works out, from what both sites hold now, how src passes to
// target: which sections join, which slugs change, which imported
// documents are already there, which media are shared, who gets which role.
func planSource(ctx context.Context, q querier, mode Mode, target, src *site.Site, now time.Time) (*SourcePlan, error) {
	sp := &SourcePlan{Site: src, newSlugs: map[string]bool{}, today: now.In(vn.ICT).Format(time.DateOnly)}
	if src.MergedInto == target.ID {
		sp.Done = true
		return sp, nil
	}
	for _, step := range []func(context.Context, querier, Mode, *site.Site, *site.Site) error{
		sp.countAll, sp.countPublic, sp.planCategories, sp.planItems, sp.planHistory, sp.planMedia, sp.planSlugs, sp.planRoles, sp.planDirectory,
		sp.planViews, // last: it maps the counted addresses through every path above
	} {
		if err := step(ctx, q, mode, target, src); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// countAll fills the counts of what src holds.
func (sp *SourcePlan) countAll(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	c := &sp.Counts
	for _, x := range []struct {
		n   *int
		sql string
	}{
		{&c.Items, `SELECT COUNT(*) FROM items WHERE site_id = ?`},
		{&c.Live, `SELECT COUNT(*) FROM items WHERE site_id = ? AND live`},
		{&c.Legal, `SELECT COUNT(*) FROM legal_docs WHERE site_id = ?`},
		{&c.Categories, `SELECT COUNT(*) FROM categories WHERE site_id = ?`},
		{&c.Media, `SELECT COUNT(*) FROM media WHERE site_id = ?`},
		{&c.Units, `SELECT COUNT(*) FROM directory_units WHERE site_id = ?`},
		{&c.People, `SELECT COUNT(*) FROM directory_people WHERE site_id = ?`},
		{&c.Spokespersons, `SELECT COUNT(*) FROM spokespersons WHERE site_id = ?`},
		{&c.FeedbackOpen, `SELECT COUNT(*) FROM feedback_requests WHERE site_id = ? AND closed_at IS NULL`},
		{&c.FeedbackClosed, `SELECT COUNT(*) FROM feedback_requests WHERE site_id = ? AND closed_at IS NOT NULL`},
		{&c.Senders, `SELECT COUNT(*) FROM feedback_requests WHERE site_id = ? AND email <> '' AND erased_at IS NULL`},
		{&c.Drafts, `SELECT COUNT(*) FROM consult_drafts WHERE site_id = ?`},
		{&c.Comments, `SELECT COUNT(*) FROM consult_comments c JOIN consult_drafts d ON d.id = c.draft_id WHERE d.site_id = ?`},
		{&c.GazetteDocs, `SELECT COUNT(*) FROM gazette_docs WHERE site_id = ?`},
		{&c.Users, `SELECT COUNT(DISTINCT user_id) FROM site_roles WHERE site_id = ?`},
		{&c.Roles, `SELECT COUNT(*) FROM site_roles WHERE site_id = ?`},
		{&c.SearchDocs, `SELECT COUNT(*) FROM search_docs WHERE site_id = ?`},
		{&c.Ratings, `SELECT COUNT(*) FROM ratings WHERE site_id = ?`},
		{&c.RatingComments, `SELECT COUNT(*) FROM ratings WHERE site_id = ? AND comment <> ''`},
		{&c.Conferences, `SELECT COUNT(*) FROM spokes_conferences WHERE site_id = ?`},
		{&c.Events, `SELECT COUNT(*) FROM spokes_events WHERE site_id = ?`},
		{&c.PressQuestions, `SELECT COUNT(*) FROM spokes_questions WHERE site_id = ?`},
		{&c.Corrections, `SELECT COUNT(*) FROM spokes_corrections WHERE site_id = ?`},
		{&c.PageViews, `SELECT COALESCE(SUM(views), 0) FROM page_views WHERE site_id = ?`},
		{&c.Subscriptions, `SELECT COUNT(*) FROM report_subscriptions WHERE site_id = ?`},
	} {
		if err := q.QueryRow(ctx, x.sql, src.ID).Scan(x.n); err != nil {
			return fmt.Errorf("count (%s): %w", x.sql, err)
		}
	}
	// A subscription the person already has to the receiving site's
	// report (same scope and period) is dropped, not doubled.
	if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM report_subscriptions s WHERE s.site_id = ? AND EXISTS (SELECT 1 FROM report_subscriptions t
		WHERE t.site_id = ? AND t.user_id = s.user_id AND t.scope = s.scope AND t.period = s.period)`, src.ID, target.ID).Scan(&c.SubscriptionsDropped); err != nil {
		return fmt.Errorf("count dropped subscriptions: %w", err)
	}
	return nil
}

// planCategories: in a move, a section whose address the receiving site
// has joins it, any other moves as it is; in an archive, every section
// becomes "<name> (<site>)" under an address that starts with the merged
// site's code, out of the menus.
func (sp *SourcePlan) planCategories(ctx context.Context, q querier, mode Mode, target, src *site.Site) error {
	taken := map[string]int64{}
	rows, err := q.Query(ctx, `SELECT slug, id FROM categories WHERE site_id = ?`, target.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			rows.Close()
			return err
		}
		taken[slug] = id
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT id, slug, name, name_en FROM categories WHERE site_id = ? ORDER BY position, id`, src.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c catMove
		if err := rows.Scan(&c.id, &c.slug, &c.name, &c.nameEN); err != nil {
			return err
		}
		switch {
		case mode == Move && taken[c.slug] != 0:
			c.into = taken[c.slug]
			sp.Counts.CategoriesJoined++
		case mode == Move:
			taken[c.slug] = c.id
		default:
			base := src.Code + "-" + c.slug
			c.newSlug = base
			for i := 2; taken[c.newSlug] != 0; i++ {
				c.newSlug = base + "-" + strconv.Itoa(i)
			}
			taken[c.newSlug] = c.id
			c.name = c.name + " (" + src.Name + ")"
			if c.nameEN != "" {
				c.nameEN = c.nameEN + " (" + src.DisplayName("en") + ")"
			}
			why := apperr.Msg{VI: "Chuyên mục lưu trữ của trang được sáp nhập", EN: "The merged site's archive section"}
			sp.Paths = append(sp.Paths,
				Path{Old: "/chuyen-muc/" + c.slug, New: "/chuyen-muc/" + c.newSlug, Prefix: true, Why: why},
				Path{Old: "/en/chuyen-muc/" + c.slug, New: "/en/chuyen-muc/" + c.newSlug, Prefix: true, Why: why})
		}
		sp.cats = append(sp.cats, c)
	}
	return rows.Err()
}

// planItems finds the items whose address is taken on the receiving site
// (they get "-<code>" after their slug) and the imported documents the
// receiving site already holds (the merged site's copy goes offline and
// its address leads to the receiving site's).
func (sp *SourcePlan) planItems(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	moves := map[int64]*itemMove{}
	var order []int64
	add := func(id int64, it content.Item) *itemMove {
		if moves[id] == nil {
			moves[id] = &itemMove{id: id, kind: it.Kind, lang: it.Lang}
			order = append(order, id)
		}
		return moves[id]
	}
	// The same imported document on both sites.
	rows, err := q.Query(ctx, `SELECT s.id, s.kind, s.lang, s.slug, t.id, t.kind, t.lang, t.slug FROM items s
		JOIN items t ON t.site_id = ? AND t.source_id = s.source_id WHERE s.site_id = ? AND s.source_id <> '' ORDER BY s.id`, target.ID, src.ID)
	if err != nil {
		return err
	}
	var dups []Path
	for rows.Next() {
		var sid, tid int64
		var s, t content.Item
		if err := rows.Scan(&sid, &s.Kind, &s.Lang, &s.Slug, &tid, &t.Kind, &t.Lang, &t.Slug); err != nil {
			rows.Close()
			return err
		}
		add(sid, s).dupOf = tid
		dups = append(dups, Path{Old: s.URL(), New: t.URL(), Why: apperr.Msg{VI: "Văn bản đã có trên trang nhận", EN: "The document is already on the receiving site"}})
	}
	rows.Close()
	if len(dups) > 0 {
		sp.Conflicts = append(sp.Conflicts, apperr.Msg{
			VI: fmt.Sprintf("%d văn bản nhập từ cùng nguồn đã có trên %s: bản của %s được gỡ xuống, địa chỉ cũ dẫn tới bản của trang nhận.", len(dups), target.Name, src.Name),
			EN: fmt.Sprintf("%d imported documents are already on %s: %s's copies go offline and their addresses lead to the receiving site's.", len(dups), target.DisplayName("en"), src.DisplayName("en"))})
	}
	// Addresses taken on the receiving site.
	rows, err = q.Query(ctx, `SELECT s.id, s.kind, s.lang, s.slug FROM items s
		JOIN items t ON t.site_id = ? AND t.lang = s.lang AND t.slug = s.slug WHERE s.site_id = ? ORDER BY s.id`, target.ID, src.ID)
	if err != nil {
		return err
	}
	var clash []content.Item
	for rows.Next() {
		var it content.Item
		if err := rows.Scan(&it.ID, &it.Kind, &it.Lang, &it.Slug); err != nil {
			rows.Close()
			return err
		}
		clash = append(clash, it)
	}
	rows.Close()
	renamed := 0
	for _, it := range clash {
		mv := add(it.ID, it)
		slug, err := sp.freeSlug(ctx, q, target.ID, it.Lang, it.Slug+"-"+src.Code)
		if err != nil {
			return err
		}
		mv.newSlug = slug
		if mv.dupOf != 0 {
			continue // its address already leads to the receiving site's copy
		}
		renamed++
		next := it
		next.Slug = slug
		sp.Paths = append(sp.Paths, Path{Old: it.URL(), New: next.URL(), Why: apperr.Msg{VI: "Địa chỉ đã có trên trang nhận", EN: "The address is taken on the receiving site"}})
	}
	if renamed > 0 {
		sp.Conflicts = append(sp.Conflicts, apperr.Msg{
			VI: fmt.Sprintf("%d bài trùng địa chỉ với bài của %s: được thêm “-%s” vào địa chỉ; địa chỉ cũ chuyển hướng tới địa chỉ mới.", renamed, target.Name, src.Code),
			EN: fmt.Sprintf("%d items share an address with %s's: “-%s” is added to theirs; the old addresses redirect.", renamed, target.DisplayName("en"), src.Code)})
	}
	sp.Paths = append(sp.Paths, dups...)
	for _, id := range order {
		sp.items = append(sp.items, *moves[id])
	}
	return nil
}

// freeSlug returns base, or base-2, base-3… the first that neither the
// receiving site nor this plan uses in lang.
func (sp *SourcePlan) freeSlug(ctx context.Context, q querier, targetID int64, lang, base string) (string, error) {
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = base + "-" + strconv.Itoa(i)
		}
		if sp.newSlugs[lang+"/"+slug] {
			continue
		}
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM items WHERE site_id IN (?, ?) AND lang = ? AND slug = ?`, targetID, sp.Site.ID, lang, slug).Scan(&n); err != nil {
			return "", err
		}
		if n == 0 {
			sp.newSlugs[lang+"/"+slug] = true
			return slug, nil
		}
	}
}

// planHistory: an item's former slugs move along unless the receiving
// site uses them; those that cannot move are kept in the path map.
func (sp *SourcePlan) planHistory(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	rows, err := q.Query(ctx, `SELECT h.lang, h.slug, i.kind, i.lang, i.slug, i.id,
		(SELECT COUNT(*) FROM items t WHERE t.site_id = ? AND t.lang = h.lang AND t.slug = h.slug) +
		(SELECT COUNT(*) FROM slug_history t WHERE t.site_id = ? AND t.lang = h.lang AND t.slug = h.slug)
		FROM slug_history h JOIN items i ON i.id = h.item_id WHERE h.site_id = ?`, target.ID, target.ID, src.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h histMove
		var it content.Item
		var taken int
		if err := rows.Scan(&h.lang, &h.slug, &it.Kind, &it.Lang, &it.Slug, &it.ID, &taken); err != nil {
			return err
		}
		h.keep = taken == 0 && !sp.newSlugs[h.lang+"/"+h.slug]
		if !h.keep {
			old := content.Item{Kind: it.Kind, Lang: h.lang, Slug: h.slug}
			sp.Paths = append(sp.Paths, Path{Old: old.URL(), New: sp.itemURL(it), Why: apperr.Msg{VI: "Địa chỉ cũ của bài", EN: "A former address of the item"}})
		}
		sp.history = append(sp.history, h)
	}
	return rows.Err()
}

// itemURL is where an item of the merged site is found after the merge.
func (sp *SourcePlan) itemURL(it content.Item) string {
	for _, mv := range sp.items {
		if mv.id == it.ID && mv.newSlug != "" {
			it.Slug = mv.newSlug
		}
	}
	return it.URL()
}

// planMedia finds the files both sites hold (same bytes): the merged
// site's row gives way to the receiving site's; the file is the same.
func (sp *SourcePlan) planMedia(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	rows, err := q.Query(ctx, `SELECT s.id, t.id FROM media s JOIN media t ON t.site_id = ? AND t.sha256 = s.sha256 WHERE s.site_id = ?`, target.ID, src.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var mv mediaMove
		if err := rows.Scan(&mv.id, &mv.into); err != nil {
			return err
		}
		sp.media = append(sp.media, mv)
	}
	sp.Counts.MediaShared = len(sp.media)
	return rows.Err()
}

// planSlugs gives the consultations and gazette issues whose address is
// taken on the receiving site a new one.
func (sp *SourcePlan) planSlugs(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	for _, x := range []struct {
		table, path string
		into        *[]slugMove
	}{
		{"consult_drafts", "/lay-y-kien/", &sp.drafts},
		{"gazette_issues", "/cong-bao/so/", &sp.issues},
	} {
		rows, err := q.Query(ctx, `SELECT s.id, s.slug FROM `+x.table+` s JOIN `+x.table+` t ON t.site_id = ? AND t.slug = s.slug
			WHERE s.site_id = ? ORDER BY s.id`, target.ID, src.ID)
		if err != nil {
			return err
		}
		var clash []slugMove
		for rows.Next() {
			var mv slugMove
			if err := rows.Scan(&mv.id, &mv.slug); err != nil {
				rows.Close()
				return err
			}
			clash = append(clash, mv)
		}
		rows.Close()
		for _, mv := range clash {
			for i := 1; ; i++ {
				mv.newSlug = mv.slug + "-" + src.Code
				if i > 1 {
					mv.newSlug += "-" + strconv.Itoa(i)
				}
				var n int
				if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+x.table+` WHERE site_id IN (?, ?) AND slug = ?`, target.ID, src.ID, mv.newSlug).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					break
				}
			}
			*x.into = append(*x.into, mv)
			sp.Paths = append(sp.Paths, Path{Old: x.path + mv.slug, New: x.path + mv.newSlug, Prefix: true,
				Why: apperr.Msg{VI: "Địa chỉ đã có trên trang nhận", EN: "The address is taken on the receiving site"}})
		}
	}
	return nil
}

// planRoles maps each role held on the merged site: kept when the person
// does not hold it on the receiving site; a second head of the editorial
// board becomes a deputy (the receiving site keeps its head), reported.
func (sp *SourcePlan) planRoles(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	rows, err := q.Query(ctx, `SELECT r.user_id, u.username, r.role,
		(SELECT COUNT(*) FROM site_roles t WHERE t.site_id = ? AND t.user_id = r.user_id AND t.role = r.role),
		(SELECT COUNT(*) FROM site_roles t WHERE t.site_id = ? AND t.role = r.role AND t.user_id <> r.user_id)
		FROM site_roles r JOIN users u ON u.id = r.user_id WHERE r.site_id = ? ORDER BY u.username, r.role`, target.ID, target.ID, src.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var mv RoleMove
		var has, others int
		if err := rows.Scan(&mv.UserID, &mv.User, &mv.Role, &has, &others); err != nil {
			return err
		}
		mv.To = mv.Role
		switch {
		case has > 0:
			mv.To = ""
		case mv.Role == account.BoardHead && others > 0:
			mv.To, mv.Conflict = account.BoardDeputy, true
			sp.Conflicts = append(sp.Conflicts, apperr.Msg{
				VI: fmt.Sprintf("%s là Trưởng ban Biên tập của %s; %s đã có Trưởng ban: %s trở thành Phó Trưởng ban.", mv.User, src.Name, target.Name, mv.User),
				EN: fmt.Sprintf("%s heads %s's editorial board; %s has a head already: %s becomes a deputy head.", mv.User, src.DisplayName("en"), target.DisplayName("en"), mv.User)})
		}
		sp.Roles = append(sp.Roles, mv)
	}
	return rows.Err()
}

// planDirectory reports two spokespersons in office at once.
func (sp *SourcePlan) planDirectory(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	var mine, theirs int
	const current = `SELECT COUNT(*) FROM spokespersons WHERE site_id = ? AND (valid_until = '' OR valid_until >= ?)`
	if err := q.QueryRow(ctx, current, src.ID, sp.today).Scan(&mine); err != nil {
		return err
	}
	if err := q.QueryRow(ctx, current, target.ID, sp.today).Scan(&theirs); err != nil {
		return err
	}
	if mine > 0 && theirs > 0 {
		sp.Conflicts = append(sp.Conflicts, apperr.Msg{
			VI: fmt.Sprintf("Cả %s và %s đều có người phát ngôn đương nhiệm: cả hai được giữ; hãy ghi ngày kết thúc nhiệm vụ cho người không còn phát ngôn.", src.Name, target.Name),
			EN: fmt.Sprintf("Both %s and %s have a spokesperson in office: both are kept; set an end date for the one who no longer speaks.", src.DisplayName("en"), target.DisplayName("en"))})
	}
	return nil
}

// planViews maps the addresses the merged site's page counters hold
// through the paths of this plan (a renamed item, an archive section, a
// consultation's new address…), so that its views are added to the page
// that now answers there and not to the receiving site's page that had
// the same address.
func (sp *SourcePlan) planViews(ctx context.Context, q querier, _ Mode, _, src *site.Site) error {
	if len(sp.Paths) == 0 {
		return nil
	}
	rows, err := q.Query(ctx, `SELECT DISTINCT path FROM page_views WHERE site_id = ? ORDER BY path`, src.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		if next := mapIn(sp.Paths, p); next != p {
			sp.views = append(sp.views, pathMove{old: p, new: next})
		}
	}
	sp.Counts.ViewPaths = len(sp.views)
	return rows.Err()
}

// mapIn is MapPath over the paths of a plan not yet saved: the longest
// path recorded for p or for a prefix of it (the first of equal ones, as
// savePaths keeps it), or p itself.
func mapIn(paths []Path, p string) string {
	best, to := "", ""
	for _, x := range paths {
		if x.Old == x.New || len(x.Old) <= len(best) {
			continue
		}
		if p == x.Old || (x.Prefix && strings.HasPrefix(p, x.Old) && p[len(x.Old)] == '/') {
			best, to = x.Old, x.New
		}
	}
	if best == "" {
		return p
	}
	return to + strings.TrimPrefix(p, best)
}
