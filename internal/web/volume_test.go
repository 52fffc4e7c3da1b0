package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
)

// volume is what fillVolume adds to a database that holds the demo: a
// province's portal after some years, large enough that PostgreSQL's
// planner, given the statistics, prefers an index wherever one serves
// (with a few hundred rows a table scan is cheaper, and no plan says
// anything). The plan guard runs the pages over it.
type volume struct {
	items    int // on the four demo sites, every kind, state and language
	requests int // citizen requests
	audit    int // audit log entries
}

// volumeBase is the first id of generated rows, far above the demo's.
const volumeBase = 1_000_000

// fillVolume adds v's rows, many to a statement, and on PostgreSQL
// moves the identity sequences past them and vacuums and analyzes.
func fillVolume(t testing.TB, db *store.DB, v volume, now time.Time) {
	t.Helper()
	ctx := context.Background()
	ids := func(q string) []int64 {
		rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			out = append(out, id)
		}
		return out
	}
	sites := ids(`SELECT id FROM sites ORDER BY is_main DESC, id`) // the main portal first
	users := ids(`SELECT id FROM users ORDER BY id`)
	cats := map[int64][]int64{}
	for _, s := range sites {
		cats[s] = ids(fmt.Sprintf(`SELECT id FROM categories WHERE site_id = %d ORDER BY id`, s))
	}
	speakers := ids(`SELECT id FROM spokespersons ORDER BY id`)
	units := ids(`SELECT id FROM directory_units ORDER BY id`)
	if len(sites) < 3 || len(users) == 0 || len(units) == 0 {
		t.Fatal("fillVolume needs the demo's sites, people and units")
	}
	b := &bulk{t: t, db: db}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		b.tx = tx
		v.fillItems(b, now, sites, users, cats, speakers)
		v.fillFeedback(b, now, sites, units)
		v.fillAudit(b, now, sites, users)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		for _, tbl := range []string{"items", "revisions", "audit_log", "feedback_requests", "feedback_events", "transitions",
			"post_checks", "error_reports", "inbox", "media", "mail_outbox"} {
			if _, err := db.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+tbl+`', 'id'), (SELECT MAX(id) FROM `+tbl+`))`); err != nil {
				t.Fatal(err)
			}
		}
		// As autovacuum leaves a database in use: statistics, and the
		// visibility map that lets an index answer without the table.
		if _, err := db.Exec(ctx, `VACUUM ANALYZE`); err != nil {
			t.Fatal(err)
		}
	}
}

