package web_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/consult"
	"github.com/congportal/cong/internal/demo"
	"github.com/congportal/cong/internal/feedback"
	"github.com/congportal/cong/internal/site"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

// The consultation benchmarks (issue 14, "Benchmarks"): a draft of 300
// Điều with 10,000 published comments spread over its provisions (some
// grouped as duplicates), on SQLite and PostgreSQL, rendered through the
// whole handler with the page cache off. Each page is measured beside a
// bare handler writing the same bytes, as BenchmarkPageCacheHit does
// (the "plain" sub-benchmarks): the ratio of the two is what
// docs/performance.md records.
//
//	go test ./internal/web -run '^$' -bench 'Consult' -benchmem -benchtime 20x
//
// PostgreSQL is the test server of storetest (CONG_TEST_POSTGRES); the
// postgres sub-benchmarks are skipped when it cannot be reached.

const (
	consultBenchArticles = 300
	consultBenchCount    = 10000
	consultBenchPending  = 300 // waiting for moderation on the open draft: the staff page lists 200
)

// consultBenchFixture is a portal holding two drafts of the same text and
// 10,000 published, handled comments each: one still open for comment,
// one closed with its synthesis published.
type consultBenchFixture struct {
	srv       *web.Server
	open      *consult.Draft
	published *consult.Draft
	busiest   string // the anchor with the most published comments on the open draft
	busiestN  int
	cookie    *http.Cookie // an editor's session (consult.manage on the main portal)
	siteCode  string
}

// consultBenchBackends runs fn on a fresh fixture per database. The fixture is
// built in the function that calls b.Run, which the testing package runs
// once, so the sub-benchmarks share it.
func consultBenchBackends(b *testing.B, fn func(b *testing.B, f *consultBenchFixture)) {
	benchBackends(b, func(b *testing.B, backend string, db *store.DB) {
		start := time.Now()
		f := newConsultBenchFixture(b, db)
		b.Logf("%s: fixture of %d Điều and 2 × %d comments built in %s", backend, consultBenchArticles, consultBenchCount, time.Since(start).Round(time.Millisecond))
		fn(b, f)
	})
}

func newConsultBenchFixture(b *testing.B, db *store.DB) *consultBenchFixture {
	b.Helper()
	ctx := context.Background()
	if _, err := demo.Fill(ctx, db, time.Now); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(ctx, web.Options{DB: db, Log: discard(), MediaDir: b.TempDir(), PageCacheBytes: -1})
	if err != nil {
		b.Fatal(err)
	}
	main, err := site.NewSites(db, time.Now).Main(ctx)
	if err != nil {
		b.Fatal(err)
	}
	users := account.NewUsers(db, time.Now)
	person := func(name string, role account.Role) consult.Person {
		u, err := users.Create(ctx, account.NewUser{Username: name, FullName: "Người " + name, Password: testPassword}, audit.CLI)
		if err != nil {
			b.Fatal(err)
		}
		if err := users.Grant(ctx, u.ID, main.ID, role, audit.CLI); err != nil {
			b.Fatal(err)
		}
		if u, err = users.ByID(ctx, u.ID); err != nil {
			b.Fatal(err)
		}
		return consult.Person{User: u, MainID: main.ID, IP: "127.0.0.1"}
	}
	editor, head := person("bench-bientap", account.Editor), person("bench-truongban", account.BoardHead)
	token, err := account.NewSessions(db, time.Now).Create(ctx, editor.User.ID, true, "127.0.0.1", "bench")
	if err != nil {
		b.Fatal(err)
	}

	cs := srv.Consult()
	text := consultBenchText(consultBenchArticles)
	doc := vn.ParseLegal(text)
	if n := len(doc.Articles()); n != consultBenchArticles {
		b.Fatalf("the generated text has %d articles, want %d", n, consultBenchArticles)
	}
	f := &consultBenchFixture{srv: srv, cookie: &http.Cookie{Name: "cong_session", Value: token}, siteCode: main.Code}
	now := time.Now()
	for i, title := range []string{"Dự thảo Nghị quyết quy định về quản lý, sử dụng tài sản công trên địa bàn tỉnh",
		"Dự thảo Quyết định ban hành Quy chế quản lý kiến trúc đô thị và nông thôn"} {
		d, err := cs.Create(ctx, main.ID, consult.Details{Title: title, DocKind: "Nghị quyết", Agency: "Sở Tài chính",
			RecvUnit: "Phòng Quản lý giá và công sản", RecvAddress: "Số 2 Nguyễn Văn Trị, phường Trấn Biên",
			RecvEmail: "congsan@example.vn", RecvPhone: "0251 3822 000", Summary: "Dự thảo gồm 12 chương, 300 điều."}, text, editor)
		if err != nil {
			b.Fatal(err)
		}
		if d, err = cs.Open(ctx, d.ID, consult.OpenRequest{OpensAt: now, ClosesAt: now.AddDate(0, 0, 30)}, editor); err != nil {
			b.Fatal(err)
		}
		counts := consultBenchComments(b, db, d, doc, i)
		if i == 0 {
			f.open = d
			for a, n := range counts {
				if a != "" && n > f.busiestN {
					f.busiest, f.busiestN = a, n
				}
			}
			continue
		}
		if _, err := cs.CloseEarly(ctx, d.ID, "Khoản 2 Điều 148 Luật Ban hành văn bản quy phạm pháp luật", editor); err != nil {
			b.Fatal(err)
		}
		if d, err = cs.PublishSynthesis(ctx, d.ID, "Cơ quan soạn thảo đã nghiên cứu, tiếp thu các ý kiến.", head); err != nil {
			b.Fatal(err)
		}
		f.published = d
	}
	return f
}

