package royalty

import (
	"context"
	"testing"
	"time"

	"github.com/congportal/cong/internal/apperr"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/report"
	"github.com/congportal/cong/internal/rules"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
)

// at is a moment in Viet Nam in 2026.
func at(month, day, hour, minute int) time.Time {
	return time.Date(2026, time.Month(month), day, hour, minute, 0, 0, vn.ICT)
}

type fixture struct {
	db     *store.DB
	rs     *rules.Store
	rs2    *Store
	site   *site.Site
	author int64 // an account: "Nguyễn Văn A"
	items  map[string]int64
}

var (
	editor = audit.Actor{ID: 0, Name: "bientap", IP: "local"}
	head   = audit.Actor{ID: 0, Name: "truongban", IP: "local"}
	// Outside authors.
	tranB = Author{Name: "Trần Thị B", TaxCode: "0312345678", BankAccount: "0071000123456", BankName: "Vietcombank Đồng Nai"}
	leC   = Author{Name: "Lê Văn C"}
)

// newFixture: a portal, an author with an account and items first
// published on either side of the two days that change the numbers —
// in Viet Nam's time, which is not the UTC day stored:
//
//	june    2026-06-30 23:30 (UTC 16:30 the same day)  Decree 18, 2,340,000
//	july    2026-07-01 00:10 (UTC 2026-06-30 17:10)    Decree 18, 2,530,000
//	august  2026-08-31 23:59                           Decree 18, 2,530,000
//	sept    2026-09-01 00:00 (UTC 2026-08-31 17:00)    provincial, 2,530,000
//	nov     2026-11-10 09:00                           provincial
//	draft   never published
//
// "Now" is 2026-12-03: today's schedule is the provincial one, which
// must not apply to the works published before 01/09/2026.
func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return at(12, 3, 9, 0) }
	f := &fixture{db: db, rs: rules.NewStore(db, now), items: map[string]int64{}}
	if err := f.rs.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	f.rs2 = NewStore(db, f.rs, now)
	f.site = &site.Site{Code: "tinh", Kind: site.Portal, Main: true, Name: "Cổng thông tin điện tử tỉnh"}
	if err := site.NewSites(db, now).Create(ctx, f.site, audit.CLI); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(ctx, `INSERT INTO users (username, full_name, password_hash, created_at) VALUES ('nva', 'Nguyễn Văn A', 'x', ?) RETURNING id`,
		now().UTC()).Scan(&f.author); err != nil {
		t.Fatal(err)
	}
	for _, it := range []struct {
		name string
		pub  time.Time
	}{
		{"june", at(6, 30, 23, 30)}, {"july", at(7, 1, 0, 10)}, {"august", at(8, 31, 23, 59)},
		{"sept", at(9, 1, 0, 0)}, {"nov", at(11, 10, 9, 0)}, {"draft", time.Time{}},
	} {
		var pub any
		state := "draft"
		if !it.pub.IsZero() {
			pub, state = it.pub.UTC(), "published"
		}
		var id int64
		if err := db.QueryRow(ctx, `INSERT INTO items (site_id, kind, state, lang, slug, live, first_published_at, published_at, created_at, updated_at)
			VALUES (?, 'article', ?, 'vi', ?, ?, ?, ?, ?, ?) RETURNING id`, f.site.ID, state, "bai-"+it.name, pub != nil, pub, pub,
			at(6, 1, 0, 0).UTC(), now().UTC()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		f.items[it.name] = id
	}
	return f
}

func (f *fixture) account() Author { return Author{UserID: f.author} }

func one(a Author) []Credit { return []Credit{{Author: a, ShareBP: 10000}} }

