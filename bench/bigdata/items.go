package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// generator makes the rows, choosing their ids itself (after the largest
// already stored) so that a batch needs no round trip per row.
type generator struct {
	rng   *rand.Rand
	text  *corpusText
	main  *siteInfo
	comps []*siteInfo // active component sites
	old   []*siteInfo // archived sites: only items from before their end
	users []user
	units []int64 // the main portal's directory units, for citizen requests

	nextItem, nextRev, nextRequest int64
	from, to                       time.Time
	legalIDs                       []int64        // recent legal documents, for relations
	numbers                        map[string]int // legal document numbers given, per type and year
}

type user struct {
	id   int64
	name string
}

func newGenerator(ctx context.Context, db *store.DB, text *corpusText, sites []*siteInfo, rng *rand.Rand) (*generator, error) {
	g := &generator{rng: rng, text: text, numbers: map[string]int{},
		from: time.Date(2010, 1, 1, 0, 0, 0, 0, vn.ICT), to: time.Now().Add(-time.Hour)}
	for _, s := range sites {
		switch {
		case s.Main:
			g.main = s
		case s.Status == site.Archived:
			g.old = append(g.old, s)
		default:
			g.comps = append(g.comps, s)
		}
	}
	if g.main == nil || len(g.comps) == 0 {
		return nil, fmt.Errorf("no main portal or no component site")
	}
	for _, q := range []struct {
		sql string
		to  *int64
	}{
		{`SELECT COALESCE(MAX(id), 0) FROM items`, &g.nextItem},
		{`SELECT COALESCE(MAX(id), 0) FROM revisions`, &g.nextRev},
		{`SELECT COALESCE(MAX(id), 0) FROM feedback_requests`, &g.nextRequest},
	} {
		if err := db.QueryRow(ctx, q.sql).Scan(q.to); err != nil {
			return nil, err
		}
	}
	rows, err := db.Query(ctx, `SELECT id, username FROM users ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u user
		if err := rows.Scan(&u.id, &u.name); err != nil {
			return nil, err
		}
		g.users = append(g.users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	units, err := db.Query(ctx, `SELECT id FROM directory_units WHERE site_id = ?`, g.main.ID)
	if err != nil {
		return nil, err
	}
	defer units.Close()
	for units.Next() {
		var id int64
		if err := units.Scan(&id); err != nil {
			return nil, err
		}
		g.units = append(g.units, id)
	}
	return g, units.Err()
}

// batch is the rows of some items, written in one transaction, and
// their documents for the search index.
type batch struct {
	items, revisions, transitions, audit, legal, relations, checks, inbox *table
	docs                                                                  []search.Doc
	count                                                                 int // items
	rows                                                                  int // rows of every table
}

func newBatch() *batch {
	return &batch{
		items: newTable("items", "id", "site_id", "kind", "state", "lang", "slug", "category_id", "current_rev", "published_rev",
			"live", "featured", "publish_at", "first_published_at", "published_at", "source_site_id", "source_item_id",
			"version", "created_by", "created_at", "updated_at"),
		revisions: newTable("revisions", "id", "item_id", "number", "title", "summary", "body", "author", "source",
			"created_by", "created_at"),
		transitions: newTable("transitions", "item_id", "revision_id", "action", "from_state", "to_state", "actor_id", "actor", "at"),
		audit:       newTable("audit_log", "at", "actor_id", "actor", "action", "site_id", "target", "detail", "ip"),
		legal: newTable("legal_docs", "item_id", "number", "number_key", "doc_type", "issuer", "signer", "field",
			"issued_on", "effective_on", "expires_on"),
		relations: newTable("legal_relations", "from_item", "to_item", "kind"),
		checks: newTable("post_checks", "item_id", "revision_id", "site_id", "approved_by", "published_at", "due_at",
			"checked_by", "checked_at"),
		inbox: newTable("inbox", "item_id", "revision_id", "from_site_id", "to_site_id", "state", "proposed_by",
			"proposed_at", "decided_by", "decided_at", "copy_item_id"),
	}
}

func (b *batch) write(ctx context.Context, db *store.DB) error {
	tables := []*table{b.items, b.revisions, b.transitions, b.audit, b.legal, b.relations, b.checks, b.inbox}
	for _, t := range tables {
		b.rows += t.rows()
	}
	return writeAll(ctx, db, tables...)
}

// batch makes n items, and a few more when some are copied to the main
// portal (count includes them).
func (g *generator) batch(n int) *batch {
	b := newBatch()
	for b.items.rows() < n {
		g.item(b)
	}
	b.count = b.items.rows()
	return b
}

// kinds are the kinds of item with their share of a portal's items.
var kinds = []struct {
	kind  content.Kind
	share float64
}{
	{content.Article, .72}, {content.Announcement, .07}, {content.Event, .03}, {content.Legal, .08},
	{content.Press, .02}, {content.Procedure, .03}, {content.Page, .005}, {content.Project, .01},
	{content.Plan, .015}, {content.Statistics, .01}, {content.Recruitment, .01},
}

// states are where items stand, with their share: most published, the
// rest at every step of the workflow. live is whether the public sees
// it; edited means a published item with a newer working copy.
var states = []struct {
	state        content.State
	live, edited bool
	share        float64
}{
	{content.Published, true, false, .90}, {content.Editing, true, true, .01},
	{content.Unpublished, false, false, .02}, {content.Archived, false, false, .02},
	{content.Draft, false, false, .02}, {content.Editing, false, false, .015},
	{content.Approval, false, false, .01}, {content.Scheduled, false, false, .005},
}

// item adds one item with its revisions, history, audit entry, legal
// metadata and search document to b.
func (g *generator) item(b *batch) {
	r := g.rng
	si := g.pickSite()
	kind := kinds[pick(r, len(kinds), func(i int) float64 { return kinds[i].share })].kind
	st := states[pick(r, len(states), func(i int) float64 { return states[i].share })]
	pub := g.date(si)
	lang := "vi"
	if r.Float64() < .03 && kind != content.Legal { // legal documents are Vietnamese texts
		lang = "en"
	}
	it := &genItem{id: g.nextID(&g.nextItem), site: si, kind: kind, state: st.state, live: st.live, lang: lang, pub: pub,
		author: g.person(), by: g.users[r.IntN(len(g.users))]}
	it.cat = si.news
	if kind == content.Legal {
		it.cat = si.legal
		g.legalDoc(b, it)
	} else {
		it.title = g.text.titles[r.IntN(len(g.text.titles))]
		it.summary = g.text.summaries[r.IntN(len(g.text.summaries))]
		paras := make([]string, 2+r.IntN(4))
		for i := range paras {
			paras[i] = g.text.paras[r.IntN(len(g.text.paras))]
		}
		it.body, it.plain = paragraphsHTML(paras), strings.Join(paras, "\n")
		if kind != content.Article || r.Float64() < .3 {
			it.cat = si.cats[r.IntN(len(si.cats))]
		}
	}
	it.slug = vn.Slug(it.title)
	if it.slug == "" {
		it.slug = "muc"
	}
	it.slug = strings.TrimSuffix(it.slug[:min(len(it.slug), 70)], "-") + "-" + strconv.FormatInt(it.id, 10)
	published := st.live || st.state == content.Unpublished || st.state == content.Archived
	g.write(b, it, published, st.edited)
	if st.live && si != g.main && kind == content.Article && r.Float64() < .004 {
		g.copyToMain(b, it)
	}
}

// genItem is one generated item on its way into the tables.
type genItem struct {
	id                        int64
	site                      *siteInfo
	kind                      content.Kind
	state                     content.State
	live                      bool
	lang, slug                string
	cat                       int64
	pub                       time.Time
	title, summary, body      string
	plain                     string // the body as text, for the search index
	author                    string
	by                        user
	docType, field, number    string
	sourceSite, sourceItem    int64
	featured                  bool
	firstRev, currentRev, rev int64
}

// write adds the item's rows: one or two revisions (a second for a fifth
// of them, and always for a published item with a newer working copy),
// the workflow step that put it where it is, its audit entry, a
// post-publication check when it is recent, and its search document.
func (g *generator) write(b *batch, it *genItem, published, edited bool) {
	r := g.rng
	created := it.pub.Add(-time.Duration(1+r.IntN(72)) * time.Hour)
	revs := 1
	if edited || r.Float64() < .2 {
		revs = 2
	}
	it.firstRev = g.nextRev + 1
	for n := 1; n <= revs; n++ {
		id := g.nextID(&g.nextRev)
		at := created.Add(time.Duration(n-1) * time.Hour)
		if edited && n == 2 {
			at = it.pub.Add(time.Duration(1+r.IntN(500)) * time.Hour)
		}
		b.revisions.add(id, it.id, n, it.title, it.summary, it.body, it.author, it.site.Owner, it.by.id, at.UTC())
	}
	it.currentRev = g.nextRev
	var pubRev, firstPub, pubAt, publishAt any
	if published {
		it.rev = it.currentRev
		if edited {
			it.rev = it.firstRev
		}
		pubRev, firstPub, pubAt = it.rev, it.pub.UTC(), it.pub.UTC()
	} else {
		it.rev = it.currentRev
	}
	if it.state == content.Scheduled {
		publishAt = time.Now().Add(time.Duration(1+r.IntN(240)) * time.Hour).UTC()
	}
	it.featured = it.live && r.Float64() < .003
	updated := it.pub
	if !published {
		updated = created
	}
	b.items.add(it.id, it.site.ID, it.kind, it.state, it.lang, it.slug, nullable(it.cat), it.currentRev, pubRev,
		it.live, it.featured, publishAt, firstPub, pubAt, nullable(it.sourceSite), nullable(it.sourceItem),
		revs, it.by.id, created.UTC(), updated.UTC())
	action, from := step(it.state)
	b.transitions.add(it.id, it.currentRev, action, from, it.state, it.by.id, it.by.name, updated.UTC())
	b.audit.add(updated.UTC(), it.by.id, it.by.name, "item."+action, it.site.ID, strconv.FormatInt(it.id, 10),
		string(from)+" → "+string(it.state), fmt.Sprintf("10.0.%d.%d", r.IntN(256), 1+r.IntN(254)))
	if it.live && time.Since(it.pub) < 60*24*time.Hour {
		due := it.pub.Add(24 * time.Hour)
		var checkedBy, checkedAt any
		if r.Float64() < .85 {
			checkedBy, checkedAt = g.users[r.IntN(len(g.users))].id, due.Add(-time.Duration(r.IntN(20))*time.Hour).UTC()
		}
		b.checks.add(it.id, it.rev, it.site.ID, it.by.id, it.pub.UTC(), due.UTC(), checkedBy, checkedAt)
	}
	var pubPtr *time.Time
	if published {
		p := it.pub
		pubPtr = &p
	}
	body := it.plain
	if it.summary != "" && it.summary != it.title {
		body = it.summary + "\n" + body
	}
	b.docs = append(b.docs, search.Doc{ItemID: it.id, SiteID: it.site.ID, Kind: string(it.kind), Lang: it.lang, Live: it.live,
		State: string(it.state), Title: it.title, Body: body, URL: (&content.Item{Kind: it.kind, Slug: it.slug, Lang: it.lang}).URL(),
		DocType: it.docType, Field: it.field, Number: it.number, PublishedAt: pubPtr})
}

// step is the workflow action that left an item in state st, and the
// state before it.
func step(st content.State) (string, content.State) {
	switch st {
	case content.Draft:
		return "create", content.Draft
	case content.Editing:
		return "submit", content.Draft
	case content.Approval:
		return "submit", content.Editing
	case content.Scheduled:
		return "approve", content.Approval
	case content.Unpublished:
		return "unpublish", content.Published
	case content.Archived:
		return "archive", content.Published
	}
	return "publish", content.Approval
}

// copyToMain adds the main portal's copy of a component site's article,
// accepted through the inbox (Art. 17.1): the main portal's aggregated
// lists leave out the original.
func (g *generator) copyToMain(b *batch, orig *genItem) {
	c := *orig
	c.id, c.site, c.cat = g.nextID(&g.nextItem), g.main, g.main.news
	c.sourceSite, c.sourceItem = orig.site.ID, orig.id
	c.pub = orig.pub.Add(time.Duration(1+g.rng.IntN(48)) * time.Hour)
	c.slug = strings.TrimSuffix(orig.slug, "-"+strconv.FormatInt(orig.id, 10)) + "-" + strconv.FormatInt(c.id, 10)
	g.write(b, &c, true, false)
	b.inbox.add(orig.id, orig.rev, orig.site.ID, g.main.ID, "accepted", orig.by.id, orig.pub.UTC(), c.by.id, c.pub.UTC(), c.id)
}

// localTypes are the documents a province issues, with the suffix of
// their numbers.
var localTypes = []struct{ kind, suffix, issuer string }{
	{"Quyết định", "QĐ-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"}, {"Quyết định", "QĐ-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"},
	{"Quyết định", "QĐ-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"}, {"Công văn", "UBND-KGVX", "Ủy ban nhân dân tỉnh Đồng Nai"},
	{"Kế hoạch", "KH-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"}, {"Chỉ thị", "CT-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"},
	{"Nghị quyết", "NQ-HĐND", "Hội đồng nhân dân tỉnh Đồng Nai"}, {"Thông báo", "TB-UBND", "Ủy ban nhân dân tỉnh Đồng Nai"},
}

// legalDoc makes the text and metadata of a legal document: mostly the
// province's own (a decision "về việc" some matter of the news), some of
// the national texts of the corpus; each with a number of its own.
func (g *generator) legalDoc(b *batch, it *genItem) {
	r := g.rng
	lt := g.text.legal[r.IntN(len(g.text.legal))]
	year := it.pub.Year()
	var suffix string
	if r.Float64() < .15 && lt.kind != "" {
		it.docType, it.title = lt.kind, lt.title
		suffix = strings.ToUpper(vn.Slug(lt.kind))
	} else {
		t := localTypes[r.IntN(len(localTypes))]
		it.docType, suffix = t.kind, t.suffix
		title := g.text.titles[r.IntN(len(g.text.titles))]
		first, size := utf8.DecodeRuneInString(title)
		it.title = t.kind + " về việc " + string(unicode.ToLower(first)) + title[size:]
		lt.issuer = t.issuer
		if it.site != g.main {
			lt.issuer = it.site.Owner
		}
	}
	key := it.docType + strconv.Itoa(year)
	g.numbers[key]++
	it.number = fmt.Sprintf("%d/%s", g.numbers[key], suffix)
	if r.Float64() < .3 {
		it.number = fmt.Sprintf("%d/%d/%s", g.numbers[key], year, suffix)
	}
	it.summary = it.title
	it.body, it.plain = lt.html, lt.plain
	it.field = fields[r.IntN(len(fields))]
	signer := lt.signer
	if signer == "" || r.Float64() < .7 {
		signer = g.person()
	}
	issued := it.pub.In(vn.ICT)
	effective := issued.AddDate(0, 0, r.IntN(46))
	expires := ""
	if r.Float64() < .05 {
		expires = effective.AddDate(1+r.IntN(5), 0, 0).Format("2006-01-02")
	}
	b.legal.add(it.id, it.number, legal.NumberKey(it.number), it.docType, lt.issuer, signer, it.field,
		issued.Format("2006-01-02"), effective.Format("2006-01-02"), expires)
	if len(g.legalIDs) > 0 && r.Float64() < .03 {
		kinds := []string{"amends", "supplements", "replaces", "repeals", "guides"}
		b.relations.add(it.id, g.legalIDs[r.IntN(len(g.legalIDs))], kinds[r.IntN(len(kinds))])
	}
	if len(g.legalIDs) < 1000 {
		g.legalIDs = append(g.legalIDs, it.id)
	} else {
		g.legalIDs[r.IntN(len(g.legalIDs))] = it.id
	}
}

// pickSite spreads items: a quarter on the main portal, 2% on archived
// sites, the rest evenly over the component sites.
func (g *generator) pickSite() *siteInfo {
	switch x := g.rng.Float64(); {
	case x < .25:
		return g.main
	case x < .27 && len(g.old) > 0:
		return g.old[g.rng.IntN(len(g.old))]
	}
	return g.comps[g.rng.IntN(len(g.comps))]
}

// date is a publication time between 2010 and now; before the end of an
// archived site.
func (g *generator) date(si *siteInfo) time.Time {
	to := g.to
	if si.ArchivedAt != nil && si.ArchivedAt.Before(to) {
		to = *si.ArchivedAt
	}
	span := to.Sub(g.from)
	return g.from.Add(time.Duration(g.rng.Int64N(int64(span)))).Truncate(time.Second)
}

func (g *generator) person() string {
	r := g.rng
	return familyNames[r.IntN(len(familyNames))] + " " + middleNames[r.IntN(len(middleNames))] + " " + givenNames[r.IntN(len(givenNames))]
}

func (g *generator) nextID(counter *int64) int64 {
	*counter++
	return *counter
}

// pick chooses an index by the weights share(i), which add up to 1.
func pick(r *rand.Rand, n int, share func(int) float64) int {
	x := r.Float64()
	for i := range n {
		if x -= share(i); x < 0 {
			return i
		}
	}
	return n - 1
}