// fillItems adds the items with one revision each (two for some), their
// workflow steps, legal metadata and relations, search documents, post-
// publication checks, readers' reports, inbox proposals, copies on the
// main portal, old slugs, statements and uploads.
func (v volume) fillItems(b *bulk, now time.Time, sites, users []int64, cats map[int64][]int64, speakers []int64) {
	kinds := []string{"article", "article", "article", "article", "article", "article", "article", "announcement",
		"event", "press", "legal", "procedure", "plan", "project", "statistics", "recruitment", "page", "article", "article", "article"}
	docTypes := []string{"Luật", "Nghị định", "Thông tư", "Quyết định"}
	issuers := []string{"Quốc hội", "Chính phủ", "Bộ Tài chính", "Ủy ban nhân dân tỉnh Đồng Nai"}
	var items, revs, steps, legal, rels, docs, fts, checks, reports, inbox, slugs, statements, media [][]any
	for n := range v.items {
		id := int64(volumeBase + n)
		st := sites[0]
		switch n % 10 {
		case 6, 7:
			st = sites[1]
		case 8:
			st = sites[2]
		case 9:
			st = sites[len(sites)-1] // the archived district
		}
		kind := kinds[n%len(kinds)]
		lang := "vi"
		if n%50 == 3 {
			lang = "en"
		}
		state, live := "published", true
		switch n % 13 {
		case 1:
			state, live = "draft", false
		case 2:
			state, live = "editing", false
		case 3:
			state, live = "approval", false
		case 4:
			state, live = "unpublished", false
		case 5:
			state = "draft" // a published item being edited
		}
		var cat any
		if c := cats[st]; len(c) > 0 && n%7 != 0 {
			cat = c[n%len(c)]
		}
		at := now.Add(-time.Duration(n) * time.Minute)
		var pub, first, unpub any
		pubRev := any(nil)
		if live {
			pub, first, pubRev = at, at, id
		}
		if n%997 == 5 {
			unpub = now.Add(time.Duration(n) * time.Hour)
		}
		var srcSite, srcItem any
		if st == sites[0] && n%100 == 0 && n+6 < v.items { // accepted from a component site
			srcSite, srcItem = sites[1], int64(volumeBase+n+6)
		}
		override := ""
		if n%1000 == 11 {
			override = "Đã cân nhắc"
		}
		by := users[n%len(users)]
		cur := id
		if state == "draft" && live {
			cur = id + int64(v.items) // a second revision: the working copy
		}
		items = append(items, []any{id, st, kind, state, lang, fmt.Sprintf("bai-so-%d", n), cat, cur, pubRev, live,
			n%400 == 0, nil, unpub, first, pub, override, srcSite, srcItem, 1, by, at, at, fmt.Sprintf("vol-%d", n)})
		title := fmt.Sprintf("Tin thử nghiệm số %d về chuyển đổi số", n)
		if n%500 == 17 {
			title = fmt.Sprintf("Luật Cư trú sửa đổi lần %d", n)
		}
		revs = append(revs, []any{id, id, 1, title, "Tóm tắt.", "<p>Nội dung bài " + title + ".</p>", "Tác giả", "Nguồn", by, at})
		if cur != id {
			revs = append(revs, []any{cur, id, 2, title + " (sửa)", "", "<p>Bản sửa.</p>", "Tác giả", "Nguồn", by, at})
		}
		steps = append(steps, []any{id, id, "submit", "draft", "editing", by, "", "", at})
		if kind == "legal" {
			legal = append(legal, []any{id, fmt.Sprintf("%d/2020/NĐ-CP", n), fmt.Sprintf("%d-2020-nd-cp", n), docTypes[n%4],
				issuers[n%3], "Người ký", "Tài chính", at.Format("2006-01-02"), at.AddDate(0, 1, 0).Format("2006-01-02"), ""})
			if n%40 == 10 && n+20 < v.items {
				rels = append(rels, []any{id, id + 20, "replaces", n%80 == 10})
			}
		}
		folded := vn.Fold(title)
		words := fmt.Sprintf(" zzsite%d zzkind%s", st, kind)
		if live {
			words += " zzlive"
		}
		docs = append(docs, []any{id, st, kind, lang, live, state, title, "Nội dung " + title, "noi dung", "noi dung",
			fmt.Sprintf("/tin-tuc/bai-so-%d", n), "", "", "", "", pub, now})
		fts = append(fts, []any{id, folded, "noi dung" + words})
		if live && n%5 == 0 {
			var checked any
			if n%10 == 0 {
				checked = at
			}
			checks = append(checks, []any{id, id, st, by, at, at.Add(24 * time.Hour), checked})
		}
		if live && n%50 == 1 {
			var done any
			if n%100 == 1 {
				done = at
			}
			reports = append(reports, []any{st, id, fmt.Sprintf("/tin-tuc/bai-so-%d", n), "Sai chính tả", at, done})
		}
		if live && st != sites[0] && n%60 == 6 {
			state := []string{"proposed", "accepted", "returned"}[n%3]
			inbox = append(inbox, []any{id, id, st, sites[0], state, at})
		}
		if live && n%30 == 0 {
			slugs = append(slugs, []any{st, lang, fmt.Sprintf("bai-cu-%d", n), id})
		}
		if kind == "press" && len(speakers) > 0 && n%3 == 0 {
			statements = append(statements, []any{id, speakers[(n/60)%len(speakers)], st})
		}
		if n%5 == 0 {
			media = append(media, []any{st, "file", fmt.Sprintf("%064d", n), "application/pdf", "pdf", 1000 + n, "tep.pdf", by, at})
		}
	}
	b.insert("items", "id, site_id, kind, state, lang, slug, category_id, current_rev, published_rev, live, featured, publish_at, "+
		"unpublish_at, first_published_at, published_at, override_reason, source_site_id, source_item_id, version, created_by, "+
		"created_at, updated_at, source_id", items)
	b.insert("revisions", "id, item_id, number, title, summary, body, author, source, created_by, created_at", revs)
	b.insert("transitions", "item_id, revision_id, action, from_state, to_state, actor_id, actor, comment, at", steps)
	b.insert("legal_docs", "item_id, number, number_key, doc_type, issuer, signer, field, issued_on, effective_on, expires_on", legal)
	b.insert("legal_relations", "from_item, to_item, kind, partial", rels)
	docCols := "item_id, site_id, kind, lang, live, state, title, body, lead_exact, lead_folded, url, source_id, " +
		"doc_type, field, number_key, published_at, indexed_at"
	if b.db.Dialect == store.Postgres { // the words go in the row itself
		for i := range docs {
			docs[i] = append(docs[i], fts[i][1].(string)+" "+fts[i][2].(string), fts[i][1])
		}
		b.insertRow("search_docs", docCols+", tsv, title_tsv", "("+store.Placeholders(17)+
			", to_tsvector('simple', ?), to_tsvector('simple', ?))", docs)
	} else {
		b.insert("search_docs", docCols, docs)
		b.insert("search_fts", "rowid, title, body", fts)
	}
	b.insert("post_checks", "item_id, revision_id, site_id, approved_by, published_at, due_at, checked_at", checks)
	b.insert("error_reports", "site_id, item_id, page, message, created_at, resolved_at", reports)
	b.insert("inbox", "item_id, revision_id, from_site_id, to_site_id, state, proposed_at", inbox)
	b.insert("slug_history", "site_id, lang, slug, item_id", slugs)
	b.insert("spokesperson_statements", "item_id, spokesperson_id, site_id", statements)
	b.insert("media", "site_id, kind, sha256, mime, ext, size, original_name, created_by, created_at", media)
	b.exec(`INSERT INTO search_terms (term, docs) VALUES ('chuyen', 50000), ('doi', 50000), ('so', 50000), ('cu', 100), ('tru', 100)
		ON CONFLICT (term) DO UPDATE SET docs = excluded.docs`)
}

