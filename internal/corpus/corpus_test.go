package corpus_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/corpus"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

func importer(t *testing.T, db *store.DB, kind string) *corpus.Importer {
	t.Helper()
	s := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Tỉnh"}
	if err := site.NewSites(db, time.Now).Create(context.Background(), s, audit.CLI); err != nil {
		t.Fatal(err)
	}
	return &corpus.Importer{Content: content.NewStore(db, time.Now), Legal: legal.NewStore(db, time.Now),
		SiteID: s.ID, SiteCode: s.Code, Kind: kind, Actor: audit.CLI}
}

func TestLegalImportIsIdempotent(t *testing.T) {
	sample, err := os.ReadFile("../cli/testdata/legal-sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		im := importer(t, db, "legal")
		var out bytes.Buffer
		if err := im.Run(ctx, bytes.NewReader(sample), 4, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "3 mới, 0 cập nhật, 0 không đổi, 1 bỏ qua") {
			t.Errorf("first import said:\n%s", out.String())
		}
		out.Reset()
		im.Run(ctx, bytes.NewReader(sample), 4, &out)
		if !strings.Contains(out.String(), "0 mới, 0 cập nhật, 3 không đổi, 1 bỏ qua") {
			t.Errorf("second import said:\n%s", out.String())
		}
		ls := legal.NewStore(db, time.Now)
		docs, total, err := ls.List(ctx, legal.Filter{SiteID: im.SiteID})
		if err != nil || total != 3 {
			t.Fatalf("List = %d docs, %v", total, err)
		}
		d, err := ls.ByNumber(ctx, im.SiteID, "57/2010/qh12")
		if err != nil || d.Title != "Luật Thuế bảo vệ môi trường" || d.Issued != "2010-11-15" {
			t.Fatalf("ByNumber = %+v, %v", d, err)
		}
		it, _ := content.NewStore(db, time.Now).Get(ctx, d.ItemID)
		if !strings.Contains(it.Rev.Body, `id="dieu-1"`) {
			t.Error("the imported body has no article anchors")
		}
		// Filters.
		if _, n, _ := ls.List(ctx, legal.Filter{SiteID: im.SiteID, Year: 2010}); n != 1 {
			t.Errorf("year 2010: %d documents; want 1", n)
		}
		if _, n, _ := ls.List(ctx, legal.Filter{SiteID: im.SiteID, Type: docs[0].Type}); n != 3 {
			t.Errorf("by type: %d; want 3", n)
		}
		// A replacing document ends the other's effect, seen from both sides.
		other := docs[1]
		if err := ls.Relate(ctx, d.ItemID, other.ItemID, legal.Replaces, false); err != nil {
			t.Fatal(err)
		}
		got, _ := ls.Get(ctx, other.ItemID)
		if got.StatusOn("2030-01-01") != legal.Expired || len(got.Relation) != 1 || got.Relation[0].Label("vi") != "Bị thay thế bởi" {
			t.Errorf("replaced document: status %s, relations %+v", got.StatusOn("2030-01-01"), got.Relation)
		}
		back, _ := ls.Get(ctx, d.ItemID)
		if len(back.Relation) != 1 || back.Relation[0].Label("vi") != "Thay thế" {
			t.Errorf("replacing document relations %+v", back.Relation)
		}
		if _, n, _ := ls.List(ctx, legal.Filter{SiteID: im.SiteID, Status: legal.Expired}); n != 1 {
			t.Errorf("expired filter: %d; want 1", n)
		}
	})
}

func TestStatusOn(t *testing.T) {
	tests := []struct {
		d    legal.Doc
		day  string
		want legal.Status
	}{
		{legal.Doc{Issued: "2019-11-20", Effective: "2021-01-01"}, "2020-06-01", legal.NotYet},
		{legal.Doc{Issued: "2019-11-20", Effective: "2021-01-01"}, "2021-01-01", legal.InForce},
		{legal.Doc{Effective: "2021-01-01", Expires: "2025-07-01"}, "2025-07-01", legal.Expired},
		{legal.Doc{}, "2025-01-01", legal.Unknown},
		{legal.Doc{Effective: "2010-01-01", EndedBy: []legal.Relation{{Kind: legal.Replaces, Effective: "2026-07-01"}}}, "2026-06-30", legal.InForce},
		{legal.Doc{Effective: "2010-01-01", EndedBy: []legal.Relation{{Kind: legal.Replaces, Effective: "2026-07-01"}}}, "2026-07-01", legal.Expired},
		{legal.Doc{Effective: "2010-01-01", EndedBy: []legal.Relation{{Kind: legal.Repeals, Partial: true}}}, "2026-07-01", legal.PartlyExpired},
	}
	for _, tt := range tests {
		if got := tt.d.StatusOn(tt.day); got != tt.want {
			t.Errorf("%+v on %s = %s; want %s", tt.d, tt.day, got, tt.want)
		}
	}
}

