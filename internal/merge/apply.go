package merge

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/content"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// mergeOne passes src to target in one transaction: the plan is worked
// out again inside it, so that what moves is what the site holds at that
// moment, and the site is marked merged in the same transaction. A site
// this merge has already done is left alone.
func (m *Merger) mergeOne(ctx context.Context, rec *Record, o Order, target, src *site.Site, by audit.Actor) (*SourcePlan, error) {
	var sp *SourcePlan
	err := m.db.InTx(ctx, func(tx *store.Tx) error {
		var done sql.NullTime
		if err := tx.QueryRow(ctx, `SELECT done_at FROM site_merge_sources WHERE merge_id = ? AND site_id = ?`, rec.ID, src.ID).Scan(&done); err != nil {
			return err
		}
		if done.Valid {
			sp = &SourcePlan{Site: src, Done: true}
			return nil
		}
		var merged sql.NullInt64
		if err := tx.QueryRow(ctx, `SELECT merged_into FROM sites WHERE id = ?`, src.ID).Scan(&merged); err != nil {
			return err
		}
		if merged.Valid && merged.Int64 != target.ID {
			return fmt.Errorf("%s was merged into site %d meanwhile", src.Code, merged.Int64)
		}
		var err error
		if sp, err = planSource(ctx, tx, o.Mode, target, src, m.now()); err != nil {
			return err
		}
		if sp.Done {
			_, err = tx.Exec(ctx, `UPDATE site_merge_sources SET done_at = ? WHERE merge_id = ? AND site_id = ?`, m.now().UTC(), rec.ID, src.ID)
			return err
		}
		return m.apply(ctx, tx, rec, o, target, sp, by)
	})
	return sp, err
}

// apply carries out sp within tx, step by step; each step names itself
// so that a test can stop the transaction there, as a crash would.
func (m *Merger) apply(ctx context.Context, tx *store.Tx, rec *Record, o Order, target *site.Site, sp *SourcePlan, by audit.Actor) error {
	src, now := sp.Site, m.now().UTC()
	steps := []struct {
		name string
		fn   func() error
	}{
		{"categories", func() error { return sp.applyCategories(ctx, tx, o.Mode, target) }},
		{"items", func() error { return sp.applyItems(ctx, tx, target) }},
		{"media", func() error { return sp.applyMedia(ctx, tx, target) }},
		{"senders", func() error { return m.tellSenders(ctx, tx, o, target, src) }},
		{"tables", func() error { return moveTables(ctx, tx, target.ID, src.ID) }},
		{"reports", func() error { return sp.applyReports(ctx, tx, target) }},
		{"public", func() error { return m.applyPublic(ctx, tx, o, target, sp) }},
		{"slugs", func() error { return sp.applySlugs(ctx, tx, target) }},
		{"roles", func() error { return sp.applyRoles(ctx, tx, target, now) }},
		{"site", func() error {
			if err := sp.savePaths(ctx, tx); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE sites SET status = 'archived', archived_at = COALESCE(archived_at, ?), merged_into = ?, merged_at = ?,
				is_main = FALSE WHERE id = ?`, now, target.ID, now, src.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE site_merge_sources SET done_at = ? WHERE merge_id = ? AND site_id = ?`, now, rec.ID, src.ID); err != nil {
				return err
			}
			return audit.Record(ctx, tx, by.Entry("site.merge.source", target.ID, src.Code, sp.detail(o, target)))
		}},
	}
	for _, st := range steps {
		if err := st.fn(); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
		if m.fail != nil {
			if err := m.fail(st.name); err != nil {
				return err
			}
		}
	}
	return nil
}

