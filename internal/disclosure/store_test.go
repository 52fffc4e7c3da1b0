package disclosure

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

var board = audit.Actor{Name: "truongban", IP: "local"}

func wantField(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Fields[field].VI == "" {
		t.Errorf("%s: %v; want a message on %s", what, err, field)
		return
	}
	t.Logf("%s: %s", what, e.Fields[field].VI)
}

// item adds a published item (or, with pub zero, a draft) to a site.
func item(t *testing.T, db *store.DB, siteID int64, kind, slug, title string, catID int64, pub time.Time, lang string) int64 {
	t.Helper()
	ctx := context.Background()
	created := time.Date(2026, 2, 1, 8, 0, 0, 0, vn.ICT).UTC()
	var cat, published any
	if catID != 0 {
		cat = catID
	}
	state, live := "draft", false
	if !pub.IsZero() {
		published, state, live = pub.UTC(), "published", true
	}
	var id, rev int64
	if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, category_id, live, first_published_at, published_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, siteID, kind, state, lang, slug, cat, live, published, published, created, created).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `INSERT INTO revisions (item_id, number, title, created_at) VALUES (?, 1, ?, ?) RETURNING id`, id, title, created).Scan(&rev); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `UPDATE items SET current_rev = ?, published_rev = ? WHERE id = ?`, rev, rev, id); err != nil {
		t.Fatal(err)
	}
	return id
}

