package web_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/cli"
	"github.com/congportal/cong/internal/gazette"
	"github.com/congportal/cong/internal/pdfdoc"
	"github.com/congportal/cong/internal/pdfdoc/pdfdoctest"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
	"github.com/congportal/cong/internal/vn"
	"github.com/congportal/cong/internal/web"
)

// gazetteKit prepares gazette documents and issues through the server's
// own store, as the demo's gazette officer (congbao) would.
type gazetteKit struct {
	h      *harness
	gz     *gazette.Store
	office gazette.Person
}

func newGazetteKit(h *harness) *gazetteKit {
	h.t.Helper()
	u, err := h.users.ByUsername(context.Background(), "congbao")
	if err != nil {
		h.t.Fatalf("the demo's gazette officer: %v", err)
	}
	return &gazetteKit{h: h, gz: h.web.Gazette(), office: gazette.Person{User: u, MainID: h.main.ID, IP: "test"}}
}

// today is the day in Vietnam on the harness's clock.
func (k *gazetteKit) today() string { return vn.Day(k.h.clock.Now()) }

// year is this year in Vietnam.
func (k *gazetteKit) year() int { return k.h.clock.Now().In(vn.ICT).Year() }

// receive stores a document signed today.
func (k *gazetteKit) receive(number string, pdf []byte) *gazette.Doc {
	k.h.t.Helper()
	d, err := k.gz.Receive(context.Background(), k.h.main.ID, gazette.Intake{Number: number, DocType: "Quyết định",
		Issuer: "Ủy ban nhân dân tỉnh", Signer: "Nguyễn Văn Ký", Field: "Xây dựng", SignedOn: k.today(),
		Abstract: "Văn bản thử nghiệm " + number, PDF: pdf}, k.office)
	if err != nil {
		k.h.t.Fatalf("receive %s: %v", number, err)
	}
	return d
}

// issue prepares an issue of this year numbered num with the documents.
func (k *gazetteKit) issue(num int, docs ...*gazette.Doc) *gazette.Issue {
	k.h.t.Helper()
	req := gazette.IssueRequest{Year: k.year(), NumFrom: num, IssueDate: k.today()}
	for _, d := range docs {
		req.DocIDs = append(req.DocIDs, d.ID)
	}
	is, err := k.gz.CreateIssue(context.Background(), k.h.main.ID, req, k.office)
	if err != nil {
		k.h.t.Fatalf("issue %d: %v", num, err)
	}
	return is
}