// consultBenchText writes a draft of n articles in 12 chapters (the middle
// ones in sections), each article with 2 to 4 clauses and every third
// clause with points, in the wording of a provincial regulation.
func consultBenchText(n int) string {
	r := rand.New(rand.NewPCG(14, 300))
	var sb strings.Builder
	sb.WriteString("HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG NAI\nNGHỊ QUYẾT\nQuy định về quản lý, sử dụng tài sản công trên địa bàn tỉnh\n\n" +
		"Căn cứ Luật Tổ chức chính quyền địa phương;\nCăn cứ Luật Quản lý, sử dụng tài sản công;\n\n")
	subjects := []string{"tài sản công", "trụ sở làm việc", "xe ô tô công vụ", "máy móc, thiết bị", "tài sản kết cấu hạ tầng",
		"đất đai của cơ quan nhà nước", "tài sản của đơn vị sự nghiệp công lập", "tài sản được xác lập quyền sở hữu toàn dân",
		"hồ sơ, cơ sở dữ liệu về tài sản công", "tài sản phục vụ hoạt động dự án"}
	verbs := []string{"Giao", "Điều chuyển", "Bán", "Thanh lý", "Cho thuê", "Liên doanh, liên kết", "Sửa chữa, bảo dưỡng",
		"Kiểm kê, báo cáo", "Khai thác", "Thu hồi"}
	clauses := []string{
		"Cơ quan, tổ chức, đơn vị được giao quản lý, sử dụng %s có trách nhiệm lập hồ sơ, theo dõi, hạch toán đầy đủ về hiện vật và giá trị theo quy định của pháp luật về kế toán.",
		"Việc %s phải bảo đảm công khai, minh bạch, đúng mục đích, đúng tiêu chuẩn, định mức và chế độ do cơ quan nhà nước có thẩm quyền ban hành.",
		"Thủ trưởng cơ quan, đơn vị quyết định hoặc đề nghị cấp có thẩm quyền quyết định đối với %s trong phạm vi được phân cấp tại Nghị quyết này.",
		"Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân cấp xã hướng dẫn, kiểm tra việc thực hiện đối với %s.",
		"Số tiền thu được từ %s, sau khi trừ chi phí hợp lý có liên quan, được nộp vào ngân sách nhà nước theo quy định.",
		"Trường hợp %s bị hư hỏng, mất mát do lỗi chủ quan thì tổ chức, cá nhân gây ra phải bồi thường theo quy định của pháp luật.",
	}
	points := []string{"Chủ tịch Ủy ban nhân dân tỉnh quyết định đối với %s có nguyên giá theo sổ kế toán từ 500 triệu đồng trở lên trên một đơn vị tài sản;",
		"Giám đốc Sở Tài chính quyết định đối với %s có nguyên giá dưới 500 triệu đồng trên một đơn vị tài sản;",
		"Chủ tịch Ủy ban nhân dân cấp xã quyết định đối với %s thuộc phạm vi quản lý của địa phương;",
		"Thủ trưởng đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên quyết định đối với %s của đơn vị mình;",
		"Các trường hợp khác đối với %s thực hiện theo quy định của Chính phủ."}
	chapters := []string{"QUY ĐỊNH CHUNG", "GIAO, ĐIỀU CHUYỂN TÀI SẢN CÔNG", "MUA SẮM TÀI SẢN CÔNG", "THUÊ TÀI SẢN PHỤC VỤ HOẠT ĐỘNG",
		"BẢO DƯỠNG, SỬA CHỮA TÀI SẢN CÔNG", "KHAI THÁC TÀI SẢN CÔNG", "THU HỒI TÀI SẢN CÔNG", "BÁN, THANH LÝ TÀI SẢN CÔNG",
		"TÀI SẢN KẾT CẤU HẠ TẦNG", "HỆ THỐNG THÔNG TIN VỀ TÀI SẢN CÔNG", "THANH TRA, KIỂM TRA, XỬ LÝ VI PHẠM", "ĐIỀU KHOẢN THI HÀNH"}
	roman := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}
	per := n / len(chapters)
	art := 0
	for ch, title := range chapters {
		fmt.Fprintf(&sb, "Chương %s\n%s\n\n", roman[ch], title)
		count := per
		if ch == len(chapters)-1 {
			count = n - art
		}
		for k := 0; k < count; k++ {
			if ch >= 3 && ch <= 8 && k%(per/2) == 0 {
				fmt.Fprintf(&sb, "Mục %d\n%s %s\n\n", k/(per/2)+1, strings.ToUpper(verbs[(ch+k)%len(verbs)]), strings.ToUpper(subjects[k%len(subjects)]))
			}
			art++
			subj := subjects[r.IntN(len(subjects))]
			fmt.Fprintf(&sb, "Điều %d. %s %s\n", art, verbs[r.IntN(len(verbs))], subj)
			for c := 1; c <= 2+r.IntN(3); c++ {
				fmt.Fprintf(&sb, "%d. "+clauses[r.IntN(len(clauses))]+"\n", c, subj)
				if (art+c)%3 == 0 {
					fmt.Fprintf(&sb, "Thẩm quyền quyết định đối với %s như sau:\n", subj)
					for p := 0; p < 2+r.IntN(3); p++ {
						fmt.Fprintf(&sb, "%c) "+points[p]+"\n", 'a'+p, subj)
					}
				}
			}
			sb.WriteString("\n")
		}
	}
	return sb.String()
}

