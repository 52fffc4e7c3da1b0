package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/jobs"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// guardVolume is the data set the plan guard runs the pages over: large
// enough that PostgreSQL's planner, with its statistics, takes an index
// wherever one serves, small enough to fill in seconds.
var guardVolume = volume{items: 50_000, requests: 10_000, audit: 50_000}

// TestQueryPlans is the plan guard (issue 12): it takes the portal, filled
// with guardVolume, through every page (every GET route of routes.go,
// with their filters and later pages, public and staff), a few changes
// and the scheduled jobs, records every statement they run, and asks the
// database for the plan of each with the arguments it ran with. A plan
// that reads a large table from end to end where an index should serve
// fails the test, naming the statement and its plan. A new page whose
// route is not in the tour fails too, so a new query cannot pass unseen.
// Timings play no part: a plan is the same on a slow machine.
func TestQueryPlans(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := newHarness(t, db)
		people := map[string]*browser{}
		for _, p := range []struct {
			name string
			role account.Role
			site string
		}{
			{"tq.admin", account.Admin, "dong-nai"}, {"tq.head", account.BoardHead, "dong-nai"},
			{"tq.editor", account.Editor, "dong-nai"}, {"tq.ctv", account.Collaborator, "dong-nai"},
			{"tq.liaison", account.Liaison, "dong-nai"}, {"tq.overseer", account.Overseer, "dong-nai"},
			{"tq.gazette", account.Gazette, "dong-nai"},
		} {
			h.person(p.name, p.role, p.site)
		}
		fillVolume(t, db, guardVolume, h.clock.Now())
		for _, name := range []string{"tq.admin", "tq.head", "tq.editor", "tq.ctv", "tq.liaison", "tq.overseer", "tq.gazette"} {
			b := h.browser()
			b.c.Timeout = 30 * time.Second // a page that takes longer fails here, and its plan below
			b.signIn(name)
			people[name] = b
		}
		people["anon"] = h.browser()
		people["anon"].c.Timeout = 30 * time.Second

		stops := tour(t, h)
		rec := &recorder{seen: map[string][]any{}}
		stopTrace := db.Trace(rec.add)
		visit(t, h, people, stops)
		changes(t, h, people)
		runJobs(t, h)
		stopTrace()
		checkRoutesVisited(t, stops)

		large, err := storetest.LargeTables(ctx, db, 5000)
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for _, q := range rec.order {
			if !storetest.Explainable(q) || wholeRead(q) {
				continue
			}
			p, err := storetest.Explain(ctx, db, q, rec.seen[q], large)
			if err != nil {
				t.Errorf("explain %s: %v", oneLine(q), err)
				continue
			}
			if len(p.Problems) > 0 {
				bad++
				t.Errorf("%s\n  %s\nplan:\n%s", strings.Join(p.Problems, "; "), oneLine(q), p.Text)
			} else if os.Getenv("CONG_PLANS") != "" {
				t.Logf("ok: %s\n%s", oneLine(q), p.Text)
			}
		}
		t.Logf("%d statements explained, %d with a plan that reads a large table whole; large: %v", len(rec.order), bad, keys(large))
		guardCatchesMissingIndex(t, db, rec, large)
	})
}

// guardCatchesMissingIndex shows the guard failing where it must: with
// items_copied dropped — the index whose absence made the main portal's
// home page take over a minute (issue 12) — every statement of the tour
// that looks for a copy of an item must now be judged unsound.
func guardCatchesMissingIndex(t *testing.T, db *store.DB, rec *recorder, large map[string]bool) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.Exec(ctx, `DROP INDEX items_copied`); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := db.Exec(ctx, `CREATE INDEX items_copied ON items (source_item_id) WHERE source_item_id IS NOT NULL`); err != nil {
			t.Error(err)
		}
	}()
	caught := 0
	for _, q := range rec.order {
		if !strings.Contains(q, ".source_item_id = ") || !storetest.Explainable(q) {
			continue
		}
		p, err := storetest.Explain(ctx, db, q, rec.seen[q], large)
		if err != nil {
			t.Errorf("explain %s: %v", oneLine(q), err)
			continue
		}
		if len(p.Problems) == 0 {
			t.Errorf("without items_copied the plan guard still passes\n  %s\nplan:\n%s", oneLine(q), p.Text)
			continue
		}
		caught++
		t.Logf("without items_copied: %s\n  %s", strings.Join(p.Problems, "; "), oneLine(q))
	}
	if caught == 0 {
		t.Error("no statement of the tour looks for the copies of an item: the check proves nothing")
	}
	t.Logf("without items_copied: %d statements judged unsound", caught)
}

