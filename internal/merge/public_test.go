package merge

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// publicFixture gives the department what a portal publishes besides its
// items: a procedure of its own and one of a code the province lists
// (each with 2025's figures), a channel of its own and one the province
// lists, a disclosure entry and its contact point, a published week of
// its leaders' schedule, three subscribers (one to the whole site, one to
// the section that joins the province's, one the province has already)
// and an approved royalty proposal of one of its items.
func publicFixture(t *testing.T, f *fixture) (sharedCode string) {
	t.Helper()
	ctx := context.Background()
	db, dept, main := f.db, f.dept.ID, f.main.ID
	now := time.Now().UTC()
	if err := db.QueryRow(ctx, `SELECT code FROM procedures WHERE site_id = ? ORDER BY id LIMIT 1`, main).Scan(&sharedCode); err != nil {
		t.Fatalf("the province lists no procedure: %v", err)
	}
	for _, code := range []string{"9.999001", sharedCode} {
		exec(t, db, `INSERT INTO procedures (site_id, code, name, field, level, agency, service_level, created_at, updated_at)
			VALUES (?, ?, 'Thủ tục thử của Sở', 'Khoa học', 'tinh', 'Sở Khoa học và Công nghệ', 'toan-trinh', ?, ?)`, dept, code, now, now)
		exec(t, db, `INSERT INTO procedure_stats (procedure_id, year, received_online, received_total, resolved, resolved_on_time, updated_at)
			SELECT id, 2025, 3, 5, 4, 4, ? FROM procedures WHERE site_id = ? AND code = ?`, now, dept, code)
	}
	exec(t, db, `INSERT INTO procedure_stats (procedure_id, year, received_online, received_total, resolved, resolved_on_time, updated_at)
		SELECT id, 2025, 10, 20, 20, 19, ? FROM procedures WHERE site_id = ? AND code = ?
		ON CONFLICT (procedure_id, year) DO UPDATE SET received_online = 10, received_total = 20, resolved = 20, resolved_on_time = 19`, now, main, sharedCode)
	var mainLink string
	if err := db.QueryRow(ctx, `SELECT link FROM official_channels WHERE site_id = ? ORDER BY id LIMIT 1`, main).Scan(&mainLink); err != nil {
		t.Fatalf("the province lists no channel: %v", err)
	}
	for _, link := range []string{"https://zalo.me/so-khcn-thu", mainLink} {
		exec(t, db, `INSERT INTO official_channels (site_id, kind, name, link, verified_on, created_at, updated_at)
			VALUES (?, 'social', 'Kênh của Sở', ?, '2026-01-05', ?, ?)`, dept, link, now, now)
	}
	exec(t, db, `INSERT INTO disclosure_entries (site_id, name, form, published_on, created_at, updated_at)
		VALUES (?, 'Kế hoạch thử của Sở', 'Đăng trên cổng', '2026-01-05', ?, ?)`, dept, now, now)
	exec(t, db, `DELETE FROM disclosure_contacts WHERE site_id = ?`, dept)
	exec(t, db, `INSERT INTO disclosure_contacts (site_id, updated_at) VALUES (?, ?)`, dept, now)
	exec(t, db, `INSERT INTO schedule_weeks (site_id, week_start, published_at, published_by_name, created_at) VALUES (?, '2020-01-06', ?, 'Thư ký', ?)`, dept, now, now)
	exec(t, db, `INSERT INTO schedule_entries (site_id, week_start, day, start_time, leader_name, content, created_at, updated_at)
		VALUES (?, '2020-01-06', '2020-01-07', '08:00', 'Giám đốc Sở', 'Họp giao ban thử', ?, ?)`, dept, now, now)
	var joined int64 // a section of the department's whose address the province has
	if err := db.QueryRow(ctx, `SELECT d.id FROM categories d JOIN categories m ON m.site_id = ? AND m.slug = d.slug WHERE d.site_id = ? ORDER BY d.id LIMIT 1`,
		main, dept).Scan(&joined); err != nil {
		t.Fatalf("no section of the same address: %v", err)
	}
	for i, x := range []struct {
		site, cat int64
		email     string
	}{{dept, 0, "ban-doc@example.vn"}, {dept, joined, "muc@example.vn"}, {dept, 0, "ca-hai@example.vn"}, {main, 0, "ca-hai@example.vn"}} {
		var cat any
		if x.cat != 0 {
			cat = x.cat
		}
		tok := "tok" + string(rune('a'+i))
		exec(t, db, `INSERT INTO subscribers (site_id, category_id, email, lang, state, confirm_hash, unsub_token, consent_text, consent_at, requested_at, mailed_at, confirmed_at)
			VALUES (?, ?, ?, 'vi', 'active', ?, ?, 'Tôi đồng ý', ?, ?, ?, ?)`, x.site, cat, x.email, "h"+tok, tok, now, now, now, now)
	}
	exec(t, db, `INSERT INTO royalty_proposals (site_id, item_id, state, published_at, pub_day, schedule_code, base_salary, proposed_at)
		VALUES (?, ?, 'approved', ?, '2026-08-03', 'nd18-2014', 2530000, ?)`, dept, f.clash, now, now)
	exec(t, db, `INSERT INTO royalty_lines (proposal_id, site_id, work_no, author_name, kind, coefficient, share_bp)
		SELECT MAX(id), ?, 1, 'Tác giả thử', 'tin', 500, 10000 FROM royalty_proposals WHERE site_id = ?`, dept, dept)
	return sharedCode
}