// consultBenchComments stores consultBenchCount published comments on draft
// d, as moderation and handling would have left them: spread over the
// provisions (a few provisions draw most of them, one in ten is on the
// draft as a whole), one in twenty grouped as a duplicate of an earlier
// one on the same provision, every one handled. The open draft (variant
// 0) also gets consultBenchPending comments waiting for moderation. It writes
// the rows directly, in batches: submitting 10,000 through the form
// would measure the form. It returns the published count per anchor.
func consultBenchComments(b *testing.B, db *store.DB, d *consult.Draft, doc *vn.LegalDoc, variant int) map[string]int {
	b.Helper()
	ctx := context.Background()
	type prov struct{ anchor, label string }
	var provs []prov
	labels := consult.ProvisionLabels(doc)
	doc.Walk(func(n *vn.Node) {
		// The pages name provisions with ProvisionLabels, one walk of the
		// text; it must say what ProvisionLabel says of each.
		if want := consult.ProvisionLabel(doc, n); labels[n] != want {
			b.Fatalf("ProvisionLabels says %q of %s, ProvisionLabel %q", labels[n], n.Anchor, want)
		}
		if n.Kind == vn.KindArticle || n.Kind == vn.KindClause || n.Kind == vn.KindPoint {
			provs = append(provs, prov{n.Anchor, labels[n]})
		}
	})
	r := rand.New(rand.NewPCG(uint64(d.ID), 10000))
	zipf := rand.NewZipf(r, 1.2, 8, uint64(len(provs)-1))
	perm := r.Perm(len(provs)) // the busiest provisions are anywhere in the text
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Minh Đức", "Vũ Thị Hà",
		"Đặng Quốc Huy", "Bùi Thị Lan", "Đỗ Văn Long", "Hồ Thị Mai", "Ngô Thanh Nam", "Dương Thị Oanh"}
	orgs := []string{"Hiệp hội Doanh nghiệp tỉnh", "Công ty TNHH Xây dựng Phú Hòa", "Liên đoàn Lao động tỉnh", "Sở Tư pháp",
		"Ủy ban nhân dân phường Trấn Biên", "Hội Luật gia tỉnh"}
	openers := []string{"Đề nghị cơ quan soạn thảo", "Tôi đề nghị", "Kiến nghị", "Đề nghị xem xét", "Chúng tôi đề nghị"}
	asks := []string{"làm rõ thẩm quyền quyết định và thời hạn giải quyết, tránh chồng chéo giữa các cơ quan",
		"bổ sung quy định về trách nhiệm công khai thông tin trên cổng thông tin điện tử của tỉnh",
		"điều chỉnh mức phân cấp cho phù hợp với quy mô tài sản của đơn vị cấp xã sau sắp xếp",
		"quy định cụ thể hồ sơ, trình tự, thủ tục để người dân và doanh nghiệp dễ thực hiện",
		"bỏ quy định này vì trùng lặp với nội dung đã được Nghị định của Chính phủ điều chỉnh",
		"thống nhất cách dùng thuật ngữ với Luật Quản lý, sử dụng tài sản công năm 2017 (sửa đổi, bổ sung năm 2024)"}
	whys := []string{"Thực tế tại địa phương cho thấy thời gian xử lý hiện nay kéo dài, có hồ sơ quá ba tháng chưa được giải quyết.",
		"Quy định như dự thảo khó thực hiện đối với các đơn vị có ít cán bộ làm công tác kế toán.",
		"Việc này giúp tăng tính minh bạch và tạo điều kiện cho người dân giám sát.",
		"Nếu giữ nguyên sẽ phát sinh chi phí không cần thiết cho ngân sách.", ""}
	explain := []string{"Cơ quan soạn thảo tiếp thu, đã chỉnh sửa tại dự thảo.",
		"Nội dung này đã được quy định tại Nghị định của Chính phủ; dự thảo dẫn chiếu để bảo đảm thống nhất.",
		"Tiếp thu một phần: bổ sung thời hạn giải quyết; giữ nguyên thẩm quyền như dự thảo để phù hợp với phân cấp hiện hành."}
	handlings := []consult.Handling{consult.Accepted, consult.NotAccepted, consult.Partly}
	kinds := []consult.AuthorKind{consult.Citizen, consult.Citizen, consult.Citizen, consult.Organisation, consult.Agency, consult.Expert}
	displays := []consult.Display{consult.ShowFull, consult.ShowInitials, consult.ShowAnonymous}
	const cols = 19
	type row [cols]any
	var rows []row
	counts := map[string]int{}
	base := time.Now().UTC().Add(-72 * time.Hour)
	total := consultBenchCount
	if variant == 0 {
		total += consultBenchPending
	}
	for i := range total {
		p := prov{}
		if r.IntN(10) != 0 {
			p = provs[perm[zipf.Uint64()]]
		}
		kind := kinds[r.IntN(len(kinds))]
		name, org := names[r.IntN(len(names))], ""
		if kind != consult.Citizen {
			org = orgs[r.IntN(len(orgs))]
		}
		body := fmt.Sprintf("%s %s. %s", openers[r.IntN(len(openers))], asks[r.IntN(len(asks))], whys[r.IntN(len(whys))])
		if r.IntN(4) == 0 {
			body += "\n" + fmt.Sprintf("Cụ thể, tại %s nên ghi rõ: \"%s\".", consultBenchOr(p.label, "dự thảo"), asks[r.IntN(len(asks))])
		}
		state, handling, expl := consult.Shown, consult.Handling(""), ""
		var moderated, handled any = base.Add(time.Duration(i) * time.Second), nil
		if i >= consultBenchCount {
			state, moderated = consult.Pending, nil
		} else {
			handling = handlings[r.IntN(len(handlings))]
			if handling != consult.Accepted || r.IntN(2) == 0 {
				expl = explain[r.IntN(len(explain))]
			}
			handled = base.Add(48 * time.Hour)
			counts[p.anchor]++
		}
		rows = append(rows, row{d.ID, d.Version, p.anchor, p.label, string(kind), name, org, feedback.Initials(name),
			string(displays[r.IntN(len(displays))]), fmt.Sprintf("nguoi%d@example.vn", i), body, "web", string(state),
			string(handling), expl, "203.0.113." + strconv.Itoa(i%250+1), base.Add(time.Duration(i) * time.Second), moderated, handled})
	}
	err := db.InTx(ctx, func(tx *store.Tx) error {
		const batch = 200
		for i := 0; i < len(rows); i += batch {
			chunk := rows[i:min(i+batch, len(rows))]
			q := `INSERT INTO consult_comments (draft_id, version, anchor, provision, author_kind, name, organisation, initials,
				display, email, body, channel, state, handling, explanation, client_ip, received_at, moderated_at, handled_at) VALUES `
			args := make([]any, 0, len(chunk)*cols)
			for j, rw := range chunk {
				if j > 0 {
					q += ", "
				}
				q += "(" + store.Placeholders(cols) + ")"
				args = append(args, rw[:]...)
			}
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return err
			}
		}
		// One in twenty published comments repeats an earlier one on the
		// same provision: grouped under it.
		list, err := tx.Query(ctx, `SELECT id, anchor FROM consult_comments WHERE draft_id = ? AND state = 'published' ORDER BY id`, d.ID)
		if err != nil {
			return err
		}
		first := map[string]int64{}
		var dups [][2]int64
		for k := 0; list.Next(); k++ {
			var id int64
			var anchor string
			if err := list.Scan(&id, &anchor); err != nil {
				list.Close()
				return err
			}
			if f, ok := first[anchor]; ok && k%20 == 0 {
				dups = append(dups, [2]int64{id, f})
			} else if !ok {
				first[anchor] = id
			}
		}
		list.Close()
		for _, dp := range dups {
			if _, err := tx.Exec(ctx, `UPDATE consult_comments SET duplicate_of = ? WHERE id = ?`, dp[1], dp[0]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		if _, err := db.Exec(ctx, `ANALYZE consult_comments`); err != nil {
			b.Fatal(err)
		}
	}
	return counts
}

func consultBenchOr(s, or string) string {
	if s == "" {
		return or
	}
	return s
}

// consultBenchPage measures the page at path through the whole handler
// (sub-benchmark "portal"), then a bare handler writing the same bytes
// ("plain"), as BenchmarkPageCacheHit compares them.
func consultBenchPage(b *testing.B, f *consultBenchFixture, path string, signedIn bool) {
	req := func() *http.Request {
		r := httptest.NewRequest("GET", path, nil)
		if signedIn {
			r.AddCookie(f.cookie)
		}
		return r
	}
	rec := httptest.NewRecorder()
	f.srv.ServeHTTP(rec, req())
	if rec.Code != http.StatusOK {
		b.Fatalf("%s answers %d: %.300s", path, rec.Code, rec.Body.String())
	}
	if c := rec.Header().Get("X-Cache"); c == "hit" {
		b.Fatalf("%s came from the page cache", path)
	}
	body := append([]byte(nil), rec.Body.Bytes()...)
	ctype := rec.Header().Get("Content-Type")
	plain := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	b.Logf("%s: %d bytes", path, len(body))
	for _, bb := range []struct {
		name string
		h    http.Handler
	}{{"portal", f.srv}, {"plain", plain}} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			w := &discardWriter{h: http.Header{}}
			defer web.CPUPerOp(b)()
			for i := 0; i < b.N; i++ {
				clear(w.h)
				bb.h.ServeHTTP(w, req())
			}
		})
	}
}

