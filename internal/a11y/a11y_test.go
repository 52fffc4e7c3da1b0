package a11y_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/a11y"
	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

var now = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

// TestAccessibilityStatement (issue 20 point 8) on both databases: a
// site without a statement shows the one made from its data; the board's
// is saved, read back and changed, each time audited; bad input names its
// field and changes nothing.
func TestAccessibilityStatement(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &site.Site{Name: "Sở Khoa học và Công nghệ", NameEN: "Department of Science and Technology", Email: "sokhcn@example.vn",
			Phone: "0251 3822 000", CreatedAt: time.Date(2026, 7, 1, 8, 0, 0, 0, time.UTC)}
		if err := db.QueryRow(ctx, `INSERT INTO sites (code, kind, name, created_at) VALUES ('so-khcn', 'department', ?, ?) RETURNING id`,
			st.Name, st.CreatedAt).Scan(&st.ID); err != nil {
			t.Fatal(err)
		}
		s := a11y.NewStore(db, func() time.Time { return now })
		def, err := s.Get(ctx, st, "vi")
		if err != nil {
			t.Fatal(err)
		}
		if def.Saved || def.Standard != "WCAG 2.1" || def.Level != "AA" || def.ReviewedOn != "2026-07-01" ||
			!strings.Contains(def.Contact, "sokhcn@example.vn") || !strings.Contains(def.Contact, "0251 3822 000") || !strings.Contains(def.Methods, "axe-core") {
			t.Errorf("default statement: %+v", def)
		}
		if en, _ := s.Get(ctx, st, "en"); !strings.HasPrefix(en.Contact, "E-mail: ") || !strings.Contains(en.Methods, "keyboard") {
			t.Errorf("English default: %+v", en)
		}

		mine := &a11y.Statement{SiteID: st.ID, Standard: "WCAG 2.1", Level: "AA", Methods: "axe-core\r\nNVDA\n\n", KnownIssues: "",
			Contact: "Chị Lan, 0251 3822 001", ReviewedOn: "2026-12-01"}
		if err := s.Save(ctx, mine, audit.Actor{Name: "bbt"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, st, "en")
		if err != nil || !got.Saved || got.Methods != "axe-core\nNVDA" || got.UpdatedBy != "bbt" || got.ReviewedOn != "2026-12-01" {
			t.Errorf("saved statement read back: %+v %v", got, err)
		}
		if l := a11y.Lines(got.Methods); len(l) != 2 {
			t.Errorf("lines %q", l)
		}
		mine.Level = "AAA"
		if err := s.Save(ctx, mine, audit.Actor{Name: "bbt"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, st, "vi"); got.Level != "AAA" {
			t.Errorf("level after change: %q", got.Level)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'a11y.statement.save' AND site_id = ?`, st.ID).Scan(&n); err != nil || n != 2 {
			t.Errorf("audited %d times (%v), want 2", n, err)
		}

		for _, c := range []struct {
			name, field string
			change      func(s *a11y.Statement)
		}{
			{"standard", "standard", func(s *a11y.Statement) { s.Standard = "WCAG 9" }},
			{"level", "level", func(s *a11y.Statement) { s.Level = "B" }},
			{"methods", "methods", func(s *a11y.Statement) { s.Methods = " \n " }},
			{"contact", "contact", func(s *a11y.Statement) { s.Contact = "" }},
			{"long", "known_issues", func(s *a11y.Statement) { s.KnownIssues = strings.Repeat("ă", 4001) }},
			{"future", "reviewed_on", func(s *a11y.Statement) { s.ReviewedOn = "2026-12-04" }},
			{"day", "reviewed_on", func(s *a11y.Statement) { s.ReviewedOn = "1/12/2026" }},
		} {
			bad := *mine
			c.change(&bad)
			err := s.Save(ctx, &bad, audit.Actor{Name: "bbt"})
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.Invalid || e.Fields[c.field].VI == "" {
				t.Errorf("%s: %v, want field %s", c.name, err, c.field)
			}
		}
		if got, _ := s.Get(ctx, st, "vi"); got.Level != "AAA" || got.ReviewedOn != "2026-12-01" {
			t.Errorf("a refused save changed the statement: %+v", got)
		}
	})
}
