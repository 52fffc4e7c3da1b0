package merge

import (
	"context"
	"fmt"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/mail"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// The information a portal must publish beyond its items (issue 20) and
// the royalties of its items (issue 19) follow the merged site too:
// without them the old addresses of its procedures, channels, disclosure
// catalogue and leaders' schedule would lead, through the site's 301, to
// pages that do not hold them.

// countPublic fills the counts of that information.
func (sp *SourcePlan) countPublic(ctx context.Context, q querier, _ Mode, target, src *site.Site) error {
	c := &sp.Counts
	for _, x := range []struct {
		n    *int
		sql  string
		args []any
	}{
		{&c.Procedures, `SELECT COUNT(*) FROM procedures WHERE site_id = ?`, []any{src.ID}},
		{&c.ProceduresShared, `SELECT COUNT(*) FROM procedures s WHERE s.site_id = ?
			AND EXISTS (SELECT 1 FROM procedures t WHERE t.site_id = ? AND t.code = s.code)`, []any{src.ID, target.ID}},
		{&c.Channels, `SELECT COUNT(*) FROM official_channels WHERE site_id = ?`, []any{src.ID}},
		{&c.Disclosure, `SELECT COUNT(*) FROM disclosure_entries WHERE site_id = ?`, []any{src.ID}},
		{&c.ScheduleEntries, `SELECT COUNT(*) FROM schedule_entries WHERE site_id = ?`, []any{src.ID}},
		{&c.Subscribers, `SELECT COUNT(*) FROM subscribers WHERE site_id = ? AND state = 'active'`, []any{src.ID}},
		{&c.RoyaltyLines, `SELECT COUNT(*) FROM royalty_lines WHERE site_id = ?`, []any{src.ID}},
	} {
		if err := q.QueryRow(ctx, x.sql, x.args...).Scan(x.n); err != nil {
			return fmt.Errorf("count (%s): %w", x.sql, err)
		}
	}
	if c.ProceduresShared > 0 {
		sp.Conflicts = append(sp.Conflicts, apperr.Msg{
			VI: fmt.Sprintf("%d thủ tục hành chính cùng mã đã có trên %s: giữ bản của trang nhận, số liệu hồ sơ của %s được cộng vào; bản cũ lưu cùng trang được sáp nhập.", c.ProceduresShared, target.Name, src.Name),
			EN: fmt.Sprintf("%d procedures of the same code are already on %s: the receiving site's stays, %s's dossier figures are added to it; the old copy stays with the merged site.", c.ProceduresShared, target.DisplayName("en"), src.DisplayName("en"))})
	}
	return nil
}

// applyPublic moves that information, in either mode:
//   - procedures: one whose code the receiving site lists stays with the
//     merged site, marked removed, and its yearly dossier figures are added
//     to the receiving site's (the merged unit's dossiers are now the
//     receiving unit's to report); the others move;
//   - official channels: the ones the receiving site does not list move
//     (citizens check an account against the list of the site they reach);
//   - the disclosure catalogue moves; the contact point passes only when
//     the receiving site has none;
//   - the leaders' schedule: entries and changes move, and a week the
//     receiving site has not started takes the merged site's published state;
//   - subscribers: a subscription the reader already holds on the receiving
//     site is dropped, the others move (their sections were mapped with the
//     categories) and each active one is told, with the unsubscribe link;
//   - royalty proposals and lines follow their items: the receiving site's
//     accountant pays what is still to pay.
func (m *Merger) applyPublic(ctx context.Context, tx *store.Tx, o Order, target *site.Site, sp *SourcePlan) error {
	src, now := sp.Site, m.now().UTC()
	if err := m.tellSubscribers(ctx, tx, o, target, src); err != nil {
		return err
	}
	for _, x := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO procedure_stats (procedure_id, year, received_online, received_total, resolved, resolved_on_time, updated_at)
			SELECT t.id, st.year, st.received_online, st.received_total, st.resolved, st.resolved_on_time, ?
			FROM procedure_stats st JOIN procedures s ON s.id = st.procedure_id JOIN procedures t ON t.site_id = ? AND t.code = s.code
			WHERE s.site_id = ?
			ON CONFLICT (procedure_id, year) DO UPDATE SET received_online = procedure_stats.received_online + excluded.received_online,
				received_total = procedure_stats.received_total + excluded.received_total, resolved = procedure_stats.resolved + excluded.resolved,
				resolved_on_time = procedure_stats.resolved_on_time + excluded.resolved_on_time, updated_at = excluded.updated_at`,
			[]any{now, target.ID, src.ID}},
		{`DELETE FROM procedure_stats WHERE procedure_id IN (SELECT s.id FROM procedures s WHERE s.site_id = ?
			AND EXISTS (SELECT 1 FROM procedures t WHERE t.site_id = ? AND t.code = s.code))`, []any{src.ID, target.ID}},
		{`UPDATE procedures SET removed_at = COALESCE(removed_at, ?) WHERE site_id = ?
			AND EXISTS (SELECT 1 FROM procedures t WHERE t.site_id = ? AND t.code = procedures.code)`, []any{now, src.ID, target.ID}},
		{`UPDATE procedures SET site_id = ? WHERE site_id = ?
			AND NOT EXISTS (SELECT 1 FROM procedures t WHERE t.site_id = ? AND t.code = procedures.code)`, []any{target.ID, src.ID, target.ID}},
		{`UPDATE official_channels SET site_id = ? WHERE site_id = ?
			AND NOT EXISTS (SELECT 1 FROM official_channels t WHERE t.site_id = ? AND t.link = official_channels.link)`, []any{target.ID, src.ID, target.ID}},
		{`UPDATE disclosure_entries SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
		{`UPDATE disclosure_contacts SET site_id = ? WHERE site_id = ?
			AND NOT EXISTS (SELECT 1 FROM disclosure_contacts t WHERE t.site_id = ?)`, []any{target.ID, src.ID, target.ID}},
		{`INSERT INTO schedule_weeks (site_id, week_start, published_at, published_by_name, created_at)
			SELECT ?, s.week_start, s.published_at, s.published_by_name, s.created_at FROM schedule_weeks s
			WHERE s.site_id = ? AND NOT EXISTS (SELECT 1 FROM schedule_weeks t WHERE t.site_id = ? AND t.week_start = s.week_start)`,
			[]any{target.ID, src.ID, target.ID}},
		{`DELETE FROM schedule_weeks WHERE site_id = ?`, []any{src.ID}},
		{`UPDATE schedule_entries SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
		{`UPDATE schedule_changes SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
		{`DELETE FROM subscribers WHERE site_id = ? AND EXISTS (SELECT 1 FROM subscribers t WHERE t.site_id = ?
			AND COALESCE(t.category_id, 0) = COALESCE(subscribers.category_id, 0) AND t.email = subscribers.email)`, []any{src.ID, target.ID}},
		{`UPDATE subscribers SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
		{`UPDATE royalty_proposals SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
		{`UPDATE royalty_lines SET site_id = ? WHERE site_id = ?`, []any{target.ID, src.ID}},
	} {
		if _, err := tx.Exec(ctx, x.sql, x.args...); err != nil {
			return fmt.Errorf("%s: %w", x.sql, err)
		}
	}
	return nil
}

// tellSubscribers writes, within the transaction, to each confirmed
// subscriber of the merged site whose subscription moves: whose news the
// mails now bring, and how to stop them. A subscription the reader already
// holds on the receiving site is dropped without a letter: nothing changes
// for them.
func (m *Merger) tellSubscribers(ctx context.Context, tx *store.Tx, o Order, target, src *site.Site) error {
	if m.mail == nil {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT s.email, s.lang, s.unsub_token, COALESCE(c.name, ''), COALESCE(c.name_en, '') FROM subscribers s
		LEFT JOIN categories c ON c.id = s.category_id
		WHERE s.site_id = ? AND s.state = 'active' AND NOT EXISTS (SELECT 1 FROM subscribers t WHERE t.site_id = ?
			AND COALESCE(t.category_id, 0) = COALESCE(s.category_id, 0) AND t.email = s.email)
		ORDER BY s.id`, src.ID, target.ID)
	if err != nil {
		return err
	}
	type reader struct{ email, lang, token, section, sectionEN string }
	var list []reader
	for rows.Next() {
		var r reader
		if err := rows.Scan(&r.email, &r.lang, &r.token, &r.section, &r.sectionEN); err != nil {
			rows.Close()
			return err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range list {
		unsub := m.link(target.ID, "/nhan-tin-moi/huy/"+r.token)
		msg := mail.Message{To: r.email, Unsubscribe: unsub}
		if r.lang == "en" {
			what := target.DisplayName("en") + "'s new items"
			if r.sectionEN != "" || r.section != "" {
				what = "new items of the section “" + firstNonEmpty(r.sectionEN, r.section) + "” on " + target.DisplayName("en")
			}
			msg.Subject = src.DisplayName("en") + " is now part of " + target.DisplayName("en")
			msg.Text = "Dear reader,\n\nBy Decision No. " + o.DecisionNo + " of " + o.EffectiveAt.In(vn.ICT).Format("2 January 2006") + ", " +
				src.DisplayName("en") + " was merged into " + target.DisplayName("en") + ".\n\n" +
				"You subscribed to news from " + src.DisplayName("en") + ". From now on the mails bring you " + what + ".\n\n" +
				"To stop them, open: " + unsub + "\n\n" + target.DisplayName("en")
		} else {
			what := "tin mới của " + target.Name
			if r.section != "" {
				what = "tin mới của chuyên mục “" + r.section + "” trên " + target.Name
			}
			msg.Subject = src.Name + " nay thuộc " + target.Name
			msg.Text = "Kính gửi bạn đọc,\n\n" +
				"Theo Quyết định số " + o.DecisionNo + " " + vn.DateWords(o.EffectiveAt.In(vn.ICT)) + ", " + src.Name + " được sáp nhập vào " + target.Name + ".\n\n" +
				"Bạn đã đăng ký nhận tin của " + src.Name + ". Từ nay thư gửi bạn là " + what + ".\n\n" +
				"Nếu không muốn nhận nữa, bạn hủy đăng ký tại: " + unsub + "\n\n" + target.Name
		}
		if err := m.mail.Enqueue(ctx, tx, msg); err != nil {
			return fmt.Errorf("letter to a subscriber: %w", err)
		}
	}
	return nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