// BenchmarkConsultDraftPageUncached renders, with the page cache off:
// the public page of the open draft (its text with a comment control and
// the count on each of its provisions, the latest comments), the same
// page once the synthesis is published (the table of 10,000 comments is
// on it), the published comments on the busiest provision, and the
// staff page of the open draft (200 comments waiting for moderation, the
// figures, and the synthesis being prepared with a handling form per
// comment). Target (issue 14): the public page < 50 ms.
func BenchmarkConsultDraftPageUncached(b *testing.B) {
	consultBenchBackends(b, func(b *testing.B, f *consultBenchFixture) {
		b.Logf("busiest provision %s: %d published comments", f.busiest, f.busiestN)
		b.Run("public", func(b *testing.B) { consultBenchPage(b, f, consult.Path(f.open.Slug), false) })
		b.Run("public-published", func(b *testing.B) { consultBenchPage(b, f, consult.Path(f.published.Slug), false) })
		b.Run("comments", func(b *testing.B) {
			consultBenchPage(b, f, consult.Path(f.open.Slug)+"/y-kien?muc="+f.busiest, false)
		})
		b.Run("staff", func(b *testing.B) {
			consultBenchPage(b, f, "/quan-tri/s/"+f.siteCode+"/lay-y-kien/"+strconv.FormatInt(f.open.ID, 10), true)
		})
	})
}