func mustPeriod(t *testing.T, v string) report.Period {
	t.Helper()
	p, err := report.ParsePeriod(v)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fieldErr fails unless err is a message on field; it logs the message.
func fieldErr(t *testing.T, what string, err error, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	switch {
	case !ok:
		t.Errorf("%s: %v; want a message for people", what, err)
	case field != "" && e.Fields[field].VI == "":
		t.Errorf("%s: %v; want a message on %s", what, err, field)
	default:
		msg := e.Msg.VI
		if field != "" {
			msg = e.Fields[field].VI
		}
		t.Logf("%s: %s", what, msg)
	}
}

func TestRoyaltiesAcrossScheduleChanges(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		rs := f.rs2

		// --- Bad input, each a clear message. ---
		fieldErr(t, "coefficient outside the range", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 11000}, Credits: one(f.account())}}}, editor), "coefficient")
		fieldErr(t, "shares of 90 %", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: []Credit{{f.account(), 6000}, {tranB, 3000}}}}}, editor), "share")
		fieldErr(t, "shares of 110 %", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: []Credit{{f.account(), 6000}, {tranB, 5000}}}}}, editor), "share")
		fieldErr(t, "unknown kind", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "quang-cao", Coefficient: 5000}, Credits: one(f.account())}}}, editor), "kind")
		fieldErr(t, "unpublished item", rs.Propose(ctx, &Proposal{ItemID: f.items["draft"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(f.account())}}}, editor), "")
		fieldErr(t, "no author", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(Author{})}}}, editor), "author")
		fieldErr(t, "bad tax code", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(Author{Name: "X", TaxCode: "12345"})}}}, editor), "tax_code")
		fieldErr(t, "no work", rs.Propose(ctx, &Proposal{ItemID: f.items["june"]}, editor), "works")
		// Published on 01/09/2026: the provincial schedule, still empty.
		fieldErr(t, "empty provincial schedule", rs.Propose(ctx, &Proposal{ItemID: f.items["sept"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(f.account())}}}, editor), "kind")
		if n := count(t, db, `SELECT COUNT(*) FROM royalty_proposals`); n != 0 {
			t.Fatalf("%d proposals stored by refused input", n)
		}

		// --- Proposals on both sides of 01/07 and 01/09. ---
		// june (30/06, 2,340,000; unit 234,000):
		//   work 1, phóng sự coefficient 20 for children (+15 %):
		//     20 × 234,000 = 4,680,000; × 1.15 = 5,382,000
		//     Nguyễn Văn A 60 % = 3,229,200; Trần Thị B 40 % = 2,152,800
		//   work 2, a photo credited separately, coefficient 3:
		//     Lê Văn C 3 × 234,000 = 702,000
		//   due 30/06 + 60 days = 29/08/2026
		june := &Proposal{ItemID: f.items["june"], Works: []*ProposedWork{
			{Work: Work{Kind: "phong-su", Coefficient: 20000, AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 15000}}},
				Credits: []Credit{{f.account(), 6000}, {tranB, 4000}}},
			{Work: Work{Kind: "anh", Coefficient: 3000}, Credits: one(leC)},
		}}
		// july (01/07 00:10 in Viet Nam, still 30/06 in UTC; 2,530,000,
		// unit 253,000): tin coefficient 8 = 2,024,000; due 30/08/2026.
		july := &Proposal{ItemID: f.items["july"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 8000}, Credits: one(f.account())}}}
		// august (31/08, the last day of Decree 18): bình luận
		// coefficient 10 translated at 50 %: 10 × 253,000 × 0.5 =
		// 1,265,000; A and B half each = 632,500; due 30/10/2026.
		august := &Proposal{ItemID: f.items["august"], Works: []*ProposedWork{{Work: Work{Kind: "binh-luan", Coefficient: 10000,
			AddOns: []AddOnUse{{"dich", 50000}}}, Credits: []Credit{{f.account(), 5000}, {tranB, 5000}}}}}
		for _, p := range []*Proposal{june, july, august} {
			if err := rs.Propose(ctx, p, editor); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			p              *Proposal
			day, code, due string
			salary         int64
		}{
			{june, "2026-06-30", rules.RoyaltiesDecree18, "2026-08-29", 2_340_000},
			{july, "2026-07-01", rules.RoyaltiesDecree18, "2026-08-30", 2_530_000},
			{august, "2026-08-31", rules.RoyaltiesDecree18, "2026-10-30", 2_530_000},
		} {
			if c.p.PubDay != c.day || c.p.ScheduleCode != c.code || c.p.DueDay != c.due || c.p.BaseSalary != c.salary {
				t.Errorf("proposal on %s: day %s, schedule %s, due %s, salary %d; want %s %s %s %d", c.day, c.p.PubDay,
					c.p.ScheduleCode, c.p.DueDay, c.p.BaseSalary, c.day, c.code, c.due, c.salary)
			}
		}
		fieldErr(t, "a second proposal while one is open", rs.Propose(ctx, &Proposal{ItemID: f.items["june"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(f.account())}}}, editor), "")

		// The Chairperson's decision, entered by an administrator (a
		// hypothetical schedule): unit 12 % of the base salary, tin 2–12,
		// works for children +10–30 %, no payment deadline.
		prov, err := f.rs.InForce(ctx, rules.KindRoyalties, "2026-09-01")
		if err != nil || prov.Code != rules.RoyaltiesProvince {
			t.Fatalf("schedule on 2026-09-01: %v, %v", prov, err)
		}
		for _, r := range []rules.Rule{
			{Key: "unit.percent_base_salary", Value: "12", Note: "Giá trị một đơn vị hệ số — quyết định của Chủ tịch UBND tỉnh (thử)"},
			{Key: "kind.tin", Value: "2-12", Note: "Tin — quyết định (thử)"},
			{Key: "bonus.thieu-nhi-dan-toc", Value: "10-30", Note: "Thiếu nhi, dân tộc thiểu số — quyết định (thử)"},
		} {
			if err := f.rs.SetRule(ctx, prov.ID, r, "Quyết định của Chủ tịch UBND tỉnh (thử nghiệm)", audit.CLI); err != nil {
				t.Fatal(err)
			}
		}
		// sept (01/09 00:00, the day the schedule changes: the new one):
		// unit 12 % × 2,530,000 = 303,600; tin 10 × 303,600 = 3,036,000;
		// + 20 % = 3,643,200; no due day.
		sept := &Proposal{ItemID: f.items["sept"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 10000,
			AddOns: []AddOnUse{{"thieu-nhi-dan-toc", 20000}}}, Credits: one(f.account())}}}
		// Coefficient 1 was in Decree 18's range, not in the province's.
		fieldErr(t, "coefficient 1 under the provincial schedule", rs.Propose(ctx, &Proposal{ItemID: f.items["sept"],
			Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 1000}, Credits: one(f.account())}}}, editor), "coefficient")
		if err := rs.Propose(ctx, sept, editor); err != nil {
			t.Fatal(err)
		}
		if sept.PubDay != "2026-09-01" || sept.ScheduleCode != rules.RoyaltiesProvince || sept.DueDay != "" {
			t.Errorf("proposal of 01/09: %s %s due %q", sept.PubDay, sept.ScheduleCode, sept.DueDay)
		}
		// nov: proposed, returned with a reason, proposed again, left
		// waiting: never in a list.
		nov := &Proposal{ItemID: f.items["nov"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(f.account())}}}
		if err := rs.Propose(ctx, nov, editor); err != nil {
			t.Fatal(err)
		}
		fieldErr(t, "return without a reason", rs.Return(ctx, nov.ID, "  ", head), "reason")
		if err := rs.Return(ctx, nov.ID, "Ghi thiếu tác giả ảnh", head); err != nil {
			t.Fatal(err)
		}
		fieldErr(t, "approve a returned proposal", rs.Approve(ctx, nov.ID, head), "")
		nov2 := &Proposal{ItemID: f.items["nov"], Works: []*ProposedWork{{Work: Work{Kind: "tin", Coefficient: 5000}, Credits: one(f.account())}}}
		if err := rs.Propose(ctx, nov2, editor); err != nil {
			t.Fatalf("propose again after a return: %v", err)
		}

		for _, p := range []*Proposal{june, july, august, sept} {
			if err := rs.Approve(ctx, p.ID, head); err != nil {
				t.Fatal(err)
			}
		}
		fieldErr(t, "approve twice", rs.Approve(ctx, june.ID, head), "")

		// The amounts stored at approval, line by line.
		want := map[int64][]int64{
			june.ID:   {3_229_200, 2_152_800, 702_000},
			july.ID:   {2_024_000},
			august.ID: {632_500, 632_500},
			sept.ID:   {3_643_200},
		}
		for id, amounts := range want {
			p, err := rs.ByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if p.State != Approved || len(p.Lines) != len(amounts) {
				t.Fatalf("proposal %d: %s, %d lines", id, p.State, len(p.Lines))
			}
			for i, l := range p.Lines {
				if l.Amount != amounts[i] {
					t.Errorf("proposal %d (%s) line %d (%s, %s %s): %d; want %d", id, p.PubDay, i, l.Name, l.Kind, l.Coefficient, l.Amount, amounts[i])
				}
			}
		}
		p, _ := rs.ByID(ctx, june.ID)
		if l := p.Lines[0]; l.Name != "Nguyễn Văn A" || l.UserID != f.author || l.ShareBP != 6000 || len(l.AddOns) != 1 || l.AddOns[0].Percent != 15000 {
			t.Errorf("first line read back as %+v", l)
		}
		if l := p.Lines[1]; l.TaxCode != tranB.TaxCode || l.BankAccount != tranB.BankAccount || l.UserID != 0 {
			t.Errorf("outside author read back as %+v", l)
		}
		if l := p.Lines[2]; l.WorkNo != 2 || l.Kind != "anh" {
			t.Errorf("the photo's line: %+v", l)
		}

		// --- Payment lists and statements. ---
		// June: 3,229,200 + 2,152,800 + 702,000 = 6,084,000.
		// Q3: july 2,024,000 + august 1,265,000 + sept 3,643,200 = 6,932,200.
		// July alone: 2,024,000. The year: 13,016,200.
		for _, c := range []struct {
			period  string
			total   int64
			words   string
			authors int
		}{
			{"2026-06", 6_084_000, "Sáu triệu không trăm tám mươi tư nghìn đồng", 3},
			{"2026-07", 2_024_000, "Hai triệu không trăm hai mươi tư nghìn đồng", 1},
			{"2026-Q3", 6_932_200, "Sáu triệu chín trăm ba mươi hai nghìn hai trăm đồng", 2},
			{"2026", 13_016_200, "Mười ba triệu không trăm mười sáu nghìn hai trăm đồng", 3},
			{"2026-11", 0, "Không đồng", 0},
		} {
			pl, err := rs.PaymentList(ctx, f.site.ID, mustPeriod(t, c.period))
			if err != nil {
				t.Fatal(err)
			}
			if pl.Total != c.total || pl.TotalWords != c.words || len(pl.Authors) != c.authors {
				t.Errorf("list %s: %d %q, %d authors; want %d %q, %d", c.period, pl.Total, pl.TotalWords, len(pl.Authors), c.total, c.words, c.authors)
			}
		}
		// The year by author, in Vietnamese order of names: Lê Văn C
		// 702,000; Nguyễn Văn A 3,229,200 + 2,024,000 + 632,500 +
		// 3,643,200 = 9,528,900; Trần Thị B 2,152,800 + 632,500 = 2,785,300.
		pl, _ := rs.PaymentList(ctx, f.site.ID, mustPeriod(t, "2026"))
		if len(pl.Authors) == 3 {
			for i, w := range []struct {
				name  string
				total int64
			}{{"Lê Văn C", 702_000}, {"Nguyễn Văn A", 9_528_900}, {"Trần Thị B", 2_785_300}} {
				if a := pl.Authors[i]; a.Name != w.name || a.Total != w.total {
					t.Errorf("author %d: %s %d; want %s %d", i, a.Name, a.Total, w.name, w.total)
				}
			}
		}
		st, err := rs.Statement(ctx, f.account(), mustPeriod(t, "2026"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 9_528_900 || st.TotalWords != "Chín triệu năm trăm hai mươi tám nghìn chín trăm đồng" || len(st.Lines) != 4 || st.Author.Name != "Nguyễn Văn A" {
			t.Errorf("statement of A: %d %q, %d lines, %q", st.Total, st.TotalWords, len(st.Lines), st.Author.Name)
		}
		st, _ = rs.Statement(ctx, Author{TaxCode: tranB.TaxCode}, mustPeriod(t, "2026"))
		if st.Total != 2_785_300 || st.TotalWords != "Hai triệu bảy trăm tám mươi lăm nghìn ba trăm đồng" {
			t.Errorf("statement of B: %d %q", st.Total, st.TotalWords)
		}
		st, _ = rs.Statement(ctx, Author{Name: "Lê Văn C"}, mustPeriod(t, "2026-Q2"))
		if st.Total != 702_000 || len(st.Lines) != 1 || st.Lines[0].DueDay != "2026-08-29" {
			t.Errorf("statement of C: %+v", st)
		}

		// --- Paying June's list, audited. ---
		n, total, err := rs.MarkPaid(ctx, f.site.ID, mustPeriod(t, "2026-06"), head)
		if err != nil || n != 3 || total != 6_084_000 {
			t.Fatalf("MarkPaid June: %d lines, %d, %v", n, total, err)
		}
		fieldErr(t, "pay June twice", func() error { _, _, err := rs.MarkPaid(ctx, f.site.ID, mustPeriod(t, "2026-06"), head); return err }(), "")
		st, _ = rs.Statement(ctx, f.account(), mustPeriod(t, "2026"))
		if st.Paid != 3_229_200 {
			t.Errorf("A paid %d; want 3,229,200 (June)", st.Paid)
		}
		pl, _ = rs.PaymentList(ctx, f.site.ID, mustPeriod(t, "2026"))
		if pl.Unpaid != 4 {
			t.Errorf("%d unpaid lines in 2026; want 4 (July 1, August 2, September 1)", pl.Unpaid)
		}
		for action, want := range map[string]int{"royalty.propose": 6, "royalty.approve": 4, "royalty.return": 1, "royalty.paid": 1} {
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = '`+action+`'`); n != want {
				t.Errorf("%d %s entries; want %d", n, action, want)
			}
		}

		// --- Unclaimed: three unanswered notices, then next year's fund. ---
		q3 := mustPeriod(t, "2026-Q3")
		pl, _ = rs.PaymentList(ctx, f.site.ID, q3)
		var bAug, sept1 *Line
		for _, a := range pl.Authors {
			for _, l := range a.Lines {
				switch {
				case l.Name == "Trần Thị B" && l.PubDay == "2026-08-31":
					bAug = l
				case l.PubDay == "2026-09-01":
					sept1 = l
				}
			}
		}
		if bAug == nil || sept1 == nil {
			t.Fatalf("Q3 list misses B's August line or September's: %+v", pl.Authors)
		}
		paidJune, _ := rs.ByID(ctx, june.ID)
		_, err = rs.RecordNotice(ctx, f.site.ID, paidJune.Lines[1].ID, "", head)
		fieldErr(t, "a notice on a paid line", err, "")
		_, err = rs.RecordNotice(ctx, f.site.ID+999, bAug.ID, "", head)
		fieldErr(t, "a notice on another site's line", err, "")
		_, err = rs.MarkUnclaimed(ctx, f.site.ID, bAug.ID, head)
		fieldErr(t, "unclaimed without notices", err, "")
		for i := 1; i <= 3; i++ {
			if n, err := rs.RecordNotice(ctx, f.site.ID, bAug.ID, "Gọi điện, gửi thư mời nhận", head); err != nil || n != i {
				t.Fatalf("notice %d: %d, %v", i, n, err)
			}
			if i == 2 {
				_, err = rs.MarkUnclaimed(ctx, f.site.ID, bAug.ID, head)
				fieldErr(t, "unclaimed after two notices", err, "")
			}
		}
		l, err := rs.MarkUnclaimed(ctx, f.site.ID, bAug.ID, head)
		if err != nil || l.FundYear() != 2027 {
			t.Fatalf("unclaimed after three notices: %+v, %v", l, err)
		}
		_, err = rs.MarkUnclaimed(ctx, f.site.ID, bAug.ID, head)
		fieldErr(t, "unclaimed twice", err, "")
		_, err = rs.RecordNotice(ctx, f.site.ID, bAug.ID, "", head)
		fieldErr(t, "a notice on an unclaimed line", err, "")
		// The provincial schedule as entered above sets no number of
		// notices: its lines cannot be closed as unclaimed.
		for i := 0; i < 3; i++ {
			if _, err := rs.RecordNotice(ctx, f.site.ID, sept1.ID, "", head); err != nil {
				t.Fatal(err)
			}
		}
		_, err = rs.MarkUnclaimed(ctx, f.site.ID, sept1.ID, head)
		fieldErr(t, "unclaimed under a schedule without pay.unclaimed_notices", err, "")
		// Q3 without B's 632,500: 6,932,200 − 632,500 = 6,299,700, three
		// lines still to pay (July, A's August, September).
		pl, _ = rs.PaymentList(ctx, f.site.ID, q3)
		if pl.Total != 6_299_700 || pl.Unpaid != 3 || pl.Unclaimed != 1 || pl.UnclaimedTotal != 632_500 ||
			pl.TotalWords != "Sáu triệu hai trăm chín mươi chín nghìn bảy trăm đồng" {
			t.Errorf("Q3 after the unclaimed line: total %d %q, %d unpaid, %d unclaimed (%d)", pl.Total, pl.TotalWords, pl.Unpaid, pl.Unclaimed, pl.UnclaimedTotal)
		}
		// B's year: 2,152,800 (June, paid) + 632,500 unclaimed.
		st, _ = rs.Statement(ctx, Author{TaxCode: tranB.TaxCode}, mustPeriod(t, "2026"))
		if st.Total != 2_152_800 || st.Unclaimed != 632_500 || st.Paid != 2_152_800 {
			t.Errorf("statement of B after the unclaimed line: total %d, unclaimed %d, paid %d", st.Total, st.Unclaimed, st.Paid)
		}
		n, total, err = rs.MarkPaid(ctx, f.site.ID, q3, head)
		if err != nil || n != 3 || total != 6_299_700 {
			t.Errorf("MarkPaid Q3: %d lines, %d, %v; want 3, 6,299,700", n, total, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM royalty_lines WHERE unclaimed_at IS NOT NULL AND paid_at IS NOT NULL`); n != 0 {
			t.Errorf("%d unclaimed lines marked paid", n)
		}
		for action, want := range map[string]int{"royalty.notice": 6, "royalty.unclaimed": 1, "royalty.paid": 2} {
			if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = '`+action+`'`); n != want {
				t.Errorf("%d %s entries; want %d", n, action, want)
			}
		}
	})
}

func count(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
