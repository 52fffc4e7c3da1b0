package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/congportal/cong/internal/account"
	"github.com/congportal/cong/internal/audit"
	"github.com/congportal/cong/internal/directory"
	"github.com/congportal/cong/internal/search"
	"github.com/congportal/cong/internal/store"
	"github.com/congportal/cong/internal/store/storetest"
)

// feedbackDesk is the staff of the main portal who take a request from
// intake to publication, each signed in once, and a unit to route to.
type feedbackDesk struct {
	h      *harness
	unit   *directory.Unit
	people map[string]*browser
}

func newFeedbackDesk(h *harness) *feedbackDesk {
	h.t.Helper()
	unit := &directory.Unit{SiteID: h.main.ID, Name: "Sở Tư pháp"}
	if err := directory.NewStore(h.db, h.clock.Now).SaveUnit(context.Background(), unit, audit.CLI); err != nil {
		h.t.Fatal(err)
	}
	d := &feedbackDesk{h: h, unit: unit, people: map[string]*browser{}}
	for name, role := range map[string]account.Role{"fbtiepnhan": account.Editor, "fbtotruong": account.TeamLead,
		"fbdaumoi": account.Liaison, "fbtruongban": account.BoardHead} {
		h.person(name, role, "dong-nai")
	}
	return d
}

// as is the signed-in browser of one of the desk's people.
func (d *feedbackDesk) as(who string) *browser {
	if b := d.people[who]; b != nil {
		return b
	}
	b := d.h.browser()
	b.signIn(who)
	d.people[who] = b
	return b
}

// step takes a step on request id as who, and fails the test unless it
// is done.
func (d *feedbackDesk) step(who string, id int64, form url.Values) {
	d.h.t.Helper()
	p := d.as(who).post("/quan-tri/s/dong-nai/kien-nghi/"+itoa(id)+"/buoc", form)
	if p.status != http.StatusSeeOther {
		d.h.t.Fatalf("%s %s: %d\n%s", who, form.Get("action"), p.status, p.body)
	}
}

// publish takes request id from received to a published answer.
func (d *feedbackDesk) publish(id int64, answer string) {
	d.h.t.Helper()
	d.step("fbtiepnhan", id, url.Values{"action": {"register"}})
	d.step("fbtiepnhan", id, url.Values{"action": {"accept"}})
	d.step("fbtotruong", id, url.Values{"action": {"assign"}, "unit": {itoa(d.unit.ID)}})
	d.step("fbdaumoi", id, url.Values{"action": {"answer"}, "answer": {answer}})
	d.step("fbtruongban", id, url.Values{"action": {"approve"}})
}

// fileFeedback sends the public form as a citizen and returns the
// tracking code, the private link and the request's id.
func fileFeedback(h *harness, citizen *browser, fields map[string]string) (code, link string, id int64) {
	h.t.Helper()
	form := map[string]string{"name": "Lê Văn Cường", "address": "7 Đồng Khởi", "phone": "0987 654 321", "email": "cuong@example.vn",
		"category": "vuong-mac", "title": "Chứng thực bản sao", "body": "Phải chờ lâu."}
	for k, v := range fields {
		form[k] = v
	}
	form["altcha"] = citizen.solveCaptcha()
	p := citizen.postMultipart("/phan-anh-kien-nghi", form, nil)
	m := linkRE.FindStringSubmatch(p.location)
	if p.status != http.StatusSeeOther || m == nil {
		h.t.Fatalf("submit: %d %q\n%s", p.status, p.location, p.body)
	}
	if err := h.db.QueryRow(context.Background(), `SELECT id FROM feedback_requests WHERE code = ?`, m[1]).Scan(&id); err != nil {
		h.t.Fatal(err)
	}
	return m[1], p.location, id
}

// TestFeedbackAnswerSearchable (issue 13 item 6): a published answer is
// found by the portal's search from the moment it is published, with
// the kind "Hỏi đáp" and a link to /hoi-dap/{code}; never before, never
// by the sender's name; `cong search reindex` (Reindex) keeps it; and an
// answer no longer published leaves the index.
func TestFeedbackAnswerSearchable(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		h := newHarness(t, db)
		desk := newFeedbackDesk(h)
		citizen := h.browser()
		code, _, id := fileFeedback(h, citizen, map[string]string{"name": "Phạm Thị Xuyến",
			"title": "Chứng thực chữ ký ở xã Phước Thiền", "body": "Hồ sơ chứng thực chữ ký phải nộp hai lần."})
		find := func(q string) page {
			t.Helper()
			p := citizen.get("/tim-kiem?q=" + url.QueryEscape(q))
			if p.status != 200 {
				t.Fatalf("search %q: %d", q, p.status)
			}
			return p
		}
		link := `href="/hoi-dap/` + code + `"`
		if p := find("phuoc thien"); strings.Contains(p.body, code) {
			t.Fatal("a request not yet answered is found by search")
		}
		desk.publish(id, "Ủy ban nhân dân xã đã bố trí thêm một cán bộ tiếp nhận hồ sơ chứng thực.")
		for _, q := range []string{"phuoc thien", "Phước Thiền", "bố trí thêm một cán bộ"} {
			p := find(q)
			if !strings.Contains(p.body, link) || !strings.Contains(p.body, "Hỏi đáp") {
				t.Errorf("search %q after publication: no answer linked to /hoi-dap/%s with its kind\n%.2000s", q, code, p.body)
			}
		}
		if p := citizen.get("/en/tim-kiem?q=phuoc+thien"); !strings.Contains(p.body, "Question and answer") {
			t.Error("the English search does not name the kind of a published answer")
		}
		if p := find("Xuyến"); strings.Contains(p.body, code) {
			t.Error("the sender's name finds the answer")
		}
		if p := citizen.get("/hoi-dap/" + code); p.status != 200 {
			t.Errorf("the linked page: %d", p.status)
		}
		// The rebuild of `cong search reindex` keeps the answers.
		ctx := context.Background()
		ix := search.New(db, h.clock.Now)
		if _, err := ix.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if p := find("phuoc thien"); !strings.Contains(p.body, link) {
			t.Error("after a reindex the answer is not found")
		}
		// Staff search of items never lists an answer as an item.
		if p := desk.as("fbtiepnhan").get("/quan-tri/s/dong-nai/tim-kiem?q=phuoc+thien"); p.status != 200 || strings.Contains(p.body, "noi-dung/"+itoa(search.QADocID(id))) {
			t.Errorf("staff search: %d, or it links an answer as an item", p.status)
		}
		// An answer no longer published leaves the index.
		if _, err := db.Exec(ctx, `UPDATE feedback_requests SET state = 'closed' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if err := ix.RefreshQA(ctx, id); err != nil {
			t.Fatal(err)
		}
		if p := find("phuoc thien"); strings.Contains(p.body, code) {
			t.Error("an answer no longer published is still found")
		}
	})
}