// publish publishes a prepared issue.
func (k *gazetteKit) publish(is *gazette.Issue) *gazette.Issue {
	k.h.t.Helper()
	is, err := k.gz.PublishIssue(context.Background(), is.ID, gazette.Cover{ParentAgency: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", Agency: "VĂN PHÒNG"}, k.office)
	if err != nil {
		k.h.t.Fatalf("publish %s: %v", is.Label, err)
	}
	return is
}

func (k *gazetteKit) doc(id int64) *gazette.Doc {
	k.h.t.Helper()
	d, err := k.gz.Get(context.Background(), id)
	if err != nil {
		k.h.t.Fatal(err)
	}
	return d
}

// count runs a COUNT query.
func (k *gazetteKit) count(q string, args ...any) int {
	k.h.t.Helper()
	var n int
	if err := k.h.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		k.h.t.Fatal(err)
	}
	return n
}

// officer signs in a new holder of the gazette role on the main portal.
func (k *gazetteKit) officer(name string) *browser {
	k.h.t.Helper()
	k.h.person(name, account.Gazette, "dong-nai")
	b := k.h.browser()
	b.signIn(name)
	return b
}

// intakeForm is the intake form's fields as the office types them.
func intakeForm(number, signedOn, issuer, typ, abstract string) map[string]string {
	return map[string]string{"number": number, "type": typ, "issuer": issuer, "signer": "Chủ tịch UBND tỉnh Lê Văn Ấn",
		"field": "Tài nguyên và môi trường", "signed_on": signedOn, "effective_on": signedOn, "abstract": abstract}
}

// receiveOver posts the intake form with the PDF.
func receiveOver(b *browser, fields map[string]string, pdf []byte) page {
	b.h.t.Helper()
	return b.postFile("/quan-tri/cong-bao/van-ban", fields, "file", "van-ban.pdf", pdf)
}

var gazDocLocRE = regexp.MustCompile(`^/quan-tri/cong-bao/van-ban/(\d+)\?luu=1$`)
var gazIssueLocRE = regexp.MustCompile(`^/quan-tri/cong-bao/so/(\d+)\?luu=1$`)

// idFrom reads the id a redirect names.
func idFrom(t *testing.T, re *regexp.Regexp, p page) int64 {
	t.Helper()
	m := re.FindStringSubmatch(p.location)
	if p.status != http.StatusSeeOther || m == nil {
		t.Fatalf("want a redirect matching %s, got %d %q\n%.3000s", re, p.status, p.location, p.body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// TestGazetteOfficePath (issue 16) follows the gazette office over HTTP
// on both databases: a signed PDF received under a number typed any way,
// a tampered one flagged, an issue of both whose publication is refused
// naming the flagged number until the override is recorded; then the
// public side: the issue grouped by issuing body and type with pages,
// the document's signature statement, its PDF (and 404 for a file not
// yet published), the legal document linked both ways, search by number
// in two typings, the chained log as JSON, the Atom feed, the sitemap
// and the Dublin Core metadata.
func TestGazetteOfficePath(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		k := newGazetteKit(h)
		ctx := context.Background()
		office := k.officer("gz-vanphong")
		today := k.today()
		const signer = "Lê Văn Ấn"
		signed := pdfdoctest.Signed(t, "Quyết định về quản lý tài nguyên nước mặt trên địa bàn tỉnh.", signer)
		tampered := pdfdoctest.Tamper(pdfdoctest.Signed(t, "Nghị quyết về mức thu phí tham quan di tích.", "Trần Thị Bảy"))
		waitingPDF := pdfdoctest.Signed(t, "Chỉ thị chưa đăng Công báo.", signer)

		// The signed one, its number typed in lower case with hyphens.
		abs15 := "Ban hành Quy định quản lý tài nguyên nước mặt trên địa bàn tỉnh"
		p := receiveOver(office, intakeForm("15-2026-qd-ubnd", today, "Ủy ban nhân dân tỉnh", "Quyết định", abs15), signed)
		id15 := idFrom(t, gazDocLocRE, p)
		d15 := k.doc(id15)
		if d15.Number != "15/2026/QĐ-UBND" || d15.SigStatus != gazette.SigVerified || d15.SigSigner != signer {
			t.Errorf("stored as %q, signature %s by %q", d15.Number, d15.SigStatus, d15.SigSigner)
		}
		staff := office.get(p.location)
		for _, want := range []string{"15/2026/QĐ-UBND", "Chữ ký số hợp lệ", signer, abs15, "chưa được cấu hình chứng thư gốc tin cậy"} {
			if staff.status != http.StatusOK || !strings.Contains(staff.body, want) {
				t.Errorf("the staff page of the signed document lacks %q (%d)", want, staff.status)
			}
		}
		// The tampered one: flagged.
		abs16 := "Quy định mức thu phí tham quan di tích lịch sử"
		p = receiveOver(office, intakeForm("16/2026/NQ-HĐND", today, "Hội đồng nhân dân tỉnh", "Nghị quyết", abs16), tampered)
		id16 := idFrom(t, gazDocLocRE, p)
		if d := k.doc(id16); d.SigStatus != gazette.SigAltered || d.SigProblem == "" {
			t.Errorf("the tampered PDF: %s %q", d.SigStatus, d.SigProblem)
		}
		if staff := office.get(p.location); !strings.Contains(staff.body, "Tài liệu đã bị thay đổi sau khi ký") ||
			!strings.Contains(staff.body, "/cho-dang") {
			t.Errorf("the staff page of the tampered document does not flag it or offer the override:\n%.3000s", staff.body)
		}
		// A third stays waiting: its file is not public.
		p = receiveOver(office, intakeForm("17/2026/CT-UBND", today, "Ủy ban nhân dân tỉnh", "Chỉ thị", "Tăng cường phòng cháy mùa khô"), waitingPDF)
		id17 := idFrom(t, gazDocLocRE, p)

		// The issue of both.
		p = office.post("/quan-tri/cong-bao/so", url.Values{"year": {strconv.Itoa(k.year())}, "num_from": {"3"},
			"issue_date": {today}, "doc": {itoa(id15), itoa(id16)}})
		issueID := idFrom(t, gazIssueLocRE, p)
		publish := "/quan-tri/cong-bao/so/" + itoa(issueID) + "/phat-hanh"
		p = office.post(publish, nil)
		if p.status != http.StatusConflict || !strings.Contains(p.body, "16/2026/NQ-HĐND") || strings.Contains(p.body, "15/2026/QĐ-UBND chưa") {
			t.Errorf("publishing with a flagged document: %d\n%.3000s", p.status, p.body)
		}
		if n := k.count(`SELECT COUNT(*) FROM gazette_issues WHERE id = ? AND state = 'draft'`, issueID); n != 1 {
			t.Error("the refused issue was published")
		}
		// An override without a reason is refused; with one, recorded.
		if p = office.post("/quan-tri/cong-bao/van-ban/"+itoa(id16)+"/cho-dang", url.Values{"reason": {"  "}}); p.status != http.StatusUnprocessableEntity ||
			!strings.Contains(p.body, "Xin ghi lý do") {
			t.Errorf("an override without a reason: %d", p.status)
		}
		const reason = "Đã đối chiếu bản gốc giấy có chữ ký và con dấu."
		if p = office.post("/quan-tri/cong-bao/van-ban/"+itoa(id16)+"/cho-dang", url.Values{"reason": {reason}}); p.status != http.StatusSeeOther {
			t.Fatalf("override: %d\n%.2000s", p.status, p.body)
		}
		if p = office.post(publish, nil); p.status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%.3000s", p.status, p.body)
		}
		is, err := k.gz.Issue(ctx, issueID)
		if err != nil {
			t.Fatal(err)
		}
		if is.State != "published" || is.Label != "Số 03/"+strconv.Itoa(k.year()) || is.Slug != fmt.Sprintf("%d-03", k.year()) {
			t.Errorf("published issue: %s %q %q", is.State, is.Label, is.Slug)
		}
		d15, d16 := k.doc(id15), k.doc(id16)

		anon := h.browser()
		// The public issue page: grouped by issuing body and type (Hội
		// đồng before Ủy ban), each document with its page.
		ip := anon.get(gazette.IssuePath(is))
		if ip.status != http.StatusOK {
			t.Fatalf("%s: %d", gazette.IssuePath(is), ip.status)
		}
		g16 := strings.Index(ip.body, "<h3>Hội đồng nhân dân tỉnh – Nghị quyết</h3>")
		g15 := strings.Index(ip.body, "<h3>Ủy ban nhân dân tỉnh – Quyết định</h3>")
		if g16 < 0 || g15 < 0 || g16 > g15 {
			t.Errorf("the issue's groups: HĐND at %d, UBND at %d\n%.4000s", g16, g15, ip.body)
		}
		for _, d := range []*gazette.Doc{d15, d16} {
			i := strings.Index(ip.body, `href="`+gazette.DocPath(d)+`"`)
			if d.PageStart < 2 || i < 0 || !strings.Contains(ip.body[i:], "Trang "+strconv.Itoa(d.PageStart)) {
				t.Errorf("the issue page lists %s at %d, page %d", d.Number, i, d.PageStart)
			}
		}
		if i15 := strings.Index(ip.body, gazette.DocPath(d15)); i15 < g15 || strings.Index(ip.body, gazette.DocPath(d16)) > g15 {
			t.Error("a document is listed outside its group")
		}
		if d16.PageStart >= d15.PageStart {
			t.Errorf("pages: %s at %d, %s at %d; the HĐND's resolution comes first", d16.Number, d16.PageStart, d15.Number, d15.PageStart)
		}
		dublinCore(t, "issue page", ip.body, map[string]string{"DC.title": "Công báo " + is.Label, "DC.date": today, "DC.identifier": is.Label})

		// The documents' pages: the signature statement.
		dp := anon.get(gazette.DocPath(d15))
		if dp.status != http.StatusOK || !strings.Contains(dp.body, "Đã ký số bởi "+signer+", lúc ") ||
			!strings.Contains(dp.body, "tài liệu không bị thay đổi sau khi ký.") {
			t.Errorf("the signed document's page: %d\n%.4000s", dp.status, dp.body)
		}
		dublinCore(t, "document page", dp.body, map[string]string{"DC.identifier": "15/2026/QĐ-UBND", "DC.date": today,
			"DC.creator": "Ủy ban nhân dân tỉnh", "DC.source": "Công báo " + is.Label})
		if p := anon.get(gazette.DocPath(d16)); !strings.Contains(p.body, "Tài liệu đã bị thay đổi sau khi ký") ||
			!strings.Contains(p.body, "Đăng theo quyết định của cơ quan Công báo") || strings.Contains(p.body, "Đã ký số bởi") {
			t.Errorf("the overridden document's page: %d\n%.4000s", p.status, p.body)
		}
		if p := anon.get("/cong-bao/van-ban/" + itoa(id17)); p.status != http.StatusNotFound {
			t.Errorf("a waiting document's public page: %d", p.status)
		}

		// The files: the published ones as stored, the waiting one not found.
		for what, f := range map[string]struct {
			sum  string
			want []byte
		}{"signed document": {d15.PDFSHA256, signed}, "tampered document": {d16.PDFSHA256, tampered}, "issue": {is.PDFSHA256, nil}} {
			p := anon.get(gazette.FilePath(f.sum))
			if p.status != http.StatusOK || p.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(p.body, "%PDF-") ||
				(f.want != nil && p.body != string(f.want)) {
				t.Errorf("the %s's PDF: %d %q, %d bytes", what, p.status, p.header.Get("Content-Type"), len(p.body))
			}
		}
		if !strings.Contains(dp.body, `href="`+gazette.FilePath(d15.PDFSHA256)+`"`) {
			t.Error("the document's page does not link its PDF")
		}
		if p := anon.get(gazette.FilePath(k.doc(id17).PDFSHA256)); p.status != http.StatusNotFound || strings.HasPrefix(p.body, "%PDF") {
			t.Errorf("a file not yet published: %d", p.status)
		}
		if p := office.get("/quan-tri/cong-bao/tep/" + k.doc(id17).PDFSHA256 + ".pdf"); p.status != http.StatusOK || p.body != string(waitingPDF) {
			t.Errorf("the office's copy of the waiting file: %d", p.status)
		}

		// The legal document, linked both ways.
		m := regexp.MustCompile(`<a href="([^"]+)">Xem trong Cơ sở dữ liệu văn bản</a>`).FindStringSubmatch(dp.body)
		if m == nil || !strings.HasPrefix(m[1], "/van-ban/") {
			t.Fatalf("the document's page does not link its legal document:\n%.4000s", dp.body)
		}
		lp := anon.get(m[1])
		for _, want := range []string{"15/2026/QĐ-UBND", `href="` + gazette.IssuePath(is) + `"`, "Công báo " + is.Label + "</a>, Trang " + strconv.Itoa(d15.PageStart),
			`href="` + gazette.DocPath(d15) + `"`} {
			if lp.status != http.StatusOK || !strings.Contains(lp.body, want) {
				t.Errorf("the legal document %s lacks %q (%d)", m[1], want, lp.status)
			}
		}

		// Search by number in two typings.
		for _, q := range []string{"15/2026/QĐ-UBND", "15-2026-qd-ubnd"} {
			if p := anon.get("/tim-kiem?q=" + url.QueryEscape(q)); p.status != http.StatusOK || !strings.Contains(p.body, gazette.DocPath(d15)) {
				t.Errorf("the search for %q does not find the gazette document: %d", q, p.status)
			}
			if p := anon.get("/cong-bao?q=" + url.QueryEscape(q)); !strings.Contains(p.body, gazette.DocPath(d15)) || strings.Contains(p.body, gazette.DocPath(d16)) {
				t.Errorf("the gazette's own search for %q: %d", q, p.status)
			}
		}

		// The log: JSON whose entries chain.
		entries := gazetteLog(t, anon)
		var sawDoc, sawIssue bool
		for i, e := range entries {
			if i > 0 && e.PrevHash != entries[i-1].Hash {
				t.Errorf("entry %d: prev_hash %s, the previous entry's hash %s", e.ID, e.PrevHash, entries[i-1].Hash)
			}
			sawDoc = sawDoc || (e.Ref == "van-ban/"+itoa(id15) && e.FileSHA256 == d15.PDFSHA256)
			sawIssue = sawIssue || (e.Ref == "so/"+is.Slug && e.FileSHA256 == is.PDFSHA256)
		}
		if len(entries) == 0 || entries[0].PrevHash != strings.Repeat("0", 64) || !sawDoc || !sawIssue {
			t.Errorf("the log: %d entries, first prev %q, has the document %v, the issue %v", len(entries), entries[0].PrevHash, sawDoc, sawIssue)
		}

		// The Atom feed parses and lists the issue.
		if a := readAtom(anon, "/cong-bao/feed.atom"); !strings.HasSuffix(a.find("Công báo "+is.Label), gazette.IssuePath(is)) {
			t.Errorf("the feed: %+v", a.Entries)
		}
		// The sitemap lists the issue and the document.
		locs := sitemapURLs(t, anon)
		for _, path := range []string{gazette.IssuePath(is), gazette.DocPath(d15), gazette.DocPath(d16)} {
			found := false
			for _, l := range locs {
				found = found || strings.HasSuffix(l, path)
			}
			if !found {
				t.Errorf("the sitemap lacks %s", path)
			}
		}
	})
}

// dublinCore checks a page's Dublin Core meta tags.
func dublinCore(t *testing.T, what, body string, want map[string]string) {
	t.Helper()
	if !strings.Contains(body, `<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">`) {
		t.Errorf("the %s lacks the DC schema link", what)
	}
	for name, v := range want {
		if !strings.Contains(body, `<meta name="`+name+`" content="`+v+`">`) {
			t.Errorf("the %s lacks <meta name=%q content=%q>", what, name, v)
		}
	}
}

// gazetteLog reads every page of /cong-bao/nhat-ky.json.
func gazetteLog(t *testing.T, b *browser) []gazette.Entry {
	t.Helper()
	var all []gazette.Entry
	path := "/cong-bao/nhat-ky.json"
	for range 100 {
		p := b.get(path)
		var out struct {
			About   string          `json:"about"`
			Entries []gazette.Entry `json:"entries"`
			Next    string          `json:"next"`
		}
		if p.status != http.StatusOK || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %q", path, p.status, p.header.Get("Content-Type"))
		}
		dec := json.NewDecoder(strings.NewReader(p.body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&out); err != nil {
			t.Fatalf("%s is not the log's JSON: %v\n%.2000s", path, err, p.body)
		}
		all = append(all, out.Entries...)
		if out.Next == "" {
			return all
		}
		u, err := url.Parse(out.Next)
		if err != nil {
			t.Fatal(err)
		}
		path = u.RequestURI()
	}
	t.Fatal("the log pages on and on")
	return nil
}

// sitemapURLs reads the sitemap, a set or an index of sets.
func sitemapURLs(t *testing.T, b *browser) []string {
	t.Helper()
	p := b.get("/sitemap.xml")
	var doc sitemapDoc
	if p.status != http.StatusOK || xml.Unmarshal([]byte(p.body), &doc) != nil {
		t.Fatalf("/sitemap.xml: %d\n%.1000s", p.status, p.body)
	}
	urls := doc.URLs
	for _, f := range doc.Files {
		u, _ := url.Parse(f)
		fp := b.get(u.RequestURI())
		var set sitemapDoc
		if fp.status != http.StatusOK || xml.Unmarshal([]byte(fp.body), &set) != nil {
			t.Fatalf("%s: %d", f, fp.status)
		}
		urls = append(urls, set.URLs...)
	}
	return urls
}

// manyPages is a well-formed PDF of n empty pages, written by hand (a
// document of 5,000 pages set by WritePDF takes far longer to make).
func manyPages(n int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, n+3)
	obj := func(i int, body string) {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i, body)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	var kids strings.Builder
	for i := range n {
		fmt.Fprintf(&kids, "%d 0 R ", i+3)
	}
	obj(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] /Resources << >> >>", kids.String(), n))
	for i := range n {
		obj(i+3, "<< /Type /Page /Parent 2 0 R >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", n+3)
	for i := 1; i < n+3; i++ {
		fmt.Fprintf(&b, "%010d 00000 n \n", offsets[i])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", n+3, xref)
	return b.Bytes()
}

// zeros reads as many zero bytes as asked, without holding them.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestGazetteBadInput (issue 16 proof, bad input): over HTTP, a file that
// is not a PDF, an encrypted PDF, a file over 100 MB, a PDF of 5,000
// pages, a number that does not parse, a signing date in the future and
// a number already received are each refused with a clear Vietnamese
// message (422, or 413 for the size, never 500), nothing is stored, and
// what was typed is kept in the form.
func TestGazetteBadInput(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db, trustLoopback)
		k := newGazetteKit(h)
		office := k.officer("gz-tiepnhan")
		today := k.today()
		tomorrow := vn.Day(h.clock.Now().Add(24 * time.Hour))
		signed := pdfdoctest.Signed(t, "Quyết định về quản lý chợ.", "Lê Văn Ấn")
		if p := receiveOver(office, intakeForm("15/2026/QĐ-UBND", today, "Ủy ban nhân dân tỉnh", "Quyết định", "Văn bản đã nhận trước"), signed); p.status != http.StatusSeeOther {
			t.Fatalf("the first document: %d\n%.2000s", p.status, p.body)
		}
		var encrypted bytes.Buffer
		if err := api.Encrypt(bytes.NewReader(pdfdoctest.Unsigned(t, "Văn bản mật")), &encrypted, model.NewAESConfiguration("mo", "chu", 256)); err != nil {
			t.Fatal(err)
		}
		long := manyPages(5000)
		files := func() int { return k.count(`SELECT COUNT(*) FROM gazette_files`) }
		docs := func() int { return k.count(`SELECT COUNT(*) FROM gazette_docs`) }
		files0, docs0 := files(), docs()
		other := pdfdoctest.Signed(t, "Quyết định khác.", "Lê Văn Ấn")
		for _, c := range []struct {
			name           string
			number, signed string
			pdf            []byte
			want           string
		}{
			{"not a PDF", "21/2026/QĐ-UBND", today, []byte("Đây là văn bản thường, không phải tệp PDF.\n"), "Tệp không phải PDF"},
			{"encrypted", "22/2026/QĐ-UBND", today, encrypted.Bytes(), "PDF có mật khẩu hoặc bị mã hóa"},
			{"5,000 pages", "23/2026/QĐ-UBND", today, long, "PDF dài 5000 trang, quá mức 2000 trang"},
			{"number", "số mười lăm", today, other, "Số ký hiệu không đọc được"},
			{"future", "24/2026/QĐ-UBND", tomorrow, other, "Ngày ký ở tương lai"},
			{"duplicate", "15-2026-qd-ubnd", today, other, "Văn bản số 15/2026/QĐ-UBND đã được tiếp nhận"},
		} {
			abstract := "Quy định về " + c.name + " – giữ nguyên nội dung đã gõ"
			fields := intakeForm(c.number, c.signed, "Hội đồng nhân dân tỉnh Đồng Nai", "Nghị quyết", abstract)
			start := time.Now()
			p := receiveOver(office, fields, c.pdf)
			if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, c.want) {
				t.Errorf("%s: %d, want 422 with %q\n%.3000s", c.name, p.status, c.want, p.body)
				continue
			}
			for _, kept := range []string{`value="` + c.number + `"`, `value="Hội đồng nhân dân tỉnh Đồng Nai"`, `value="` + dayOf(c.signed) + `"`,
				`value="Chủ tịch UBND tỉnh Lê Văn Ấn"`, `value="Tài nguyên và môi trường"`, ">" + abstract + "</textarea>", "<option selected>Nghị quyết</option>"} {
				if !strings.Contains(p.body, kept) {
					t.Errorf("%s: the form does not keep %s", c.name, kept)
				}
			}
			t.Logf("%s: refused in %v", c.name, time.Since(start).Round(time.Millisecond))
		}
		// Over 100 MB: refused by the body limit before it is read.
		p := postHuge(office, "/quan-tri/cong-bao/van-ban", intakeForm("25/2026/QĐ-UBND", today, "Ủy ban nhân dân tỉnh", "Quyết định", "Tệp quá lớn"), 120<<20)
		if p.status != http.StatusRequestEntityTooLarge || !strings.Contains(p.body, "Tệp quá lớn: văn bản đăng Công báo tối đa 100 MB.") {
			t.Errorf("a 120 MB file: %d\n%.2000s", p.status, p.body)
		}
		if f, d := files(), docs(); f != files0 || d != docs0 {
			t.Errorf("refused documents were stored: files %d → %d, documents %d → %d", files0, f, docs0, d)
		}
		// The limit is the file's: 100 MB of PDF passes the body limit
		// and is then refused by the PDF check, with its size.
		p = postHuge(office, "/quan-tri/cong-bao/van-ban", intakeForm("26/2026/QĐ-UBND", today, "Ủy ban nhân dân tỉnh", "Quyết định", "Tệp vừa quá 100 MB"),
			pdfdoc.MaxBytes+1-int64(len(hugeHead)))
		if p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "quá mức 100 MB") || !strings.Contains(p.body, "Tệp vừa quá 100 MB") {
			t.Errorf("a file of 100 MB and one byte: %d\n%.2000s", p.status, p.body)
		}
		if d := docs(); d != docs0 {
			t.Error("the file over the limit was stored")
		}
	})
}