// wholeReads are the statements (by how they begin) that may read a
// large table whole, each with why that is acceptable.
var wholeReads = []struct{ prefix, why string }{
	{"SELECT COUNT(*) FROM search_docs",
		"the number of documents, for the ranking: counted at most once a minute (search/vocab.go)"},
	{"SELECT u.id, u.name, f.on_time, f.late, f.open, f.overdue FROM",
		"the on-time figures per unit (feedback.Figures) are a report on all of a site's requests; PostgreSQL reads " +
			"the table when most of its rows are the site's, SQLite the covering index feedback_requests_units"},
	{"SELECT s.id, s.kind, s.lang, s.slug, t.id, t.kind, t.lang, t.slug FROM items s JOIN items t ON t.site_id = ? AND t.source_id = s.source_id",
		"a merge (internal/merge) matches every imported item of the merged site against the receiving site's, once per merge: " +
			"a hash join over both sites' items is the plan that fits"},
	{"SELECT s.id, s.kind, s.lang, s.slug FROM items s JOIN items t ON t.site_id = ? AND t.lang = s.lang AND t.slug = s.slug",
		"a merge (internal/merge) finds the addresses both sites use, once per merge, over both sites' items"},
	// The activity report (internal/report) counts a period's rows of
	// every site of the province. The tour asks for the province's year,
	// which here holds nearly every row of these tables (the test data is
	// all of this year), and PostgreSQL rightly reads them whole; for a
	// site's month the site-first indexes serve (035, 036, 037), and
	// BenchmarkProvinceYearReport measures the real case.
	{"SELECT site_id, kind, COUNT(*) FROM items WHERE site_id IN (", reportWhole},
	{"SELECT i.site_id, c.id, c.name, COUNT(*) FROM items i JOIN categories c ON c.id = i.category_id WHERE i.site_id IN (", reportWhole},
	{"SELECT category_id, state, created_at, first_published_at FROM items WHERE category_id IN (", reportWhole},
	{"SELECT i.first_published_at, MIN(t.at) FROM items i JOIN transitions t ON t.item_id = i.id AND t.action = 'submit'", reportWhole +
		"; the submissions of every item published in the period are joined by hash"},
	{"SELECT COUNT(*), COALESCE(SUM(CASE WHEN checked_at IS NOT NULL AND checked_at <= due_at", reportWhole},
	{"SELECT COALESCE(u.name, ''), COUNT(*), COALESCE(SUM(CASE WHEN r.answered_at IS NOT NULL AND r.answered_at <= r.answer_due", reportWhole},
	{"SELECT i.id, i.first_published_at, i.source_id, COALESCE(r.title, ''), COALESCE(r.author, ''), COALESCE((SELECT p.reason FROM royalty_proposals p",
		"the items of a period that still need a royalty decision (royalty.Undecided): " + reportWhole + ", with their titles and bylines joined by hash"},
}

const reportWhole = "a report over a period that holds most of the table's rows"

// wholeRead says whether q is one of wholeReads.
func wholeRead(q string) bool {
	for _, w := range wholeReads {
		if strings.HasPrefix(oneLine(q), w.prefix) {
			return true
		}
	}
	return false
}

// recorder keeps each statement once, with the arguments of its first
// run, in the order first seen.
type recorder struct {
	mu    sync.Mutex
	seen  map[string][]any
	order []string
}

func (r *recorder) add(q string, args []any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[q]; !ok {
		r.seen[q] = slices.Clone(args)
		r.order = append(r.order, q)
	}
}

// stop is one visit of the tour: who asks for which path, as an instance
// of which route of routes.go.
type stop struct {
	route string // "GET /quan-tri/s/{site}/noi-dung", as routes.go writes it
	who   string // a key of people
	path  string
}

// tour lists a visit of every page kind as the person who may see it,
// with filters and later pages.
// moreStops are the tours of capabilities kept in their own files, so
// that work on several capabilities at once touches this file not at all.
var moreStops []func(t *testing.T, h *harness) []stop

