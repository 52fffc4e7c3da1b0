package feedback

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// QA is a published question with its answer, without the sender's
// contacts: only the name they agreed to publish, or their initials.
type QA struct {
	ID          int64
	SiteID      int64
	Code        string
	Category    Category
	Title       string
	Question    string
	Answer      string
	Asker       string
	PublishedAt time.Time
	URL         string // site path of the Q&A page
}

// QAPath is the site path of a published answer.
func QAPath(code string) string { return "/hoi-dap/" + code }

// QAFilter narrows the public Q&A list.
type QAFilter struct {
	SiteID   int64 // 0: every site (for indexing)
	Query    string
	Category Category
	Page     int // from 1; past maxPage, maxPage (an empty page)
	PerPage  int
}

// maxPage is the last page Published reads: far past any site's answers,
// and (maxPage-1)*PerPage cannot overflow into a negative OFFSET, which
// PostgreSQL refuses.
const maxPage = 100000

// Published lists the published answers of a site, newest first, and how
// many there are. The query is matched without diacritics ("dat dai"
// finds "đất đai").
func (s *Store) Published(ctx context.Context, f QAFilter) ([]*QA, int, error) {
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 10
	}
	f.Page = min(max(f.Page, 1), maxPage)
	// Only the conditions asked for, so that the database sees the index
	// of a site's published answers (feedback_requests_qa).
	where := ` FROM feedback_requests WHERE state = 'published'`
	var args []any
	if f.SiteID != 0 {
		where += ` AND site_id = ?`
		args = append(args, f.SiteID)
	}
	if f.Category != "" {
		where += ` AND category = ?`
		args = append(args, f.Category)
	}
	if q := strings.TrimSpace(vn.Fold(vn.Clean(f.Query))); q != "" {
		r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
		where += ` AND folded LIKE ? ESCAPE '\'`
		args = append(args, "%"+r.Replace(q)+"%")
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, site_id, code, category, title, body, answer, name, initials, consent, published_at`+where+`
		ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?`, append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*QA
	for rows.Next() {
		var q QA
		var r Request
		if err := rows.Scan(&q.ID, &q.SiteID, &q.Code, &q.Category, &q.Title, &q.Question, &q.Answer, &r.Name, &r.Initials,
			&r.Consent, &q.PublishedAt); err != nil {
			return nil, 0, err
		}
		q.Asker, q.URL = r.PublicName(), QAPath(q.Code)
		out = append(out, &q)
	}
	return out, total, rows.Err()
}

// PublishedQA returns one published answer by tracking code.
func (s *Store) PublishedQA(ctx context.Context, siteID int64, code string) (*QA, error) {
	r, err := s.ByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if r.SiteID != siteID || r.State != Published {
		return nil, errNotFound
	}
	return &QA{ID: r.ID, SiteID: r.SiteID, Code: r.Code, Category: r.Category, Title: r.Title, Question: r.Body,
		Answer: r.Answer, Asker: r.PublicName(), PublishedAt: *r.PublishedAt, URL: QAPath(r.Code)}, nil
}

// ForIndex lists the published answers of every site for the search
// index, by id after after (0 for the first), at most limit: id, title,
// question, answer, published time, URL. Paged by id, so a rebuild
// reads each answer once, whatever the table holds.
func (s *Store) ForIndex(ctx context.Context, after int64, limit int) ([]*QA, error) {
	return s.qaRows(ctx, `id > ? AND state = 'published' ORDER BY id LIMIT ?`, after, limit)
}

// QAForIndex returns those of ids that are published answers now; the
// others (never published, or no longer) are for the index to drop.
func (s *Store) QAForIndex(ctx context.Context, ids ...int64) ([]*QA, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return s.qaRows(ctx, `id IN (`+store.Placeholders(len(ids))+`) AND state = 'published'`, args...)
}

func (s *Store) qaRows(ctx context.Context, cond string, args ...any) ([]*QA, error) {
	rows, err := s.db.Query(ctx, `SELECT id, site_id, code, category, title, body, answer, name, initials, consent, published_at
		FROM feedback_requests WHERE `+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*QA
	for rows.Next() {
		var q QA
		var r Request
		var pub sql.NullTime
		if err := rows.Scan(&q.ID, &q.SiteID, &q.Code, &q.Category, &q.Title, &q.Question, &q.Answer, &r.Name, &r.Initials,
			&r.Consent, &pub); err != nil {
			return nil, err
		}
		q.PublishedAt = pub.Time
		q.Asker, q.URL = r.PublicName(), QAPath(q.Code)
		out = append(out, &q)
	}
	return out, rows.Err()
}