const hugeHead = "%PDF-1.7\n"

// postHuge posts the intake form with a file of size bytes (after
// hugeHead) streamed, the
// request's length given up front as a browser does.
func postHuge(b *browser, path string, fields map[string]string, size int64) page {
	b.h.t.Helper()
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.CreateFormFile("file", "rat-lon.pdf")
	head.WriteString(hugeHead)
	tail := "\r\n--" + mw.Boundary() + "--\r\n"
	body := io.MultiReader(bytes.NewReader(head.Bytes()), io.LimitReader(zeros{}, size), strings.NewReader(tail))
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, body)
	req.ContentLength = int64(head.Len()) + size + int64(len(tail))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.h.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// TestGazetteWithdrawAndVerify (issue 16 items 6–7): a published
// document withdrawn over HTTP with a reason shows it on its public page
// and stays on record; `cong gazette verify` still passes; one byte of a
// stored file changed in the database is then named by verify, and the
// changed bytes are never served.
func TestGazetteWithdrawAndVerify(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		t.Run(backend, func(t *testing.T) {
			ctx := context.Background()
			var db *store.DB
			var where []string
			if backend == "sqlite" {
				dir := t.TempDir()
				db = storetest.SQLiteIn(t, dir)
				where = []string{"--data", dir}
			} else {
				u := storetest.PostgresURL(t)
				var err error
				if db, err = store.Open(ctx, u, ""); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				if _, err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				where = []string{"--database", u}
			}
			verify := func() (string, error) {
				var out, errb bytes.Buffer
				err := cli.Run(ctx, append([]string{"gazette", "verify"}, where...), func(string) string { return "" }, &out, &errb)
				return out.String(), err
			}
			h := newHarness(t, db, trustLoopback)
			k := newGazetteKit(h)
			signed := pdfdoctest.Signed(t, "Quyết định về phí trông giữ xe.", "Lê Văn Ấn")
			d := k.receive("41/2026/QĐ-UBND", signed)
			keep := k.receive("42/2026/QĐ-UBND", pdfdoctest.Signed(t, "Quyết định khác.", "Lê Văn Ấn"))
			is := k.publish(k.issue(7, d, keep))
			if out, err := verify(); err != nil || !strings.Contains(out, "nguyên vẹn") {
				t.Fatalf("verify after publication: %v\n%s", err, out)
			}

			// The public pages read (and cached) before the withdrawal.
			anon := h.browser()
			for _, path := range []string{gazette.DocPath(d), gazette.IssuePath(is)} {
				if p := anon.get(path); p.status != http.StatusOK || strings.Contains(p.body, "Văn bản đã bị thu hồi") {
					t.Fatalf("%s before the withdrawal: %d", path, p.status)
				}
			}
			office := k.officer("gz-thuhoi")
			withdraw := "/quan-tri/cong-bao/van-ban/" + itoa(d.ID) + "/thu-hoi"
			if p := office.post(withdraw, url.Values{"reason": {""}}); p.status != http.StatusUnprocessableEntity || !strings.Contains(p.body, "Xin ghi lý do thu hồi") {
				t.Errorf("a withdrawal without a reason: %d", p.status)
			}
			const reason = "Văn bản bị bãi bỏ theo Quyết định số 50/2026/QĐ-UBND."
			if p := office.post(withdraw, url.Values{"reason": {reason}}); p.status != http.StatusSeeOther {
				t.Fatalf("withdraw: %d\n%.2000s", p.status, p.body)
			}
			if p := office.post(withdraw, url.Values{"reason": {reason}}); p.status != http.StatusConflict {
				t.Errorf("withdrawn twice: %d", p.status)
			}
			p := anon.get(gazette.DocPath(d))
			if p.status != http.StatusOK || !strings.Contains(p.body, "Văn bản đã bị thu hồi") || !strings.Contains(p.body, reason) {
				t.Errorf("the withdrawn document's page: %d\n%.3000s", p.status, p.body)
			}
			if p := anon.get(gazette.IssuePath(is)); !strings.Contains(p.body, gazette.DocPath(d)) || !strings.Contains(p.body, "Văn bản đã bị thu hồi") {
				t.Errorf("the issue no longer lists the withdrawn document, or not as withdrawn: %d", p.status)
			}
			if p := anon.get(gazette.FilePath(d.PDFSHA256)); p.status != http.StatusOK || p.body != string(signed) {
				t.Errorf("the withdrawn document's file (kept on record): %d", p.status)
			}
			// Its legal document says so too.
			var slug string
			if err := db.QueryRow(context.Background(), `SELECT i.slug FROM items i JOIN gazette_docs g ON g.item_id = i.id WHERE g.id = ?`, d.ID).Scan(&slug); err != nil {
				t.Fatalf("the withdrawn document's legal document: %v", err)
			}
			if p := anon.get("/van-ban/" + slug); p.status != http.StatusOK || !strings.Contains(p.body, "Văn bản đã bị thu hồi") || !strings.Contains(p.body, reason) {
				t.Errorf("the legal document of a withdrawn gazette document does not say so: %d", p.status)
			}
			var last gazette.Entry
			if entries := gazetteLog(t, anon); len(entries) > 0 {
				last = entries[len(entries)-1]
			}
			if last.Kind != "doc.withdraw" || last.Ref != "van-ban/"+itoa(d.ID) || !strings.Contains(string(last.Record), reason) {
				t.Errorf("the log's last entry: %+v", last)
			}
			if out, err := verify(); err != nil || !strings.Contains(out, "nguyên vẹn") {
				t.Fatalf("verify after the withdrawal: %v\n%s", err, out)
			}

			// One byte of the stored document changed behind the log's back.
			var data string
			if err := db.QueryRow(ctx, `SELECT data FROM gazette_files WHERE sha256 = ?`, keep.PDFSHA256).Scan(&data); err != nil {
				t.Fatal(err)
			}
			raw, err := base64.StdEncoding.DecodeString(data)
			if err != nil {
				t.Fatal(err)
			}
			raw[len(raw)/2] ^= 0x20
			if _, err := db.Exec(ctx, `UPDATE gazette_files SET data = ? WHERE sha256 = ?`, base64.StdEncoding.EncodeToString(raw), keep.PDFSHA256); err != nil {
				t.Fatal(err)
			}
			out, err := verify()
			if err == nil || !strings.Contains(out, "van-ban/"+itoa(keep.ID)) || !strings.Contains(out, "tệp "+keep.PDFSHA256[:12]+"… bị thiếu hoặc đã bị thay đổi") {
				t.Errorf("verify after a byte of a file changed: %v\n%s", err, out)
			}
			if strings.Contains(out, "van-ban/"+itoa(d.ID)+")") {
				t.Errorf("verify names the untouched document too:\n%s", out)
			}
			problems, err := k.gz.Verify(ctx, nil)
			if err != nil || len(problems) != 1 || problems[0].Ref != "van-ban/"+itoa(keep.ID) {
				t.Errorf("Verify: %v %v", problems, err)
			}
			if p := anon.get(gazette.FilePath(keep.PDFSHA256)); p.status == http.StatusOK && p.body == string(raw) {
				t.Error("the changed file is served as the original")
			}
		})
	}
}