func tour(t *testing.T, h *harness) []stop {
	t.Helper()
	ctx := context.Background()
	one := func(q string, args ...any) string {
		var v string
		if err := h.db.QueryRow(ctx, q, args...).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	mainID := h.main.ID
	cat := one(`SELECT slug FROM categories WHERE site_id = ? ORDER BY id LIMIT 1`, mainID)
	article := one(`SELECT slug FROM items WHERE site_id = ? AND kind = 'article' AND live AND lang = 'vi' ORDER BY id DESC LIMIT 1`, mainID)
	law := one(`SELECT slug FROM items WHERE site_id = ? AND kind = 'legal' AND live AND lang = 'vi' ORDER BY id DESC LIMIT 1`, mainID)
	item := one(`SELECT CAST(id AS TEXT) FROM items WHERE site_id = ? AND state = 'draft' AND live ORDER BY id DESC LIMIT 1`, mainID)
	request := one(`SELECT CAST(id AS TEXT) FROM feedback_requests WHERE site_id = ? AND state = 'received' ORDER BY id DESC LIMIT 1`, mainID)
	qa := one(`SELECT code FROM feedback_requests WHERE site_id = ? AND state = 'published' ORDER BY id DESC LIMIT 1`, mainID)
	user := one(`SELECT CAST(id AS TEXT) FROM users WHERE username = 'tq.editor'`)
	legalType := url.QueryEscape(one(`SELECT doc_type FROM legal_docs ORDER BY item_id DESC LIMIT 1`))
	issuer := url.QueryEscape(one(`SELECT issuer FROM legal_docs ORDER BY item_id DESC LIMIT 1`))
	staff := "/quan-tri/s/dong-nai"
	// The demo's drafts: one open for comment, one with its synthesis.
	openDraft := one(`SELECT slug FROM consult_drafts WHERE site_id = ? AND state = 'open' ORDER BY id LIMIT 1`, mainID)
	doneDraft := one(`SELECT slug FROM consult_drafts WHERE site_id = ? AND state = 'published' ORDER BY id LIMIT 1`, mainID)
	draftID := one(`SELECT CAST(id AS TEXT) FROM consult_drafts WHERE slug = ? AND site_id = ?`, openDraft, mainID)
	doneID := one(`SELECT CAST(id AS TEXT) FROM consult_drafts WHERE slug = ? AND site_id = ?`, doneDraft, mainID)
	commentID := one(`SELECT CAST(MIN(id) AS TEXT) FROM consult_comments WHERE draft_id = ?`, draftID)
	// The demo's gazette: an issue, a document and a file.
	issueSlug := one(`SELECT slug FROM gazette_issues WHERE site_id = ? AND state = 'published' ORDER BY id LIMIT 1`, mainID)
	issueID := one(`SELECT CAST(id AS TEXT) FROM gazette_issues WHERE slug = ?`, issueSlug)
	gazDoc := one(`SELECT CAST(MIN(id) AS TEXT) FROM gazette_docs WHERE state = 'published'`)
	gazFile := one(`SELECT pdf_sha256 FROM gazette_docs WHERE id = ?`, gazDoc)
	stops := []stop{
		{"GET /healthz", "anon", "/healthz"},
		{"GET /readyz", "anon", "/readyz"},
		{"GET /metrics", "anon", "/metrics"},
		{"GET /media/", "anon", "/media/1/" + strings.Repeat("ab", 32) + ".pdf"},
		{"GET /api/v1/captcha", "anon", "/api/v1/captcha"},
		{"GET /api/v1/search", "anon", "/api/v1/search?q=chuyen+doi+so"},
		{"GET /api/v1/search", "anon", "/api/v1/search?q=cu+tru&site=so-khcn"},
		{"GET /api/v1/openapi.json", "anon", "/api/v1/openapi.json"},
		{"GET /api/v1/status", "anon", "/api/v1/status"},
		{"GET /dang-nhap", "anon", "/dang-nhap"},
		{"GET /dang-nhap/xac-thuc", "anon", "/dang-nhap/xac-thuc"},
		{"GET /ngon-ngu", "tq.editor", "/ngon-ngu?lang=vi"},
		{"GET /quan-tri/xac-thuc/dang-ky", "tq.admin", "/quan-tri/xac-thuc/dang-ky"},
		{"GET /quan-tri/xac-thuc/qr.png", "tq.admin", "/quan-tri/xac-thuc/qr.png"},
		{"GET /quan-tri/{$}", "tq.head", "/quan-tri/"},
		{"GET /quan-tri/{$}", "tq.admin", "/quan-tri/"},
		{"GET /quan-tri/tai-khoan", "tq.editor", "/quan-tri/tai-khoan"},
		{"GET /quan-tri/nguoi-dung", "tq.admin", "/quan-tri/nguoi-dung"},
		{"GET /quan-tri/nguoi-dung/{id}", "tq.admin", "/quan-tri/nguoi-dung/" + user},
		{"GET /quan-tri/trang", "tq.admin", "/quan-tri/trang"},
		{"GET /quan-tri/trang/{code}", "tq.admin", "/quan-tri/trang/so-khcn"},
		{"GET /quan-tri/trang/{code}/doi-ten", "tq.admin", "/quan-tri/trang/so-khcn/doi-ten"},
		{"GET /quan-tri/s/{site}/danh-gia", "tq.editor", "/quan-tri/s/dong-nai/danh-gia"},
		{"GET /quan-tri/s/{site}/phat-ngon", "tq.head", "/quan-tri/s/dong-nai/phat-ngon"},
		{"GET /quan-tri/s/{site}/phat-ngon", "tq.overseer", "/quan-tri/s/dong-nai/phat-ngon?nam=2026"},
		{"GET /quan-tri/s/{site}/phat-ngon/bao-cao", "tq.overseer", "/quan-tri/s/dong-nai/phat-ngon/bao-cao?nam=2026"},
		{"GET /quan-tri/s/{site}/phat-ngon/{file}", "tq.head", "/quan-tri/s/dong-nai/phat-ngon/bao-cao.pdf?nam=2026"},
		{"GET /quan-tri/trang/{code}/sap-nhap", "tq.admin", "/quan-tri/trang/dong-nai/sap-nhap?xem=1&from=so-khcn&mode=move&decision_no=1%2FQ%C4%90"},
		{"GET /quan-tri/bao-cao", "tq.overseer", "/quan-tri/bao-cao?ky=2026"},
		{"GET /quan-tri/bao-cao/{file}", "tq.overseer", "/quan-tri/bao-cao/bao-cao.xlsx?ky=2026-Q4"},
		{"GET /quan-tri/giam-sat", "tq.overseer", "/quan-tri/giam-sat?sap-xep=dang&chieu=giam"},
		{"GET /quan-tri/s/{site}/bao-cao", "tq.head", "/quan-tri/s/dong-nai/bao-cao"},
		{"GET /quan-tri/s/{site}/bao-cao/{file}", "tq.head", "/quan-tri/s/dong-nai/bao-cao/bao-cao.pdf"},
		{"GET /quan-tri/nhat-ky", "tq.admin", "/quan-tri/nhat-ky"},
		{"GET /quan-tri/nhat-ky", "tq.admin", "/quan-tri/nhat-ky?trang=3"},
		{"GET /quan-tri/nhat-ky", "tq.admin", "/quan-tri/nhat-ky?action=login.fail"},
		{"GET /quan-tri/nhat-ky", "tq.overseer", "/quan-tri/nhat-ky?action=item.save&trang=2"},
		{"GET /quan-tri/thu-di", "tq.admin", "/quan-tri/thu-di"},
		{"GET /quan-tri/thu-di", "tq.admin", "/quan-tri/thu-di?trang-thai=failed"},
		{"GET /quan-tri/quy-dinh", "tq.admin", "/quan-tri/quy-dinh"},
		{"GET /quan-tri/quy-dinh/{id}", "tq.admin", "/quan-tri/quy-dinh/" + one(`SELECT CAST(id AS TEXT) FROM rule_sets WHERE kind = 'feedback' ORDER BY valid_from DESC LIMIT 1`)},
		{"GET /quan-tri/lich-nghi", "tq.admin", "/quan-tri/lich-nghi"},
		{"GET /quan-tri/bao-tri", "tq.admin", "/quan-tri/bao-tri"},
		{"GET /quan-tri/sao-luu", "tq.admin", "/quan-tri/sao-luu"},
		{"GET /quan-tri/open311", "tq.admin", "/quan-tri/open311"},
		{"GET /quan-tri/s/{site}/{$}", "tq.head", staff + "/"},
		{"GET /quan-tri/s/{site}/{$}", "tq.editor", staff + "/"},
		{"GET /quan-tri/s/{site}/{$}", "tq.ctv", staff + "/"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung?trang=40"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung?q=C%C6%B0+tr%C3%BA"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung?q=chuyen+doi+so&trang=2"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung?trang-thai=approval"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.editor", staff + "/noi-dung?trang-thai=published&trang=3"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.ctv", staff + "/noi-dung"},
		{"GET /quan-tri/s/{site}/noi-dung", "tq.ctv", staff + "/noi-dung?q=cu+tru"},
		{"GET /quan-tri/s/{site}/tim-kiem", "tq.editor", staff + "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i"},
		{"GET /quan-tri/s/{site}/noi-dung/moi", "tq.editor", staff + "/noi-dung/moi"},
		{"GET /quan-tri/s/{site}/noi-dung/{id}", "tq.editor", staff + "/noi-dung/" + item},
		{"GET /quan-tri/s/{site}/noi-dung/{id}/nhuan-but", "tq.head", staff + "/noi-dung/" + item + "/nhuan-but"},
		{"GET /quan-tri/s/{site}/nhuan-but/can-quyet-dinh", "tq.head", staff + "/nhuan-but/can-quyet-dinh"},
		{"GET /quan-tri/s/{site}/nhuan-but", "tq.head", staff + "/nhuan-but?ky=2026"},
		{"GET /quan-tri/s/{site}/nhuan-but/bang-ke.xlsx", "tq.head", staff + "/nhuan-but/bang-ke.xlsx?ky=2026-Q3"},
		{"GET /quan-tri/s/{site}/nhuan-but/bang-ke.docx", "tq.head", staff + "/nhuan-but/bang-ke.docx?ky=2026-08"},
		{"GET /quan-tri/s/{site}/nhuan-but/bang-ke.pdf", "tq.head", staff + "/nhuan-but/bang-ke.pdf?ky=2026-08"},
		{"GET /quan-tri/nhuan-but-cua-toi", "tq.ctv", "/quan-tri/nhuan-but-cua-toi?ky=2026"},
		{"GET /quan-tri/nhuan-but-cua-toi/sao-ke.pdf", "tq.ctv", "/quan-tri/nhuan-but-cua-toi/sao-ke.pdf?ky=2026"},
		{"GET /quan-tri/s/{site}/noi-dung/{id}/so-sanh", "tq.editor", staff + "/noi-dung/" + item + "/so-sanh?a=1&b=2"},
		{"GET /quan-tri/s/{site}/chuyen-muc", "tq.head", staff + "/chuyen-muc"},
		{"GET /quan-tri/s/{site}/chuyen-muc-bat-buoc", "tq.head", staff + "/chuyen-muc-bat-buoc"},
		{"GET /quan-tri/s/{site}/tep", "tq.editor", staff + "/tep"},
		{"GET /quan-tri/s/{site}/tep", "tq.editor", staff + "/tep?trang=3"},
		{"GET /quan-tri/s/{site}/tep.json", "tq.editor", staff + "/tep.json"},
		{"GET /quan-tri/s/{site}/tep.json", "tq.editor", staff + "/tep.json?trang=3"},
		{"GET /quan-tri/s/{site}/to-chuc", "tq.head", staff + "/to-chuc"},
		{"GET /quan-tri/s/{site}/kien-nghi", "tq.head", staff + "/kien-nghi"},
		{"GET /quan-tri/s/{site}/kien-nghi", "tq.head", staff + "/kien-nghi?trang-thai=published&trang=2"},
		{"GET /quan-tri/s/{site}/kien-nghi", "tq.head", staff + "/kien-nghi?ma=PAKN-2025-0000004"},
		{"GET /quan-tri/s/{site}/kien-nghi", "tq.liaison", staff + "/kien-nghi"},
		// The liaison's work queue (the requests assigned to their units,
		// read through feedback_requests_units) on the dashboard and in
		// the site's workspace.
		{"GET /quan-tri/{$}", "tq.liaison", "/quan-tri/"},
		{"GET /quan-tri/s/{site}/{$}", "tq.liaison", staff + "/"},
		{"GET /quan-tri/s/{site}/kien-nghi/dung-han", "tq.head", staff + "/kien-nghi/dung-han"},
		{"GET /quan-tri/s/{site}/kien-nghi/{id}", "tq.head", staff + "/kien-nghi/" + request},
		{"GET /quan-tri/s/{site}/kien-nghi/{id}/tep/{file}", "tq.head", staff + "/kien-nghi/" + request + "/tep/1"},
		{"GET /quan-tri/s/{site}/lay-y-kien", "tq.editor", staff + "/lay-y-kien"},
		{"GET /quan-tri/s/{site}/lay-y-kien/{id}", "tq.editor", staff + "/lay-y-kien/" + draftID},
		{"GET /quan-tri/s/{site}/lay-y-kien/{id}", "tq.editor", staff + "/lay-y-kien/" + doneID + "?y-kien=published"},
		{"GET /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/lien-he", "tq.editor", staff + "/lay-y-kien/" + draftID + "/y-kien/" + commentID + "/lien-he"},
		{"GET /quan-tri/s/{site}/lay-y-kien/{id}/y-kien/{cid}/tep/{file}", "tq.editor", staff + "/lay-y-kien/" + draftID + "/y-kien/" + commentID + "/tep/1"},
		{"GET /quan-tri/s/{site}/lay-y-kien/{id}/{file}", "tq.editor", staff + "/lay-y-kien/" + doneID + "/tong-hop.pdf"},
		{"GET /quan-tri/cong-bao", "tq.gazette", "/quan-tri/cong-bao"},
		{"GET /quan-tri/cong-bao/van-ban/{id}", "tq.gazette", "/quan-tri/cong-bao/van-ban/" + gazDoc},
		{"GET /quan-tri/cong-bao/so/{id}", "tq.gazette", "/quan-tri/cong-bao/so/" + issueID},
		{"GET /quan-tri/cong-bao/tep/{file}", "tq.gazette", "/quan-tri/cong-bao/tep/" + gazFile + ".pdf"},
		{"GET /open311/v2/{file}", "anon", "/open311/v2/services.json"},
		{"GET /open311/v2/{file}", "anon", "/open311/v2/requests.json"},
		{"GET /open311/v2/services/{file}", "anon", "/open311/v2/services/vuong-mac.json"},
		{"GET /open311/v2/requests/{id}", "anon", "/open311/v2/requests/PAKN-2025-0000004.json"},
	}
	// The public pages, as the public sees them (the page cache serves a
	// page it has; the first visit of each renders it), on the main
	// portal, a component site and in English.
	for _, prefix := range []string{"", "/so-khcn", "/en"} {
		stops = append(stops, []stop{
			{"GET /{$}", "anon", prefix + "/"},
			{"GET /gioi-thieu", "anon", prefix + "/gioi-thieu"},
			{"GET /dich-vu-cong", "anon", prefix + "/dich-vu-cong"},
			{"GET /lien-he", "anon", prefix + "/lien-he"},
			{"GET /so-do-trang", "anon", prefix + "/so-do-trang"},
			{"GET /chuyen-muc/{slug}", "anon", prefix + "/chuyen-muc/" + cat},
			{"GET /chuyen-muc/{slug}", "anon", prefix + "/chuyen-muc/" + cat + "?trang=60"},
			{"GET /chuyen-muc/{slug}/feed.atom", "anon", prefix + "/chuyen-muc/" + cat + "/feed.atom"},
			{"GET /van-ban", "anon", prefix + "/van-ban"},
			{"GET /van-ban", "anon", prefix + "/van-ban?trang=20"},
			{"GET /van-ban", "anon", prefix + "/van-ban?loai=" + legalType + "&sap-xep=number"},
			{"GET /van-ban", "anon", prefix + "/van-ban?co-quan=" + issuer + "&nam=2025"},
			{"GET /van-ban", "anon", prefix + "/van-ban?hieu-luc=het-hieu-luc&sap-xep=effective"},
			{"GET /van-ban", "anon", prefix + "/van-ban?hieu-luc=con-hieu-luc&trang=3"},
			{"GET /tim-kiem", "anon", prefix + "/tim-kiem?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"},
			{"GET /tim-kiem", "anon", prefix + "/tim-kiem?q=c%C6%B0+tr%C3%BA&loai=legal"},
			{"GET /to-chuc", "anon", prefix + "/to-chuc"},
			{"GET /nguoi-phat-ngon", "anon", prefix + "/nguoi-phat-ngon"},
			{"GET /feed.atom", "anon", prefix + "/feed.atom"},
			{"GET /sitemap.xml", "anon", prefix + "/sitemap.xml"},
			{"GET /{name}", "anon", prefix + "/sitemap-1.xml"},
			{"GET /{name}", "anon", prefix + "/sitemap-" + fmt.Sprint(volumeBase/10000+2) + ".xml"},
			{"GET /robots.txt", "anon", prefix + "/robots.txt"},
			{"GET /{kind}/{slug}", "anon", prefix + "/tin-tuc/" + article},
			{"GET /{kind}/{slug}", "anon", prefix + "/van-ban/" + law},
			{"GET /{kind}/{slug}", "anon", prefix + "/tin-tuc/bai-cu-30"},
			{"GET /phan-anh-kien-nghi", "anon", prefix + "/phan-anh-kien-nghi"},
			{"GET /phan-anh-kien-nghi/{code}/{token}", "anon", prefix + "/phan-anh-kien-nghi/" + qa + "/khong-dung"},
			{"GET /phan-anh-kien-nghi/tra-cuu", "anon", prefix + "/phan-anh-kien-nghi/tra-cuu"},
			{"GET /hoi-dap", "anon", prefix + "/hoi-dap"},
			{"GET /hoi-dap", "anon", prefix + "/hoi-dap?q=dat+dai&trang=5"},
			{"GET /hoi-dap/{code}", "anon", prefix + "/hoi-dap/" + qa},
			{"GET /thong-bao-bao-tri", "anon", prefix + "/thong-bao-bao-tri"},
			{"GET /cong-bao", "anon", prefix + "/cong-bao"},
			{"GET /cong-bao", "anon", prefix + "/cong-bao?q=25-2026-qd-ubnd"},
			{"GET /cong-bao", "anon", prefix + "/cong-bao?q=c%C3%A2y+xanh&nam=2026&loai=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&trang=2"},
			{"GET /cong-bao/feed.atom", "anon", prefix + "/cong-bao/feed.atom"},
			{"GET /cong-bao/nhat-ky.json", "anon", prefix + "/cong-bao/nhat-ky.json?sau=1"},
			{"GET /cong-bao/so/{slug}", "anon", prefix + "/cong-bao/so/" + issueSlug},
			{"GET /cong-bao/van-ban/{id}", "anon", prefix + "/cong-bao/van-ban/" + gazDoc},
			{"GET /cong-bao/tep/{file}", "anon", prefix + "/cong-bao/tep/" + gazFile + ".pdf"},
			{"GET /lay-y-kien", "anon", prefix + "/lay-y-kien"},
			{"GET /lay-y-kien", "anon", prefix + "/lay-y-kien?trang-thai=open&loai=Ngh%E1%BB%8B+quy%E1%BA%BFt"},
			{"GET /lay-y-kien", "anon", prefix + "/lay-y-kien?trang-thai=published&q=camera&don-vi=dong-nai&trang=2"},
			{"GET /lay-y-kien/feed.atom", "anon", prefix + "/lay-y-kien/feed.atom"},
			{"GET /lay-y-kien/{slug}", "anon", prefix + "/lay-y-kien/" + openDraft},
			{"GET /lay-y-kien/{slug}", "anon", prefix + "/lay-y-kien/" + doneDraft + "?phien-ban=1"},
			{"GET /lay-y-kien/{slug}/y-kien", "anon", prefix + "/lay-y-kien/" + doneDraft + "/y-kien?muc=dieu-4&trang=2"},
			{"GET /lay-y-kien/{slug}/gop-y", "anon", prefix + "/lay-y-kien/" + openDraft + "/gop-y?muc=dieu-3-khoan-2"},
			{"GET /lay-y-kien/{slug}/da-gui", "anon", prefix + "/lay-y-kien/" + openDraft + "/da-gui"},
			{"GET /lay-y-kien/{slug}/tong-hop", "anon", prefix + "/lay-y-kien/" + doneDraft + "/tong-hop?trang=2"},
			{"GET /lay-y-kien/{slug}/{file}", "anon", prefix + "/lay-y-kien/" + doneDraft + "/tong-hop.xlsx"},
		}...)
	}
	// The stops of capabilities that keep their tour in their own file
	// (plans_<capability>_test.go, registered in moreStops by init).
	for _, more := range moreStops {
		stops = append(stops, more(t, h)...)
	}
	// The same pages for a signed-in person, whom the cache never serves.
	for _, s := range slices.Clone(stops) {
		if s.who == "anon" && !strings.HasPrefix(s.path, "/quan-tri") && !strings.HasPrefix(s.path, "/open311") {
			stops = append(stops, stop{s.route, "tq.editor", s.path})
		}
	}
	return stops
}

// visit asks for each page of the tour.
func visit(t *testing.T, h *harness, people map[string]*browser, stops []stop) {
	t.Helper()
	for _, s := range stops {
		req, _ := http.NewRequest("GET", h.srv.URL+s.path, nil)
		resp, err := people[s.who].c.Do(req)
		if err != nil {
			t.Errorf("%s %s: %v", s.who, s.path, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s %s = %d", s.who, s.path, resp.StatusCode)
		}
		// A label before a day in words ("Kiểm tra ngày" + "ngày 4 tháng
		// 11…") reads "ngày ngày": every page of the tour is read for it.
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			text := strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(string(body), " "))), " ")
			if m := dayTwiceRE.FindStringIndex(text); m != nil {
				t.Errorf("%s %s reads “ngày ngày”: …%s…", s.who, s.path, strings.ToValidUTF8(text[max(0, m[0]-60):min(len(text), m[1]+40)], ""))
			}
		}
	}
}