// fillFeedback adds citizen requests in every state, with their
// timelines, and the mail they caused.
func (v volume) fillFeedback(b *bulk, now time.Time, sites, units []int64) {
	states := []string{"received", "registered", "in_scope", "assigned", "answered", "published", "closed", "rejected",
		"forwarded", "held", "published", "closed"}
	cats := []string{"vuong-mac", "khong-phu-hop", "khac", "giai-phap", "sang-kien"}
	var reqs, events, mails [][]any
	for n := range v.requests {
		id := int64(volumeBase + n)
		st := sites[0]
		if n%4 == 3 {
			st = sites[1]
		}
		state := states[n%len(states)]
		at := now.Add(-time.Duration(n) * 17 * time.Minute)
		var unit, published, answered, closed any
		if n%3 != 0 {
			unit = units[n%len(units)]
		}
		switch state {
		case "published":
			published, answered, closed = at.Add(time.Hour), at, at
		case "closed", "answered":
			answered = at
		}
		title := fmt.Sprintf("Phản ánh số %d về đất đai", n)
		reqs = append(reqs, []any{id, fmt.Sprintf("PAKN-2025-%07d", n), "h", st, cats[n%len(cats)], unit, unit, title,
			"Nội dung phản ánh.", "Nguyễn Văn A", "NVA", "Địa chỉ", "0900000000", "a@example.vn", n%2 == 0, state,
			"Câu trả lời.", at, at.AddDate(0, 0, 7), at.AddDate(0, 0, 21), answered, closed, published, at,
			vn.Fold(title + " noi dung phan anh cau tra loi")})
		events = append(events, []any{id, at, "Người gửi", "received", "received", true, ""})
		mails = append(mails, []any{"a@example.vn", "Đã nhận phản ánh", "Nội dung.", []string{"sent", "sent", "queued", "failed"}[n%4], at, at})
	}
	b.insert("feedback_requests", "id, code, token_hash, site_id, category, unit_id, assigned_unit_id, title, body, name, "+
		"initials, address, phone, email, consent, state, answer, received_at, forward_due, answer_due, answered_at, closed_at, "+
		"published_at, updated_at, folded", reqs)
	b.insert("feedback_events", "request_id, at, actor, kind, state, public, note", events)
	b.insert("mail_outbox", "to_addr, subject, body, status, created_at, next_at", mails)
}

// fillAudit adds the audit log of years of work.
func (v volume) fillAudit(b *bulk, now time.Time, sites, users []int64) {
	actions := []string{"login.ok", "item.save", "item.submit", "item.approve", "login.fail", "role.grant", "item.create"}
	var rows [][]any
	for n := range v.audit {
		rows = append(rows, []any{now.Add(-time.Duration(n) * time.Minute), users[n%len(users)], "nguoi", actions[n%len(actions)],
			sites[n%len(sites)], fmt.Sprint(n), "", "10.0.0.1"})
	}
	b.insert("audit_log", "at, actor_id, actor, action, site_id, target, detail, ip", rows)
}

// bulk inserts rows many to a statement inside one transaction.
type bulk struct {
	t  testing.TB
	db *store.DB
	tx *store.Tx
}

func (b *bulk) insert(table, cols string, rows [][]any) {
	b.t.Helper()
	if len(rows) > 0 {
		b.insertRow(table, cols, "("+store.Placeholders(len(rows[0]))+")", rows)
	}
}

// insertRow is insert with the VALUES of one row written as row.
func (b *bulk) insertRow(table, cols, row string, rows [][]any) {
	b.t.Helper()
	if len(rows) == 0 {
		return
	}
	width := len(rows[0])
	per := max(1, 30000/width) // within both databases' limits on parameters
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(len(rows), start+per)]
		args := make([]any, 0, len(part)*width)
		for _, r := range part {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", len(part)), ", ")
		if _, err := b.tx.Exec(context.Background(), q, args...); err != nil {
			b.t.Fatalf("fill %s: %v", table, err)
		}
	}
}

func (b *bulk) exec(q string) {
	b.t.Helper()
	if _, err := b.tx.Exec(context.Background(), q); err != nil {
		b.t.Fatalf("fill: %v", err)
	}
}