// TestGazetteTrustedRoots: a server given the roots it trusts
// (Options.GazetteRoots, cong serve --gazette-roots) says of a document
// signed under one of them that its certificate is from a trusted
// authority, on the staff page and, once published, on the public page;
// a document signed with a certificate of the signer's own making is
// flagged with the reason and offered the override, and the publication
// of an issue holding it is refused until then.
func TestGazetteTrustedRoots(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		now := time.Now()
		root := pdfdoctest.NewCA(t, "Root CA thử nghiệm", now.AddDate(-5, 0, 0), now.AddDate(15, 0, 0))
		ca := root.IssueCA(t, "CA chuyên dùng Chính phủ thử nghiệm", now.AddDate(-3, 0, 0), now.AddDate(10, 0, 0))
		roots := x509.NewCertPool()
		roots.AddCert(root.Cert)
		h := newHarness(t, db, trustLoopback, func(o *web.Options) { o.GazetteRoots = roots })
		k := newGazetteKit(h)
		office := k.officer("gz-tin-cay")
		today := k.today()
		sign := func(text string, c pdfdoctest.Cert) []byte {
			return pdfdoctest.Sign(t, pdfdoctest.Unsigned(t, text), c, time.Now())
		}
		good := sign("Quyết định về bảng giá đất.", ca.Issue(t, "Lê Văn Ấn", "UBND tỉnh Đồng Nai", now.AddDate(-1, 0, 0), now.AddDate(2, 0, 0)))
		self := sign("Quyết định tự ký.", pdfdoctest.NewCert(t, "Lê Văn Ấn", "UBND tỉnh Đồng Nai", time.Time{}, time.Time{}))

		p := receiveOver(office, intakeForm("41/2026/QĐ-UBND", today, "Ủy ban nhân dân tỉnh", "Quyết định", "Ban hành bảng giá đất"), good)
		idGood := idFrom(t, gazDocLocRE, p)
		if d := k.doc(idGood); d.SigStatus != gazette.SigTrusted {
			t.Errorf("signed under the trusted root: %s %q", d.SigStatus, d.SigProblem)
		}
		if staff := office.get(p.location); !strings.Contains(staff.body, "Chữ ký số hợp lệ, chứng thư do tổ chức được tin cậy cấp") ||
			strings.Contains(staff.body, "/cho-dang") || strings.Contains(staff.body, "chưa được cấu hình chứng thư gốc") {
			t.Errorf("the staff page of the trusted document:\n%.3000s", staff.body)
		}
		p = receiveOver(office, intakeForm("42/2026/QĐ-UBND", today, "Ủy ban nhân dân tỉnh", "Quyết định", "Văn bản tự ký"), self)
		idSelf := idFrom(t, gazDocLocRE, p)
		if staff := office.get(p.location); !strings.Contains(staff.body, "Chứng thư số không do tổ chức được tin cậy cấp") ||
			!strings.Contains(staff.body, "không do tổ chức chứng thực được tin cậy cấp") || !strings.Contains(staff.body, "/cho-dang") {
			t.Errorf("the staff page of the self-signed document does not flag it or offer the override:\n%.3000s", staff.body)
		}
		p = office.post("/quan-tri/cong-bao/so", url.Values{"year": {strconv.Itoa(k.year())}, "num_from": {"7"},
			"issue_date": {today}, "doc": {itoa(idGood), itoa(idSelf)}})
		issueID := idFrom(t, gazIssueLocRE, p)
		if p = office.post("/quan-tri/cong-bao/so/"+itoa(issueID)+"/phat-hanh", nil); p.status != http.StatusConflict ||
			!strings.Contains(p.body, "42/2026/QĐ-UBND") {
			t.Errorf("publishing with the self-signed document: %d\n%.3000s", p.status, p.body)
		}
		if p = office.post("/quan-tri/cong-bao/van-ban/"+itoa(idSelf)+"/cho-dang", url.Values{"reason": {"Đã đối chiếu bản gốc giấy."}}); p.status != http.StatusSeeOther {
			t.Fatalf("override: %d", p.status)
		}
		if p = office.post("/quan-tri/cong-bao/so/"+itoa(issueID)+"/phat-hanh", nil); p.status != http.StatusSeeOther {
			t.Fatalf("publish: %d\n%.3000s", p.status, p.body)
		}
		anon := h.browser()
		if dp := anon.get(gazette.DocPath(k.doc(idGood))); dp.status != http.StatusOK ||
			!strings.Contains(dp.body, "tài liệu không bị thay đổi sau khi ký; chứng thư số do CA chuyên dùng Chính phủ thử nghiệm cấp, xác thực được đến chứng thư gốc được tin cậy.") {
			t.Errorf("the public page of the trusted document: %d\n%.4000s", dp.status, dp.body)
		}
		if dp := anon.get(gazette.DocPath(k.doc(idSelf))); !strings.Contains(dp.body, "Chứng thư số không do tổ chức được tin cậy cấp") ||
			strings.Contains(dp.body, "Đã ký số bởi") {
			t.Errorf("the public page of the overridden document:\n%.4000s", dp.body)
		}
	})
}

// dayOf is a "2006-01-02" day as the forms show it, day first.
func dayOf(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return d.Format("02/01/2006")
}