func category(t *testing.T, db *store.DB, siteID int64, slug, name string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRow(context.Background(), `INSERT INTO categories (site_id, slug, name, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		siteID, slug, name, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCatalogue: the generated lines (required sections and the kinds
// the law lists, published, Vietnamese, of the site, by year), the
// manual entries with their checks, and the focal point.
func TestCatalogue(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, vn.ICT) }
		sites := site.NewSites(db, now)
		st := &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Cổng tỉnh"}
		other := &site.Site{Code: "so", Kind: site.Department, PathPrefix: "/so", Name: "Sở"}
		for _, s := range []*site.Site{st, other} {
			if err := sites.Create(ctx, s, audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		budget := category(t, db, st.ID, "ngan-sach-tai-chinh", "Báo cáo tài chính, ngân sách")
		news := category(t, db, st.ID, "tin-tuc", "Tin tức")
		mar := time.Date(2026, 3, 15, 9, 0, 0, 0, vn.ICT)
		law := item(t, db, st.ID, "legal", "qd-12", "Quyết định ban hành quy chế", 0, mar, "vi")
		if _, err := db.Exec(ctx, `INSERT INTO legal_docs (item_id, number, issued_on, expires_on) VALUES (?, '12/2026/QĐ-UBND', '2026-03-10', '2030-12-31')`, law); err != nil {
			t.Fatal(err)
		}
		report := item(t, db, st.ID, "article", "bao-cao-ngan-sach", "Báo cáo tình hình thực hiện ngân sách quý I", budget, mar.AddDate(0, 1, 0), "vi")
		if _, err := db.Exec(ctx, `UPDATE items SET unpublish_at = ? WHERE id = ?`, time.Date(2027, 4, 15, 0, 0, 0, 0, vn.ICT).UTC(), report); err != nil {
			t.Fatal(err)
		}
		old := item(t, db, st.ID, "plan", "ke-hoach-2025", "Kế hoạch năm 2025", 0, time.Date(2025, 12, 20, 9, 0, 0, 0, vn.ICT), "vi")
		// Not in the catalogue: news, a draft, the English version,
		// another site's plan.
		item(t, db, st.ID, "article", "tin-thuong", "Tin thường", news, mar, "vi")
		item(t, db, st.ID, "plan", "du-thao", "Kế hoạch chưa đăng", 0, time.Time{}, "vi")
		item(t, db, st.ID, "legal", "qd-12-en", "Decision", 0, mar, "en")
		item(t, db, other.ID, "plan", "ke-hoach-so", "Kế hoạch của Sở", 0, mar, "vi")

		s := NewStore(db, now)
		q := Query{SiteID: st.ID, Sections: []string{"ngan-sach-tai-chinh", "tiep-can-thong-tin"}, Limit: 10}
		got, err := s.Generated(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, l := range got {
			ids = append(ids, l.ItemID)
		}
		if len(ids) != 3 || ids[0] != report || ids[1] != law || ids[2] != old {
			t.Fatalf("generated %v; want [%d %d %d] (newest first)", ids, report, law, old)
		}
		if l := got[1]; l.Number != "12/2026/QĐ-UBND" || l.CreatedOn != "2026-03-10" || l.Until != "2030-12-31" || !l.UntilExpiry ||
			!l.Published.Equal(mar) || l.Name != "Quyết định ban hành quy chế" {
			t.Errorf("the legal document's line: %+v", l)
		}
		if l := got[0]; l.Section != "Báo cáo tài chính, ngân sách" || l.Until != "2027-04-15" || l.UntilExpiry || l.CreatedOn != "2026-02-01" {
			t.Errorf("the budget report's line: %+v", l)
		}
		q.Year = 2025
		if got, _ := s.Generated(ctx, q); len(got) != 1 || got[0].ItemID != old {
			t.Errorf("2025: %d lines", len(got))
		}
		q.Year, q.Limit, q.Offset = 0, 1, 1
		if got, _ := s.Generated(ctx, q); len(got) != 1 || got[0].ItemID != law {
			t.Errorf("the second page of one: %v", got)
		}

		// Manual entries: bad input, each a clear message, nothing stored.
		for _, c := range []struct {
			what, field string
			e           Entry
		}{
			{"no name", "name", Entry{Form: "Niêm yết", PublishedOn: "2026-05-01"}},
			{"no form", "form", Entry{Name: "X", PublishedOn: "2026-05-01"}},
			{"a bad day", "published_on", Entry{Name: "X", Form: "Niêm yết", PublishedOn: "31/02/2026"}},
			{"made after published", "created_on", Entry{Name: "X", Form: "Niêm yết", PublishedOn: "01/05/2026", CreatedOn: "02/05/2026"}},
			{"a script link", "url", Entry{Name: "X", Form: "Niêm yết", PublishedOn: "01/05/2026", URL: "javascript:alert(1)"}},
			{"a protocol-relative link", "url", Entry{Name: "X", Form: "Niêm yết", PublishedOn: "01/05/2026", URL: "//evil.example/x"}},
			{"a long name", "name", Entry{Name: strings.Repeat("a", 501), Form: "Niêm yết", PublishedOn: "01/05/2026"}},
		} {
			e := c.e
			e.SiteID = st.ID
			wantField(t, c.what, s.SaveEntry(ctx, &e, board), c.field)
		}
		e := &Entry{SiteID: st.ID, Name: "Thông báo tuyển dụng công chức năm 2026", Number: "45/TB-UBND", CreatedOn: "28/04/2026",
			Form: "Niêm yết tại trụ sở Ủy ban nhân dân tỉnh", PublishedOn: "2026-05-01", Duration: "30 ngày", URL: "/media/1/tb.pdf"}
		if err := s.SaveEntry(ctx, e, board); err != nil {
			t.Fatal(err)
		}
		if e.CreatedOn != "2026-04-28" || e.PublishedOn != "2026-05-01" {
			t.Errorf("days stored as %q, %q", e.CreatedOn, e.PublishedOn)
		}
		e.Duration = "Đến hết ngày 31/05/2026"
		if err := s.SaveEntry(ctx, e, board); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveEntry(ctx, &Entry{ID: e.ID, SiteID: other.ID, Name: "X", Form: "Y", PublishedOn: "2026-05-01"}, board); err == nil {
			t.Error("another site's entry was changed")
		}
		list, err := s.Entries(ctx, st.ID, 2026)
		if err != nil || len(list) != 1 || list[0].Duration != "Đến hết ngày 31/05/2026" || list[0].UpdatedBy != "truongban" {
			t.Fatalf("entries of 2026: %v, %v", list, err)
		}
		if list, _ := s.Entries(ctx, st.ID, 2025); len(list) != 0 {
			t.Errorf("entries of 2025: %d", len(list))
		}
		if err := s.RemoveEntry(ctx, other.ID, e.ID, board); err == nil {
			t.Error("removed through another site")
		}
		if err := s.RemoveEntry(ctx, st.ID, e.ID, board); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.Entries(ctx, st.ID, 0); len(list) != 0 {
			t.Errorf("a removed entry is still listed")
		}

		// The focal point.
		c, err := s.ContactOf(ctx, st.ID)
		if err != nil || !c.Empty() {
			t.Fatalf("no focal point yet: %+v, %v", c, err)
		}
		wantField(t, "no unit nor person", s.SaveContact(ctx, &Contact{SiteID: st.ID, Phone: "0251"}, board), "unit")
		wantField(t, "no way to reach", s.SaveContact(ctx, &Contact{SiteID: st.ID, Unit: "Văn phòng"}, board), "phone")
		wantField(t, "a bad email", s.SaveContact(ctx, &Contact{SiteID: st.ID, Unit: "Văn phòng", Email: "a@"}, board), "email")
		for _, phone := range []string{"0251 3822 403", "0251 3822 404"} {
			if err := s.SaveContact(ctx, &Contact{SiteID: st.ID, Unit: "Văn phòng UBND tỉnh", Person: "Nguyễn Văn Đầu", Position: "Chuyên viên",
				Phone: phone, Email: "tiepcan@example.gov.vn"}, board); err != nil {
				t.Fatal(err)
			}
		}
		if c, _ := s.ContactOf(ctx, st.ID); c.Phone != "0251 3822 404" || c.Person != "Nguyễn Văn Đầu" {
			t.Errorf("focal point read back as %+v", c)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'disclosure.%'`).Scan(&n); err != nil || n != 5 {
			t.Errorf("%d audit entries (%v); want 5: create, update, remove, two focal points", n, err)
		}
	})
}
