// Package corpus reads the record formats of ../shared/corpus (see
// SOURCES.md there) — news articles and legal documents as JSON lines —
// and imports them as published items of a site, idempotently: each
// record's id becomes the item's source id.
package corpus

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/legal"
	"github.com/congportal/cong/internal/vn"
)

// Importer loads records into one site.
type Importer struct {
	Content  *content.Store
	Legal    *legal.Store
	SiteID   int64
	SiteCode string // for the report
	Kind     string // "legal" or "news"
	// CategoryID, when set, files the imported items in that category
	// (for legal documents, the site's required legal-documents section;
	// for news, the news section), unless a news record names its own.
	CategoryID int64
	Actor      audit.Actor

	categories map[string]int64 // a record's category name → the site's category
}

// record is the union of the corpus's two record formats.
type record struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Body        string `json:"body"`
	PublishedAt string `json:"published_at"`
	Category    string `json:"category"`
	SourceURL   string `json:"source_url"`
	Source      string `json:"source"`
	Number      string `json:"number"`
	Type        string `json:"type"`
	Issuer      string `json:"issuer"`
	Signer      string `json:"signer"`
	IssuedAt    string `json:"issued_at"`
	EffectiveAt string `json:"effective_at"`
	Field       string `json:"field"`
}

// Run imports every record of r, reporting progress to stdout every 500
// records (total is the number of lines, for the report; 0 if unknown).
// A bad record is reported and skipped; nothing already stored is lost.
func (im *Importer) Run(ctx context.Context, r io.Reader, total int, stdout io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	counts := map[content.Imported]int{}
	var bad int
	start := time.Now()
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.ID == "" {
			bad++
			fmt.Fprintf(stdout, "dòng %d: bỏ qua, không phải một bản ghi hợp lệ\n", line)
			continue
		}
		outcome, err := im.one(ctx, r)
		if err != nil {
			bad++
			fmt.Fprintf(stdout, "dòng %d (%s): bỏ qua: %v\n", line, r.ID, err)
			continue
		}
		counts[outcome]++
		if line%500 == 0 || (total > 0 && line == total) {
			rate := float64(line) / time.Since(start).Seconds()
			fmt.Fprintf(stdout, "đã xử lý %d/%d bản ghi (%.0f bản ghi/giây)\n", line, total, rate)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("đọc tệp: %w", err)
	}
	fmt.Fprintf(stdout, "Xong trong %s: %d mới, %d cập nhật, %d không đổi, %d bỏ qua — vào trang %s.\n",
		time.Since(start).Round(time.Millisecond), counts[content.Created], counts[content.Updated], counts[content.Unchanged], bad, im.SiteCode)
	return nil
}

// one imports a record and, for a legal document, its metadata.
func (im *Importer) one(ctx context.Context, r record) (content.Imported, error) {
	e := content.Edit{Kind: content.Article, Title: r.Title, Summary: r.Summary, Body: paragraphs(r.Body),
		Author: r.Source, Source: r.SourceURL}
	published := parseDay(r.PublishedAt)
	if im.Kind == "legal" {
		source := firstNonEmpty(r.Issuer, "—")
		if r.Number != "" {
			source += ", số " + r.Number
		}
		e = content.Edit{Kind: content.Legal, Title: firstNonEmpty(r.Title, r.Number, r.ID), Summary: r.Title,
			Body: vn.ParseLegal(r.Body).HTML(), Author: firstNonEmpty(r.Issuer, "—"), Source: source}
		published = parseDay(r.IssuedAt)
	}
	e.CategoryID = im.CategoryID
	if im.Kind == "news" && strings.TrimSpace(r.Category) != "" {
		id, err := im.category(ctx, r.Category)
		if err != nil {
			return 0, err
		}
		e.CategoryID = id
	}
	if e.Source == "" {
		e.Source = firstNonEmpty(r.Source, "—")
	}
	if e.Author == "" {
		e.Author = "—"
	}
	id, outcome, err := im.Content.Import(ctx, im.SiteID, r.ID, e, published, im.Actor)
	if err != nil || im.Kind != "legal" {
		return outcome, err
	}
	return outcome, im.Legal.Save(ctx, legal.Doc{ItemID: id, Number: r.Number, Type: r.Type, Issuer: r.Issuer,
		Signer: r.Signer, Field: r.Field, Issued: dayOrEmpty(r.IssuedAt), Effective: dayOrEmpty(r.EffectiveAt)})
}

// category finds the site's category for a record's category name by
// its slug ("Giáo dục" → giao-duc), creating it on first use — an archive
// moved from an older portal keeps its sections — outside the menu until
// an editor places it.
func (im *Importer) category(ctx context.Context, name string) (int64, error) {
	name = vn.Clean(name)
	if id, ok := im.categories[name]; ok {
		return id, nil
	}
	slug := vn.Slug(name)
	if slug == "" { // a name of punctuation only ("—"): the default section
		return im.CategoryID, nil
	}
	c, err := im.Content.CategoryBySlug(ctx, im.SiteID, slug)
	if err != nil {
		if apperr.KindOf(err) != apperr.NotFound {
			return 0, err
		}
		c = &content.Category{SiteID: im.SiteID, Slug: slug, Name: name}
		if err := im.Content.SaveCategory(ctx, c, im.Actor); err != nil {
			return 0, fmt.Errorf("chuyên mục %q: %w", name, err)
		}
	}
	if im.categories == nil {
		im.categories = map[string]int64{}
	}
	im.categories[name] = c.ID
	return c.ID, nil
}

// paragraphs turns plain text with line breaks into escaped paragraphs.
func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
		}
	}
	return b.String()
}

func parseDay(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(s), vn.ICT); err == nil {
			return t
		}
	}
	return time.Time{}
}

func dayOrEmpty(s string) string {
	if t := parseDay(s); !t.IsZero() {
		return t.Format("2006-01-02")
	}
	return ""
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