// tagRE matches an HTML tag, to read a page's text; dayTwiceRE a label
// ending in "ngày" before a day that begins with it.
var (
	tagRE      = regexp.MustCompile(`<[^>]*>`)
	dayTwiceRE = regexp.MustCompile(`(?i)ngày ngày \d`)
)

// changes makes the writes whose reads matter: an item written, taken
// through the workflow and published, a reader's report, a request
// handled.
func changes(t *testing.T, h *harness, people map[string]*browser) {
	t.Helper()
	ed, head := people["tq.editor"], people["tq.head"]
	path := ed.newItem(article("Bài của lượt kiểm tra kế hoạch truy vấn", "<p>Nội dung.</p>"))
	form := article("Bài của lượt kiểm tra (sửa)", "<p>Sửa.</p>")
	if p := ed.post(path, form); p.status >= 500 {
		t.Errorf("save = %d", p.status)
	}
	publishAll(t, ed, head, path)
	if p := ed.get(path); p.status != http.StatusOK {
		t.Errorf("item after publication = %d", p.status)
	}
	people["anon"].post("/bao-loi", url.Values{"item": {fmt.Sprint(itemID(t, path))}, "page": {"/"}, "message": {"Sai một chữ."}})
}

// runJobs runs every scheduled job once, as the runner does.
func runJobs(t *testing.T, h *harness) {
	t.Helper()
	r := jobs.New(h.db, discard(), h.clock.Now, "plan-guard")
	h.web.Jobs(r)
	if err := r.RunOnce(context.Background()); err != nil {
		t.Error(err)
	}
}

// checkRoutesVisited fails for a GET route of routes.go that the tour
// does not visit: its queries would go unexplained.
func checkRoutesVisited(t *testing.T, stops []stop) {
	t.Helper()
	visited := map[string]bool{}
	for _, s := range stops {
		visited[s.route] = true
	}
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	// Capabilities that register their routes in their own *_routes.go.
	more, _ := filepath.Glob("*_routes.go")
	for _, f := range more {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	skip := map[string]bool{"GET /static/{name...}": true} // files embedded in the binary, no database
	n := 0
	for _, m := range regexp.MustCompile(`"(GET /[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		n++
		if !visited[m[1]] && !skip[m[1]] {
			t.Errorf("the plan guard's tour visits no page of %q: add it to tour in plans_test.go", m[1])
		}
	}
	if n < 50 {
		t.Fatalf("found %d GET routes in routes.go; the pattern no longer matches", n)
	}
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