func (sp *SourcePlan) applyCategories(ctx context.Context, tx *store.Tx, mode Mode, target *site.Site) error {
	var last int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(position), 0) FROM categories WHERE site_id = ?`, target.ID).Scan(&last); err != nil {
		return err
	}
	for _, c := range sp.cats {
		if c.into != 0 { // joins the receiving site's section of the same address
			// (a subscription to it follows it; applyPublic drops one the
			// reader already holds there)
			for _, q := range []string{`UPDATE items SET category_id = ? WHERE category_id = ?`, `UPDATE subscribers SET category_id = ? WHERE category_id = ?`} {
				if _, err := tx.Exec(ctx, q, c.into, c.id); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `DELETE FROM categories WHERE id = ?`, c.id); err != nil {
				return err
			}
			continue
		}
		slug := c.slug
		if c.newSlug != "" {
			slug = c.newSlug
		}
		archive := mode == Archive
		if _, err := tx.Exec(ctx, `UPDATE categories SET site_id = ?, slug = ?, name = ?, name_en = ?, position = position + ?,
			in_menu = in_menu AND NOT ?, home_block = home_block AND NOT ? WHERE id = ?`,
			target.ID, slug, c.name, c.nameEN, last+1, archive, archive, c.id); err != nil {
			return err
		}
	}
	return nil
}

func (sp *SourcePlan) applyItems(ctx context.Context, tx *store.Tx, target *site.Site) error {
	src := sp.Site
	for _, mv := range sp.items {
		if mv.dupOf != 0 {
			// The receiving site's copy of the imported document stays the
			// public one; this copy is kept, offline, with its history.
			if _, err := tx.Exec(ctx, `UPDATE items SET live = FALSE, source_id = '' WHERE id = ?`, mv.id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE legal_docs SET live = FALSE WHERE item_id = ?`, mv.id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE search_docs SET live = FALSE WHERE item_id = ?`, mv.id); err != nil {
				return err
			}
		}
		if mv.newSlug != "" {
			if _, err := tx.Exec(ctx, `UPDATE items SET slug = ? WHERE id = ?`, mv.newSlug, mv.id); err != nil {
				return err
			}
			url := (&content.Item{Kind: mv.kind, Lang: mv.lang, Slug: mv.newSlug}).URL()
			if _, err := tx.Exec(ctx, `UPDATE search_docs SET url = ? WHERE item_id IN (?, ?)`, url, mv.id, -mv.id); err != nil {
				return err
			}
		}
	}
	// Former slugs the receiving site uses stay behind as paths (savePaths).
	for _, h := range sp.history {
		if !h.keep {
			if _, err := tx.Exec(ctx, `DELETE FROM slug_history WHERE site_id = ? AND lang = ? AND slug = ?`, src.ID, h.lang, h.slug); err != nil {
				return err
			}
		}
	}
	// An item published before the merge keeps the merged site as its
	// publisher (an item merged twice, the first): its page names it.
	if _, err := tx.Exec(ctx, `UPDATE items SET origin_site_id = site_id WHERE site_id = ? AND origin_site_id IS NULL
		AND first_published_at IS NOT NULL`, src.ID); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE items SET site_id = ? WHERE site_id = ?`,
		`UPDATE slug_history SET site_id = ? WHERE site_id = ?`,
		`UPDATE legal_docs SET site_id = ? WHERE site_id = ?`,
		`UPDATE search_docs SET site_id = ? WHERE site_id = ?`,
		`UPDATE post_checks SET site_id = ? WHERE site_id = ?`,
		`UPDATE error_reports SET site_id = ? WHERE site_id = ?`,
		`UPDATE prohibited_terms SET site_id = ? WHERE site_id = ?`,
		`UPDATE inbox SET from_site_id = ? WHERE from_site_id = ?`,
		`UPDATE inbox SET to_site_id = ? WHERE to_site_id = ?`,
		// Readers' ratings (and their comments, held or not) follow their
		// items. rating_marks stay as they are: a mark names no site, only
		// a hash of the day's salt, the reader's address and the item,
		// whose id the merge does not change; kept, they still refuse a
		// second rating of the same item by the same reader today, and
		// rating.Sweep deletes them with the day's salt as it does every
		// day's. Deleting them would only let those readers rate again.
		`UPDATE ratings SET site_id = ? WHERE site_id = ?`,
	} {
		if _, err := tx.Exec(ctx, q, target.ID, src.ID); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// applyMedia: a file both sites hold is the receiving site's row from
// now on (covers and consultation attachments follow); the rest moves.
func (sp *SourcePlan) applyMedia(ctx context.Context, tx *store.Tx, target *site.Site) error {
	for _, mv := range sp.media {
		for _, q := range []string{
			`UPDATE revisions SET cover_media_id = ? WHERE cover_media_id = ?`,
			`UPDATE consult_attachments SET media_id = ? WHERE media_id = ?`,
		} {
			if _, err := tx.Exec(ctx, q, mv.into, mv.id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM media_variants WHERE media_id = ?`, mv.id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM media WHERE id = ?`, mv.id); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `UPDATE media SET site_id = ? WHERE site_id = ?`, target.ID, sp.Site.ID)
	return err
}

// moveTables gives the receiving site what the merged one held and that
// keeps its address: the directory and spokespersons with the
// spokesperson's records (press conferences and briefings, unexpected
// events, questions from the press, correction requests: in either mode,
// as the directory, for the receiving site's annual report to count),
// feedback (its deadlines unchanged), consultations with their comments,
// the gazette, and the sites that named the merged one as parent.
//
// The quarterly reminders sent (spokes_reminders) stay with the merged
// site, whose row remains: they only stop a site's board being reminded
// twice in a quarter. Moved, the merged site's reminder would stand for
// one the receiving site's board never had and stop its reminder this
// quarter; the receiving site's own, and the conferences that pass to it,
// decide whether it is reminded.
func moveTables(ctx context.Context, tx *store.Tx, targetID, srcID int64) error {
	for _, q := range []string{
		`UPDATE directory_units SET site_id = ? WHERE site_id = ?`,
		`UPDATE directory_people SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokespersons SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokesperson_statements SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokes_conferences SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokes_events SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokes_questions SET site_id = ? WHERE site_id = ?`,
		`UPDATE spokes_corrections SET site_id = ? WHERE site_id = ?`,
		`UPDATE feedback_requests SET site_id = ? WHERE site_id = ?`,
		`INSERT INTO feedback_templates (site_id, category, body) SELECT ?, s.category, s.body FROM feedback_templates s
			WHERE s.site_id = ? AND NOT EXISTS (SELECT 1 FROM feedback_templates t WHERE t.site_id = ? AND t.category = s.category)`,
		`DELETE FROM feedback_templates WHERE site_id = ?`,
		`UPDATE gazette_docs SET site_id = ? WHERE site_id = ?`,
		`UPDATE sites SET parent_id = ? WHERE parent_id = ?`,
	} {
		var args []any
		switch {
		case strings.HasPrefix(q, "INSERT INTO feedback_templates"):
			args = []any{targetID, srcID, targetID}
		case strings.HasPrefix(q, "DELETE"):
			args = []any{srcID}
		default:
			args = []any{targetID, srcID}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	// The receiving site keeps its own gazette settings; the merged
	// site's pass to it only when it has none.
	var have int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM gazette_settings WHERE site_id = ?`, targetID).Scan(&have); err != nil {
		return err
	}
	q := `UPDATE gazette_settings SET site_id = ? WHERE site_id = ?`
	args := []any{targetID, srcID}
	if have > 0 {
		q, args = `DELETE FROM gazette_settings WHERE site_id = ?`, []any{srcID}
	}
	_, err := tx.Exec(ctx, q, args...)
	return err
}

// applyReports gives the receiving site the merged site's page counters
// and the subscriptions to its reports. A counted address that changed on
// the way (planViews) is counted under its new address; a day and address
// the receiving site has counted already gets the merged site's views
// added to its own (page_views is keyed by site, day and path). A view of
// a section that joined the receiving site's counts for that section. The
// receiving site's monthly sums (page_views_month) of the months the
// merged site counted are summed again from its page_views, and the merged
// site's dropped. A subscription the person already has to the receiving
// site's report is dropped; the others pass to it, with the period they
// last received.
// All of it runs in the site's transaction: a crash undoes it with the
// rest, and the re-run plans it again from what is left.
func (sp *SourcePlan) applyReports(ctx context.Context, tx *store.Tx, target *site.Site) error {
	src := sp.Site.ID
	// The months the merged site counted, whose sums the receiving site's
	// page_views_month gets again below.
	var months []string
	rows, err := tx.Query(ctx, `SELECT DISTINCT substr(day, 1, 7) FROM page_views WHERE site_id = ?`, src)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return err
		}
		months = append(months, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range sp.cats {
		if c.into != 0 {
			if _, err := tx.Exec(ctx, `UPDATE page_views SET category_id = ? WHERE site_id = ? AND category_id = ?`, c.into, src, c.id); err != nil {
				return err
			}
		}
	}
	// Within the merged site (day, path) is unique, so that no statement
	// below adds to the same row twice.
	for _, mv := range sp.views {
		if _, err := tx.Exec(ctx, `INSERT INTO page_views (site_id, day, path, item_id, category_id, views)
			SELECT ?, day, ?, item_id, category_id, views FROM page_views WHERE site_id = ? AND path = ?
			ON CONFLICT (site_id, day, path) DO UPDATE SET views = page_views.views + excluded.views`,
			target.ID, mv.new, src, mv.old); err != nil {
			return fmt.Errorf("page views of %s: %w", mv.old, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM page_views WHERE site_id = ? AND path = ?`, src, mv.old); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO page_views (site_id, day, path, item_id, category_id, views)
		SELECT ?, day, path, item_id, category_id, views FROM page_views WHERE site_id = ?
		ON CONFLICT (site_id, day, path) DO UPDATE SET views = page_views.views + excluded.views`, target.ID, src); err != nil {
		return fmt.Errorf("page views: %w", err)
	}
	// The monthly sums (report/rollup.go) of each month the merged site
	// counted, summed again from the receiving site's page_views: a row
	// added to one of its own keeps its own item and section.
	for _, m := range months {
		from, err := time.Parse("2006-01", m)
		if err != nil {
			return fmt.Errorf("page views: month %q: %w", m, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM page_views_month WHERE site_id = ? AND month = ?`, target.ID, m); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO page_views_month (site_id, month, item_id, category_id, views)
			SELECT site_id, ?, item_id, category_id, SUM(views) FROM page_views WHERE site_id = ? AND day >= ? AND day < ?
			GROUP BY site_id, item_id, category_id`,
			m, target.ID, from.Format(time.DateOnly), from.AddDate(0, 1, 0).Format(time.DateOnly)); err != nil {
			return fmt.Errorf("page views of %s: %w", m, err)
		}
	}
	for _, q := range []string{
		`DELETE FROM page_views WHERE site_id = ?`,
		`DELETE FROM page_views_month WHERE site_id = ?`,
		`DELETE FROM report_subscriptions WHERE site_id = ? AND EXISTS (SELECT 1 FROM report_subscriptions t
			WHERE t.site_id = ? AND t.user_id = report_subscriptions.user_id AND t.scope = report_subscriptions.scope AND t.period = report_subscriptions.period)`,
		`UPDATE report_subscriptions SET site_id = ? WHERE site_id = ?`,
	} {
		args := []any{src}
		switch {
		case strings.HasPrefix(q, "DELETE FROM report_subscriptions"):
			args = []any{src, target.ID}
		case strings.HasPrefix(q, "UPDATE"):
			args = []any{target.ID, src}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

// applySlugs renames the consultations and gazette issues whose address
// the receiving site uses, then moves them all.
func (sp *SourcePlan) applySlugs(ctx context.Context, tx *store.Tx, target *site.Site) error {
	for _, x := range []struct {
		table string
		moves []slugMove
	}{{"consult_drafts", sp.drafts}, {"gazette_issues", sp.issues}} {
		for _, mv := range x.moves {
			if _, err := tx.Exec(ctx, `UPDATE `+x.table+` SET slug = ? WHERE id = ?`, mv.newSlug, mv.id); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE `+x.table+` SET site_id = ? WHERE site_id = ?`, target.ID, sp.Site.ID); err != nil {
			return err
		}
	}
	return nil
}

