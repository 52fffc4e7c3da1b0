// Package merge joins sites into another when the administrative map
// changes (issue 17): communes into a new commune, a province's portal
// into the merged province's. Content, categories, legal documents, the
// directory and spokespersons, media, feedback, consultations, the
// gazette, users and roles and the search entries of each merged site
// pass to the receiving site, either joining its sections or kept as an
// archive section of it. The merged site's row stays, archived and
// pointing to the receiving site, so that its host and prefix keep
// answering 301 (site.Resolver.Moved); the addresses that changed on the
// way (a slug already taken, an archived section) are kept as a path map.
//
// A merge is previewed (counts, conflicts, the URL map, the roles) before
// it runs. Each merged site passes in one transaction, with its audit
// entry and the mail to its feedback senders: a crash leaves every site
// merged or not, and running the same merge again finishes the rest.
package merge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// Mode says what becomes of a merged site's sections.
type Mode string

// The modes of a merge.
const (
	// Move: the sections join the receiving site's (same address, same
	// section) or become sections of it.
	Move Mode = "move"
	// Archive: every section becomes an archive section of the receiving
	// site, named after the merged site, out of its menus.
	Archive Mode = "archive"
)

// Label is the mode's name for people.
func (m Mode) Label(lang string) string {
	if m == Archive {
		return apperr.Msg{VI: "Giữ thành chuyên mục lưu trữ", EN: "Keep as archive sections"}.In(lang)
	}
	return apperr.Msg{VI: "Chuyển vào các chuyên mục của trang nhận", EN: "Move into the receiving site's sections"}.In(lang)
}

// Order is what an administrator asks: which sites go into which, how,
// and the decision that ordered it.
type Order struct {
	Target       string   // the receiving site's code
	Sources      []string // the merged sites' codes
	Mode         Mode
	DecisionNo   string // e.g. "1234/QĐ-UBND"
	DecisionText string
	EffectiveAt  time.Time // the decision's date; the merge itself runs when asked
}

// Options are what a merger needs besides the database.
type Options struct {
	Now func() time.Time
	// Mail, when set, carries the letters to the senders of feedback the
	// merged sites held (in the merge's own transaction).
	Mail *mail.Outbox
	// Link turns a site's path into an absolute address for those
	// letters; by default the path stays as it is.
	Link func(siteID int64, path string) string
}

// Merger previews and runs merges.
type Merger struct {
	db    *store.DB
	sites *site.Sites
	mail  *mail.Outbox
	link  func(siteID int64, path string) string
	now   func() time.Time

	// fail, set by tests, makes the transaction of a site fail after the
	// step it names, as a crash there would.
	fail func(step string) error
}

// New returns a merger over db.
func New(db *store.DB, sites *site.Sites, o Options) *Merger {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Link == nil {
		o.Link = func(_ int64, p string) string { return p }
	}
	return &Merger{db: db, sites: sites, mail: o.Mail, link: o.Link, now: o.Now}
}

// Record is a merge as stored.
type Record struct {
	ID          int64
	TargetID    int64
	Mode        Mode
	DecisionNo  string
	Text        string
	EffectiveAt time.Time
	State       string // running | done
	CreatedAt   time.Time
	CreatedBy   string
	FinishedAt  *time.Time
	SourceIDs   []int64
}

// resolve checks o and finds its sites.
func (m *Merger) resolve(ctx context.Context, o *Order) (*site.Site, []*site.Site, error) {
	o.DecisionNo, o.DecisionText = vn.Clean(o.DecisionNo), vn.Clean(o.DecisionText)
	if o.Mode == "" {
		o.Mode = Move
	}
	switch {
	case o.Mode != Move && o.Mode != Archive:
		return nil, nil, apperr.Field("mode", "Hãy chọn cách sáp nhập: chuyển vào chuyên mục hoặc giữ thành chuyên mục lưu trữ.",
			"Choose how to merge: move into sections or keep as archive sections.")
	case len(o.Sources) == 0:
		return nil, nil, apperr.Field("sources", "Hãy chọn ít nhất một trang được sáp nhập.", "Choose at least one site to merge.")
	case o.DecisionNo == "" || len(o.DecisionNo) > 100:
		return nil, nil, apperr.Field("decision_no", "Hãy nhập số, ký hiệu của quyết định sáp nhập (tối đa 100 ký tự).",
			"Enter the number of the decision that orders the merge (at most 100 characters).")
	case len(o.DecisionText) > 2000:
		return nil, nil, apperr.Field("decision_text", "Trích yếu quyết định tối đa 2000 ký tự.", "The decision's summary is at most 2,000 characters.")
	}
	if o.EffectiveAt.IsZero() {
		o.EffectiveAt = m.now()
	}
	target, err := m.sites.ByCode(ctx, strings.TrimSpace(o.Target))
	if err != nil {
		return nil, nil, apperr.Field("target", "Không tìm thấy trang nhận: "+o.Target+".", "No receiving site "+o.Target+".")
	}
	if target.MergedInto != 0 || target.Status != site.Active {
		return nil, nil, apperr.Field("target", "Trang nhận phải là một trang đang hoạt động.", "The receiving site must be an active site.")
	}
	var sources []*site.Site
	seen := map[int64]bool{}
	for _, code := range o.Sources {
		st, err := m.sites.ByCode(ctx, strings.TrimSpace(code))
		if err != nil {
			return nil, nil, apperr.Field("sources", "Không tìm thấy trang: "+code+".", "No site "+code+".")
		}
		switch {
		case st.ID == target.ID:
			return nil, nil, apperr.Field("sources", "Không thể sáp nhập một trang vào chính nó.", "A site cannot be merged into itself.")
		case st.Main:
			return nil, nil, apperr.Field("sources", "Cổng chính không thể bị sáp nhập vào trang khác; hãy sáp nhập các trang khác vào cổng chính.",
				"The main portal cannot be merged into another site; merge the others into it.")
		case st.MergedInto != 0 && st.MergedInto != target.ID:
			return nil, nil, apperr.Field("sources", st.Name+" đã được sáp nhập vào trang khác.", st.Name+" was already merged into another site.")
		}
		if !seen[st.ID] {
			seen[st.ID] = true
			sources = append(sources, st)
		}
	}
	return target, sources, nil
}