func TestNewsImport(t *testing.T) {
	db := storetest.SQLite(t)
	im := importer(t, db, "news")
	in := `{"id": "tin-1", "title": "Tin thử", "summary": "Tóm tắt.", "body": "Đoạn một.\nĐoạn <hai>.", "published_at": "2020-05-01 08:00:00", "source": "Báo thử", "source_url": "https://example.vn/1"}` + "\n"
	var out bytes.Buffer
	if err := im.Run(context.Background(), strings.NewReader(in), 1, &out); err != nil {
		t.Fatal(err)
	}
	cs := content.NewStore(db, time.Now)
	items, _, _ := cs.Published(context.Background(), content.Public{SiteIDs: []int64{im.SiteID}})
	if len(items) != 1 || items[0].PublishedAt.Year() != 2020 {
		t.Fatalf("imported news: %d items", len(items))
	}
	// Lists carry no bodies; the item's page reads its published revision.
	it, _, err := cs.PublishedBySlug(context.Background(), im.SiteID, items[0].Lang, items[0].Kind, items[0].Slug)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(it.Rev.Body) != "<p>Đoạn một.</p>\n<p>Đoạn &lt;hai&gt;.</p>" {
		t.Fatalf("imported news: body %q", it.Rev.Body)
	}
}

// TestNewsImportFilesCategories: a news record naming its category goes
// to the site's category of that name (made on first use, reused after);
// one without goes to the default section; a re-import files items
// imported before without a section, and never moves one an editor
// placed.
func TestNewsImportFilesCategories(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		im := importer(t, db, "news")
		cs := content.NewStore(db, time.Now)
		news := &content.Category{SiteID: im.SiteID, Name: "Tin tức – Sự kiện", Slug: "tin-tuc-su-kien"}
		if err := cs.SaveCategory(ctx, news, audit.CLI); err != nil {
			t.Fatal(err)
		}
		rec := func(id, cat string) string {
			return fmt.Sprintf(`{"id": %q, "title": "Tin %s", "summary": "Tóm tắt.", "body": "Đoạn một.", "published_at": "2020-05-01", "category": %q}`+"\n", id, id, cat)
		}
		var out bytes.Buffer
		// First, as before this change: no section at all.
		if err := im.Run(ctx, strings.NewReader(rec("t0", "")), 1, &out); err != nil {
			t.Fatal(err)
		}
		im.CategoryID = news.ID
		in := rec("t0", "") + rec("t1", "Giáo dục") + rec("t2", "Giáo dục") + rec("t3", "—") + rec("t4", "Sức khỏe")
		if err := im.Run(ctx, strings.NewReader(in), 5, &out); err != nil {
			t.Fatal(err)
		}
		cat := func(source string) string {
			var slug sql.NullString
			if err := db.QueryRow(ctx, `SELECT c.slug FROM items i LEFT JOIN categories c ON c.id = i.category_id WHERE i.source_id = ?`, source).Scan(&slug); err != nil {
				t.Fatal(err)
			}
			return slug.String
		}
		for source, want := range map[string]string{"t0": "tin-tuc-su-kien", "t1": "giao-duc", "t2": "giao-duc", "t3": "tin-tuc-su-kien", "t4": "suc-khoe"} {
			if got := cat(source); got != want {
				t.Errorf("%s filed in %q; want %q", source, got, want)
			}
		}
		var n int
		db.QueryRow(ctx, `SELECT COUNT(*) FROM categories WHERE site_id = ? AND slug = 'giao-duc' AND name = 'Giáo dục'`, im.SiteID).Scan(&n)
		if n != 1 {
			t.Errorf("%d categories Giáo dục; want 1", n)
		}
		// An editor moves t1; a re-import leaves it there.
		if _, err := db.Exec(ctx, `UPDATE items SET category_id = ? WHERE source_id = 't1'`, news.ID); err != nil {
			t.Fatal(err)
		}
		if err := im.Run(ctx, strings.NewReader(in), 5, &out); err != nil {
			t.Fatal(err)
		}
		if got := cat("t1"); got != "tin-tuc-su-kien" {
			t.Errorf("a re-import moved the editor's choice to %q", got)
		}
	})
}