// applyRoles gives each person the role planned on the receiving site.
func (sp *SourcePlan) applyRoles(ctx context.Context, tx *store.Tx, target *site.Site, now time.Time) error {
	for _, mv := range sp.Roles {
		if mv.To == "" {
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO site_roles (user_id, site_id, role, granted_at) SELECT ?, ?, ?, ?
			WHERE NOT EXISTS (SELECT 1 FROM site_roles WHERE user_id = ? AND site_id = ? AND role = ?)`,
			mv.UserID, target.ID, mv.To, now, mv.UserID, target.ID, mv.To); err != nil {
			return err
		}
	}
	_, err := tx.Exec(ctx, `DELETE FROM site_roles WHERE site_id = ?`, sp.Site.ID)
	return err
}

// tellSenders writes, within the transaction, to everyone whose request
// the merged site held and whose address is still kept: who handles it
// now; the deadline and the tracking link do not change.
func (m *Merger) tellSenders(ctx context.Context, tx *store.Tx, o Order, target, src *site.Site) error {
	if m.mail == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT code, email, title, answer_due, closed_at IS NULL FROM feedback_requests
		WHERE site_id = ? AND email <> '' AND erased_at IS NULL ORDER BY id`, src.ID)
	if err != nil {
		return err
	}
	type sender struct {
		code, email, title string
		due                time.Time
		open               bool
	}
	var list []sender
	for rows.Next() {
		var s sender
		if err := rows.Scan(&s.code, &s.email, &s.title, &s.due, &s.open); err != nil {
			rows.Close()
			return err
		}
		list = append(list, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	lookup := m.link(target.ID, "/phan-anh-kien-nghi/tra-cuu")
	for _, s := range list {
		due := ""
		if s.open {
			due = " Thời hạn trả lời không thay đổi: " + vn.DateWords(s.due.In(vn.ICT)) + "."
		}
		text := "Kính gửi ông/bà,\n\n" +
			"Theo Quyết định số " + o.DecisionNo + " " + vn.DateWords(o.EffectiveAt.In(vn.ICT)) + ", " + src.Name + " được sáp nhập vào " + target.Name + ".\n\n" +
			"Phản ánh, kiến nghị mã " + s.code + " (“" + s.title + "”) của ông/bà nay do " + target.Name + " tiếp nhận và xử lý." + due + "\n\n" +
			"Đường dẫn theo dõi ông/bà đã nhận vẫn dùng được. Ông/bà cũng có thể tra cứu bằng mã tại: " + lookup + "\n\n" +
			target.Name
		if err := m.mail.Enqueue(ctx, tx, mail.Message{To: s.email, Subject: "Phản ánh, kiến nghị " + s.code + " nay do " + target.Name + " xử lý", Text: text}); err != nil {
			return fmt.Errorf("letter for %s: %w", s.code, err)
		}
	}
	return nil
}

// savePaths keeps the addresses that changed, one row per old path.
func (sp *SourcePlan) savePaths(ctx context.Context, tx *store.Tx) error {
	seen := map[string]bool{}
	for _, p := range sp.Paths {
		if seen[p.Old] || p.Old == p.New {
			continue
		}
		seen[p.Old] = true
		if _, err := tx.Exec(ctx, `INSERT INTO site_merge_paths (site_id, old_path, new_path, prefix) VALUES (?, ?, ?, ?)`,
			sp.Site.ID, p.Old, p.New, p.Prefix); err != nil {
			return err
		}
	}
	return nil
}

// detail is the audit entry's text for one merged site.
func (sp *SourcePlan) detail(o Order, target *site.Site) string {
	c := sp.Counts
	return fmt.Sprintf("%s → %s (%s); QĐ %s ngày %s; %d bài (%d văn bản), %d chuyên mục, %d tệp, %d phản ánh, %d dự thảo, %d vai trò, "+
		"%d đánh giá, %d hồ sơ phát ngôn, %d lượt xem, %d đăng ký báo cáo (%d trùng, bỏ), %d thủ tục (%d trùng mã), %d kênh, "+
		"%d mục công khai, %d mục lịch công tác, %d người nhận tin, %d dòng nhuận bút; %d địa chỉ đổi; %d vướng mắc",
		sp.Site.Name, target.Name, o.Mode, o.DecisionNo, o.EffectiveAt.In(vn.ICT).Format("02/01/2006"), c.Items, c.Legal, c.Categories,
		c.Media, c.FeedbackOpen+c.FeedbackClosed, c.Drafts, c.Roles, c.Ratings, c.Conferences+c.Events+c.PressQuestions+c.Corrections,
		c.PageViews, c.Subscriptions, c.SubscriptionsDropped, c.Procedures, c.ProceduresShared, c.Channels,
		c.Disclosure, c.ScheduleEntries, c.Subscribers, c.RoyaltyLines, len(sp.Paths), len(sp.Conflicts))
}

// Summary is the merge's report in one line, for the audit log.
func (p *Plan) Summary() string {
	var parts []string
	for _, sp := range p.Sources {
		if sp.Done {
			parts = append(parts, sp.Site.Code+": đã sáp nhập trước")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %d bài, %d địa chỉ đổi, %d vướng mắc", sp.Site.Code, sp.Counts.Items, len(sp.Paths), len(sp.Conflicts)))
	}
	return fmt.Sprintf("→ %s (%s), QĐ %s: %s", p.Target.Code, p.Order.Mode, p.Order.DecisionNo, strings.Join(parts, "; "))
}