func TestMergeCarriesPublicInformation(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		shared := publicFixture(t, f)
		dept, main := f.dept.ID, f.main.ID
		mailBefore := one(t, db, `SELECT COALESCE(MAX(id), 0) FROM mail_outbox`)
		channels := one(t, db, `SELECT COUNT(*) FROM official_channels WHERE site_id = ?`, dept)
		sharedChannels := one(t, db, `SELECT COUNT(*) FROM official_channels d WHERE d.site_id = ?
			AND EXISTS (SELECT 1 FROM official_channels m WHERE m.site_id = ? AND m.link = d.link)`, dept, main)
		mainContact := one(t, db, `SELECT COUNT(*) FROM disclosure_contacts WHERE site_id = ?`, main)

		p, err := f.m.Preview(ctx, f.order())
		if err != nil {
			t.Fatal(err)
		}
		c := p.Sources[0].Counts
		if c.Procedures != 2 || c.ProceduresShared != 1 || c.Channels != channels || c.Disclosure != 1 || c.ScheduleEntries != 1 || c.Subscribers != 3 || c.RoyaltyLines != 1 {
			t.Errorf("preview counts = %+v; want 2 procedures (1 shared), %d channels, 1 disclosure entry, 1 schedule entry, 3 subscribers, 1 royalty line", c, channels)
		}
		var said bool
		for _, m := range p.Sources[0].Conflicts {
			said = said || strings.Contains(m.VI, "thủ tục hành chính cùng mã")
		}
		if !said {
			t.Errorf("the preview does not name the shared procedure: %v", p.Sources[0].Conflicts)
		}
		if _, err := f.m.Run(ctx, f.order(), audit.CLI); err != nil {
			t.Fatal(err)
		}
		// The procedure of its own moved; the shared one stayed, removed,
		// its figures added to the province's (10+3, 20+5, 20+4, 19+4).
		if n := one(t, db, `SELECT COUNT(*) FROM procedures WHERE site_id = ? AND code = '9.999001' AND removed_at IS NULL`, main); n != 1 {
			t.Errorf("the department's own procedure is not on the province's site")
		}
		if n := one(t, db, `SELECT COUNT(*) FROM procedures WHERE site_id = ? AND code = ? AND removed_at IS NOT NULL`, dept, shared); n != 1 {
			t.Errorf("the shared procedure's old copy is not kept, removed, with the merged site")
		}
		var on, total, res, onTime int
		if err := db.QueryRow(ctx, `SELECT st.received_online, st.received_total, st.resolved, st.resolved_on_time FROM procedure_stats st
			JOIN procedures p ON p.id = st.procedure_id WHERE p.site_id = ? AND p.code = ? AND st.year = 2025`, main, shared).Scan(&on, &total, &res, &onTime); err != nil ||
			on != 13 || total != 25 || res != 24 || onTime != 23 {
			t.Errorf("the shared procedure's 2025 figures = %d %d %d %d, %v; want 13 25 24 23", on, total, res, onTime, err)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM procedure_stats st JOIN procedures p ON p.id = st.procedure_id WHERE p.site_id = ?`, dept); n != 0 {
			t.Errorf("%d figures counted twice (left on the merged site)", n)
		}
		for _, x := range []struct {
			what     string
			sql      string
			deptLeft int
		}{
			{"the channel of its own", `SELECT COUNT(*) FROM official_channels WHERE site_id = ? AND link = 'https://zalo.me/so-khcn-thu'`, 0},
			{"the disclosure entry", `SELECT COUNT(*) FROM disclosure_entries WHERE site_id = ? AND name = 'Kế hoạch thử của Sở'`, 0},
			{"the schedule entry", `SELECT COUNT(*) FROM schedule_entries WHERE site_id = ? AND content = 'Họp giao ban thử'`, 0},
			{"the schedule's published week", `SELECT COUNT(*) FROM schedule_weeks WHERE site_id = ? AND week_start = '2020-01-06' AND published_at IS NOT NULL`, 0},
			{"the royalty line", `SELECT COUNT(*) FROM royalty_lines WHERE site_id = ? AND author_name = 'Tác giả thử'`, 0},
			{"the royalty proposal", `SELECT COUNT(*) FROM royalty_proposals WHERE site_id = ? AND item_id = ` + strconv.FormatInt(f.clash, 10), 0},
			{"the whole-site subscriber", `SELECT COUNT(*) FROM subscribers WHERE site_id = ? AND email = 'ban-doc@example.vn' AND category_id IS NULL`, 0},
		} {
			if n := one(t, db, x.sql, main); n != 1 {
				t.Errorf("%s: %d on the receiving site", x.what, n)
			}
			if n := one(t, db, x.sql, dept); n != x.deptLeft {
				t.Errorf("%s: %d left on the merged site", x.what, n)
			}
		}
		if n := one(t, db, `SELECT COUNT(*) FROM subscribers s JOIN categories c ON c.id = s.category_id WHERE s.email = 'muc@example.vn' AND s.site_id = ? AND c.site_id = ?`, main, main); n != 1 {
			t.Errorf("the section subscriber does not follow the joined section")
		}
		if n := one(t, db, `SELECT COUNT(*) FROM subscribers WHERE email = 'ca-hai@example.vn'`); n != 1 {
			t.Errorf("the reader subscribed to both has %d subscriptions; want 1", n)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM official_channels WHERE site_id = ?`, dept); n != sharedChannels || n == 0 {
			t.Errorf("the channels the province lists: %d left with the merged site; want %d (not doubled)", n, sharedChannels)
		}
		// The contact point passes only to a site that had none.
		if n := one(t, db, `SELECT COUNT(*) FROM disclosure_contacts WHERE site_id = ?`, dept); n != mainContact {
			t.Errorf("disclosure contact: %d left with the merged site; want %d (the province had %d)", n, mainContact, mainContact)
		}
		if n := one(t, db, `SELECT COUNT(*) FROM disclosure_contacts WHERE site_id = ?`, main); n != 1 {
			t.Errorf("the province has %d contact points", n)
		}
		// The two moved subscribers are told, with the decision and the
		// unsubscribe link; the one already subscribed is not.
		var letters int
		rows, err := db.Query(ctx, `SELECT to_addr, body, unsubscribe FROM mail_outbox WHERE id > ? ORDER BY id`, mailBefore)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var to, body, unsub string
			if err := rows.Scan(&to, &body, &unsub); err != nil {
				t.Fatal(err)
			}
			if to == "ca-hai@example.vn" {
				t.Errorf("the reader already subscribed to the province was written to")
			}
			if to == "ban-doc@example.vn" || to == "muc@example.vn" {
				letters++
				if !strings.Contains(body, "1234/QĐ-UBND") || !strings.Contains(body, "/nhan-tin-moi/huy/tok") || !strings.HasPrefix(unsub, "https://") {
					t.Errorf("letter to %s lacks the decision or the unsubscribe link: %q (List-Unsubscribe %q)", to, body, unsub)
				}
			}
		}
		rows.Close()
		if letters != 2 {
			t.Errorf("%d letters to the 2 moved subscribers", letters)
		}
	})
}