// running finds a merge of the same sites into target not yet finished,
// so that running the order again after a crash resumes it.
func (m *Merger) running(ctx context.Context, targetID int64, sources []*site.Site) (*Record, error) {
	recs, err := m.records(ctx, `WHERE target_id = ? AND state = 'running'`, targetID)
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		for _, s := range sources {
			if slices.Contains(r.SourceIDs, s.ID) {
				return r, nil
			}
		}
	}
	return nil, nil
}

// Run merges the sources of o into its target and returns the plan as it
// was carried out. A merge of the same sites left running by a crash is
// resumed: the sites already merged are not touched again.
func (m *Merger) Run(ctx context.Context, o Order, by audit.Actor) (*Plan, error) {
	target, sources, err := m.resolve(ctx, &o)
	if err != nil {
		return nil, err
	}
	rec, err := m.running(ctx, target.ID, sources)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		if rec, err = m.begin(ctx, o, target, sources, by); err != nil {
			return nil, err
		}
	} else {
		o.Mode = rec.Mode // a resumed merge goes on as it began
	}
	plan := &Plan{Order: o, Target: target, Record: rec}
	for _, src := range sources {
		sp, err := m.mergeOne(ctx, rec, o, target, src, by)
		if err != nil {
			return nil, fmt.Errorf("merge %s into %s: %w", src.Code, target.Code, err)
		}
		plan.Sources = append(plan.Sources, sp)
	}
	now := m.now().UTC()
	err = m.db.InTx(ctx, func(tx *store.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE site_merges SET state = 'done', finished_at = ?, report = ? WHERE id = ? AND state = 'running'`,
			now, plan.Summary(), rec.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, by.Entry("site.merge", target.ID, target.Code, plan.Summary()))
	})
	if err != nil {
		return nil, fmt.Errorf("finish merge %d: %w", rec.ID, err)
	}
	rec.State, rec.FinishedAt = "done", &now
	return plan, nil
}

// begin records a new merge with its sources.
func (m *Merger) begin(ctx context.Context, o Order, target *site.Site, sources []*site.Site, by audit.Actor) (*Record, error) {
	rec := &Record{TargetID: target.ID, Mode: o.Mode, DecisionNo: o.DecisionNo, Text: o.DecisionText,
		EffectiveAt: o.EffectiveAt.UTC(), State: "running", CreatedAt: m.now().UTC(), CreatedBy: by.Name}
	err := m.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO site_merges (target_id, mode, decision_no, decision_text, effective_at, state, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, 'running', ?, ?) RETURNING id`, rec.TargetID, rec.Mode, rec.DecisionNo, rec.Text, rec.EffectiveAt,
			rec.CreatedAt, rec.CreatedBy).Scan(&rec.ID); err != nil {
			return err
		}
		for _, s := range sources {
			var done any
			if s.MergedInto == target.ID { // merged by an earlier order: nothing left to move
				done = rec.CreatedAt
			}
			if _, err := tx.Exec(ctx, `INSERT INTO site_merge_sources (merge_id, site_id, done_at) VALUES (?, ?, ?)`, rec.ID, s.ID, done); err != nil {
				return err
			}
			rec.SourceIDs = append(rec.SourceIDs, s.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record merge: %w", err)
	}
	return rec, nil
}

// Records lists the merges into a site (or all, siteID 0), newest first.
func (m *Merger) Records(ctx context.Context, siteID int64) ([]*Record, error) {
	if siteID == 0 {
		return m.records(ctx, ``)
	}
	return m.records(ctx, `WHERE target_id = ?`, siteID)
}

func (m *Merger) records(ctx context.Context, where string, args ...any) ([]*Record, error) {
	rows, err := m.db.Query(ctx, `SELECT id, target_id, mode, decision_no, decision_text, effective_at, state, created_at, created_by, finished_at
		FROM site_merges `+where+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("site merges: %w", err)
	}
	var out []*Record
	for rows.Next() {
		var r Record
		var fin sql.NullTime
		if err := rows.Scan(&r.ID, &r.TargetID, &r.Mode, &r.DecisionNo, &r.Text, &r.EffectiveAt, &r.State, &r.CreatedAt, &r.CreatedBy, &fin); err != nil {
			rows.Close()
			return nil, err
		}
		if fin.Valid {
			r.FinishedAt = &fin.Time
		}
		out = append(out, &r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		srows, err := m.db.Query(ctx, `SELECT site_id FROM site_merge_sources WHERE merge_id = ? ORDER BY site_id`, r.ID)
		if err != nil {
			return nil, err
		}
		for srows.Next() {
			var id int64
			if err := srows.Scan(&id); err != nil {
				srows.Close()
				return nil, err
			}
			r.SourceIDs = append(r.SourceIDs, id)
		}
		srows.Close()
	}
	return out, nil
}

// errStop is what a test's fail hook returns to stand for a crash.
var errStop = errors.New("merge: stopped by a test")