// consultBenchSynthesis downloads the published synthesis as ext through the
// public handler: the 10,000 comments read, grouped in the order of the
// text, and written as the document. Beside B/op (every byte allocated
// during a download, garbage included) it reports, sampled every
// millisecond above the heap before the downloads: peak-MB, the most the
// heap grew (live objects and garbage not yet collected: what the
// process needed with the collector's setting of the run, GOGC), and
// live-MB, the largest live heap a collection found during the downloads
// (what a download holds at once, whatever GOGC).
// Target (issue 14): < 3 s and < 200 MB each.
func consultBenchSynthesis(b *testing.B, ext string) {
	consultBenchBackends(b, func(b *testing.B, f *consultBenchFixture) {
		path := consult.Path(f.published.Slug) + "/tong-hop." + ext
		rec := httptest.NewRecorder()
		f.srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("%s answers %d: %.300s", path, rec.Code, rec.Body.String())
		}
		size := rec.Body.Len()
		b.Logf("%s: %d bytes", path, size)
		b.Run(ext, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			var peak, live atomic.Uint64
			var baseline, liveBase uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			liveNow := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			sample := func() {
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > baseline && ms.HeapAlloc-baseline > peak.Load() {
					peak.Store(ms.HeapAlloc - baseline)
				}
				metrics.Read(liveNow)
				if l := liveNow[0].Value.Uint64(); l > liveBase && l-liveBase > live.Load() {
					live.Store(l - liveBase)
				}
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			baseline = ms.HeapAlloc
			metrics.Read(liveNow)
			liveBase = liveNow[0].Value.Uint64()
			wg.Go(func() {
				t := time.NewTicker(time.Millisecond)
				defer t.Stop()
				for {
					select {
					case <-stop:
						return
					case <-t.C:
						sample()
					}
				}
			})
			done := web.CPUPerOp(b)
			for i := 0; i < b.N; i++ {
				w := &discardWriter{h: http.Header{}}
				f.srv.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			}
			done()
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MB")
			b.ReportMetric(float64(live.Load())/(1<<20), "live-MB")
		})
	})
}

// BenchmarkConsultSynthesisDOCX downloads the synthesis as DOCX.
func BenchmarkConsultSynthesisDOCX(b *testing.B) { consultBenchSynthesis(b, "docx") }

// BenchmarkConsultSynthesisXLSX downloads the synthesis as XLSX.
func BenchmarkConsultSynthesisXLSX(b *testing.B) { consultBenchSynthesis(b, "xlsx") }

// BenchmarkConsultSynthesisPDF downloads the synthesis as PDF.
func BenchmarkConsultSynthesisPDF(b *testing.B) { consultBenchSynthesis(b, "pdf") }
